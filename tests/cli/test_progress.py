"""The prover's progress on a terminal: every attempt reports (the first attempt's boxes, the
drift attempt's, the cover attempt's grid boxes), and the bar names the attempt."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from symlstm.analysis.proof import (
    ATTEMPT_BOXES,
    ATTEMPT_DRIFT,
    Attempt,
    Budget,
    _bounded,
    _covered,
    grid_attempt,
    prove,
)
from symlstm.cli import proving
from symlstm.cli.proving import ProgressBar, progress_line
from symlstm.model import load_model, read_model_file

ROOT = Path(__file__).resolve().parents[2]
Call = tuple[int, int, int, Attempt]


def _recorder() -> tuple[list[Call], object]:
    calls: list[Call] = []

    def record(done: int, known: int, frontier: int, attempt: Attempt) -> None:
        calls.append((done, known, frontier, attempt))

    return calls, record


def _consistent(calls: list[Call]) -> None:
    for done, known, frontier, _ in calls:
        assert 0 <= done <= known and 0 <= frontier <= known


def test_the_cover_attempt_reports_its_grid_boxes() -> None:
    """parity-h2 (a trained net) is bounded by the cover attempt after many seconds; before,
    the bar stood still at the first attempt's last count while the grids were searched."""
    model = read_model_file(ROOT / "bench" / "trained" / "parity-h2.toml")
    calls, record = _recorder()
    _covered(model, Budget(), time.monotonic() + 1.5, record)  # type: ignore[arg-type]
    assert calls, "the cover attempt reported nothing"
    assert {a for *_, a in calls} <= {grid_attempt(g) for g in (6, 5, 8, 10, 12)}
    assert calls[0][3] == grid_attempt(6)
    _consistent(calls)
    dones = [d for d, *_ in calls]
    assert dones[0] == 64 and all(d % 64 == 0 for d in dones)


def test_the_drift_attempt_reports_as_itself() -> None:
    model = load_model("gating")
    calls, record = _recorder()
    assert _bounded(model, Budget(), time.monotonic() + 10, record) is not None  # type: ignore[arg-type]
    assert calls and {a for *_, a in calls} == {ATTEMPT_DRIFT}
    _consistent(calls)


def test_prove_reports_every_attempt_it_makes() -> None:
    """gating: the first attempt fails, the drift attempt bounds the latch."""
    calls, record = _recorder()
    result = prove(load_model("gating"), progress=record)  # type: ignore[arg-type]
    assert result.verdict.value == "bounded"
    attempts = [a for *_, a in calls]
    assert attempts[0] == ATTEMPT_BOXES and ATTEMPT_DRIFT in attempts
    assert attempts.index(ATTEMPT_DRIFT) > max(
        i for i, a in enumerate(attempts) if a == ATTEMPT_BOXES
    )


@pytest.mark.parametrize(
    ("attempt", "shown"),
    [
        (ATTEMPT_BOXES, "proving m: 64 boxes done of 100, frontier 36, 3 s"),
        (ATTEMPT_DRIFT, "proving m (drift attempt, a bounded horizon): 64 boxes done of 100"),
        (grid_attempt(10), "proving m (cover attempt, grid side 2^-10): 64 boxes done of 100"),
    ],
)
def test_the_bar_names_the_attempt(attempt: Attempt, shown: str) -> None:
    line = progress_line("proving m", 64, 100, 36, attempt, 3.2)
    assert line.startswith("\r") and line.endswith("\x1b[K")
    assert shown in line


def test_the_bar_writes_only_on_a_terminal_after_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    err = io.StringIO()
    monkeypatch.setattr(proving.sys, "stderr", err)
    bar = ProgressBar("proving m")
    assert not bar.enabled  # a StringIO is no terminal
    bar(64, 100, 36, grid_attempt(6))
    bar.enabled = True
    bar(64, 100, 36, grid_attempt(6))  # less than a second in: nothing yet
    assert err.getvalue() == ""
    bar.start -= 2
    bar(128, 200, 72, grid_attempt(6))
    assert "(cover attempt, grid side 2^-6): 128 boxes done of 200" in err.getvalue()
    bar.close()
    assert err.getvalue().endswith("\r\x1b[K")
