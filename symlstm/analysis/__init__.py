"""The analysis stage: Moore machines, the prover and its certificate, explanations."""

from symlstm.analysis.automaton import (
    UNOBSERVED,
    Difference,
    MooreMachine,
    distinguishing_word,
    equivalent,
    minimize,
    product,
    reachable,
    word_text,
)
from symlstm.analysis.proof import (
    Budget,
    Certificate,
    Exhausted,
    ProofResult,
    Rechecked,
    Verdict,
    certified_outputs,
    prove,
)

__all__ = [
    "UNOBSERVED",
    "Budget",
    "Certificate",
    "Difference",
    "Exhausted",
    "MooreMachine",
    "ProofResult",
    "Rechecked",
    "Verdict",
    "certified_outputs",
    "distinguishing_word",
    "equivalent",
    "minimize",
    "product",
    "prove",
    "reachable",
    "word_text",
]
