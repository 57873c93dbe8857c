"""The document tree as docutils nodes, for Sphinx (its HTML and LaTeX builders).

Real nodes, so every builder writes them: paragraphs with inline ``math`` nodes, equations
and worked chains as ``math_block`` nodes, tables of cells whose headers are math (c̃,
not ``ctilde``), the unit's diagram as raw SVG for HTML and raw TikZ for LaTeX, a machine
drawn when the caller supplies a way to turn DOT into SVG (running Graphviz is the
faces' business), else as TikZ for LaTeX. A section becomes a titled container
(directive output may not hold ``section`` nodes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from docutils import nodes

from symlstm.analysis.automaton import MooreMachine
from symlstm.render import tree
from symlstm.render.diagram import diagram_svg, diagram_tikz
from symlstm.render.dot import machine_dot
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import typeset
from symlstm.render.notation import COURSE, Notation
from symlstm.render.tikz import machine_tikz
from symlstm.render.writers.base import Writer, timed_pieces
from symlstm.render.writers.latex import LatexWriter

DotToSvg = Callable[[str], str | None]
Node = Any  # a docutils node or a list of them


def raw_pair(html: str, latex: str) -> list[nodes.Node]:
    """The same picture for both builders: each writes only its own format."""
    return [nodes.raw("", html, format="html"), nodes.raw("", latex, format="latex")]


class DocutilsWriter(Writer[Node]):
    format_name = "docutils"

    def __init__(self, notation: Notation = COURSE, dot_to_svg: DotToSvg | None = None) -> None:
        super().__init__(notation)
        self.dot_to_svg = dot_to_svg
        self.latex = LatexWriter(notation)
        self.latex.breakable = False

    def document(self, node: tree.Document) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for b in node.blocks:
            result += self.many(b)
        return result

    def many(self, block: object) -> list[nodes.Node]:
        made = self.block(block)
        return list(made) if isinstance(made, list) else [made]

    def section(self, node: tree.Section) -> nodes.Node:
        box = nodes.container(
            classes=["symlstm-section"], ids=[f"symlstm-{node.key}"] if node.key else []
        )
        box += nodes.rubric(node.title, node.title)
        for b in node.blocks:
            box += self.many(b)
        return box

    def _fill(self, target: nodes.Element, parts: Sequence[tree.Inline]) -> nodes.Element:
        for p in parts:
            target += self.inline(p)
        return target

    def paragraph(self, node: tree.Paragraph) -> nodes.Node:
        return self._fill(nodes.paragraph(), node.parts)

    def note(self, node: tree.Note) -> nodes.Node:
        return self._fill(nodes.paragraph(classes=["symlstm-note"]), node.parts)

    def items(self, node: tree.Items) -> nodes.Node:
        result: nodes.Element = nodes.enumerated_list() if node.numbered else nodes.bullet_list()
        for item in node.items:
            entry = nodes.list_item()
            entry += self._fill(nodes.paragraph(), item)
            result += entry
        return result

    def _math_block(self, rows: Sequence[str]) -> nodes.Node:
        lines = [r.strip() for r in rows]
        if len(lines) == 1:  # one line is not wrapped in an alignment: no & then
            lines = [lines[0].replace(" &", " ")]
        latex = check_no_control(" \\\\\n".join(lines))
        return nodes.math_block(latex, latex, nowrap=False, number=None)

    def equations(self, node: tree.DisplayEquations) -> nodes.Node:
        # Sphinx wraps several lines in ``split``: one alignment point a line
        rows = [
            " \\qquad ".join(
                self.latex._row(e) if k == 0 else self.latex._row(e).replace(" &", " ", 1)
                for k, e in enumerate(row)
            )
            for row in node.rows
        ]
        return self._math_block(rows)

    def chain(self, node: tree.Chain) -> list[nodes.Node]:
        result = [self._math_block(self.latex.chain_rows(tree.Chain(node.lhs, node.links)))]
        if node.remark:
            result.append(self._fill(nodes.paragraph(classes=["symlstm-note"]), node.remark))
        return result

    def table(self, node: tree.Table) -> nodes.Node:
        group = nodes.tgroup(cols=len(node.header))
        for _ in node.header:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head += self._row(node.header)
        group += head
        body = nodes.tbody()
        for row in node.rows:
            body += self._row(row)
        group += body
        result = nodes.table(classes=["symlstm-table"])
        result += group
        return result

    def _row(self, cells: Sequence[Sequence[tree.Inline]]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += self._fill(nodes.paragraph(), cell)
            row += entry
        return row

    def figure(self, node: tree.Figure) -> list[nodes.Node]:
        if isinstance(node.content, MooreMachine):
            machine = node.content
            svg = self.dot_to_svg(machine_dot(machine)) if self.dot_to_svg else None
            tikz = machine_tikz(machine)
            if svg is None:
                return [nodes.raw("", tikz, format="latex")]
            return raw_pair(f'<div class="symlstm-machine">{svg}</div>', tikz)
        svg = diagram_svg(node.content, self.notation)
        tikz = diagram_tikz(node.content, self.notation)
        return raw_pair(f'<div class="symlstm-diagram">{svg}</div>', tikz)

    def attachment(self, node: tree.Attachment) -> list[nodes.Node]:
        caption = f"{node.name}: {node.description}"
        block = nodes.literal_block(node.content, node.content, language="dot")
        return [nodes.paragraph(caption, caption), block]

    def text(self, node: tree.Text) -> nodes.Node:
        # real minus signs; ASCII h_t and h_(t-1) (a model's description) as math
        pieces = [
            nodes.Text(typeset(p)) if isinstance(p, str) else self.math(tree.Math(p))
            for p in timed_pieces(node.text)
        ]
        if len(pieces) == 1 and isinstance(pieces[0], nodes.Text):
            return pieces[0]
        return nodes.inline("", "", *pieces)

    def _math(self, latex: str) -> nodes.Node:
        return nodes.math(latex, latex)

    def math(self, node: tree.Math) -> nodes.Node:
        return self._math(self.latex.math_value(node))

    def number(self, node: tree.Number) -> nodes.Node:
        return self._math(self.latex.math_value(node))

    def word(self, node: tree.Word) -> nodes.Node:
        text = ", ".join(node.symbols)
        return nodes.literal(text, text)

    def code(self, node: tree.Code) -> nodes.Node:
        return nodes.literal(node.text, node.text)

    def verdict(self, node: tree.Verdict) -> nodes.Node:
        return nodes.strong(node.word, node.word)

    def strong(self, node: tree.Strong) -> nodes.Node:
        return nodes.strong(node.text, node.text)

    def worked(self, node: tree.Worked) -> nodes.Node:
        return self._math(self.latex.math_value(node))

    def closed(self, node: tree.ClosedForm) -> nodes.Node:
        return self._math(self.latex.math_value(node))


def write(
    document: tree.Document, notation: Notation = COURSE, dot_to_svg: DotToSvg | None = None
) -> list[nodes.Node]:
    return DocutilsWriter(notation, dot_to_svg).document(document)


def section_nodes(
    section: tree.Section, notation: Notation = COURSE, dot_to_svg: DotToSvg | None = None
) -> list[nodes.Node]:
    return DocutilsWriter(notation, dot_to_svg).many(section)


def figure_nodes(figure: tree.Figure, notation: Notation = COURSE) -> list[nodes.Node]:
    return DocutilsWriter(notation).many(figure)
