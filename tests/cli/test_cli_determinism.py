"""Deterministic output: the same bytes under any PYTHONHASHSEED (subprocesses)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli

from symlstm.cli import proving

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


def test_proof_documents_are_the_same_bytes_run_after_run(tmp_path: Path) -> None:
    """`analyze … -o report.md` twice: identical files (the run's duration was printed into
    every document); piped text carries no duration either."""
    files = []
    for k in range(2):
        target = tmp_path / f"analyze-{k}.md"
        run = run_cli(["analyze", "gating", "-o", str(target)])
        assert run.status in (0, 4), run.stderr
        files.append(target.read_bytes())
    assert files[0] == files[1]
    assert b"box images; budget" in files[0]
    piped = [run_cli(["prove", "homework"]).stdout for _ in range(2)]
    assert piped[0] == piped[1] and "box images; budget" in piped[0]


def test_the_duration_is_shown_only_as_text_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(proving.sys, "stdout", Terminal())
    args = argparse.Namespace(output=None)
    assert proving.timed(args, "text") and proving.timed(args, None)
    assert not proving.timed(args, "markdown")
    assert not proving.timed(argparse.Namespace(output="x.txt"), "text")
