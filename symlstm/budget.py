"""The budget of one command: a deadline that every stage checks, below every face.

A :class:`Deadline` is a frozen point in time (``time.monotonic``) with the number of
seconds it was set for and the option that set it. A stage that loops over steps, symbols,
states or boxes takes ``deadline: Deadline = NEVER`` as a keyword argument and calls
:meth:`Deadline.check` every so often (cheap: one clock read); when the deadline has passed it
raises :class:`~symlstm.errors.BudgetExceeded` naming the stage, which the command line turns
into one line and exit status 3. A stage that can give a partial answer instead (the prover:
``unknown``, with the reason) asks :meth:`Deadline.expired` or :meth:`Deadline.remaining`.

Public API::

    NEVER                                   # a deadline that never passes
    Deadline.after(seconds, option="--max-seconds") -> Deadline
    deadline.expired() -> bool
    deadline.remaining() -> float           # seconds left (math.inf for NEVER; ≥ 0)
    deadline.check(where) -> None           # raises BudgetExceeded once passed
    deadline.sooner(seconds) -> Deadline    # the earlier of this and `seconds` from now
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from symlstm.errors import BudgetExceeded


@dataclass(frozen=True)
class Deadline:
    """``at``: the ``time.monotonic()`` value after which the budget is spent (``inf``: never);
    ``seconds``: the budget it was set with, and ``option``: what set it (for messages)."""

    at: float = math.inf
    seconds: float = math.inf
    option: str = "--max-seconds"

    @classmethod
    def after(cls, seconds: float, option: str = "--max-seconds") -> Deadline:
        if not seconds > 0:
            raise ValueError(f"a time budget must be positive, got {seconds}")
        return cls(time.monotonic() + seconds, seconds, option)

    def expired(self) -> bool:
        return self.at != math.inf and time.monotonic() >= self.at

    def remaining(self) -> float:
        if self.at == math.inf:
            return math.inf
        return max(0.0, self.at - time.monotonic())

    def check(self, where: str = "") -> None:
        """Raise :class:`BudgetExceeded` (naming ``where``) once the deadline has passed."""
        if self.at != math.inf and time.monotonic() >= self.at:
            raise BudgetExceeded("time", self.seconds, self.option, where)

    def sooner(self, seconds: float) -> Deadline:
        """The earlier of this deadline and ``seconds`` from now."""
        other = Deadline.after(seconds, self.option)
        return other if other.at < self.at else self


NEVER = Deadline()

__all__ = ["NEVER", "Deadline"]
