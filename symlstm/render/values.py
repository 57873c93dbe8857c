"""Certified values laid out for the renderers: one place that decides columns and texts.

Every number shown comes from :func:`symlstm.numbers.digits.certified_digits`, so each
printed digit is true. Shared by the text, Markdown, LaTeX and JSON renderers of traces
and rounding-convention results.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from symlstm.equations import Role
from symlstm.model.numbers import format_fraction, scientific_text
from symlstm.numbers.compiled import Slot
from symlstm.numbers.digits import CertifiedValue, certified_digits, certify, certify_bounds
from symlstm.numbers.gaps import GapReport, shown
from symlstm.numbers.rounding import ActivationUse, ConventionResult
from symlstm.render.json_writer import OneLineEach


def exact_text(value: Fraction, digits: int) -> str:
    """An exact rational as a decimal mpmath can parse (rounded, certified, if it must be)."""
    return certify_bounds(value, value, digits).text


def split_decimal(text: str) -> tuple[str, str]:
    """A certified text's mantissa and decimal exponent: ``("3.72", "-44")`` for
    ``3.72e-44``, ``("0.5", "")``; for a value written through its exponent
    (``10^(-4.3e+4999)``, ``-10^(…)``, ``±10^(…)``, see numbers/digits.py) the mantissa is
    ``""``, ``"-"`` or ``"±"`` and the exponent is Y's own certified text."""
    head, power, rest = text.partition("10^(")
    if power and head in ("", "-", "±") and rest.endswith(")"):
        return head, rest[:-1]
    mantissa, _, exponent = text.partition("e")
    return mantissa, exponent


def latex_decimal(text: str) -> str:
    """A certified text in LaTeX math: ``3.72 \\cdot 10^{-44}``, ``10^{-4.3 \\cdot 10^{4999}}``."""
    mantissa, exponent = split_decimal(text)
    if not exponent:
        return mantissa
    if mantissa in ("", "-", "±"):
        return ("\\pm " if mantissa == "±" else mantissa) + f"10^{{{latex_decimal(exponent)}}}"
    return f"{mantissa} \\cdot 10^{{{int(exponent)}}}"


def input_text(x: Sequence[Fraction], digits: int) -> str:
    if len(x) == 1:
        return exact_text(x[0], digits)
    return "[" + ", ".join(exact_text(v, digits) for v in x) + "]"


def fraction_text(value: Fraction | None) -> str:
    if value is None:
        return "none"
    return str(value.numerator) if value.denominator == 1 else str(value)


def quantity_names(slots: Sequence[Slot], roles: Sequence[Role]) -> list[str]:
    """Names of the slots with one of ``roles``, each once, in slot order."""
    names: list[str] = []
    for slot in slots:
        if slot.role in roles and slot.name not in names:
            names.append(slot.name)
    return names


TABLE_ROLES = (Role.GATE, Role.CANDIDATE, Role.STATE)


def slot_texts(slots: Sequence[Slot], row: Sequence[Any], digits: int) -> dict[str, list[str]]:
    """Each quantity's component texts, by name, in slot order."""
    texts: dict[str, list[str]] = {}
    for slot, value in zip(slots, row, strict=True):
        texts.setdefault(slot.name, []).append(certified_digits(value, digits))
    return texts


def joined(components: Sequence[str]) -> str:
    return components[0] if len(components) == 1 else "[" + ", ".join(components) + "]"


def rounded_text(values: Sequence[int | None]) -> str:
    parts = ["?" if v is None else str(v) for v in values]
    return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"


def answer_text(result: ConventionResult) -> str:
    return "[" + ", ".join(rounded_text(a) for a in result.answer) + "]"


def solve_table(result: ConventionResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the per-step table: t, x_t, gates, candidate, states, rounded,
    the exact output and flags. Header entries are quantity names ("t", "x", "f", …)."""
    digits = result.digits
    names = quantity_names(result.slots, TABLE_ROLES)
    output = _output_name(result)
    exact_column = result.convention.name != "exact"
    header = ["t", "x", *names, f"round({output})"]
    if exact_column:
        header.append(f"exact {output}")
    header.append("flags")
    rows = []
    for check in result.steps:
        texts = slot_texts(result.slots, check.outcome.values, digits)
        row = [str(check.t), input_text(check.x, digits)]
        row += [joined(texts[name]) for name in names]
        row.append(rounded_text(check.outcome.rounded))
        if exact_column:
            row.append(joined([certified_digits(v, digits) for v in check.exact_output]))
        row.append(", ".join(f.value for f in check.flags) or "-")
        rows.append(row)
    return header, rows


def _output_name(result: ConventionResult) -> str:
    states = [s.name for s in result.slots if s.role is Role.STATE]
    # the visible state is the last state assigned (h of the LSTM, s of the RNNs)
    return states[-1] if states else "h"


def convention_line(result: ConventionResult) -> str:
    c = result.convention
    return (
        f"rounding: {c.name} — threshold {fraction_text(c.threshold)}, ties {c.tie.value}, "
        f"state {'rounded and carried' if c.round_state else 'exact'}"
    )


JsonValue = str | dict[str, str]


def value_json(value: CertifiedValue) -> JsonValue:
    """A certified value as JSON, the one shape everywhere: the certified decimal text
    (``"0.76159415595576488812"``: its digits are rounded, each is true), or for a value
    known exactly an object ``{"exact": "23/20", "digits": "1.15"}``: the exact rational
    (an integer, ``p/q``, or ``M e K`` such as ``1e400``) and the same decimal text. An
    exact rational longer than MAX_EXACT_CHARS (-10^10000 - 100) is not written out: such a
    value is its decimal text alone."""
    known = value.exact_value
    if value.exact and known is not None:
        exact = _exact_text(known)
        if exact is not None:
            return {"exact": exact, "digits": value.text}
    return value.text


MAX_EXACT_CHARS = 1000  # a longer exact rational is not written out (its digits are)


def _exact_text(value: Fraction) -> str | None:
    """The exact text of ``value`` if it has at most MAX_EXACT_CHARS characters."""
    p, q = value.numerator, value.denominator
    if p.bit_length() + q.bit_length() > 3 * MAX_EXACT_CHARS:  # maybe long: M e K?
        if q & (q - 1) and q % 5:  # not a finite decimal
            return None
        shortest = scientific_text(p, q)
        return shortest if shortest is not None and len(shortest) <= MAX_EXACT_CHARS else None
    return format_fraction(p, q)


def exact_json(value: Fraction, digits: int) -> JsonValue:
    """An exact rational (an input, a parameter) in the shape of :func:`value_json`."""
    return value_json(certify_bounds(value, value, digits))


class _JsonValues:
    """Certified values to JSON, each ball once (a 10⁴-step document shows the same few
    balls many times: a constant gate, a saturated 1): keyed by the ball's identity, the
    balls being held by the result being written."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.known: dict[tuple[int, int], JsonValue] = {}
        self.inputs: dict[Fraction, JsonValue] = {}
        self.made: dict[int, Any] = {}
        self.pairs: dict[tuple[int, int], Any] = {}
        self.exacts: dict[tuple[Fraction, str], JsonValue] = {}
        self.keep: list[Any] = []  # the objects keyed by identity stay alive

    def of(self, ball: Any, digits: int | None = None) -> JsonValue:
        digits = self.digits if digits is None else digits
        key = (id(ball), digits)
        hit = self.known.get(key)
        if hit is None:
            certified = certify(ball, digits)
            known = certified.exact_value
            if certified.exact and known is not None:
                # equal exact values share one object (its JSON text is written once)
                exact_key = (known, certified.text)
                hit = self.exacts.get(exact_key)
                if hit is None:
                    hit = value_json(certified)
                    self.exacts[exact_key] = hit
            else:
                hit = certified.text
            self.known[key] = hit
        return hit

    def exact(self, value: Fraction) -> JsonValue:
        hit = self.inputs.get(value)
        if hit is None:
            hit = exact_json(value, self.digits)
            self.inputs[value] = hit
        return hit

    def vector(self, x: Sequence[Fraction]) -> Any:
        return self.exact(x[0]) if len(x) == 1 else [self.exact(v) for v in x]

    def shared_pair(self, first: Any, second: Any, make: Any) -> Any:
        """``make()``, once per pair of objects."""
        key = (id(first), id(second))
        hit = self.pairs.get(key)
        if hit is None:
            hit = make()
            self.pairs[key] = hit
            self.keep.append((first, second))
        return hit

    def shared(self, key: Any, make: Any) -> Any:
        """``make()``, once per object ``key`` (a row or outcome that steps share)."""
        hit = self.made.get(id(key))
        if hit is None:
            hit = make()
            self.made[id(key)] = hit
            self.keep.append(key)
        return hit


def _row_json(result: ConventionResult, row: Sequence[Any], values: _JsonValues) -> dict[str, Any]:
    """Each quantity of a row by name: one value, or a list for a vector (slot order)."""
    data: dict[str, Any] = {}
    of = values.of
    if result.hidden == 1:
        for slot, value in zip(result.slots, row, strict=True):
            data[slot.name] = of(value)
        return data
    for slot, value in zip(result.slots, row, strict=True):
        data.setdefault(slot.name, []).append(of(value))
    return data


def _slot_name(result: ConventionResult, index: int) -> str:
    """A slot's name in a step's JSON: ``"f"``, or ``"f[2]"`` (1-based) for a vector."""
    slot = result.slots[index]
    return slot.name if result.hidden == 1 else f"{slot.name}[{slot.component + 1}]"


def _exact_json(
    result: ConventionResult, row: Sequence[Any], exact_row: Sequence[Any], values: _JsonValues
) -> dict[str, Any]:
    """The exact trace's quantities whose JSON differs from the convention's (by name: a
    quantity written here is written whole, every component)."""
    if row is exact_row:
        return {}
    shown = values.shared(row, lambda: _row_json(result, row, values))
    exact = _row_json(result, exact_row, values)
    return {name: value for name, value in exact.items() if shown[name] != value}


def _activations_json(
    result: ConventionResult, activations: Sequence[ActivationUse], values: _JsonValues
) -> list[dict[str, Any]]:
    """Each activation of a step by the names of the step's quantities: its argument
    (``z`` is that quantity's value) and the quantity that holds the value the convention
    uses; the value itself (``used``) only when no quantity holds it, the exact value
    (``exact``) only when it is not the value used (a saturated activation)."""
    data = []
    for a in activations:
        item: dict[str, Any] = {"function": a.function}
        if a.argument_slot is None:
            item["argument"] = None
            item["z"] = values.of(a.z)
        else:
            item["argument"] = _slot_name(result, a.argument_slot)
        if a.value_slot is None:
            item["value"] = None
            item["used"] = values.of(a.used)
        else:
            item["value"] = _slot_name(result, a.value_slot)
        if a.exact is not a.used:
            item["exact"] = values.of(a.exact)
        item["saturated"] = a.saturated
        data.append(item)
    return data


def step_data(
    result: ConventionResult, index: int, values: _JsonValues | None = None
) -> dict[str, Any]:
    """One step as JSON data, each certified value (:func:`value_json`) written once:
    ``t``, ``x``, the convention's quantities by name, ``rounded``; ``exact``: the exact
    trace's quantities that differ from the convention's (the others are the same values),
    ``exact_rounded``, ``agrees``, the margins, the flags; ``activations`` by the names of
    the quantities that hold their arguments and values (:func:`_activations_json`)."""
    digits = result.digits
    values = _JsonValues(digits) if values is None else values
    check = result.steps[index]
    one = result.hidden == 1
    of = values.of
    data: dict[str, Any] = {"t": check.t, "x": values.vector(check.x)}
    outcome = check.outcome  # one object for the steps that share it (rounding.py)
    row = outcome.values
    data.update(values.shared(row, lambda: _row_json(result, row, values)))
    rounded = list(check.outcome.rounded)
    data["rounded"] = rounded[0] if one else rounded
    exact_rounded = list(check.exact_rounded)
    exact_row = result.exact_rows[index]  # the outcome's own row under -r exact
    data["exact"] = values.shared_pair(
        row, exact_row, lambda: _exact_json(result, row, exact_row, values)
    )
    data["exact_rounded"] = exact_rounded[0] if one else exact_rounded
    data["agrees"] = check.agrees
    margin_digits = min(digits, 20)
    data["output_margin"] = of(check.output_margin, margin_digits)
    data["saturation_margin"] = (
        None if check.saturation_margin is None else of(check.saturation_margin, margin_digits)
    )
    flags = check.flags  # one tuple for the steps that compare alike (rounding.py)
    data["flags"] = values.shared(flags, lambda: [f.value for f in flags])
    activations = outcome.activations
    data["activations"] = values.shared(
        activations, lambda: _activations_json(result, activations, values)
    )
    return data


def solve_data(result: ConventionResult) -> dict[str, Any]:
    """A convention's run as JSON data; every certified value in the shape of
    :func:`value_json` (exact values marked). ``steps`` is a :class:`OneLineEach` list:
    the JSON writer puts each step on one line."""
    c = result.convention
    values = _JsonValues(result.digits)
    return {
        "model": result.model_name,
        "cell": result.cell,
        "digits": result.digits,
        "rounding": {
            "name": c.name,
            "description": c.description,
            "threshold": fraction_text(c.threshold) if c.threshold is not None else None,
            "tie": c.tie.value,
            "round_state": c.round_state,
        },
        "tolerance": fraction_text(result.tolerance),
        "inputs": [values.vector(x) for x in result.inputs],
        "answer": result.flat_answer(),
        "exact_answer": result.flat_exact_answer(),
        "verdict": result.verdict.value,
        "steps": OneLineEach(step_data(result, k, values) for k in range(len(result.steps))),
    }


# ---------------------------------------------------------------------------- gaps


def gap_heading(report: GapReport) -> str:
    c = report.convention
    what = "the saturated table"
    if report.inputs:
        word = ", ".join(input_text(x, report.digits) for x in report.inputs)
        what += f" and the exact trace of [{word}]"
    line = (
        f"{report.model_name}: activation values of {what}; saturation rule {c.name} "
        f"(threshold {fraction_text(c.threshold)}); {report.digits} digits, all certified; "
        f"{report.states_explored} states explored"
    )
    if report.truncated:
        line += " (stopped there: more states are reachable)"
    return line


def gap_rows(report: GapReport) -> list[dict[str, Any]]:
    """Each gap as plain strings (and a few ints/bools), in report order."""
    digits = report.digits
    rows = []
    for gap in report.gaps:
        value_relation, value = shown(gap.value, digits)
        distance_relation, distance = (
            ("=", None) if gap.distance is None else shown(gap.distance, digits)
        )
        rows.append(
            {
                "function": gap.function,
                "argument": gap.argument_text,
                "value": value,
                "value_relation": value_relation,
                "value_form": gap.value_form,
                "limit": gap.limit,
                "distance": distance,
                "distance_relation": distance_relation,
                "distance_form": gap.distance_form,
                "saturated": gap.saturated,
                "naive_subtraction_digits": gap.naive_digits,
                "used_by": list(gap.used_by),
                "sources": [s.value for s in gap.sources],
            }
        )
    return rows


def digits_phrase(count: int) -> str:
    """``"no digit"``, ``"1 digit"``, ``"57 digits"``."""
    if count == 0:
        return "no correct digit"
    return f"{count} correct digit" + ("" if count == 1 else "s")


def subtraction_note(row: dict[str, Any], digits: int) -> str:
    """What subtracting the printed value from its limit by hand leaves (cancellation)."""
    what = (
        f"subtracting the {digits}-digit value from 1"
        if row["limit"] == 1
        else f"adding 1 to the {digits}-digit value"
    )
    return f"{what} by hand keeps {digits_phrase(int(row['naive_subtraction_digits']))}"


def gap_data(report: GapReport) -> dict[str, Any]:
    c = report.convention
    return {
        "model": report.model_name,
        "digits": report.digits,
        "rounding": c.name,
        "threshold": None if c.threshold is None else fraction_text(c.threshold),
        "states_explored": report.states_explored,
        "truncated": report.truncated,
        "inputs": [
            input_text(x, report.digits)
            if len(x) == 1
            else [exact_text(v, report.digits) for v in x]
            for x in report.inputs
        ],
        "gaps": gap_rows(report),
    }


def display_width(text: str) -> int:
    """Terminal columns of ``text``: a combining mark (the tilde of c̃) takes none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def pad(text: str, width: int) -> str:
    """``text`` left-justified to ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))
