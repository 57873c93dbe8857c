"""Wide balls: an ``arb`` ball that also carries its interval's two endpoints.

An arb ball is a midpoint and a radius, and the radius has a 30-bit mantissa: the ball
around [40, 2^32] has its lower end at about 28, the one around [40, 2^4096] reaches below
−10^1200. A saturated memory cell (an LSTM's c that fills or counts, see the prover) lives in
such intervals, and what the rest of the cell reads of it — tanh(c), f·c — depends on the
near end. A :class:`WideBall` is a ball that contains its interval (so that every plain arb
operation on it stays a valid, looser enclosure) and keeps the endpoints ``lo`` and ``hi``
(arb balls: the interval is [lo.lower(), hi.upper()]). Sums, differences, products and
quotients by a number whose sign is known are computed on the endpoints and stay wide;
``lower()`` and ``upper()`` give the endpoints, so that the activations, which enclose a
wide argument through its endpoints (they are monotone), see the exact interval; and
comparisons are certain exactly when the endpoints say so.
"""

from __future__ import annotations

from typing import Any

import flint

# an endpoint product or sum wider than this is kept as a wide ball; narrower ones are
# plain balls (their radius' 30-bit mantissa costs a relative 2^-30 of the radius, as in
# every ball; on [40, 2^32] it costs 12 at the near end)
WIDE_WIDTH = flint.arb(1)


def _lower(x: Any) -> Any:
    if isinstance(x, flint.arb):
        return x.lower()
    return flint.arb(x)


def _upper(x: Any) -> Any:
    if isinstance(x, flint.arb):
        return x.upper()
    return flint.arb(x)


def interval(lo: Any, hi: Any) -> Any:
    """A ball holding [lo.lower(), hi.upper()]: a :class:`WideBall` when it is wide, else a
    plain ball. Both arguments are arb balls (or exact points)."""
    low, high = lo.lower(), hi.upper()
    if not (high - low > WIDE_WIDTH) or not (low.is_finite() and high.is_finite()):
        return low.union(high)
    ball = WideBall(low.union(high))
    ball.lo = low
    ball.hi = high
    return ball


def _hull(products: list[Any]) -> Any:
    lows = [p.lower() for p in products]
    highs = [p.upper() for p in products]
    low = lows[0]
    for v in lows[1:]:
        if v < low:
            low = v
    high = highs[0]
    for v in highs[1:]:
        if v > high:
            high = v
    return interval(low, high)


def product(a: Any, b: Any) -> Any:
    """The product of two balls enclosed through their endpoints (four products)."""
    a_lo, a_hi, b_lo, b_hi = _lower(a), _upper(a), _lower(b), _upper(b)
    return _hull([a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi])


def intersect(a: Any, b: Any) -> Any:
    """The intersection of two enclosures of one value (ValueError when they are disjoint);
    through the endpoints when either is wide."""
    if not (isinstance(a, WideBall) or isinstance(b, WideBall)):
        return a.intersection(b)
    low = a.lower() if not b.lower() > a.lower() else b.lower()
    high = a.upper() if not b.upper() < a.upper() else b.upper()
    if low > high:
        raise ValueError("disjoint enclosures")
    return interval(low, high)


class WideBall(flint.arb):
    """A ball that knows its interval's endpoints (see the module's docstring)."""

    __slots__ = ("hi", "lo")

    lo: Any
    hi: Any

    def lower(self) -> Any:
        return self.lo

    def upper(self) -> Any:
        return self.hi

    def __add__(self, other: Any) -> Any:
        return interval(self.lo + _lower(other), self.hi + _upper(other))

    def __radd__(self, other: Any) -> Any:
        return interval(_lower(other) + self.lo, _upper(other) + self.hi)

    def __sub__(self, other: Any) -> Any:
        return interval(self.lo - _upper(other), self.hi - _lower(other))

    def __rsub__(self, other: Any) -> Any:
        return interval(_lower(other) - self.hi, _upper(other) - self.lo)

    def __neg__(self) -> Any:
        return interval(-self.hi, -self.lo)

    def __pos__(self) -> Any:
        return self

    def __mul__(self, other: Any) -> Any:
        return product(self, other)

    def __rmul__(self, other: Any) -> Any:
        return product(other, self)

    def __truediv__(self, other: Any) -> Any:
        other = flint.arb(other) if not isinstance(other, flint.arb) else other
        if other > 0 or other < 0:
            inverse = 1 / other
            return product(self, inverse)
        return flint.arb.__truediv__(self, other)

    def __pow__(self, exponent: Any) -> Any:  # type: ignore[override]
        if isinstance(exponent, int) and exponent >= 1:
            result: Any = self
            for _ in range(exponent - 1):
                result = product(result, self)
            if exponent % 2 == 0:  # an even power is not negative
                return interval(flint.arb(0), result.upper()) if result.lower() < 0 else result
            return result
        return flint.arb.__pow__(self, exponent)

    # comparisons: certain when the endpoints say so (arb's comparisons are certain ones)
    def __lt__(self, other: Any) -> bool:
        return bool(self.hi < _lower(other))

    def __le__(self, other: Any) -> bool:
        return bool(self.hi <= _lower(other))

    def __gt__(self, other: Any) -> bool:
        return bool(self.lo > _upper(other))

    def __ge__(self, other: Any) -> bool:
        return bool(self.lo >= _upper(other))


__all__ = ["WIDE_WIDTH", "WideBall", "intersect", "interval", "product"]
