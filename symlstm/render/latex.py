"""LaTeX: fragments for amsmath documents. Every output passes the control-character guard."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.equations.gates import GateCase, GateSemantics
from symlstm.equations.names import timed
from symlstm.model.cells import display_table
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import values as solved
from symlstm.render.build import verdict_sentence
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import escape_text
from symlstm.render.notation import Notation
from symlstm.render.printers import equation_latex
from symlstm.render.printers import latex as expr_latex


@singledispatch
def render(value: object, notation: Notation) -> str:
    raise TypeError(f"no LaTeX renderer for {type(value).__name__}")


Row = tuple[str, str] | tuple[str, str, str]


def row_latex(row: Row) -> str:
    """``lhs &= rhs`` of a ``(lhs, rhs)`` row, or ``lhs &\\approx rhs`` of a
    ``(lhs, relation, rhs)`` row."""
    if len(row) == 2:
        return f"{row[0]} &= {row[1]}"
    return f"{row[0]} &{row[1]} {row[2]}"


def align(rows: Sequence[Row]) -> str:
    """An ``align*`` environment of ``lhs &= rhs`` rows."""
    body = " \\\\\n".join(f"  {row_latex(row)}" for row in rows)
    return "\\begin{align*}\n" + body + "\n\\end{align*}\n"


def equation_rows(equations: EquationSet, notation: Notation) -> list[tuple[str, str, str]]:
    return [equation_latex(e, notation) for e in equations.shared + equations.equations]


@render.register
def _(value: EquationSet, notation: Notation) -> str:
    text = f"% {value.model_name}: {value.kind.title} equations, {value.form.value}"
    if value.form is Form.UNROLLED:
        text += f", {value.steps} steps"
    return check_no_control(text + "\n" + align(equation_rows(value, notation)))


_LATEX_NAMES = {"x": "x_t", "t": "t"}


def _latex_heading(name: str) -> str:
    names = {**{k: v + "_t" for k, v in display_table(latex=True).items()}, **_LATEX_NAMES}
    if name in names:
        return f"${names[name]}$"
    if name.startswith("round("):
        return r"$\operatorname{round}(" + name[6:-1] + "_t)$"
    if name.startswith("exact "):
        return "exact $" + name[6:] + "_t$"
    if name == "flags":
        return "flags"
    return f"${name}_t$"


def _latex_value(text: str) -> str:
    if "e" in text and not text.startswith("["):
        return f"${solved.latex_decimal(text)}$"
    return f"${text}$" if text not in ("-",) and not text[:1].isalpha() else text


@render.register
def _(value: ConventionResult, notation: Notation) -> str:
    header, rows = solved.solve_table(value)
    flags = len(header) - 1
    lines = [
        f"% {value.model_name}: {solved.convention_line(value)}; {value.digits} digits",
        r"\begin{tabular}{" + "r" * flags + "l}",
        " & ".join(_latex_heading(h) for h in header) + r" \\",
        r"\hline",
    ]
    for row in rows:
        cells = [_latex_value(c) for c in row[:-1]] + [row[-1]]
        lines.append(" & ".join(cells) + r" \\")
    lines += [
        r"\end{tabular}",
        "",
        r"Answer: $" + solved.answer_text(value) + "$.",
        "",
        "Verdict: " + escape_text(f"{value.convention.name}: {verdict_sentence(value)}") + ".",
        "",
    ]
    return check_no_control("\n".join(lines))


def _latex_number(text: str) -> str:
    if "e" in text and not text.startswith("["):
        return solved.latex_decimal(text)
    return text


def _latex_argument(text: str) -> str:
    if text.endswith("…"):
        return text[:-1] + r"\ldots"
    if "/" in text:
        p, q = text.split("/")
        sign = "-" if p.startswith("-") else ""
        return f"{sign}\\tfrac{{{p.lstrip('-')}}}{{{q}}}"
    return text


def _latex_double(text: str) -> str:
    """2z in LaTeX from the text of z: exact for an integer or p/q, else 2 \\cdot z."""
    try:
        value = Fraction(text)
    except ValueError:
        return f"2 \\cdot {_latex_argument(text)}"
    return _latex_argument(str(value * 2))


def _latex_negated(text: str) -> str:
    if text == "0":
        return text
    return text[1:] if text.startswith("-") else "-" + text


def _latex_gap_rows(row: dict[str, object]) -> list[tuple[str, str]]:
    z = _latex_argument(str(row["argument"]))
    minus_z = _latex_negated(z)
    function = str(row["function"])
    name = r"\operatorname{sigmoid}" if function == "sigmoid" else r"\tanh"
    two_z = _latex_double(str(row["argument"]))
    minus_two_z = _latex_negated(two_z)
    if function == "sigmoid":
        form = f"\\frac{{1}}{{1 + e^{{{minus_z}}}}}"
    else:
        form = f"\\frac{{1 - e^{{{minus_two_z}}}}}{{1 + e^{{{minus_two_z}}}}}"
    relation = {"=": "=", "≈": r"\approx"}
    value_relation = relation[str(row["value_relation"])]
    rows = [(f"{name}({z})", f"{form} {value_relation} {_latex_number(str(row['value']))}")]
    limit = row["limit"]
    if limit is not None and row["distance"] is not None:
        distance = _latex_number(str(row["distance"]))
        if function == "sigmoid" and limit == 1:
            lhs, gap = f"1 - {name}({z})", f"\\frac{{1}}{{1 + e^{{{z}}}}}"
        elif function == "sigmoid":
            lhs, gap = f"{name}({z}) - 0", f"\\frac{{1}}{{1 + e^{{{minus_z}}}}}"
        elif limit == 1:
            lhs, gap = f"1 - {name}({z})", f"\\frac{{2}}{{1 + e^{{{two_z}}}}}"
        else:
            lhs, gap = f"1 + {name}({z})", f"\\frac{{2}}{{1 + e^{{{minus_two_z}}}}}"
        rows.append((lhs, f"{gap} {relation[str(row['distance_relation'])]} {distance}"))
    return rows


@render.register
def _(value: GapReport, notation: Notation) -> str:
    rows: list[tuple[str, str]] = []
    for row in solved.gap_rows(value):
        rows += _latex_gap_rows(row)
    text = "% " + solved.gap_heading(value) + "\n"
    return check_no_control(text + align(rows))


def gate_equation_rows(value: GateSemantics, notation: Notation) -> list[tuple[str, str]]:
    return [(expr_latex(e.lhs, notation), expr_latex(e.rhs, notation)) for e in value.equations]


def gate_case_latex(case: GateCase, notation: Notation) -> tuple[str, str]:
    """``(condition, result)`` of one gate case, e.g. ``(g_{t} = 0, s_{t} = s_{t-1})``."""
    condition = r" \wedge ".join(
        f"{expr_latex(timed(g, 't'), notation)} = {v}" for g, v in case.gates
    )
    result = f"{expr_latex(case.after.lhs, notation)} = {expr_latex(case.after.rhs, notation)}"
    return condition, result


@render.register
def _(value: GateSemantics, notation: Notation) -> str:
    rows = []
    for case in value.cases:
        condition, result = gate_case_latex(case, notation)
        note = ""
        if case.keeps_previous is not None:
            previous = expr_latex(timed(case.quantity, "t-1"), notation)
            verdict = "true" if case.keeps_previous else "false"
            lhs = expr_latex(case.after.lhs, notation)
            note = f" && \\text{{(${lhs} = {previous}$: {verdict})}}"
        rows.append((condition, r"\;\Rightarrow\; " + result + note))
    body = " \\\\\n".join(f"  {c} &{r}" for c, r in rows)
    if not rows:
        return check_no_control(
            f"% {value.model_name}: the {value.kind.title} has no gates\n"
            + align(gate_equation_rows(value, notation))
        )
    text = (
        f"% {value.model_name}: {value.kind.title} gates at exactly 0 or 1\n"
        + align(gate_equation_rows(value, notation))
        + "\\begin{alignat*}{2}\n"
        + body
        + "\n\\end{alignat*}\n"
    )
    return check_no_control(text)
