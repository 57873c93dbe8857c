"""How a cell's state is read: the machine's output as a function of the visible state.

A readout is part of the model (the ``[readout]`` table of a model file). It maps the
visible state (h for the LSTM and GRU, s for the gated and simple RNN) to the output the
finite-state machine emits after every input:

| kind | output | a tie |
| --- | --- | --- |
| ``round`` (default) | (round(h_j) for j in units) | h_j = k ± 1/2 rounds toward zero |
| ``sign`` | (1 if h_j > 0, −1 if h_j < 0, 0 if h_j = 0, for j in units) | |
| ``threshold`` | (1 if h_j > theta else 0, for j in units); theta: 1/2 | h_j = theta reads 0 |
| ``argmax`` | (the c maximising (weight·h + bias)_c,) over the k rows of weight | the smallest c |
| ``logistic`` | (1 if weight·h + bias > 0 else 0,), weight a single row | 0 |

``units`` are 0-based indices into the visible state (default: all of them). The model stage
only describes the readout; the prover and the independent checker each certify it on
boxes with their own exact arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import sympy

Vector = tuple[sympy.Rational, ...]
Matrix = tuple[Vector, ...]


HALF = sympy.Rational(1, 2)


class ReadoutKind(Enum):
    ROUND = "round"
    SIGN = "sign"
    THRESHOLD = "threshold"
    ARGMAX = "argmax"
    LOGISTIC = "logistic"


UNIT_KINDS = (ReadoutKind.ROUND, ReadoutKind.SIGN, ReadoutKind.THRESHOLD)
LINEAR_KINDS = (ReadoutKind.ARGMAX, ReadoutKind.LOGISTIC)


@dataclass(frozen=True)
class Readout:
    """A readout; ``units`` is None for "every unit" (unit kinds only), ``weight`` and
    ``bias`` are set for the linear kinds only."""

    kind: ReadoutKind = ReadoutKind.ROUND
    units: tuple[int, ...] | None = None
    weight: Matrix | None = None
    bias: Vector | None = None
    theta: sympy.Rational = HALF

    @property
    def is_default(self) -> bool:
        return self == Readout()

    def selected(self, hidden: int) -> tuple[int, ...]:
        """The units a unit readout reads (every unit for a linear readout: it reads all)."""
        if self.kind in UNIT_KINDS and self.units is not None:
            return self.units
        return tuple(range(hidden))

    def width(self, hidden: int) -> int:
        """How many integers one output has."""
        if self.kind in LINEAR_KINDS:
            return 1
        return len(self.selected(hidden))


DEFAULT_READOUT = Readout()
