"""Arithmetic contexts: one algorithm (the compiled step), several kinds of number.

| context | numbers | used for |
| points  | mpmath ``mpf``      | values at a chosen precision |
| balls   | python-flint ``arb`` | enclosures: certified digits, the prover |
| floats  | Python ``float``    | what float64 code would compute |

Precision is an argument: every evaluation runs inside :meth:`Context.precision`, a scope
that restores the previous precision (``mpmath.workprec`` / ``flint.ctx.workprec``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import mpmath

from symlstm.numbers.digits import exact_ball


def _mp_sigmoid(z: Any) -> Any:
    return 1 / (1 + mpmath.exp(-z))


# Above this radius a ball's activation is enclosed through its two endpoints: sigmoid and
# tanh are increasing, so f([a, b]) = [f(a), f(b)], kept inside the function's range. (On a
# wide ball the direct formulas lose everything to the dependency problem:
# 1/(1 + exp(-z)) of [-30, 7.46] is nan and arb's tanh of [-3, 7.46] is ±806.)
_WIDE = flint.arb(2) ** -24
_SIGMOID_RANGE = flint.arb(0).union(flint.arb(1))
_TANH_RANGE = flint.arb(-1).union(flint.arb(1))


def _arb_sigmoid_point(z: Any) -> Any:
    # for z < 0, e^z / (1 + e^z): 1 / (1 + e^-z) would overflow e^(10^400) to inf (nan)
    if z < 0:
        small = z.exp()
        return small / (1 + small)
    return 1 / (1 + (-z).exp())


def _arb_sigmoid(z: Any) -> Any:
    if z.rad() > _WIDE:
        return _monotone_arb(_arb_sigmoid_point, z, _SIGMOID_RANGE)
    return _arb_sigmoid_point(z)


def _arb_tanh_point(z: Any) -> Any:
    return z.tanh()


def _arb_tanh(z: Any) -> Any:
    if z.rad() > _WIDE:
        return _monotone_arb(_arb_tanh_point, z, _TANH_RANGE)
    return z.tanh()


def _monotone_arb(function: Callable[[Any], Any], z: Any, bounds: Any) -> Any:
    """An increasing function with range ``bounds`` on the ball ``z``: the hull of its
    values at the ball's exact endpoints, intersected with the range (never worse than the
    range, whatever the ball; nan only for a nan argument)."""
    if not z.is_finite():
        if z.is_nan():
            return z
        return bounds
    image = function(z.lower()).union(function(z.upper()))
    if not image.is_finite():
        return bounds
    return image.intersection(bounds)


def _float_sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _float_rational(p: int, q: int) -> float:
    try:
        return float(Fraction(p, q))
    except OverflowError:
        return math.copysign(math.inf, p)


def _bits_for(digits: int) -> int:
    return math.ceil(digits * math.log2(10))


@dataclass(frozen=True)
class Context:
    name: str
    rational: Callable[[int, int], Any]  # exact p/q as a number of this context
    sigmoid: Callable[[Any], Any]
    tanh: Callable[[Any], Any]
    _scope: Callable[[int], AbstractContextManager[Any]]

    def precision(self, bits: int) -> AbstractContextManager[Any]:
        """A scope in which this context computes with ``bits`` of working precision."""
        return self._scope(bits)


POINTS = Context(
    "points",
    lambda p, q: mpmath.mpf(p) / q if q != 1 else mpmath.mpf(p),
    _mp_sigmoid,
    mpmath.tanh,
    lambda bits: mpmath.workprec(bits),
)


def _arb_rational(p: int, q: int) -> Any:
    """p/q as a ball; a non-dyadic one (1.15 = 23/20) also carries its exact value, so that
    it is printed as the exact rational it is (see :class:`symlstm.numbers.digits.ExactBall`)."""
    if q & (q - 1) == 0:
        return flint.arb(flint.fmpq(p, q))
    return exact_ball(Fraction(p, q))


BALLS = Context(
    "balls",
    _arb_rational,
    _arb_sigmoid,
    _arb_tanh,
    lambda bits: flint.ctx.workprec(bits),
)

FLOATS = Context(
    "floats",
    _float_rational,
    _float_sigmoid,
    math.tanh,
    lambda bits: nullcontext(),
)

CONTEXTS: dict[str, Context] = {c.name: c for c in (POINTS, BALLS, FLOATS)}


def bits_for_digits(digits: int) -> int:
    """Working bits for ``digits`` decimal digits, with guard bits."""
    return _bits_for(digits) + 20
