"""LaTeX: fragments for amsmath documents. Every output passes the control-character guard."""

from __future__ import annotations

from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.render.guard import check_no_control
from symlstm.render.notation import Notation
from symlstm.render.printers import latex as expr_latex


@singledispatch
def render(value: object, notation: Notation) -> str:
    raise TypeError(f"no LaTeX renderer for {type(value).__name__}")


def align(rows: list[tuple[str, str]]) -> str:
    """An ``align*`` environment of ``lhs &= rhs`` rows."""
    body = " \\\\\n".join(f"  {lhs} &= {rhs}" for lhs, rhs in rows)
    return "\\begin{align*}\n" + body + "\n\\end{align*}\n"


def equation_rows(equations: EquationSet, notation: Notation) -> list[tuple[str, str]]:
    return [
        (expr_latex(e.lhs, notation), expr_latex(e.rhs, notation))
        for e in equations.shared + equations.equations
    ]


@render.register
def _(value: EquationSet, notation: Notation) -> str:
    text = f"% {value.model_name}: {value.kind.title} equations, {value.form.value}"
    if value.form is Form.UNROLLED:
        text += f", {value.steps} steps"
    return check_no_control(text + "\n" + align(equation_rows(value, notation)))
