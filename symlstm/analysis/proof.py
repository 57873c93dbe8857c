"""The prover: a finite-state machine the *exact* cell implements, with an inductive proof.

How it works (one pass, no sampling):

1. Start from a box around the exact initial state (degenerate when the initial state is a
   decimal). Every box is a product of closed intervals with exact decimal endpoints
   (integers over ``10**digits``), one interval per component of every state variable.
2. For a box and a symbol, convert each interval to an arb ball containing it and run the
   model's compiled step in the BALLS context (``compile_model(model).bind(BALLS)`` inside
   ``BALLS.precision(bits)``): the result encloses the image of the *whole* box. An
   image that does not fit an existing box and is wider than 2**-TIGHTEN_BITS is
   intersected with its mean-value form (the image of the box's centre plus the box's
   interval Jacobian times its half-widths: :func:`symlstm.numbers.duals.mean_value_image`),
   which ball arithmetic on the whole box loses to the dependency problem. The endpoints
   are rounded outward to decimals.
3. The image goes into an existing box that contains it; otherwise, if a box of the same
   output lies in the same grid cell (resolution ``grid``), that box is *widened* to hold
   the image too (hull, extrapolated by the overshoot, at most a grid cell wide) and its own
   images are recomputed; otherwise a new box (the image padded by 1/64 of its width: exact
   components stay points) is made. Beyond ±SATURATED a component's box may span any range
   (a memory cell that fills: see :data:`SATURATED`). Boxes only grow, so every transition
   already checked stays valid; a box whose image meets a decision boundary is split, and
   the images that landed in it are placed again.
4. When no box is left to (re)compute, the boxes and their successors are closed under one
   step: by induction every state the exact cell reaches, on every word of every length,
   lies in one of the boxes, and each box reads one certain output of the model's readout
   (for the default, its output interval lies strictly inside (k − 1/2, k + 1/2)). (The
   initial box alone may sit on a boundary: its output is never emitted, it is
   ``UNOBSERVED``, and no image enters it.)
   The boxes form a Moore machine; minimising it gives the machine the cell implements,
   and the boxes labelled with its states are the certificate (format in the certificate
   spec; check it with ``symlstm check``).

Verdicts: ``proved`` with a certificate; ``refuted`` (only against a *claimed* machine)
with a shortest word whose certified exact outputs — arb enclosures strictly inside another
rounding interval, no tolerance — contradict the claim; ``unknown`` with the reason, the
budget that ran out and, when the state keeps moving (a counter), the growth along a word.
A cell whose output follows a count (the up/down counter's sign) has no finite set of
boxes closed under its step, so it can never be proved; one whose memory only fills, its
output saturated from some count on, is proved with a box [C, M] (see :data:`SATURATED`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from functools import cached_property
from typing import Any

import flint

from symlstm.analysis.automaton import (
    UNOBSERVED,
    Difference,
    MooreMachine,
    Output,
    Word,
    distinguishing_word,
    minimize,
    quotient_map,
    word_text,
)
from symlstm.analysis.check import CheckFailure, CheckInterrupted, Obligation, check_certificate
from symlstm.analysis.readouts import ReadoutRule
from symlstm.analysis.reasons import LIMITS, Boundary, Drift, Enclosure, Reason, ReasonCode
from symlstm.budget import NEVER, Deadline
from symlstm.model import Model, ReadoutKind, format_number
from symlstm.numbers import BALLS, compile_model
from symlstm.numbers.digits import certified_digits
from symlstm.numbers.duals import DUALS, Dual, mean_value_image, seeds
from symlstm.numbers.wide import WideBall, interval

FORMAT = "symlstm-certificate"
FORMAT_VERSION = 2


class Verdict(Enum):
    PROVED = "proved"
    BOUNDED = "bounded"  # the machine, proved for every word up to a length (the horizon)
    REFUTED = "refuted"
    UNKNOWN = "unknown"


class Exhausted(Enum):
    """Why a proof attempt stopped without a verdict: the budget or limit that ran out."""

    NONE = "none"
    MAX_STATES = "max-states"  # more boxes than the budget allows
    MAX_SECONDS = "max-seconds"
    MAX_WIDENINGS = "max-widenings"  # a box kept growing
    BOUNDARY = "rounding-boundary"  # an enclosure of the output touches k ± 1/2
    DIVERGED = "diverged"  # an enclosure is not finite
    SEARCH = "search"  # no counterexample within the search budget either


class Rechecked(Enum):
    """Whether the independent checker (:mod:`symlstm.analysis.check`) re-verified the
    certificate of a proved or bounded verdict before :func:`prove` returned it."""

    NOT_ASKED = "not-asked"  # prove(check=False), or no certificate (refuted, unknown)
    VALID = "valid"  # the checker verified it (a rejected one is never a proof)
    OUT_OF_TIME = "out-of-time"  # the time budget ran out before the check was done
    TOO_LARGE = "too-large"  # its exact bounds are too large to write out (weights ~1e400)


@dataclass(frozen=True)
class Budget:
    """Explicit limits of one proof attempt."""

    max_states: int = 20_000  # boxes (each box is one abstract state)
    max_seconds: float = 120.0
    max_widenings: int = 64  # per box
    bits: int = 128  # working precision of the ball arithmetic
    digits: int = 30  # box endpoints are integers over 10**digits
    grid: int = 6  # boxes merge (widen) within cells of side 2**-grid
    search_depth: int = 400  # counterexample search: longest word
    search_states: int = 200_000  # counterexample search: distinct states visited
    long_steps: int = 10_000_000  # counterexample search: longest lasso u·v^j
    max_splits: int = 256  # boxes bisected because their image met a decision boundary
    # a bounded verdict from a breadth-first search (every word up to the depth its boxes
    # reach; see _covered) only from this horizon on: shorter ones say little more than
    # running every word
    min_horizon: int = 12


@dataclass(frozen=True)
class Box:
    """A box of the certificate: the machine state it belongs to and, for each flat state
    component (the cell's state variables in order, components inside), the closed
    interval ``[lo, hi] / 10**digits``."""

    state: int
    bounds: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Certificate:
    """An inductive certificate that the exact cell implements ``machine``."""

    model: Model
    machine: MooreMachine
    digits: int
    states: tuple[int, ...]  # the machine state of each box
    initial_box: int
    successors: tuple[tuple[int, ...], ...]
    bits: int  # precision the prover used (for the record)
    # a bounded certificate: valid for words of length ≤ horizon; its boxes' images land
    # in their successor boxes grown by ``drift`` (per flat component, over 10**digits)
    horizon: int | None = None
    drift: tuple[int, ...] | None = None
    # a cover certificate: the image of box b under symbol k lies in the union of the
    # boxes covers[b][k] (successors then holds each cover's first box). With a horizon
    # and no drift, a box whose row is empty is *open* (its images were not covered): the
    # certificate holds for words up to the horizon, which is at most the length of the
    # shortest path from the initial box to an open box
    covers: tuple[tuple[tuple[int, ...], ...], ...] | None = None
    # the exact bounds of box b; taken when first asked for (the proof itself compares
    # enclosures with exact binary numbers inside each box and does not need them)
    bounds_of: Callable[[int], tuple[tuple[int, int], ...]] = field(
        compare=False, repr=False, default=lambda b: ()
    )

    @cached_property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(Box(q, self.bounds_of(b)) for b, q in enumerate(self.states))

    def to_data(self, version: str) -> dict[str, Any]:
        """The certificate as JSON-ready data (format ``symlstm-certificate`` version 1)."""
        model = self.model
        kind = model.kind
        n = model.hidden
        params: dict[str, Any] = {}
        for name, matrix in model.weights:
            params[name] = [[format_number(v) for v in row] for row in matrix]
        for name, vector in model.biases:
            params[name] = [format_number(v) for v in vector]
        machine = self.machine
        boxes = []
        for b, box in enumerate(self.boxes):
            bounds: dict[str, Any] = {}
            for s, state in enumerate(kind.states):
                bounds[state] = [
                    [decimal_text(lo, self.digits), decimal_text(hi, self.digits)]
                    for lo, hi in box.bounds[s * n : (s + 1) * n]
                ]
            boxes.append({"id": b, "state": machine.states[box.state], "bounds": bounds})
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "symlstm": version,
            "model": {
                "name": model.name,
                "cell": kind.name,
                "hidden": n,
                "inputs": model.inputs,
                "alphabet": [[format_number(v) for v in a] for a in model.alphabet],
                "params": params,
                "initial": {
                    state: [format_number(v) for v in model.initial_state(state)]
                    for state in kind.states
                },
                "readout": readout_data(model),
            },
            "output": kind.output,
            "machine": {
                key: value for key, value in machine_data(machine).items() if key != "alphabet"
            },
            "boxes": boxes,
            "initial_box": self.initial_box,
            "successors": [list(row) for row in self.successors]
            if self.covers is None
            else [
                # an open box of a depth-bounded certificate (no covers): null
                [cover[0] if len(cover) == 1 else list(cover) for cover in row] if row else None
                for row in self.covers
            ],
        }
        if self.horizon is not None:
            data["horizon"] = str(self.horizon)
        if self.horizon is not None and self.drift is not None:
            data["drift"] = {
                state: [decimal_text(d, self.digits) for d in self.drift[s * n : (s + 1) * n]]
                for s, state in enumerate(kind.states)
            }
        return data


def readout_data(model: Model) -> dict[str, Any]:
    """The model's readout as the certificate writes it (every key the kind uses)."""
    readout = model.readout
    data: dict[str, Any] = {"kind": readout.kind.value}
    if readout.weight is not None and readout.bias is not None:
        data["weight"] = [[format_number(v) for v in row] for row in readout.weight]
        data["bias"] = [format_number(v) for v in readout.bias]
    else:
        data["units"] = list(readout.selected(model.hidden))
        if readout.kind is ReadoutKind.THRESHOLD:
            data["theta"] = format_number(readout.theta)
    return data


def machine_data(machine: MooreMachine) -> dict[str, Any]:
    """A machine as the certificate (and ``analyze --format json``) writes it."""
    return {
        "states": list(machine.states),
        "initial": machine.states[machine.initial],
        "alphabet": [[format_number(v) for v in a] for a in machine.alphabet],
        "outputs": {q: list(machine.outputs[i]) for i, q in enumerate(machine.states)},
        "transitions": {
            q: [machine.states[r] for r in machine.transitions[i]]
            for i, q in enumerate(machine.states)
        },
    }


@dataclass(frozen=True)
class StepEvidence:
    """One step of a certified run: the output enclosure per component (exact decimal
    bounds, rounded outward) and the integer each one rounds to."""

    bounds: tuple[tuple[str, str], ...]
    rounded: tuple[int, ...]


@dataclass(frozen=True)
class Growth:
    """How one state component moves along a word: samples ``(t, value)``, each value the
    digits (at most six significant) its certified enclosure guarantees, None where the
    enclosure is not finite."""

    component: str
    samples: tuple[tuple[int, str | None], ...]


@dataclass(frozen=True)
class ProofResult:
    model_name: str
    verdict: Verdict
    machine: MooreMachine | None  # the proved machine (minimal), if proved
    certificate: Certificate | None
    reason: Reason  # why it ended so: a code with its fields (phrased by the render stage)
    exhausted: Exhausted = Exhausted.NONE
    budget: Budget = field(default_factory=Budget)
    # refuting word (refuted), or the word along which the state moves most (unknown), as
    # indices into ``alphabet`` (the faces print it with symlstm.model.words.format_word)
    word: Word | None = None
    alphabet: tuple[tuple[Any, ...], ...] = ()  # the model's input symbols
    evidence: tuple[StepEvidence, ...] = ()  # certified outputs along ``word``
    claimed: tuple[Output, ...] = ()  # the claim's outputs along ``word`` (refuted)
    growth: tuple[Growth, ...] = ()  # (unknown) the components that move most along word
    prefix: int = 0  # (unknown) the first ``prefix`` symbols of ``word`` reach the failing box
    horizon: int | None = None  # (bounded) the machine holds on every word up to this length
    boxes: int = 0
    transitions: int = 0  # images computed (box × symbol, recomputations included)
    seconds: float = 0.0
    # the budget of the first attempt, when the proof was made again at a finer precision
    # (``budget`` is then the one the result comes from; see :func:`prove`)
    raised_from: Budget | None = None
    rechecked: Rechecked = Rechecked.NOT_ASKED


@dataclass(frozen=True)
class Attempt:
    """Which attempt of the prover a progress report counts the boxes of: ``boxes`` (every
    length), ``drift`` (boxes with a drift, a bounded horizon), ``cover`` (the grid of
    side 2**-``grid``), or ``check`` (the independent checker re-verifying the certificate's
    boxes). Each attempt counts its own boxes."""

    kind: str
    grid: int | None = None


ATTEMPT_BOXES = Attempt("boxes")
ATTEMPT_DRIFT = Attempt("drift")
ATTEMPT_CHECK = Attempt("check")


def grid_attempt(bits: int) -> Attempt:
    """The cover attempt on the grid of side 2**-bits."""
    return Attempt("cover", bits)


Progress = Callable[[int, int, int, Attempt], None]  # boxes done, known, frontier; attempt


# ---------------------------------------------------------------------------- arithmetic


def decimal_text(value: int, digits: int) -> str:
    """The exact decimal ``value / 10**digits`` (``-0.5``, ``3``, ``0.000125``)."""
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10**digits)
    if frac == 0:
        return f"{sign}{whole}"
    text = str(frac).rjust(digits, "0").rstrip("0")
    return f"{sign}{whole}.{text}"


def _floor_scaled(x: Any, scale: int) -> int:
    """floor(x * scale) for an exact arb x (radius 0)."""
    m, e = x.man_exp()
    m, e = int(m), int(e)
    return (m * scale) << e if e >= 0 else (m * scale) >> (-e)


def _interval(ball: Any, scale: int) -> tuple[int, int] | None:
    """The least integers lo ≤ hi with [lo, hi]/scale ⊇ the ball, exactly: floor and ceil
    of (mid ∓ rad)·scale in integers, whatever precision is in force (``lower()`` would
    round at it, and a box made wider by the rounding may touch a rounding boundary the
    proof kept it from). None when the ball is not finite."""
    if not ball.is_finite():
        return None
    if isinstance(ball, WideBall):  # its endpoints, not its ball (see symlstm.numbers.wide)
        below = _interval(ball.lo, scale)
        above = _interval(ball.hi, scale)
        if below is None or above is None:
            return None
        return below[0], above[1]
    mid, mid_exp = ball.mid().man_exp()
    rad, rad_exp = ball.rad().man_exp()
    mid, mid_exp, rad, rad_exp = int(mid), int(mid_exp), int(rad), int(rad_exp)
    if rad == 0:
        rad_exp = mid_exp
    e = min(mid_exp, rad_exp)
    # the ball is [low, high] · 2**e exactly
    low = (mid << (mid_exp - e)) - (rad << (rad_exp - e))
    high = (mid << (mid_exp - e)) + (rad << (rad_exp - e))
    if e >= 0:
        return (low * scale) << e, (high * scale) << e
    return (low * scale) >> -e, -((-high * scale) >> -e)


def _ball(lo: int, hi: int, scale: int) -> Any:
    """An arb ball containing [lo, hi] / scale."""
    if lo == hi:
        return flint.arb(flint.fmpq(lo, scale))
    return flint.arb(flint.fmpq(lo, scale)).union(flint.arb(flint.fmpq(hi, scale)))


# ---------------------------------------------------------------------------- the engine


TIGHTEN_BITS = 40  # images wider than 2**-TIGHTEN_BITS are tightened by the mean-value form


_CELLS: dict[int, tuple[Model, Any]] = {}


def _cell_of(model: Model) -> Any:
    """``compile_model(model)``, found by the model's identity first: the compile cache
    hashes the whole model (every parameter) on each call, a fixed cost of every proof."""
    entry = _CELLS.get(id(model))
    if entry is not None and entry[0] is model:
        return entry[1]
    cell = compile_model(model)
    if len(_CELLS) >= _BOUND_SIZE:
        del _CELLS[next(iter(_CELLS))]
    _CELLS[id(model)] = (model, cell)
    return cell


_BOUND: dict[tuple[int, str, int], tuple[Any, Callable[..., tuple[Any, ...]]]] = {}
_BOUND_SIZE = 32


def bound_step(cell: Any, context: Any, bits: int) -> Callable[..., tuple[Any, ...]]:
    """``cell.bind(context, hoist_constants=True)`` at ``bits`` (call it in the context's
    precision scope), kept for the next proof of the same cell: binding compiles the step's
    source, a fixed cost that a small proof would pay again each time. (The entry holds
    the cell, so its id stays its own.)"""
    key = (id(cell), context.name, bits)
    entry = _BOUND.get(key)
    if entry is not None and entry[0] is cell:
        return entry[1]
    step: Callable[..., tuple[Any, ...]] = cell.bind(context, hoist_constants=True)
    if len(_BOUND) >= _BOUND_SIZE:
        del _BOUND[next(iter(_BOUND))]
    _BOUND[key] = (cell, step)
    return step


class _LazyStep:
    """The cell's step bound in a context the first time it is called (most proofs never
    need the derivative)."""

    def __init__(self, cell: Any, context: Any, bits: int) -> None:
        self.cell = cell
        self.context = context
        self.bits = bits
        self.step: Callable[..., tuple[Any, ...]] | None = None

    def __call__(self, *args: Any) -> tuple[Any, ...]:
        if self.step is None:
            self.step = bound_step(self.cell, self.context, self.bits)
        return self.step(*args)


class _Failure(Exception):
    """A proof attempt stopped: the budget or limit that ran out, the reason's code (its
    fields are filled in by :func:`_failed`) and the box whose image failed."""

    def __init__(self, exhausted: Exhausted, code: ReasonCode, box: int | None) -> None:
        super().__init__(code.value)
        self.exhausted = exhausted
        self.code = code
        self.box = box


DRIFT_WIDENINGS = 3  # drift mode: widenings of a box (plain hulls) before images attach to it
MAX_HORIZON = 10**300  # a bounded verdict's horizon is at most this


MIN_SPLIT_BITS = 40  # a box narrower than 2**-40 in every component is not split

# Saturated memory. A component beyond ±SATURATED (an LSTM's memory cell c that fills or
# counts: f ≈ 1 and c grows by about i·g a step, while h = o·tanh(c) no longer moves) is
# read by the rest of the cell only through tanh(c) and f·c. A box may span any range
# there: one grid cell holds every value beyond ±SATURATED, and a box that grows outward
# there jumps to the next far bound 2^(2^k) (k = FAR_FIRST … FAR_LAST), so that
# f·M + i·g ≤ M closes it once M·(1 − f) exceeds what i·g adds (the exact f is below 1),
# instead of one new box per step of the count.
SATURATED = 8
FAR_FIRST = 4  # 2^16
FAR_LAST = 12  # 2^4096


def _far_bound(value: int, scale: int) -> int:
    """The least far bound 2^(2^k)·scale at least twice ``value`` (over ``scale``), or
    ``value`` itself beyond the last one."""
    for k in range(FAR_FIRST, FAR_LAST + 1):
        far = scale << (1 << k)
        if far >= 2 * value:
            return far
    return value


class _Straddle(Exception):
    """An image overlaps a frozen box without fitting in it."""


class _Abstraction:
    """Boxes, their images and successors; mutable while the fixpoint is computed.

    Boxes are kept no larger than the proof needs. A new box is the exact outward rounding
    of an image, padded on each side by that image's own width: a component the arithmetic
    computes exactly (0 · anything, tanh(0)) stays a point. A box grows only when an image
    does not fit: to the hull, extrapolated by the overshoot where successive overshoots
    shrink (a contraction, so the box reaches its limit in a few steps) and more boldly
    where they do not. Growth that would change the box's output falls back to the plain
    hull; where even that fails, the proof attempt stops with the reason."""

    def __init__(
        self,
        model: Model,
        budget: Budget,
        progress: Progress | None,
        *,
        drift_mode: bool = False,
        deadline: float | None = None,
    ) -> None:
        self.model = model
        self.budget = budget
        self.progress = progress
        self.drift_mode = drift_mode
        self.attempt = ATTEMPT_DRIFT if drift_mode else ATTEMPT_BOXES
        self.deadline = deadline
        self.cell = _cell_of(model)
        self.scale = 10**budget.digits
        self.rule = ReadoutRule(model, self.scale)
        self.grid_factor = float(2**budget.grid)
        self.cap = self.scale >> budget.grid  # the widest a box grows: a grid cell's side
        self.saturated = SATURATED * self.scale  # see SATURATED and _beyond
        kind = model.kind
        n = model.hidden
        self.width = len(kind.states) * n
        self.lows: list[list[int]] = []
        self.highs: list[list[int]] = []
        self.outputs: list[Output] = []
        self.balls: list[tuple[Any, ...]] = []
        self.successors: list[list[int]] = []
        self.parents: list[tuple[int, int] | None] = []
        self.widenings: list[int] = []
        self.overshoot: list[int] = []  # the last overshoot that widened the box
        self.cells: dict[tuple[Output, tuple[Any, ...] | None], list[int]] = {}
        self.grid_cells: dict[tuple[Any, ...] | None, list[int]] = {}
        self.inner: list[tuple[tuple[Any, ...], ...] | None] = []  # made when first needed
        self.computed: dict[int, int] = {}  # box -> widenings when its images were taken
        self.transitions = 0
        self.failed_symbol: int | None = None
        # drift mode: the largest overshoot of an image over the box it is attached to
        self.drift = [0] * self.width
        # refinement: a box whose image is too wide is split in two (it is then dead, its
        # predecessors recomputed); the halves are frozen: they never widen
        self.dead: set[int] = set()
        self.frozen: set[int] = set()
        self.preds: list[set[tuple[int, int]]] = []
        self.min_split = max(1, self.scale >> MIN_SPLIT_BITS)
        self.inverse_scale: Any = None  # a ball around 1/scale at the proof's precision
        self.half_inverse: Any = None  # and around 1/(2·scale)
        # run()'s step, its derivative (bound when first needed) and the symbols as balls
        self.steps: tuple[Any, Any, list[tuple[Any, ...]]] | None = None
        # an image wider than this in some component is tightened by the mean-value form
        # before it is placed (saturated cells' images are far narrower)
        self.tighten = self.scale >> TIGHTEN_BITS

    # -- boxes

    def _grid_key(self, lows: Sequence[int], highs: Sequence[int]) -> tuple[int, ...] | None:
        # cell index of the midpoint at resolution 2**-grid (a clustering heuristic only:
        # soundness never depends on it); beyond ±SATURATED every value is one cell
        bound = 2 * self.saturated
        return self._key(
            min(max(lo + hi, -bound), bound) / (2 * self.scale)
            for lo, hi in zip(lows, highs, strict=True)
        )

    def _key(self, mids: Any) -> tuple[int, ...] | None:
        key = []
        for m in mids:
            if not math.isfinite(m):
                return None
            key.append(math.floor(m * self.grid_factor))
        return tuple(key)

    def _ball_key(self, image: Sequence[Any]) -> tuple[int, ...] | None:
        f = self.grid_factor
        top = float(SATURATED)
        try:
            return tuple([math.floor(min(max(float(x), -top), top) * f) for x in image])
        except (OverflowError, ValueError):  # not finite
            return None

    def _holds(self, c: int, image: Sequence[Any]) -> bool:
        """The enclosure ``image`` lies in box ``c``. The comparisons are certain, and
        ``lows[j] <= x`` certain means every point of ``lows[j]`` is ≤ x: each ``lows[j]``
        (``highs[j]``) is a ball that contains the box's exact bound."""
        inner = self.inner[c]
        if inner is None:
            inner = self.inner[c] = self._bound_balls(*self.bounds(c))
        lows, highs = inner
        # a plain loop: all() over a generator is slower here, and this is the hot path
        for low, x, high in zip(lows, image, highs, strict=False):  # noqa: SIM110
            if not (low <= x <= high):
                return False
        return True

    def find(self, b: int, k: int, image: Sequence[Any]) -> tuple[int, tuple[Any, ...] | None]:
        """A box that certainly holds ``image`` (the previous successor first), or -1;
        and the image's grid key (None when it is not finite)."""
        previous = self.successors[b][k]
        if previous >= 0 and self._holds(previous, image):
            return previous, None
        key = self._ball_key(image)
        if key is None:
            return -1, None
        for c in self.grid_cells.get(key, ()):
            if self._holds(c, image):
                return c, key
        return -1, key

    def bounds(self, b: int) -> tuple[list[int], list[int]]:
        return self.lows[b], self.highs[b]

    def _output_of(self, lows: Sequence[int], highs: Sequence[int]) -> Output | None:
        return self.rule.output(lows, highs)

    def add_box(
        self,
        lows: list[int],
        highs: list[int],
        output: Output,
        parent: tuple[int, int] | None,
        key: tuple[Any, ...] | None = None,
        *,
        searchable: bool = True,
    ) -> int:
        """A new box. A box that is not ``searchable`` is never chosen to hold an image."""
        b = len(self.lows)
        if b >= self.budget.max_states:
            raise _Failure(
                Exhausted.MAX_STATES, ReasonCode.MAX_BOXES, parent[0] if parent else None
            )
        self.lows.append(lows)
        self.highs.append(highs)
        self.outputs.append(output)
        self.balls.append(self._box_balls(lows, highs))
        self.inner.append(None)
        if key is None:
            key = self._grid_key(lows, highs)
        self.successors.append([-1] * len(self.model.alphabet))
        self.preds.append(set())
        self.parents.append(parent)
        self.widenings.append(0)
        self.overshoot.append(0)
        if searchable:
            self.cells.setdefault((output, key), []).append(b)
            self.grid_cells.setdefault(key, []).append(b)
        return b

    def _box_balls(self, lows: Sequence[int], highs: Sequence[int]) -> tuple[Any, ...]:
        """The box's balls: each the ball (lo + hi, hi − lo) in integers times a ball around
        1/(2·scale) taken at the proof's precision, so that it contains [lo, hi]/scale, at
        a quarter of the cost of converting both rationals exactly. Zero stays a point."""
        half = self.half_inverse
        if half is None:  # outside run(): at the precision in force
            half = flint.arb(flint.fmpq(1, 2 * self.scale))
        arb = flint.arb
        scale = self.scale
        # a point stays a point where it can: a degenerate bound is the ball of lo/scale,
        # exact when that is a dyadic rational (an exact tie 1/2 = σ(0)·1 stays exact)
        return tuple(
            [
                arb(flint.fmpq(lo, scale))
                if lo == hi and lo
                else arb(lo + hi, hi - lo) * half
                if hi - lo <= scale
                # wider than 1 (a saturated memory cell): a ball that keeps its endpoints
                else interval(arb(flint.fmpq(lo, scale)), arb(flint.fmpq(hi, scale)))
                for lo, hi in zip(lows, highs, strict=True)
            ]
        )

    def _bound_balls(
        self, lows: Sequence[int], highs: Sequence[int]
    ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The box's bounds as balls, each containing its exact bound (all that a bound's
        ball must do: a comparison ``low <= x`` certain for every point of the ball holds
        for the bound): the exact integer times a ball around 1/scale."""
        inverse = self.inverse_scale
        if inverse is None:
            inverse = flint.arb(flint.fmpq(1, self.scale))
        arb = flint.arb
        return (
            tuple([arb(lo) * inverse for lo in lows]),
            tuple([arb(hi) * inverse for hi in highs]),
        )

    def _balls_of(self, lows: Sequence[int], highs: Sequence[int]) -> tuple[Any, ...]:
        return tuple(_ball(lo, hi, self.scale) for lo, hi in zip(lows, highs, strict=True))

    def contains(self, b: int, lows: Sequence[int], highs: Sequence[int]) -> bool:
        blo, bhi = self.bounds(b)
        return all(blo[j] <= lows[j] and highs[j] <= bhi[j] for j in range(self.width))

    def _inflate(self, lows: list[int], highs: list[int]) -> tuple[list[int], list[int], Output]:
        """The image padded by 1/64 of its width on each side, when that keeps its output;
        else the image itself. (A point stays a point.)"""
        new_lo = [lo - (hi - lo) // 64 for lo, hi in zip(lows, highs, strict=True)]
        new_hi = [hi + (hi - lo) // 64 for lo, hi in zip(lows, highs, strict=True)]
        saturated = self.saturated
        for j, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
            # a saturated memory cell's image is padded no nearer to 0 than ±SATURATED
            if lo >= saturated:
                new_lo[j] = max(new_lo[j], saturated)
            elif hi <= -saturated:
                new_hi[j] = min(new_hi[j], -saturated)
        out = self._output_of(new_lo, new_hi)
        if out is not None:
            return new_lo, new_hi, out
        out = self._output_of(lows, highs)
        assert out is not None  # the caller checked the image's own output
        return lows, highs, out

    def widen(self, b: int, lows: Sequence[int], highs: Sequence[int]) -> bool:
        """Grow box ``b`` to hold the image; False when even the plain hull would change
        the box's output."""
        old_lo, old_hi = self.bounds(b)
        hull_lo = [min(a, c) for a, c in zip(old_lo, lows, strict=True)]
        hull_hi = [max(a, c) for a, c in zip(old_hi, highs, strict=True)]
        over = max(
            max(a - c for a, c in zip(old_lo, hull_lo, strict=True)),
            max(c - a for a, c in zip(old_hi, hull_hi, strict=True)),
        )
        # extrapolate the overshoot: by the tail of a geometric series where the overshoots
        # shrink (ratio rho: rho/(1 − rho), doubled for safety), boldly where they do not
        w = self.widenings[b]
        last = self.overshoot[b]
        if self.drift_mode:
            factor = Fraction(0)  # the plain hull: the drift is measured, not extrapolated
        elif last > 0 and over < last:
            factor = Fraction(2 * over, last - over)
            factor = min(factor, Fraction(1 << min(w, 62)))
        else:
            factor = Fraction(1 << min(w, 62)) if w >= 2 else Fraction(1)
        blo = list(hull_lo)
        bhi = list(hull_hi)
        for j in range(self.width):
            grow_lo = old_lo[j] - hull_lo[j]
            grow_hi = hull_hi[j] - old_hi[j]
            if grow_lo:
                blo[j] -= math.ceil(grow_lo * factor)
            if grow_hi:
                bhi[j] += math.ceil(grow_hi * factor)
        saturated = self.saturated
        for j in range(self.width):
            # a memory cell growing outward beyond ±SATURATED: to the next far bound
            if hull_hi[j] > old_hi[j] and hull_lo[j] >= saturated:
                bhi[j] = max(bhi[j], _far_bound(hull_hi[j], self.scale))
            elif hull_lo[j] < old_lo[j] and hull_hi[j] <= -saturated:
                blo[j] = min(blo[j], -_far_bound(-hull_lo[j], self.scale))
        cap = self.cap
        for j in range(self.width):
            lo, hi = blo[j], bhi[j]
            if hi - lo > cap and not self._beyond(lo, hi):
                # the extrapolation shrunk to what a grid cell allows (never below the hull,
                # which _fits keeps within a cell): a neutral direction (f ≈ 1, i ≈ 0) whose
                # images outgrow the box by the balls' rounding alone needs the room
                room = max(cap - (hull_hi[j] - hull_lo[j]), 0)
                below, above = hull_lo[j] - lo, hi - hull_hi[j]
                below_kept = below * room // (below + above)
                blo[j] = hull_lo[j] - below_kept
                bhi[j] = hull_hi[j] + min(above, room - below_kept)
        too_wide = any(
            hi - lo > cap and not self._beyond(lo, hi) for lo, hi in zip(blo, bhi, strict=True)
        )
        if too_wide or self._output_of(blo, bhi) != self.outputs[b]:
            blo, bhi = hull_lo, hull_hi
            if self._output_of(blo, bhi) != self.outputs[b]:
                return False
        self.lows[b], self.highs[b] = blo, bhi
        self.balls[b] = self._box_balls(blo, bhi)
        self.inner[b] = None
        self.widenings[b] += 1
        self.overshoot[b] = over
        return True

    # -- images

    def _initial_bounds(self) -> tuple[list[int], list[int]]:
        scale = self.scale
        lows: list[int] = []
        highs: list[int] = []
        for state in self.model.kind.states:
            for v in self.model.initial_state(state):
                p, q = int(v.p), int(v.q)
                lo = (p * scale) // q
                lows.append(lo)
                highs.append(lo if lo * q == p * scale else lo + 1)
        return lows, highs

    def run(self) -> None:
        try:
            self._run()
        finally:  # what holds only at run()'s precision
            self.inverse_scale = None
            self.half_inverse = None
            self.steps = None

    def _run(self) -> None:
        budget = self.budget
        deadline = self.deadline or time.monotonic() + budget.max_seconds
        with BALLS.precision(budget.bits):
            step = bound_step(self.cell, BALLS, budget.bits)
            dual_step = _LazyStep(self.cell, DUALS, budget.bits)
            next_state = self.cell.next_state
            symbols = [
                tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a)
                for a in self.model.alphabet
            ]
            self.inverse_scale = flint.arb(flint.fmpq(1, self.scale))
            self.half_inverse = flint.arb(flint.fmpq(1, 2 * self.scale))
            self.steps = (step, dual_step, symbols)
            lows, highs = self._initial_bounds()
            # the initial state's own output is never observed (outputs come after each
            # input): at a rounding boundary it is UNOBSERVED, and no image may enter its box
            output = self._output_of(lows, highs) or UNOBSERVED
            self.add_box(lows, highs, output, None, searchable=output != UNOBSERVED)
            queue: deque[int] = deque([0])
            queued = {0}
            done = 0
            while queue:
                if time.monotonic() > deadline:
                    raise _Failure(Exhausted.MAX_SECONDS, ReasonCode.TIME, queue[0])
                b = queue.popleft()
                queued.discard(b)
                if b in self.dead:
                    continue
                self.computed[b] = self.widenings[b]
                done += 1
                if self.progress is not None and done % 64 == 0:
                    self.progress(done, len(self.lows), len(queue), self.attempt)
                balls = self.balls[b]
                self.transitions += len(symbols)
                for k, symbol in enumerate(symbols):
                    # the image of the whole box: the step in ball arithmetic
                    new_state = next_state(step(*balls, *symbol))
                    found, key = self.find(b, k, new_state)
                    if found >= 0:
                        self._link(b, k, found)
                        continue
                    self.failed_symbol = k
                    try:
                        target = self._slow_place(b, k, new_state, key)
                    except _Straddle:
                        if self._split(b, queue, queued):
                            break
                        target = self._slow_place(b, k, new_state, key, straddle=True)
                    except _Failure as failure:
                        if failure.exhausted is Exhausted.BOUNDARY and self._split(
                            b, queue, queued
                        ):
                            break
                        raise
                    self._link(b, k, target)
                    if self.widenings[target] > budget.max_widenings:
                        raise _Failure(Exhausted.MAX_WIDENINGS, ReasonCode.WIDENINGS, target)
                    if target not in queued and self._stale(target):
                        queue.append(target)
                        queued.add(target)
            if self.progress is not None:
                self.progress(len(self.lows), len(self.lows), 0, self.attempt)

    def _mean_value(
        self,
        b: int,
        symbol: Sequence[Any],
        image: Sequence[Any],
        step: Callable[..., tuple[Any, ...]],
        dual_step: Callable[..., tuple[Any, ...]],
    ) -> list[Any] | None:
        """The image of box ``b`` tightened by the mean-value form (see
        :func:`mean_value_image`); None when the box is a point."""
        lows, highs = self.bounds(b)
        if lows == highs:
            return None
        return mean_value_image(
            self.cell.next_state, step, dual_step, lows, highs, self.scale, symbol, image
        )

    def _link(self, b: int, k: int, target: int) -> None:
        old = self.successors[b][k]
        if old >= 0:
            self.preds[old].discard((b, k))
        self.successors[b][k] = target
        self.preds[target].add((b, k))

    def _split(self, b: int, queue: deque[int], queued: set[int]) -> bool:
        """Bisect box ``b`` along its widest component when it is not the initial box and
        not too small; its predecessors' images are placed again. False when it cannot be."""
        if self.drift_mode or b == 0 or b in self.dead:
            return False
        if len(self.dead) >= self.budget.max_splits:
            return False
        lows, highs = self.bounds(b)
        j = max(range(self.width), key=lambda i: (highs[i] - lows[i], -i))
        if highs[j] - lows[j] < 2 * self.min_split:
            return False
        if len(self.lows) + 2 > self.budget.max_states:
            return False
        mid = (lows[j] + highs[j]) // 2
        halves = []
        for lo_j, hi_j in ((lows[j], mid), (mid, highs[j])):
            lo, hi = list(lows), list(highs)
            lo[j], hi[j] = lo_j, hi_j
            out = self._output_of(lo, hi)
            assert out is not None  # a part of a box reads the box's output
            halves.append(self.add_box(lo, hi, out, self.parents[b]))
        self.frozen.update(halves)
        self.dead.add(b)
        for cell in (self.cells, self.grid_cells):
            for members in cell.values():
                if b in members:
                    members.remove(b)
        for k, target in enumerate(self.successors[b]):
            if target >= 0:
                self.preds[target].discard((b, k))
        for p, k in sorted(self.preds[b]):
            self.successors[p][k] = -1
            self.computed.pop(p, None)
            if p not in queued and p not in self.dead:
                queue.append(p)
                queued.add(p)
        self.preds[b].clear()
        for half in halves:
            queue.append(half)
            queued.add(half)
        return True

    def _slow_place(
        self,
        b: int,
        k: int,
        new_state: Sequence[Any],
        key: tuple[int, ...] | None,
        *,
        straddle: bool = False,
    ) -> int:
        ilo, ihi, width = self._intervals(b, new_state)
        if width > self.tighten and self.steps is not None:
            step, dual_step, symbols = self.steps
            tight = self._mean_value(b, symbols[k], new_state, step, dual_step)
            if tight is not None:
                ilo, ihi, _ = self._intervals(b, tight)
        out = self._output_of(ilo, ihi)
        if out is None:
            raise _Failure(Exhausted.BOUNDARY, ReasonCode.READOUT_BOUNDARY, b)
        target = self._place(b, k, ilo, ihi, out, key, straddle=straddle)
        if target < 0:
            raise _Failure(Exhausted.BOUNDARY, ReasonCode.WIDENED_TO_BOUNDARY, b)
        return target

    def _intervals(self, b: int, image: Sequence[Any]) -> tuple[list[int], list[int], int]:
        """The image's bounds over 1/scale, and its largest width."""
        scale = self.scale
        ilo, ihi = [], []
        width = 0
        for ball in image:
            interval = _interval(ball, scale)
            if interval is None:
                raise _Failure(Exhausted.DIVERGED, ReasonCode.NOT_FINITE, b)
            lo, hi = interval
            ilo.append(lo)
            ihi.append(hi)
            if hi - lo > width:
                width = hi - lo
        return ilo, ihi, width

    def _stale(self, b: int) -> bool:
        """Box ``b`` needs (re)computing: new, or widened since its images were taken."""
        return self.computed.get(b) != self.widenings[b]

    def _place(
        self,
        b: int,
        k: int,
        ilo: list[int],
        ihi: list[int],
        out: Output,
        grid: tuple[int, ...] | None = None,
        *,
        straddle: bool = False,
    ) -> int:
        """The box that holds the image (existing, widened or new); -1 on failure. An image
        that overlaps a frozen box (half of a split one) without fitting in it raises
        _Straddle: its source box is split in turn, unless ``straddle``."""
        previous = self.successors[b][k]
        if previous >= 0 and self.outputs[previous] == out and self.contains(previous, ilo, ihi):
            return previous
        if grid is None:
            grid = self._grid_key(ilo, ihi)
        candidates = self.cells.get((out, grid), [])
        for c in candidates:
            if self.contains(c, ilo, ihi):
                return c
        frozen = self.frozen
        if (
            previous >= 0
            and previous not in frozen
            and self.outputs[previous] == out
            and self._fits(previous, ilo, ihi)
        ):
            return self._grow(previous, ilo, ihi)
        for c in candidates:
            if c not in frozen and self._fits(c, ilo, ihi):
                return self._grow(c, ilo, ihi)
        if not straddle and frozen:
            for c in self.grid_cells.get(grid, ()):
                if c in frozen and self._overlaps(c, ilo, ihi):
                    raise _Straddle
        lows, highs, out = self._inflate(ilo, ihi)
        return self.add_box(lows, highs, out, (b, k), grid)

    def _beyond(self, lo: int, hi: int) -> bool:
        """[lo, hi] (over scale) lies beyond ±SATURATED: a box may be wider than a grid cell
        there."""
        saturated: int = self.saturated
        return lo >= saturated or hi <= -saturated

    def _overlaps(self, b: int, ilo: Sequence[int], ihi: Sequence[int]) -> bool:
        blo, bhi = self.bounds(b)
        return all(ilo[j] <= bhi[j] and blo[j] <= ihi[j] for j in range(self.width))

    def _fits(self, b: int, ilo: Sequence[int], ihi: Sequence[int]) -> bool:
        """The hull of box ``b`` and the image is no wider than a grid cell: a box grows
        only that far (beyond, the image gets a box of its own)."""
        blo, bhi = self.bounds(b)
        cap = self.cap
        for j in range(self.width):
            lo, hi = min(blo[j], ilo[j]), max(bhi[j], ihi[j])
            if hi - lo > cap and not self._beyond(lo, hi):
                return False
        return True

    def _grow(self, b: int, ilo: Sequence[int], ihi: Sequence[int]) -> int:
        """Widen box ``b`` to hold the image; in drift mode, once the box has been widened
        DRIFT_WIDENINGS times, attach the image to it as it is and record the overshoot."""
        if self.drift_mode and self.widenings[b] >= DRIFT_WIDENINGS:
            blo, bhi = self.bounds(b)
            for j in range(self.width):
                over = max(blo[j] - ilo[j], ihi[j] - bhi[j], 0)
                if over > self.drift[j]:
                    self.drift[j] = over
            return b
        return b if self.widen(b, ilo, ihi) else -1

    def word_to(self, b: int) -> Word:
        word: list[int] = []
        link = self.parents[b]
        while link is not None:
            word.append(link[1])
            link = self.parents[link[0]]
        return tuple(reversed(word))


# ---------------------------------------------------------------------------- bounded horizons


@dataclass(frozen=True)
class _Drift:
    abstraction: _Abstraction
    drift: tuple[int, ...]  # δ per flat component, over 10**digits
    horizon: int | None  # None: no drift at all, a proof for every length


def _bounded(
    model: Model, budget: Budget, deadline: float, progress: Progress | None = None
) -> _Drift | None:
    """Boxes that the step maps into their successors grown by a drift δ, and the longest
    horizon N for which (1) every box grown by N·δ keeps its output and (2) the step does
    not amplify δ there (Σ_j max|∂F_i/∂x_j| δ_j ≤ δ_i, from an interval Jacobian). Then the
    state after t ≤ N steps lies in its box grown by t·δ (mean value theorem, induction),
    so the machine of the boxes is right on every word of length ≤ N. None when no such
    boxes are found within the budget."""
    abstraction = _Abstraction(model, budget, progress, drift_mode=True, deadline=deadline)
    try:
        abstraction.run()
    except _Failure:
        return None
    drift = list(abstraction.drift)
    if not any(drift):
        return _Drift(abstraction, tuple(drift), None)
    with BALLS.precision(budget.bits):
        step = abstraction.cell.bind(DUALS, hoist_constants=True)
        symbols = [
            tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a) for a in model.alphabet
        ]
        for _ in range(8):
            if time.monotonic() > deadline:
                return None
            horizon = _horizon(abstraction, drift)
            if horizon < 1:
                return None
            needed = _amplified(abstraction, step, symbols, drift, horizon)
            if needed is None:
                return None
            if all(n <= d for n, d in zip(needed, drift, strict=True)):
                return _Drift(abstraction, tuple(drift), horizon)
            drift = [max(n, d) for n, d in zip(needed, drift, strict=True)]
    return None


def _horizon(abstraction: _Abstraction, drift: Sequence[int]) -> int:
    """The largest N ≤ MAX_HORIZON for which every observed box grown by N·δ keeps its
    output (0 when even N = 1 fails)."""
    best = MAX_HORIZON
    rule = abstraction.rule
    for b, out in enumerate(abstraction.outputs):
        if out == UNOBSERVED:
            continue
        lows, highs = abstraction.bounds(b)

        def keeps(
            n: int, lows: Sequence[int] = lows, highs: Sequence[int] = highs, out: Output = out
        ) -> bool:
            return (
                rule.output(
                    [lo - n * d for lo, d in zip(lows, drift, strict=True)],
                    [hi + n * d for hi, d in zip(highs, drift, strict=True)],
                )
                == out
            )

        if keeps(best):
            continue
        low, high = 0, 1  # keeps(low), not keeps(high)
        while keeps(high):
            low, high = high, 2 * high
        high = min(high, best)
        while high - low > 1:
            mid = (low + high) // 2
            if keeps(mid):
                low = mid
            else:
                high = mid
        best = min(best, low)
    return best


def _amplified(
    abstraction: _Abstraction,
    step: Callable[..., tuple[Any, ...]],
    symbols: Sequence[tuple[Any, ...]],
    drift: Sequence[int],
    horizon: int,
) -> list[int] | None:
    """For each component i, an upper bound (over 10**digits, rounded up) of
    Σ_j max|∂F_i/∂x_j| δ_j over every box grown by horizon·δ and every symbol; None when
    an enclosure is not finite."""
    width = abstraction.width
    needed = [0] * width
    deltas = [flint.arb(d) for d in drift]
    for b in range(len(abstraction.lows)):
        lows, highs = abstraction.bounds(b)
        balls = abstraction._balls_of(
            [lo - horizon * d for lo, d in zip(lows, drift, strict=True)],
            [hi + horizon * d for hi, d in zip(highs, drift, strict=True)],
        )
        duals = seeds(balls)
        for symbol in symbols:
            image = abstraction.cell.next_state(step(*duals, *symbol))
            for i, entry in enumerate(image):
                if not isinstance(entry, Dual):
                    continue  # depends on no state component
                total = flint.arb(0)
                for j, g in enumerate(entry.grad):
                    if drift[j]:
                        total += g.abs_upper() * deltas[j]
                interval = _interval(total, 1)
                if interval is None:
                    return None
                needed[i] = max(needed[i], interval[1])
    return needed


# ---------------------------------------------------------------------------- certified runs


def certified_outputs(
    model: Model, word: Sequence[int], bits: int = 256, digits: int = 25
) -> tuple[tuple[StepEvidence, ...], tuple[tuple[Any, ...], ...]]:
    """The exact cell run on ``word`` in ball arithmetic: for each step the enclosure of
    every visible-state component the readout reads (decimal bounds rounded outward) and
    the output they certainly read (NO_ROUNDING entries where the enclosure meets a
    decision boundary), and the flat state balls."""
    cell = compile_model(model)
    kind = model.kind
    scale = 10**digits
    rule = ReadoutRule(model, scale)
    width = model.readout.width(model.hidden)
    evidence = []
    states = []
    with BALLS.precision(bits):
        step = cell.bind(BALLS, hoist_constants=True)
        state = tuple(
            flint.arb(flint.fmpq(int(v.p), int(v.q)))
            for s in kind.states
            for v in model.initial_state(s)
        )
        symbols = [
            tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a) for a in model.alphabet
        ]
        for k in word:
            state = cell.next_state(step(*state, *symbols[k]))
            states.append(state)
            evidence.append(_evidence(rule, state, scale, digits, width))
    return tuple(evidence), tuple(states)


def _evidence(
    rule: ReadoutRule, state: Sequence[Any], scale: int, digits: int, width: int
) -> StepEvidence:
    bounds = []
    lows = [0] * len(state)
    highs = [0] * len(state)
    finite = True
    for j in rule.components:
        interval = _interval(state[j], scale)
        if interval is None:
            bounds.append(("-inf", "inf"))
            finite = False
            continue
        lows[j], highs[j] = interval
        bounds.append((decimal_text(interval[0], digits), decimal_text(interval[1], digits)))
    out = rule.output(lows, highs) if finite else None
    rounded = out if out is not None else (NO_ROUNDING,) * width
    return StepEvidence(tuple(bounds), rounded)


NO_ROUNDING = -(10**9)  # marks an output enclosure that touches a rounding boundary
LONG_WORD = 10_000  # a longer refuting word keeps the evidence of its last step only


def certified_last(
    model: Model, word: Sequence[int], bits: int = 256, digits: int = 25
) -> StepEvidence:
    """The certified output of the last step of ``word`` (the run streamed, nothing kept)."""
    cell = compile_model(model)
    kind = model.kind
    scale = 10**digits
    rule = ReadoutRule(model, scale)
    with BALLS.precision(bits):
        step = cell.bind(BALLS, hoist_constants=True)
        state = tuple(
            flint.arb(flint.fmpq(int(v.p), int(v.q)))
            for s in kind.states
            for v in model.initial_state(s)
        )
        symbols = [
            tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a) for a in model.alphabet
        ]
        next_state = cell.next_state
        for k in word:
            state = next_state(step(*state, *symbols[k]))
        return _evidence(rule, state, scale, digits, model.readout.width(model.hidden))


GROWTH_STEPS = 64


def _growth(model: Model, prefix: Word, bits: int) -> tuple[Word, tuple[Growth, ...]]:
    """Where the state keeps moving: among the words ``prefix · a^64`` (a a symbol), the
    one along which some state component spans the widest range (judged by the balls'
    midpoints), and a few certified samples of the (at most two) components that move
    most."""
    names = _component_names(model)
    best: tuple[float, Word, list[tuple[float, str, Growth]]] | None = None
    for a in range(len(model.alphabet)):
        word = (*prefix, *([a] * GROWTH_STEPS))
        _, states = certified_outputs(model, word, bits)
        picks = sorted(
            {0, len(states) // 4, len(states) // 2, 3 * len(states) // 4, len(states) - 1}
        )
        rows: list[tuple[float, str, Growth]] = []
        for j, name in enumerate(names):
            samples = tuple(
                (t, certified_digits(states[t][j], 6) if states[t][j].is_finite() else None)
                for t in picks
            )
            if not all(states[t][j].is_finite() for t in range(len(states))):
                rows.append((math.inf, name, Growth(name, samples)))
                continue
            mids = [float(states[t][j].mid()) for t in range(len(states))]
            rows.append((max(mids) - min(mids), name, Growth(name, samples)))
        rows.sort(key=lambda r: (-r[0], r[1]))
        if best is None or rows[0][0] > best[0]:
            best = (rows[0][0], word, rows)
    assert best is not None
    return best[1], tuple(growth for _, _, growth in best[2][:2])


# ---------------------------------------------------------------------------- counterexamples


class _Runner:
    """The exact cell in ball arithmetic next to a claimed machine, for the search."""

    def __init__(self, model: Model, claim: MooreMachine, budget: Budget) -> None:
        self.model = model
        self.claim = claim
        self.cell = compile_model(model)
        kind = model.kind
        self.scale = 10**budget.digits
        self.rule = ReadoutRule(model, self.scale)
        self.budget = budget
        # bound inside the caller's precision scope
        self.step = self.cell.bind(BALLS, hoist_constants=True)
        self.symbols = [
            tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a) for a in model.alphabet
        ]
        self.start = tuple(
            flint.arb(flint.fmpq(int(v.p), int(v.q)))
            for s in kind.states
            for v in model.initial_state(s)
        )

    def advance(self, state: tuple[Any, ...], k: int) -> tuple[Any, ...]:
        return self.cell.next_state(self.step(*state, *self.symbols[k]))

    def contradicts(self, state: tuple[Any, ...], q: int) -> Output | None:
        """The certified rounded output of ``state`` when it differs from the claim's
        output in machine state ``q``; None otherwise (or when undecided)."""
        lows = [0] * len(state)
        highs = [0] * len(state)
        for j in self.rule.components:
            interval = _interval(state[j], self.scale)
            if interval is None:
                return None
            lows[j], highs[j] = interval
        out = self.rule.output(lows, highs)
        return out if out is not None and out != self.claim.outputs[q] else None

    def confirm(self, word: Word) -> tuple[Word, tuple[StepEvidence, ...]] | None:
        """The word and its certified outputs at twice the precision, when they confirm the
        difference (for a word over LONG_WORD inputs, the last step's only)."""
        evidence: tuple[StepEvidence, ...]
        if len(word) > LONG_WORD:
            evidence = (certified_last(self.model, word, bits=2 * self.budget.bits),)
        else:
            evidence, _ = certified_outputs(self.model, word, bits=2 * self.budget.bits)
        q = self.claim.initial
        for k in word:
            q = self.claim.transitions[q][k]
        expected = self.claim.outputs[q]
        last = evidence[-1].rounded
        if NO_ROUNDING in last or last == expected:
            return None
        return word, evidence


def find_counterexample(
    model: Model, claim: MooreMachine, budget: Budget, deadline: float
) -> tuple[Word, tuple[StepEvidence, ...]] | None:
    """A word after which the exact cell's certified rounded output differs from the
    claim's, or None when none is found within the budget.

    First a breadth-first search (states whose enclosures' midpoints agree to 2**-64 are
    searched once), which finds a shortest word when it finishes; then, for drifts that
    show only after many steps, words u·v^j with |u| ≤ 4 and |v| ≤ 2, all advanced in step
    so that the first hit is the shortest of that form. Only a difference certified by
    ball arithmetic (re-run at twice the precision) counts."""
    quantum = 2**64
    with BALLS.precision(budget.bits):
        run = _Runner(model, claim, budget)

        def key(q: int, state: tuple[Any, ...]) -> tuple[int, ...]:
            return (q, *(_floor_scaled(x.mid(), quantum) for x in state))

        queue: deque[tuple[int, tuple[Any, ...], Word]] = deque([(claim.initial, run.start, ())])
        seen = {key(claim.initial, run.start)}
        prefixes: list[tuple[int, tuple[Any, ...], Word]] = [(claim.initial, run.start, ())]
        bfs_limit = max(1, budget.search_states // 10)
        truncated = False
        while queue:
            q, state, word = queue.popleft()
            if len(word) >= budget.search_depth or time.monotonic() > deadline:
                break
            for k in range(len(run.symbols)):
                new = run.advance(state, k)
                r = claim.transitions[q][k]
                if run.contradicts(new, r) is not None:
                    confirmed = run.confirm((*word, k))
                    if confirmed is not None:
                        return confirmed
                if not all(v.is_finite() for v in new):
                    continue
                state_key = key(r, new)
                if state_key in seen:
                    continue
                if len(seen) >= bfs_limit:
                    truncated = True
                    continue
                seen.add(state_key)
                queue.append((r, new, (*word, k)))
                if len(word) < 4:
                    prefixes.append((r, new, (*word, k)))
        if not queue and not truncated:
            return None  # every state was searched: no counterexample exists
        # lassos u·v^j, advanced in lockstep
        alphabet = range(len(run.symbols))
        blocks = [(a,) for a in alphabet] + [(a, b) for a in alphabet for b in alphabet if a != b]
        lassos: list[list[Any]] = [
            [q, state, word, block] for q, state, word in prefixes for block in blocks
        ]
        for t in range(budget.search_depth):
            if time.monotonic() > deadline:
                return None
            for lasso in lassos:
                q, state, word, block = lasso
                if state is None:
                    continue
                k = block[t % len(block)]
                new = run.advance(state, k)
                r = claim.transitions[q][k]
                new_word = (*word, k)
                if run.contradicts(new, r) is not None:
                    confirmed = run.confirm(new_word)
                    if confirmed is not None:
                        return confirmed
                lasso[0] = r
                lasso[1] = new if all(v.is_finite() for v in new) else None
                lasso[2] = new_word
        return _long_search(run, claim, lassos, budget, deadline)


def against_bounded(
    model: Model,
    machine: MooreMachine,
    horizon: int,
    claim: MooreMachine,
    budget: Budget,
    until: float,
) -> Difference | tuple[Word, tuple[StepEvidence, ...]] | None:
    """``claim`` against a ``machine`` proved for every word up to ``horizon``: a shortest
    word within the horizon on which they differ (a :class:`Difference`, whose exact
    outputs are the machine's), else a certified word beyond the horizon that the
    counterexample search finds before ``until``, else None."""
    difference = distinguishing_word(machine, claim)
    if difference is not None and len(difference.word) <= horizon:
        return difference
    return find_counterexample(model, claim, budget, until)


def _long_search(
    run: _Runner,
    claim: MooreMachine,
    lassos: list[list[Any]],
    budget: Budget,
    deadline: float,
) -> tuple[Word, tuple[StepEvidence, ...]] | None:
    """Drifts that cross a boundary after thousands to millions of steps: every lasso
    u·v^j goes on, in rounds that double its length, its output compared with the claim's
    at the end of each round; a difference is narrowed down to its first step by going
    again from the round's start, and confirmed at twice the precision."""
    # a lasso: [claim state, state balls, length so far, prefix u, block v, key]; the lasso
    # phase left each at |u| + search_depth symbols. Prefixes are kept to two symbols, and
    # a lasso whose state no longer moves (the same midpoints to 2**-80 at two checkpoints
    # in the same phase of its block) is dropped: its output cannot change any more.
    quantum = 2**80

    def key(q: int, state: tuple[Any, ...]) -> tuple[int, ...]:
        return (q, *(_floor_scaled(x.mid(), quantum) for x in state))

    live: list[list[Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for q, state, word, block in lassos:
        if state is None:
            continue
        prefix = tuple(word[: len(word) - budget.search_depth])
        if len(prefix) > 2:
            continue
        identity = (key(q, state), tuple(block), (len(word) - len(prefix)) % len(block))
        if identity in seen:
            continue
        seen.add(identity)
        live.append([q, state, len(word), prefix, tuple(block), None])
    target = 1024
    steps = 0
    while live and target <= budget.long_steps:
        for lasso in live:
            q, state, t, prefix, block, last = lasso
            if state is None:
                continue
            start = (q, state, t)
            while t < target or (t - len(prefix)) % len(block):
                k = block[(t - len(prefix)) % len(block)]
                state = run.advance(state, k)
                q = claim.transitions[q][k]
                t += 1
                steps += 1
                if steps % 4096 == 0 and time.monotonic() > deadline:
                    return None
            if not all(v.is_finite() for v in state):
                lasso[1] = None
                continue
            now = key(q, state)
            if now == last:
                lasso[1] = None
                continue
            lasso[5] = now
            if run.contradicts(state, q) is not None:
                first = _first_difference(run, claim, start, t, prefix, block)
                if first is not None:
                    length = first - len(prefix)
                    word = (*prefix, *(block[i % len(block)] for i in range(length)))
                    confirmed = run.confirm(word)
                    if confirmed is not None:
                        return confirmed
            lasso[0], lasso[1], lasso[2] = q, state, t
        target *= 2
    return None


def _first_difference(
    run: _Runner,
    claim: MooreMachine,
    start: tuple[int, tuple[Any, ...], int],
    end: int,
    prefix: Word,
    block: Word,
) -> int | None:
    """The first length in (start, end] at which the lasso's output differs from the claim."""
    q, state, t = start
    while t < end:
        k = block[(t - len(prefix)) % len(block)]
        state = run.advance(state, k)
        q = claim.transitions[q][k]
        t += 1
        if run.contradicts(state, q) is not None:
            return t
    return None


# ---------------------------------------------------------------------------- the prover


MAX_PRECISION_BITS = 4096  # the finest resolution a proof is retried at


def prove(
    model: Model,
    *,
    claim: MooreMachine | None = None,
    budget: Budget | None = None,
    progress: Progress | None = None,
    deadline: Deadline = NEVER,
    check: bool = True,
) -> ProofResult:
    """Prove which Moore machine the exact cell implements (for all words of all lengths),
    or refute ``claim`` with a certified counterexample, or say why not (``unknown``).

    With ``check`` (the default) a proved or bounded verdict's certificate is re-verified
    by the independent checker (:func:`symlstm.analysis.check.check_certificate`) in the
    time left, before it is returned: a certificate it rejects ends ``unknown``
    (CERTIFICATE_REJECTED, a prover bug), one it cannot finish in time keeps its verdict,
    saying so (:attr:`ProofResult.rechecked`).

    The attempt stops at ``budget.max_seconds`` or at ``deadline`` (the whole command's),
    whichever comes first, keeping a small reserve for what follows a failure (the
    counterexample search, the growth of the state).

    When an image meets a decision boundary and the exact cell's own state on that word is
    not certainly clear of it either, the resolution, not the boxes, is what failed: a
    state within 10**-digits of the boundary (σ(0)·tanh(−100) = −1/2 + 1.4·10⁻⁸⁷) cannot be
    told apart from it by boxes over 10**-digits. The precision that certifies the exact
    state's output on that word is found (doubling the bits, up to MAX_PRECISION_BITS) and
    the proof is made again at it, digits to match, in the time left."""
    budget = budget or Budget()
    started = time.monotonic()
    end = deadline.sooner(budget.max_seconds) if budget.max_seconds < math.inf else deadline
    first = budget
    result = _prove(model, claim, budget, progress, end)
    while (finer := _finer_budget(model, budget, result, end)) is not None:
        if end.remaining() < 0.5:
            break
        budget = finer
        again = _prove(model, claim, budget, progress, end)
        result = dataclasses.replace(
            again,
            transitions=result.transitions + again.transitions,
            seconds=time.monotonic() - started,
            raised_from=first,
        )
    if check:
        result = _rechecked(result, end, progress)
        result = dataclasses.replace(result, seconds=time.monotonic() - started)
    return result


def _rechecked(
    result: ProofResult, deadline: Deadline, progress: Progress | None = None
) -> ProofResult:
    """``result`` with its certificate re-verified by the independent checker, within
    ``deadline`` (see :func:`prove`)."""
    certificate = result.certificate
    if certificate is None or result.verdict not in (Verdict.PROVED, Verdict.BOUNDED):
        return result
    try:
        data = certificate.to_data("prove")
    except (OverflowError, MemoryError):
        return dataclasses.replace(result, rechecked=Rechecked.TOO_LARGE)

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, total - done, ATTEMPT_CHECK)

    try:
        checked = check_certificate(data, deadline=deadline.at, progress=report)
    except CheckInterrupted:
        return dataclasses.replace(result, rechecked=Rechecked.OUT_OF_TIME)
    if checked.valid and checked.horizon == result.horizon:
        return dataclasses.replace(result, rechecked=Rechecked.VALID)
    failure = checked.failure
    if failure is None:  # valid, but for another horizon than the verdict's
        failure = CheckFailure(
            Obligation.STRUCTURE,
            f"the checker's horizon {checked.horizon} is not the verdict's {result.horizon}",
        )
    return dataclasses.replace(
        result,
        verdict=Verdict.UNKNOWN,
        machine=None,
        certificate=None,
        horizon=None,
        reason=Reason(ReasonCode.CERTIFICATE_REJECTED, failure=failure),
        exhausted=Exhausted.NONE,
    )


def _finer_budget(
    model: Model, budget: Budget, result: ProofResult, deadline: Deadline
) -> Budget | None:
    """The budget at which ``result``'s failure may go away: an image met a decision
    boundary where the exact cell's state, at the precision of the failure's evidence, is
    not clear of it either (or only touches it: a tie, read toward zero); the least
    precision (bits doubled) that certifies the exact output on that word, with as many
    digits, or None (none up to MAX_PRECISION_BITS does: a tie the ball arithmetic cannot
    keep exact, or a state closer still)."""
    reason = result.reason
    boundary = reason.boundary
    if (
        result.verdict is not Verdict.UNKNOWN
        or reason.code is not ReasonCode.READOUT_BOUNDARY
        or boundary is None
        or boundary.exact_clear
    ):
        return None
    word = (*boundary.word, boundary.symbol)
    bits = max(2 * budget.bits, 256)
    while bits < MAX_PRECISION_BITS and not deadline.expired():
        bits *= 2
        digits = math.ceil(bits * math.log10(2))
        evidence, _ = certified_outputs(model, word, bits=bits, digits=digits)
        if NO_ROUNDING not in evidence[-1].rounded:
            return dataclasses.replace(
                budget, bits=max(budget.bits, bits), digits=max(budget.digits, digits)
            )
    return None


def _prove(
    model: Model,
    claim: MooreMachine | None,
    budget: Budget,
    progress: Progress | None,
    deadline: Deadline,
) -> ProofResult:
    """One proof attempt at the budget's precision (see :func:`prove`)."""
    started = time.monotonic()
    total = min(budget.max_seconds, deadline.remaining())
    until = started + max(total * 0.92 - 0.05, 0.01)  # what follows a failure needs a little
    if claim is not None and claim.alphabet != model.alphabet:
        raise ValueError("the claimed machine reads a different alphabet than the model")
    # the first attempt (every length) leaves a third of the time to a bounded attempt
    first = started + (until - started) * 2 / 3
    abstraction = _Abstraction(model, budget, progress, deadline=first)
    horizon: int | None = None
    try:
        abstraction.run()
        certificate = _certificate(model, abstraction, budget)
    except _Failure as failure:
        # the cover attempt shares what is left with the drift attempt, which does not run
        # when the first attempt ran out of boxes (it would too), and with the search for a
        # counterexample to a claim
        alone = failure.exhausted is Exhausted.MAX_STATES and claim is None
        share = 1.0 if alone else 0.5
        covered = _covered(
            model, budget, time.monotonic() + (until - time.monotonic()) * share, progress
        )
        if covered is not None and covered.horizon is None:
            return _proved(
                model, claim, budget, covered.certificate, abstraction.transitions, started
            )
        bounded = None
        if failure.exhausted is not Exhausted.MAX_STATES:
            bounded = _bounded(model, budget, until, progress)
        # the deepest breadth-first cover search, when it says more than the drift does
        if (
            covered is not None
            and covered.horizon is not None
            and covered.horizon >= budget.min_horizon
            and (
                bounded is None
                or (bounded.horizon is not None and bounded.horizon < covered.horizon)
            )
        ):
            return _depth_bounded(model, claim, budget, covered, started, until)
        if bounded is None:
            return _failed(model, claim, budget, abstraction, failure, started, until)
        abstraction = bounded.abstraction
        horizon = bounded.horizon
        try:
            certificate = _certificate(
                model, abstraction, budget, horizon=horizon, drift=bounded.drift
            )
        except _Failure:
            return _failed(model, claim, budget, abstraction, failure, started, until)
        if claim is not None and horizon is not None:
            found = against_bounded(model, certificate.machine, horizon, claim, budget, until)
            if isinstance(found, tuple):  # (a difference within the horizon: below)
                return _refuted(model, claim, budget, _counts(abstraction), found, started)
    machine = certificate.machine
    seconds = time.monotonic() - started
    common = {
        "budget": budget,
        "boxes": len(certificate.states),
        "transitions": abstraction.transitions,
        "seconds": seconds,
    }
    if claim is not None:
        difference = distinguishing_word(machine, claim)
        if difference is not None and (horizon is None or len(difference.word) <= horizon):
            return _machine_differs(model, claim, certificate, difference, common)
    if horizon is not None:
        return ProofResult(
            model.name,
            Verdict.BOUNDED,
            machine,
            certificate,
            Reason(
                ReasonCode.DRIFT_BOUNDED,
                boxes=len(certificate.states),
                states=machine.size,
                drift=_largest_drift(model, certificate),
                horizon=horizon,
            ),
            horizon=horizon,
            alphabet=model.alphabet,
            **common,  # type: ignore[arg-type]
        )
    return ProofResult(
        model.name,
        Verdict.PROVED,
        machine,
        certificate,
        Reason(ReasonCode.CLOSED, boxes=len(certificate.states), states=machine.size),
        alphabet=model.alphabet,
        **common,  # type: ignore[arg-type]
    )


def _failed(
    model: Model,
    claim: MooreMachine | None,
    budget: Budget,
    abstraction: _Abstraction,
    failure: _Failure,
    started: float,
    until: float,
) -> ProofResult:
    word = abstraction.word_to(failure.box) if failure.box is not None else ()
    common = {
        "budget": budget,
        "boxes": len(abstraction.lows),
        "transitions": abstraction.transitions,
    }
    if claim is not None:
        found = find_counterexample(model, claim, budget, until)
        if found is not None:
            return _refuted(model, claim, budget, _counts(abstraction), found, started)
    prefix = len(word)
    boundary = _boundary_cause(model, abstraction, failure, word)
    word, growth = _growth(model, word, budget.bits)  # the prefix, then one symbol repeated
    limit = LIMITS.get(failure.code)
    reason = Reason(
        failure.code,
        limit=getattr(budget, limit) if limit is not None else None,
        prefix=prefix,
        boundary=boundary,
        searched=claim is not None,
    )
    return ProofResult(
        model.name,
        Verdict.UNKNOWN,
        None,
        None,
        reason,
        exhausted=failure.exhausted,
        word=word,
        alphabet=model.alphabet,
        prefix=prefix,
        growth=growth,
        seconds=time.monotonic() - started,
        **common,  # type: ignore[arg-type]
    )


def _largest_drift(model: Model, certificate: Certificate) -> Drift:
    """The largest drift per step, named by its component (exact, over the digits)."""
    drift = certificate.drift or ()
    names = _component_names(model)
    j = max(range(len(drift)), key=lambda i: (drift[i], -i))
    return Drift(names[j], decimal_text(drift[j], certificate.digits))


def _component_names(model: Model) -> list[str]:
    n = model.hidden
    return [s if n == 1 else f"{s}_{j + 1}" for s in model.kind.states for j in range(n)]


BOUNDARY_DIGITS = 6  # a failing image's enclosures, rounded outward to this many decimals


def _boundary_cause(
    model: Model, abstraction: _Abstraction, failure: _Failure, word: Word
) -> Boundary | None:
    """For a box whose image met a decision boundary: the enclosure of each component the
    readout reads (with the boundaries inside it), and what the exact cell does on the
    word that reaches the box followed by that input."""
    b, k = failure.box, abstraction.failed_symbol
    if failure.code is not ReasonCode.READOUT_BOUNDARY or b is None or k is None:
        return None
    names = _component_names(model)
    scale = 10**BOUNDARY_DIGITS
    with BALLS.precision(abstraction.budget.bits):
        step = abstraction.cell.bind(BALLS, hoist_constants=True)
        symbol = tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in model.alphabet[k])
        image = abstraction.cell.next_state(step(*abstraction.balls[b], *symbol))
    enclosures = []
    for j in abstraction.rule.components:
        interval = _interval(image[j], scale)
        if interval is None:
            enclosures.append(Enclosure(names[j], None, None))
            continue
        lo, hi = interval
        enclosures.append(
            Enclosure(
                names[j],
                decimal_text(lo, BOUNDARY_DIGITS),
                decimal_text(hi, BOUNDARY_DIGITS),
                _boundaries_in(model, Fraction(lo, scale), Fraction(hi, scale)),
            )
        )
    evidence, states = certified_outputs(model, (*word, k), digits=CLEAR_DIGITS)
    last = evidence[-1]
    clear = last.rounded if _clear(model, states[-1]) else None
    return Boundary(model.readout.kind, word, k, tuple(enclosures), clear)


CLEAR_DIGITS = 25  # the resolution at which the exact state must keep off every boundary


def _clear(model: Model, state: Sequence[Any]) -> bool:
    """The exact state (its balls) reads a certain output, and so does its enclosure grown
    by 10^-CLEAR_DIGITS on every side: it keeps off every decision boundary of the readout
    (a state that touches one, as a tie read toward zero may, or lies closer than that, is
    certain but too close for the boxes: the proof is worth making again finer)."""
    scale = 10**CLEAR_DIGITS
    lows, highs = [], []
    for ball in state:
        interval = _interval(ball, scale)
        if interval is None:
            return False
        lows.append(interval[0] - 1)
        highs.append(interval[1] + 1)
    return ReadoutRule(model, scale).output(lows, highs) is not None


BOUNDARIES_SHOWN = 3  # at most this many decision boundaries named per enclosure


def _boundaries_in(model: Model, lo: Fraction, hi: Fraction) -> tuple[str, ...]:
    """The decision boundaries of a unit readout (round: k ± 1/2, sign: 0, threshold:
    theta) that lie in [lo, hi], the first few; none for a linear readout."""
    kind = model.readout.kind
    if kind is ReadoutKind.ROUND:
        first = math.ceil(lo - Fraction(1, 2))  # the least k with k + 1/2 ≥ lo
        points: list[Fraction] = []
        k = first
        while Fraction(2 * k + 1, 2) <= hi and len(points) < BOUNDARIES_SHOWN:
            points.append(Fraction(2 * k + 1, 2))
            k += 1
        return tuple(_fraction_text(p) for p in points)
    if kind is ReadoutKind.SIGN:
        return ("0",) if lo <= 0 <= hi else ()
    if kind is ReadoutKind.THRESHOLD:
        theta = Fraction(int(model.readout.theta.p), int(model.readout.theta.q))
        return (_fraction_text(theta),) if lo <= theta <= hi else ()
    return ()


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


# grid cells of side 2**-g tried in turn by the cover attempt: 2**-6 first (it closes for
# most saturated cells), then the coarser 2**-5, whose breadth-first search reaches deeper on
# some trained nets (tomita1-h2: depth 19 at 2**-5, 10 at 2**-6, 7 at 2**-8), then finer ones
COVER_GRIDS = (6, 5, 8, 10, 12)


@dataclass(frozen=True)
class _Covered:
    """What the cover attempt found: a proof (``horizon`` None), or the certificate of the
    deepest bounded search (the cell implements the machine on every word up to
    ``horizon``)."""

    certificate: Certificate
    horizon: int | None
    transitions: int


def _covered(
    model: Model, budget: Budget, deadline: float, progress: Progress | None = None
) -> _Covered | None:
    """The cover attempt (see :mod:`symlstm.analysis.cover`): grids of side 2**-g for g in
    COVER_GRIDS, until one closes or the time is up. Each grid is searched breadth first:
    when it does not close, the boxes explored before the first failure (or before the
    budget ran out) still prove the machine of their classes on every word shorter than
    the shortest word to an unexplored box; the deepest such search is kept."""
    from symlstm.analysis.cover import CoverAbstraction, CoverFailure

    scale = 10**budget.digits
    rule = ReadoutRule(model, scale)
    cell = compile_model(model)
    plain = _Abstraction(model, budget, None)
    initial = plain._initial_bounds()
    best: _Covered | None = None
    transitions = 0
    for grid in COVER_GRIDS:
        if time.monotonic() > deadline:
            break
        cover = CoverAbstraction(
            model,
            cell,
            rule,
            scale,
            grid,
            _interval,
            initial,
            budget.max_states,
            deadline,
            progress=progress,
            attempt=grid_attempt(grid),
        )
        cover.run(budget.bits, bounded=True)
        transitions += cover.transitions
        horizon = cover.horizon
        kept = best.horizon if best is not None and best.horizon is not None else 0
        if horizon is not None and horizon <= kept:
            continue  # says no more than a search kept already (or nothing: depth 0)
        try:
            machine, states = cover.machine()
        except CoverFailure:
            continue
        lows, highs = cover.lows, cover.highs

        def bounds_of(
            b: int, lows: list[list[int]] = lows, highs: list[list[int]] = highs
        ) -> tuple[tuple[int, int], ...]:
            return tuple(zip(lows[b], highs[b], strict=True))

        certificate = Certificate(
            model=model,
            machine=machine,
            digits=budget.digits,
            states=states,
            initial_box=0,
            successors=tuple(tuple(c[0] for c in row) for row in cover.covers),
            bits=budget.bits,
            bounds_of=bounds_of,
            covers=tuple(tuple(row) for row in cover.covers),
            horizon=min(horizon, MAX_HORIZON) if horizon is not None else None,
        )
        best = _Covered(certificate, horizon, transitions)
        if horizon is None:
            return best
    if best is not None:
        best = _Covered(best.certificate, best.horizon, transitions)
    return best


def _depth_bounded(
    model: Model,
    claim: MooreMachine | None,
    budget: Budget,
    covered: _Covered,
    started: float,
    until: float,
) -> ProofResult:
    """The bounded verdict of a breadth-first cover search (its certificate's open boxes
    lie at least ``horizon`` steps from the initial box), or the refutation of ``claim``:
    by the bounded machine on a word up to the horizon, else by a certified word beyond."""
    certificate = covered.certificate
    horizon = covered.horizon
    assert horizon is not None
    machine = certificate.machine
    common = {
        "budget": budget,
        "boxes": len(certificate.states),
        "transitions": covered.transitions,
    }
    if claim is not None:
        found = against_bounded(model, machine, horizon, claim, budget, until)
        if isinstance(found, Difference):
            common["seconds"] = time.monotonic() - started
            return _machine_differs(model, claim, certificate, found, common)
        if found is not None:
            counts = (len(certificate.states), covered.transitions)
            return _refuted(model, claim, budget, counts, found, started)
    open_boxes = sum(1 for row in certificate.covers or () if not row)
    return ProofResult(
        model.name,
        Verdict.BOUNDED,
        machine,
        certificate,
        Reason(
            ReasonCode.DEPTH_BOUNDED,
            boxes=len(certificate.states),
            states=machine.size,
            open=open_boxes,
            horizon=horizon,
        ),
        horizon=horizon,
        alphabet=model.alphabet,
        seconds=time.monotonic() - started,
        **common,  # type: ignore[arg-type]
    )


def _machine_differs(
    model: Model,
    claim: MooreMachine,
    certificate: Certificate,
    difference: Any,
    common: dict[str, Any],
) -> ProofResult:
    """The claim refuted by a word on which the proved machine differs from it."""
    evidence, _ = certified_outputs(model, difference.word)
    return ProofResult(
        model.name,
        Verdict.REFUTED,
        certificate.machine,
        certificate,
        Reason(
            ReasonCode.MACHINE_DIFFERS,
            length=len(difference.word),
            cell_output=difference.left,
            claim_output=difference.right,
        ),
        word=difference.word,
        alphabet=model.alphabet,
        evidence=evidence,
        claimed=claim.output_trace(difference.word),
        **common,
    )


def _proved(
    model: Model,
    claim: MooreMachine | None,
    budget: Budget,
    certificate: Certificate,
    transitions: int,
    started: float,
) -> ProofResult:
    """A proof found by the cover attempt, or the refutation of ``claim`` it gives."""
    machine = certificate.machine
    common = {
        "budget": budget,
        "boxes": len(certificate.states),
        "transitions": transitions,
        "seconds": time.monotonic() - started,
    }
    if claim is not None:
        difference = distinguishing_word(machine, claim)
        if difference is not None:
            return _machine_differs(model, claim, certificate, difference, common)
    return ProofResult(
        model.name,
        Verdict.PROVED,
        machine,
        certificate,
        Reason(ReasonCode.COVERED, boxes=len(certificate.states), states=machine.size),
        alphabet=model.alphabet,
        **common,  # type: ignore[arg-type]
    )


def _refuted(
    model: Model,
    claim: MooreMachine,
    budget: Budget,
    counts: tuple[int, int],
    found: tuple[Word, tuple[StepEvidence, ...]],
    started: float,
) -> ProofResult:
    """The claim refuted by a certified word (``counts``: the boxes and box images the
    proof attempt had computed)."""
    cword, evidence = found
    claimed = claim.output_trace(cword)
    return ProofResult(
        model.name,
        Verdict.REFUTED,
        None,
        None,
        Reason(
            ReasonCode.COUNTEREXAMPLE,
            length=len(cword),
            cell_output=evidence[-1].rounded,
            claim_output=claimed[-1],
        ),
        word=cword,
        alphabet=model.alphabet,
        evidence=evidence,
        claimed=claimed[-len(evidence) :],
        seconds=time.monotonic() - started,
        budget=budget,
        boxes=counts[0],
        transitions=counts[1],
    )


def _counts(abstraction: _Abstraction) -> tuple[int, int]:
    return len(abstraction.lows), abstraction.transitions


def _certificate(
    model: Model,
    abstraction: _Abstraction,
    budget: Budget,
    *,
    horizon: int | None = None,
    drift: tuple[int, ...] | None = None,
) -> Certificate:
    # the boxes reachable from the initial box through successors
    order = [0]
    index = {0: 0}
    i = 0
    while i < len(order):
        for r in abstraction.successors[order[i]]:
            if r < 0 or r in abstraction.dead:  # never a certificate with a gap
                raise _Failure(Exhausted.SEARCH, ReasonCode.NOT_CLOSED, None)
            if r not in index:
                index[r] = len(order)
                order.append(r)
        i += 1
    box_machine = MooreMachine(
        states=tuple(f"b{b}" for b in order),
        initial=0,
        alphabet=model.alphabet,
        transitions=tuple(tuple(index[r] for r in abstraction.successors[b]) for b in order),
        outputs=tuple(abstraction.outputs[b] for b in order),
    )
    machine = minimize(box_machine)
    mapping = quotient_map(box_machine, machine)

    def bounds_of(i: int) -> tuple[tuple[int, int], ...]:
        return tuple(zip(*abstraction.bounds(order[i]), strict=True))

    return Certificate(
        model=model,
        machine=machine,
        digits=budget.digits,
        states=tuple(mapping[i] for i in range(len(order))),
        initial_box=0,
        successors=box_machine.transitions,
        bits=budget.bits,
        bounds_of=bounds_of,
        horizon=horizon,
        drift=drift if horizon is not None else None,
    )


def describe_word(model: Model, word: Sequence[int]) -> str:
    return word_text(model.alphabet, word)
