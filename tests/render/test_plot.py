"""``symlstm plot`` and :mod:`symlstm.render.plot`: the plotted series against an mpmath
run of the homework cell, the same bytes for the same trace, PNG/SVG/PDF by suffix, and
one clear line without matplotlib. Skipped when matplotlib is missing only if ``CI`` is
unset (it is in the ``test`` extra)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import mpmath
import pytest

from symlstm.cli import main, plot_command
from symlstm.equations import Role
from symlstm.model import load_model
from symlstm.numbers.trace import run_trace
from symlstm.render import plot as plot_module
from symlstm.render.plot import PlotFormat, plot_trace, trace_series

HAVE_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
needs_matplotlib = pytest.mark.skipif(
    not HAVE_MATPLOTLIB and not os.environ.get("CI"),
    reason="matplotlib is not installed (and CI is unset)",
)
WORD = (0, 0, 1, 1, 1, 0)
SIGNATURES = {PlotFormat.PNG: b"\x89PNG\r\n", PlotFormat.SVG: b"<?xml", PlotFormat.PDF: b"%PDF"}


def test_series_are_the_cell_values() -> None:
    series = {s.name: s for s in trace_series(run_trace(load_model("homework"), WORD, 20))}
    assert list(series) == ["f", "i", "o", "c̃", "c", "h"]
    assert series["h"].role is Role.STATE and series["f"].role is Role.GATE
    with mpmath.workdps(40):
        h = c = mpmath.mpf(0)
        for t, x in enumerate(WORD):
            c = 1 / (1 + mpmath.exp(100)) * c + 1 / (1 + mpmath.exp(-100 * x - 100)) * mpmath.tanh(
                -100 * h + 50 * x
            )
            h = 1 / (1 + mpmath.exp(-100 * x)) * mpmath.tanh(c)
            assert series["h"].values[t] == pytest.approx(float(h), abs=1e-15)
            assert series["c"].values[t] == pytest.approx(float(c), abs=1e-15)
    assert series["o"].values == (0.5, 0.5, 1.0, 1.0, 1.0, 0.5)


@needs_matplotlib
@pytest.mark.parametrize("fmt", list(PlotFormat))
def test_plot_bytes_are_deterministic(fmt: PlotFormat) -> None:
    trace = run_trace(load_model("homework"), WORD, 17)
    first = plot_trace(trace, fmt)
    assert first.startswith(SIGNATURES[fmt])
    assert first == plot_trace(trace, fmt)


@needs_matplotlib
def test_plot_command_writes_the_picture(tmp_path: Path) -> None:
    target = tmp_path / "trace.png"
    assert main(["plot", "--inputs", "0,0,1,1,1,0", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(SIGNATURES[PlotFormat.PNG])


def test_plot_command_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plot", "-o", str(tmp_path / "trace.gif")]) == 2
    assert "expected a .png, .svg or .pdf" in capsys.readouterr().err

    def missing(*args: object) -> bytes:
        raise ImportError("No module named 'matplotlib'")

    monkeypatch.setattr(plot_command, "plot_trace", missing)
    assert main(["plot", "-o", str(tmp_path / "trace.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and plot_module.MATPLOTLIB_HINT in err
    assert list(tmp_path.iterdir()) == []
