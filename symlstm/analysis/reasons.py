"""Why the prover (and a table check) ended as it did: a code with the fields it needs.

The analysis stage hands over data, never sentences: a :class:`Reason` names what happened
(:class:`ReasonCode`) and carries the numbers that say it — counts, the budget limit that ran
out, the state components and their certified enclosures (exact decimals, rounded
outward), the drift per step, the word as symbol indices. The render stage phrases each
code once (:mod:`symlstm.render.reasons`) for every face; a face adds what only it knows
(which command-line option raises a limit, how to replay a word).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from symlstm.analysis.automaton import Output, Word
from symlstm.analysis.check import CheckFailure
from symlstm.model import ReadoutKind


class ReasonCode(Enum):
    # proved
    CLOSED = "closed"  # the boxes are closed under one exact step
    COVERED = "covered"  # grid boxes, each image covered by the boxes it meets
    # bounded
    DRIFT_BOUNDED = "drift-bounded"  # boxes map into their successors grown by a drift
    DEPTH_BOUNDED = "depth-bounded"  # grid boxes explored breadth first, the rest far away
    # refuted
    MACHINE_DIFFERS = "machine-differs"  # the proved machine differs from the claim
    COUNTEREXAMPLE = "counterexample"  # a certified run of the exact cell contradicts it
    # unknown: what stopped the proof attempt
    MAX_BOXES = "max-boxes"  # more boxes than the budget allows
    TIME = "time"  # the time budget ran out
    WIDENINGS = "widenings"  # a box was widened more often than the budget allows
    READOUT_BOUNDARY = "readout-boundary"  # an image's enclosure meets a decision boundary
    WIDENED_TO_BOUNDARY = "widened-to-boundary"  # widening a box would reach a boundary
    NOT_FINITE = "not-finite"  # an enclosure of the state is not finite
    NOT_CLOSED = "not-closed"  # the boxes are not closed under the step
    # the independent checker (symlstm.analysis.check) rejected the prover's own
    # certificate (``failure``): a prover bug, never a proof
    CERTIFICATE_REJECTED = "certificate-rejected"
    # a rounding convention's table against the exact cell (analysis.summary.TableCheck)
    TABLE_IS_MACHINE = "table-is-machine"  # the table's machine is the proved machine
    TABLE_DIFFERS = "table-differs"  # a certified word on which they differ
    # the table's machine is the bounded proof's machine on every word up to its horizon
    # (``horizon``), and no certified word beyond it contradicts the table within the budget
    TABLE_AGREES_BOUNDED = "table-agrees-bounded"
    NO_TABLE = "no-table"  # the convention gives no table (``detail``: the table's error)


@dataclass(frozen=True)
class Enclosure:
    """A certified enclosure ``[low, high]`` of one state component (``h``, ``c_2``…),
    exact decimals rounded outward (None: not finite), and the decision boundaries of the
    readout that lie in it (exact numbers as text: ``1/2``, ``-1/2``, ``0``; empty when the
    enclosure is clear of them, or when the readout is linear and has no boundary per
    component)."""

    component: str
    low: str | None
    high: str | None
    boundaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Boundary:
    """Where an image met a decision boundary of the readout (of kind ``readout``): the
    word (symbol indices) that reaches the failing box, the symbol whose image failed, the
    image's enclosures of the components the readout reads, and the exact cell's own
    certified output on ``word + (symbol,)`` (None when the exact state is not clear of the
    boundary either)."""

    readout: ReadoutKind
    word: Word
    symbol: int
    enclosures: tuple[Enclosure, ...]
    exact_output: Output | None

    @property
    def exact_clear(self) -> bool:
        """The exact cell's state on the word is clear of the boundary: the enclosure of
        the whole box, not the cell, reaches it."""
        return self.exact_output is not None


@dataclass(frozen=True)
class Drift:
    """The largest drift per step of a bounded proof: its component and the exact decimal
    bound of the drift (over the certificate's digits)."""

    component: str
    per_step: str


@dataclass(frozen=True)
class Reason:
    """Why a proof (or a table check) ended as it did; which fields are set depends on
    ``code`` (the others keep their defaults)."""

    code: ReasonCode
    boxes: int = 0  # CLOSED, COVERED, DRIFT_BOUNDED, DEPTH_BOUNDED: boxes of the certificate
    states: int = 0  # CLOSED, COVERED, DRIFT_BOUNDED, DEPTH_BOUNDED: states of the machine
    open: int = 0  # DEPTH_BOUNDED: the certificate's boxes not explored (their images)
    limit: int | float | None = None  # MAX_BOXES, TIME, WIDENINGS: the limit that ran out
    drift: Drift | None = None  # DRIFT_BOUNDED
    horizon: int | None = None  # *_BOUNDED: the longest word the machine is proved for
    prefix: int | None = None  # unknown: the first ``prefix`` symbols reach the failing box
    boundary: Boundary | None = None  # READOUT_BOUNDARY
    length: int | None = None  # refuted: the length of the word
    cell_output: Output | None = None  # refuted: the exact cell's certified output
    claim_output: Output | None = None  # refuted: the claim's
    searched: bool = False  # unknown with a claim: a counterexample was searched for
    detail: str | None = None  # NO_TABLE: the table stage's error message
    failure: CheckFailure | None = None  # CERTIFICATE_REJECTED: the checker's first failure


# the budget limits each code reports, by the name of the Budget field
LIMITS: dict[ReasonCode, str] = {
    ReasonCode.MAX_BOXES: "max_states",
    ReasonCode.TIME: "max_seconds",
    ReasonCode.WIDENINGS: "max_widenings",
}


__all__ = ["LIMITS", "Boundary", "Drift", "Enclosure", "Reason", "ReasonCode"]
