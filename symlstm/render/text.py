"""Plain Unicode text for the terminal."""

from __future__ import annotations

from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.equations.gates import GateSemantics
from symlstm.equations.names import timed
from symlstm.model.cells import display_table
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import values as solved
from symlstm.render.build import verdict_sentence
from symlstm.render.notation import Notation
from symlstm.render.printers import equation_text
from symlstm.render.printers import text as expr_text


@singledispatch
def render(value: object, notation: Notation) -> str:
    raise TypeError(f"no text renderer for {type(value).__name__}")


@render.register
def _(value: EquationSet, notation: Notation) -> str:
    heading = f"{value.model_name}: {value.kind.title} equations, {value.form.value}"
    if value.form is Form.UNROLLED:
        heading += f", {value.steps} steps (u: shared subexpressions)"
    lines = [heading, ""]
    for e in value.shared + value.equations:
        lines.append(f"  {equation_text(e, notation)}")
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(solved.display_width(r[k]) for r in [header, *rows]) for k in range(len(header))]
    return [
        "  ".join(solved.pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


@render.register
def _(value: ConventionResult, notation: Notation) -> str:
    header, rows = solved.solve_table(value)
    header = [display_table().get(h, h) for h in header]
    inputs = ", ".join(solved.input_text(x, value.digits) for x in value.inputs)
    lines = [
        f"{value.model_name}: {value.cell} on [{inputs}], {value.digits} digits "
        "(every digit shown is certified)",
        solved.convention_line(value),
        "",
        *_table(header, rows),
        "",
        f"answer: {solved.answer_text(value)}",
        f"verdict: {value.convention.name}: {verdict_sentence(value)}",
    ]
    return "\n".join(lines) + "\n"


@render.register
def _(value: GapReport, notation: Notation) -> str:
    lines = [solved.gap_heading(value), ""]
    for row in solved.gap_rows(value):
        where = ", ".join(row["used_by"]) + "; " + ", ".join(row["sources"])
        lines.append(f"{row['value_form']} {row['value_relation']} {row['value']}   [{where}]")
        if row["limit"] is None:
            lines.append("    not saturated in either direction (argument 0)")
        else:
            rule = "saturated" if row["saturated"] else "not saturated by the rule"
            lines.append(
                f"    gap from {row['limit']} ({rule}): {row['distance_form']} "
                f"{row['distance_relation']} {row['distance']}"
            )
            if row["limit"] != 0:
                lines.append(f"    ({solved.subtraction_note(row, value.digits)})")
    return "\n".join(lines) + "\n"


def _gate_condition(gates: tuple[tuple[str, int], ...], notation: Notation) -> str:
    return " and ".join(f"{expr_text(timed(g, 't'), notation)} = {v}" for g, v in gates)


@render.register
def _(value: GateSemantics, notation: Notation) -> str:
    lines = [
        f"{value.model_name}: {value.kind.title} gates at exactly 0 or 1 "
        "(by substitution, element by element)",
        "",
    ]
    for e in value.equations:
        lines.append(f"  {equation_text(e, notation)}")
    lines.append("")
    if not value.cases:
        lines.append(f"  the {value.kind.title} has no gates: nothing switches its update off")
    for case in value.cases:
        lhs = expr_text(case.after.lhs, notation)
        line = (
            f"  {_gate_condition(case.gates, notation)}  ⇒  "
            f"{lhs} = {expr_text(case.after.rhs, notation)}"
        )
        if case.keeps_previous is not None:
            previous = expr_text(timed(case.quantity, "t-1"), notation)
            line += f"    [{lhs} = {previous}: {'true' if case.keeps_previous else 'false'}]"
        lines.append(line)
    return "\n".join(lines) + "\n"
