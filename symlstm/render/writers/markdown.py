"""The document tree as Markdown with ``$…$`` math (MyST, MathJax and GitHub read it).
Pictures that Markdown cannot draw travel as fenced Graphviz DOT blocks."""

from __future__ import annotations

from collections.abc import Sequence

from symlstm.analysis.automaton import MooreMachine
from symlstm.render import tree
from symlstm.render.dot import machine_dot
from symlstm.render.guard import check_no_control
from symlstm.render.notation import COURSE, Notation
from symlstm.render.writers.base import Writer, ascii_minus, timed_pieces
from symlstm.render.writers.latex import LatexWriter

SPECIALS = "\\`*_$<>|#"


def escape(text: str) -> str:
    return "".join("\\" + c if c in SPECIALS else c for c in text)


class MarkdownWriter(Writer[str]):
    format_name = "Markdown"

    def __init__(self, notation: Notation = COURSE, level: int = 1) -> None:
        super().__init__(notation)
        self.level = level  # the document's title level
        self.latex = LatexWriter(notation)
        self.latex.breakable = False  # math is LaTeX in Markdown

    def document(self, node: tree.Document) -> str:
        parts = [
            f"{'#' * self.level} {escape(node.title)}\n",
            *(self.block(b) for b in node.blocks),
        ]
        return check_no_control("\n".join(p for p in parts if p).rstrip("\n") + "\n", "Markdown")

    def section(self, node: tree.Section) -> str:
        self.depth += 1
        try:
            marks = "#" * min(self.level + self.depth, 6)
            body = [self.block(b) for b in node.blocks]
        finally:
            self.depth -= 1
        return "\n".join([f"{marks} {escape(node.title)}\n", *(b for b in body if b)])

    def _parts(self, parts: Sequence[tree.Inline]) -> str:
        return "".join(self.inline(p) for p in parts)

    def paragraph(self, node: tree.Paragraph) -> str:
        return self._parts(node.parts) + "\n"

    def note(self, node: tree.Note) -> str:
        return "> " + self._parts(node.parts) + "\n"

    def items(self, node: tree.Items) -> str:
        return "".join(
            (f"{k}. " if node.numbered else "- ") + self._parts(item) + "\n"
            for k, item in enumerate(node.items, 1)
        )

    def equations(self, node: tree.DisplayEquations) -> str:
        body = self.latex.equations(node)
        body = body.replace("align*", "aligned").replace("alignat*", "alignedat")
        return "$$\n" + body + "$$\n"

    def chain(self, node: tree.Chain) -> str:
        rows = [r for r in self.latex.chain_rows(tree.Chain(node.lhs, node.links)) if r]
        body = " \\\\\n".join(rows)
        text = "$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$\n"
        if node.remark:
            text += "\n" + self._parts(node.remark) + "\n"
        return text

    def table(self, node: tree.Table) -> str:
        def row(cells: Sequence[Sequence[tree.Inline]]) -> str:
            return "| " + " | ".join(self._parts(c) for c in cells) + " |"

        align = "|" + "".join(
            "---:|" if node.is_numeric(k) else "---|" for k in range(len(node.header))
        )
        return "\n".join([row(node.header), align, *(row(r) for r in node.rows)]) + "\n"

    def figure(self, node: tree.Figure) -> str:
        if isinstance(node.content, MooreMachine):
            dot = machine_dot(node.content, node.caption or "machine")
            return f"```dot\n{dot.rstrip()}\n```\n"
        return "(The unit's diagram is drawn in the SVG, HTML and PDF forms.)\n"

    def attachment(self, node: tree.Attachment) -> str:
        language = "dot" if node.media_type == "text/vnd.graphviz" else ""
        return (
            f"**{escape(node.name)}** ({escape(node.description)}):\n\n"
            f"```{language}\n{node.content.rstrip()}\n```\n"
        )

    def text(self, node: tree.Text) -> str:
        return "".join(
            escape(p) if isinstance(p, str) else self.math(tree.Math(p))
            for p in timed_pieces(node.text)
        )

    def math(self, node: tree.Math) -> str:
        return f"${self.latex.math_value(node)}$"

    def number(self, node: tree.Number) -> str:
        return ("≈ " if node.approximate else "") + escape(node.text)

    def word(self, node: tree.Word) -> str:
        return "`" + ", ".join(node.symbols) + "`"

    def code(self, node: tree.Code) -> str:
        fence = "``" if "`" in node.text else "`"
        pad = " " if node.text.startswith("`") or node.text.endswith("`") else ""
        return f"{fence}{pad}{node.text}{pad}{fence}"

    def verdict(self, node: tree.Verdict) -> str:
        return f"**{escape(node.word)}**"

    def strong(self, node: tree.Strong) -> str:
        return f"**{escape(node.text)}**"

    def worked(self, node: tree.Worked) -> str:
        return f"${self.latex.math_value(node)}$"

    def closed(self, node: tree.ClosedForm) -> str:
        return f"${self.latex.math_value(node)}$"


def write(document: tree.Document, notation: Notation = COURSE) -> str:
    return ascii_minus(MarkdownWriter(notation).document(document))
