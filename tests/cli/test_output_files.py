"""Files tell the truth (issue 12): ``-o FILE`` honours the umask, its suffix agrees with
the format or the command exits 2 before writing, PDF and PNG are written where the suffix
asks, ``-o x.tex`` is a complete document that pdflatex compiles (``--fragment``: the
body), and figures are cropped (``standalone`` class), not A4 pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

needs_pdflatex = pytest.mark.skipif(
    (shutil.which("pdflatex") is None or shutil.which("pdftoppm") is None)
    and not os.environ.get("CI"),
    reason="pdflatex or pdftoppm is not installed (and CI is unset)",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def umask() -> object:
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_s_mode(
    tmp_path: Path, umask: object, mask: int, mode: int
) -> None:
    os.umask(mask)
    target = tmp_path / "eq.txt"
    assert run_cli(["equations", "-o", str(target)]).status == 0
    assert target.stat().st_mode & 0o777 == mode


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "eq.json"
    target.write_text("old")
    target.chmod(0o640)
    assert run_cli(["equations", "-o", str(target)]).status == 0
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text().startswith("{")


@pytest.mark.parametrize(
    "argv",
    [
        ["equations", "-o", "eq.docx"],
        ["solve", "-o", "s.png"],
        ["solve", "-f", "json", "-o", "s.txt"],
        ["report", "-o", "r.png"],
        ["diagram", "-f", "svg", "-o", "d.pdf"],
        ["gaps", "-f", "markdown", "-o", "g.html"],
        ["table", "-o", "t.xlsx"],
        ["prove", "-o", "cert.txt"],
        ["analyze", "--certificate", "cert.pdf"],
    ],
)
def test_a_suffix_that_disagrees_exits_2_before_writing(tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path / a) if "." in a and not a.startswith("-") else a for a in argv]
    result = run_cli(argv)
    assert result.status == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_suffix_chooses_the_format(tmp_path: Path) -> None:
    for name, start in [("s.json", "{"), ("s.md", "#"), ("s.html", "<!DOCTYPE html>")]:
        target = tmp_path / name
        assert run_cli(["solve", "-o", str(target)]).status == 0
        assert target.read_text().lstrip().startswith(start), name
    target = tmp_path / "t.dot"
    assert run_cli(["table", "-o", str(target)]).status == 0
    assert target.read_text().startswith("digraph")


def _pdflatex(source: Path) -> Path:
    """Compile with pdflatex directly (not through symlstm's own compile)."""
    finished = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", source.name],
        cwd=source.parent,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout.decode(errors="replace")[-2000:]
    return source.with_suffix(".pdf")


def _page_points(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    match = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info.stdout)
    assert match, info.stdout
    return float(match.group(1)), float(match.group(2))


@needs_pdflatex
@pytest.mark.parametrize(
    "argv",
    [
        ["report"],
        ["equations", "--substituted"],
        ["diagram"],
        ["diagram", "-f", "tikz"],
        ["solve"],
        ["gaps"],
        ["gates"],
        ["table"],
        ["explain"],
        ["analyze"],
    ],
)
def test_dash_o_tex_is_a_complete_document_that_compiles(tmp_path: Path, argv: list[str]) -> None:
    target = tmp_path / "x.tex"
    result = run_cli([*argv, "-o", str(target)])
    assert result.status == 0, result.stderr
    text = target.read_text()
    assert text.startswith("\\documentclass"), text[:200]
    assert _pdflatex(target).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("argv", [["report"], ["equations"], ["diagram"], ["solve"]])
def test_fragment_and_stdout_latex_are_bodies(tmp_path: Path, argv: list[str]) -> None:
    target = tmp_path / "x.tex"
    assert run_cli([*argv, "--fragment", "-o", str(target)]).status == 0
    body = target.read_text()
    assert "\\documentclass" not in body and "\\begin{document}" not in body
    stdout = run_cli([*argv, "-f", "tikz" if argv == ["diagram"] else "latex"]).stdout
    assert "\\documentclass" not in stdout
    assert stdout == body


@needs_pdflatex
@pytest.mark.parametrize(
    "argv",
    [["diagram"], ["equations"], ["equations", "--substituted"], ["diagram", "--cell", "gru"]],
)
def test_figures_are_cropped_pdf_and_png(tmp_path: Path, argv: list[str]) -> None:
    pdf = tmp_path / "f.pdf"
    assert run_cli([*argv, "-o", str(pdf)]).status == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    width, height = _page_points(pdf)
    assert (width, height) != (595.276, 841.89)
    assert height < 600  # a figure, not an A4 page (842 pt tall)
    tex = tmp_path / "f.tex"
    assert run_cli([*argv, "-o", str(tex)]).status == 0
    assert "{standalone}" in tex.read_text()
    assert _page_points(_pdflatex(tex)) == pytest.approx((width, height), abs=1)
    png = tmp_path / "f.png"
    assert run_cli([*argv, "-o", str(png)]).status == 0
    assert png.read_bytes().startswith(PNG_MAGIC)


@needs_pdflatex
def test_solve_writes_a_pdf_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "s.pdf"
    assert run_cli(["solve", "-o", str(target)]).status == 0
    assert target.read_bytes().startswith(b"%PDF")
