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
import operator
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import mpmath

from symlstm.numbers.digits import exact_ball
from symlstm.numbers.wide import product


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
    if not abs(z) < _HUGE:
        return _huge_arb(_arb_sigmoid_point, z, _SIGMOID_RANGE)
    if z.rad() > _WIDE:
        return _monotone_arb(_arb_sigmoid_point, z, _SIGMOID_RANGE)
    return _arb_sigmoid_point(z)


def _arb_tanh_point(z: Any) -> Any:
    return z.tanh()


def _arb_tanh(z: Any) -> Any:
    if not abs(z) < _HUGE:
        return _huge_arb(_arb_tanh_point, z, _TANH_RANGE)
    if z.rad() > _WIDE:
        return _monotone_arb(_arb_tanh_point, z, _TANH_RANGE)
    return z.tanh()


# Exponent-aware evaluation. For |z| ≥ 2^64 arb's exp at the working precision p gives up
# (exp(−2^2000) is [± inf]) or loses every digit to the rounding of z, although the value
# is a plain number such as 10^(−4.3·10^399) (arb's exponents are integers of any size). An
# exactly known z (an ExactBall, or an exact arb) is evaluated at p + log2|z| + 16 bits, so
# the result has p correct bits: the cost grows with the digits of |z|'s exponent, never with
# |z|. An inexact huge z is enclosed through its exact endpoints (each so evaluated).
_HUGE = flint.arb(2) ** 64
MAX_MAGNITUDE_BITS = 1 << 20  # beyond 2^(2^20) the activation is enclosed by its range


def _huge_arb(function: Callable[[Any], Any], z: Any, bounds: Any) -> Any:
    if not z.is_finite():
        return z if z.is_nan() else bounds
    known = getattr(z, "exact_value", None)
    if known is not None or z.is_exact():
        return _exact_huge(function, z, known, bounds)
    image = _exact_huge(function, z.lower(), None, bounds).union(
        _exact_huge(function, z.upper(), None, bounds)
    )
    return image.intersection(bounds) if image.is_finite() else bounds


def _exact_huge(function: Callable[[Any], Any], z: Any, known: Fraction | None, bounds: Any) -> Any:
    """``function`` at the exact number ``z`` (or ``known``), with the working precision's
    relative accuracy however large |z| is."""
    if known is not None:
        bits = known.numerator.bit_length() - known.denominator.bit_length() + 1
    else:
        mantissa, exponent = z.mid().man_exp()
        bits = int(exponent) + int(mantissa).bit_length()
    if bits > MAX_MAGNITUDE_BITS:
        return bounds
    precision = flint.ctx.prec
    # a trace applies it to the same few arguments at every step: computed once each
    key = (function, precision, known if known is not None else z.mid().man_exp())
    hit = _HUGE_CACHE.get(key)
    if hit is not None:
        return hit
    with flint.ctx.workprec(precision + max(bits, 0) + 16):
        if known is not None:
            z = flint.arb(flint.fmpq(known.numerator, known.denominator))
        value = function(+z)
    value = value if value.is_finite() else bounds
    if len(_HUGE_CACHE) >= 1024:
        _HUGE_CACHE.clear()
    _HUGE_CACHE[key] = value
    return value


_HUGE_CACHE: dict[tuple[Any, int, Any], Any] = {}


def _arb_exp_point(z: Any) -> Any:
    return z.exp()


def exp_of_negative(z: Any) -> Any:
    """e^z for z < 0, exponent-aware as the activations are: e^(-10^5000) is a plain number
    such as 10^(-4.3e4999), not arb's 0 ± 10^-9811342… at the working precision (for the
    gaps from saturation, numbers/gaps.py). Its range [0, 1] bounds it beyond 2^(2^20)."""
    if abs(z) < _HUGE:
        return z.exp()
    return _huge_arb(_arb_exp_point, z, _SIGMOID_RANGE)


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


# A product of two quantities (f ⊙ c, o ⊙ tanh(c), (1 − z) ⊙ n) is enclosed through the
# factors' exact endpoints when one factor is wider than 1 and the radii multiply to more
# than _WIDE_PRODUCT: the midpoint-radius
# product overestimates the true range by 2·r₁·r₂, which on a saturated memory cell
# c ∈ [40, 2^32] times a forget gate of radius 10^-6 would reach below 0 (and then tanh(c)
# spans [−1, 1]). The endpoint hull is exact up to the rounding of four products, and a
# wide one is a WideBall that keeps its endpoints.
_WIDE_PRODUCT = flint.arb(2) ** -80


def _arb_mul(a: Any, b: Any) -> Any:
    # (a wide ball's own product is the endpoint one: see symlstm.numbers.wide; a box of
    # the prover is at most a grid cell wide, 2^-grid, except a saturated memory cell's,
    # so every other product keeps arb's one multiplication)
    ra, rb = a.rad(), b.rad()
    if not (ra > _HALF or rb > _HALF) or not ra * rb > _WIDE_PRODUCT:
        return a * b
    if not (a.is_finite() and b.is_finite()):
        return a * b
    return product(a, b)


_HALF = flint.arb(1) / 2


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
    # the product of two computed quantities (a weight times a quantity is ``*``)
    mul: Callable[[Any, Any], Any] = operator.mul

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
    """p/q as a ball; one that is not exact at the working precision (1.15 = 23/20, 10^400)
    also carries its exact value, so that it is printed as the exact rational it is (see
    :class:`symlstm.numbers.digits.ExactBall`) and its activations are evaluated exactly."""
    if q & (q - 1) == 0:
        ball = flint.arb(flint.fmpq(p, q))
        if ball.is_exact():
            return ball
        # a dyadic number too long for the working precision (10^400): kept exact, so
        # that an activation of it can be evaluated exponent-aware
    return exact_ball(Fraction(p, q))


BALLS = Context(
    "balls",
    _arb_rational,
    _arb_sigmoid,
    _arb_tanh,
    lambda bits: flint.ctx.workprec(bits),
    _arb_mul,
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
