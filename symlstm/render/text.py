"""Plain Unicode text for the terminal."""

from __future__ import annotations

from functools import singledispatch

from symlstm.equations import EquationSet, Form
from symlstm.render.notation import Notation
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
        lines.append(f"  {expr_text(e.lhs, notation)} = {expr_text(e.rhs, notation)}")
    return "\n".join(lines) + "\n"
