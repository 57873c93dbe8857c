"""Models the issues name, shared by the tests that reproduce them (model mappings, as a
model file's TOML reads)."""

from __future__ import annotations

from typing import Any

# issue 12's 2-unit GRU: its report dropped the + 100 x_t term; its proof keeps widening a box
GRU2: dict[str, Any] = {
    "cell": "gru",
    "name": "gru2",
    "hidden": 2,
    "inputs": 1,
    "alphabet": [0, 1],
    "params": {
        "W_nx": [[100], [100]],
        "b_n": [-50, -50],
        "W_nh": [[100, 0], [0, 0]],
        "b_r": [100, 100],
        "W_zx": [[-100], [0]],
        "b_z": [50, -100],
        "W_rh": [[0, 0], [0, 0]],
        "W_rx": [[0], [0]],
        "W_zh": [[0, 0], [0, 0]],
        "b_nh": [0, 0],
    },
}

# forget, input and output gates open; c += 1 on a one, −1 on a zero: an up/down counter
# whose output round(tanh(c)) is the sign of the count (no finite machine implements it)
COUNTER: dict[str, Any] = {
    "name": "counter",
    "cell": "lstm",
    "alphabet": [0, 1],
    "params": {
        "W_fh": 0, "W_fx": 0, "b_f": 100, "W_ih": 0, "W_ix": 0, "b_i": 100,
        "W_oh": 0, "W_ox": 0, "b_o": 100, "W_ch": 0, "W_cx": 200, "b_c": -100,
    },
}  # fmt: skip


def gated_tie(start: int) -> dict[str, Any]:
    """The gated cell with every weight 0 from s = ±1: after any input s = σ(0)·(±1) +
    σ(0)·tanh(0) = ±1/2 exactly, a rounding tie (read toward zero, issue 11's readout
    table), then ±1/4, ±1/8, …"""
    return {
        "cell": "gated",
        "name": f"gated-tie{start:+d}",
        "params": {"W_gs": 0, "W_gx": 0, "W_ss": 0, "W_sx": 0},
        "initial": {"s": start},
    }
