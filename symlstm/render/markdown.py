"""Markdown with math in ``$$`` blocks (MyST and MathJax read it)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.equations.gates import GateSemantics
from symlstm.model.cells import display_table
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import latex as latex_format
from symlstm.render import values as solved
from symlstm.render.build import verdict_sentence
from symlstm.render.guard import check_no_control
from symlstm.render.latex import Row, equation_rows, row_latex
from symlstm.render.notation import Notation


@singledispatch
def render(value: object, notation: Notation) -> str:
    raise TypeError(f"no Markdown renderer for {type(value).__name__}")


def math_block(rows: Sequence[Row]) -> str:
    body = " \\\\\n".join(row_latex(row) for row in rows)
    return "$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$\n"


@render.register
def _(value: EquationSet, notation: Notation) -> str:
    title = f"## {value.kind.title} equations ({value.form.value}"
    title += f", {value.steps} steps)" if value.form is Form.UNROLLED else ")"
    lines = [
        title,
        "",
        f"Model: `{value.model_name}`",
        "",
        math_block(equation_rows(value, notation)),
    ]
    return check_no_control("\n".join(lines), "Markdown")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


@render.register
def _(value: ConventionResult, notation: Notation) -> str:
    header, rows = solved.solve_table(value)
    header = [display_table().get(h, h) for h in header]
    inputs = ", ".join(solved.input_text(x, value.digits) for x in value.inputs)
    lines = [
        f"## `{value.model_name}` on [{inputs}]",
        "",
        f"{solved.convention_line(value)}; {value.digits} digits, every digit shown certified.",
        "",
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
        "",
        f"**Answer:** {solved.answer_text(value)}",
        "",
        f"**Verdict:** {_cell(value.convention.name + ': ' + verdict_sentence(value))}",
        "",
    ]
    return check_no_control("\n".join(lines), "Markdown")


def _related(relation: str, text: str) -> str:
    """A value cell: the digits, with ``≈`` in front when they are rounded."""
    return text if relation == "=" else f"≈ {text}"


@render.register
def _(value: GapReport, notation: Notation) -> str:
    lines = [
        f"## Saturation gaps of `{value.model_name}`",
        "",
        _cell(solved.gap_heading(value)) + ".",
        "",
        "| value | ≈ or = | saturates to | gap (no cancellation) | ≈ or = | used by |",
        "|---|---|---|---|---|---|",
    ]
    for row in solved.gap_rows(value):
        limit = "–" if row["limit"] is None else str(row["limit"])
        if row["limit"] is not None and not row["saturated"]:
            limit += " (not by the rule)"
        lines.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    row["value_form"],
                    _related(row["value_relation"], row["value"]),
                    limit,
                    row["distance_form"] or "–",
                    _related(row["distance_relation"], row["distance"]) if row["distance"] else "–",
                    ", ".join(row["used_by"]),
                )
            )
            + " |"
        )
    lines.append("")
    return check_no_control("\n".join(lines), "Markdown")


@render.register
def _(value: GateSemantics, notation: Notation) -> str:
    lines = [
        f"## {value.kind.title} gates at exactly 0 or 1",
        "",
        f"Model: `{value.model_name}`; derived by substitution, element by element.",
        "",
        math_block(latex_format.gate_equation_rows(value, notation)),
    ]
    if not value.cases:
        lines.append(f"The {value.kind.title} has no gates: nothing switches its update off.")
        return check_no_control("\n".join(lines) + "\n", "Markdown")
    lines += ["| gates | update becomes | keeps its previous value |", "|---|---|---|"]
    for case in value.cases:
        condition, result = latex_format.gate_case_latex(case, notation)
        keeps = "–" if case.keeps_previous is None else str(case.keeps_previous).lower()
        lines.append(f"| ${condition}$ | ${result}$ | {keeps} |")
    lines.append("")
    return check_no_control("\n".join(lines), "Markdown")
