"""Deterministic output: the same bytes under any PYTHONHASHSEED (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys

SEEDS = ("0", "1", "2")


def test_unrolled_json_is_byte_identical_across_hash_seeds() -> None:
    argv = [sys.executable, "-m", "symlstm", "equations", "--unroll", "4", "-f", "json"]
    processes = {
        seed: subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in SEEDS  # run side by side
    }
    outputs = {}
    for seed, process in processes.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        outputs[seed] = out
    assert b'"form": "unrolled"' in outputs["0"]
    assert outputs["0"] == outputs["1"] == outputs["2"]
