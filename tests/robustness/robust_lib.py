"""Helpers of the robustness tests: run symlstm in-process and judge how it failed."""

from __future__ import annotations

from collections.abc import Sequence

from cli_runner import Run, run_cli  # noqa: F401 - re-exported to the tests


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
