"""Simplification under saturation, as the course's worked solution does it.

For every gate and tanh candidate whose pre-activation is affine in the previous state
and the input, the exact range of the pre-activation is computed for each input symbol
over every state the cell can be in (exact rational arithmetic: no precision is chosen
here). A unit whose pre-activation is at least ``threshold`` for a symbol saturates
(sigmoid ≈ 1, tanh ≈ 1); at most ``-threshold``, it saturates low (sigmoid ≈ 0,
tanh ≈ -1); exactly 0, sigmoid is exactly 1/2 and tanh exactly 0. The simplified
equations put the saturated values in; how far each "≈" is from the truth is for the
numbers stage (:mod:`symlstm.numbers.gaps`) to say.

State ranges: h and s are bounded by max(1, |initial value|) in every component — each is
a tanh, or a product of values in (0, 1) with a tanh, or a convex combination of such and
the previous value. The LSTM memory c is unbounded and never multiplies a weight.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

import sympy

from symlstm.equations import names
from symlstm.equations.algebras import Assignment, component_program
from symlstm.equations.forms import Equation, Relation, course_form
from symlstm.equations.functions import sigmoid, tanh
from symlstm.equations.programs import Role
from symlstm.model import Model, Vector
from symlstm.model.cells import candidate_names

DEFAULT_THRESHOLD = sympy.Integer(20)  # sigmoid(-20) < 2.1e-9, 1 - tanh(20) < 8.5e-18


class Saturation(Enum):
    LOW = "low"  # sigmoid ≈ 0, tanh ≈ -1
    HIGH = "high"  # sigmoid ≈ 1, tanh ≈ 1
    MIDDLE = "middle"  # pre-activation exactly 0: sigmoid = 1/2, tanh = 0 (exact)
    NONE = "none"  # not saturated: the value depends on the state, or is moderate
    NONLINEAR = "nonlinear"  # pre-activation not affine (GRU candidate): not analysed


@dataclass(frozen=True)
class UnitRange:
    """A gate's or candidate's pre-activation range for one input symbol."""

    unit: str  # "f", "i", "o", "ctilde", "g", …
    component: int
    symbol: Vector
    preactivation: sympy.Expr  # with x put in; a function of the previous state
    lower: sympy.Rational | None  # None when not affine
    upper: sympy.Rational | None
    saturation: Saturation

    @property
    def value(self) -> sympy.Expr | None:
        """The saturated value, or None when the unit does not saturate."""
        activation_is_sigmoid = self.unit not in candidate_names()
        table = {
            Saturation.LOW: sympy.Integer(0) if activation_is_sigmoid else sympy.Integer(-1),
            Saturation.HIGH: sympy.Integer(1),
            Saturation.MIDDLE: sympy.S.Half if activation_is_sigmoid else sympy.Integer(0),
        }
        return table.get(self.saturation)


@dataclass(frozen=True)
class SaturatedForm:
    """The course form with every unit that saturates on the whole alphabet put in."""

    model_name: str
    threshold: sympy.Rational
    state_bounds: tuple[tuple[str, Vector], ...]  # |state component| ≤ bound
    ranges: tuple[UnitRange, ...]
    equations: tuple[Equation, ...]  # gates and states, saturated values put in

    def ranges_of(self, unit: str, component: int = 0) -> tuple[UnitRange, ...]:
        return tuple(r for r in self.ranges if r.unit == unit and r.component == component)


def state_bounds(model: Model) -> dict[str, Vector]:
    """Bounds on |state| valid at every step, for the states that feed weights."""
    bounds = {}
    for state, values in model.initial:
        if state == "c":  # LSTM memory: unbounded, and never multiplied by a weight
            continue
        bounds[state] = tuple(sympy.Max(sympy.Integer(1), abs(v)) for v in values)
    return bounds


def _classify(
    lower: sympy.Rational, upper: sympy.Rational, threshold: sympy.Rational
) -> Saturation:
    if lower == upper == 0:
        return Saturation.MIDDLE
    if lower >= threshold:
        return Saturation.HIGH
    if upper <= -threshold:
        return Saturation.LOW
    return Saturation.NONE


def _affine_range(
    expr: sympy.Expr, bounds: dict[sympy.Symbol, sympy.Rational]
) -> tuple[sympy.Rational, sympy.Rational] | None:
    """[lo, hi] of an affine expression over |symbol| ≤ bound; None if not affine."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if any(s not in bounds for s in symbols):
        return None
    try:
        poly = sympy.Poly(expr, *symbols) if symbols else None
    except sympy.PolynomialError:
        return None
    if poly is not None and poly.total_degree() > 1:
        return None
    constant = expr.subs({s: 0 for s in symbols})
    spread = sum((abs(expr.coeff(s)) * bounds[s] for s in symbols), sympy.Integer(0))
    return sympy.Rational(constant - spread), sympy.Rational(constant + spread)


def saturated_form(model: Model, threshold: sympy.Rational = DEFAULT_THRESHOLD) -> SaturatedForm:
    program: tuple[Assignment, ...] = component_program(model)
    bounds_by_state = state_bounds(model)
    symbol_bounds: dict[sympy.Symbol, sympy.Rational] = {}
    for state, values in bounds_by_state.items():
        for k, bound in enumerate(values):
            component = k + 1 if model.hidden > 1 else None
            symbol_bounds[names.timed(state, "t-1", component)] = sympy.Rational(bound)
    inputs = [
        names.timed("x", "t", j + 1 if model.inputs > 1 else None) for j in range(model.inputs)
    ]
    preactivations: dict[sympy.Symbol, sympy.Expr] = {}
    for a in program:  # in program order: a pre-activation may use an earlier one (GRU z_nh)
        if a.role is Role.PREACTIVATION:
            preactivations[a.symbol] = a.expr.xreplace(preactivations)

    ranges: list[UnitRange] = []
    saturated_everywhere: dict[sympy.Symbol, sympy.Expr] = {}
    for a in program:
        if a.role not in (Role.GATE, Role.CANDIDATE):
            continue
        argument = a.expr.args[0] if isinstance(a.expr, (sigmoid, tanh)) else None
        unit_ranges = []
        for symbol in model.alphabet:
            point = dict(zip(inputs, symbol, strict=True))
            z = (argument.xreplace(preactivations) if argument is not None else a.expr).xreplace(
                point
            )
            interval = _affine_range(z, symbol_bounds) if argument is not None else None
            if interval is None:
                unit_ranges.append(
                    UnitRange(a.name, a.component, symbol, z, None, None, Saturation.NONLINEAR)
                )
                continue
            lower, upper = interval
            saturation = _classify(lower, upper, threshold)
            unit_ranges.append(UnitRange(a.name, a.component, symbol, z, lower, upper, saturation))
        ranges.extend(unit_ranges)
        saturated_values = {r.value for r in unit_ranges}
        if len(saturated_values) == 1 and None not in saturated_values:
            (value,) = saturated_values
            assert value is not None
            saturated_everywhere[a.symbol] = value

    exact = {e.lhs: e.rhs for e in course_form(program)}
    equations = tuple(
        e if e.rhs == exact[e.lhs] else replace(e, relation=Relation.APPROX)
        for e in course_form(_put_in(program, saturated_everywhere))
    )
    return SaturatedForm(
        model.name,
        threshold,
        tuple((s, v) for s, v in bounds_by_state.items()),
        tuple(ranges),
        equations,
    )


def _put_in(
    program: tuple[Assignment, ...], values: dict[sympy.Symbol, sympy.Expr]
) -> tuple[Assignment, ...]:
    """The program with saturated units replaced by their values, everywhere they occur."""
    result = []
    for a in program:
        expr = values.get(a.symbol, a.expr.xreplace(values))
        result.append(Assignment(a.symbol, expr, a.name, a.role, a.component))
    return tuple(result)
