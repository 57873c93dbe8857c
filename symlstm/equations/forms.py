"""The equations of a cell in the three forms the course shows them.

- general: symbols for weights (W^{f,h}, b_f) and whole vectors, ⊙ for element-wise
  products, pre-activations and the tanh candidate written inline, as the course does;
- substituted: a model's exact weights put in, per component, zero terms dropped;
- unrolled: the states of steps 0 … T-1 as expressions of x_0 … x_{T-1} alone, with the
  initial state put in; shown through shared subexpressions (the tree doubles every step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import sympy

from symlstm.equations import names
from symlstm.equations.algebras import Assignment, component_program, general_program
from symlstm.equations.programs import Role
from symlstm.model import Model
from symlstm.model.cells import CellKind

MAX_UNROLL = 64


class Relation(Enum):
    """How an equation's sides relate: exactly, or approximately (under saturation)."""

    EQUAL = "="
    APPROX = "≈"


class Form(Enum):
    GENERAL = "general"
    SUBSTITUTED = "substituted"
    UNROLLED = "unrolled"


@dataclass(frozen=True)
class Equation:
    lhs: sympy.Symbol
    rhs: sympy.Expr
    name: str  # the quantity: "f", "c", "h", or "u" for a shared subexpression
    role: Role | None  # None for a shared subexpression
    relation: Relation = Relation.EQUAL


@dataclass(frozen=True)
class EquationSet:
    kind: CellKind
    form: Form
    model_name: str
    equations: tuple[Equation, ...]
    shared: tuple[Equation, ...] = ()  # subexpressions the unrolled equations refer to
    steps: int = 0


def course_form(assignments: Iterable[Assignment]) -> tuple[Equation, ...]:
    """Gates and states only, with pre-activations and candidates written inline."""
    inline: dict[sympy.Symbol, sympy.Expr] = {}
    shown = []
    for a in assignments:
        expr = a.expr.xreplace(inline)
        if a.role in (Role.PREACTIVATION, Role.CANDIDATE):
            inline[a.symbol] = expr
        else:
            shown.append(Equation(a.symbol, expr, a.name, a.role))
    return tuple(shown)


def general_equations(kind: CellKind, model_name: str = "") -> EquationSet:
    return EquationSet(
        kind, Form.GENERAL, model_name or kind.name, course_form(general_program(kind))
    )


def substituted_equations(model: Model) -> EquationSet:
    return EquationSet(
        model.kind, Form.SUBSTITUTED, model.name, course_form(component_program(model))
    )


def unrolled_states(model: Model, steps: int) -> list[list[tuple[Assignment, sympy.Expr]]]:
    """For each step, every assignment with its expression in x_0 … x_k alone."""
    env: dict[sympy.Symbol, sympy.Expr] = {}
    for state, values in model.initial:
        for k, value in enumerate(values):
            symbol = names.timed(state, -1, k + 1 if model.hidden > 1 else None)
            env[symbol] = value
    result = []
    for step in range(steps):
        row = []
        for a in component_program(model, time=str(step)):
            full = a.expr.xreplace(env)
            env[a.symbol] = full
            row.append((a, full))
        result.append(row)
    return result


def unrolled_equations(model: Model, steps: int) -> EquationSet:
    if not 1 <= steps <= MAX_UNROLL:
        raise ValueError(f"steps must be from 1 to {MAX_UNROLL}, got {steps}")
    shown = [
        (a, full)
        for row in unrolled_states(model, steps)
        for a, full in row
        if a.role is Role.STATE
    ]
    replacements, reduced = sympy.cse(
        [full for _, full in shown],
        symbols=(names.shared(k) for k in range(1, 10**6)),
        order="none",
    )
    shared = tuple(Equation(s, e, "u", None) for s, e in replacements)
    equations = tuple(
        Equation(a.symbol, expr, a.name, a.role)
        for (a, _), expr in zip(shown, reduced, strict=True)
    )
    return EquationSet(model.kind, Form.UNROLLED, model.name, equations, shared, steps)
