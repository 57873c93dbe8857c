"""Markdown with math in ``$$`` blocks (MyST and MathJax read it)."""

from __future__ import annotations

from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.render.guard import check_no_control
from symlstm.render.latex import equation_rows
from symlstm.render.notation import Notation


@singledispatch
def render(value: object, notation: Notation) -> str:
    raise TypeError(f"no Markdown renderer for {type(value).__name__}")


def math_block(rows: list[tuple[str, str]]) -> str:
    body = " \\\\\n".join(f"{lhs} &= {rhs}" for lhs, rhs in rows)
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
