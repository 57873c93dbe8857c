"""Budgets: a runaway cell ends with ``unknown`` within ``--max-seconds`` (+ slack)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from robust_lib import run_cli

SLACK = 1.5  # seconds over the budget: start-up of the command, rendering

COUNTER = """cell = "lstm"
alphabet = [0, 1]
[params]
W_fh = 0
W_fx = 0
W_ih = 0
W_oh = 0
W_ox = 0
W_ch = 0
W_cx = 0
b_f = 100
W_ix = 100
b_i = -50
b_o = 100
b_c = 100
"""
# a slowly leaking latch: follows "last 1 seen" for ~e^6 steps, then drifts
LEAKY = """cell = "gated"
alphabet = [0, 1]
[params]
W_gs = 0
W_ss = 0
W_gx = 12
b_g = -6
W_sx = 100
"""
# found by the soundness bench (random cell 7): a 3-unit gated RNN whose saturated table's
# SymPy Piecewise took 7-14 s to build inside `analyze -f json` whatever --max-seconds said
GATED3 = """name = "random-7"
cell = "gated"
hidden = 3
inputs = 1
alphabet = [0, 1]
[params]
W_gs = [[0, 2, "-13/3"], [0, "-10/3", -11], ["40/3", "10/3", -5]]
W_gx = [[0], [0], [0]]
b_g = ["-17/3", "-16/9", 0]
W_ss = [["32/3", "23/11", "19/11"], ["-9/7", -3, "27/11"], ["17/9", "-31/3", "-19/9"]]
W_sx = [[0], ["-35/3"], ["11/3"]]
b_s = ["4/11", 6, "-6/11"]
[initial]
s = [0, 1, 0.5]
"""


@pytest.mark.parametrize(
    ("text", "verdict", "status"),
    [(COUNTER, "unknown|bounded", 3), (LEAKY, "bounded", 4)],
    ids=["counter", "leaky"],
)
@pytest.mark.parametrize("command", ["prove", "analyze"])
@pytest.mark.parametrize("seconds", [0.5, 3])
def test_runaway_cell_ends_within_budget(
    text: str, verdict: str, status: int, command: str, seconds: float, tmp_path: Path
) -> None:
    """A counter never closes (unknown, or bounded by the depth its breadth-first search
    reached within the budget); a leaking latch holds for a bounded horizon."""
    path = tmp_path / "cell.toml"
    path.write_text(text)
    args = [command, str(path), "-f", "json", "--max-seconds", str(seconds)]
    run = run_cli([*args, "--max-states", "10000000"])
    data = json.loads(run.stdout)
    assert data["verdict"] in verdict.split("|"), run.stderr
    assert run.status == (4 if data["verdict"] == "bounded" else status), run.stderr
    assert run.seconds <= seconds + SLACK, f"{run.seconds:.1f} s for --max-seconds {seconds}"


def test_state_budget_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "cell.toml"
    path.write_text(COUNTER)
    run = run_cli(["prove", str(path), "-f", "json", "--max-states", "5", "--max-seconds", "60"])
    data = json.loads(run.stdout)
    assert data["verdict"] == "unknown"
    assert data["boxes"] <= 5 + 1
    assert run.seconds < 5


def test_analyze_json_of_a_three_unit_cell_honours_its_budget(tmp_path: Path) -> None:
    path = tmp_path / "cell.toml"
    path.write_text(GATED3)
    run = run_cli(["analyze", str(path), "-f", "json", "--max-seconds", "1"])
    assert run.status in (0, 1, 3), run.stderr
    assert run.seconds <= 1 + SLACK, f"{run.seconds:.1f} s"


def test_the_budget_counts_from_the_start_of_the_command() -> None:
    """Reading the options imports every command (SymPy among them): a few tenths of a
    second that the user's clock counts. ``limits`` counts the budget from the command's
    start (at most half of it spent before), the alarm's message still names the budget."""
    import argparse
    import time

    from symlstm.cli.common import _ALARM_SECONDS, limits

    args = argparse.Namespace(max_seconds="4")
    before = time.monotonic()
    with limits(args, started=before - 1.0):
        left = args.deadline.remaining()
        assert _ALARM_SECONDS[0] == 4.0 and args.deadline.seconds == 4.0
    assert 2.5 < left <= 3.0 + (time.monotonic() - before)
    with limits(args, started=before - 100.0):  # never more than half of it
        assert 1.5 < args.deadline.remaining() <= 2.0
    with limits(args):
        assert 3.5 < args.deadline.remaining() <= 4.0


@pytest.mark.parametrize(
    ("command", "fmt"), [("analyze", "json"), ("prove", "json"), ("prove", "text")]
)
def test_a_prover_stopped_by_the_backstop_alarm_still_answers_unknown(
    command: str, fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seen in the soundness bench on a loaded machine: a starved process passed its
    deadline by more than the alarm's grace inside the prover, and the command printed no
    answer. The alarm (real, here: the prover sleeps through it) now ends the proof with
    ``unknown`` (the time ran out) and the command answers with exit status 3."""
    import json
    import time

    import symlstm.cli.proving as proving
    from symlstm.cli import main

    def starved(*args: object, **kwargs: object) -> None:
        time.sleep(30)

    monkeypatch.setattr(proving, "prove", starved)
    started = time.monotonic()
    status = main([command, "homework", "-f", fmt, "--max-seconds", "0.5"])
    assert time.monotonic() - started < 10
    out = capsys.readouterr().out
    assert status == 3
    if fmt == "json":
        data = json.loads(out)
        assert data["verdict"] == "unknown"
        reason = data["proof"]["reason"] if command == "analyze" else data["reason"]
        assert reason == {"code": "time", "limit": 0.5}
    else:
        # (a one-part reason lost its capital letter in sentence(): found here)
        assert "Verdict: unknown. The time budget of 0.5 s ran out." in out
