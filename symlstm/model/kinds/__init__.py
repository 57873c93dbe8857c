"""The registry of cell kinds: one module per kind, each defining ``KIND``.

Every stage reads a kind from :data:`CELL_KINDS` (its parameters, states, update program,
display names, diagram); none branches on a kind's name. A new kind is one module and one
line here (or a call of :func:`register`, e.g. from a test or a plug-in).
"""

from __future__ import annotations

from symlstm.model.cells import CellKind
from symlstm.model.kinds import gated, gru, gru_reset_before, lstm, lstm_peephole, rnn

CELL_KINDS: dict[str, CellKind] = {}


def register(kind: CellKind) -> CellKind:
    """Add a kind to the registry (its name must be new and have a program)."""
    if kind.name in CELL_KINDS:
        raise ValueError(f"a cell kind named {kind.name!r} is already registered")
    if kind.program is None:
        raise ValueError(f"the cell kind {kind.name!r} has no update program")
    CELL_KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    del CELL_KINDS[name]


for _module in (lstm, gru, gated, rnn, lstm_peephole, gru_reset_before):
    register(_module.KIND)

LSTM = lstm.KIND
GRU = gru.KIND
GATED = gated.KIND
RNN = rnn.KIND

__all__ = ["CELL_KINDS", "GATED", "GRU", "LSTM", "RNN", "register", "unregister"]
