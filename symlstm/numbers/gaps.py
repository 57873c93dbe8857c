"""Saturation gaps: every activation value a saturated table or a trace uses, with its
closed form and its exact distance from the saturated value.

The distance is computed without cancellation, by the identities

    1 − sigmoid(z) = sigmoid(−z) = 1 / (1 + e^{z})
    1 − tanh(z)    = 2·sigmoid(−2z) = 2 / (1 + e^{2z})
    1 + tanh(z)    = 2·sigmoid(2z)  = 2 / (1 + e^{−2z})

evaluated in ``arb`` balls, so sigmoid(−100) and 1 − sigmoid(100) both print as
3.7200759760208359629596958038631e-44 to 32 digits, at any precision (tested to 10,000
digits). Subtracting 1 − sigmoid(100) directly at 50 digits keeps about six digits
(problems.md §6); :attr:`Gap.naive_digits` says how many a ball subtraction certifies.

Public API::

    activation_gaps(model, digits=32, *, convention=CONVENTIONS["saturate"],
                    inputs=None, max_states=256) -> GapReport
    gap_of(function, z) -> tuple[int | None, ball | None]   # (limit, distance), in scope
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import flint

from symlstm.budget import NEVER, Deadline
from symlstm.model import Model
from symlstm.model.numbers import format_fraction
from symlstm.numbers.contexts import BALLS, bits_for_digits, exp_of_negative
from symlstm.numbers.digits import ball_bounds, certified_digits, certify, exact_ball
from symlstm.numbers.rounding import CONVENTIONS, ActivationUse, RoundingConvention, Stepper
from symlstm.numbers.trace import GUARD_BITS, MAX_RETRIES, short_of_digits, to_inputs

MAX_GAP_DIGITS = 100_000


class GapSource(Enum):
    TABLE = "table"  # the saturated transition table (reachable rounded states × alphabet)
    TRACE = "trace"  # the exact trace of an input word


@dataclass(frozen=True)
class Gap:
    """One activation value and its distance from the value saturation gives it.

    ``argument`` is the exact argument when it is a rational (else None, and
    ``argument_text`` shows its certified digits); ``limit`` is the saturated value in the
    argument's direction (0 or 1 for sigmoid, −1 or 1 for tanh; None at z = 0);
    ``distance`` is |value − limit| as a ball computed without cancellation;
    ``saturated`` says whether the convention's threshold saturates it; ``used_by`` names
    the quantities it is applied to; ``sources`` where it was met.
    """

    function: str
    argument: Fraction | None
    argument_ball: Any
    argument_text: str
    value: Any
    value_form: str
    limit: int | None
    distance: Any | None
    distance_form: str
    saturated: bool
    naive_digits: int  # significant digits of limit − (the value's printed decimal)
    used_by: tuple[str, ...]
    sources: tuple[GapSource, ...]


@dataclass(frozen=True)
class GapReport:
    model_name: str
    digits: int
    bits: int
    convention: RoundingConvention
    gaps: tuple[Gap, ...]
    states_explored: int
    truncated: bool  # the table exploration stopped at ``max_states``
    inputs: tuple[tuple[Fraction, ...], ...]  # the traced word (empty: none)


def gap_of(function: str, z: Any) -> tuple[int | None, Any | None]:
    """(limit, distance) of ``function(z)`` from its saturated value in z's direction,
    without cancellation. Call inside ``BALLS.precision``; ``(None, None)`` when the sign
    of z is not decided (z = 0, or a ball around 0)."""
    # 1/(1 + e^|z|) written as e^-|z| / (1 + e^-|z|): no e^(10^400) overflowing to inf
    known = getattr(z, "exact_value", None)

    def scaled(k: int) -> Any:
        # k·z, still marked exact when z is (so a huge z is evaluated exponent-aware)
        return exact_ball(k * known) if isinstance(known, Fraction) else k * z

    if z > 0:
        if function == "sigmoid":
            small = exp_of_negative(scaled(-1))
            return 1, small / (1 + small)
        small = exp_of_negative(scaled(-2))
        return 1, 2 * small / (1 + small)
    if z < 0:
        if function == "sigmoid":
            small = exp_of_negative(scaled(1))
            return 0, small / (1 + small)
        small = exp_of_negative(scaled(2))
        return -1, 2 * small / (1 + small)
    return None, None


def _exact_argument(z: Any) -> Fraction | None:
    known = getattr(z, "exact_value", None)
    if isinstance(known, Fraction):
        return known
    lower, upper = ball_bounds(z)
    return lower if lower == upper else None


def _rational_text(value: Fraction) -> str:
    """An exact rational as the model file writes it: ``-1e5000``, not 5001 digits."""
    return format_fraction(value.numerator, value.denominator)


def _negated(text: str) -> str:
    if text == "0":
        return text
    return text[1:] if text.startswith("-") else "-" + text


def _forms(function: str, z_text: str, positive: bool | None) -> tuple[str, str]:
    """Closed forms of the value and of its distance from the limit."""
    minus_z = _negated(z_text)
    if function == "sigmoid":
        value = f"sigmoid({z_text}) = 1/(1 + e^{{{minus_z}}})"
        if positive is None:
            return value, ""
        if positive:
            return value, f"1 - sigmoid({z_text}) = sigmoid({minus_z}) = 1/(1 + e^{{{z_text}}})"
        return value, f"sigmoid({z_text}) = 1/(1 + e^{{{minus_z}}})"
    two_z = _scaled(z_text)
    minus_two_z = _negated(two_z)
    value = f"tanh({z_text}) = (1 - e^{{{minus_two_z}}})/(1 + e^{{{minus_two_z}}})"
    if positive is None:
        return value, ""
    if positive:
        return value, f"1 - tanh({z_text}) = 2·sigmoid({minus_two_z}) = 2/(1 + e^{{{two_z}}})"
    return value, f"1 + tanh({z_text}) = 2·sigmoid({two_z}) = 2/(1 + e^{{{minus_two_z}}})"


def _scaled(z_text: str) -> str:
    """The text of 2z from the text of z (exact when z is a rational)."""
    try:
        if "/" in z_text:
            p, q = z_text.split("/")
            return _rational_text(Fraction(int(p), int(q)) * 2)
        return _rational_text(Fraction(int(z_text)) * 2)
    except ValueError:
        return f"2·{z_text}"


def _explore(
    model: Model, stepper: Stepper, max_states: int
) -> tuple[list[ActivationUse], int, bool]:
    """Activations of every step from every state reachable under the convention."""
    alphabet = [tuple(Fraction(int(v.p), int(v.q)) for v in symbol) for symbol in model.alphabet]
    start = stepper.initial()
    seen = {_key(start)}
    frontier = [start]
    uses: list[ActivationUse] = []
    truncated = False
    while frontier:
        state = frontier.pop(0)
        for x in alphabet:
            outcome = stepper.step(state, x)
            uses.extend(outcome.activations)
            key = _key(outcome.state)
            if key not in seen:
                if len(seen) >= max_states:
                    truncated = True
                    continue
                seen.add(key)
                frontier.append(outcome.state)
    return uses, len(seen), truncated


def _key(state: Sequence[Any]) -> tuple[tuple[Fraction, Fraction], ...]:
    return tuple(ball_bounds(v) for v in state)


def _gaps_at(
    model: Model,
    digits: int,
    bits: int,
    convention: RoundingConvention,
    word: tuple[tuple[Fraction, ...], ...],
    max_states: int,
    deadline: Deadline = NEVER,
) -> tuple[list[Gap], int, bool]:
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    with BALLS.precision(bits):
        stepper = Stepper(model, convention)
        table_uses, explored, truncated = _explore(model, stepper, max_states)
        tagged = [(u, GapSource.TABLE) for u in table_uses]
        if word:
            exact = Stepper(model, CONVENTIONS["exact"])
            state = exact.initial()
            for t, x in enumerate(word):
                if t % 1024 == 0:
                    deadline.check("the exact trace of the gaps")
                outcome = exact.step(state, x)
                tagged += [(u, GapSource.TRACE) for u in outcome.activations]
                state = outcome.state
        threshold = (
            None
            if convention.threshold is None
            else flint.arb(
                flint.fmpq(convention.threshold.numerator, convention.threshold.denominator)
            )
        )
        for use, source in tagged:
            argument = _exact_argument(use.z)
            z_key: Any = argument if argument is not None else certified_digits(use.z, digits)
            key = (use.function, z_key)
            entry = found.get(key)
            if entry is None:
                entry = {"use": use, "argument": argument, "used_by": set(), "sources": set()}
                found[key] = entry
            name = use.argument if model.hidden == 1 else f"{use.argument}[{use.component + 1}]"
            entry["used_by"].add(name)
            entry["sources"].add(source)
        gaps = []
        for (function, _), entry in found.items():
            use = entry["use"]
            argument = entry["argument"]
            z = use.z
            z_text = (
                _rational_text(argument)
                if argument is not None
                else certified_digits(z, min(digits, 12)) + "…"
            )
            limit, distance = gap_of(function, z)
            positive = None if limit is None else z > 0
            value_form, distance_form = _forms(function, z_text, positive)
            saturated = threshold is not None and bool(z >= threshold or z <= -threshold)
            naive_digits = 0
            if limit is not None and distance is not None:
                naive_digits = subtraction_digits(use.exact, limit, distance, digits)
            gaps.append(
                Gap(
                    function,
                    argument,
                    z,
                    z_text,
                    use.exact,
                    value_form,
                    limit,
                    distance,
                    distance_form,
                    saturated,
                    naive_digits,
                    tuple(sorted(entry["used_by"])),
                    tuple(s for s in GapSource if s in entry["sources"]),
                )
            )
    gaps.sort(key=lambda g: (g.function, ball_bounds(g.argument_ball)[0]))
    return gaps, explored, truncated


MAX_DECIMAL_EXPONENT = 100_000  # beyond it a decimal text is not converted to a Fraction


def _decimal(text: str) -> Fraction | None:
    """A decimal text exactly (``Decimal`` parses any length; ``Fraction(str)`` stops at
    Python's 4300-digit limit); None for a value like 2.7e-4342944819032518…, whose exact
    rational no one can write out."""
    if "^" in text:  # 10^(Y): an exponent too long to write out
        return None
    _, _, exponent = text.lower().partition("e")
    if len(exponent.lstrip("+-")) > len(str(MAX_DECIMAL_EXPONENT)):
        return None
    if exponent and abs(int(exponent)) > MAX_DECIMAL_EXPONENT:
        return None
    return Fraction(Decimal(text))


def shown(ball: Any, digits: int) -> tuple[str, str]:
    """``(relation, text)``: the certified ``digits``-digit text of ``ball`` and ``"="`` when
    that text is the value exactly (0.5, 0), ``"≈"`` when it is rounded (1.000… for a
    sigmoid(100) that is not 1)."""
    value = certify(ball, digits)
    exact = value.exact and _decimal(value.text) == value.lower
    return ("=" if exact else "≈"), value.text


def subtraction_digits(value: Any, limit: int, distance: Any, digits: int) -> int:
    """How many significant digits of ``distance`` = |limit − value| a reader gets by
    subtracting the ``digits``-digit decimal of ``value`` from ``limit`` by hand: at most
    ``digits``, 0 when the decimal is the limit itself (sigmoid(100) to 30 digits is
    1.000…). A lower bound, from the certified enclosures."""
    decimal = _decimal(certify(value, digits).text)
    if decimal is None:
        # an astronomically small or large value: its certified digits are the gap's own
        # (from 0), or the gap is the value's magnitude to every digit shown
        return digits
    by_hand = abs(Fraction(limit) - decimal)
    if by_hand == 0:
        return 0
    lower, upper = ball_bounds(distance)
    if lower <= 0:
        return 0
    # relative error of the hand result, bounded above over the enclosure of the distance
    error = max(abs(by_hand - lower), abs(by_hand - upper)) / lower
    if error == 0:
        return digits
    # k = floor(−log10(error)), from the bit lengths, then corrected exactly
    estimate = (error.denominator.bit_length() - error.numerator.bit_length()) * 30103 // 100000
    k = max(0, min(digits, estimate - 2))
    while k < digits and error * 10 ** (k + 1) <= 1:
        k += 1
    return k


def activation_gaps(
    model: Model,
    digits: int = 32,
    *,
    convention: RoundingConvention = CONVENTIONS["saturate"],
    inputs: Sequence[Any] | None = None,
    max_states: int = 64,
    guard_bits: int = GUARD_BITS,
    deadline: Deadline = NEVER,
) -> GapReport:
    """The activation values of the saturated table of ``model`` (states reachable under
    ``convention`` from the initial state, over the alphabet), and of the exact trace of
    ``inputs`` when given, each with its certified gap from saturation. A value short of
    ``digits`` certified digits is recomputed at 2×, 4×, 8× the precision."""
    if not 1 <= digits <= MAX_GAP_DIGITS:
        raise ValueError(f"digits must be from 1 to {MAX_GAP_DIGITS}, got {digits}")
    word = tuple(to_inputs(model, inputs)) if inputs is not None else ()
    bits = bits_for_digits(digits) + guard_bits
    gaps, explored, truncated = _gaps_at(
        model, digits, bits, convention, word, max_states, deadline
    )
    for _ in range(MAX_RETRIES):
        values = [[g.value] + ([g.distance] if g.distance is not None else []) for g in gaps]
        if not short_of_digits(values, digits):
            break
        bits *= 2
        deadline.check("the gaps")
        gaps, explored, truncated = _gaps_at(
            model, digits, bits, convention, word, max_states, deadline
        )
    return GapReport(model.name, digits, bits, convention, tuple(gaps), explored, truncated, word)


__all__ = [
    "Gap",
    "GapReport",
    "GapSource",
    "activation_gaps",
    "gap_of",
    "shown",
    "subtraction_digits",
]
