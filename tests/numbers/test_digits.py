"""Certified decimal printing: the text is the enclosed value correctly rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

import flint
import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.numbers.digits import certified_digits, certify, certify_bounds

SIGMOID_MINUS_100 = "3.7200759760208359629596958038631e-44"  # problems.md §6


def rounded(value: Fraction, k: int) -> Decimal:
    """``value`` rounded half-even to k significant digits, by the decimal module."""
    with localcontext() as ctx:
        ctx.prec = k
        ctx.rounding = ROUND_HALF_EVEN
        return +(Decimal(value.numerator) / Decimal(value.denominator))


def test_sigmoid_minus_100_to_32_digits() -> None:
    with flint.ctx.workprec(200):
        ball = 1 / (1 + flint.arb(100).exp())
        assert certified_digits(ball, 32) == SIGMOID_MINUS_100


def test_exact_values_print_exactly() -> None:
    with flint.ctx.workprec(64):
        assert certified_digits(flint.arb(0), 30) == "0"
        assert certified_digits(flint.arb(1) / 2, 30) == "0.5"
        assert certified_digits(-flint.arb(1) / 2, 30) == "-0.5"
        assert certified_digits(flint.arb(200), 30) == "200"
        assert certified_digits(flint.arb(-100), 5) == "-100"


def test_wide_ball_prints_fewer_digits() -> None:
    with flint.ctx.workprec(30):
        third = flint.arb(1) / 3
        text = certified_digits(third, 30)
    assert 5 <= len(text) - 2 < 12
    assert text == "0." + "3" * (len(text) - 2)


def test_ball_around_zero_prints_zero_at_a_place() -> None:
    with flint.ctx.workprec(64):
        tiny = flint.arb(35) / 11 - flint.arb(35) / 11
        value = certify(tiny, 10)
    assert value.digits == 0 and not value.exact
    mantissa, exponent = value.text.split("e")
    assert mantissa == "0"
    place = Fraction(10) ** int(exponent)
    bound = max(abs(value.lower), abs(value.upper))
    assert bound <= place / 2 < bound * 10  # the finest place the whole ball rounds to 0
    assert mpmath.mpf(value.text) == 0  # parses


def test_ball_wider_than_its_value() -> None:
    value = certify_bounds(Fraction(-1, 100), Fraction(3), 10)
    assert value.text == "0e+1" and value.digits == 0


def test_naive_subtraction_keeps_few_digits_but_no_false_one() -> None:
    # problems.md §6: 1 - sigmoid(100) by subtraction at 50 digits loses ~38 digits.
    with mpmath.workdps(50):
        naive = 1 - 1 / (1 + mpmath.exp(-100))
        assert mpmath.nstr(naive, 12).startswith("3.72007606")  # wrong digits, plain mpmath
    with flint.ctx.workprec(170):
        ball = 1 - 1 / (1 + (-flint.arb(100)).exp())
        text = certified_digits(ball, 32)
    assert 0 < len(text.split("e")[0].replace(".", "")) < 32
    assert SIGMOID_MINUS_100.startswith(text.split("e")[0].rstrip("0")[:-1])


@settings(max_examples=200, deadline=None)
@given(
    st.fractions(min_value=-(10**12), max_value=10**12),
    st.fractions(min_value=0, max_value=1, max_denominator=10**9),
    st.integers(min_value=1, max_value=40),
)
def test_every_digit_is_the_correct_rounding(value: Fraction, width: Fraction, digits: int) -> None:
    lower, upper = value, value + width * abs(value) / 10**6
    result = certify_bounds(lower, upper, digits)
    assert result.digits <= digits
    if result.digits == 0:
        return
    shown = Decimal(result.text)
    if result.exact and Fraction(shown) == value:
        return
    else:
        assert shown == rounded(lower, result.digits) == rounded(upper, result.digits)
        mantissa = result.text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
        assert len(mantissa) == result.digits


@pytest.mark.parametrize("digits", [1, 2, 15, 50])
def test_text_parses_with_mpmath(digits: int) -> None:
    with flint.ctx.workprec(4 * digits + 64):
        ball = flint.arb(1).tanh() * 10**25
        text = certified_digits(ball, digits)
    with mpmath.workdps(digits + 10):
        assert abs(mpmath.mpf(text) - mpmath.tanh(1) * 10**25) <= mpmath.mpf(10) ** (26 - digits)


def test_digits_out_of_range() -> None:
    with pytest.raises(ValueError):
        certify_bounds(Fraction(1), Fraction(1), 0)
