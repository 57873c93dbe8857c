"""Rounding conventions as data, and checking a convention against exact arithmetic.

A :class:`RoundingConvention` says three things: the saturation threshold ``T`` (sigmoid →
1 and tanh → 1 for arguments ≥ T, sigmoid → 0 and tanh → −1 for arguments ≤ −T, exact in
between; ``None``: no saturation), the :class:`TieRule` for an output exactly halfway
between two integers, and whether the visible state (h, or s) is rounded every step and
carried rounded into the next. The three conventions of the course are in
:data:`CONVENTIONS`; a teacher states their own with :meth:`RoundingConvention.with_`.

Everything is computed with python-flint ``arb`` balls. Decisions (is z ≥ T? which
integer is nearest? is it a tie?) are taken only when the enclosure decides them; an
undecided one makes :func:`check_convention` retry at a higher precision, and is flagged
``UNDECIDED`` if it stays undecided.

Public API (the analyzer reuses the one-step part to build the saturated table)::

    CONVENTIONS: dict[str, RoundingConvention]            # "exact", "nearest", "saturate"
    convention_named(name) -> RoundingConvention           # KeyError-free: ValueError
    Stepper(model, convention)                             # one step at a time
        .step(state, x) -> StepOutcome                     # call inside BALLS.precision(bits)
    round_ball(ball, tie) -> tuple[int | None, bool]      # (nearest integer, is a tie)
    check_convention(model, convention, inputs, digits=30, *, tolerance=1/10)
        -> ConventionResult                                # whole word, with the verdict
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from fractions import Fraction
from typing import Any

import flint

from symlstm.budget import NEVER, Deadline
from symlstm.model import Model
from symlstm.numbers.compiled import CompiledCell, Slot, compile_model
from symlstm.numbers.contexts import BALLS, bits_for_digits
from symlstm.numbers.digits import ball_bounds, certify
from symlstm.numbers.trace import (
    GUARD_BITS,
    Vector,
    initial_state,
    short_of_digits,
    to_inputs,
)

Row = tuple[Any, ...]
MAX_RETRIES = 3  # an undecided run is retried at 4×, 16×, 64× the working precision
DEFAULT_TOLERANCE = Fraction(1, 10)


class TieRule(Enum):
    """How an output exactly halfway between two integers (±0.5, 1.5, …) is rounded."""

    TO_ZERO = "to-zero"  # the later edition: "if h_t = ±0.5, round it to 0"
    AWAY_FROM_ZERO = "away-from-zero"
    TO_EVEN = "to-even"


@dataclass(frozen=True)
class RoundingConvention:
    """A rounding convention: saturation threshold, tie rule, rounding of the carried state.

    ``threshold`` None means no activation is saturated; otherwise it must be positive.
    ``round_state`` True: the visible state is rounded to the nearest integer after every
    step and the rounded value is carried into the next step (other states stay exact).
    """

    name: str
    description: str
    threshold: Fraction | None
    tie: TieRule
    round_state: bool

    def __post_init__(self) -> None:
        if self.threshold is not None and self.threshold <= 0:
            raise ValueError(f"a saturation threshold must be positive, got {self.threshold}")

    def with_(
        self,
        *,
        threshold: Fraction | str | None = "keep",
        tie: TieRule | None = None,
        round_state: bool | None = None,
    ) -> RoundingConvention:
        """A variant of this convention (a teacher's own rule); unchanged fields kept."""
        changes: dict[str, Any] = {}
        if not isinstance(threshold, str):
            changes["threshold"] = threshold
        if tie is not None:
            changes["tie"] = tie
        if round_state is not None:
            changes["round_state"] = round_state
        if not changes:
            return self
        variant = replace(self, **changes)
        parts = []
        if "threshold" in changes:
            parts.append(f"threshold {_fraction_text(threshold)}")  # type: ignore[arg-type]
        if tie is not None:
            parts.append(f"ties {tie.value}")
        if round_state is not None:
            parts.append("state rounded" if round_state else "state exact")
        return replace(variant, name=f"{self.name} ({', '.join(parts)})")


def _fraction_text(value: Fraction | None) -> str:
    if value is None:
        return "none"
    return str(value.numerator) if value.denominator == 1 else str(value)


CONVENTIONS: dict[str, RoundingConvention] = {
    c.name: c
    for c in (
        RoundingConvention(
            "exact",
            "no rounding anywhere; the answer is the exact h_t rounded to the nearest integer",
            None,
            TieRule.TO_ZERO,
            False,
        ),
        RoundingConvention(
            "nearest",
            "each step computed exactly, h_t rounded to the nearest integer and carried "
            "rounded (earlier edition; ties, which it does not state, away from zero)",
            None,
            TieRule.AWAY_FROM_ZERO,
            True,
        ),
        RoundingConvention(
            "saturate",
            "sigmoid → 1, tanh → 1 for arguments ≥ 1; sigmoid → 0, tanh → -1 for arguments "
            "≤ -1; exact in between; h_t rounded and carried, ±0.5 rounds to 0 (later edition)",
            Fraction(1),
            TieRule.TO_ZERO,
            True,
        ),
    )
}


def convention_named(name: str) -> RoundingConvention:
    """The built-in convention ``name``; ``ValueError`` naming the known ones otherwise."""
    try:
        return CONVENTIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown rounding convention {name!r}; expected one of {', '.join(CONVENTIONS)}"
        ) from None


# ---------------------------------------------------------------------------- rounding


_HALF = flint.arb(1) / 2  # exact


def round_ball(ball: Any, tie: TieRule) -> tuple[int | None, bool]:
    """The integer nearest to the value in ``ball`` and whether it is an exact tie.

    ``(None, False)`` when the enclosure does not decide (it holds a half-integer and is
    not that exact half-integer).
    """
    if not ball.is_exact():
        # the one integer k with k − 1/2 < x < k + 1/2 for every x of the ball, if any
        if not ball.is_finite():
            raise ValueError(f"not a finite enclosure: {ball}")
        nearest = (ball + _HALF).floor().unique_fmpz()
        if nearest is None or ball.contains(flint.arb(nearest) - _HALF):
            return None, False
        return int(nearest), False
    lower, upper = ball_bounds(ball)
    if lower == upper:
        v = lower
        floor = math.floor(v)
        if v - floor == Fraction(1, 2):
            return _break_tie(floor, tie), True
        return round(v), False
    k = math.floor(lower + Fraction(1, 2))
    if lower > k - Fraction(1, 2) and upper < k + Fraction(1, 2):
        return k, False
    return None, False


def _break_tie(floor: int, tie: TieRule) -> int:
    """Round floor + 1/2."""
    if tie is TieRule.TO_ZERO:
        return floor + 1 if floor < 0 else floor
    if tie is TieRule.AWAY_FROM_ZERO:
        return floor if floor < 0 else floor + 1
    return floor if floor % 2 == 0 else floor + 1


# ---------------------------------------------------------------------------- one step


@dataclass(frozen=True)
class ActivationUse:
    """One sigmoid or tanh applied in a step, and what the convention made of it.

    ``argument`` names the quantity it is applied to ("z_f", "z_c", "c", …) and
    ``component`` its component; ``z`` is its value, ``exact`` the activation's exact
    value, ``used`` the value the convention uses (``exact``, or the saturated 0, 1, −1).
    ``margin`` is |z| − T (None without a threshold): positive when saturated with room.
    ``argument_slot`` is the index in the step's values of the slot holding ``z`` (None if
    no slot holds it), ``value_slot`` that of the slot holding ``used`` (None if none: the
    LSTM's tanh(c) is not a quantity of its own). Slots are found by identity, so the
    named slot holds the very ball.
    """

    function: str  # "sigmoid" | "tanh"
    argument: str
    component: int
    z: Any
    exact: Any
    used: Any
    saturated: bool
    margin: Any | None
    undecided: bool
    argument_slot: int | None = None
    value_slot: int | None = None


@dataclass(frozen=True)
class StepOutcome:
    """A convention applied to one step from a given state and input.

    ``values`` are every quantity under the convention (``slots`` order); ``output`` the
    visible state's components before rounding; ``rounded`` their nearest integers (None
    if undecided) and ``ties`` whether each was an exact tie; ``state`` the flat state
    carried into the next step (visible state rounded when the convention says so).
    """

    values: Row
    activations: tuple[ActivationUse, ...]
    output: Row
    rounded: tuple[int | None, ...]
    ties: tuple[bool, ...]
    state: Row

    @property
    def undecided(self) -> bool:
        return any(r is None for r in self.rounded) or any(a.undecided for a in self.activations)


class Stepper:
    """Applies a convention to single steps of a model (the analyzer's building block).

    Build it once per (model, convention); call :meth:`step` inside
    ``BALLS.precision(bits)`` — the same scope for the whole run, since constants are
    converted when the step is first used at a precision.
    """

    def __init__(self, model: Model, convention: RoundingConvention) -> None:
        self.model = model
        self.convention = convention
        self.cell: CompiledCell = compile_model(model)
        kind = model.kind
        self.slots: tuple[Slot, ...] = self.cell.slots
        n = model.hidden
        offset = kind.states.index(kind.output) * n
        self.output_positions = tuple(range(offset, offset + n))
        self._log: list[tuple[str, Any, Any, Any, bool, Any, bool]] = []
        self._bits: int | None = None
        self._step: Any = None
        self._threshold: Any = None
        self._inputs: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    # activations that record what they do
    def _activation(self, function: str, exact_of: Any, low: int, high: int) -> Any:
        log = self._log

        def apply(z: Any) -> Any:
            exact = exact_of(z)
            threshold = self._threshold
            if threshold is None:
                log.append((function, z, exact, exact, False, None, False))
                return exact
            margin = abs(z) - threshold
            if z >= threshold:
                used, saturated, undecided = flint.arb(high), True, False
            elif z <= -threshold:
                used, saturated, undecided = flint.arb(low), True, False
            elif -threshold < z < threshold:
                used, saturated, undecided = exact, False, False
            else:
                used, saturated, undecided = exact, False, True
            log.append((function, z, exact, used, saturated, margin, undecided))
            return used

        return apply

    def _bind(self) -> None:
        bits = flint.ctx.prec
        if self._bits == bits:
            return
        self._inputs.clear()  # balls at the new precision
        threshold = self.convention.threshold
        self._threshold = (
            None
            if threshold is None
            else flint.arb(flint.fmpq(threshold.numerator, threshold.denominator))
        )
        context = replace(
            BALLS,
            name=f"balls/{self.convention.name}",
            sigmoid=self._activation("sigmoid", BALLS.sigmoid, 0, 1),
            tanh=self._activation("tanh", BALLS.tanh, -1, 1),
        )
        self._step = self.cell.bind(context)
        self._bits = bits

    def initial(self) -> Row:
        """The model's initial flat state as balls (call inside the precision scope)."""
        return initial_state(self.model, BALLS)

    def step(self, state: Sequence[Any], x: Sequence[Any]) -> StepOutcome:
        """Apply the convention to one step from flat ``state`` (balls or exact numbers,
        ``kind.states`` order) and input ``x`` (exact numbers or balls)."""
        self._bind()
        # a word repeats a few symbols: each exact input vector is converted once
        key = x if isinstance(x, tuple) and all(type(v) is Fraction for v in x) else None
        inputs = None if key is None else self._inputs.get(key)
        if inputs is None:
            inputs = tuple(_ball(v) for v in x)
            if key is not None and len(self._inputs) < 1024:
                self._inputs[key] = inputs
        balls = [*map(_ball, state), *inputs]
        self._log.clear()
        values = self._step(*balls)
        activations = self._uses(values)
        self._log.clear()
        new_state = list(self.cell.next_state(values))
        output = tuple(new_state[p] for p in self.output_positions)
        rounded: list[int | None] = []
        ties: list[bool] = []
        for value in output:
            r, tie = round_ball(value, self.convention.tie)
            rounded.append(r)
            ties.append(tie)
        if self.convention.round_state:
            for p, r in zip(self.output_positions, rounded, strict=True):
                if r is not None:
                    new_state[p] = flint.arb(r)
        return StepOutcome(
            tuple(values), activations, output, tuple(rounded), tuple(ties), tuple(new_state)
        )

    def _uses(self, values: Row) -> tuple[ActivationUse, ...]:
        """The logged activations, each named by the slot its argument is. Equal constants
        are one object (r₁ and r₂ of sigmoid(100) share it), so each activation takes the
        first slot holding its argument after the previous activation's: the step applies
        them in program order, each after its argument is computed."""
        uses = []
        start = 0
        slots = self.slots
        where: dict[int, list[int]] = {}  # id → the slots holding that object, in order
        for k, value in enumerate(values):
            where.setdefault(id(value), []).append(k)
        for function, z, exact, used, saturated, margin, undecided in self._log:
            name, component = "?", 0
            found = _find(where, z, start)
            if found is None:  # an argument computed before the previous activation's
                found = _find(where, z, 0)
            result = None
            if found is not None:
                name, component = slots[found].name, slots[found].component
                start = found + 1
                result = _find(where, used, start)
            if result is None:
                result = _find(where, used, 0)
            uses.append(
                ActivationUse(
                    function,
                    name,
                    component,
                    z,
                    exact,
                    used,
                    saturated,
                    margin,
                    undecided,
                    found,
                    result,
                )
            )
        return tuple(uses)


def _find(where: dict[int, list[int]], target: Any, start: int) -> int | None:
    """The first slot from ``start`` whose value is the object ``target`` (``where``: each
    value's slots by identity; the values are alive while it is used)."""
    for k in where.get(id(target), ()):
        if k >= start:
            return k
    return None


def _ball(value: Any) -> Any:
    if isinstance(value, flint.arb):
        return value
    # exact numbers as BALLS converts them: kept exact when the precision cannot hold them
    if isinstance(value, Fraction):
        return BALLS.rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return BALLS.rational(value, 1)
    if hasattr(value, "p") and hasattr(value, "q"):
        return BALLS.rational(int(value.p), int(value.q))
    raise TypeError(f"not a number: {value!r}")


# ---------------------------------------------------------------------------- a word


class Flag(Enum):
    """Why a step's rounding assumption fails or is fragile."""

    DISAGREES = "disagrees"  # the convention's integer is not the rounded exact value
    TIE = "tie"  # the output was exactly halfway; the tie rule decided
    FALSE_SATURATION = "unsaturated-used-as-saturated"  # |exact − saturated| > tolerance
    NEAR_THRESHOLD = "near-threshold"  # an argument within tolerance of ±T
    SMALL_MARGIN = "small-margin"  # exact output within tolerance of a rounding boundary
    UNDECIDED = "undecided"  # the enclosure could not decide at the highest precision


FRAGILE = (Flag.TIE, Flag.FALSE_SATURATION, Flag.NEAR_THRESHOLD, Flag.SMALL_MARGIN)


class Verdict(Enum):
    AGREES = "agrees"  # every step equals the rounding of the exact trace, nothing fragile
    AGREES_FRAGILE = "agrees-fragile"  # equal at every step, but some step is fragile
    DISAGREES = "disagrees"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class StepCheck:
    """One step of a convention's run compared with the exact (unrounded) trace.

    ``output_margin`` is the distance of the exact output from the nearest rounding
    boundary (k ± 1/2), least over components; ``saturation_margin`` the least
    | |z| − T | over the activations of the convention's step (None without threshold).
    """

    t: int
    x: Vector
    outcome: StepOutcome
    exact_output: Row
    exact_rounded: tuple[int | None, ...]
    agrees: bool
    output_margin: Any
    saturation_margin: Any | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class ConventionResult:
    """A convention run on a word, step by step against exact arithmetic, and the verdict."""

    model_name: str
    cell: str
    hidden: int
    slots: tuple[Slot, ...]
    convention: RoundingConvention
    inputs: tuple[Vector, ...]
    steps: tuple[StepCheck, ...]
    answer: tuple[tuple[int | None, ...], ...]
    exact_answer: tuple[tuple[int | None, ...], ...]
    exact_rows: tuple[Row, ...]  # the exact trace, slot order
    tolerance: Fraction
    verdict: Verdict
    bits: int
    digits: int

    def flat_answer(self) -> list[Any]:
        """The answer as the course writes it: integers, or lists of them for n > 1."""
        return _flat(self.answer, self.hidden)

    def flat_exact_answer(self) -> list[Any]:
        return _flat(self.exact_answer, self.hidden)


def _flat(answer: tuple[tuple[int | None, ...], ...], hidden: int) -> list[Any]:
    return [a[0] if hidden == 1 else list(a) for a in answer]


def _arb_of(value: Fraction) -> Any:
    return flint.arb(flint.fmpq(value.numerator, value.denominator))


def _run(
    model: Model,
    convention: RoundingConvention,
    word: tuple[Vector, ...],
    tolerance: Fraction,
    bits: int,
    deadline: Deadline = NEVER,
) -> tuple[list[StepCheck], list[Row], bool]:
    exact_stepper = Stepper(model, CONVENTIONS["exact"])
    same = convention == CONVENTIONS["exact"]
    stepper = exact_stepper if same else Stepper(model, convention)
    checks: list[StepCheck] = []
    exact_rows: list[Row] = []
    undecided = False
    # A step is a function of its state and input: each (state, input) is stepped once per
    # run and its outcome (the same balls, so printed once) shared by the steps that revisit
    # it. States are keyed by value: exact numbers by their rational, balls by their exact
    # binary midpoint and radius (arb arithmetic at one precision is deterministic).
    exact_visited: dict[tuple[Any, Vector], StepOutcome] = {}
    visited: dict[tuple[Any, Vector], StepOutcome] = {}
    # what the comparison of an outcome with an exact outcome finds, once per pair
    compared: dict[tuple[int, int], tuple[StepOutcome, StepOutcome, _Comparison]] = {}
    with BALLS.precision(bits):
        tol = _arb_of(tolerance)
        exact_state = exact_stepper.initial()
        state = stepper.initial()
        for t, x in enumerate(word):
            if t % 64 == 0:
                deadline.check("the trace")
            exact = _step_once(exact_stepper, exact_state, x, exact_visited)
            exact_state = exact.state
            exact_rows.append(exact.values)
            outcome = exact if same else _step_once(stepper, state, x, visited)
            state = outcome.state
            pair = (id(outcome), id(exact))
            hit = compared.get(pair)
            if hit is not None and hit[0] is outcome and hit[1] is exact:
                comparison = hit[2]
            else:
                comparison = _compare(convention, outcome, exact, tol)
                if len(compared) < 4096:
                    compared[pair] = (outcome, exact, comparison)
            exact_rounded, agrees, output_margin, saturation_margin, flags = comparison
            if Flag.UNDECIDED in flags:
                undecided = True
            checks.append(
                StepCheck(
                    t,
                    x,
                    outcome,
                    exact.output,
                    exact_rounded,
                    agrees,
                    output_margin,
                    saturation_margin,
                    flags,
                )
            )
    return checks, exact_rows, undecided


_Comparison = tuple[tuple[int | None, ...], bool, Any, Any, tuple["Flag", ...]]
MAX_VISITED = 4096  # (state, input) pairs remembered per run


def _step_once(
    stepper: Stepper,
    state: Sequence[Any],
    x: Vector,
    visited: dict[tuple[Any, Vector], StepOutcome],
) -> StepOutcome:
    """``stepper.step(state, x)``, or the outcome of an earlier step from an equal state."""
    key = _state_key(state)
    if key is None:
        return stepper.step(state, x)
    known = visited.get((key, x))
    if known is None:
        known = stepper.step(state, x)
        if len(visited) < MAX_VISITED:
            visited[(key, x)] = known
    return known


def _compare(
    convention: RoundingConvention, outcome: StepOutcome, exact: StepOutcome, tol: Any
) -> _Comparison:
    """A convention's outcome of a step against the exact outcome: the exact output's
    integers, whether they agree, the output and saturation margins, and the flags."""
    tie = convention.tie
    exact_decisions = [round_ball(v, tie) for v in exact.output]
    exact_rounded = tuple(r for r, _ in exact_decisions)
    flags: list[Flag] = []
    step_undecided = outcome.undecided or any(r is None for r in exact_rounded)
    if step_undecided:
        flags.append(Flag.UNDECIDED)
    agrees = outcome.rounded == exact_rounded and not step_undecided
    if not agrees and not step_undecided:
        flags.append(Flag.DISAGREES)
    if any(outcome.ties) or any(is_tie for _, is_tie in exact_decisions):
        flags.append(Flag.TIE)
    margins = [
        _HALF - abs(v - (r if r is not None else 0))
        for v, r in zip(exact.output, exact_rounded, strict=True)
    ]
    output_margin = min(margins, key=_lower_key)
    saturation_margin = None
    false_saturation = False
    near = False
    for use in outcome.activations:
        if use.margin is None:
            continue
        distance = abs(use.margin)
        if saturation_margin is None or _lower_key(distance) < _lower_key(saturation_margin):
            saturation_margin = distance
        if not distance >= tol:
            near = True
        if use.saturated and not abs(use.exact - use.used) <= tol:
            false_saturation = True
    if false_saturation:
        flags.append(Flag.FALSE_SATURATION)
    if near:
        flags.append(Flag.NEAR_THRESHOLD)
    if not output_margin >= tol:
        flags.append(Flag.SMALL_MARGIN)
    return exact_rounded, agrees, output_margin, saturation_margin, tuple(flags)


def _state_key(state: Sequence[Any]) -> tuple[Any, ...] | None:
    """A hashable key of a state (None if some component is not a ball or an exact
    number): equal keys, states that step alike. An exact number is keyed by its rational;
    a ball by its exact binary midpoint and radius (a different shape: a plain ball and
    an :class:`~symlstm.numbers.digits.ExactBall` never share a key)."""
    key: list[Any] = []
    for value in state:
        known = getattr(value, "exact_value", None)
        if known is not None:
            key.append(known)
        elif isinstance(value, flint.arb):
            key.append((value.mid().man_exp(), value.rad().man_exp()))
        else:
            return None
    return tuple(key)


def _lower_key(ball: Any) -> Any:
    """The ball's lower endpoint (an exact arb: the key compares exactly)."""
    return ball.lower()


def _short_of_certified(rows: Sequence[Sequence[Any]], digits: int) -> bool:
    """Whether some value of ``rows`` does not print with ``digits`` certified digits (an
    exact value never is short; a ball around 0 that is not exactly 0 always is). A row
    that steps share (one object) is looked at once."""
    distinct = list({id(row): row for row in rows}.values())
    if short_of_digits(distinct, digits):
        return True
    for row in distinct:
        for value in row:
            shown = certify(value, digits)
            if shown.digits < digits and not shown.exact:
                return True
    return False


def check_convention(
    model: Model,
    convention: RoundingConvention,
    inputs: Sequence[Any],
    digits: int = 30,
    *,
    tolerance: Fraction = DEFAULT_TOLERANCE,
    guard_bits: int = GUARD_BITS,
    deadline: Deadline = NEVER,
) -> ConventionResult:
    """Run ``convention`` on ``inputs``; compare every step with the exact trace.

    Undecided comparisons, and values that cannot be certified to ``digits`` significant
    digits (cancellation, or a value within 10^-(digits+10) of a rounding midpoint) are
    retried at 4×, 16×, 64× the working precision. ``deadline`` is checked every few steps.
    """
    word = tuple(to_inputs(model, inputs))
    if not word:
        raise ValueError("the input word is empty")
    bits = bits_for_digits(digits) + guard_bits
    for attempt in range(MAX_RETRIES + 1):
        checks, exact_rows, undecided = _run(model, convention, word, tolerance, bits, deadline)
        outcome_rows = [c.outcome.values for c in checks]
        short = _short_of_certified(exact_rows, digits) or (
            any(a is not b for a, b in zip(outcome_rows, exact_rows, strict=True))
            and _short_of_certified(outcome_rows, digits)
        )
        if not (undecided or short) or attempt == MAX_RETRIES:
            break
        bits *= 4
    answer = tuple(c.outcome.rounded for c in checks)
    exact_answer = tuple(c.exact_rounded for c in checks)
    verdict = _verdict(checks)
    return ConventionResult(
        model.name,
        model.kind.name,
        model.hidden,
        compile_model(model).slots,
        convention,
        word,
        tuple(checks),
        answer,
        exact_answer,
        tuple(exact_rows),
        tolerance,
        verdict,
        bits,
        digits,
    )


def _verdict(checks: Sequence[StepCheck]) -> Verdict:
    flags = {f for c in checks for f in c.flags}
    if Flag.UNDECIDED in flags:
        return Verdict.UNDECIDED
    if Flag.DISAGREES in flags:
        return Verdict.DISAGREES
    if flags & set(FRAGILE):
        return Verdict.AGREES_FRAGILE
    return Verdict.AGREES


__all__ = [
    "CONVENTIONS",
    "DEFAULT_TOLERANCE",
    "FRAGILE",
    "ActivationUse",
    "ConventionResult",
    "Flag",
    "RoundingConvention",
    "StepCheck",
    "StepOutcome",
    "Stepper",
    "TieRule",
    "Verdict",
    "check_convention",
    "convention_named",
    "round_ball",
]
