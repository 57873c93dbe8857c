"""Exact numbers from user text: integers, decimals by their decimal text, rationals "p/q".

Nothing here evaluates user text: a number is matched against a strict grammar and built
from its digits. A decimal means its decimal text (0.1 is 1/10, not the nearest float).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

# Bounds that keep a number cheap to build and to compute with; far beyond any real weight.
# (Python itself refuses to convert integers of more than 4300 digits from text.)
MAX_DIGITS = 4_000
MAX_EXPONENT = 10_000

_DECIMAL = re.compile(r"[+-]?(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?")
_RATIONAL = re.compile(r"([+-]?\d+)\s*/\s*(\d+)")


@dataclass(frozen=True)
class DecimalText:
    """The text of a TOML float, kept unconverted so that it can be read exactly."""

    text: str


class NumberSyntaxError(ValueError):
    """The text is not a finite exact number; the message says what was expected."""


def parse_decimal(text: str) -> sympy.Rational:
    """Read a decimal (``-1.25``, ``1e400``, ``12``) exactly."""
    body = text.strip().replace("_", "")
    if not body or not _DECIMAL.fullmatch(body) or not any(ch.isdigit() for ch in body):
        raise NumberSyntaxError(f"expected a number, got {text!r}")
    mantissa, _, exponent_text = body.lower().partition("e")
    exponent = int(exponent_text) if exponent_text else 0
    sign = -1 if mantissa.startswith("-") else 1
    mantissa = mantissa.lstrip("+-")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0") or "0"
    if len(digits) > MAX_DIGITS or abs(exponent) > MAX_EXPONENT:
        raise NumberSyntaxError(
            f"number too large to handle ({len(digits)} digits, exponent {exponent}; "
            f"at most {MAX_DIGITS} digits and exponent ±{MAX_EXPONENT})"
        )
    scale = exponent - len(fraction)
    value = sympy.Integer(sign * int(digits))
    if scale >= 0:
        return sympy.Rational(value * sympy.Integer(10) ** scale)
    return sympy.Rational(value, sympy.Integer(10) ** (-scale))


def parse_number(value: object) -> sympy.Rational:
    """An exact rational from a TOML value: int, decimal text, or a string "p/q" or "1.5"."""
    if isinstance(value, bool):
        raise NumberSyntaxError(f"expected a number, got the boolean {str(value).lower()}")
    if isinstance(value, int):
        if value.bit_length() > MAX_DIGITS * 3.33:
            raise NumberSyntaxError(f"number too large to handle (at most {MAX_DIGITS} digits)")
        return sympy.Integer(value)
    if isinstance(value, DecimalText):
        if value.text.lstrip("+-") in ("inf", "nan"):
            raise NumberSyntaxError(f"expected a finite number, got {value.text}")
        return parse_decimal(value.text)
    if isinstance(value, str):
        rational = _RATIONAL.fullmatch(value.strip())
        if rational:
            numerator, denominator = rational.groups()
            if len(numerator) + len(denominator) > MAX_DIGITS:
                raise NumberSyntaxError(f"number too large to handle (at most {MAX_DIGITS} digits)")
            if int(denominator) == 0:
                raise NumberSyntaxError(f"expected a number, got {value!r} (zero denominator)")
            return sympy.Rational(int(numerator), int(denominator))
        if value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise NumberSyntaxError(f"expected a finite number, got {value!r}")
        try:
            return parse_decimal(value)
        except NumberSyntaxError:
            raise NumberSyntaxError(
                f'expected a number (integer, decimal or "p/q"), got {value!r}'
            ) from None
    if isinstance(value, float):  # only from callers that bypass the exact TOML reader
        raise NumberSyntaxError("expected an exact number, got a binary float")
    kind = "a list" if isinstance(value, list) else "a table" if isinstance(value, dict) else ""
    raise NumberSyntaxError(f"expected a number, got {kind or type(value).__name__}")


def format_number(value: sympy.Rational) -> str:
    """The exact text of a rational, as model files and certificates write it: ``-100``,
    ``23/20``; a finite decimal of more than about 90 digits is written ``M e K`` (integer M
    without trailing zeros: ``1e400``, ``-25e-401``), which :func:`parse_number` reads
    back (and the certificate checker too)."""
    return format_fraction(int(value.p), int(value.q))


def format_fraction(p: int, q: int) -> str:
    """:func:`format_number` of p/q (q > 0, in lowest terms)."""
    if q == 1 and p.bit_length() < 300:
        return str(p)
    if q != 1 and p.bit_length() + q.bit_length() < 300:
        return f"{p}/{q}"
    scientific = scientific_text(p, q)
    if scientific is not None:
        return scientific
    return str(p) if q == 1 else f"{p}/{q}"


def scientific_text(p: int, q: int) -> str | None:
    """``M e K`` for p/q = M·10^K (K ≠ 0, M without trailing zeros), else None. M is
    written only when it has at most MAX_DIGITS digits (None beyond)."""
    twos = (q & -q).bit_length() - 1
    odd = q >> twos
    fives = 0
    while odd % 5 == 0:
        odd //= 5
        fives += 1
    if odd != 1:
        return None
    k = max(twos, fives)  # p/q = p·2^(k−twos)·5^(k−fives) / 10^k
    m = abs(p) * 2 ** (k - twos) * 5 ** (k - fives)
    exponent = -k
    for step in (4096, 512, 64, 8, 1):  # strip trailing zeros without writing m out
        power = 10**step
        while m % power == 0:
            m //= power
            exponent += step
    if exponent == 0 or m.bit_length() > 3.33 * MAX_DIGITS:
        return None
    return f"{'-' if p < 0 else ''}{m}e{exponent}"
