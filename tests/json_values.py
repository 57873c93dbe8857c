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


# The keys of a step of ``solve -f json`` that are not quantities of the convention's row.
STEP_KEYS = frozenset(
    {
        "t",
        "x",
        "rounded",
        "exact",
        "exact_rounded",
        "agrees",
        "output_margin",
        "saturation_margin",
        "flags",
        "activations",
    }
)


def quantities(step: dict[str, Any]) -> dict[str, Any]:
    """A step's quantities under the convention, by name (``z_f``, ``f``, …, ``h``)."""
    return {k: v for k, v in step.items() if k not in STEP_KEYS}


def exact_quantities(step: dict[str, Any]) -> dict[str, Any]:
    """The exact trace's quantities at a step: those written under ``exact``, the others
    the same values as the convention's."""
    return {**quantities(step), **step["exact"]}


def named(step: dict[str, Any], name: str) -> Any:
    """The convention's value of ``name`` (``"f"``, or ``"f[2]"`` for a vector's 2nd)."""
    base, bracket, index = name.partition("[")
    value = step[base]
    return value[int(index[:-1]) - 1] if bracket else value


def activation(step: dict[str, Any], use: dict[str, Any]) -> tuple[Any, Any, Any]:
    """An activation's argument value ``z``, exact value and the value the convention
    uses, from a step (each written once: under the quantity that holds it)."""
    z = use["z"] if use["argument"] is None else named(step, use["argument"])
    used = use["used"] if use["value"] is None else named(step, use["value"])
    return z, use.get("exact", used), used
