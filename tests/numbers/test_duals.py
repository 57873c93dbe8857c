"""Forward-mode duals over balls: derivatives that hold on wide boxes.

python-flint's ``y**2`` is nan for a ball centred on 0 (``arb(0, 1)**2``): the tanh dual's
slope 1 − y² was nan on any box whose tanh enclosure is symmetric about 0 (tanh of
[−15, 15]), and a nan slope drops the mean-value form and the drift bound (sound, but a
bounded verdict lost). The squares here are checked against exact arithmetic at points of
the ball."""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.numbers import BALLS
from symlstm.numbers.duals import DUALS, Dual, seeds, square


def _contains(ball: object, value: Fraction) -> bool:
    x = flint.arb(flint.fmpq(value.numerator, value.denominator))
    return bool(ball.lower() <= x <= ball.upper())  # type: ignore[attr-defined]


def _points(mid: Fraction, rad: Fraction) -> list[Fraction]:
    points = [mid - rad, mid, mid + rad, mid - rad / 3, mid + rad / 2]
    if mid - rad <= 0 <= mid + rad:
        points.append(Fraction(0))
    return points


balls = st.tuples(
    st.fractions(min_value=-20, max_value=20, max_denominator=64),
    st.fractions(min_value=0, max_value=20, max_denominator=64),
)


@settings(max_examples=300, deadline=None)
@given(balls)
def test_square_holds_every_square_and_is_not_below_zero(ball: tuple[Fraction, Fraction]) -> None:
    """(A ball's radius has 30 bits: a hull [0, u] may reach a few 2^-30·u below 0, no
    more; y*y of the ball [±1] reaches −1.)"""
    mid, rad = ball
    y = (
        flint.arb(flint.fmpq(mid.numerator, mid.denominator))
        .union(flint.arb(flint.fmpq((mid + rad).numerator, (mid + rad).denominator)))
        .union(flint.arb(flint.fmpq((mid - rad).numerator, (mid - rad).denominator)))
    )
    s = square(y)
    assert s.is_finite()
    assert s.lower() >= -s.upper() * flint.arb(2) ** -26
    for x in _points(mid, rad):
        assert _contains(s, x * x), (mid, rad, x)


def test_the_square_of_a_ball_centred_on_zero_is_finite() -> None:
    """[±1]: python-flint 0.9 gives nan for ``arb(0, 1)**2``; square gives [0, 1]."""
    s = square(flint.arb(0, 1))
    assert s.is_finite()
    assert s.upper() >= 1 and s.lower() >= -(flint.arb(2) ** -26)


def test_tanh_slope_on_a_symmetric_wide_ball_is_finite_and_true() -> None:
    """d/dx tanh(3x) on x in [−5, 5]: 3·(1 − tanh²) lies in [0, 3] — the slope must hold
    the true derivative at points of the ball (it was nan)."""
    with BALLS.precision(128):
        (x,) = seeds((flint.arb(0, 5),))
        y = DUALS.tanh(x * 3)
        assert isinstance(y, Dual)
        (slope,) = y.grad
        assert slope.is_finite()
        with mpmath.workdps(40):
            for t in (-5, -1, 0, Fraction(1, 3), 2, 5):
                exact = 3 * (1 - mpmath.tanh(3 * mpmath.mpf(t.numerator) / t.denominator) ** 2)
                assert slope.lower() <= flint.arb(mpmath.nstr(exact, 35)) <= slope.upper()
