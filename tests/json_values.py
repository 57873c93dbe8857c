"""Reading certified values from symlstm's JSON: a string is a certified decimal whose
digits are rounded; ``{"exact": "23/20", "digits": "1.15"}`` is a value known exactly
(render/values.py ``value_json``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any


def digits_text(value: Any) -> Any:
    """The certified decimal text of a JSON value (a list of them for a vector)."""
    if isinstance(value, list):
        return [digits_text(v) for v in value]
    if isinstance(value, dict):
        assert set(value) == {"exact", "digits"}, value
        return value["digits"]
    assert isinstance(value, str), value
    return value


def exact_value(value: Any) -> Fraction | None:
    """The exact rational of a value marked exact (None for a rounded one)."""
    if not isinstance(value, dict):
        return None
    mantissa, _, exponent = value["exact"].partition("e")
    return Fraction(mantissa) * Fraction(10) ** int(exponent or 0)
