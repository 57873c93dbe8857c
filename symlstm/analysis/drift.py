"""Where finite precision parts ways with the exact cell.

The model's compiled step runs twice side by side: in NumPy at a chosen dtype (float16,
float32 or float64: every constant rounded to the dtype once, every operation rounded by
NumPy) and in ball arithmetic (python-flint ``arb``), the certified exact trace. After each
step both are read by the model's readout; the first step where the outputs differ is
reported with the exact margin of the readout there (how far the exact state is from the
readout's decision boundary) and the float's deviation from the exact state. A search over
every word up to a length walks the tree of words, carrying both states.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from symlstm.model import Model, ReadoutKind
from symlstm.numbers.contexts import BALLS, bits_for_digits
from symlstm.numbers.trace import compile_trace, initial_state, to_inputs

DTYPES = {"float16": np.float16, "float32": np.float32, "float64": np.float64}
MAX_SEARCH_WORDS = 2_000_000


class NumpyAlgebra:
    """The kind's update program over NumPy vectors of one dtype, as framework code runs it:
    each weight matrix and bias rounded to the dtype once (from its exact value), then
    ``W @ h``, sums and products rounded by NumPy at every operation."""

    def __init__(self, model: Model, dtype: str) -> None:
        self.dtype = DTYPES[dtype]
        self.model = model
        with np.errstate(over="ignore"):
            self.weights = {
                name: np.array([[_to_float(v) for v in row] for row in m], dtype=self.dtype)
                for name, m in model.weights
            }
            self.biases = {
                name: np.array([_to_float(v) for v in vec], dtype=self.dtype)
                for name, vec in model.biases
            }
        self.state: dict[str, Any] = {}
        self.x: Any = None
        self.values: dict[str, Any] = {}

    def previous(self, state: str) -> Any:
        return self.state[state]

    def input(self) -> Any:
        return self.x

    def weight(self, name: str, operand: Any) -> Any:
        return self.weights[name] @ operand

    def bias(self, name: str) -> Any:
        return self.biases[name]

    def add(self, *terms: Any) -> Any:
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total

    def hadamard(self, left: Any, right: Any) -> Any:
        return left * right

    def one_minus(self, value: Any) -> Any:
        return self.dtype(1) - value

    def sigmoid(self, value: Any) -> Any:
        one = self.dtype(1)
        e = np.exp(-np.abs(value))  # never overflows
        return np.where(value >= 0, one / (one + e), e / (one + e)).astype(self.dtype)

    def tanh(self, value: Any) -> Any:
        return np.tanh(value)

    def let(self, name: str, role: Any, value: Any) -> Any:
        self.values[name] = value
        return value

    def start(self) -> dict[str, Any]:
        with np.errstate(over="ignore"):
            return {
                s: np.array([_to_float(v) for v in self.model.initial_state(s)], dtype=self.dtype)
                for s in self.model.kind.states
            }

    def step(self, state: dict[str, Any], x: Any) -> dict[str, Any]:
        self.state, self.x, self.values = state, x, {}
        program = self.model.kind.program
        assert program is not None
        with np.errstate(all="ignore"):
            program(self)
        return {s: self.values[s] for s in self.model.kind.states}


def _to_float(v: Any) -> float:
    try:
        return float(Fraction(int(v.p), int(v.q)))
    except OverflowError:
        return math.inf if int(v.p) > 0 else -math.inf  # |v| beyond a float (1e5000)


@dataclass(frozen=True)
class Reading:
    """The readout of one state: its output and the exact margin to the decision boundary
    (None for the float side; for the exact side None when the ball straddles it)."""

    output: tuple[int, ...] | None
    margin: float | None


@dataclass(frozen=True)
class Difference:
    """The first step of a word where the float run and the exact cell read differently."""

    word: tuple[tuple[Fraction, ...], ...]
    t: int
    float_output: tuple[int, ...]
    exact_output: tuple[int, ...] | None
    exact_margin: float | None  # the exact readout's distance to its boundary at step t
    deviation: float  # max |float − exact| over the visible state at step t
    exact_values: tuple[float, ...]
    float_values: tuple[float, ...]


@dataclass(frozen=True)
class WordResult:
    word: tuple[tuple[Fraction, ...], ...]
    difference: Difference | None
    largest_deviation: float
    smallest_margin: float | None


@dataclass(frozen=True)
class DriftReport:
    model: str
    dtype: str
    readout: str
    words: tuple[WordResult, ...]
    max_length: int | None
    searched: int  # words of length 1..max_length visited
    found: Difference | None  # the first word of the search that parts ways, if any
    search_largest_deviation: float
    search_smallest_margin: float | None

    @property
    def agree(self) -> bool:
        return self.found is None and all(w.difference is None for w in self.words)


class _Runner:
    def __init__(self, model: Model, dtype: str, digits: int) -> None:
        self.model = model
        program = compile_trace(model)
        self.cell = program.cell
        self.bits = bits_for_digits(digits) + 32
        self.algebra = NumpyAlgebra(model, dtype)
        with BALLS.precision(self.bits):
            self.ball_loop = program.bind(BALLS)
            self.ball_start = initial_state(model, BALLS)
        self.float_start = self.algebra.start()
        self.state_index = [k for slots in self.cell.state_slots for k in slots]
        kind = model.kind
        self.visible = [self._slot(kind.output, j) for j in range(model.hidden)]
        self.symbols = [
            (
                tuple(_ball(self.bits, v) for v in symbol),
                np.array([float(v) for v in symbol], dtype=self.algebra.dtype),
            )
            for symbol in to_inputs(model, model.alphabet)
        ]

    def _slot(self, name: str, component: int) -> int:
        for k, slot in enumerate(self.cell.slots):
            if slot.name == name and slot.component == component:
                return k
        raise KeyError(name)

    def step(self, ball_state: Any, float_state: Any, symbol: int) -> tuple[Any, Any, Any, Any]:
        xb, xf = self.symbols[symbol]
        with BALLS.precision(self.bits):
            (ball_row,) = self.ball_loop([xb], ball_state)
        new_float = self.algebra.step(float_state, xf)
        return (
            tuple(ball_row[k] for k in self.state_index),
            new_float,
            [ball_row[k] for k in self.visible],
            list(new_float[self.model.kind.output]),
        )


def _ball(bits: int, v: Fraction) -> Any:
    with BALLS.precision(bits):
        return BALLS.rational(v.numerator, v.denominator)


def _read_float(model: Model, h: Sequence[Any]) -> tuple[int, ...]:
    readout = model.readout
    values = [float(v) for v in h]
    if readout.kind in (ReadoutKind.ARGMAX, ReadoutKind.LOGISTIC):
        assert readout.weight is not None and readout.bias is not None
        scores = [
            sum(float(w) * x for w, x in zip(row, values, strict=True)) + float(b)
            for row, b in zip(readout.weight, readout.bias, strict=True)
        ]
        if readout.kind is ReadoutKind.LOGISTIC:
            return (1 if scores[0] > 0 else 0,)
        best = max(range(len(scores)), key=lambda c: (scores[c], -c))
        return (best,)
    units = readout.selected(model.hidden)
    out = []
    for j in units:
        v = values[j]
        if readout.kind is ReadoutKind.SIGN:
            out.append(0 if v == 0 or v != v else (1 if v > 0 else -1))
        elif readout.kind is ReadoutKind.THRESHOLD:
            out.append(1 if v > float(readout.theta) else 0)
        else:  # round, ties toward zero; nan and inf read as the nearest integer they can
            if not math.isfinite(v):
                out.append(0 if v != v else (1 if v > 0 else -1))
                continue
            k = math.floor(v + 0.5)
            if v + 0.5 == k and v > 0:
                k -= 1  # a tie k - 1/2 with k > 0: toward zero
            out.append(k)
    return tuple(out)


def _read_exact(model: Model, h: Sequence[Any]) -> Reading:
    """The exact readout of a state given as balls, and its margin (a float lower bound of
    the distance to the boundary; None when undetermined)."""
    readout = model.readout
    if readout.kind in (ReadoutKind.ARGMAX, ReadoutKind.LOGISTIC):
        assert readout.weight is not None and readout.bias is not None
        scores = []
        for row, b in zip(readout.weight, readout.bias, strict=True):
            total = flint.arb(int(b.p)) / int(b.q)
            for w, x in zip(row, h, strict=True):
                total += flint.arb(int(w.p)) / int(w.q) * x
            scores.append(total)
        if readout.kind is ReadoutKind.LOGISTIC:
            s = scores[0]
            if s > 0:
                return Reading((1,), float(s.lower()))
            if s < 0:
                return Reading((0,), float((-s).lower()))
            if s.is_exact():  # exactly on the boundary: the readout reads 0 there
                return Reading((0,), 0.0)
            return Reading(None, None)
        order = sorted(range(len(scores)), key=lambda c: -float(scores[c].mid()))
        best, second = order[0], order[1]
        gap = scores[best] - scores[second]
        if all(scores[best] > scores[c] for c in order[1:]):
            return Reading((best,), float(gap.lower()))
        return Reading(None, None)
    out: list[int] = []
    margin = math.inf
    for j in readout.selected(model.hidden):
        v = h[j]
        if readout.kind is ReadoutKind.SIGN:
            if v > 0:
                out.append(1)
            elif v < 0:
                out.append(-1)
            elif v.is_exact():  # exactly 0
                out.append(0)
            else:
                return Reading(None, None)
            margin = min(margin, float(abs(v).lower()))
        elif readout.kind is ReadoutKind.THRESHOLD:
            theta = flint.arb(int(readout.theta.p)) / int(readout.theta.q)
            if v > theta:
                out.append(1)
            elif v <= theta and not v.overlaps(theta):
                out.append(0)
            else:
                return Reading(None, None)
            margin = min(margin, float(abs(v - theta).lower()))
        else:
            k = math.floor(float(v.mid()) + 0.5)
            lower, upper = flint.arb(k) - flint.arb(1) / 2, flint.arb(k) + flint.arb(1) / 2
            if v > lower and v < upper:
                out.append(k)
                margin = min(margin, float(min(v - lower, upper - v).lower()))
            elif v.is_exact() and v in (lower, upper):  # a tie k ± 1/2: toward zero
                out.append(math.trunc(float(v.mid())))
                margin = 0.0
            else:
                return Reading(None, None)
    return Reading(tuple(out), margin)


def _deviation(balls: Sequence[Any], floats: Sequence[Any]) -> float:
    worst = 0.0
    for b, f in zip(balls, floats, strict=True):
        value = float(f)
        if not math.isfinite(value):
            return math.inf
        worst = max(worst, abs(value - float(b.mid())))
    return worst


def _compare(
    runner: _Runner, word: tuple[tuple[Fraction, ...], ...], indices: Sequence[int]
) -> WordResult:
    ball, flt = runner.ball_start, runner.float_start
    largest = 0.0
    smallest: float | None = None
    for t, k in enumerate(indices):
        ball, flt, hb, hf = runner.step(ball, flt, k)
        exact = _read_exact(runner.model, hb)
        got = _read_float(runner.model, hf)
        deviation = _deviation(hb, hf)
        largest = max(largest, deviation)
        if exact.margin is not None:
            smallest = exact.margin if smallest is None else min(smallest, exact.margin)
        if exact.output != got:
            difference = Difference(
                word,
                t,
                got,
                exact.output,
                exact.margin,
                deviation,
                tuple(float(v.mid()) for v in hb),
                tuple(float(v) for v in hf),
            )
            return WordResult(word, difference, largest, smallest)
    return WordResult(word, None, largest, smallest)


def drift(
    model: Model,
    dtype: str = "float32",
    words: Sequence[Sequence[Any]] = (),
    max_length: int | None = None,
    *,
    digits: int = 30,
) -> DriftReport:
    """Compare ``model`` in NumPy at ``dtype`` with its exact trace on ``words`` and, with
    ``max_length``, on every word of length 1 to ``max_length`` (breadth first: the first
    difference found is on a shortest such word)."""
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    runner = _Runner(model, dtype, digits)
    alphabet = to_inputs(model, model.alphabet)
    index = {symbol: k for k, symbol in enumerate(alphabet)}
    results = []
    for word in words:
        vectors = tuple(to_inputs(model, word))
        results.append(_compare(runner, vectors, [index[v] for v in vectors]))
    found = None
    searched = 0
    largest = 0.0
    smallest: float | None = None
    if max_length is not None:
        count = sum(len(alphabet) ** n for n in range(1, max_length + 1))
        if count > MAX_SEARCH_WORDS:
            raise ValueError(
                f"{count} words up to length {max_length}; at most {MAX_SEARCH_WORDS} are searched"
            )
        level: list[tuple[tuple[int, ...], Any, Any]] = [
            ((), runner.ball_start, runner.float_start)
        ]
        for t in range(max_length):
            next_level = []
            for prefix, ball, flt in level:
                for k in range(len(alphabet)):
                    b2, f2, hb, hf = runner.step(ball, flt, k)
                    searched += 1
                    word = (*prefix, k)
                    exact = _read_exact(model, hb)
                    got = _read_float(model, hf)
                    deviation = _deviation(hb, hf)
                    largest = max(largest, deviation)
                    if exact.margin is not None:
                        smallest = exact.margin if smallest is None else min(smallest, exact.margin)
                    if exact.output != got and found is None:
                        found = Difference(
                            tuple(alphabet[i] for i in word),
                            t,
                            got,
                            exact.output,
                            exact.margin,
                            deviation,
                            tuple(float(v.mid()) for v in hb),
                            tuple(float(v) for v in hf),
                        )
                    next_level.append((word, b2, f2))
            if found is not None:
                break
            level = next_level
    return DriftReport(
        model.name,
        dtype,
        model.readout.kind.value,
        tuple(results),
        max_length,
        searched,
        found,
        largest,
        smallest,
    )


__all__ = ["DTYPES", "Difference", "DriftReport", "NumpyAlgebra", "WordResult", "drift"]
