"""Huge and tiny magnitudes (issue 15): activations of exact arguments such as -1e400 are
evaluated exponent-aware, printed with N certified mantissa digits and the exact exponent,
or as ``10^(Y)`` once the exponent has more than FULL_EXPONENT_DIGITS digits. Every text is
checked against mpmath at a precision that holds the argument exactly."""

from __future__ import annotations

import json
from fractions import Fraction

import flint
import mpmath
import pytest
import sympy
from cli_runner import run_cli
from hypothesis import example, given, settings
from hypothesis import strategies as st
from robustness.hostile_lib import homework

from symlstm.analysis.check import parse_exact
from symlstm.model.numbers import format_number, parse_number
from symlstm.numbers.contexts import BALLS
from symlstm.numbers.digits import FULL_EXPONENT_DIGITS, certify
from symlstm.render.values import latex_decimal, split_decimal


def _mp_text(value: mpmath.mpf, digits: int) -> str:
    """mpmath's correctly rounded N-digit text, in symlstm's scientific form."""
    text = mpmath.nstr(value, digits, min_fixed=1, max_fixed=0, strip_zeros=False)
    mantissa, _, exponent = text.partition("e")
    return f"{mantissa}e{int(exponent):+d}"


def _sigmoid_ball(z: Fraction, bits: int) -> object:
    with BALLS.precision(bits):
        return BALLS.sigmoid(BALLS.rational(z.numerator, z.denominator))


@pytest.mark.parametrize("exponent", [30, 400, 999])
@pytest.mark.parametrize("digits", [5, 30])
def test_sigmoid_of_huge_negative_argument_has_every_digit(exponent: int, digits: int) -> None:
    z = Fraction(-(10**exponent))
    ball = _sigmoid_ball(z, 128)
    shown = certify(ball, digits)
    with mpmath.workdps(exponent + 2 * digits + 20):  # 10^exponent held exactly
        expected = _mp_text(1 / (1 + mpmath.exp(mpmath.mpf(10) ** exponent)), digits)
    assert shown.text == expected
    assert shown.digits == digits


def test_tanh_and_sigmoid_of_huge_positive_arguments_round_to_one() -> None:
    for function in (BALLS.sigmoid, BALLS.tanh):
        with BALLS.precision(100):
            ball = function(BALLS.rational(10**500, 1))
        assert certify(ball, 12).text == "1.00000000000"


def test_an_exponent_past_the_limit_is_written_through_its_logarithm() -> None:
    exponent = FULL_EXPONENT_DIGITS + 4000
    ball = _sigmoid_ball(Fraction(-(10**exponent)), 128)
    shown = certify(ball, 20)
    with mpmath.workdps(60):
        # log10 sigmoid(-10^k) = -10^k·log10(e) - log10(1 + e^(-10^k)), the last term 0 here
        y = -(mpmath.mpf(10) ** exponent) / mpmath.ln(10)
        assert shown.text == f"10^({_mp_text(y, 20)})"
    assert shown.digits == 20 and not shown.exact
    negative = certify(-ball, 20)
    assert negative.text == "-" + shown.text


def test_a_ball_around_zero_with_a_huge_radius_exponent_is_an_upper_bound() -> None:
    tiny = _sigmoid_ball(Fraction(-(10**5000)), 128)
    with flint.ctx.workprec(128):
        ball = flint.arb(0, tiny.upper())  # [0 ± sigmoid(-1e5000)]
    shown = certify(ball, 10)
    assert shown.text.startswith("±10^(") and shown.digits == 0
    mantissa, exponent = split_decimal(shown.text)
    assert mantissa == "±"
    bound = mpmath.mpf(exponent)
    with mpmath.workdps(40):
        true = -(mpmath.mpf(10) ** 5000) / mpmath.ln(10)
        assert true <= bound <= true * (1 - mpmath.mpf(10) ** -8)


def test_the_exponent_is_written_in_full_up_to_the_limit() -> None:
    # 2^(-4·10^999) has a decimal exponent of 1000 digits, 2^(-4·10^1000) one of 1001
    k = FULL_EXPONENT_DIGITS - 1
    inside = flint.arb(flint.arf((1, -4 * 10**k)))
    outside = flint.arb(flint.arf((1, -4 * 10 ** (k + 1))))
    assert inside.is_exact() and outside.is_exact()
    text = certify(inside, 8).text
    mantissa, exponent = text.split("e")
    assert len(mantissa) == 9 and len(exponent) == 1 + FULL_EXPONENT_DIGITS
    with mpmath.workdps(1100):
        log = -4 * mpmath.mpf(10) ** k * mpmath.log10(2)
        assert int(exponent) == int(mpmath.floor(log))
        assert mantissa == mpmath.nstr(mpmath.mpf(10) ** (log - mpmath.floor(log)), 8)
    with mpmath.workdps(60):
        y = _mp_text(-4 * mpmath.mpf(10) ** (k + 1) * mpmath.log10(2), 8)
    assert certify(outside, 8).text == f"10^({y})"


def test_split_and_latex_of_the_forms() -> None:
    assert split_decimal("3.72e-44") == ("3.72", "-44")
    assert split_decimal("0.5") == ("0.5", "")
    assert split_decimal("-10^(-4.34e+4999)") == ("-", "-4.34e+4999")
    assert split_decimal("±10^(-4.34e+4999)") == ("±", "-4.34e+4999")
    assert latex_decimal("3.72e-44") == r"3.72 \cdot 10^{-44}"
    assert latex_decimal("10^(-4.34e+4999)") == r"10^{-4.34 \cdot 10^{4999}}"
    assert latex_decimal("±10^(-4.34e+4999)") == r"\pm 10^{-4.34 \cdot 10^{4999}}"


@pytest.mark.parametrize(
    "value",
    [
        sympy.Integer(10) ** 400,
        -7 * sympy.Integer(10) ** 5000,
        sympy.Rational(1, 10**400),
        sympy.Rational(-25, 10**402),
        sympy.Rational(123456789, 10**200),
        sympy.Integer(10) ** 10000,
    ],
)
def test_long_exact_decimals_are_written_with_an_exponent_and_read_back(
    value: sympy.Rational,
) -> None:
    text = format_number(value)
    assert "e" in text and len(text) < 20
    assert parse_number(text) == value
    assert parse_exact(text) == Fraction(int(value.p), int(value.q))  # the checker's reader


def test_short_and_non_decimal_numbers_keep_their_form() -> None:
    assert format_number(sympy.Integer(-100)) == "-100"
    assert format_number(sympy.Rational(23, 20)) == "23/20"
    assert format_number(sympy.Integer(10) ** 50) == "1" + "0" * 50
    third = sympy.Rational(1, 3 * 10**400)
    assert format_number(third) == f"1/3{'0' * 400}"


def _write(tmp_path: object, **params: str) -> str:
    path = tmp_path / "m.toml"  # type: ignore[operator]
    path.write_text(homework(**params))
    return str(path)


def test_solve_prints_sigmoid_of_minus_1e400_with_every_digit(tmp_path: object) -> None:
    path = _write(tmp_path, b_f="-1e400")
    run = run_cli(["solve", path, "-i", "0,1", "--dps", "25", "-r", "exact", "-f", "json"])
    assert run.status == 0, run.stderr
    data = json.loads(run.stdout)
    with mpmath.workdps(450):
        expected = _mp_text(1 / (1 + mpmath.exp(mpmath.mpf(10) ** 400)), 25)
    for step in data["steps"]:
        assert step["f"] == expected


def test_solve_and_table_with_an_exponent_past_the_limit(tmp_path: object) -> None:
    path = _write(tmp_path, b_f="-1e5000")
    run = run_cli(["solve", path, "-i", "0,1", "--dps", "15", "-r", "exact", "-f", "json"])
    assert run.status == 0, run.stderr
    f = json.loads(run.stdout)["steps"][0]["f"]
    with mpmath.workdps(40):
        assert f == f"10^({_mp_text(-(mpmath.mpf(10) ** 5000) / mpmath.ln(10), 15)})"
    table = run_cli(["table", path, "--dps", "15"])
    assert table.status == 0, table.stderr
    assert f"≈ {f}" in table.stdout


def test_a_certificate_of_a_huge_weight_is_checked(tmp_path: object) -> None:
    path = _write(tmp_path, b_f="-1e5000")
    certificate = tmp_path / "c.json"  # type: ignore[operator]
    run = run_cli(["prove", path, "-o", str(certificate)])
    assert run.status == 0, run.stderr
    assert '"-1e5000"' in certificate.read_text()
    check = run_cli(["check", str(certificate)])
    assert check.status == 0 and check.stdout.strip() == "valid", check.stdout + check.stderr


def _significant(text: str) -> int:
    return len(text.split("e")[0].lstrip("-").replace(".", "").lstrip("0"))


def _significant_exact(text: str) -> int:
    """Significant digits of an exact value's text: an integer's trailing zeros hold places
    (an exact 10 at one digit is ``10``, not ``1e+1``)."""
    mantissa = text.split("e")[0]
    if "." not in mantissa:
        mantissa = mantissa.rstrip("0") or "0"
    return _significant(mantissa)


def _mp(end: flint.arb) -> mpmath.mpf:
    """An exact arb (an endpoint) as an mpf, exactly (its mantissa fits the precision)."""
    mantissa, exponent = (int(v) for v in end.man_exp())
    return mpmath.ldexp(mpmath.mpf(mantissa), exponent)


def _nearest(x: mpmath.mpf, n: int) -> tuple[mpmath.mpf, int]:
    """``x`` rounded to ``n`` significant digits (nint of the scaled value at the working
    precision; ``mpmath.nstr`` rounds twice)."""
    if not x:
        return mpmath.mpf(0), 0
    place = int(mpmath.floor(mpmath.log10(abs(x)))) - n + 1
    return mpmath.nint(x / mpmath.mpf(10) ** place), place


@settings(max_examples=300, deadline=None)
@given(
    st.fractions(max_denominator=10**12).filter(lambda v: v != 0 and abs(v) < 10**12),
    st.sampled_from(["sigmoid", "tanh", "value", "exp"]),
    st.integers(1, 60),
)
@example(Fraction(10), "value", 1)  # exact: printed 10, its zero holds a place
@example(Fraction(123), "value", 1)  # exact, but printed 1e+2
@example(Fraction(7, 200000000000), "tanh", 1)  # the 63-bit ball holds 3.5e-11 (CI found it)
def test_n_digits_exactly_and_correctly_rounded(value: Fraction, function: str, n: int) -> None:
    """Every printed value has exactly N significant digits (trailing zeros kept) and is the
    true value correctly rounded (mpmath at 3N + 40 digits), unless it is marked exact."""
    bits = int(n * 3.33) + 60
    with BALLS.precision(bits):
        z = BALLS.rational(value.numerator, value.denominator)
        ball = {
            "sigmoid": BALLS.sigmoid,
            "tanh": BALLS.tanh,
            "value": lambda b: b * 1,
            "exp": lambda b: (b / 10**6).exp() if isinstance(b, flint.arb) else b,
        }[function](z)
    shown = certify(ball, n)
    with mpmath.workdps(3 * n + 40):
        x = mpmath.mpf(value.numerator) / value.denominator
        truth = {
            "sigmoid": lambda: 1 / (1 + mpmath.exp(-x)),
            "tanh": lambda: mpmath.tanh(x),
            "value": lambda: x,
            "exp": lambda: mpmath.exp(x / 10**6),
        }[function]()
        if shown.exact and shown.exact_value is not None:
            exact = shown.exact_value
            assert mpmath.mpf(exact.numerator) / exact.denominator == truth
            assert _significant_exact(shown.text) <= n, shown
            return
        low, high = (_mp(end) for end in (ball.lower(), ball.upper()))
        straddles = _nearest(low, n) != _nearest(high, n)
        if shown.digits != n and straddles:
            # the ball holds an N-digit rounding boundary: no N-digit text is certain; the
            # text printed instead is true to its own last place
            last = shown.text.split("e")[0]
            place = int(shown.text.split("e")[1]) if "e" in shown.text else 0
            place -= len(last.partition(".")[2])
            assert abs(mpmath.mpf(shown.text) - truth) <= mpmath.mpf(10) ** place / 2, shown
            return
        assert shown.digits == n and _significant(shown.text) == n, shown
        printed = mpmath.mpf(shown.text)
        ulp = mpmath.mpf(10) ** (int(mpmath.floor(mpmath.log10(abs(printed)))) - n + 1)
        assert abs(printed - truth) <= ulp / 2, (shown.text, mpmath.nstr(truth, n + 5))


def test_json_marks_exact_values_whose_rational_fits() -> None:
    from symlstm.numbers.digits import certify_bounds
    from symlstm.render.values import MAX_EXACT_CHARS, value_json

    def shown(value: Fraction) -> object:
        return value_json(certify_bounds(value, value, 5))

    assert shown(Fraction(23, 20)) == {"exact": "23/20", "digits": "1.15"}
    assert shown(Fraction(10**10000)) == {"exact": "1e10000", "digits": "1e+10000"}
    assert shown(Fraction(-(10**400), 3)) == {"exact": f"-1{'0' * 400}/3", "digits": "-3.3333e+399"}
    long = Fraction(10**MAX_EXACT_CHARS + 1)  # exact, but its text is too long to write
    assert shown(long) == "1.0000e+1000"
    with flint.ctx.workprec(100):
        assert value_json(certify(flint.arb(2).sqrt(), 5)) == "1.4142"
