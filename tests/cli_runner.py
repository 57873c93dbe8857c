"""Running the command line in-process, for tests that treat symlstm as a black box."""

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
