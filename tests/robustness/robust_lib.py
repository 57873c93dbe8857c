"""Helpers of the robustness tests: run symlstm in-process and judge how it failed."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass

from symlstm.cli import main as cli_main


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(args: Sequence[str]) -> Run:
    """``symlstm ARGS`` in-process; an argparse SystemExit becomes the status. Any other
    exception propagates: that is the traceback a user would see."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli_main(list(args))
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    return Run(status, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def assert_one_line_failure(run: Run, what: object = "") -> None:
    assert run.status == 2, (what, run.status, run.stderr[-500:])
    assert "Traceback" not in run.stderr, (what, run.stderr[-500:])
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, (what, run.stderr[-500:])
    assert run.stderr.startswith("symlstm"), (what, run.stderr)


def assert_clean(run: Run, what: object = "", ok: Sequence[int] = (0,)) -> None:
    """Either a normal result (one of ``ok``) or a one-line failure with status 2."""
    if run.status in ok:
        return
    assert_one_line_failure(run, what)
