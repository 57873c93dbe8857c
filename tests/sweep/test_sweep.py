"""Sweeps: the boundaries found by bisection checked against the independent oracle on every
short word; grid labels checked the same way; the command's table, JSON and plot."""

from __future__ import annotations

import concurrent.futures
import json
from fractions import Fraction
from functools import cache
from pathlib import Path

import oracle
from cli_runner import run_cli

from symlstm.analysis import Verdict, distinguishing_word
from symlstm.analysis.explain import LIBRARY
from symlstm.exports.sweeps import sweep_text
from symlstm.model import load_model
from symlstm.variants.sweep import Point, sweep_grid, sweep_scale
from symlstm.variants.templates import apply_params, parse_vary

HOMEWORK = load_model("homework")
WORDS = [w for n in range(1, 7) for w in oracle.all_words((0, 1), n)]


@cache
def _outputs(model: object, word: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(o[0] for o in oracle.outputs(model, [(v,) for v in word], 60))


def test_scale_boundary_of_the_homework() -> None:
    result = sweep_scale(HOMEWORK, Fraction(1, 1000), Fraction(2), steps=6)
    b = result.machine
    assert b.at_high and b.holds is not None and b.fails is not None
    assert b.fails < b.holds and b.holds - b.fails <= (Fraction(2) - Fraction(1, 1000)) / 8 / 2**6
    assert result.reference is not None
    points = {p.params[0][1]: p for p in result.points}
    # at the boundary and above every judged point proves the reference machine ...
    for factor, point in points.items():
        if factor >= b.holds:
            assert point.machine is not None
            assert distinguishing_word(point.machine, result.reference) is None
    # ... which the oracle confirms on every short word at the boundary itself
    at = apply_params(HOMEWORK, (("scale", b.holds),))
    for word in WORDS:
        assert [o[0] for o in result.reference.output_trace(word)] == list(_outputs(at, word))
    # and below it the proof does not go through (not a proof of the same machine)
    below = points[b.fails]
    assert below.proof is not Verdict.PROVED or (
        below.machine is not None and distinguishing_word(below.machine, result.reference)
    )
    # the table's boundary: every point judged from it to HI has an exact table
    t = result.table
    assert t.holds is not None
    assert all(p.table is Verdict.PROVED for f, p in points.items() if f >= t.holds)


def test_grid_labels_name_equal_machines() -> None:
    templates, _ = parse_vary(HOMEWORK, ["W_ch=-100:-20:40", "b_o=-1:2:3"])
    grid = sweep_grid(HOMEWORK, templates)
    assert len(grid.points) == 3 * 2
    by_label: dict[str, list[tuple[int, ...]]] = {}
    for point in grid.points:
        assert point.machine is not None
        model = apply_params(HOMEWORK, point.params)
        trace = [_outputs(model, w)[-1] for w in WORDS]
        assert trace == [point.machine.output_trace(w)[-1][0] for w in WORDS]
        by_label.setdefault(point.label, trace)
        assert by_label[point.label] == trace
    assert len(by_label) == len(grid.machines) > 1


def test_sweep_command_table_json_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "grid.png"
    run = run_cli(["sweep", "--vary", "W_ch=-100,-60", "--plot", str(plot)])
    assert run.status == 0, run.stderr
    assert "W_ch" in run.stdout and "M1" in run.stdout
    assert plot.read_bytes().startswith(b"\x89PNG")
    data = json.loads(run_cli(["sweep", "--vary", "W_ch=-100,-60", "-f", "json"]).stdout)
    assert [p["params"]["W_ch"] for p in data["points"]] == ["-100", "-60"]
    assert set(data["machines"]) == {p["machine"] for p in data["points"]}
    scale = run_cli(["sweep", "--scale", "1/2:2", "--steps", "2", "-f", "json"])
    assert scale.status == 0, scale.stderr
    assert json.loads(scale.stdout)["boundaries"]["machine"]["at_high"] is True


def test_sweep_bad_input() -> None:
    for args, message in [
        ([], "--scale: give either"),
        (["--scale", "2:1"], "--scale: expected 0 < LO < HI"),
        (["--scale", "1"], "--scale: expected LO:HI"),
        (["--vary", "W_ch=1,2", "--plot", "x.gif"], "--plot: expected a .png"),
        (["--vary", "inputs=3"], "--vary: inputs= is for variants"),
    ]:
        run = run_cli(["sweep", *args])
        assert run.status == 2 and message in run.stderr, (args, run.stderr)


class _Synthetic(concurrent.futures.Executor):
    """Judges a factor by a known rule instead of the prover: the machine is proved from
    1/4 up, the table exact up to 3/2 (so both directions of a boundary are exercised)."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        (job,) = args
        factor = job.params[0][1]
        machine = LIBRARY[0].machine if factor >= Fraction(1, 4) else None
        table = Verdict.PROVED if factor <= Fraction(3, 2) else Verdict.REFUTED
        proof = Verdict.PROVED if machine else Verdict.UNKNOWN
        future: concurrent.futures.Future[Point] = concurrent.futures.Future()
        future.set_result(Point(job.params, proof, machine, table))
        return future


def test_bisection_finds_both_kinds_of_boundary() -> None:
    low, high, steps = Fraction(1, 100), Fraction(4), 8
    result = sweep_scale(HOMEWORK, low, high, steps, _Synthetic())
    resolution = (high - low) / 8 / 2**steps
    m, t = result.machine, result.table
    assert (
        m.fails is not None and m.holds is not None and t.fails is not None and t.holds is not None
    )
    assert m.fails < Fraction(1, 4) <= m.holds and m.holds - m.fails <= resolution
    assert t.holds <= Fraction(3, 2) < t.fails and t.fails - t.holds <= resolution
    text = sweep_text(result)
    assert "table: the saturated table is exact up to" in text
    assert "machine: the machine is proved from" in text
