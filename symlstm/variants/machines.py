"""The one place where variants and sweeps call the prover.

Everything here goes through :func:`symlstm.analysis.prove` (its public entry point; the
table check of :func:`symlstm.analysis.summary.check_table` calls it too), with
a budget bounded by boxes, not by time, so that a verdict does not depend on the speed of
the machine that computed it.
"""

from __future__ import annotations

from symlstm.analysis import Budget, MooreMachine, ProofResult, Verdict, prove
from symlstm.analysis.summary import check_table
from symlstm.analysis.table import TableError, transition_table
from symlstm.model import Model
from symlstm.numbers.rounding import CONVENTIONS

# generous in seconds: the box budget decides first on any ordinary machine
BUDGET = Budget(max_states=2_000, max_seconds=600.0)


def proof_of(model: Model, claim: MooreMachine | None = None) -> ProofResult:
    return prove(model, claim=claim, budget=BUDGET)


def proved_machine(model: Model) -> MooreMachine | None:
    """The minimal machine the exact cell implements, when proved; None otherwise."""
    result = proof_of(model)
    return result.machine if result.verdict is Verdict.PROVED else None


def table_verdict(model: Model, proof: ProofResult) -> Verdict:
    """Does the saturating convention's transition table give the exact cell's rounded
    outputs on every word? (``proved``: its machine is the proved one; ``refuted``: a
    certified word where they differ; ``unknown``: no table, or no verdict.)"""
    try:
        table = transition_table(model, CONVENTIONS["saturate"])
    except TableError:
        return Verdict.UNKNOWN
    return check_table(model, table, proof, BUDGET).verdict


__all__ = ["BUDGET", "proof_of", "proved_machine", "table_verdict"]
