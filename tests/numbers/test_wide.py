"""Wide balls (symlstm.numbers.wide): interval arithmetic on exact endpoints inside arb."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import flint
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symlstm.numbers import BALLS
from symlstm.numbers.digits import ball_bounds
from symlstm.numbers.wide import WideBall, intersect, interval, product

# dyadic endpoints (exact in a ball) from −2^40 to 2^40 with 12 binary digits after the
# point, far ones, and decimals such as 1/10 (rounded outward)
numbers = st.one_of(
    st.integers(min_value=-(2**52), max_value=2**52).map(lambda k: Fraction(k, 4096)),
    st.integers(min_value=-4096, max_value=4096).map(lambda k: Fraction(k) * 2**300),
)
decimals = st.fractions(min_value=-(2**40), max_value=2**40, max_denominator=1000)
intervals = st.tuples(st.one_of(numbers, decimals), st.one_of(numbers, decimals)).map(
    lambda p: (min(p), max(p))
)
dyadic = st.tuples(numbers, numbers).map(lambda p: (min(p), max(p)))


def ball(lo: Fraction, hi: Fraction) -> Any:
    return interval(
        flint.arb(flint.fmpq(lo.numerator, lo.denominator)),
        flint.arb(flint.fmpq(hi.numerator, hi.denominator)),
    )


def encloses(x: Any, lo: Fraction, hi: Fraction) -> bool:
    low, high = ball_bounds(x.lower())[0], ball_bounds(x.upper())[1]
    return low <= lo and hi <= high


def tight(x: Any, lo: Fraction, hi: Fraction) -> bool:
    """The endpoints are the exact ones up to the working precision's relative rounding."""
    low, high = ball_bounds(x.lower())[0], ball_bounds(x.upper())[1]
    # a narrow result (width ≤ 1) is a plain ball: its radius' 30-bit mantissa
    slack = (abs(lo) + abs(hi) + 1) * Fraction(1, 2**100) + (hi - lo) * Fraction(1, 2**28)
    return lo - slack <= low and high <= hi + slack


OPS = {
    "add": (lambda a, b: a + b, lambda p, q: p + q),
    "sub": (lambda a, b: a - b, lambda p, q: p - q),
    "mul": (lambda a, b: a * b, lambda p, q: p * q),
    "rmul": (lambda a, b: product(a, b), lambda p, q: p * q),
}


@settings(max_examples=300, deadline=None)
@given(intervals, intervals, st.sampled_from(sorted(OPS)))
def test_operations_enclose_the_exact_interval_tightly(
    a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction], name: str
) -> None:
    ball_op, exact_op = OPS[name]
    with BALLS.precision(128):
        x, y = ball(*a), ball(*b)
        result = ball_op(x, y)
        corners = [exact_op(p, q) for p in a for q in b]  # extremes of +, −, × on boxes
        lo, hi = min(corners), max(corners)
        assert encloses(result, lo, hi)
        if isinstance(x, WideBall) or isinstance(y, WideBall) or name == "rmul":
            # (two narrow plain balls multiply midpoint-radius, 2·r₁·r₂ too wide)
            assert tight(result, lo, hi)
        # the ball itself holds the interval too (plain arb operations stay valid)
        low, high = ball_bounds(result)
        assert low <= lo and hi <= high


@settings(max_examples=200, deadline=None)
@given(dyadic, dyadic)
def test_comparisons_are_certain_exactly_when_the_endpoints_say_so(
    a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]
) -> None:
    # (a narrow interval is a plain ball, whose comparisons are its ball's)
    assume(all(hi - lo > 1 or hi == lo for lo, hi in (a, b)))
    with BALLS.precision(128):
        x, y = ball(*a), ball(*b)
        assert (x < y) == (a[1] < b[0])
        assert (x > y) == (a[0] > b[1])
        assert (x <= y) == (a[1] <= b[0])
        # and against a plain ball on the left (Python asks the wide ball first)
        plain = flint.arb(flint.fmpq(b[0].numerator, b[0].denominator))
        assert (plain <= x) == (b[0] <= a[0])


def test_a_plain_ball_loses_the_near_end_and_a_wide_one_keeps_it() -> None:
    with BALLS.precision(128):
        wide = ball(Fraction(40), Fraction(2**32))
        assert isinstance(wide, WideBall)
        assert wide.lower() == 40 and wide.upper() == 2**32
        plain = flint.arb(40).union(flint.arb(2**32))
        assert plain.lower() < 39  # the radius' 30-bit mantissa
        # f·c with f ∈ [1 − 10^-6, 1] stays above 39.99: tanh of it is saturated
        f = flint.arb(1) - flint.arb(10) ** -6 * flint.arb("0.5 +/- 0.5")
        assert (wide * f).lower() > flint.arb("39.99")
        assert BALLS.tanh(wide * f + 1).lower() > flint.arb(1) - flint.arb(10) ** -30


def test_narrow_results_are_plain_balls_and_intersections_keep_the_endpoints() -> None:
    with BALLS.precision(128):
        narrow = ball(Fraction(1), Fraction(1) + Fraction(1, 2**30))
        assert not isinstance(narrow, WideBall)
        a, b = ball(Fraction(-5), Fraction(2**64)), ball(Fraction(3), Fraction(2**70))
        both = intersect(a, b)
        assert both.lower() == 3 and both.upper() == 2**64
        assert isinstance(-a, WideBall) and (-a).upper() == 5
