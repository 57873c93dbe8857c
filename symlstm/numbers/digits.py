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

Huge and tiny magnitudes: the exponent is an integer of any size, written in full up to
FULL_EXPONENT_DIGITS (1000) digits (sigmoid(-1e400) is ``2.6898614613507575686910319037e-4342…``,
every mantissa digit certified). Beyond, the value is written through its exponent:
``10^(Y)`` (``-10^(Y)`` for a negative value) with Y = log10|value| printed by the same rules
(sigmoid(-1e5000) is ``10^(-4.34294481903251827651128918917e+4999)``; ``digits`` counts Y's
digits), and an enclosure of 0 as ``±10^(Y)``: |value| ≤ 10^Y, Y rounded up (``digits`` 0).

Public API (used by traces, rounding reports, gaps, the analyzer and the report)::

    certified_digits(ball, digits) -> str
    certify(ball, digits) -> CertifiedValue
    certify_bounds(lower, upper, digits) -> CertifiedValue
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import flint

MAX_DIGITS = 100_000
EXTRA_DIGITS = 6  # decimal digits asked of arb beyond the N printed (its enclosure widens)
MAX_EXACT_BITS = 1 << 20  # an exact ball with a larger binary exponent is printed as a ball
FULL_EXPONENT_DIGITS = 1000  # a longer decimal exponent is written 10^(Y) (see _compact)
TINY_BITS = 1 << 16  # ball_bounds widens values below 2^-TINY_BITS to ±2^-TINY_BITS
RADIUS_BITS = 64  # ball_bounds widens a radius below 2^-64 of the midpoint's last bit to it
_CACHE_SIZE = 1 << 18  # balls: a 20,000-step solve certifies ~220,000, each once


@dataclass(frozen=True)
class CertifiedValue:
    """A value's certified decimal text and the enclosure it was printed from.

    ``digits`` is the number of significant digits in ``text`` (0 when none is certain);
    ``exact`` says the enclosure is a single number (``lower == upper``), whose exact value
    is ``exact_value`` when it is a rational symlstm knows (else None). ``lower`` and
    ``upper`` are the enclosure's exact endpoints (computed on demand: for a ball of
    e^(-10^20) they are widened, see :func:`ball_bounds`).
    """

    text: str
    digits: int
    exact: bool
    exact_value: Fraction | None = None
    enclosure: Any = field(default=None, repr=False, compare=False)

    @property
    def lower(self) -> Fraction:
        return self._bounds()[0]

    @property
    def upper(self) -> Fraction:
        return self._bounds()[1]

    def _bounds(self) -> tuple[Fraction, Fraction]:
        if isinstance(self.enclosure, tuple):
            low, high = self.enclosure
            return low, high
        return ball_bounds(self.enclosure)

    def __str__(self) -> str:
        return self.text


class ExactBall(flint.arb):
    """An ``arb`` ball that also knows the exact rational it encloses (``exact_value``), so
    that it is printed exactly (or correctly rounded, ties included) rather than from its
    binary enclosure. Arithmetic on it gives plain balls."""

    __slots__ = ("exact_value",)

    exact_value: Fraction

    # Sums, differences, products and quotients of exact numbers stay exact (and marked),
    # so that z = W·x + b with b = 54.4575 prints as the exact 54.4575's correct rounding.
    def __add__(self, other: Any) -> Any:
        result = _exact_op(self, other, _ADD)
        return result if result is not None else flint.arb.__add__(self, other)

    def __radd__(self, other: Any) -> Any:
        result = _exact_op(other, self, _ADD)
        return result if result is not None else flint.arb.__radd__(self, other)

    def __sub__(self, other: Any) -> Any:
        result = _exact_op(self, other, _SUB)
        return result if result is not None else flint.arb.__sub__(self, other)

    def __rsub__(self, other: Any) -> Any:
        result = _exact_op(other, self, _SUB)
        return result if result is not None else flint.arb.__rsub__(self, other)

    def __mul__(self, other: Any) -> Any:
        result = _exact_op(self, other, _MUL)
        return result if result is not None else flint.arb.__mul__(self, other)

    def __rmul__(self, other: Any) -> Any:
        result = _exact_op(other, self, _MUL)
        return result if result is not None else flint.arb.__rmul__(self, other)

    def __truediv__(self, other: Any) -> Any:
        result = _exact_op(self, other, _DIV)
        return result if result is not None else flint.arb.__truediv__(self, other)

    def __rtruediv__(self, other: Any) -> Any:
        result = _exact_op(other, self, _DIV)
        return result if result is not None else flint.arb.__rtruediv__(self, other)

    def __neg__(self) -> Any:
        return exact_ball(-self.exact_value)

    def __pos__(self) -> Any:
        return self


_ADD, _SUB, _MUL, _DIV = range(4)
MAX_EXACT_FRACTION_BITS = 1 << 18  # exactness is dropped beyond (the ball stays correct)


def _exact_of(value: Any) -> Fraction | None:
    known = getattr(value, "exact_value", None)
    if isinstance(known, Fraction):
        return known
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, flint.arb) and value.is_exact():
        _, exponent = value.mid().man_exp()
        if abs(int(exponent)) <= MAX_EXACT_FRACTION_BITS:
            return _dyadic(value.mid())
    return None


def _exact_op(left: Any, right: Any, op: int) -> Any:
    """``left op right`` as an exact ball when both are exact (None otherwise)."""
    a = _exact_of(left)
    if a is None:
        return None
    b = _exact_of(right)
    if b is None:
        return None
    if op == _ADD:
        result = a + b
    elif op == _SUB:
        result = a - b
    elif op == _MUL:
        result = a * b
    else:
        if b == 0:
            return None
        result = a / b
    if result.numerator.bit_length() + result.denominator.bit_length() > MAX_EXACT_FRACTION_BITS:
        return None
    return exact_ball(result)


def exact_ball(value: Fraction) -> ExactBall:
    """The ball of ``value`` at the working precision, marked exact. Equal values at one
    precision share one ball (a trace of 10^4 steps on a weight of 10^5000 would otherwise
    hold 10^5 copies of a 2 KB fraction, and certify each)."""
    key = (value, flint.ctx.prec)
    ball = _EXACT_BALLS.get(key)
    if ball is None:
        ball = ExactBall(flint.fmpq(value.numerator, value.denominator))
        ball.exact_value = value
        if len(_EXACT_BALLS) >= 4096:
            _EXACT_BALLS.clear()
        _EXACT_BALLS[key] = ball
    return ball


_EXACT_BALLS: dict[tuple[Fraction, int], ExactBall] = {}


def ball_bounds(ball: Any) -> tuple[Fraction, Fraction]:
    """The exact endpoints of an ``arb`` ball (midpoint ± radius) as fractions.

    A ball whose every point is smaller than 2^-TINY_BITS in magnitude (e^(-10^20), which
    no fraction of reasonable size can hold) gives the wider ``±2^-TINY_BITS``."""
    if not ball.is_finite():
        raise ValueError(f"not a finite enclosure: {ball}")
    mid, rad = ball.mid(), ball.rad()
    mid_mantissa, mid_exponent = (int(v) for v in mid.man_exp())
    rad_mantissa, rad_exponent = (int(v) for v in rad.man_exp())
    mid_top = mid_exponent + abs(mid_mantissa).bit_length()
    rad_top = rad_exponent + rad_mantissa.bit_length()
    if (mid_mantissa == 0 or mid_top < -TINY_BITS) and (rad_mantissa == 0 or rad_top < -TINY_BITS):
        if mid_mantissa == 0 and rad_mantissa == 0:
            return Fraction(0), Fraction(0)
        bound = Fraction(1, 1 << TINY_BITS)
        return -bound, bound
    if mid_mantissa and rad_mantissa and rad_top < mid_exponent - RADIUS_BITS:
        # a radius far below the midpoint's last bit: widened to 2^(last bit − 64), so that
        # the fractions stay as small as the midpoint
        rad_mantissa, rad_exponent = 1, mid_exponent - RADIUS_BITS
    if rad_mantissa and mid_mantissa and mid_top < rad_exponent - RADIUS_BITS:
        # a midpoint far below the radius: the ball is [−2r, 2r] for our purposes
        mid_mantissa, rad_mantissa = 0, 2 * rad_mantissa
    m = _dyadic_of(mid_mantissa, mid_exponent)
    r = _dyadic_of(rad_mantissa, rad_exponent)
    return m - r, m + r


def _dyadic_of(m: int, e: int) -> Fraction:
    return Fraction(m << e) if e >= 0 else Fraction(m, 1 << (-e))


def _dyadic(exact_arb: Any) -> Fraction:
    mantissa, exponent = exact_arb.man_exp()
    m, e = int(mantissa), int(exponent)
    return Fraction(m * 2**e) if e >= 0 else Fraction(m, 2 ** (-e))


@lru_cache(maxsize=4096)
def _pow10(k: int) -> int:
    power: int = 10**k
    return power


def _ndigits(n: int) -> int:
    """Decimal digits of the positive integer ``n``."""
    d = (n.bit_length() * 1233) >> 12  # floor(bits · log10 2), never more than the digits
    if d == 0 or n >= _pow10(d):
        d += 1
    return d


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


class _LongExponent(Exception):
    """The decimal exponent has more than FULL_EXPONENT_DIGITS digits (the text is
    written ``10^(Y)`` instead, see :func:`_compact`)."""


def _exponent_text(exponent: int) -> str:
    """``+44``, ``-4342944819…`` (every digit, or _LongExponent beyond FULL_EXPONENT_DIGITS)."""
    if exponent.bit_length() > 3300 and _ndigits(abs(exponent)) > FULL_EXPONENT_DIGITS:
        raise _LongExponent
    return ("-" if exponent < 0 else "+") + _int_text(abs(exponent))


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
    return f"{minus}{mantissa}e{_exponent_text(exponent)}"


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
    if lower == upper:
        return _certify_exact(lower, digits)
    return _certify_bounds(lower, upper, digits)


@lru_cache(maxsize=4096)
def _certify_exact(value: Fraction, digits: int) -> CertifiedValue:
    return _certify_bounds(value, value, digits)


def _certify_bounds(lower: Fraction, upper: Fraction, digits: int) -> CertifiedValue:
    if not 1 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be from 1 to {MAX_DIGITS}, got {digits}")
    if lower > upper:
        raise ValueError("empty enclosure: lower > upper")
    if lower == upper:
        exact = _exact_text(lower, digits)
        if exact is not None:
            return CertifiedValue(exact[0], exact[1], True, lower, (lower, upper))
    if lower <= 0 <= upper and lower != upper:
        return CertifiedValue(_absolute_text(lower, upper), 0, False, None, (lower, upper))
    # the largest k whose rounding the width cannot change starts near log10(|x| / width)
    start = digits
    width = upper - lower
    if width > 0:
        ratio = min(abs(lower), abs(upper)) / width
        start = min(digits, max(1, _exponent10(ratio) + 2) if ratio >= 1 else 1)
    for k in range(start, 0, -1):
        low, high = _round(lower, k), _round(upper, k)
        if low == high:
            same = lower == upper
            return CertifiedValue(_text(*low, k), k, same, lower if same else None, (lower, upper))
    return CertifiedValue(_absolute_text(lower, upper), 0, False, None, (lower, upper))


def certify(ball: Any, digits: int) -> CertifiedValue:
    """The certified text of an ``arb`` ball, with at most ``digits`` significant digits.

    Computed once per ball and number of digits (a small cache keyed by the ball object),
    from arb's decimal enclosure of the ball (``mid_rad_10exp``: integers ``M``, ``R``,
    ``E`` with the ball inside ``[M − R, M + R]·10^E``) with integer arithmetic only; an
    :class:`ExactBall` is printed from its exact rational."""
    key = (id(ball), digits)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ball:
        return hit[1]
    value = _fast(ball, digits) if type(ball) is _ARB else None
    if value is None:
        value = _certify(ball, digits)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (ball, value)
    return value


_ARB = flint.arb
_NEW = object.__new__
FAST_DIGITS = 200  # the fast path's limit (its powers of ten are a table)
FAST_EXPONENT = 10**6  # and its decimal exponents' (beyond, the general path)


def _value(
    text: str, digits: int, exact: bool, exact_value: Fraction | None, enclosure: Any
) -> CertifiedValue:
    """A :class:`CertifiedValue`, built without the frozen dataclass's ``__init__`` (five
    ``object.__setattr__`` calls: half the cost of a certified digit string)."""
    value = _NEW(CertifiedValue)
    fields = value.__dict__
    fields["text"] = text
    fields["digits"] = digits
    fields["exact"] = exact
    fields["exact_value"] = exact_value
    fields["enclosure"] = enclosure
    return value


def _fast(ball: Any, digits: int) -> CertifiedValue | None:
    """The common case, inline: a plain inexact ball of one sign whose whole decimal
    enclosure rounds (half to even) to the same ``digits``-digit decimal, an exponent of
    at most a few digits. None otherwise (the general path, :func:`_certify_decimal`)."""
    if digits > FAST_DIGITS or digits < 1 or ball.is_exact() or not ball.is_finite():
        return None
    mid, rad, exp10 = ball.mid_rad_10exp(digits + EXTRA_DIGITS)
    m = int(mid)
    r = int(rad)
    if m > r:
        minus, low, high = "", m - r, m + r
    elif m < -r:
        minus, low, high = "-", -m - r, r - m
    else:
        return None
    d = (low.bit_length() * 1233) >> 12  # floor(bits · log10 2) ≤ decimal digits of low
    if d >= 250:
        return None
    if low >= _POW10[d]:
        d += 1
    j = d - digits  # low has d digits: drop j of them
    if j <= 0 or j >= 250:
        return None
    unit = _POW10[j]
    q, remainder = divmod(low, unit)
    twice = remainder << 1
    if twice > unit or (twice == unit and q & 1):
        q += 1
    q_high, remainder = divmod(high, unit)
    twice = remainder << 1
    if twice > unit or (twice == unit and q_high & 1):
        q_high += 1
    if q != q_high:
        return None
    if q == _POW10[digits]:  # 9.99…95 rounds up to 10.0…0: one more digit to the left
        q //= 10
        j += 1
    exponent = int(exp10) + j + digits - 1
    if not -FAST_EXPONENT < exponent < FAST_EXPONENT:
        return None
    body = str(q)
    if -5 <= exponent < digits and exponent <= 20:
        if exponent == digits - 1:
            text = minus + body
        elif exponent >= 0:
            text = minus + body[: exponent + 1] + "." + body[exponent + 1 :]
        else:
            text = minus + "0." + "0" * (-exponent - 1) + body
    elif digits > 1:
        text = f"{minus}{body[0]}.{body[1:]}e{exponent:+d}"
    else:
        text = f"{minus}{body}e{exponent:+d}"
    return _value(text, digits, False, None, ball)


_CACHE: dict[tuple[int, int], tuple[Any, CertifiedValue]] = {}


def _certify(ball: Any, digits: int) -> CertifiedValue:
    try:
        return _certify_decimal(ball, digits)
    except _LongExponent:
        return _compact(ball, digits)


def _certify_decimal(ball: Any, digits: int) -> CertifiedValue:
    if not 1 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be from 1 to {MAX_DIGITS}, got {digits}")
    known = getattr(ball, "exact_value", None)
    if known is not None:  # an ExactBall (no isinstance: Fraction's ABC check is slow)
        return _with(certify_bounds(known, known, digits), ball, known)
    if not ball.is_finite():
        raise ValueError(f"not a finite enclosure: {ball}")
    mid, rad, exp10 = ball.mid_rad_10exp(digits + EXTRA_DIGITS)
    m, r, e = int(mid), int(rad), int(exp10)
    exact = ball.is_exact()
    # balls with the same decimal enclosure print alike: a trace repeats its values
    key = (m, r, e, exact, digits)
    known_value = _BY_VALUE.get(key)
    if known_value is not None:
        return CertifiedValue(
            known_value.text, known_value.digits, known_value.exact, known_value.exact_value, ball
        )
    value = _certify_scaled(ball, m, r, e, exact, digits)
    if value.digits < digits and not value.exact:
        # arb's decimal enclosure of N + 6 digits is wider than the ball itself: a value
        # near a rounding midpoint needs as many decimal digits as the ball holds
        accurate = (max(ball.rel_accuracy_bits(), 0) * 1233 >> 12) + 3
        if accurate > digits + EXTRA_DIGITS:
            mid, rad, exp10 = ball.mid_rad_10exp(accurate)
            return _certify_scaled(ball, int(mid), int(rad), int(exp10), exact, digits)
    if len(_BY_VALUE) >= _CACHE_SIZE:
        _BY_VALUE.clear()
    _BY_VALUE[key] = value
    return value


_BY_VALUE: dict[tuple[int, int, int, bool, int], CertifiedValue] = {}


_POW10 = [10**k for k in range(256)]


def _fast_scaled(ball: Any, m: int, r: int, e: int, digits: int) -> CertifiedValue | None:
    """The common case of :func:`_certify_scaled`, inline: an inexact ball of one sign
    whose both ends round alike to ``digits`` digits (None otherwise: the general path)."""
    if m > r:
        sign, low, high = 1, m - r, m + r
    elif m < -r:
        sign, low, high = -1, -m - r, -m + r
    else:
        return None
    d = (low.bit_length() * 1233) >> 12
    if d >= 250:
        return None
    if low >= _POW10[d]:
        d += 1
    j = d - digits
    if j <= 0 or j >= 250:
        return None
    unit = _POW10[j]
    q, remainder = divmod(low, unit)
    twice = 2 * remainder
    if twice > unit or (twice == unit and q & 1):
        q += 1
    q_high, remainder = divmod(high, unit)
    twice = 2 * remainder
    if twice > unit or (twice == unit and q_high & 1):
        q_high += 1
    if q != q_high or q == _POW10[digits]:
        return None
    exponent = e + j + digits - 1
    body = str(q)
    minus = "-" if sign < 0 else ""
    if -5 <= exponent < digits and exponent <= 20:
        if exponent >= 0:
            text = body[: exponent + 1] + "." + body[exponent + 1 :]
        else:
            text = "0." + "0" * (-exponent - 1) + body
        if text.endswith("."):
            text = text[:-1]
        return CertifiedValue(minus + text, digits, False, None, ball)
    return None


def _certify_scaled(ball: Any, m: int, r: int, e: int, exact: bool, digits: int) -> CertifiedValue:
    if not exact:
        fast = _fast_scaled(ball, m, r, e, digits)
        if fast is not None:
            return fast
    if r == 0 and exact:  # an exact binary number, and its decimal is exact too
        return _exact_scaled(m, e, digits, ball)
    if exact:
        _, exponent = ball.mid().man_exp()
        if abs(int(exponent)) <= MAX_EXACT_BITS:
            value = _dyadic(ball.mid())
            return _with(certify_bounds(value, value, digits), ball, value)
    low, high = m - r, m + r
    outer = (low, high)
    if low <= 0 <= high:
        if low == high == 0:
            return CertifiedValue("0", 1, True, Fraction(0), ball)
        return CertifiedValue(_absolute_scaled(low, high, e), 0, False, None, ball)
    sign = 1
    if high < 0:
        sign, low, high = -1, -high, -low
    # the largest k whose rounding the width cannot change: about digits(x) − digits(width)
    width = high - low
    start = digits
    if width:
        start = min(digits, max(1, _ndigits(low) - _ndigits(width) + 1))
    for k in range(start, 0, -1):
        q_low, j_low = _round_scaled(low, k)
        if (q_low, j_low) == _round_scaled(high, k):
            exponent = e + j_low + k - 1
            return CertifiedValue(_text(sign, q_low, exponent, k), k, False, None, ball)
    return CertifiedValue(_absolute_scaled(*outer, e), 0, False, None, ball)


def _exact_scaled(m: int, e: int, digits: int, ball: Any) -> CertifiedValue:
    """The exact value m·10^e: written exactly when it has at most ``digits`` significant
    digits, else correctly rounded (half to even) to ``digits``."""
    if m == 0:
        return CertifiedValue("0", 1, True, Fraction(0), ball)
    sign, n = (-1, -m) if m < 0 else (1, m)
    while n % 10 == 0:
        n //= 10
        e += 1
    k = _ndigits(n)
    exact = Fraction(sign * n) * Fraction(10) ** e if abs(e) < 400 else None
    if k <= digits:
        return CertifiedValue(_text(sign, n, e + k - 1, k, exact=True), k, True, exact, ball)
    q, j = _round_scaled(n, digits)
    return CertifiedValue(_text(sign, q, e + j + digits - 1, digits), digits, True, exact, ball)


def _with(value: CertifiedValue, ball: Any, exact: Fraction) -> CertifiedValue:
    return _value(value.text, value.digits, True, exact, ball)


def _round_scaled(n: int, k: int) -> tuple[int, int]:
    """The positive integer ``n`` rounded half-even to ``k`` significant digits:
    ``(q, j)`` with ``q`` of exactly k digits and n ≈ q·10^j."""
    j = _ndigits(n) - k
    if j <= 0:
        return n * _pow10(-j), j
    q, remainder = divmod(n, _pow10(j))
    twice = 2 * remainder
    unit = _pow10(j)
    if twice > unit or (twice == unit and q % 2 == 1):
        q += 1
        if q == _pow10(k):
            return q // 10, j + 1
    return q, j


def _round_int(n: int, j: int) -> int:
    """``n / 10^j`` rounded half to even (j ≥ 0)."""
    if j == 0:
        return n
    q, remainder = divmod(n, _pow10(j))
    twice, unit = 2 * remainder, _pow10(j)
    if twice > unit or (twice == unit and q % 2 == 1):
        q += 1
    return q


def _absolute_scaled(low: int, high: int, e: int) -> str:
    """For ``[low, high]·10^e`` holding 0 (or wider than its value): the value rounded at
    the finest decimal place where the whole enclosure rounds alike, ``m e p``."""
    j = 0
    while _round_int(low, j) != _round_int(high, j):
        j += 1
    return f"{_round_int(low, j)}e{_exponent_text(e + j)}"


def _compact(ball: Any, digits: int) -> CertifiedValue:
    """A ball whose decimal exponent has more than FULL_EXPONENT_DIGITS digits, written
    through its exponent: ``10^(Y)`` (``-10^(Y)`` for a negative value), Y = log10|value|
    with the significant digits its enclosure certifies (at most ``digits``); a ball that
    holds 0 is written ``±10^(Y)``, meaning |value| ≤ 10^Y, Y rounded up. ``digits`` of the
    result counts Y's digits (0 for the ``±`` form)."""
    magnitude = abs(ball)
    lower = magnitude.lower()
    zero = not lower > 0
    target = magnitude.upper() if zero else magnitude
    # log10 of a ball with an exponent of E decimal digits needs about E + digits digits
    _, exponent = target.mid().man_exp()
    extra = int(abs(int(exponent))).bit_length()
    with flint.ctx.workprec(3 * (digits * 3322 // 1000) + 2 * extra + 64):
        y = target.log() / flint.arb(10).log()
        if not zero:
            shown = _certify_decimal(y, digits)
            sign = "-" if ball < 0 else ""
            return CertifiedValue(f"{sign}10^({shown.text})", shown.digits, False, None, ball)
        # an upper bound of Y: its decimal enclosure's top, rounded up to ``digits`` digits
        m, r, e10 = (int(v) for v in y.upper().mid_rad_10exp(digits + EXTRA_DIGITS))
    top = m + r
    j = max(0, _ndigits(abs(top)) - digits) if top else 0
    q = -((-top) // _pow10(j))  # the ceiling of top / 10^j: Y ≤ q·10^(e10 + j)
    if q == 0:
        bound = "0"
    else:
        size = _ndigits(abs(q))
        bound = _text(1 if q > 0 else -1, abs(q), e10 + j + size - 1, size)
    return CertifiedValue(f"±10^({bound})", 0, False, None, ball)


def certified_digits(ball: Any, digits: int) -> str:
    """Only the digits ``ball`` guarantees, at most ``digits`` significant ones."""
    return certify(ball, digits).text


__all__ = [
    "MAX_DIGITS",
    "CertifiedValue",
    "ExactBall",
    "ball_bounds",
    "certified_digits",
    "certify",
    "certify_bounds",
    "exact_ball",
]
