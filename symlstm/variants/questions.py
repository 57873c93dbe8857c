"""The questions of a homework variant, solved and verified: plain frozen data.

Six kinds (:class:`QuestionKind`), in three shapes:

- :class:`StatesQuestion` ("LSTM states"): the rounded visible state after each input. The
  key is the *exact* cell's h_t rounded to the nearest integer (certified ``arb``
  enclosures); each stated rounding convention is run on the same word and its answer and
  verdict against the exact cell recorded (:func:`symlstm.numbers.rounding.check_convention`).
- :class:`ChoiceQuestion`: "LSTM info" (which statements about h_t are true, decided on the
  product of the proved machine and each property's machine; a wrong statement carries its
  counterexample words), "Gating" (which gate statements hold, decided by substitution in
  SymPy), "which gates saturate" (under the saturating convention, on the first word).
- :class:`NumericQuestion`: "LSTM calculations" (one step from the initial state; the key
  is a decimal whose rounding of the certified enclosure is decided, the tolerance one
  unit of its last place, so the exact value is always accepted) and "what does this cell
  compute" (the number of states of the proved minimal machine; the machine in the key).

Prompts and explanations are :data:`Prose` (text and SymPy parts): each export prints the
math in its platform's syntax. Nothing here formats LaTeX, Markdown or HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

import sympy

from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.explain import Relation, explain, library_for
from symlstm.derivation import Prose
from symlstm.equations import names
from symlstm.equations.gates import gate_semantics
from symlstm.equations.programs import Role
from symlstm.model import Model
from symlstm.numbers.digits import ball_bounds, certified_digits
from symlstm.numbers.rounding import (
    CONVENTIONS,
    ConventionResult,
    Flag,
    Verdict,
    check_convention,
)

Vector = tuple[Fraction, ...]
Answer = tuple[tuple[int | None, ...], ...]

CHECK_DIGITS = 12  # certified digits of every verified value
CALCULATION_PLACES = 3  # decimal places of a calculation's key (more when undecided)
MAX_PLACES = 12
TRUTH: dict[tuple[int, ...], str] = {(1,): "true", (0,): "false"}


class QuestionKind(Enum):
    STATES = "states"  # "LSTM states"
    INFO = "info"  # "LSTM info"
    CALCULATIONS = "calculations"  # "LSTM calculations"
    GATING = "gating"  # "Gating"
    SATURATION = "saturation"  # "which gates saturate"
    COMPUTE = "compute"  # "what does this cell compute"


@dataclass(frozen=True)
class ConventionAnswer:
    """A stated rounding convention's answer and its verdict against the exact cell."""

    convention: str
    answer: Answer
    verdict: Verdict


@dataclass(frozen=True)
class StatesQuestion:
    kind: QuestionKind
    title: str
    prompt: Prose
    inputs: tuple[Vector, ...]
    answer: Answer  # the exact cell's rounded output after each input
    conventions: tuple[ConventionAnswer, ...]
    robust: bool
    issues: tuple[str, ...]  # why not robust: "disagrees:nearest", "tie", "margin", …


@dataclass(frozen=True)
class Choice:
    statement: Prose
    correct: bool
    name: str = ""
    evidence: Prose = ()  # why: a counterexample for a wrong statement
    # a wrong "info" statement: two input words after which the rounded output is the same
    # but the statement's value differs
    counterexample: tuple[tuple[Vector, ...], ...] = ()


@dataclass(frozen=True)
class ChoiceQuestion:
    kind: QuestionKind
    title: str
    prompt: Prose
    choices: tuple[Choice, ...]
    inputs: tuple[Vector, ...] = ()

    @property
    def correct(self) -> tuple[int, ...]:
        return tuple(k for k, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class NumericQuestion:
    kind: QuestionKind
    title: str
    prompt: Prose
    answer: Fraction  # an exact decimal (the key)
    places: int  # decimal places of ``answer``
    tolerance: Fraction  # accepted: |response - answer| <= tolerance
    value: str  # certified digits of the exact value ("" for a count)
    conventions: tuple[ConventionAnswer, ...] = ()
    robust: bool = True
    issues: tuple[str, ...] = ()
    explanation: Prose = ()
    machine: MooreMachine | None = None


Question = StatesQuestion | ChoiceQuestion | NumericQuestion


def vector_text(values: Sequence[Any]) -> str:
    texts = [_number(v) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def word_text(word: Sequence[Sequence[Any]]) -> str:
    return "[" + ", ".join(vector_text(x) for x in word) + "]"


def _number(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    return str(value)


def flat(answer: Answer) -> list[Any]:
    """An answer as the course writes it: integers, or lists of them for n > 1."""
    return [a[0] if len(a) == 1 else list(a) for a in answer]


def _initial(model: Model) -> list[str | sympy.Basic]:
    parts: list[str | sympy.Basic] = []
    for k, (state, values) in enumerate(model.initial):
        parts += [
            ", " if k else "",
            sympy.Eq(names.timed(state, -1), _value(values), evaluate=False),
        ]
    return parts


def _value(values: Sequence[Any]) -> sympy.Basic:
    if len(values) == 1:
        return sympy.Rational(values[0])
    return sympy.Matrix([sympy.Rational(v) for v in values])


# ---------------------------------------------------------------------------- states


def _saturation_ok(result: ConventionResult, margin: Fraction) -> bool:
    for step in result.steps:
        for use in step.outcome.activations:
            if use.saturated and use.margin is not None and ball_bounds(use.margin)[0] < margin:
                return False
    return True


def _robust_issues(
    exact: ConventionResult, runs: Sequence[ConventionResult], margin: Fraction
) -> tuple[str, ...]:
    issues: list[str] = []
    for run in (exact, *runs):
        flags = {f for s in run.steps for f in s.flags}
        if Flag.UNDECIDED in flags:
            issues.append(f"undecided:{run.convention.name}")
        if run.answer != exact.answer:
            issues.append(f"disagrees:{run.convention.name}")
        if Flag.TIE in flags:
            issues.append(f"tie:{run.convention.name}")
        if not _saturation_ok(run, margin):
            issues.append(f"margin:{run.convention.name}")
    return tuple(dict.fromkeys(issues))


def states_question(
    model: Model,
    title: str,
    word: tuple[Vector, ...],
    conventions: Sequence[str],
    margin: Fraction,
) -> tuple[StatesQuestion | None, ConventionResult | None]:
    """The question (None when the exact cell's rounded output is not decided: no verified
    key) and the saturating convention's run, when it is one of ``conventions``."""
    exact = check_convention(model, CONVENTIONS["exact"], word, CHECK_DIGITS)
    if any(v is None for a in exact.answer for v in a):
        return None, None
    runs = [
        exact if name == "exact" else check_convention(model, CONVENTIONS[name], word, CHECK_DIGITS)
        for name in conventions
    ]
    out = model.kind.output
    stated = CONVENTIONS[conventions[0]] if conventions else CONVENTIONS["exact"]
    prompt: Prose = (
        "Compute ",
        names.timed(out, "t"),
        f" for t = 0, …, {len(word) - 1} on the inputs x = {word_text(word)}, from ",
        *_initial(model),
        f". Rounding: {stated.description}.",
    )
    issues = _robust_issues(exact, runs, margin)
    return StatesQuestion(
        QuestionKind.STATES,
        title,
        prompt,
        word,
        exact.answer,
        tuple(ConventionAnswer(r.convention.name, r.answer, r.verdict) for r in runs),
        bool(runs) and not issues,
        issues,
    ), next((r for r in runs if r.convention == CONVENTIONS["saturate"]), None)


# ---------------------------------------------------------------------------- choices


def info_question(model: Model, machine: MooreMachine) -> ChoiceQuestion | None:
    """Which statements about h_t are true (the course's four, or, when none of them is,
    the true ones of the library too); None without statements for the alphabet."""
    explanation = explain(machine, model.name)
    comparisons = [c for c in explanation.comparisons if c.course_statement]
    if not any(c.relation is not Relation.NOT_CARRIED for c in comparisons):
        comparisons += [
            c
            for c in explanation.comparisons
            if not c.course_statement and c.relation is not Relation.NOT_CARRIED
        ][:2]
    if not comparisons or not any(c.relation is not Relation.NOT_CARRIED for c in comparisons):
        return None
    h = names.timed(model.kind.output, "t")
    alphabet = machine.alphabet
    choices = []
    for c in comparisons:
        carried = c.relation is not Relation.NOT_CARRIED
        evidence: Prose
        if carried:
            mapping = ", ".join(
                f"{vector_text(a)} ↦ {TRUTH.get(b, str(b))}" for a, b in c.output_map
            )
            evidence = ("read off the rounded ", h, f" as {mapping}")
        else:
            assert c.witness is not None
            w = c.witness
            first = word_text([alphabet[k] for k in w.first])
            second = word_text([alphabet[k] for k in w.second])
            evidence = (
                f"after the inputs {first} and after {second} the rounded ",
                h,
                f" is {vector_text(w.cell_output)} both times, but the statement is "
                f"{TRUTH.get(w.first_value, str(w.first_value))} after the first and "
                f"{TRUTH.get(w.second_value, str(w.second_value))} after the second",
            )
        words: tuple[tuple[Vector, ...], ...] = ()
        if c.witness is not None:
            words = tuple(
                tuple(tuple(Fraction(int(v.p), int(v.q)) for v in alphabet[k]) for k in w)
                for w in (c.witness.first, c.witness.second)
            )
        choices.append(Choice((h, f" carries {c.description}"), carried, c.name, evidence, words))
    prompt: Prose = (
        "Which information is carried in ",
        h,
        "? Mark every true statement (h carries a property when the property's value is a "
        "function of the rounded ",
        h,
        " after every non-empty input sequence).",
    )
    return ChoiceQuestion(QuestionKind.INFO, "LSTM info", prompt, tuple(choices))


def _with_none(choices: list[Choice], none_text: str) -> tuple[Choice, ...]:
    return (*choices, Choice((none_text,), not any(c.correct for c in choices), "none"))


def gating_question(model: Model) -> ChoiceQuestion | None:
    kind = model.kind
    if not kind.gates:
        return None
    semantics = gate_semantics(kind)
    choices = []
    for case in semantics.cases:
        if case.role is not Role.STATE or case.keeps_previous is None:
            continue
        q = case.quantity
        condition: list[str | sympy.Basic] = ["if the i-th element of "]
        for k, (g, v) in enumerate(case.gates):
            if k:
                condition.append(" and of ")
            condition += [names.timed(g, "t"), f" is {v}"]
        statement: Prose = (
            *condition,
            ", the i-th elements of ",
            names.timed(q, "t"),
            " and ",
            names.timed(q, "t-1"),
            " are equal",
        )
        equation = sympy.Eq(case.after.lhs, case.after.rhs, evaluate=False)
        choices.append(
            Choice(statement, bool(case.keeps_previous), f"{q}:{case.gates}", ("then ", equation))
        )
    if not choices:
        return None
    prompt: Prose = (f"Which statements about the gates of the {kind.title} hold?",)
    return ChoiceQuestion(
        QuestionKind.GATING, "Gating", prompt, _with_none(choices, "none of these statements")
    )


def saturation_question(
    model: Model, word: tuple[Vector, ...], run: ConventionResult | None = None
) -> ChoiceQuestion | None:
    """Which gates are saturated (|z| ≥ T of the saturating convention) at every step
    (``run``: the saturating convention's run on ``word``, when already computed)."""
    kind = model.kind
    if not kind.gates or not word:
        return None
    if run is None or run.convention != CONVENTIONS["saturate"] or run.inputs != word:
        run = check_convention(model, CONVENTIONS["saturate"], word, CHECK_DIGITS)
    threshold = CONVENTIONS["saturate"].threshold
    choices = []
    for g in kind.gates:
        uses = [u for s in run.steps for u in s.outcome.activations if u.argument == f"z_{g}"]
        if not uses or any(u.undecided for u in uses):
            return None
        saturated = all(u.saturated for u in uses)
        gate = names.timed(g, "t")
        choices.append(
            Choice(
                (gate, " is saturated at every step"),
                saturated,
                g,
                (
                    "its argument is "
                    + ("" if saturated else "not ")
                    + f"at least {threshold} in absolute value at every step",
                ),
            )
        )
    prompt: Prose = (
        f"On the inputs x = {word_text(word)}, which gates are saturated (argument at least "
        f"{threshold} in absolute value, so sigmoid is taken as 0 or 1) at every step?",
    )
    return ChoiceQuestion(
        QuestionKind.SATURATION,
        "Which gates saturate",
        prompt,
        _with_none(choices, "none of the gates"),
        word,
    )


# ---------------------------------------------------------------------------- numbers


def _decided_decimal(lower: Fraction, upper: Fraction, places: int) -> Fraction | None:
    scale = 10**places
    low = math.floor(lower * scale + Fraction(1, 2))
    high = math.floor(upper * scale + Fraction(1, 2))
    return Fraction(low, scale) if low == high else None


def calculation_question(
    model: Model, symbol: Vector, conventions: Sequence[str], margin: Fraction
) -> NumericQuestion | None:
    """One step from the initial state on input ``symbol``: the new visible state."""
    if model.hidden != 1:
        return None
    word = (symbol,)
    exact = check_convention(model, CONVENTIONS["exact"], word, CHECK_DIGITS)
    out = model.kind.output
    slot = next(k for k, s in enumerate(exact.slots) if s.name == out)
    ball = exact.exact_rows[0][slot]
    lower, upper = ball_bounds(ball)
    places = CALCULATION_PLACES
    answer = _decided_decimal(lower, upper, places)
    while answer is None and places < MAX_PLACES:
        places += 1
        answer = _decided_decimal(lower, upper, places)
    if answer is None or any(v is None for a in exact.answer for v in a):
        return None
    runs = [
        exact if name == "exact" else check_convention(model, CONVENTIONS[name], word, CHECK_DIGITS)
        for name in conventions
    ]
    issues = _robust_issues(exact, runs, margin)
    prompt: Prose = (
        "From ",
        *_initial(model),
        f" and the input x_0 = {vector_text(symbol)}, compute the new visible state ",
        names.timed(out, 0),
        f" exactly (no rounding of the activations), to {places} decimal places.",
    )
    return NumericQuestion(
        QuestionKind.CALCULATIONS,
        "LSTM calculations",
        prompt,
        answer,
        places,
        Fraction(1, 10**places),
        certified_digits(ball, CHECK_DIGITS),
        tuple(ConventionAnswer(r.convention.name, r.answer, r.verdict) for r in runs),
        not issues,
        issues,
        (
            "the exact value is ",
            names.timed(out, 0),
            f" = {certified_digits(ball, CHECK_DIGITS)}… (certified digits); rounded to the "
            "nearest integer under each stated convention: "
            + ", ".join(f"{r.convention.name} {flat(r.answer)[0]}" for r in runs),
        ),
    )


def compute_question(model: Model, machine: MooreMachine) -> NumericQuestion:
    h = names.timed(model.kind.output, "t")
    outputs = sorted({o for o in machine.outputs if o})
    prompt: Prose = (
        "What does this cell compute? Read as a machine whose output is the rounded ",
        h,
        " after each input, how many states does the smallest such machine have?",
    )
    explanation: Prose = (
        f"proved for inputs of every length: a minimal Moore machine of {machine.size} "
        f"states with outputs {', '.join(vector_text(o) for o in outputs)}",
    )
    return NumericQuestion(
        QuestionKind.COMPUTE,
        "What does this cell compute",
        prompt,
        Fraction(machine.size),
        0,
        Fraction(0),
        "",
        explanation=explanation,
        machine=machine,
    )


def has_properties(machine: MooreMachine) -> bool:
    return bool(library_for(machine.alphabet))


__all__ = [
    "Choice",
    "ChoiceQuestion",
    "ConventionAnswer",
    "NumericQuestion",
    "Question",
    "QuestionKind",
    "StatesQuestion",
    "calculation_question",
    "compute_question",
    "flat",
    "gating_question",
    "info_question",
    "model_prose",
    "saturation_question",
    "states_question",
    "vector_text",
    "word_text",
]


def model_prose(model: Model) -> Prose:
    """The cell and its parameters, as the preamble of every question of a variant."""
    parts: list[str | sympy.Basic] = [f"The cell ({model.kind.title}) has "]
    entries = [*model.weights, *model.biases]
    for k, (name, value) in enumerate(entries):
        if k:
            parts.append(", ")
        parts.append(sympy.Eq(names.param(name), _param_value(value), evaluate=False))
    parts.append(".")
    return tuple(parts)


def _param_value(value: Any) -> sympy.Basic:
    rows = [list(r) if isinstance(r, tuple) else [r] for r in value]
    if len(rows) == 1 and len(rows[0]) == 1:
        return sympy.Rational(rows[0][0])
    return sympy.Matrix(rows)
