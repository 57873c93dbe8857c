"""Documents of a model with a weight of -1e5000: every format is written (no traceback, no
5001-digit number TeX cannot set), exact arguments are printed as the model file writes them,
and the gap of sigmoid(-1e5000) from 0 agrees with mpmath (it was 0 ± 10^-9811342…)."""

from __future__ import annotations

import re
from pathlib import Path

import mpmath
import pytest

from symlstm.cli import main

HOMEWORK = Path(__file__).resolve().parents[2] / "symlstm" / "model" / "examples" / "homework.toml"


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = re.sub(r"(?m)^b_f = .*$", "b_f = -1e5000", HOMEWORK.read_text())
    path = tmp_path_factory.mktemp("huge") / "m.toml"
    path.write_text(text)
    return path


def _log10_sigmoid() -> str:
    with mpmath.workdps(40):
        return mpmath.nstr(-(mpmath.mpf(10) ** 5000) / mpmath.log(10), 20)


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "html", "json", "beamer"])
def test_every_format_of_a_huge_weight(
    huge: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(huge), "-f", fmt]) == 0
    out = capsys.readouterr().out
    assert "0" * 400 not in out  # the exact 10^5000 is never written out
    if fmt in ("latex", "beamer"):
        assert "10^{5000}" in out


def test_the_gap_from_zero_is_the_value_itself(
    huge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(huge)]) == 0
    out = capsys.readouterr().out
    assert "sigmoid(-1e5000)" in out and "e^{1e5000}" in out
    # log10 sigmoid(-10^5000) = -10^5000 / ln 10 (to far more digits than shown)
    expected = mpmath.mpf(_log10_sigmoid().partition("e")[0])
    gaps = re.findall(r"10\^\((-[0-9.]+)e\+4999\)", out)
    assert len(gaps) > 3, out
    for gap in gaps:  # each a correct rounding of the mantissa to the digits shown
        decimals = len(gap.partition(".")[2])
        assert abs(mpmath.mpf(gap) - expected) <= mpmath.mpf(10) ** -decimals / 2
    assert "±10^(" not in out  # no enclosure around 0 for an exact argument


def test_the_gaps_command_agrees(huge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", str(huge)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "gap from 0" in x)
    assert "±" not in line and "0e-" not in line
    assert re.search(r"10\^\(-4\.342944819032518276\d*e\+4999\)", line)
