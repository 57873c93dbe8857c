"""The derivation stage: a worked solution as data, an ordered list of steps.

:func:`derive` assembles, from the earlier stages' results, what a teacher writes on the
board for a problem about a model: the unit's equations (general, then with the weights
put in), the simplifications saturation allows with their exact gaps, which term of the
candidate's pre-activation dominates (read off the saturated table), one step per asked
input sequence (every gate and state per step, exact and under the stated rounding
convention, checked against exact arithmetic, with the course's answer compared), the
saturated transition table, the machine with its proof, and what the visible state
carries. Steps that do not apply to a model are left out.

A step's ``statement`` and ``justification`` are :data:`Prose`: text parts and SymPy
expressions, which every renderer prints inline as math in its own way. Nothing here is
LaTeX or Markdown; numbers in prose are certified decimals
(:func:`symlstm.numbers.digits.certified_digits`) or exact rationals.

Public API::

    derive(model, *, questions=None, convention="saturate", digits=30,
           table_digits=None, budget=None) -> Derivation
    Derivation(model, title, steps).step(key) -> Step
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from symlstm.analysis.automaton import MooreMachine, equivalent
from symlstm.analysis.explain import Explanation, Relation, explain
from symlstm.analysis.proof import Budget, ProofResult, Verdict, prove
from symlstm.analysis.table import TableError, TransitionTable, transition_table
from symlstm.equations import (
    Equation,
    SaturatedForm,
    Saturation,
    UnitRange,
    general_equations,
    names,
    saturated_form,
    substituted_equations,
)
from symlstm.equations.functions import sigmoid, tanh
from symlstm.model import Model, Question, format_number
from symlstm.model.cells import CELL_KINDS
from symlstm.numbers import BALLS, bits_for_digits
from symlstm.numbers.digits import certified_digits, exact_ball
from symlstm.numbers.gaps import GapReport, activation_gaps, gap_of, shown
from symlstm.numbers.rounding import (
    CONVENTIONS,
    ConventionResult,
    RoundingConvention,
    check_convention,
    convention_named,
)
from symlstm.numbers.rounding import (
    Verdict as ConventionVerdict,
)
from symlstm.numbers.trace import initial_state

Prose = tuple[str | sympy.Basic, ...]
X_T = names.timed("x", "t")

TABLE_DIGITS = 10  # digits of the per-step tables by default (at most ``digits``)
DEFAULT_BUDGET = Budget(max_states=2_000, max_seconds=30.0)
SUMMARY_STATES = 64  # a larger machine or table is summarised, not listed state by state
SHOWN_STATES = 16  # the first states a summary shows
MAX_QUESTION_STEPS = 64  # longer words are solved, but a report shows at most this many

# Rules as data: the tanh candidate whose pre-activation is W^{u,s} s_{t-1} + W^{u,x} x_t
# + b_u, by cell kind (the GRU's candidate multiplies by the reset gate: not affine).
# the unit whose recurrent and input terms a kind's worked solution compares (from the kind)
CANDIDATE_UNITS: dict[str, str] = {
    name: kind.candidate_unit for name, kind in CELL_KINDS.items() if kind.candidate_unit
}
GATE_WORDS: dict[Saturation, str] = {
    Saturation.LOW: "saturates low",
    Saturation.HIGH: "saturates high",
    Saturation.MIDDLE: "is exactly at the middle",
    Saturation.NONE: "does not saturate",
    Saturation.NONLINEAR: "is a gate times the state (no range computed)",
}


VERDICT_SENTENCES: dict[ConventionVerdict, str] = {
    ConventionVerdict.AGREES: "Verified against exact arithmetic: the same rounded value at "
    "every step, and nothing fragile.",
    ConventionVerdict.AGREES_FRAGILE: "Verified against exact arithmetic: the same rounded "
    "value at every step, but fragile (the flags above say where).",
    ConventionVerdict.DISAGREES: "Exact arithmetic disagrees (the flags above say where).",
    ConventionVerdict.UNDECIDED: "Not decided against exact arithmetic, even at the highest "
    "precision tried.",
}


@dataclass(frozen=True)
class Step:
    """One step of a worked solution."""

    key: str  # "general", "substituted", "saturation", "dominance", "question-1", …
    title: str
    statement: Prose
    symbolic: tuple[Equation, ...] = ()
    substituted: tuple[Equation, ...] = ()
    result: object | None = None  # an earlier stage's frozen value
    justification: Prose = ()


@dataclass(frozen=True)
class Derivation:
    model: Model
    title: str
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


@dataclass(frozen=True)
class TermRow:
    """One (state, input) pair of the table: the candidate's two terms, exactly."""

    state: tuple[int, ...]
    symbol: tuple[sympy.Rational, ...]
    recurrent: tuple[sympy.Rational, ...]  # W^{u,s} s_{t-1}, per component
    rest: tuple[sympy.Rational, ...]  # W^{u,x} x_t + b_u, per component
    dominant: tuple[str, ...]  # per component: "recurrent", "input" or "equal"


@dataclass(frozen=True)
class TermComparison:
    """Which term of the candidate's pre-activation wins, over the table's states."""

    unit: str  # "c" of the LSTM, "s" of the RNNs
    state: str  # "h" or "s"
    rows: tuple[TermRow, ...]
    holds: bool  # the recurrent term wins whenever the state is nonzero


@dataclass(frozen=True)
class QuestionWork:
    """One asked input sequence: the convention's run, the exact run, the others."""

    question: Question
    result: ConventionResult  # under the derivation's convention
    exact: ConventionResult  # every quantity exact (certified), rounded only for the answer
    others: tuple[ConventionResult, ...]  # the other built-in conventions (verdict lines)
    matches: bool | None  # the answer equals the course's (None: no expected answer)


# ---------------------------------------------------------------------------- helpers


def _number(value: Any) -> str:
    return format_number(sympy.Rational(value))


def _vector(values: Sequence[Any]) -> str:
    texts = [_number(v) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def _answer(values: Sequence[Any]) -> str:
    def one(v: Any) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(one(c) for c in v) + "]"
        return "?" if v is None else str(v)

    return "[" + ", ".join(one(v) for v in values) + "]"


def _gap_text(function: str, z: sympy.Rational, digits: int) -> tuple[str, str]:
    """Certified |function(z) − limit| (no cancellation), with "=" or "≈" (rounded)."""
    with BALLS.precision(bits_for_digits(digits) + 32):
        # marked exact, so that a huge z is evaluated exponent-aware (numbers/gaps.py)
        ball = exact_ball(Fraction(int(z.p), int(z.q)))
        _, distance = gap_of(function, ball)
        return ("=", "0") if distance is None else shown(distance, digits)


def _initial_prose(model: Model) -> list[str | sympy.Basic]:
    parts: list[str | sympy.Basic] = []
    for k, (state, values) in enumerate(model.initial):
        parts += [", " if k else "", names.timed(state, -1), f" = {_vector(values)}"]
    return parts


def _activation(unit: str, candidates: frozenset[str]) -> str:
    return "tanh" if unit in candidates else "sigmoid"


def _apply(function: str, z: sympy.Expr) -> sympy.Expr:
    return tanh(z) if function == "tanh" else sigmoid(z)


# ---------------------------------------------------------------------------- steps


def _general_step(model: Model) -> Step:
    kind = model.kind
    gates = ", ".join(kind.gates)
    statement: Prose = (
        f"The {kind.title} unit: {kind.summary}.",
        *(
            (f" Gates ({gates}) are not state; the state is ({', '.join(kind.states)}).",)
            if kind.gates
            else ()
        ),
    )
    return Step(
        "general",
        "The unit's equations",
        statement,
        symbolic=general_equations(kind, model.name).equations,
    )


def _parameter_equations(model: Model) -> tuple[Equation, ...]:
    """``W_fh = 0``, … for a scalar cell (a vector cell's weights show in its equations)."""
    if model.hidden != 1 or model.inputs != 1:
        return ()
    rows = [Equation(names.param(n), m[0][0], n, None) for n, m in model.weights]
    rows += [Equation(names.param(n), v[0], n, None) for n, v in model.biases]
    return tuple(rows)


def _substituted_step(model: Model) -> Step:
    statement: Prose = (
        f"Model {model.name!r}: {model.description or model.kind.title}. Initial state ",
        *_initial_prose(model),
        "; input alphabet {"
        + ", ".join(_vector(s) for s in model.alphabet)
        + "}. The weights put in, zero terms dropped:",
    )
    return Step(
        "substituted",
        "The weights substituted",
        statement,
        symbolic=_parameter_equations(model),
        substituted=substituted_equations(model).equations,
    )


def _unit_prose(
    unit: str, ranges: tuple[UnitRange, ...], function: str, digits: int, component: int | None
) -> tuple[Prose, bool]:
    """What one gate or candidate (component, 1-based, of a vector cell) does over the
    alphabet; and whether it saturates to one value everywhere."""
    q = names.timed(unit, "t", component)
    z = names.timed("z_" + unit.removesuffix("tilde"), "t", component)
    kinds = {r.saturation for r in ranges}
    values = {r.value for r in ranges}
    parts: list[str | sympy.Basic] = [q, " = ", _apply(function, z), ": "]
    pieces: list[list[str | sympy.Basic]] = []
    # inputs alike when they give the same range; a range not computed (None) is alike
    # only when the pre-activation itself is the same expression
    alike = (
        len(
            {
                (r.lower, r.upper, r.saturation, r.preactivation if r.lower is None else None)
                for r in ranges
            }
        )
        == 1
    )
    if alike and len(ranges) > 1:
        ranges = ranges[:1]
        parts[-1] = " for every input: "
    for r in ranges:
        x = _vector(r.symbol)
        piece: list[str | sympy.Basic] = ["at ", X_T, f" = {x}, "] if len(ranges) > 1 else []
        if r.lower is None or r.upper is None:
            gates = sorted(
                (
                    s
                    for s in r.preactivation.free_symbols
                    if names.parse(s.name).time == "t" and names.parse(s.name).base != "x"
                ),
                key=lambda s: s.name,
            )
            piece += [z, " = ", r.preactivation]
            if gates:
                piece.append(" (the gate ")
                for k, gate in enumerate(gates):
                    piece += [", " if k else "", gate]
                piece.append(" multiplies the state, so no range is computed here)")
            else:
                piece.append(" (no range is computed here)")
        elif r.lower == r.upper:
            piece += [z, " = ", r.lower]
        else:
            piece += [z, " = ", r.preactivation, f" ∈ [{_number(r.lower)}, {_number(r.upper)}]"]
        value = r.value
        if r.saturation is Saturation.MIDDLE and value is not None:
            piece += [", exactly ", value]
        elif r.saturation in (Saturation.LOW, Saturation.HIGH) and value is not None:
            nearest = r.lower if r.saturation is Saturation.HIGH else r.upper
            assert nearest is not None
            equals, gap = _gap_text(function, sympy.Rational(nearest), digits)
            worst = _apply(function, nearest)
            relation = "off by" if r.lower == r.upper else "off by at most"
            difference = f" + {-value}|" if value < 0 else f" − {value}|"
            piece += [", ≈ ", value, f" {relation} |", worst, f"{difference} {equals} {gap}"]
        elif r.saturation is Saturation.NONE:
            piece.append(", not saturated")
        pieces.append(piece)
    for k, piece in enumerate(pieces):
        if k:
            parts.append("; ")
        parts += piece
    everywhere = len(values) == 1 and None not in values
    if everywhere:
        (value,) = values
        assert value is not None
        parts += [". So ", q, " ≈ ", value, " for every input and state."]
    elif kinds == {Saturation.NONLINEAR}:
        parts.append(".")
    else:
        parts += [". So ", q, " does not saturate: it depends on "]
        parts.append("the input" if all(r.lower == r.upper for r in ranges) else "the state")
        parts.append(".")
    return tuple(parts), everywhere


def _saturation_step(model: Model, form: SaturatedForm, gaps: GapReport, digits: int) -> Step:
    kind = model.kind
    candidates = frozenset({kind.candidate}) if kind.candidate else frozenset()
    units = [*kind.gates, *((kind.candidate,) if kind.candidate else ())]
    statement: list[str | sympy.Basic] = [
        f"Saturation rule: a sigmoid or tanh whose argument z is at least {form.threshold} "
        f"is taken as 1, at most −{form.threshold} as 0 (sigmoid) or −1 (tanh); the exact "
        "range of every pre-activation is computed over the input alphabet and every state "
        "the unit can be in ("
        + ", ".join(f"|{s}| ≤ {_vector(b)}" for s, b in form.state_bounds)
        + ")."
    ]
    for unit in units:
        for component in range(model.hidden):
            ranges = form.ranges_of(unit, component)
            if not ranges:
                continue
            prose, _ = _unit_prose(
                unit,
                ranges,
                _activation(unit, candidates),
                digits,
                component + 1 if model.hidden > 1 else None,
            )
            statement += ["\n", *prose]
    return Step(
        "saturation",
        "Simplification under saturation",
        tuple(statement),
        substituted=form.equations,
        result=gaps,
        justification=(
            "Every gap is computed without cancellation (1 − sigmoid(z) = sigmoid(−z), "
            "1 − tanh(z) = 2 sigmoid(−2z)) and every digit shown is certified.",
        ),
    )


def term_comparison(model: Model, table: TransitionTable) -> TermComparison | None:
    """The candidate's recurrent term against its input term over the table's rows."""
    unit = model.kind.candidate_unit
    if not unit:
        return None
    state = model.kind.recurrent
    w_rec = model.weight(f"W_{unit}{state}")
    w_in = model.weight(f"W_{unit}x")
    bias = dict(model.biases).get(f"b_{unit}", tuple(sympy.Integer(0) for _ in w_rec))
    rows = []
    holds = True
    for row in table.rows:
        symbol = model.alphabet[row.symbol]
        recurrent = tuple(
            sympy.Rational(sum(w * s for w, s in zip(w_row, row.state, strict=True)))
            for w_row in w_rec
        )
        rest = tuple(
            sympy.Rational(sum(w * x for w, x in zip(w_row, symbol, strict=True)) + b)
            for w_row, b in zip(w_in, bias, strict=True)
        )
        dominant = tuple(
            "recurrent" if abs(r) > abs(i) else "input" if abs(i) > abs(r) else "equal"
            for r, i in zip(recurrent, rest, strict=True)
        )
        if any(row.state) and any(d != "recurrent" for d in dominant):
            holds = False
        rows.append(TermRow(row.state, symbol, recurrent, rest, dominant))
    return TermComparison(unit, state, tuple(rows), holds)


def _dominance_step(model: Model, comparison: TermComparison) -> Step:
    unit, state = comparison.unit, comparison.state
    s_prev = names.timed(state, "t-1")
    rec_term = names.param(f"W_{unit}{state}") * s_prev
    rest_term = names.param(f"W_{unit}x") * names.timed("x", "t")
    nonzero = [r for r in comparison.rows if any(r.state)]
    zero = [r for r in comparison.rows if not any(r.state)]
    statement: list[str | sympy.Basic] = [
        "Compare the two terms of the candidate's argument, ",
        rec_term,
        " and ",
        rest_term,
        " (with ",
        names.param(f"b_{unit}"),
        f"), over the {len(comparison.rows)} (state, input) pairs of the saturated table "
        "(next steps).",
    ]
    justification: list[str | sympy.Basic]
    if nonzero and comparison.holds:
        least = min(min(abs(v) for v in r.recurrent) for r in nonzero)
        most = max(max(abs(v) for v in r.rest) for r in nonzero)
        justification = [
            "Whenever ",
            s_prev,
            f" ≠ 0 the recurrent term has magnitude at least {_number(least)} and the input "
            f"term at most {_number(most)}: the ",
            s_prev,
            " term overpowers the ",
            names.timed("x", "t"),
            " one unless ",
            s_prev,
            " is 0",
        ]
        if zero:
            justification += [
                "; at ",
                s_prev,
                " = 0 only the input term is left.",
            ]
        else:
            justification.append(".")
    elif nonzero:
        beaten = [r for r in nonzero if any(d != "recurrent" for d in r.dominant)]
        first = beaten[0]
        justification = [
            "The ",
            s_prev,
            " term does not always overpower the ",
            names.timed("x", "t"),
            " one: at ",
            s_prev,
            f" = {_vector(first.state)}, ",
            X_T,
            f" = {_vector(first.symbol)} the recurrent term is {_vector(first.recurrent)} "
            f"and the input term {_vector(first.rest)} ({len(beaten)} of {len(nonzero)} "
            "pairs with a nonzero state).",
        ]
    else:
        justification = [s_prev, " is 0 in every state of the table: only the input term acts."]
    return Step(
        "dominance",
        "Which term wins",
        tuple(statement),
        result=comparison,
        justification=tuple(justification),
    )


def _question_step(
    model: Model,
    k: int,
    question: Question,
    convention: RoundingConvention,
    digits: int,
) -> Step:
    word = question.inputs
    result = check_convention(model, convention, word, digits)
    exact = (
        result
        if convention == CONVENTIONS["exact"]
        else check_convention(model, CONVENTIONS["exact"], word, digits)
    )
    others = tuple(
        exact if c == CONVENTIONS["exact"] else check_convention(model, c, word, digits)
        for c in CONVENTIONS.values()
        if c != convention
    )
    answer = result.flat_answer()
    matches = None if question.expected is None else list(question.expected) == answer
    inputs = "[" + ", ".join(_vector(x) for x in word) + "]"
    statement: list[str | sympy.Basic] = [
        f"Question {question.title!r}: the inputs ",
        names.timed("x", 0),
        ", ",
        names.timed("x", 1),
        f", … are {inputs}, from ",
        *_initial_prose(model),
        ". Every gate and state at every step, first exactly (certified digits), then "
        f"under the {convention.name} convention ({convention.description}).",
    ]
    justification: list[str | sympy.Basic] = [f"Answer under {convention.name}: {_answer(answer)}"]
    if question.expected is not None:
        expected = _answer(list(question.expected))
        justification.append(
            f"; the course's answer is {expected}: "
            + ("matches the course's answer." if matches else "does NOT match the course's answer.")
        )
    else:
        justification.append(" (no expected answer given).")
    justification.append("\n" + VERDICT_SENTENCES[result.verdict])
    # the other conventions' verdicts are data (``QuestionWork.others``): the render stage
    # phrases them after this justification
    work = QuestionWork(question, result, exact, others, matches)
    return Step(
        f"question-{k}",
        f"Question {k}: {question.title}",
        tuple(statement),
        result=work,
        justification=tuple(justification),
    )


def _table_step(table: TransitionTable) -> Step:
    out = table.output
    states = ", ".join(_vector(s) for s in table.states)
    h_prev = names.timed(out, "t-1")
    statement: Prose = (
        f"Under the {table.convention.name} convention the visible state is an integer after "
        "every step, so ",
        h_prev,
        f" takes finitely many values: {states} (reached from the "
        f"initial state). One row per (state, input): every activation, its exact value, "
        "the value the convention uses and its certified gap.",
    )
    justification: Prose
    if table.depends_on_carried:
        justification = (
            "The rows depend on the exactly carried memory as well: the table shows one "
            "representative per state.",
        )
    else:
        justification = ("No row depends on anything but ", h_prev, " and ", X_T)
        if table.model.kind.forget_gate:
            justification += (
                ": the forget gate is saturated to 0, so the memory of earlier steps is "
                "wiped at each step.",
            )
        else:
            justification += (".",)
    return Step(
        "table",
        "The saturated transition table",
        statement,
        result=table,
        justification=justification,
    )


@dataclass(frozen=True)
class MachineSummary:
    """A machine too large to print state by state (more than :data:`SUMMARY_STATES`):
    its counts, its structure and its first states; the whole machine goes with the
    document as an attachment (DOT in the PDF and HTML, the data in JSON)."""

    proof: ProofResult
    machine: MooreMachine
    shown: tuple[int, ...]  # the first states, breadth-first from the initial one
    transitions: int
    outputs: int  # distinct outputs
    components: int  # strongly connected components
    closed_components: int  # components no transition leaves (where every run ends up)


def _breadth_first(machine: MooreMachine) -> list[int]:
    order, seen = [machine.initial], {machine.initial}
    for q in order:
        for r in machine.transitions[q]:
            if r not in seen:
                seen.add(r)
                order.append(r)
    return order


def _components(machine: MooreMachine) -> list[int]:
    """The strongly connected component of each state (Kosaraju, iterative)."""
    n = machine.size
    finished: list[int] = []
    visited = [False] * n
    for start in range(n):
        if visited[start]:
            continue
        visited[start] = True
        stack = [(start, iter(machine.transitions[start]))]
        while stack:
            q, successors = stack[-1]
            r = next(successors, None)
            if r is None:
                stack.pop()
                finished.append(q)
            elif not visited[r]:
                visited[r] = True
                stack.append((r, iter(machine.transitions[r])))
    reverse: list[list[int]] = [[] for _ in range(n)]
    for q, row in enumerate(machine.transitions):
        for r in row:
            reverse[r].append(q)
    component = [-1] * n
    count = 0
    for start in reversed(finished):
        if component[start] != -1:
            continue
        component[start] = count
        todo = [start]
        while todo:
            q = todo.pop()
            for r in reverse[q]:
                if component[r] == -1:
                    component[r] = count
                    todo.append(r)
        count += 1
    return component


def summarise_machine(proof: ProofResult, machine: MooreMachine) -> MachineSummary:
    component = _components(machine)
    leaving = {
        component[q]
        for q, row in enumerate(machine.transitions)
        for r in row
        if component[r] != component[q]
    }
    count = max(component) + 1
    return MachineSummary(
        proof,
        machine,
        tuple(_breadth_first(machine)[:SHOWN_STATES]),
        sum(len(row) for row in machine.transitions),
        len(set(machine.outputs)),
        count,
        count - len(leaving),
    )


def _machine_step(model: Model, proof: ProofResult, table: TransitionTable | None) -> Step:
    statement: list[str | sympy.Basic] = [
        "The exact cell (no rounding of any activation) is run on boxes of states until they "
        "close under one step: an inductive certificate that covers every input sequence of "
        "every length."
    ]
    justification: list[str | sympy.Basic] = []
    if proof.verdict is Verdict.PROVED and proof.machine is not None:
        machine = proof.machine
        justification += [
            f"The exact cell implements a Moore machine of {machine.size} states, its "
            "output being the rounded ",
            names.timed(model.kind.output, "t"),
            ".",
        ]
        if table is not None:
            same = equivalent(table.machine(), machine)
            justification.append(
                f" The {table.convention.name} table's machine is "
                + (
                    "equivalent to it: the convention gives the exact cell's rounded answer "
                    "on every input sequence."
                    if same
                    else "NOT equivalent to it: the convention changes some answer."
                )
            )
    else:
        # the verdict paragraph above gives the reason; it is not repeated here
        justification.append(
            f"No machine is proved ({proof.verdict.value}), so nothing is claimed here about "
            "input sequences other than the questions' own."
        )
    result: object = proof
    if proof.machine is not None and proof.machine.size > SUMMARY_STATES:
        result = summarise_machine(proof, proof.machine)
    return Step(
        "machine",
        "The machine and its proof",
        tuple(statement),
        result=result,
        justification=tuple(justification),
    )


def _word(alphabet: Sequence[Sequence[Any]], word: Sequence[int]) -> str:
    return "[" + ", ".join(_vector(alphabet[k]) for k in word) + "]"


def _information_step(model: Model, explanation: Explanation) -> Step | None:
    course = [c for c in explanation.comparisons if c.course_statement]
    if not course:
        return None
    out = model.kind.output
    h = names.timed(out, "t")
    alphabet = explanation.machine.alphabet
    statement: Prose = (
        "What information is carried in ",
        h,
        "? It carries a property of the input sequence when the property's value is a "
        "function of the rounded ",
        h,
        " after every non-empty input sequence (decided exactly on the product of the "
        "proved machine and the property's machine). Every property of the built-in list "
        "first, then, numbered, the statements the question asks about:",
    )
    justification: list[str | sympy.Basic] = []
    right = []
    truth: dict[tuple[int, ...], str] = {(1,): "true", (0,): "false"}
    for k, c in enumerate(course, 1):
        if c.relation is Relation.NOT_CARRIED and c.witness is not None:
            w = c.witness
            justification += [
                f"({k}) {c.description}: no. After the inputs {_word(alphabet, w.first)} and "
                f"after {_word(alphabet, w.second)} the rounded ",
                h,
                f" is {_vector(w.cell_output)} both times, but the property is "
                f"{truth.get(w.first_value, str(w.first_value))} after the first and "
                f"{truth.get(w.second_value, str(w.second_value))} after the second.\n",
            ]
        else:
            right.append(c.description)
            mapping = ", ".join(f"{_vector(a)} ↦ {truth.get(b, str(b))}" for a, b in c.output_map)
            justification += [f"({k}) {c.description}: yes, read off ", h, f" as {mapping}.\n"]
    if right:
        justification += ["So, of the statements asked about, ", h, " carries "]
        justification += ["; and ".join(right) + "."]
    else:
        justification += ["So ", h, " carries none of the statements asked about."]
    return Step(
        "information",
        f"What the state {out} carries",
        statement,
        result=explanation,
        justification=tuple(justification),
    )


# ---------------------------------------------------------------------------- derive


def derive(
    model: Model,
    *,
    questions: Sequence[Question] | None = None,
    convention: RoundingConvention | str = "saturate",
    digits: int = 30,
    table_digits: int | None = None,
    budget: Budget | None = None,
) -> Derivation:
    """The worked solution of ``model``'s questions (default: the model file's).

    ``digits`` certified digits for gaps and verdicts; the per-step tables show
    ``table_digits`` (default: ``min(digits, 10)``), all certified. ``budget`` bounds the
    proof (default: :data:`DEFAULT_BUDGET`)."""
    if not 1 <= digits <= 10_000:
        raise ValueError(f"digits must be from 1 to 10000, got {digits}")
    chosen = convention_named(convention) if isinstance(convention, str) else convention
    shown = min(digits, TABLE_DIGITS) if table_digits is None else table_digits
    asked = tuple(model.questions if questions is None else questions)
    steps: list[Step] = [_general_step(model), _substituted_step(model)]
    # one saturation rule for the whole document: the table's (the convention's when it
    # rounds the state, else the course's "saturate")
    round_table = chosen if chosen.round_state else CONVENTIONS["saturate"]
    rule = round_table if round_table.threshold is not None else CONVENTIONS["saturate"]
    assert rule.threshold is not None
    form = saturated_form(
        model, sympy.Rational(rule.threshold.numerator, rule.threshold.denominator)
    )
    if any(r.saturation is not Saturation.NONLINEAR for r in form.ranges):
        gaps = activation_gaps(model, digits=digits, convention=rule)
        steps.append(_saturation_step(model, form, gaps, digits))
    table: TransitionTable | None = None
    try:
        table = transition_table(model, round_table, max_states=SUMMARY_STATES)
    except TableError:  # undecided, or more states than a document lists
        table = None
    if table is not None:
        comparison = term_comparison(model, table)
        if comparison is not None:
            steps.append(_dominance_step(model, comparison))
    for k, question in enumerate(asked, 1):
        steps.append(_question_step(model, k, question, chosen, shown))
    if table is not None:
        steps.append(_table_step(table))
    proof = prove(model, budget=budget or DEFAULT_BUDGET)
    steps.append(_machine_step(model, proof, table))
    if proof.verdict is Verdict.PROVED and proof.machine is not None:
        information = _information_step(model, explain(proof.machine, model.name))
        if information is not None:
            steps.append(information)
    title = f"Worked solution: {model.name} ({model.kind.title})"
    return Derivation(model, title, tuple(steps))


def fraction_inputs(word: Sequence[Sequence[Fraction]]) -> tuple[tuple[sympy.Rational, ...], ...]:
    """An input word of fractions as a question's exact inputs."""
    return tuple(tuple(sympy.Rational(v.numerator, v.denominator) for v in x) for x in word)


__all__ = [
    "CANDIDATE_UNITS",
    "DEFAULT_BUDGET",
    "Derivation",
    "MachineSummary",
    "Prose",
    "QuestionWork",
    "ShownWork",
    "Step",
    "TermComparison",
    "TermRow",
    "WorkLine",
    "derive",
    "fraction_inputs",
    "show_work",
    "term_comparison",
]


# ---------------------------------------------------------------------------- show work


@dataclass(frozen=True)
class WorkLine:
    """One quantity of one step, written three times: in symbols (the course's equation),
    with every number put in, and as its certified value (with the saturation rule)."""

    quantity: sympy.Symbol  # f[t], or f[t][2] of a vector cell
    symbols: sympy.Expr  # the general equation's right-hand side (pre-activation inlined)
    numbers: sympy.Expr  # the same with exact weights; quantities read from ``values``
    values: tuple[tuple[sympy.Symbol, str], ...]  # each quantity's certified value
    rounded: tuple[sympy.Symbol, ...]  # the quantities whose text is a rounded decimal
    weights: tuple[tuple[sympy.Symbol, sympy.Rational], ...]  # each parameter's number
    function: str | None  # "sigmoid" or "tanh" when the quantity is one activation
    argument: str | None  # its certified argument z
    value: str  # the certified value the step carries on
    relation: str  # "=" or "≈" (a rounded decimal)
    saturation: str | None  # what the convention did to the activation: None, or a rule


@dataclass(frozen=True)
class ShownWork:
    model_name: str
    convention: str
    t: int
    x: str
    lines: tuple[WorkLine, ...]


def _inline(expr: sympy.Expr, pre: dict[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    return expr.xreplace(pre)


def _inner_saturation(
    assignment: Any,
    outcome: Any,
    convention: RoundingConvention,
    bits: int,
    shown_digits: int,
) -> str | None:
    """The saturation of an activation inside a line (tanh(c_t) in h_t = o_t ⊙ tanh(c_t)),
    said as the gate lines say theirs: ``1 ⊙ tanh(1) = 1`` is the rule's, not arithmetic."""
    if convention.threshold is None:
        return None
    for node in sympy.preorder_traversal(assignment.expr):
        if not isinstance(node, (sigmoid, tanh)) or not isinstance(node.args[0], sympy.Symbol):
            continue
        base = str(names.parse(node.args[0].name).base)
        use = next(
            (
                u
                for u in outcome.activations
                if u.argument == base and u.component == assignment.component
            ),
            None,
        )
        if use is None or not use.saturated:
            continue
        function = "sigmoid" if isinstance(node, sigmoid) else "tanh"
        limit = convention.threshold
        bound = format_number(sympy.Rational(limit.numerator, limit.denominator))
        with BALLS.precision(bits):
            _, off = gap_of(function, use.z)
        z = certified_digits(use.z, shown_digits)
        used = certified_digits(use.used, 3).replace("-", "−")
        off_text = "0" if off is None else certified_digits(off, shown_digits)
        return (
            f"{function}({z}) with |z| ≥ {bound}: the {convention.name} rule uses {used} for "
            f"it, which differs from its exact value by ≈ {off_text}"
        )
    return None


def show_work(
    model: Model,
    convention: RoundingConvention,
    word: Sequence[Sequence[Fraction]],
    t: int,
    digits: int = 30,
) -> ShownWork:
    """Step ``t`` (0-based) of ``word`` under ``convention``: every gate, candidate and
    state component, in symbols, with every number substituted, then certified."""
    from symlstm.equations.algebras import component_program, general_program
    from symlstm.equations.programs import Role

    if not 0 <= t < len(word):
        raise ValueError(f"step {t} is not in a word of {len(word)} inputs")
    result = check_convention(model, convention, word, digits)
    outcome = result.steps[t].outcome
    shown_digits = min(digits, TABLE_DIGITS)
    program = component_program(model)
    general = general_program(model.kind)
    scalar = model.hidden == 1 and model.inputs == 1
    pre_general: dict[sympy.Symbol, sympy.Expr] = {}
    general_by_name: dict[str, sympy.Expr] = {}
    for a in general:
        if a.role is Role.PREACTIVATION:
            pre_general[a.symbol] = _inline(a.expr, pre_general)
        else:
            general_by_name[a.name] = _inline(a.expr, pre_general)
    # the values the step reads: the previous state (as carried), the input, this step's
    previous: Sequence[Any] = (
        result.steps[t - 1].outcome.state if t else initial_state(model, BALLS)
    )
    n, m = model.hidden, model.inputs
    known: dict[sympy.Symbol, str] = {}
    rounded: set[sympy.Symbol] = set()

    def note(symbol: sympy.Symbol, ball: Any) -> None:
        relation, text = shown(ball, shown_digits)
        known[symbol] = text
        if relation != "=":
            rounded.add(symbol)

    for s, state in enumerate(model.kind.states):
        for k in range(n):
            note(names.timed(state, "t-1", k + 1 if n > 1 else None), previous[s * n + k])
    x = word[t]
    for j in range(m):
        known[names.timed("x", "t", j + 1 if m > 1 else None)] = format_number(
            sympy.Rational(x[j].numerator, x[j].denominator)
        )
    weights: list[tuple[sympy.Symbol, sympy.Rational]] = []
    if scalar:
        weights = [(names.param(w), sympy.Rational(v[0][0])) for w, v in model.weights]
        weights += [(names.param(b), sympy.Rational(v[0])) for b, v in model.biases]
    pre: dict[sympy.Symbol, sympy.Expr] = {}
    lines = []
    for k, a in enumerate(program):
        if a.role is Role.PREACTIVATION:
            pre[a.symbol] = _inline(a.expr, pre)
            continue
        expr = _inline(a.expr, pre)
        value = outcome.values[k]
        relation, text = shown(value, digits)
        function = argument = saturation = None
        if isinstance(a.expr, (sigmoid, tanh)):
            function = "sigmoid" if isinstance(a.expr, sigmoid) else "tanh"
            argument_symbol = a.expr.args[0]
            if isinstance(argument_symbol, sympy.Symbol):
                slot = next((i for i, b in enumerate(program) if b.symbol == argument_symbol), None)
                if slot is not None:
                    argument = certified_digits(outcome.values[slot], shown_digits)
                use = next(
                    (
                        u
                        for u in outcome.activations
                        if u.argument == str(names.parse(argument_symbol.name).base)
                        and u.component == a.component
                    ),
                    None,
                )
                if use is not None and use.saturated and convention.threshold is not None:
                    limit = convention.threshold
                    bound = format_number(sympy.Rational(limit.numerator, limit.denominator))
                    with BALLS.precision(result.bits):
                        _, off = gap_of(function, use.z)
                    used = certified_digits(use.used, 3).replace("-", "−")
                    off_text = "0" if off is None else certified_digits(off, shown_digits)
                    saturation = (
                        f"|z| ≥ {bound}: the {convention.name} rule uses {used} for the "
                        f"exact value, which differs from it by ≈ {off_text}"
                    )
        else:
            saturation = _inner_saturation(a, outcome, convention, result.bits, shown_digits)
        symbols = general_by_name.get(a.name, expr)
        lines.append(
            WorkLine(
                a.symbol,
                symbols,
                symbols if scalar else expr,
                tuple(sorted(known.items(), key=lambda item: item[0].name)),
                tuple(sorted(rounded, key=lambda s: s.name)),
                tuple(weights),
                function,
                argument,
                text,
                relation,
                saturation,
            )
        )
        note(a.symbol, value)
    word_text = ", ".join(format_number(sympy.Rational(v.numerator, v.denominator)) for v in x)
    return ShownWork(model.name, convention.name, t, word_text, tuple(lines))
