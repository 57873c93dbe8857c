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


def _arb_sigmoid(z: Any) -> Any:
    # for z < 0, e^z / (1 + e^z): 1 / (1 + e^-z) would overflow e^(10^400) to inf (nan)
    if z < 0:
        small = z.exp()
        return small / (1 + small)
    return 1 / (1 + (-z).exp())


def _arb_tanh(z: Any) -> Any:
    return z.tanh()


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
