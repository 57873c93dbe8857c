"""Homework variants: parameters drawn from templates, every question solved and verified.

Candidate ``i`` of a run draws everything it needs from ``random.Random(f"…/{seed}/{i}")``
(string seeds hash with SHA-512: the same on any machine and any PYTHONHASHSEED) and all its
numbers are exact fractions. Candidates are solved as independent jobs on an executor
(:mod:`symlstm.executor`); the filters are then applied in candidate order, so the variants
kept are the same whatever ran the jobs and however many ran at once.

Filters: ``robust`` (every stated convention and the exact cell give the same answers, no
tie, nothing undecided, every saturated activation with margin ≥ ``margin``), ``machine``
``same`` (the proved machine equals the original model's) or ``any``, ``distinct`` (no two
kept variants with the same answer key).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from enum import Enum
from fractions import Fraction

from symlstm.analysis import MooreMachine, distinguishing_word
from symlstm.errors import UsageError
from symlstm.executor import InProcess, run_jobs
from symlstm.model import Model
from symlstm.variants import machines
from symlstm.variants.questions import (
    ChoiceQuestion,
    Question,
    QuestionKind,
    StatesQuestion,
    Vector,
    calculation_question,
    compute_question,
    gating_question,
    info_question,
    saturation_question,
    states_question,
)
from symlstm.variants.templates import Template, WordLengths, apply_params

DEFAULT_LENGTHS = WordLengths(5, 5)
ALL_KINDS = tuple(QuestionKind)
SEED_PREFIX = "symlstm-variants"


class MachineRule(Enum):
    ANY = "any"
    SAME = "same"


@dataclass(frozen=True)
class VariantOptions:
    count: int
    seed: int
    templates: tuple[Template, ...] = ()
    lengths: WordLengths | None = None
    conventions: tuple[str, ...] = ("saturate", "nearest", "exact")
    robust: bool = False
    margin: Fraction = Fraction(0)
    distinct: bool = False
    machine: MachineRule = MachineRule.ANY
    kinds: tuple[QuestionKind, ...] = ALL_KINDS
    max_candidates: int | None = None  # default: 100 × count + 1000

    @property
    def candidate_limit(self) -> int:
        return self.max_candidates or 100 * self.count + 1000


@dataclass(frozen=True)
class Job:
    """One candidate to solve: picklable, for any executor."""

    model: Model
    options: VariantOptions
    index: int
    base_machine: MooreMachine | None


@dataclass(frozen=True)
class Variant:
    id: str
    index: int  # the candidate it came from
    params: tuple[tuple[str, Fraction], ...]
    model: Model
    questions: tuple[Question, ...]
    machine: MooreMachine | None
    robust: bool
    same_machine: bool | None
    rejected: str = ""  # why the filters would drop it ("" when it passes)

    def key(self) -> tuple[object, ...]:
        """The answer key (what ``distinct`` compares)."""
        return tuple((q.kind.value, answer_of(q)) for q in self.questions)


@dataclass(frozen=True)
class VariantSet:
    model: Model
    options: VariantOptions
    variants: tuple[Variant, ...]
    candidates: int  # candidates solved to find them


def answer_of(question: Question) -> object:
    if isinstance(question, StatesQuestion):
        return question.answer
    if isinstance(question, ChoiceQuestion):
        return question.correct
    return question.answer


def _symbols(model: Model) -> tuple[Vector, ...]:
    return tuple(tuple(Fraction(int(v.p), int(v.q)) for v in s) for s in model.alphabet)


def _words(
    model: Model, options: VariantOptions, rng: random.Random
) -> list[tuple[str, tuple[Vector, ...]]]:
    symbols = _symbols(model)
    titles = [q.title for q in model.questions] or ["LSTM states"]
    lengths = options.lengths
    if lengths is None and model.questions:
        return [
            (q.title, tuple(tuple(Fraction(int(v.p), int(v.q)) for v in x) for x in q.inputs))
            for q in model.questions
        ]
    lengths = lengths or DEFAULT_LENGTHS
    words = []
    for title in titles:
        n = rng.randint(lengths.low, lengths.high)
        words.append((title, tuple(symbols[rng.randrange(len(symbols))] for _ in range(n))))
    return words


def solve_candidate(job: Job) -> Variant:
    """Draw candidate ``job.index`` and solve every question asked (a job of the executor)."""
    options = job.options
    rng = random.Random(f"{SEED_PREFIX}/{options.seed}/{job.index}")
    params = tuple((t.name, t.values[rng.randrange(len(t.values))]) for t in options.templates)
    model = apply_params(job.model, params)
    words = _words(model, options, rng)
    symbols = _symbols(model)
    nonzero = [s for s in symbols if any(s)] or list(symbols)
    symbol = nonzero[rng.randrange(len(nonzero))]
    kinds = set(options.kinds)
    questions: list[Question] = []
    rejected = ""
    robust = True
    saturated = None
    if QuestionKind.STATES in kinds:
        for title, word in words:
            q, run = states_question(model, title, word, options.conventions, options.margin)
            if saturated is None and word == words[0][1]:
                saturated = run
            if q is None:
                rejected = rejected or "undecided"
                continue
            robust = robust and q.robust
            questions.append(q)
    machine = machines.proved_machine(model)
    if QuestionKind.INFO in kinds and machine is not None:
        info = info_question(model, machine)
        if info is not None:
            questions.append(info)
    if QuestionKind.CALCULATIONS in kinds and model.hidden == 1:  # one scalar to compute
        calc = calculation_question(model, symbol, options.conventions, options.margin)
        if calc is None:
            rejected = rejected or "undecided"
        else:
            robust = robust and calc.robust
            questions.append(calc)
    if QuestionKind.GATING in kinds:
        gating = gating_question(model)
        if gating is not None:
            questions.append(gating)
    if QuestionKind.SATURATION in kinds and words:
        saturation = saturation_question(model, words[0][1], saturated)
        if saturation is not None:
            questions.append(saturation)
    if QuestionKind.COMPUTE in kinds and machine is not None:
        questions.append(compute_question(model, machine))
    same: bool | None = None
    if job.base_machine is not None:
        same = machine is not None and distinguishing_word(machine, job.base_machine) is None
    if not rejected and options.robust and not robust:
        rejected = "not robust"
    if not rejected and options.machine is MachineRule.SAME and not same:
        rejected = "another machine" if machine is not None else "no proved machine"
    if not rejected and not questions:
        rejected = "no question"
    return Variant("", job.index, params, model, tuple(questions), machine, robust, same, rejected)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "model"


def generate(
    model: Model,
    options: VariantOptions,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VariantSet:
    """``options.count`` variants of ``model`` passing the filters (``UsageError`` naming
    ``--count`` when the candidate limit runs out first)."""
    executor = executor or InProcess()
    base: MooreMachine | None = None
    if options.machine is MachineRule.SAME:
        base = machines.proved_machine(model)
        if base is None:
            raise UsageError(
                "--machine", f"model {model.name!r} has no proved machine to keep the same"
            )
    kept: list[Variant] = []
    keys: set[tuple[object, ...]] = set()
    next_index = 0
    passed = 0  # candidates that passed the filters (distinct aside)
    limit = options.candidate_limit
    width = len(str(options.count))
    prefix = f"{_slug(model.name)}-{options.seed}"
    while len(kept) < options.count and next_index < limit:
        # as many candidates as the acceptance so far suggests (all of them at first), so
        # that an executor gets work in few large rounds; results never depend on it
        need = options.count - len(kept)
        rate = max(passed / next_index, 1 / 20) if next_index else 1.0
        batch = min(math.ceil(need / rate * 1.1) + 4, limit - next_index)
        jobs = [Job(model, options, i, base) for i in range(next_index, next_index + batch)]
        next_index += batch
        for candidate in run_jobs(executor, solve_candidate, jobs):
            if candidate.rejected:
                continue
            passed += 1
            if len(kept) == options.count:
                continue
            if options.distinct:
                key = candidate.key()
                if key in keys:
                    continue
                keys.add(key)
            number = len(kept) + 1
            kept.append(
                replace(
                    candidate,
                    id=f"{prefix}-{number:0{width}d}",
                    model=replace(candidate.model, name=f"{model.name} variant {number}"),
                )
            )
        if progress is not None:
            progress(len(kept), options.count)
    if len(kept) < options.count:
        raise UsageError(
            "--count",
            f"only {len(kept)} of {options.count} variants pass the filters after "
            f"{next_index} candidates; widen the templates or relax the filters",
        )
    return VariantSet(model, options, tuple(kept), next_index)


__all__ = [
    "ALL_KINDS",
    "Job",
    "MachineRule",
    "Variant",
    "VariantOptions",
    "VariantSet",
    "answer_of",
    "generate",
    "solve_candidate",
]
