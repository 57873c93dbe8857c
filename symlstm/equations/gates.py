"""Gate semantics: what a cell's update becomes when a gate is exactly 0 or 1.

Derived by substitution in SymPy, never looked up: each gate symbol of the general
equations is replaced by 0 or 1, element-wise products with 0 or 1 are reduced, and two
statements are decided by simplifying the substituted equation:

- "q_t = q_{t-1}" (the quantity keeps its previous value) is *true* when
  ``simplify(rhs − q_{t−1})`` is 0 identically, for every weight, input and state;
- "q_t = 0" is true when ``simplify(rhs)`` is 0 identically.

A statement is read per component (the i-th element of the gate is 0 ⇒ the i-th elements
…), which is how the course's "Gating" quiz states it. For the gated RNN this yields
"g_t = 0 ⇒ s_t = s_{t−1}" (true) and "g_t = 1 ⇒ s_t = s_{t−1}" (false).

Public API::

    gate_semantics(kind, model_name="") -> GateSemantics
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import sympy

from symlstm.equations import names
from symlstm.equations.algebras import general_program
from symlstm.equations.forms import Equation
from symlstm.equations.functions import Hadamard
from symlstm.equations.programs import Role
from symlstm.model.cells import CellKind


@dataclass(frozen=True)
class GateCase:
    """One substitution: ``gates`` set to 0/1, and what ``quantity`` becomes.

    ``keeps_previous`` decides "q_t = q_{t−1}" (None for a candidate, which has no
    previous value); ``vanishes`` decides "q_t = 0".
    """

    gates: tuple[tuple[str, int], ...]  # (gate name, 0 or 1), in the kind's gate order
    quantity: str
    role: Role
    before: Equation
    after: Equation
    keeps_previous: bool | None
    vanishes: bool


@dataclass(frozen=True)
class GateSemantics:
    kind: CellKind
    model_name: str
    equations: tuple[Equation, ...]  # the update, pre-activations holding a gate inlined
    cases: tuple[GateCase, ...]


def _reduce(expr: sympy.Expr) -> sympy.Expr:
    """Element-wise products with a number become ordinary products (0 ⊙ a = 0, 1 ⊙ a = a)."""
    return expr.replace(
        lambda e: isinstance(e, Hadamard) and any(a.is_Number for a in e.args),
        lambda e: e.args[0] * e.args[1],
    )


def _scalar(expr: sympy.Expr) -> sympy.Expr:
    """Per-component reading: every ⊙ an ordinary product."""
    return expr.replace(lambda e: isinstance(e, Hadamard), lambda e: e.args[0] * e.args[1])


def _is_zero(expr: sympy.Expr) -> bool:
    return bool(sympy.simplify(_scalar(expr)) == 0)


@lru_cache(maxsize=32)
def gate_semantics(kind: CellKind, model_name: str = "") -> GateSemantics:
    """Every gate of ``kind`` at 0 and at 1 (and, for an equation holding several gates,
    every joint assignment of them), with the update it leaves. Cached: results are frozen."""
    program = general_program(kind)
    gate_symbols = {g: names.timed(g, "t") for g in kind.gates}
    gate_set = set(gate_symbols.values())
    inline: dict[sympy.Symbol, sympy.Expr] = {}
    equations: list[Equation] = []
    for a in program:
        expr = a.expr.xreplace(inline)
        if a.role is Role.PREACTIVATION:
            if expr.free_symbols & gate_set:
                inline[a.symbol] = expr
            continue
        if a.role in (Role.CANDIDATE, Role.STATE):
            equations.append(Equation(a.symbol, expr, a.name, a.role))
    cases: list[GateCase] = []
    for equation in equations:
        role = equation.role
        assert role is not None  # candidates and states always have a role
        present = [g for g in kind.gates if gate_symbols[g] in equation.rhs.free_symbols]
        choices: list[tuple[str, ...]] = [(g,) for g in present]
        if len(present) > 1:
            choices.append(tuple(present))
        for chosen in choices:
            for values in itertools.product((0, 1), repeat=len(chosen)):
                substitution = {
                    gate_symbols[g]: sympy.Integer(v) for g, v in zip(chosen, values, strict=True)
                }
                rhs = _reduce(equation.rhs.xreplace(substitution))
                keeps: bool | None = None
                if role is Role.STATE:
                    previous = names.timed(equation.name, "t-1")
                    keeps = _is_zero(rhs - previous)
                cases.append(
                    GateCase(
                        tuple(zip(chosen, values, strict=True)),
                        equation.name,
                        role,
                        equation,
                        Equation(equation.lhs, rhs, equation.name, equation.role),
                        keeps,
                        _is_zero(rhs),
                    )
                )
    return GateSemantics(kind, model_name or kind.name, tuple(equations), tuple(cases))


__all__ = ["GateCase", "GateSemantics", "gate_semantics"]
