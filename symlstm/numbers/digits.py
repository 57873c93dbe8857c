"""Certified decimal printing: only the digits an enclosure guarantees.

A value known as a ball ``[m ± r]`` (python-flint ``arb``) or as exact bounds
``lower ≤ value ≤ upper`` is printed with the largest number ``k ≤ N`` of significant
digits for which *every* number of the enclosure rounds (half to even) to the same
``k``-digit decimal. So the printed text is the true value correctly rounded to the digits
shown: each printed digit is true. An exact value is printed exactly when it has at most
``N`` significant digits, without trailing zeros.

The text is plain decimal (``0.76159415595576488811945828260479``) or scientific
(``3.7200759760208359629596958038631e-44``), both of which :class:`mpmath.mpf`,
:class:`decimal.Decimal` and :class:`float` parse. When no significant digit is certain
(a ball that holds 0 but is not 0, e.g. -35/11 + 35/11 computed in balls) the text is the
value rounded at the finest decimal place the whole ball agrees on, ``0e-206``: the value
is 0 to within half a unit of 10^-206 (``digits`` is then 0, ``exact`` False).

Public API (used by traces, rounding reports, gaps, the analyzer and the report)::

    certified_digits(ball, digits) -> str
    certify(ball, digits) -> CertifiedValue
    certify_bounds(lower, upper, digits) -> CertifiedValue
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

MAX_DIGITS = 100_000


@dataclass(frozen=True)
class CertifiedValue:
    """A value's certified decimal text and the exact enclosure it was printed from.

    ``digits`` is the number of significant digits in ``text`` (0 when none is certain);
    ``exact`` says the enclosure is a single number (``lower == upper``).
    """

    text: str
    lower: Fraction
    upper: Fraction
    digits: int
    exact: bool

    def __str__(self) -> str:
        return self.text


def ball_bounds(ball: Any) -> tuple[Fraction, Fraction]:
    """The exact endpoints of an ``arb`` ball (midpoint ± radius) as fractions."""
    if not ball.is_finite():
        raise ValueError(f"not a finite enclosure: {ball}")
    mid = _dyadic(ball.mid())
    rad = _dyadic(ball.rad())
    return mid - rad, mid + rad


def _dyadic(exact_arb: Any) -> Fraction:
    mantissa, exponent = exact_arb.man_exp()
    m, e = int(mantissa), int(exponent)
    return Fraction(m * 2**e) if e >= 0 else Fraction(m, 2 ** (-e))


def _exponent10(value: Fraction) -> int:
    """floor(log10(|value|)) for a nonzero fraction, exactly."""
    a = abs(value)
    n, d = a.numerator, a.denominator
    # estimate from bit lengths, then correct
    e = int((n.bit_length() - d.bit_length()) * 0.30102999566398)
    while True:
        low_ok = n >= d * 10**e if e >= 0 else n * 10 ** (-e) >= d
        if not low_ok:
            e -= 1
            continue
        high_ok = n < d * 10 ** (e + 1) if e >= -1 else n * 10 ** (-(e + 1)) < d
        if not high_ok:
            e += 1
            continue
        return e


def _round(value: Fraction, k: int) -> tuple[int, int, int]:
    """``value`` rounded half-even to ``k`` significant digits: (sign, digits, exponent)
    meaning sign · digits · 10^(exponent − k + 1), with ``digits`` of exactly k digits."""
    if value == 0:
        return (0, 0, 0)
    sign = -1 if value < 0 else 1
    n, d = abs(value.numerator), value.denominator
    e = _exponent10(abs(value))
    scale = e - k + 1
    # integer arithmetic only: no gcd of huge numbers at 10,000 digits
    num, den = (n, d * 10**scale) if scale >= 0 else (n * 10 ** (-scale), d)
    q, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and q % 2 == 1):
        q += 1
    if q == 10**k:
        q //= 10
        e += 1
    return (sign, q, e)


def _int_text(n: int) -> str:
    """Decimal digits of a non-negative integer of any size (``str`` refuses > 4300)."""
    return str(flint.fmpz(n)) if n.bit_length() > 10_000 else str(n)


def _text(sign: int, digits: int, exponent: int, k: int, exact: bool = False) -> str:
    """Decimal text of sign · d.ddd × 10^exponent with k significant digits (all kept).

    Plain notation for exponents from -5 to 20, unless it would need zeros that are not
    among the k digits (allowed only for an exact value); scientific otherwise."""
    if sign == 0:
        return "0"
    body = _int_text(digits).rjust(k, "0")
    minus = "-" if sign < 0 else ""
    if -5 <= exponent <= 20 and (exponent < k or exact):
        if exponent >= k - 1:
            text = body + "0" * (exponent - k + 1)
        elif exponent >= 0:
            text = body[: exponent + 1] + "." + body[exponent + 1 :]
        else:
            text = "0." + "0" * (-exponent - 1) + body
        return minus + text
    mantissa = body[0] + ("." + body[1:] if k > 1 else "")
    return f"{minus}{mantissa}e{exponent:+d}"


def _exact_text(value: Fraction, digits: int) -> tuple[str, int] | None:
    """The exact decimal of ``value`` if it has at most ``digits`` significant digits."""
    if value == 0:
        return "0", 1
    d = value.denominator
    if d & (d - 1):  # a terminating decimal has a denominator 2^a 5^b: strip the 2s
        odd = d >> ((d & -d).bit_length() - 1)
        while odd % 5 == 0:
            odd //= 5
        if odd != 1:
            return None
    sign, n, e = _round(value, digits)
    scale = e - digits + 1
    if scale >= 0:
        exact = d == 1 and value.numerator == sign * n * 10**scale
    else:
        exact = value.numerator * 10 ** (-scale) == sign * n * d
    if not exact:
        return None
    text = _int_text(n)
    zeros = min(len(text) - len(text.rstrip("0")), len(text) - 1)
    k = len(text) - zeros
    return _text(sign, n // 10**zeros, e, k, exact=True), k


def _round_at(value: Fraction, place: int) -> int:
    """``value`` / 10^place rounded half to even."""
    num, den = value.numerator, value.denominator
    if place >= 0:
        den *= 10**place
    else:
        num *= 10 ** (-place)
    q, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and q % 2 == 1):
        q += 1
    return q


def _absolute_text(lower: Fraction, upper: Fraction) -> str:
    """For an enclosure too wide for one significant digit (it holds 0, or is wider than
    the value): the value rounded at the finest decimal place ``p`` where the whole
    enclosure rounds alike, written ``m e p`` — usually ``0e-206``: |value| ≤ 0.5·10^-206."""
    bound = max(abs(lower), abs(upper))
    place = _exponent10(2 * bound) if bound else 0
    while _round_at(lower, place) != _round_at(upper, place):
        place += 1
    while _round_at(lower, place - 1) == _round_at(upper, place - 1):
        place -= 1
    return f"{_round_at(lower, place)}e{place:+d}"


def certify_bounds(lower: Fraction, upper: Fraction, digits: int) -> CertifiedValue:
    """The certified text of a value known to lie in ``[lower, upper]``."""
    if not 1 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be from 1 to {MAX_DIGITS}, got {digits}")
    if lower > upper:
        raise ValueError("empty enclosure: lower > upper")
    if lower == upper:
        exact = _exact_text(lower, digits)
        if exact is not None:
            return CertifiedValue(exact[0], lower, upper, exact[1], True)
    if lower <= 0 <= upper and lower != upper:
        return CertifiedValue(_absolute_text(lower, upper), lower, upper, 0, False)
    # the largest k whose rounding the width cannot change starts near log10(|x| / width)
    start = digits
    width = upper - lower
    if width > 0:
        ratio = min(abs(lower), abs(upper)) / width
        start = min(digits, max(1, _exponent10(ratio) + 2) if ratio >= 1 else 1)
    for k in range(start, 0, -1):
        low, high = _round(lower, k), _round(upper, k)
        if low == high:
            return CertifiedValue(_text(*low, k), lower, upper, k, lower == upper)
    return CertifiedValue(_absolute_text(lower, upper), lower, upper, 0, False)


def certify(ball: Any, digits: int) -> CertifiedValue:
    """The certified text of an ``arb`` ball, with at most ``digits`` significant digits."""
    lower, upper = ball_bounds(ball)
    return certify_bounds(lower, upper, digits)


def certified_digits(ball: Any, digits: int) -> str:
    """Only the digits ``ball`` guarantees, at most ``digits`` significant ones."""
    return certify(ball, digits).text


__all__ = [
    "MAX_DIGITS",
    "CertifiedValue",
    "ball_bounds",
    "certified_digits",
    "certify",
    "certify_bounds",
]
