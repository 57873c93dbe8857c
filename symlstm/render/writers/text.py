"""The document tree as plain Unicode text for the terminal."""

from __future__ import annotations

from symlstm.analysis.automaton import MooreMachine
from symlstm.equations import Equation
from symlstm.render import tree
from symlstm.render.printers import equation_text
from symlstm.render.printers import text as expr_text
from symlstm.render.values import display_width, pad
from symlstm.render.writers.base import (
    TEXT_STYLE,
    Writer,
    ascii_minus,
    closed_text,
    timed_pieces,
    worked,
)

UNDERLINES = "=-~"
CHAIN_WIDTH = 100  # a worked chain longer than this takes a line per form


class TextWriter(Writer[str]):
    format_name = "text"

    def document(self, node: tree.Document) -> str:
        head = f"{node.title}\n{'=' * display_width(node.title)}\n"
        parts = [head, *(self.block(b) for b in node.blocks)]
        return "\n".join(p for p in parts if p).rstrip("\n") + "\n"

    def _blocks(self, blocks: tuple[object, ...]) -> str:
        return "\n".join(text for text in (self.block(b) for b in blocks) if text)

    def section(self, node: tree.Section) -> str:
        self.depth += 1
        try:
            mark = UNDERLINES[min(self.depth, len(UNDERLINES) - 1)]
            head = f"{node.title}\n{mark * display_width(node.title)}\n"
            return head + "\n" + self._blocks(node.blocks)
        finally:
            self.depth -= 1

    def _parts(self, parts: tuple[object, ...]) -> str:
        return "".join(self.inline(p) for p in parts)

    def paragraph(self, node: tree.Paragraph) -> str:
        return self._parts(node.parts) + "\n"

    def note(self, node: tree.Note) -> str:
        return "  (" + self._parts(node.parts) + ")\n"

    def items(self, node: tree.Items) -> str:
        return "".join(
            (f"  ({k}) " if node.numbered else "  - ") + self._parts(item) + "\n"
            for k, item in enumerate(node.items, 1)
        )

    def equations(self, node: tree.DisplayEquations) -> str:
        lines = [
            "  " + ", ".join(equation_text(e, self.notation) for e in row) for row in node.rows
        ]
        return "\n".join(lines) + "\n"

    def chain(self, node: tree.Chain) -> str:
        lhs = expr_text(node.lhs, self.notation)
        space = " " * display_width(lhs)
        values = [f"{link.relation} {self.inline(link.value)}" for link in node.links]
        one_line = f"  {lhs} " + " ".join(values)
        if display_width(one_line) <= CHAIN_WIDTH:
            lines = [one_line]
        else:
            lines = [f"  {lhs if k == 0 else space} {v}" for k, v in enumerate(values)]
        if node.remark:
            lines.append(f"  {space}   {self._parts(node.remark)}")
        return "\n".join(lines) + "\n"

    def table(self, node: tree.Table) -> str:
        rows = [[self._parts(c) for c in row] for row in (node.header, *node.rows)]
        widths = [max(display_width(r[k]) for r in rows) for k in range(len(node.header))]
        lines = [
            "  " + "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        return "\n".join(lines) + "\n"

    def figure(self, node: tree.Figure) -> str:
        if isinstance(node.content, MooreMachine):
            return ""  # its table follows; a drawing needs a graphical format
        return "(The unit's diagram is drawn in the SVG, HTML and PDF forms.)\n"

    def attachment(self, node: tree.Attachment) -> str:
        return (
            f"(Attached to the HTML, Markdown and PDF reports: {node.name}, {node.description}.)\n"
        )

    def text(self, node: tree.Text) -> str:
        return "".join(
            p if isinstance(p, str) else expr_text(p, self.notation)
            for p in timed_pieces(node.text)
        )

    def math(self, node: tree.Math) -> str:
        e = node.expr
        if isinstance(e, Equation):
            return equation_text(e, self.notation)
        return expr_text(e, self.notation)

    def number(self, node: tree.Number) -> str:
        return ("≈ " if node.approximate else "") + node.text

    def word(self, node: tree.Word) -> str:
        return ", ".join(node.symbols)

    def code(self, node: tree.Code) -> str:
        return node.text

    def verdict(self, node: tree.Verdict) -> str:
        return node.word

    def strong(self, node: tree.Strong) -> str:
        return node.text

    def worked(self, node: tree.Worked) -> str:
        return worked(node, self.notation, TEXT_STYLE)

    def closed(self, node: tree.ClosedForm) -> str:
        return closed_text(node)


def write(document: tree.Document, notation: object = None) -> str:
    from symlstm.render.notation import COURSE, Notation

    notation = notation if isinstance(notation, Notation) else COURSE
    return ascii_minus(TextWriter(notation).document(document))
