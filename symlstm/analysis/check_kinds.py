"""The independent checker's equations for the cell kinds added with issue 13: the LSTM with
peepholes and the GRU with the reset gate before the product. Written here, by hand, from
the papers (Gers & Schmidhuber 2000; Cho et al. 2014), not from the model stage's programs:
the checker shares no equations with the prover on purpose, and a test holds the two
against each other. :mod:`symlstm.analysis.check` merges :data:`CELLS` and :data:`STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from symlstm.analysis import check as _check
from symlstm.analysis.check import _add, _Cell, _complement, _matvec, _mul


@dataclass(frozen=True)
class _PeepholeCell(_Cell):
    """An LSTM whose gates f, i, o also read the memory cell through vectors p_f, p_i, p_o."""

    peepholes: tuple[str, ...] = ("p_f", "p_i", "p_o")

    @property
    def params(self) -> tuple[str, ...]:
        return (*super().params, *self.peepholes)

    def shape(self, param: str, hidden: int, inputs: int) -> tuple[int, ...]:
        if param in self.peepholes:
            return (hidden,)
        return super().shape(param, hidden, inputs)


CELLS: dict[str, _Cell] = {
    "lstm-peephole": _PeepholeCell("lstm-peephole", ("c", "h"), "h", "h", ("f", "i", "o", "c")),
    "gru-reset-before": _Cell("gru-reset-before", ("h",), "h", "h", ("r", "z", "n")),
}


def _lstm_peephole(checker: Any, state: dict[str, Any], x: Any) -> dict[str, Any]:
    # f = σ(W_fh h + W_fx x + b_f + p_f ⊙ c_{t-1}), likewise i; o sees the new c_t
    h, c = state["h"], state["c"]
    b = checker.b
    f = [checker.sigmoid(v) for v in _add(checker._affine("f", h, x), _mul(b["p_f"], c))]
    i = [checker.sigmoid(v) for v in _add(checker._affine("i", h, x), _mul(b["p_i"], c))]
    candidate = [checker.tanh(v) for v in checker._affine("c", h, x)]
    c_new = _add(_mul(f, c), _mul(i, candidate))
    o = [checker.sigmoid(v) for v in _add(checker._affine("o", h, x), _mul(b["p_o"], c_new))]
    return {"c": c_new, "h": _mul(o, [checker.tanh(v) for v in c_new])}


def _gru_reset_before(checker: Any, state: dict[str, Any], x: Any) -> dict[str, Any]:
    # n = tanh(W_nh (r ⊙ h) + W_nx x + b_n); h' = (1 - z) ⊙ n + z ⊙ h
    h = state["h"]
    r = [checker.sigmoid(v) for v in checker._affine("r", h, x)]
    z = [checker.sigmoid(v) for v in checker._affine("z", h, x)]
    z_n = _add(
        _matvec(checker.w["W_nh"], _mul(r, h)), _matvec(checker.w["W_nx"], x), checker.b["b_n"]
    )
    n = [checker.tanh(v) for v in z_n]
    return {"h": _add(_mul([_complement(v) for v in z], n), _mul(z, h))}


STEPS: dict[str, Callable[[Any, dict[str, Any], Any], dict[str, Any]]] = {
    "lstm-peephole": _lstm_peephole,
    "gru-reset-before": _gru_reset_before,
}

_check.CELLS.update(CELLS)
