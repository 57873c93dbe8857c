"""Traces: a model run on an input word, every quantity of every step recorded.

The model's compiled step (:func:`symlstm.numbers.compile_model`) is turned once into a
whole-word loop: assignments that depend on no state and no input (``f = sigmoid(-100)``
in the homework) are hoisted before the loop and computed once, the state is carried in
local variables, and each step appends one tuple of values. No SymPy object is touched in
the loop. By default the loop runs in the BALLS context (python-flint ``arb``) at the
working precision of the requested digits plus guard bits, so every value is an
enclosure and :mod:`symlstm.numbers.digits` prints only certified digits of it.

Public API::

    compile_trace(model) -> TraceProgram        # cached per model
    run_trace(model, inputs, digits=30, *, context=BALLS, guard_bits=GUARD_BITS) -> Trace
    to_inputs(model, inputs) -> tuple[tuple[Fraction, ...], ...]

A :class:`Trace` is plain frozen data: ``slots`` (the layout of the compiled step:
"z_f", "f", "z_i", …, "c", "h"), ``rows`` (one tuple of values per step, in slot order),
the flat initial state, the exact inputs, the context name and the precision.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from symlstm.budget import NEVER, Deadline
from symlstm.equations import Role
from symlstm.model import Model
from symlstm.model.words import Word
from symlstm.numbers.compiled import CompiledCell, Slot, compile_model
from symlstm.numbers.contexts import BALLS, Context, bits_for_digits

GUARD_BITS = 32
MAX_TRACE_DIGITS = 100_000

Vector = tuple[Fraction, ...]
Row = tuple[Any, ...]
Loop = Callable[[Sequence[tuple[Any, ...]], tuple[Any, ...]], list[Row]]


def _fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if hasattr(value, "p") and hasattr(value, "q"):
        return Fraction(int(value.p), int(value.q))
    raise TypeError(f"not an exact number: {value!r}")


def _symbol_key(symbol: Any) -> Any:
    if isinstance(symbol, (list, tuple)):
        return tuple(_symbol_key(v) for v in symbol)
    return (type(symbol), symbol)


def to_inputs(model: Model, inputs: Sequence[Any]) -> Sequence[Vector]:
    """Exact input vectors from scalars (one input) or sequences of ``model.inputs``
    numbers (ints, Fractions or SymPy rationals). Raises ``ValueError`` on a wrong size.
    A :class:`~symlstm.model.words.Word` is returned as it is (its symbols are checked, once
    each): it streams its symbols and is never copied."""
    if isinstance(inputs, Word):
        for symbol in inputs.symbols():
            if len(symbol) != model.inputs:
                raise ValueError(
                    f"a symbol has {len(symbol)} entries, the model takes {model.inputs}"
                )
        return inputs
    words: list[Vector] = []
    seen: dict[Any, Vector] = {}
    for symbol in inputs:
        key = _symbol_key(symbol)
        vector = seen.get(key)
        if vector is None:
            if isinstance(symbol, (list, tuple)):
                vector = tuple(_fraction(v) for v in symbol)
            else:
                vector = (_fraction(symbol),)
            if len(vector) != model.inputs:
                raise ValueError(
                    f"input {len(words)} has {len(vector)} entries, the model takes {model.inputs}"
                )
            seen[key] = vector
        words.append(vector)
    return tuple(words)


@dataclass(frozen=True)
class TraceProgram:
    """A model's step turned into a whole-word loop (generated source, bound per context)."""

    cell: CompiledCell
    source: str
    hoisted: tuple[int, ...]  # slots computed once, before the loop

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self.cell.slots

    def bind(self, context: Context) -> Loop:
        """``loop(inputs, initial) -> rows`` in ``context``; call it (and this) inside the
        context's precision scope. ``inputs`` are tuples of context numbers."""
        namespace: dict[str, Any] = {
            "_sigmoid": context.sigmoid,
            "_tanh": context.tanh,
            # a trace runs along one word from the exact initial state: its balls are
            # narrow, and the midpoint-radius product (the context's wide-product rule
            # exists for the prover's boxes) is the fast one
            "_mul": operator.mul,
        }
        for k, value in enumerate(self.cell.constants):
            namespace[f"_k{k}"] = context.rational(int(value.p), int(value.q))
        exec(compile(self.source, f"<symlstm trace of {self.cell.model.name}>", "exec"), namespace)
        loop: Loop = namespace["run"]
        return loop


def _loop_source(cell: CompiledCell) -> tuple[str, tuple[int, ...]]:
    """``run(inputs, initial) -> rows``: the step inlined in a loop over the word, the
    state carried in local variables, constant quantities computed once before it."""
    states = sum(len(s) for s in cell.state_slots)
    state_args, input_args = cell.arguments[:states], cell.arguments[states:]
    hoisted = cell.constant_slots
    flat_state = [f"v{k}" for slots in cell.state_slots for k in slots]
    values = "".join(f"v{k}, " for k in range(len(cell.code)))
    out = ["def run(inputs, initial):"]
    if state_args:
        out.append(f"    {', '.join(state_args)}, = initial")
    out += [f"    v{k} = {cell.code[k]}" for k in hoisted]
    out.append("    rows = []")
    out.append("    append = rows.append")
    target = ", ".join(input_args) + "," if input_args else "_"
    out.append(f"    for {target} in inputs:")
    out += [f"        v{k} = {expr}" for k, expr in enumerate(cell.code) if k not in hoisted]
    out.append(f"        append(({values}))")
    if state_args:
        out.append(f"        {', '.join(state_args)}, = {', '.join(flat_state)},")
    out.append("    return rows")
    return "\n".join(out) + "\n", hoisted


@lru_cache(maxsize=64)
def compile_trace(model: Model) -> TraceProgram:
    """The model's whole-word loop, compiled once per model (cached)."""
    cell = compile_model(model)
    source, hoisted = _loop_source(cell)
    return TraceProgram(cell, source, hoisted)


@dataclass(frozen=True)
class TraceStep:
    """One step of a trace: its time, exact input and every quantity (slot order)."""

    t: int
    x: Vector
    values: Row


@dataclass(frozen=True)
class Trace:
    """Every quantity of every step of a model on an input word.

    ``rows[t][k]`` is the value of ``slots[k]`` at step ``t``; ``initial`` is the flat state
    before step 0 (``state_names`` order, components inside). In the BALLS context every
    value is an ``arb`` enclosure computed at ``bits`` of working precision.
    """

    model_name: str
    cell: str
    hidden: int
    slots: tuple[Slot, ...]
    state_names: tuple[str, ...]
    output: str  # the visible state: "h" or "s"
    inputs: Sequence[Vector]  # a Word when run on one (streamed, run-length encoded)
    initial: Row
    rows: tuple[Row, ...]
    context: str
    bits: int
    digits: int

    def __len__(self) -> int:
        return len(self.rows)

    def index(self, name: str, component: int = 0) -> int:
        for k, slot in enumerate(self.slots):
            if slot.name == name and slot.component == component:
                return k
        raise KeyError((name, component))

    def value(self, t: int, name: str, component: int = 0) -> Any:
        return self.rows[t][self.index(name, component)]

    def column(self, name: str, component: int = 0) -> tuple[Any, ...]:
        k = self.index(name, component)
        return tuple(row[k] for row in self.rows)

    def names(self) -> tuple[str, ...]:
        """The quantity names in slot order, each once."""
        seen: list[str] = []
        for slot in self.slots:
            if slot.name not in seen:
                seen.append(slot.name)
        return tuple(seen)

    def roles(self) -> dict[str, Role]:
        return {slot.name: slot.role for slot in self.slots}

    def outputs(self, t: int) -> Row:
        """The visible state's components after step ``t``."""
        return tuple(self.value(t, self.output, k) for k in range(self.hidden))

    @property
    def steps(self) -> tuple[TraceStep, ...]:
        return tuple(
            TraceStep(t, x, row)
            for t, (x, row) in enumerate(zip(self.inputs, self.rows, strict=True))
        )


def initial_state(model: Model, context: Context) -> Row:
    """The model's flat initial state as numbers of ``context`` (inside its precision)."""
    return tuple(
        context.rational(int(v.p), int(v.q))
        for state in model.kind.states
        for v in model.initial_state(state)
    )


CHUNK = 4096  # steps between two checks of the deadline
MAX_RETRIES = 3  # a trace short of digits is recomputed at 2×, 4×, 8× the precision


def short_of_digits(rows: Sequence[Sequence[Any]], digits: int) -> bool:
    """Whether some ball of ``rows`` is too wide to show ``digits`` significant digits
    (exact balls never are; non-balls are not checked)."""
    needed = bits_for_digits(digits) - 16
    for row in rows:
        for value in row:
            accuracy = getattr(value, "rel_accuracy_bits", None)
            if accuracy is not None and accuracy() < needed:
                return True
    return False


def run_trace(
    model: Model,
    inputs: Sequence[Any],
    digits: int = 30,
    *,
    context: Context = BALLS,
    guard_bits: int = GUARD_BITS,
    initial: Sequence[Any] | None = None,
    ensure_digits: bool = False,
    deadline: Deadline = NEVER,
) -> Trace:
    """Run ``model`` on ``inputs`` at ``digits`` decimal digits plus ``guard_bits``.

    ``initial`` (optional) is a flat state of exact numbers replacing the model's.
    ``ensure_digits``: when a ball came out too wide for ``digits`` digits (cancellation),
    recompute at 2×, 4×, 8× the precision (a value that is exactly 0 but not computed
    exactly stays wide). Off by default: the check costs a pass over every value.
    ``deadline`` is checked every :data:`CHUNK` steps (BudgetExceeded once passed).
    """
    if not 1 <= digits <= MAX_TRACE_DIGITS:
        raise ValueError(f"digits must be from 1 to {MAX_TRACE_DIGITS}, got {digits}")
    bits = bits_for_digits(digits) + guard_bits
    trace = _run_trace(model, inputs, digits, context, bits, initial, deadline)
    for _ in range(MAX_RETRIES if ensure_digits else 0):
        if not short_of_digits(trace.rows, digits):
            break
        bits *= 2
        trace = _run_trace(model, inputs, digits, context, bits, initial, deadline)
    return trace


def _run_trace(
    model: Model,
    inputs: Sequence[Any],
    digits: int,
    context: Context,
    bits: int,
    initial: Sequence[Any] | None,
    deadline: Deadline = NEVER,
) -> Trace:
    word = to_inputs(model, inputs)
    program = compile_trace(model)
    with context.precision(bits):
        loop = program.bind(context)
        # one conversion per distinct symbol; identical vectors share one object
        cache: dict[int, tuple[Any, ...]] = {}
        numbers = []
        for x in word:
            converted = cache.get(id(x))
            if converted is None:
                converted = tuple(context.rational(v.numerator, v.denominator) for v in x)
                cache[id(x)] = converted
            numbers.append(converted)
        if initial is None:
            start = initial_state(model, context)
        else:
            exact = tuple(_fraction(v) for v in initial)
            start = tuple(context.rational(v.numerator, v.denominator) for v in exact)
        # the word in chunks: the deadline is checked between them, the state carried over
        flat = [k for slots in program.cell.state_slots for k in slots]
        rows: list[Row] = []
        state = start
        for begin in range(0, len(numbers), CHUNK):
            deadline.check("the trace")
            chunk = loop(numbers[begin : begin + CHUNK], state)
            rows.extend(chunk)
            if chunk:
                state = tuple(chunk[-1][k] for k in flat)
    return Trace(
        model.name,
        model.kind.name,
        model.hidden,
        program.slots,
        model.kind.states,
        model.kind.output,
        word,
        start,
        tuple(rows),
        context.name,
        bits,
        digits,
    )


__all__ = [
    "GUARD_BITS",
    "MAX_RETRIES",
    "Trace",
    "TraceProgram",
    "TraceStep",
    "compile_trace",
    "initial_state",
    "run_trace",
    "short_of_digits",
    "to_inputs",
]
