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
