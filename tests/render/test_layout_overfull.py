"""Nothing runs off a page or a slide: the report's Beamer slides once overflowed at the
bottom of five frames (chains with fractions and a table of wrapped prose counted as
short), which pdflatex reports as an overfull \\vbox; the article's step tables ran 3 cm
into the right margin (overfull \\hbox)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symlstm.cli import main

needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex is not installed (and CI is unset)",
)


def _log(tmp_path: Path, arguments: list[str]) -> str:
    tex = tmp_path / "doc.tex"
    assert main([*arguments, "-o", str(tex)]) == 0
    subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=120,
    )
    return (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")


@needs_pdflatex
def test_no_beamer_frame_of_the_report_overflows(tmp_path: Path) -> None:
    log = _log(tmp_path, ["report", "--format", "beamer"])
    assert re.findall(r"Overfull \\vbox \([^)]*\) detected at line \d+", log) == []


def _overfull_points(log: str) -> list[float]:
    return [float(p) for p in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]


@needs_pdflatex
def test_nothing_in_the_report_runs_into_the_margin(tmp_path: Path) -> None:
    log = _log(tmp_path, ["report"])
    assert [p for p in _overfull_points(log) if p > 2.0] == []


@needs_pdflatex
def test_a_sentence_announcing_a_table_shares_its_page(tmp_path: Path) -> None:
    """The transition table's "Every activation of every row: …:" was left at the foot of
    page 7, its table on page 8."""
    pdf = tmp_path / "report.pdf"
    assert main(["report", "-o", str(pdf)]) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    (page,) = [p for p in pages if "Every activation of every row" in p]
    after = page[page.index("Every activation of every row") :]
    assert "margin" in after.split("threshold):", 1)[1]
