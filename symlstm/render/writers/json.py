"""The document tree as JSON: every node with its type and its values (numbers as their
certified decimal strings, expressions as text and LaTeX), and beside each section the
machine-readable result it shows (what ``symlstm <command> --format json`` prints)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from symlstm.equations import Equation
from symlstm.render import tree
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import equation_latex, equation_text
from symlstm.render.printers import latex as expr_latex
from symlstm.render.printers import text as expr_text
from symlstm.render.writers.base import TEXT_STYLE, Writer, ascii_minus, closed_text, worked
from symlstm.render.writers.latex import LATEX_STYLE, closed_latex

Data = Any


class JsonWriter(Writer[Data]):
    format_name = "JSON"

    def document(self, node: tree.Document) -> Data:
        return {
            "title": node.title,
            **dict(node.meta),
            "notation": self.notation.name,
            "sections": [self.block(b) for b in node.blocks],
        }

    def section(self, node: tree.Section) -> Data:
        from symlstm.render.json import to_data

        data: dict[str, Any] = {"type": "section", "key": node.key, "title": node.title}
        data["blocks"] = [self.block(b) for b in node.blocks]
        if node.data is not None:
            data["result"] = {
                "type": node.data["type"],
                "data": to_data(node.data["value"], self.notation),
            }
        return data

    def _parts(self, parts: Sequence[tree.Inline]) -> list[Data]:
        return [self.inline(p) for p in parts]

    def paragraph(self, node: tree.Paragraph) -> Data:
        return {"type": "paragraph", "parts": self._parts(node.parts)}

    def note(self, node: tree.Note) -> Data:
        return {"type": "note", "parts": self._parts(node.parts)}

    def items(self, node: tree.Items) -> Data:
        return {
            "type": "items",
            "numbered": node.numbered,
            "items": [self._parts(item) for item in node.items],
        }

    def _equation(self, e: Equation) -> Data:
        return {
            "name": e.name,
            "role": e.role.value if e.role else None,
            "lhs": expr_text(e.lhs, self.notation),
            "rhs": expr_text(e.rhs, self.notation),
            "relation": e.relation.value,
            "latex": " ".join(equation_latex(e, self.notation)),
        }

    def equations(self, node: tree.DisplayEquations) -> Data:
        return {
            "type": "equations",
            "rows": [[self._equation(e) for e in row] for row in node.rows],
        }

    def chain(self, node: tree.Chain) -> Data:
        return {
            "type": "chain",
            "lhs": self.math(tree.Math(node.lhs)),
            "links": [
                {"relation": link.relation, "value": self.inline(link.value)} for link in node.links
            ],
            "remark": self._parts(node.remark),
        }

    def table(self, node: tree.Table) -> Data:
        return {
            "type": "table",
            "header": [self._parts(c) for c in node.header],
            "rows": [[self._parts(c) for c in row] for row in node.rows],
        }

    def figure(self, node: tree.Figure) -> Data:
        from symlstm.analysis.automaton import MooreMachine

        what = "machine" if isinstance(node.content, MooreMachine) else "unit diagram"
        name = node.content.name if not isinstance(node.content, MooreMachine) else None
        return {"type": "figure", "figure": what, "cell": name, "caption": node.caption}

    def attachment(self, node: tree.Attachment) -> Data:
        return {
            "type": "attachment",
            "name": node.name,
            "media_type": node.media_type,
            "description": node.description,
            "content": node.content,
        }

    def text(self, node: tree.Text) -> Data:
        return {"text": node.text}

    def math(self, node: tree.Math) -> Data:
        e = node.expr
        if isinstance(e, Equation):
            return {
                "math": equation_text(e, self.notation),
                "latex": " ".join(equation_latex(e, self.notation)),
            }
        return {"math": expr_text(e, self.notation), "latex": expr_latex(e, self.notation)}

    def number(self, node: tree.Number) -> Data:
        return {"number": node.text, "approximate": node.approximate}

    def word(self, node: tree.Word) -> Data:
        return {"word": list(node.symbols)}

    def code(self, node: tree.Code) -> Data:
        return {"code": node.text}

    def verdict(self, node: tree.Verdict) -> Data:
        return {"verdict": node.word}

    def strong(self, node: tree.Strong) -> Data:
        return {"strong": node.text}

    def worked(self, node: tree.Worked) -> Data:
        return {
            "worked": worked(node, self.notation, TEXT_STYLE),
            "latex": worked(node, self.notation, LATEX_STYLE),
        }

    def closed(self, node: tree.ClosedForm) -> Data:
        return {"closed_form": closed_text(node), "latex": closed_latex(node)}


def data(document: tree.Document, notation: Notation = COURSE) -> Data:
    return JsonWriter(notation).document(document)


def write(document: tree.Document, notation: Notation = COURSE) -> str:
    return ascii_minus(json.dumps(data(document, notation), indent=2, ensure_ascii=False)) + "\n"
