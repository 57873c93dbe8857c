"""The document tree as HTML: presentation MathML for math, inline SVG for pictures, no
script and no network (see :func:`symlstm.render.html.page`). Tables reflow on narrow
screens: each row becomes a card whose cells carry their column's name."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

from symlstm.analysis.automaton import MooreMachine
from symlstm.equations import Equation
from symlstm.render import mathml, tree
from symlstm.render.diagram import diagram_svg
from symlstm.render.html import escape, number_html, page
from symlstm.render.latex_escape import typeset
from symlstm.render.machine_svg import machine_svg
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import RELATION_TEXT
from symlstm.render.writers.base import (
    TEXT_STYLE,
    Writer,
    exponent_text,
    plain,
    timed_pieces,
    worked,
)

MINUS = re.compile(r"(?<![\w.])-(?=\.?\d)")  # a hyphen before a number is a minus


def _mn(text: str) -> str:
    return f"<mn>{escape(text)}</mn>"


def closed_mathml(node: tree.ClosedForm) -> str:
    exponent = exponent_text(node).replace("-", "−")
    power = f"<msup><mi>e</mi><mn>{escape(exponent)}</mn></msup>"
    top = _mn(str(node.numerator))
    if node.subtract:
        top = f"<mrow>{top}<mo>−</mo>{power}</mrow>"
    return f"<mfrac>{top}<mrow><mn>1</mn><mo>+</mo>{power}</mrow></mfrac>"


class HtmlWriter(Writer[str]):
    format_name = "HTML"

    def document(self, node: tree.Document) -> str:
        return page(self.body(node), node.title)

    def body(self, node: tree.Document) -> str:
        return "\n".join(b for b in (self.block(x) for x in node.blocks) if b)

    def section(self, node: tree.Section) -> str:
        level = min(self.depth + 2, 6)
        self.depth += 1
        try:
            body = [self.block(b) for b in node.blocks]
        finally:
            self.depth -= 1
        ident = f' id="{escape(node.key)}"' if node.key else ""
        head = f"<section{ident}>\n<h{level}>{self.text(tree.Text(node.title))}</h{level}>"
        return "\n".join([head, *(b for b in body if b), "</section>"])

    def _parts(self, parts: Sequence[tree.Inline]) -> str:
        return "".join(self.inline(p) for p in parts)

    def paragraph(self, node: tree.Paragraph) -> str:
        return f"<p>{self._parts(node.parts)}</p>"

    def note(self, node: tree.Note) -> str:
        return f'<p class="note"><small>{self._parts(node.parts)}</small></p>'

    def items(self, node: tree.Items) -> str:
        tag = "ol" if node.numbered else "ul"
        body = "".join(f"<li>{self._parts(item)}</li>" for item in node.items)
        return f"<{tag}>{body}</{tag}>"

    # ------------------------------------------------------------------ math

    def _math(self, expr: object) -> str:
        if isinstance(expr, Equation):
            relation = RELATION_TEXT[expr.relation]
            return (
                mathml.expression(expr.lhs, self.notation)
                + f"<mo>{relation}</mo>"
                + mathml.expression(expr.rhs, self.notation)
            )
        return mathml.expression(expr, self.notation)

    def equations(self, node: tree.DisplayEquations) -> str:
        rows = []
        for row in node.rows:
            if len(row) > 1:
                cells = ", ".join(mathml.math(self._math(e)) for e in row)
                rows.append(f'<tr><td class="rhs" colspan="2">{cells}</td></tr>')
                continue
            e = row[0]
            lhs = mathml.math(mathml.expression(e.lhs, self.notation))
            relation = RELATION_TEXT[e.relation]
            rhs = mathml.math(f"<mo>{relation}</mo>" + mathml.expression(e.rhs, self.notation))
            rows.append(f'<tr><td class="lhs">{lhs}</td><td class="rhs">{rhs}</td></tr>')
        # a display wider than a phone scrolls in its own box (MathML does not wrap); it
        # was clipped at the edge of the screen
        return (
            '<div class="wide">\n<table class="equations">\n'
            + "\n".join(rows)
            + "\n</table>\n</div>"
        )

    def chain(self, node: tree.Chain) -> str:
        lhs = mathml.math(mathml.expression(node.lhs, self.notation))
        links = " ".join(
            mathml.math(f"<mo>{link.relation}</mo>") + " " + self.inline(link.value)
            for link in node.links
        )
        remark = f"<br><small>{self._parts(node.remark)}</small>" if node.remark else ""
        return f'<p class="chain">{lhs} {links}{remark}</p>'

    # ------------------------------------------------------------------ tables

    def table(self, node: tree.Table) -> str:
        labels = [escape(plain(c, self.notation)) for c in node.header]
        css = "values words" if node.words else "values"
        lines = [f'<table class="{css}">', "<thead><tr>"]
        lines += [f"<th>{self._parts(c)}</th>" for c in node.header]
        lines += ["</tr></thead>", "<tbody>"]
        for row in node.rows:
            cells = "".join(
                f'<td data-label="{label}">{self._parts(c)}</td>'
                for label, c in zip(labels, row, strict=True)
            )
            lines.append(f"<tr>{cells}</tr>")
        lines.append("</tbody></table>")
        return '<div class="wide">\n' + "\n".join(lines) + "\n</div>"

    # ------------------------------------------------------------------ pictures, files

    def figure(self, node: tree.Figure) -> str:
        if isinstance(node.content, MooreMachine):
            return f'<figure class="machine">\n{machine_svg(node.content)}</figure>'
        return "<figure>\n" + diagram_svg(node.content, self.notation) + "</figure>"

    def attachment(self, node: tree.Attachment) -> str:
        data = base64.b64encode(node.content.encode()).decode("ascii")
        name = escape(node.name)
        return (
            f'<p class="attachment">Attached: <a download="{name}" '
            f'href="data:{escape(node.media_type)};base64,{data}">{name}</a> '
            f"({escape(node.description)}).</p>"
        )

    # ------------------------------------------------------------------ inline

    def text(self, node: tree.Text) -> str:
        return "".join(
            # typeset opens quotes; what is left is a closing quote or an apostrophe: ’
            escape(typeset(p).replace("'", "\u2019"))
            if isinstance(p, str)
            else self.math(tree.Math(p))
            for p in timed_pieces(node.text)
        )

    def math(self, node: tree.Math) -> str:
        return mathml.math(self._math(node.expr))

    def number(self, node: tree.Number) -> str:
        body = number_html(node.text)
        return f'<span class="number">{"≈ " if node.approximate else ""}{body}</span>'

    def word(self, node: tree.Word) -> str:
        return "<code>" + ",<wbr> ".join(escape(s) for s in node.symbols) + "</code>"

    def code(self, node: tree.Code) -> str:
        return f"<code>{escape(node.text)}</code>"

    def verdict(self, node: tree.Verdict) -> str:
        return f"<strong>{escape(node.word)}</strong>"

    def strong(self, node: tree.Strong) -> str:
        return f"<strong>{escape(node.text)}</strong>"

    def worked(self, node: tree.Worked) -> str:
        return f'<span class="worked">{escape(worked(node, self.notation, TEXT_STYLE))}</span>'

    def closed(self, node: tree.ClosedForm) -> str:
        return mathml.math(closed_mathml(node))


def write(document: tree.Document, notation: Notation = COURSE) -> str:
    return HtmlWriter(notation).document(document)


def fragment(document: tree.Document, notation: Notation = COURSE) -> str:
    return HtmlWriter(notation).body(document)
