"""What ``symlstm analyze`` assembles: table, proved machine, explanation, in one value;
and the check, once and for all, of a rounding convention's table against the exact cell."""

from __future__ import annotations

import time
from dataclasses import dataclass

from symlstm.analysis.automaton import Difference, MooreMachine, Output, distinguishing_word
from symlstm.analysis.explain import Explanation
from symlstm.analysis.proof import (
    NO_ROUNDING,
    Budget,
    ProofResult,
    Verdict,
    against_bounded,
    certified_outputs,
    prove,
)
from symlstm.analysis.reasons import Reason, ReasonCode
from symlstm.analysis.table import TableError, TransitionTable, transition_table
from symlstm.budget import NEVER, Deadline
from symlstm.model import Model
from symlstm.numbers.rounding import CONVENTIONS


@dataclass(frozen=True)
class TableCheck:
    """Does a convention's table give the exact cell's rounded outputs on every word?

    ``proved``: the table's machine is the proved machine (for all words of all lengths);
    ``refuted``: ``word`` is a shortest input where they differ (certified exact outputs);
    ``bounded``: the proof is bounded and the table agrees with it up to its horizon;
    ``unknown``: the prover gave no verdict (``reason``: the prover's, or NO_TABLE)."""

    convention: str
    verdict: Verdict
    reason: Reason
    word: tuple[int, ...] | None = None  # indices into the model's alphabet
    exact: tuple[int, ...] = ()  # the exact cell's rounded output after ``word``
    table: tuple[int, ...] = ()  # the table's


def check_table(
    model: Model, table: TransitionTable, proof: ProofResult | None, budget: Budget
) -> TableCheck:
    name = table.convention.name
    claim = table.machine()
    if proof is not None and proof.verdict is Verdict.PROVED and proof.machine is not None:
        difference = distinguishing_word(proof.machine, claim)
        if difference is None:
            return TableCheck(name, Verdict.PROVED, Reason(ReasonCode.TABLE_IS_MACHINE))
        exact = _exact_output(model, proof, difference)
        return _differs(name, difference.word, exact, difference.right)
    if proof is not None and proof.verdict is Verdict.BOUNDED and proof.machine is not None:
        return _check_bounded(model, name, claim, proof, budget)
    result = prove(model, claim=claim, budget=budget)
    if result.verdict is Verdict.REFUTED and result.word is not None:
        return _differs(name, result.word, result.evidence[-1].rounded, result.claimed[-1])
    return TableCheck(name, result.verdict, result.reason)


def _check_bounded(
    model: Model, name: str, claim: MooreMachine, proof: ProofResult, budget: Budget
) -> TableCheck:
    """The table against a bounded proof, without proving again: refuted by the bounded
    machine on a word up to the horizon (the outputs certified anew), else by a certified
    word beyond it that the search finds within ``budget``; otherwise the table agrees with
    the exact cell up to the horizon."""
    assert proof.machine is not None and proof.horizon is not None
    until = time.monotonic() + budget.max_seconds
    found = against_bounded(model, proof.machine, proof.horizon, claim, budget, until)
    if isinstance(found, Difference):
        return _differs(name, found.word, _exact_output(model, proof, found), found.right)
    if found is not None:
        word, steps = found
        return _differs(name, word, steps[-1].rounded, claim.output_trace(word)[-1])
    reason = Reason(ReasonCode.TABLE_AGREES_BOUNDED, horizon=proof.horizon)
    return TableCheck(name, Verdict.BOUNDED, reason)


def _exact_output(model: Model, proof: ProofResult, difference: Difference) -> Output:
    """The exact cell's output after the word on which the proved machine and a table
    differ, certified anew at the proof's own precision (a proof made at 512 bits for a
    state within 10⁻⁸⁷ of a boundary: the default 25 digits cannot decide it). The proof
    already holds it for that word, so where even that precision does not decide it, the
    machine's output (``difference.left``) is the certified one."""
    bits = max(256, 2 * proof.budget.bits)
    digits = max(25, proof.budget.digits)
    evidence, _ = certified_outputs(model, difference.word, bits=bits, digits=digits)
    rounded = evidence[-1].rounded
    if NO_ROUNDING in rounded:
        return difference.left
    assert rounded == difference.left, "a proved machine disagrees with the exact cell"
    return rounded


def _differs(
    name: str, word: tuple[int, ...], exact: tuple[int, ...], table: tuple[int, ...]
) -> TableCheck:
    reason = Reason(
        ReasonCode.TABLE_DIFFERS, length=len(word), cell_output=exact, claim_output=table
    )
    return TableCheck(name, Verdict.REFUTED, reason, word, exact, table)


def check_conventions(
    model: Model,
    proof: ProofResult | None,
    budget: Budget,
    names: tuple[str, ...] = (),
    *,
    deadline: Deadline = NEVER,
) -> tuple[TableCheck, ...]:
    """:func:`check_table` for each rounding convention that rounds the carried state
    (by default every built-in one that does)."""
    chosen = names or tuple(n for n, c in CONVENTIONS.items() if c.round_state)
    checks = []
    for name in chosen:
        try:
            table = transition_table(model, CONVENTIONS[name], deadline=deadline)
        except TableError as error:
            reason = Reason(ReasonCode.NO_TABLE, detail=str(error))
            checks.append(TableCheck(name, Verdict.UNKNOWN, reason))
            continue
        deadline.check("the convention checks")
        checks.append(check_table(model, table, proof, budget))
    return tuple(checks)


@dataclass(frozen=True)
class Analysis:
    model_name: str
    proof: ProofResult
    explanation: Explanation | None  # when proved
    table: TransitionTable | None = None
    conventions: tuple[TableCheck, ...] = ()
    certificate_path: str | None = None  # where the certificate was written, if it was
