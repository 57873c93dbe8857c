"""The independent checker of a proof certificate (format ``symlstm-certificate``, version 1).

A certificate claims that the exact real-valued cell, started in its initial state, rounds
its output state (h for lstm/gru, s for gated/rnn) after every step of every input word to
the output of the Moore machine it names. The claim rests on finitely many boxes (one
closed interval per state component) and four obligations:

1. structure: ids 0..B-1 in order, every index in range, lo ≤ hi, a successor for every box
   and symbol, every shape matching the cell;
2. the exact initial state lies in ``boxes[initial_box]``, whose state is ``machine.initial``;
3. for every box b and symbol k, the image of the whole box under one exact step, enclosed
   with outward-rounded interval arithmetic, lies in the (closed) box ``successors[b][k]``,
   whose machine state is ``machine.transitions[state of b][k]``. Where the plain
   enclosure does not fit, it is intersected with the mean-value form F(m) + J(box)·(box −
   m), m the box's centre and J the interval Jacobian of the step over the box (the same
   stepper run on interval duals: forward-mode derivatives of the checker's own
   equations); by the mean value theorem on the convex box both enclose the image;
4. for every box b, every component j of its output interval lies strictly inside
   (k_j − 1/2, k_j + 1/2), where k is the machine output of its state. The initial state
   may instead have the empty output ``[]`` (unobserved: the cell's initial state sits on
   a rounding boundary) when no machine transition leads to it; by 3 no box of it is ever
   a successor, so its output is never emitted, and 4 skips its boxes.

By induction every reachable exact state lies in a box whose machine state is the one the
machine reaches, so every rounded output equals the machine's output.

A *bounded* certificate (a ``horizon``, a decimal integer string) claims this only for words
of length at most the horizon. With a ``drift`` (obligation 5) its boxes grow by the drift on
every step. Without one it is *depth-bounded*: a box whose successor row is ``null`` is open
(its images are not claimed), 3 skips it, and obligation 6 computes, breadth first along the
covers, the least number of steps from the initial box to every box and requires every open
box to lie at least ``horizon`` steps away; a word of at most that length then steps only
out of closed boxes.

This module is the second, independent implementation the design asks for: it parses the
JSON itself (exact :class:`fractions.Fraction` from strictly matched strings, never
``eval``), has its own table of cells and re-implements their one-step update on boxes with
mpmath's ``iv`` interval arithmetic. It imports nothing from ``symlstm.equations``,
``symlstm.numbers`` or the prover. ``iv`` has no tanh: tanh and sigmoid are monotone, so an
interval's image is enclosed by the outward-rounded images of its two endpoints, each
computed with ``iv`` from ``exp`` on a point interval.

The checker's precision is its own choice, not the certificate's: :data:`PRECISION_BITS`
(256 bits), or 64 bits more than the largest denominator of the boxes' bounds where they
are finer (a proof made at 155 digits to tell −1/2 + 10⁻⁸⁷ from −1/2 has boxes that 256-bit
intervals cannot hold); ``precision_bits=`` sets it. ``iv`` has no ``workprec``, so the
precision is set for the duration of one check and restored afterwards.
"""

from __future__ import annotations

import decimal
import json
import math
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

from mpmath import iv
from mpmath.libmp import from_rational, round_ceiling, round_floor, to_rational

from symlstm.errors import ModelError, UsageError
from symlstm.model.reading import FileKind, read_text_limited

FORMAT = "symlstm-certificate"
VERSION = 2
VERSIONS = (1, 2)  # version 1: no readout (every unit of the output rounded), no horizon
PRECISION_BITS = 256
MIN_PRECISION_BITS = 53
MAX_PRECISION_BITS = 1 << 16
MAX_NUMBER_CHARS = 4100  # Python refuses to read integers of more than 4300 digits
MAX_SIZE = 64  # hidden and input sizes
MAX_MESSAGE_DIGITS = 40  # significant digits of an enclosure shown in a failure message

# An exact number: an integer "-100", a fraction "p/q" (q > 0) or a decimal "0.7616".
# [0-9], not \d: \d also matches non-ASCII digits.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_FRACTION = re.compile(r"([+-]?[0-9]+)/([0-9]+)")
_DECIMAL = re.compile(r"([+-]?)([0-9]+)\.([0-9]+)")
_SCIENTIFIC = re.compile(r"([+-]?[0-9]+)e([+-]?[0-9]{1,6})")  # 1e400, -25e-402 (exact)
MAX_DECIMAL_EXPONENT = 30_000


# ---------------------------------------------------------------------------------------------
# The cells, as data (independent of symlstm.model.cells on purpose)


@dataclass(frozen=True)
class _Cell:
    name: str
    states: tuple[str, ...]  # state variables, as the certificate's bounds and initial name them
    output: str  # the state rounded into the answer
    recurrent: str  # the state multiplied by the W_?h / W_?s weights
    units: tuple[str, ...]  # W_{u}{recurrent}, W_{u}x, b_{u} for each unit u
    extra_biases: tuple[str, ...] = ()

    @property
    def params(self) -> tuple[str, ...]:
        names: list[str] = []
        for unit in self.units:
            names += [f"W_{unit}{self.recurrent}", f"W_{unit}x", f"b_{unit}"]
        return (*names, *self.extra_biases)

    def shape(self, param: str, hidden: int, inputs: int) -> tuple[int, ...]:
        if param.startswith("b_"):
            return (hidden,)
        return (hidden, inputs) if param.endswith("x") else (hidden, hidden)


CELLS: dict[str, _Cell] = {
    cell.name: cell
    for cell in (
        _Cell("lstm", ("c", "h"), "h", "h", ("f", "i", "o", "c")),
        _Cell("gated", ("s",), "s", "s", ("g", "s")),
        _Cell("rnn", ("s",), "s", "s", ("s",)),
        _Cell("gru", ("h",), "h", "h", ("r", "z", "n"), ("b_nh",)),
    )
}


# ---------------------------------------------------------------------------------------------
# Results


class Obligation(Enum):
    """What a certificate must show, checked in this order."""

    STRUCTURE = 1  # the file is a certificate: format, model, machine, boxes
    INITIAL = 2  # the initial state lies in the initial box, of the machine's initial state
    TRANSITION = 3  # each box's image under each symbol lies in its successor (or cover)
    OUTPUT = 4  # each box reads its machine state's output
    DRIFT = 5  # (bounded) the step does not amplify the drift on the grown boxes
    DEPTH = 6  # (depth-bounded) every open box lies at least the horizon from the start


@dataclass(frozen=True)
class CheckFailure:
    """The first obligation a certificate fails, as data: which, where (the box and the
    symbol — index and the certificate's own text of it — or the box's machine state and
    output; ``component``: the output component concerned, when one is), and what failed,
    in the certificate's own terms (``detail``: a key, an interval and the bound it breaks,
    with outward-rounded decimals). :func:`symlstm.render.reasons.check_failure_text`
    phrases it."""

    obligation: Obligation
    detail: str
    box: int | None = None
    symbol: int | None = None
    symbol_text: tuple[str, ...] = ()
    state: str | None = None
    output: tuple[int, ...] | None = None
    component: int | None = None


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a certificate.

    ``failure`` is the first failing obligation (None when valid). ``obligations`` counts
    the obligations verified before the verdict: 1 for the structure, 1 for the initial
    state, one per (box, symbol) transition and one per box output, so a valid certificate
    with B boxes over K symbols reports 2 + B·(K + 1).
    """

    valid: bool
    failure: CheckFailure | None
    obligations: int
    # a bounded certificate (version 2 with "horizon"): valid for words of length ≤ horizon
    horizon: int | None = None


class CheckInterrupted(Exception):
    """The check was given a deadline and did not finish before it (no verdict)."""


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Failed(Exception):
    """An obligation failed (where and what: the failure)."""

    def __init__(self, failure: CheckFailure) -> None:
        super().__init__(failure.detail)
        self.failure = failure


@dataclass(frozen=True)
class _Where:
    """Where an obligation is being checked; :meth:`fails` makes the failure."""

    obligation: Obligation
    box: int | None = None
    symbol: int | None = None
    symbol_text: tuple[str, ...] = ()
    state: str | None = None
    output: tuple[int, ...] | None = None
    component: int | None = None

    def fails(self, detail: str) -> _Failed:
        return _Failed(
            CheckFailure(
                self.obligation,
                detail,
                self.box,
                self.symbol,
                self.symbol_text,
                self.state,
                self.output,
                self.component,
            )
        )


def _at_symbol(obligation: Obligation, cert: _Certificate, b: int, k: int) -> _Where:
    return _Where(obligation, b, k, tuple(v.text for v in cert.alphabet[k]))


# ---------------------------------------------------------------------------------------------
# Reading the certificate (obligation 1)


@dataclass(frozen=True)
class _Number:
    value: Fraction
    text: str


@dataclass(frozen=True)
class _Box:
    state: str
    bounds: dict[str, tuple[tuple[_Number, _Number], ...]]


@dataclass(frozen=True)
class _Certificate:
    cell: _Cell
    hidden: int
    inputs: int
    alphabet: tuple[tuple[_Number, ...], ...]
    weights: dict[str, tuple[tuple[Fraction, ...], ...]]
    biases: dict[str, tuple[Fraction, ...]]
    initial: dict[str, tuple[Fraction, ...]]
    initial_state: str
    outputs: dict[str, tuple[int, ...]]
    transitions: dict[str, tuple[str, ...]]
    boxes: tuple[_Box, ...]
    initial_box: int
    # a cover (box ids) per box and symbol; () for an open box (a horizon without drift)
    successors: tuple[tuple[tuple[int, ...], ...], ...]
    readout: _Readout = field(default_factory=lambda: _Readout("round", None, None, None, None))
    horizon: int | None = None
    drift: dict[str, tuple[Fraction, ...]] | None = None


@dataclass(frozen=True)
class _Readout:
    """How the output state is read (the checker's own copy of the rules)."""

    kind: str  # round | sign | threshold | argmax | logistic
    units: tuple[int, ...] | None
    weight: tuple[tuple[Fraction, ...], ...] | None
    bias: tuple[Fraction, ...] | None
    theta: Fraction | None

    def width(self, n: int) -> int:
        if self.kind in ("argmax", "logistic"):
            return 1
        return len(self.units) if self.units is not None else n


READOUT_KINDS = ("round", "sign", "threshold", "argmax", "logistic")
MAX_HORIZON_DIGITS = 400
MAX_COVER = 4096  # boxes in one cover


def _parse_readout(value: object, n: int) -> _Readout:
    if not isinstance(value, Mapping):
        raise _Invalid(f"model.readout: expected an object, got {_kind(value)}")
    kind = _string(value.get("kind"), "model.readout.kind")
    if kind not in READOUT_KINDS:
        raise _Invalid(f"model.readout.kind: expected one of {', '.join(READOUT_KINDS)}")
    linear = kind in ("argmax", "logistic")
    keys = ["kind", "weight", "bias"] if linear else ["kind", "units"]
    if kind == "threshold":
        keys.append("theta")
    table = _object(value, "model.readout", keys)
    units = weight = bias = theta = None
    if linear:
        rows = _list(table["weight"], "model.readout.weight")
        if kind == "logistic" and len(rows) != 1:
            raise _Invalid("model.readout.weight: a logistic readout has one row")
        if kind == "argmax" and len(rows) < 2:
            raise _Invalid("model.readout.weight: an argmax readout has at least two rows")
        weight = _matrix(rows, "model.readout.weight", len(rows), n)
        bias = _vector(table["bias"], "model.readout.bias", len(rows))
    else:
        raw = _list(table["units"], "model.readout.units")
        units = tuple(_int(u, f"model.readout.units[{i}]", 0, n - 1) for i, u in enumerate(raw))
        if not units or len(set(units)) != len(units):
            raise _Invalid("model.readout.units: expected distinct unit indices")
        if kind == "threshold":
            theta = _number(table["theta"], "model.readout.theta").value
    return _Readout(kind, units, weight, bias, theta)


def _round_to_zero(x: Fraction) -> int:
    """x rounded to the nearest integer, a tie k ± 1/2 toward zero (monotone in x)."""
    k = math.floor(x + Fraction(1, 2))
    return k - 1 if x > 0 and x == k - Fraction(1, 2) else k


def _read(readout: _Readout, bounds: Sequence[tuple[Fraction, Fraction]]) -> tuple[int, ...] | None:
    """The output every point of the box reads (``bounds``: the output state's intervals),
    or None when that is not certain."""
    kind = readout.kind
    if kind in ("round", "sign", "threshold"):
        units = readout.units if readout.units is not None else tuple(range(len(bounds)))
        out = []
        for j in units:
            lo, hi = bounds[j]
            if kind == "round":
                k = _round_to_zero(lo)
                if _round_to_zero(hi) != k:
                    return None
            elif kind == "sign":
                if lo > 0:
                    k = 1
                elif hi < 0:
                    k = -1
                elif lo == hi == 0:
                    k = 0
                else:
                    return None
            else:
                assert readout.theta is not None
                if lo > readout.theta:
                    k = 1
                elif hi <= readout.theta:
                    k = 0
                else:
                    return None
            out.append(k)
        return tuple(out)
    assert readout.weight is not None and readout.bias is not None

    def score_range(row: Sequence[Fraction], b: Fraction) -> tuple[Fraction, Fraction]:
        low = high = b
        for w, (lo, hi) in zip(row, bounds, strict=True):
            low += w * lo if w >= 0 else w * hi
            high += w * hi if w >= 0 else w * lo
        return low, high

    if kind == "logistic":
        low, high = score_range(readout.weight[0], readout.bias[0])
        if low > 0:
            return (1,)
        if high <= 0:
            return (0,)
        return None
    winners = []
    rows = list(zip(readout.weight, readout.bias, strict=True))
    for c, (wc, bc) in enumerate(rows):
        ok = True
        for d, (wd, bd) in enumerate(rows):
            if d == c:
                continue
            diff = [a - b for a, b in zip(wc, wd, strict=True)]
            low, _ = score_range(diff, bc - bd)
            if low < 0 or (low == 0 and d < c):
                ok = False
                break
        if ok:
            winners.append(c)
    return (winners[0],) if len(winners) == 1 else None


def parse_exact(text: object, where: str = "number") -> Fraction:
    """The exact value of a certificate number string ("-100", "p/q", "0.7616")."""
    return _number(text, where).value


def _number(text: object, where: str) -> _Number:
    if not isinstance(text, str):
        raise _Invalid(f"{where}: expected an exact number as a string, got {_kind(text)}")
    if len(text) > MAX_NUMBER_CHARS:
        raise _Invalid(f"{where}: number too long ({len(text)} characters)")
    if _INTEGER.fullmatch(text):
        return _Number(Fraction(int(text)), text)
    match = _FRACTION.fullmatch(text)
    if match:
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise _Invalid(f"{where}: zero denominator in {text!r}")
        return _Number(Fraction(numerator, denominator), text)
    match = _SCIENTIFIC.fullmatch(text)
    if match:
        mantissa, exponent = int(match[1]), int(match[2])
        if abs(exponent) > MAX_DECIMAL_EXPONENT:
            raise _Invalid(f"{where}: exponent beyond ±{MAX_DECIMAL_EXPONENT} in {text[:40]!r}")
        scale = Fraction(10) ** exponent
        return _Number(mantissa * scale, text)
    match = _DECIMAL.fullmatch(text)
    if match:
        sign = -1 if match[1] == "-" else 1
        digits = int(match[2] + match[3])
        return _Number(Fraction(sign * digits, 10 ** len(match[3])), text)
    raise _Invalid(
        f'{where}: expected an exact number (integer, "p/q" or decimal such as "0.75"), '
        f"got {text!r}"
    )


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, int | float):
        return f"the JSON number {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _object(
    value: object, where: str, keys: Sequence[str], optional: Sequence[str] = ()
) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise _Invalid(f"{where}: expected an object, got {_kind(value)}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise _Invalid(f"{where}: missing key {missing[0]!r}")
    unknown = sorted(str(key) for key in value if key not in keys and key not in optional)
    if unknown:
        raise _Invalid(f"{where}: unknown key {unknown[0]!r}")
    return value


def _list(value: object, where: str, length: int | None = None) -> list[object]:
    if not isinstance(value, list | tuple):
        raise _Invalid(f"{where}: expected a list, got {_kind(value)}")
    if length is not None and len(value) != length:
        raise _Invalid(f"{where}: expected {length} entries, got {len(value)}")
    return list(value)


def _int(value: object, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"{where}: expected a whole number, got {_kind(value)}")
    if value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise _Invalid(f"{where}: expected a whole number {bound}, got {value}")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{where}: expected a string, got {_kind(value)}")
    return value


def _vector(value: object, where: str, n: int) -> tuple[Fraction, ...]:
    return tuple(
        _number(entry, f"{where}[{j}]").value for j, entry in enumerate(_list(value, where, n))
    )


def _matrix(value: object, where: str, rows: int, cols: int) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(
        _vector(row, f"{where}[{i}]", cols) for i, row in enumerate(_list(value, where, rows))
    )


def _parse(data: object) -> _Certificate:
    top = _object(
        data,
        "certificate",
        (
            "format",
            "version",
            "symlstm",
            "model",
            "output",
            "machine",
            "boxes",
            "initial_box",
            "successors",
        ),
        optional=("horizon", "drift"),
    )
    if top["format"] != FORMAT:
        raise _Invalid(f"format: expected {FORMAT!r}, got {_kind(top['format'])}")
    version = top["version"]
    if isinstance(version, bool) or version not in VERSIONS:
        raise _Invalid(f"version: expected 1 or 2, got {_kind(version)}")
    _string(top["symlstm"], "symlstm")

    model_keys = ("name", "cell", "hidden", "inputs", "alphabet", "params", "initial")
    model = _object(
        top["model"],
        "model",
        model_keys + (("readout",) if version == 2 else ()),
    )
    if version == 1 and ("horizon" in top or "drift" in top):
        raise _Invalid("horizon: a version 1 certificate has no horizon")
    _string(model["name"], "model.name")
    cell_name = _string(model["cell"], "model.cell")
    if cell_name not in CELLS:
        raise _Invalid(f"model.cell: expected one of {', '.join(CELLS)}, got {cell_name!r}")
    cell = CELLS[cell_name]
    n = _int(model["hidden"], "model.hidden", 1, MAX_SIZE)
    m = _int(model["inputs"], "model.inputs", 1, MAX_SIZE)
    symbols = _list(model["alphabet"], "model.alphabet")
    if not symbols:
        raise _Invalid("model.alphabet: expected at least one symbol")
    alphabet = tuple(
        tuple(
            _number(entry, f"model.alphabet[{k}][{j}]")
            for j, entry in enumerate(_list(symbol, f"model.alphabet[{k}]", m))
        )
        for k, symbol in enumerate(symbols)
    )
    params = _object(model["params"], "model.params", cell.params)
    weights: dict[str, tuple[tuple[Fraction, ...], ...]] = {}
    biases: dict[str, tuple[Fraction, ...]] = {}
    for name in cell.params:
        shape = cell.shape(name, n, m)
        if len(shape) == 1:
            biases[name] = _vector(params[name], f"model.params.{name}", n)
        else:
            weights[name] = _matrix(params[name], f"model.params.{name}", *shape)
    initial_table = _object(model["initial"], "model.initial", cell.states)
    initial = {s: _vector(initial_table[s], f"model.initial.{s}", n) for s in cell.states}
    readout = (
        _parse_readout(model["readout"], n)
        if version == 2
        else _Readout("round", None, None, None, None)
    )
    width = readout.width(n)
    horizon = drift = None
    if "drift" in top and "horizon" not in top:
        raise _Invalid("drift: a bounded certificate with a drift names its horizon")
    if "horizon" in top:
        text = _string(top["horizon"], "horizon")
        if not _INTEGER.fullmatch(text) or text.startswith(("+", "-")) or len(text) > 400:
            raise _Invalid(f"horizon: expected a positive decimal integer string, got {text!r}")
        horizon = int(text)
        if horizon < 1:
            raise _Invalid("horizon: expected a positive decimal integer string")
    if "drift" in top:
        drift_table = _object(top["drift"], "drift", cell.states)
        drift = {s: _vector(drift_table[s], f"drift.{s}", n) for s in cell.states}
        for s_name, values in drift.items():
            for j, v in enumerate(values):
                if v < 0:
                    raise _Invalid(f"drift.{s_name}[{j}]: expected a number ≥ 0")

    if top["output"] != cell.output:
        raise _Invalid(
            f"output: the {cell.name} cell rounds {cell.output!r}, got {_kind(top['output'])}"
        )

    machine = _object(top["machine"], "machine", ("states", "initial", "outputs", "transitions"))
    names = [
        _string(q, f"machine.states[{i}]")
        for i, q in enumerate(_list(machine["states"], "machine.states"))
    ]
    if not names:
        raise _Invalid("machine.states: expected at least one state")
    if len(set(names)) != len(names):
        duplicate = sorted(q for q in names if names.count(q) > 1)[0]
        raise _Invalid(f"machine.states: state {duplicate!r} appears twice")
    initial_state = _string(machine["initial"], "machine.initial")
    if initial_state not in names:
        raise _Invalid(f"machine.initial: {initial_state!r} is not a machine state")
    outputs_table = _object(machine["outputs"], "machine.outputs", names)
    outputs = {}
    for q in names:
        entries = _list(outputs_table[q], f"machine.outputs.{q}")
        if entries or q != initial_state:  # only the initial state may be unobserved: []
            entries = _list(outputs_table[q], f"machine.outputs.{q}", width)
        outputs[q] = tuple(_int_any(v, f"machine.outputs.{q}[{j}]") for j, v in enumerate(entries))
    transitions_table = _object(machine["transitions"], "machine.transitions", names)
    transitions: dict[str, tuple[str, ...]] = {}
    for q in names:
        row = _list(transitions_table[q], f"machine.transitions.{q}", len(alphabet))
        targets = tuple(_string(t, f"machine.transitions.{q}[{k}]") for k, t in enumerate(row))
        for k, target in enumerate(targets):
            if target not in names:
                raise _Invalid(f"machine.transitions.{q}[{k}]: {target!r} is not a machine state")
        transitions[q] = targets
    if not outputs[initial_state]:
        for q in names:
            if initial_state in transitions[q]:
                k = transitions[q].index(initial_state)
                raise _Invalid(
                    f"machine.transitions.{q}[{k}]: leads to the initial state "
                    f"{initial_state!r}, whose output is unobserved ([])"
                )

    box_list = _list(top["boxes"], "boxes")
    if not box_list:
        raise _Invalid("boxes: expected at least one box")
    boxes: list[_Box] = []
    for b, entry in enumerate(box_list):
        where = f"boxes[{b}]"
        box = _object(entry, where, ("id", "state", "bounds"))
        if isinstance(box["id"], bool) or box["id"] != b:
            raise _Invalid(
                f"{where}.id: expected {b} (ids are 0, 1, … in order), got {_kind(box['id'])}"
            )
        state = _string(box["state"], f"{where}.state")
        if state not in names:
            raise _Invalid(f"{where}.state: {state!r} is not a machine state")
        bounds_table = _object(box["bounds"], f"{where}.bounds", cell.states)
        bounds: dict[str, tuple[tuple[_Number, _Number], ...]] = {}
        for var in cell.states:
            pairs = []
            for j, pair in enumerate(_list(bounds_table[var], f"{where}.bounds.{var}", n)):
                at = f"{where}.bounds.{var}[{j}]"
                lo_text, hi_text = _list(pair, at, 2)
                lo, hi = _number(lo_text, f"{at}[0]"), _number(hi_text, f"{at}[1]")
                if lo.value > hi.value:
                    raise _Invalid(f"{at}: lower bound {lo.text} exceeds upper bound {hi.text}")
                pairs.append((lo, hi))
            bounds[var] = tuple(pairs)
        boxes.append(_Box(state, bounds))
    initial_box = _int(top["initial_box"], "initial_box", 0, len(boxes) - 1)
    successor_rows = _list(top["successors"], "successors", len(boxes))
    successors: list[tuple[tuple[int, ...], ...]] = []
    for b, raw_row in enumerate(successor_rows):
        cover_row: list[tuple[int, ...]] = []
        if raw_row is None and horizon is not None and drift is None:
            # an open box of a depth-bounded certificate: its images are not claimed
            successors.append(())
            continue
        for k, item in enumerate(_list(raw_row, f"successors[{b}]", len(alphabet))):
            where = f"successors[{b}][{k}]"
            if isinstance(item, list) and version == 2:
                # a cover: the image lies in the union of these boxes
                if not item or len(item) > MAX_COVER:
                    raise _Invalid(f"{where}: expected 1 to {MAX_COVER} box ids")
                ids = tuple(_int(e, f"{where}[{i}]", 0, len(boxes) - 1) for i, e in enumerate(item))
                if len(set(ids)) != len(ids):
                    raise _Invalid(f"{where}: a box is listed twice")
                cover_row.append(ids)
            else:
                cover_row.append((_int(item, where, 0, len(boxes) - 1),))
        successors.append(tuple(cover_row))
    if drift is not None and any(len(c) > 1 for row in successors for c in row):
        raise _Invalid("successors: a bounded certificate has one successor box per image")
    return _Certificate(
        cell=cell,
        hidden=n,
        inputs=m,
        alphabet=alphabet,
        weights=weights,
        biases=biases,
        initial=initial,
        initial_state=initial_state,
        outputs=outputs,
        transitions=transitions,
        boxes=tuple(boxes),
        initial_box=initial_box,
        successors=tuple(successors),
        readout=readout,
        horizon=horizon,
        drift=drift,
    )


def _int_any(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"{where}: expected a whole number, got {_kind(value)}")
    return value


# ---------------------------------------------------------------------------------------------
# Interval arithmetic (mpmath iv, outward rounding)

Interval = Any  # an mpmath iv.mpf
IVec = list[Interval]


@contextmanager
def _iv_precision(bits: int) -> Iterator[None]:
    """``iv.workprec``, which mpmath lacks: set iv's precision for a scope, then restore it."""
    saved = iv.prec
    iv.prec = bits
    try:
        yield
    finally:
        iv.prec = saved


def _enclose(value: Fraction) -> Interval:
    """The tightest interval at the working precision around an exact rational."""
    p, q = value.numerator, value.denominator
    lo = from_rational(p, q, iv.prec, round_floor)
    hi = from_rational(p, q, iv.prec, round_ceiling)
    return iv.make_mpf((lo, hi))


def _exact(raw: Any) -> Fraction:
    """An mpf endpoint, exactly (raises _Invalid for an infinity or nan)."""
    try:
        p, q = to_rational(raw)
    except (ValueError, OverflowError):
        raise _Invalid("interval arithmetic produced a non-finite endpoint") from None
    return Fraction(int(p), int(q))


def _endpoints(x: Interval) -> tuple[Fraction, Fraction]:
    lo, hi = x._mpi_
    return _exact(lo), _exact(hi)


def _monotone(
    function: Callable[[Interval], Interval], low: Fraction, high: Fraction, cutoff: int
) -> Callable[[Interval], Interval]:
    """Enclose an increasing function with range (low, high) on an interval.

    The image of [a, b] is [f(a), f(b)]: each endpoint is enclosed by evaluating ``function``
    with iv on the point interval, taking the lower end at a and the upper end at b. Beyond
    ±cutoff, monotonicity gives the bounds instead: f(a) > low for a < −cutoff and
    f(a) ≥ f(cutoff) for a > cutoff, likewise for b (this keeps exp of huge arguments out
    of reach). The result is clamped to the function's range (low, high).
    """
    low_raw, high_raw = _enclose(low)._mpi_[0], _enclose(high)._mpi_[1]
    cutoff_raw = _enclose(Fraction(cutoff))._mpi_[0]  # exact: cutoff is a small integer
    minus_cutoff_raw = _enclose(Fraction(-cutoff))._mpi_[0]

    # the enclosure of f at each endpoint met, by (precision, endpoint): the boxes of a grid
    # share their faces, and a sparse cell's pre-activations with them (a GRU's certificate
    # met each endpoint ~20 times)
    known: dict[tuple[int, Any], Interval] = {}

    def at(point: Any) -> Interval:
        key = (iv.prec, point)
        value = known.get(key)
        if value is None:
            if len(known) >= MAX_ENDPOINTS_KNOWN:
                known.clear()
            value = known[key] = function(iv.make_mpf((point, point)))
        return value

    def enclose(x: Interval) -> Interval:
        a, b = x._mpi_
        a_exact, b_exact = _exact(a), _exact(b)
        if a_exact < -cutoff:
            lo = low_raw
        else:
            point = a if a_exact <= cutoff else cutoff_raw
            lo = at(point)._mpi_[0]
            if _exact(lo) < low:
                lo = low_raw
        if b_exact > cutoff:
            hi = high_raw
        else:
            point = b if b_exact >= -cutoff else minus_cutoff_raw
            hi = at(point)._mpi_[1]
            if _exact(hi) > high:
                hi = high_raw
        return iv.make_mpf((lo, hi))

    return enclose


MAX_ENDPOINTS_KNOWN = 1 << 18  # endpoint enclosures kept per activation


# exact small integers as intervals (exact at every precision): an int operand would be
# converted on every operation, which measured a quarter of a trained net's check
_ZERO = iv.mpf(0)
_ONE = iv.mpf(1)
_TWO = iv.mpf(2)


def _tanh_point(x: Interval) -> Interval:
    return _ONE - _TWO / (iv.exp(_TWO * x) + _ONE)


def _sigmoid_point(x: Interval) -> Interval:
    return _ONE / (_ONE + iv.exp(-x))


class _Dual:
    """An interval with an interval gradient (forward-mode differentiation): over a box,
    ``value`` encloses the quantity and ``grad[j]`` its partial derivative with respect to
    state component j, at every point of the box."""

    __slots__ = ("grad", "value")

    def __init__(self, value: Any, grad: tuple[Any, ...]) -> None:
        self.value = value
        self.grad = grad

    def __add__(self, other: Any) -> _Dual:
        if isinstance(other, _Dual):
            return _Dual(
                self.value + other.value,
                tuple(a + b for a, b in zip(self.grad, other.grad, strict=True)),
            )
        return _Dual(self.value + other, self.grad)

    def __neg__(self) -> _Dual:
        return _Dual(-self.value, tuple(-a for a in self.grad))

    def __mul__(self, other: Any) -> _Dual:
        if isinstance(other, _Dual):
            return _Dual(
                self.value * other.value,
                tuple(
                    a * other.value + b * self.value
                    for a, b in zip(self.grad, other.grad, strict=True)
                ),
            )
        return _Dual(self.value * other, tuple(a * other for a in self.grad))


def _plus(a: Any, b: Any) -> Any:
    # mpmath's intervals raise on an unknown operand: keep a _Dual on the left
    return b + a if isinstance(b, _Dual) and not isinstance(a, _Dual) else a + b


def _times(a: Any, b: Any) -> Any:
    return b * a if isinstance(b, _Dual) and not isinstance(a, _Dual) else a * b


# a weight matrix as its nonzero entries, row by row: (column, enclosed weight). An exact
# zero weight adds exactly nothing (its term is 0 times a real number), so it is skipped —
# most hand-weighted cells are sparse (the shift register's W^{c,h} has n − 1 of n² entries)
Sparse = list[list[tuple[int, Any]]]


def _sparse(matrix: Sequence[Sequence[Fraction]]) -> Sparse:
    return [[(j, _enclose(v)) for j, v in enumerate(row) if v != 0] for row in matrix]


def _matvec(matrix: Sparse, vector: IVec) -> IVec:
    result = []
    for row in matrix:
        total: Any = _ZERO
        for j, a in row:
            total = _plus(total, _times(a, vector[j]))
        result.append(total)
    return result


def _add(*vectors: IVec) -> IVec:
    result = []
    for parts in zip(*vectors, strict=True):
        total: Any = _ZERO
        for part in parts:
            total = _plus(total, part)
        result.append(total)
    return result


def _mul(a: IVec, b: IVec) -> IVec:
    return [_times(x, y) for x, y in zip(a, b, strict=True)]


def _complement(v: Any) -> Any:
    """1 − v."""
    return -v + _ONE if isinstance(v, _Dual) else _ONE - v


class _Stepper:
    """One step of the cell on boxes, with the parameters enclosed once. The state may be
    intervals, or :class:`_Dual` intervals to enclose the step's derivative as well."""

    def __init__(self, cert: _Certificate) -> None:
        cutoff = iv.prec + 64
        tanh = _monotone(_tanh_point, Fraction(-1), Fraction(1), cutoff)
        sigmoid = _monotone(_sigmoid_point, Fraction(0), Fraction(1), cutoff)

        def dual_tanh(x: Any) -> Any:
            if not isinstance(x, _Dual):
                return tanh(x)
            y = tanh(x.value)
            slope = _ONE - y**2  # tanh' = 1 − tanh² (y**2, not y*y: [−1, 1]**2 is [0, 1])
            return _Dual(y, tuple(g * slope for g in x.grad))

        def dual_sigmoid(x: Any) -> Any:
            if not isinstance(x, _Dual):
                return sigmoid(x)
            y = sigmoid(x.value)
            slope = y * (_ONE - y)  # sigmoid' = sigmoid (1 − sigmoid)
            return _Dual(y, tuple(g * slope for g in x.grad))

        self.tanh = dual_tanh
        self.sigmoid = dual_sigmoid
        self.cell = cert.cell
        self.w = {name: _sparse(matrix) for name, matrix in cert.weights.items()}
        self.b = {name: [_enclose(v) for v in vec] for name, vec in cert.biases.items()}
        self.symbols = [[_enclose(v.value) for v in symbol] for symbol in cert.alphabet]

    def _affine(self, unit: str, prev: IVec, x: IVec) -> IVec:
        r = self.cell.recurrent
        return _add(
            _matvec(self.w[f"W_{unit}{r}"], prev),
            _matvec(self.w[f"W_{unit}x"], x),
            self.b[f"b_{unit}"],
        )

    def step(self, state: dict[str, IVec], k: int) -> dict[str, IVec]:
        x = self.symbols[k]
        kind = self.cell.name
        if kind == "lstm":
            h, c = state["h"], state["c"]
            f = [self.sigmoid(v) for v in self._affine("f", h, x)]
            i = [self.sigmoid(v) for v in self._affine("i", h, x)]
            o = [self.sigmoid(v) for v in self._affine("o", h, x)]
            ctilde = [self.tanh(v) for v in self._affine("c", h, x)]
            c_new = _add(_mul(f, c), _mul(i, ctilde))
            return {"c": c_new, "h": _mul(o, [self.tanh(v) for v in c_new])}
        if kind == "gated":
            s = state["s"]
            g = [self.sigmoid(v) for v in self._affine("g", s, x)]
            stilde = [self.tanh(v) for v in self._affine("s", s, x)]
            return {"s": _add(_mul([_complement(v) for v in g], s), _mul(g, stilde))}
        if kind == "rnn":
            return {"s": [self.tanh(v) for v in self._affine("s", state["s"], x)]}
        if kind == "gru":
            h = state["h"]
            r = [self.sigmoid(v) for v in self._affine("r", h, x)]
            z = [self.sigmoid(v) for v in self._affine("z", h, x)]
            z_nh = _add(_matvec(self.w["W_nh"], h), self.b["b_nh"])
            z_n = _add(_matvec(self.w["W_nx"], x), self.b["b_n"], _mul(r, z_nh))
            n = [self.tanh(v) for v in z_n]
            return {"h": _add(_mul([_complement(v) for v in z], n), _mul(z, h))}
        if kind in _check_kinds.STEPS:  # kinds added with issue 13: check_kinds.py
            return _check_kinds.STEPS[kind](self, state, x)
        raise AssertionError(f"no update for cell {kind!r}")  # CELLS and step() disagree


# ---------------------------------------------------------------------------------------------
# Messages: decimals rounded outward, so that every printed digit is true


def _decimal(value: Fraction, up: bool, digits: int = 12) -> str:
    if value == 0:
        return "0"
    negative = value < 0
    magnitude = -value if negative else value
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    while Fraction(10) ** exponent > magnitude:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    scale = Fraction(10) ** (digits - 1 - exponent)
    away = up != negative  # rounding the magnitude away from zero
    scaled = magnitude * scale
    mantissa = math.ceil(scaled) if away else math.floor(scaled)
    exact = decimal.Context(prec=digits + 2)  # the mantissa has at most `digits` digits
    number = decimal.Decimal(mantissa).scaleb(exponent - digits + 1, context=exact)
    text = f"{number:.{digits}g}"
    return f"-{text}" if negative else text


def _interval_text(lo: Fraction, hi: Fraction, gap: Fraction) -> str:
    """An enclosure rounded outward, with enough digits to show a violation by ``gap`` > 0."""
    digits = 12
    magnitude = max(abs(lo), abs(hi), Fraction(1, 10**300))
    while digits < MAX_MESSAGE_DIGITS and magnitude / Fraction(10) ** (digits - 2) > gap:
        digits += 1
    return f"[{_decimal(lo, up=False, digits=digits)}, {_decimal(hi, up=True, digits=digits)}]"


def _fraction_text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


# ---------------------------------------------------------------------------------------------
# The obligations


def _check(
    cert: _Certificate,
    count: list[int],
    deadline: float = math.inf,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    cell = cert.cell
    boxes = len(cert.boxes)
    # boxes whose transitions (and, bounded by a drift, whose drift) are checked
    to_check = boxes * (2 if cert.drift is not None else 1)
    done = [0]

    def in_time() -> None:
        if deadline != math.inf and time.monotonic() > deadline:
            raise CheckInterrupted(f"{count[0]} obligations verified")
        done[0] += 1
        if progress is not None and done[0] % 64 == 0:
            progress(done[0], to_check)

    # 2: the initial state
    start = cert.boxes[cert.initial_box]
    if start.state != cert.initial_state:
        raise _Where(Obligation.INITIAL, cert.initial_box).fails(
            f"initial box {cert.initial_box} has machine state {start.state!r}, "
            f"but the machine starts in {cert.initial_state!r}"
        )
    for var in cell.states:
        for j, value in enumerate(cert.initial[var]):
            lo, hi = start.bounds[var][j]
            if not lo.value <= value <= hi.value:
                raise _Where(Obligation.INITIAL, cert.initial_box).fails(
                    f"initial {var}[{j}] = {_fraction_text(value)} is not in "
                    f"[{lo.text}, {hi.text}] of initial box {cert.initial_box}"
                )
    count[0] += 1

    # 3: every transition (for a bounded certificate: into the successor box grown by the
    # drift δ; see obligation 5)
    stepper = _Stepper(cert)
    scaled = _Scaled(cert)
    drift = cert.drift or {var: (Fraction(0),) * cert.hidden for var in cell.states}
    for b, box in enumerate(cert.boxes):
        in_time()
        state = {
            var: [_hull(lo.value, hi.value) for lo, hi in box.bounds[var]] for var in cell.states
        }
        if not cert.successors[b]:
            continue  # open (obligation 6 keeps it beyond the horizon)
        for k in range(len(cert.alphabet)):
            where = _at_symbol(Obligation.TRANSITION, cert, b, k)
            cover = cert.successors[b][k]
            expected = cert.transitions[box.state][k]
            for target_id in cover:
                target = cert.boxes[target_id]
                if target.state != expected:
                    raise where.fails(
                        f"successor box {target_id} has machine state "
                        f"{target.state!r}, but the machine goes from {box.state!r} to "
                        f"{expected!r}"
                    )
            try:
                image = stepper.step(state, k)
            except _Invalid as error:
                raise where.fails(error.message) from None
            try:
                _contained(cert, where, image, cover, drift, scaled)
            except _Failed as plain_failure:
                # the plain enclosure is too wide: tighten it by the mean-value form
                try:
                    image = _mean_value(cert, stepper, box, k, image)
                except _Invalid:
                    raise plain_failure from None
                _contained(cert, where, image, cover, drift, scaled)
            count[0] += 1

    # 4: every output (not of the initial state when it is unobserved: no transition leads
    # back to it, so by 3 its boxes are never a successor and its output never emitted).
    # A bounded certificate's boxes are grown by horizon·δ first.
    horizon = cert.horizon or 0
    for b, box in enumerate(cert.boxes):
        wanted = cert.outputs[box.state]
        if not wanted:
            count[0] += 1
            continue
        out_drift = drift[cell.output]
        pairs = [
            (lo.value - horizon * d, hi.value + horizon * d, lo.text, hi.text)
            if not d or not horizon
            else (
                lo.value - horizon * d,
                hi.value + horizon * d,
                _fraction_text(lo.value - horizon * d),
                _fraction_text(hi.value + horizon * d),
            )
            for (lo, hi), d in zip(box.bounds[cell.output], out_drift, strict=True)
        ]
        where = _Where(Obligation.OUTPUT, b, state=box.state, output=tuple(wanted))
        if cert.readout.kind == "round" and cert.readout.units is None:
            for j, (lo_v, hi_v, lo_t, hi_t) in enumerate(pairs):
                at = _Where(
                    Obligation.OUTPUT, b, state=box.state, output=tuple(wanted), component=j
                )
                # the points that round to k (ties toward zero): (k − 1/2, k + 1/2], but
                # [−1/2, 1/2] for k = 0 and [k − 1/2, k + 1/2) for k < 0
                k = wanted[j]
                low_edge = Fraction(2 * k - 1, 2)
                high_edge = Fraction(2 * k + 1, 2)
                low_in, high_in = k <= 0, k >= 0
                if (lo_v == low_edge and not low_in) or (hi_v == high_edge and not high_in):
                    edge = low_edge if lo_v == low_edge else high_edge
                    raise at.fails(
                        f"output {cell.output}[{j}] interval [{lo_t}, {hi_t}] "
                        f"touches the rounding boundary {_fraction_text(edge)}, which rounds "
                        "toward zero, away from the output"
                    )
                if not (low_edge <= lo_v and hi_v <= high_edge):
                    left, right = "[" if low_in else "(", "]" if high_in else ")"
                    raise at.fails(
                        f"output {cell.output}[{j}] interval [{lo_t}, {hi_t}] is not inside "
                        f"{left}{_fraction_text(low_edge)}, {_fraction_text(high_edge)}{right}"
                    )
        read = _read(cert.readout, [(lo_v, hi_v) for lo_v, hi_v, _, _ in pairs])
        if read != wanted:
            shown = "not certain" if read is None else f"{list(read)}"
            raise where.fails(
                f"the {cert.readout.kind} readout of {cell.output} on the box is {shown}"
            )
        count[0] += 1

    # 6 (depth-bounded certificates, a horizon and no drift): every open box lies at least
    # horizon steps from the initial box (the least number of steps along covers). A word
    # of length t ≤ horizon then passes only through boxes fewer than horizon steps from
    # the start before its last step: all closed, so 3 holds along it and 4 reads its
    # outputs.
    if cert.drift is None and cert.horizon is not None:
        distance = {cert.initial_box: 0}
        frontier = [cert.initial_box]
        while frontier:
            following = []
            for b in frontier:
                if not cert.successors[b]:
                    if distance[b] < cert.horizon:
                        raise _Where(Obligation.DEPTH).fails(
                            f"box {b} is open (its images are not covered) and "
                            f"{distance[b]} steps from the initial box, fewer than the horizon "
                            f"{cert.horizon}"
                        )
                    continue
                for cover in cert.successors[b]:
                    for c in cover:
                        if c not in distance:
                            distance[c] = distance[b] + 1
                            following.append(c)
            frontier = following
        count[0] += 1

    # 5 (bounded certificates): the step does not amplify the drift on the grown boxes:
    # for every box b, symbol k and component i, Σ_j max|∂F_i/∂x_j| δ_j ≤ δ_i over
    # B_b ⊕ horizon·δ. With 3, by the mean value theorem, the state after t ≤ horizon steps
    # lies in its box grown by t·δ; 4 reads the right output on every such box.
    if cert.drift is None:
        return
    order = [(var, j) for var in cell.states for j in range(cert.hidden)]
    deltas = [drift[var][j] for var, j in order]
    zero = iv.mpf(0)
    for b, box in enumerate(cert.boxes):
        in_time()
        grown: dict[str, list[Any]] = {}
        for i, (var, j) in enumerate(order):
            lo, hi = box.bounds[var][j]
            d = horizon * deltas[i]
            grad = tuple(iv.mpf(1) if m == i else zero for m in range(len(order)))
            grown.setdefault(var, []).append(_Dual(_hull(lo.value - d, hi.value + d), grad))
        for k in range(len(cert.alphabet)):
            where = _at_symbol(Obligation.DRIFT, cert, b, k)
            try:
                image = stepper.step(grown, k)
            except _Invalid as error:
                raise where.fails(error.message) from None
            for i, (var, j) in enumerate(order):
                entry = image[var][j]
                grad = entry.grad if isinstance(entry, _Dual) else (zero,) * len(order)
                total = Fraction(0)
                for m, g in enumerate(grad):
                    if deltas[m]:
                        try:
                            g_lo, g_hi = _endpoints(g)
                        except _Invalid as error:
                            raise where.fails(error.message) from None
                        total += max(abs(g_lo), abs(g_hi)) * deltas[m]
                if total > deltas[i]:
                    raise where.fails(
                        f"the step may amplify the drift of {var}[{j}]: "
                        f"Σ|∂F/∂x|·δ ≤ {_decimal(total, up=True)} exceeds "
                        f"δ = {_fraction_text(deltas[i])}"
                    )
            count[0] += 1


FBox = list[tuple[Fraction, Fraction]]


def _contained(
    cert: _Certificate,
    where: _Where,
    image: dict[str, IVec],
    cover: tuple[int, ...],
    drift: dict[str, tuple[Fraction, ...]],
    scaled: _Scaled,
) -> None:
    """The image lies in the union of its cover's boxes, or in its one successor box grown
    by the drift; raises the failure at ``where`` otherwise."""
    if len(cover) > 1:
        _check_cover(cert, where, image, cover, scaled)
        return
    target_id = cover[0]
    target = cert.boxes[target_id]
    for var in cert.cell.states:
        for j, enclosure in enumerate(image[var]):
            lo, hi = target.bounds[var][j]
            d = drift[var][j]
            try:
                e_lo, e_hi = _endpoints(enclosure)
            except _Invalid as error:
                raise where.fails(f"image {var}[{j}]: {error.message}") from None
            if not (lo.value - d <= e_lo and e_hi <= hi.value + d):
                suffix = f" grown by the drift {_fraction_text(d)}" if d else ""
                gap = max(lo.value - d - e_lo, e_hi - hi.value - d)
                raise where.fails(
                    f"image {var}[{j}] ⊆ [{lo.text}, {hi.text}]{suffix} "
                    f"(box {target_id}) fails: enclosure "
                    f"{_interval_text(e_lo, e_hi, gap)}"
                )


def _mean_value(
    cert: _Certificate, stepper: _Stepper, box: _Box, k: int, image: dict[str, IVec]
) -> dict[str, IVec]:
    """The image of ``box`` under symbol k, tightened by the mean-value theorem: for x in
    the box and its centre m, F_i(x) − F_i(m) = ∇F_i(ξ)·(x − m) with ξ between m and x, in
    the (convex) box, where the interval Jacobian (the stepper on _Dual intervals) encloses
    ∇F_i. So F_i(box) ⊆ F_i(m) + Σ_j J_ij·[−r_j, r_j] (r_j the half-widths), intersected
    with the plain enclosure ``image``."""
    cell = cert.cell
    order = [(var, j) for var in cell.states for j in range(cert.hidden)]
    zero = iv.mpf(0)
    centre: dict[str, list[Any]] = {}
    duals: dict[str, list[Any]] = {}
    offsets: list[Any] = []
    for i, (var, j) in enumerate(order):
        lo, hi = box.bounds[var][j]
        mid = (lo.value + hi.value) / 2
        centre.setdefault(var, []).append(_hull(mid, mid))
        grad = tuple(iv.mpf(1) if m == i else zero for m in range(len(order)))
        duals.setdefault(var, []).append(_Dual(_hull(lo.value, hi.value), grad))
        half = (hi.value - lo.value) / 2
        offsets.append(_hull(-half, half))
    point = stepper.step(centre, k)
    slopes = stepper.step(duals, k)
    tight: dict[str, IVec] = {}
    for var in cell.states:
        entries = []
        for j, plain in enumerate(image[var]):
            slope = slopes[var][j]
            if not isinstance(slope, _Dual):
                entries.append(plain)  # depends on no state component
                continue
            mv: Any = point[var][j]
            for g, offset in zip(slope.grad, offsets, strict=True):
                mv = mv + g * offset
            m_lo, m_hi = _endpoints(mv)
            try:
                p_lo, p_hi = _endpoints(plain)
            except _Invalid:  # the plain enclosure is not finite
                p_lo, p_hi = m_lo, m_hi
            t_lo, t_hi = max(p_lo, m_lo), min(p_hi, m_hi)
            if t_lo > t_hi:
                raise _Invalid("two enclosures of one image are disjoint")
            entries.append(_hull(t_lo, t_hi))
        tight[var] = entries
    return tight


MAX_COVER_CELLS = 1_000_000  # elementary cells of one image's cover check (see _uncovered)


MAX_SCALED_BITS = 4096  # a common denominator beyond this: the cover check keeps fractions


def _common_denominator(cert: _Certificate) -> int | None:
    """The least common multiple of every box bound's denominator, None beyond
    MAX_SCALED_BITS bits."""
    denominator = 1
    for box in cert.boxes:
        for var in cert.cell.states:
            for lo, hi in box.bounds[var]:
                denominator = math.lcm(denominator, lo.value.denominator, hi.value.denominator)
                if denominator.bit_length() > MAX_SCALED_BITS:
                    return None
    return denominator


class _Scaled:
    """Every box's bounds as integers over one common denominator (made once per check):
    the cover obligation compares integers, not fractions. Where the boxes' denominators
    have no common multiple of at most MAX_SCALED_BITS bits (rational bounds of many
    primes, which only a certificate written by hand has), the bounds stay fractions
    (``denominator`` None)."""

    def __init__(self, cert: _Certificate) -> None:
        denominator = _common_denominator(cert)
        self.denominator = denominator
        self.boxes: list[list[tuple[Any, Any]]] = [
            [
                (lo.value, hi.value)
                if denominator is None
                else (int(lo.value * denominator), int(hi.value * denominator))
                for var in cert.cell.states
                for lo, hi in box.bounds[var]
            ]
            for box in cert.boxes
        ]


def _check_cover(
    cert: _Certificate,
    where: _Where,
    image: dict[str, IVec],
    cover: tuple[int, ...],
    scaled: _Scaled,
) -> None:
    """The image box lies in the union of the cover's boxes (see :func:`_uncovered`). The
    image's enclosure is first rounded outward to the boxes' common denominator: a larger
    box, so that its being covered implies the image's."""
    d = scaled.denominator
    hull: list[tuple[Any, Any]] = []
    for var in cert.cell.states:
        for j, enclosure in enumerate(image[var]):
            try:
                lo, hi = _endpoints(enclosure)
            except _Invalid as error:
                raise where.fails(f"image {var}[{j}]: {error.message}") from None
            hull.append((lo, hi) if d is None else (math.floor(lo * d), math.ceil(hi * d)))
    try:
        left = _uncovered(hull, [scaled.boxes[b] for b in cover])
    except _Invalid as error:
        raise where.fails(error.message) from None
    if left is not None:
        scale = 1 if d is None else d
        lo_part, hi_part = Fraction(left[0][0], scale), Fraction(left[0][1], scale)
        raise where.fails(
            f"the image is not covered by boxes {list(cover)}: a part of it is left "
            f"(first component [{_decimal(lo_part, up=False)}, {_decimal(hi_part, up=True)}])"
        )


def _uncovered(
    hull: Sequence[tuple[Any, Any]], boxes: Sequence[Sequence[tuple[Any, Any]]]
) -> list[tuple[Any, Any]] | None:
    """A closed box inside ``hull`` that no box of ``boxes`` contains (None when their union
    holds the whole hull), exactly.

    Along each component, the hull's endpoints and every box endpoint strictly inside the
    hull cut it into elementary intervals (a point where the hull is a point); the hull is
    the union of the products of elementary intervals, its *cells*. No box endpoint lies
    inside a cell, so a box either contains a cell or meets it only on its boundary: the
    union holds the hull exactly when every cell lies in one box. Each box marks the cells
    it contains (a range of elementary intervals per component, by bisection), and an
    unmarked cell is the part left."""
    cuts: list[list[Any]] = []
    for j, (h_lo, h_hi) in enumerate(hull):
        inside = {v for box in boxes for v in box[j] if h_lo < v < h_hi}
        cuts.append(sorted({h_lo, h_hi} | inside))
    counts = [max(len(c) - 1, 1) for c in cuts]
    total = math.prod(counts)
    if total > MAX_COVER_CELLS:
        raise _Invalid("the cover is too fragmented to check")
    marked = bytearray(total)
    strides = [math.prod(counts[j + 1 :]) for j in range(len(counts))]
    for box in boxes:
        ranges: list[range] = []
        for j, (b_lo, b_hi) in enumerate(box):
            c = cuts[j]
            if len(c) == 1:  # the hull is the point c[0] along j
                ranges.append(range(1) if b_lo <= c[0] <= b_hi else range(0))
            else:  # the intervals [c[t], c[t + 1]] with b_lo ≤ c[t] and c[t + 1] ≤ b_hi
                ranges.append(range(bisect_left(c, b_lo), bisect_right(c, b_hi) - 1))
            if not ranges[-1]:
                break
        else:
            offsets = [0]
            for r, stride in zip(ranges, strides, strict=True):
                offsets = [o + t * stride for o in offsets for t in r]
            for o in offsets:
                marked[o] = 1
    first = marked.find(0)
    if first < 0:
        return None
    cell: list[tuple[Any, Any]] = []
    for j, stride in enumerate(strides):
        t, first = divmod(first, stride)
        c = cuts[j]
        cell.append((c[0], c[0]) if len(c) == 1 else (c[t], c[t + 1]))
    return cell


def _hull(lo: Fraction, hi: Fraction) -> Interval:
    a = _enclose(lo)._mpi_[0]
    b = _enclose(hi)._mpi_[1]
    return iv.make_mpf((a, b))


def _require_precision(precision_bits: int) -> None:
    if (
        isinstance(precision_bits, bool)
        or not isinstance(precision_bits, int)
        or not MIN_PRECISION_BITS <= precision_bits <= MAX_PRECISION_BITS
    ):
        raise UsageError(
            "precision_bits",
            f"expected a whole number from {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}, "
            f"got {precision_bits!r}",
        )


AUTO_PRECISION_BITS = 8192  # the most precision_for chooses (a prover's finest: 4096 bits)


def precision_for(cert: _Certificate) -> int:
    """PRECISION_BITS, or 64 bits beyond the largest denominator of a box bound where that
    is finer, at most AUTO_PRECISION_BITS (a hand-written bound over 3^100000 does not make
    every interval of the check 160,000 bits wide; ``precision_bits=`` may ask for more)."""
    finest = max(
        (
            bound.value.denominator.bit_length()
            for box in cert.boxes
            for pairs in box.bounds.values()
            for pair in pairs
            for bound in pair
        ),
        default=0,
    )
    return min(max(PRECISION_BITS, finest + 64), AUTO_PRECISION_BITS)


def _parse_structure(data: object) -> _Certificate:
    try:
        return _parse(data)
    except _Invalid as error:
        raise _Where(Obligation.STRUCTURE).fails(error.message) from None
    except RecursionError:
        raise _Where(Obligation.STRUCTURE).fails("nested too deeply") from None


def check_certificate(
    data: Mapping[str, object],
    *,
    precision_bits: int | None = None,
    deadline: float = math.inf,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Verify obligations 1–4 of a parsed certificate with ``precision_bits``-bit intervals
    (None: :func:`precision_for` the certificate).

    Never raises for a bad certificate: a structural defect is a failure of obligation 1.
    With a ``deadline`` (a ``time.monotonic()`` value) it raises :class:`CheckInterrupted`
    when the check is not done by then: no verdict either way. ``progress(done, total)``
    is called every 64 boxes.
    """
    if precision_bits is not None:
        _require_precision(precision_bits)
    count = [0]
    try:
        cert = _parse_structure(data)
        count[0] += 1
        bits = precision_for(cert) if precision_bits is None else precision_bits
        with _iv_precision(bits):
            _check(cert, count, deadline, progress)
    except _Failed as failed:
        return CheckResult(valid=False, failure=failed.failure, obligations=count[0])
    return CheckResult(valid=True, failure=None, obligations=count[0], horizon=cert.horizon)


ExactBounds = dict[str, tuple[tuple[Fraction, Fraction], ...]]


def box_image(
    data: Mapping[str, object], box: int, symbol: int, *, precision_bits: int = PRECISION_BITS
) -> ExactBounds:
    """The checker's enclosure of the image of ``boxes[box]`` under ``alphabet[symbol]``.

    Per state variable, the exact endpoints of each component's outward-rounded interval;
    this is what obligation 3 compares with the successor box. A structurally invalid
    certificate raises ModelError; an index out of range, UsageError.
    """
    _require_precision(precision_bits)
    try:
        cert = _parse(data)
    except _Invalid as error:
        raise ModelError("certificate", "", error.message) from None
    except RecursionError:
        raise ModelError("certificate", "", "nested too deeply") from None
    if isinstance(box, bool) or not isinstance(box, int) or not 0 <= box < len(cert.boxes):
        raise UsageError("box", f"expected a box id from 0 to {len(cert.boxes) - 1}, got {box!r}")
    if (
        isinstance(symbol, bool)
        or not isinstance(symbol, int)
        or not 0 <= symbol < len(cert.alphabet)
    ):
        raise UsageError(
            "symbol", f"expected a symbol index from 0 to {len(cert.alphabet) - 1}, got {symbol!r}"
        )
    with _iv_precision(precision_bits):
        state = {
            var: [_hull(lo.value, hi.value) for lo, hi in cert.boxes[box].bounds[var]]
            for var in cert.cell.states
        }
        try:
            image = _Stepper(cert).step(state, symbol)
            return {var: tuple(_endpoints(x) for x in image[var]) for var in cert.cell.states}
        except _Invalid as error:
            raise ModelError("certificate", f"boxes[{box}]", error.message) from None


def load_certificate(path: str | Path) -> dict[str, object]:
    """Read a certificate file as JSON; ModelError for an unreadable or malformed file."""
    source = str(path)
    # a regular file only, opened without blocking, at most the certificate size cap
    text = read_text_limited(path, FileKind.CERTIFICATE)

    def reject_constant(name: str) -> object:
        raise ModelError(source, "", f"expected JSON without {name} (numbers are exact strings)")

    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise ModelError(
            source, f"line {error.lineno} column {error.colno}", f"not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise ModelError(source, "", "JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise ModelError(source, "", f"expected a JSON object, got {_kind(data)}")
    if data.get("format") != FORMAT:
        raise ModelError(source, "format", f"expected {FORMAT!r}; not a symlstm certificate")
    if isinstance(data.get("version"), bool) or data.get("version") not in VERSIONS:
        raise ModelError(source, "version", f"expected 1 or 2, got {_kind(data.get('version'))}")
    return data


__all__ = [
    "CELLS",
    "FORMAT",
    "PRECISION_BITS",
    "VERSION",
    "CheckFailure",
    "CheckInterrupted",
    "CheckResult",
    "ExactBounds",
    "Obligation",
    "box_image",
    "check_certificate",
    "load_certificate",
    "parse_exact",
]


# The checker's own equations for the kinds added with issue 13 (peephole LSTM, GRU with the
# reset before the product) live in check_kinds.py, a separate small module that adds its
# cells to CELLS when it is loaded (it is loaded here; step() reads its STEPS).
from symlstm.analysis import check_kinds as _check_kinds  # noqa: E402
