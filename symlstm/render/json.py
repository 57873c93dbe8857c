"""JSON: everything, with a stable key order and exact numbers as strings."""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any

import sympy

from symlstm.equations import Equation, EquationSet
from symlstm.render.notation import Notation
from symlstm.render.printers import latex as expr_latex
from symlstm.render.printers import text as expr_text


@singledispatch
def to_data(value: object, notation: Notation) -> Any:
    raise TypeError(f"no JSON renderer for {type(value).__name__}")


def render(value: object, notation: Notation) -> str:
    return json.dumps(to_data(value, notation), indent=2, ensure_ascii=False) + "\n"


def _equation(e: Equation, notation: Notation) -> dict[str, Any]:
    return {
        "name": e.name,
        "role": e.role.value if e.role else "shared",
        "lhs": expr_text(e.lhs, notation),
        "rhs": expr_text(e.rhs, notation),
        "latex": f"{expr_latex(e.lhs, notation)} = {expr_latex(e.rhs, notation)}",
        "sympy": sympy.srepr(e.rhs),
    }


@to_data.register
def _(value: EquationSet, notation: Notation) -> Any:
    return {
        "model": value.model_name,
        "cell": value.kind.name,
        "form": value.form.value,
        "steps": value.steps,
        "notation": notation.name,
        "shared": [_equation(e, notation) for e in value.shared],
        "equations": [_equation(e, notation) for e in value.equations],
    }
