"""The worked solution rendered (:mod:`symlstm.render.report`): golden files (compared in
``test_latex_golden.py``), identical bytes under any PYTHONHASHSEED, the standalone LaTeX
compiled with pdflatex for every built-in model (in CI a missing engine fails the test),
and what each format must hold.

Regenerate the golden files after an intended change of output, and review them::

    python -m tests.regenerate_golden
    git diff tests/golden
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from golden_cases import CASES, GOLDEN_DIR, REPORT_FORMATS, homework_derivation

from symlstm.cli.pdf import compile_pdf
from symlstm.derivation import derive
from symlstm.model import builtin_names, load_model, model_from_toml
from symlstm.render import NOTATIONS, render
from symlstm.render.document import standalone

ROOT = Path(__file__).resolve().parents[2]
HAVE_PDFLATEX = shutil.which("pdflatex") is not None
needs_pdflatex = pytest.mark.skipif(
    not HAVE_PDFLATEX and not os.environ.get("CI"),
    reason="pdflatex is not installed (and CI is unset)",
)

HASH_SCRIPT = """
import hashlib, json
from symlstm.derivation import derive
from symlstm.model import load_model
from symlstm.render import render
d = derive(load_model("homework"))
print(json.dumps({f: hashlib.sha256(render(d, f).encode()).hexdigest()
                  for f in ("text", "markdown", "latex", "html", "json", "beamer")}))
"""


def test_every_report_golden_file_is_listed() -> None:
    on_disk = {p.name for p in GOLDEN_DIR.glob("report-*")}
    assert on_disk == {name for name in CASES if name.startswith("report-")}
    assert len(on_disk) == len(REPORT_FORMATS)


def test_identical_output_under_any_hash_seed() -> None:
    expected = {
        fmt: hashlib.sha256((GOLDEN_DIR / f"report-homework.{suffix}").read_bytes()).hexdigest()
        for suffix, fmt in REPORT_FORMATS.items()
    }
    for seed in ("0", "4242"):
        run = subprocess.run(
            [sys.executable, "-c", HASH_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        assert json.loads(run.stdout) == expected, f"PYTHONHASHSEED={seed}"


def test_json_holds_every_step_with_its_result() -> None:
    data = json.loads(render(homework_derivation(), "json"))
    assert list(data) == ["title", "model", "cell", "notation", "sections"]
    results = {s["key"]: s["result"]["type"] if "result" in s else None for s in data["sections"]}
    assert results == {
        "general": None,
        "substituted": None,
        "saturation": "GapReport",
        "dominance": "TermComparison",
        "question-1": "QuestionWork",
        "question-2": "QuestionWork",
        "table": "TransitionTable",
        "machine": "ProofResult",
        "information": "Explanation",
    }
    q1 = next(s for s in data["sections"] if s["key"] == "question-1")["result"]["data"]
    assert q1["answer"] == [0, 0, 1, -1, 1, 0] and q1["matches_expected"] is True
    assert q1["expected"] == [0, 0, 1, -1, 1, 0]


def test_latex_has_the_pictures_and_booktabs_tables() -> None:
    latex = render(homework_derivation(), "latex")
    assert latex.count(r"\begin{tikzpicture}") == 2  # the unit and the machine
    assert r"\toprule" in latex and r"\begin{align*}" in latex
    assert "matches the course's answer" in latex


def test_html_is_offline_and_has_the_diagram() -> None:
    page = render(homework_derivation(), "html")
    assert "<script" not in page and "<svg" in page and "<math" in page
    assert "http://" not in page.replace("http://www.w3.org/", "")
    assert "https://" not in page
    assert page.count("<section") == len(homework_derivation().steps)


def test_markdown_math_and_notation() -> None:
    course = render(homework_derivation(), "markdown")
    pytorch = render(homework_derivation(), "markdown", NOTATIONS["pytorch"])
    assert "W^{c,h}" in course and "W^{c,h}" not in pytorch
    assert course.startswith("# Worked solution: homework")


def _compile(model_name: str, tmp_path: Path) -> str:
    model = load_model(model_name)
    derivation = homework_derivation() if model_name == "homework" else derive(model)
    pdf = compile_pdf(standalone(derivation, NOTATIONS["course"], derivation.title))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(run.stdout.split()).replace("\u2019", "'")  # one line, straight quotes


@needs_pdflatex
@pytest.mark.parametrize("model_name", builtin_names())
def test_standalone_report_compiles(model_name: str, tmp_path: Path) -> None:
    text = _compile(model_name, tmp_path)
    assert "Worked solution" in text and "The machine and its proof" in text
    if model_name == "homework":
        assert text.count("matches the course's answer") == 2
        assert "whether the number of consecutive ones is odd: yes" in text


VECTOR_GATED = """
cell = "gated"
hidden = 2
inputs = 2
name = "vector_gated"
[params]
W_gs = [[1, -2], [0, 0]]
W_gx = [[30, 0], [0, -40]]
W_ss = [[0, 0], [0, 0]]
W_sx = [[1, 1], [1, 1]]
[[questions]]
title = "a word"
inputs = [[1, 0], [0, 1]]
"""


@needs_pdflatex
def test_standalone_report_of_a_vector_cell_compiles(tmp_path: Path) -> None:
    derivation = derive(model_from_toml(VECTOR_GATED, "vector.toml"))
    for fmt in ("text", "markdown", "html", "json"):
        assert render(derivation, fmt)
    pdf = compile_pdf(standalone(derivation, NOTATIONS["pytorch"], derivation.title))
    assert pdf.startswith(b"%PDF")


def test_report_show_work_adds_a_section_and_rejects_a_bad_step() -> None:
    from cli_runner import run_cli

    done = run_cli(["report", "--show-work", "2"])
    assert done.status == 0, done.stderr
    section = done.stdout.split("10. Step t = 2 worked by hand", 1)[1]
    # step 2 of [0, 0, 1, 1, 1, 0]: x_t = 1, the three forms of f_t
    assert "(xₜ = 1)" in section
    assert "fₜ = sigmoid(Wᶠʰ hₜ₋₁ + Wᶠˣ xₜ + b_f) = sigmoid(0·0 + 0·1 + (-100))" in section
    for bad in ("6", "-1", "two"):
        failed = run_cli(["report", "--show-work", bad])
        assert failed.status == 2 and "--show-work" in failed.stderr, bad
        assert "Traceback" not in failed.stderr


def test_report_as_beamer_on_stdout_is_a_whole_document() -> None:
    from cli_runner import run_cli

    done = run_cli(["report", "--format", "beamer"])
    assert done.status == 0, done.stderr
    assert done.stdout.startswith(r"\documentclass[11pt,aspectratio=169]{beamer}")
    assert done.stdout.rstrip().endswith(r"\end{document}")


def test_the_gap_column_is_described_as_what_it_holds() -> None:
    """The detail table's gap is the distance from the nearer saturation value (tanh(0) = 0
    used as 0 has gap 1): the caption once called it "the certified gap between them"
    (exact value and value used), false for every unsaturated row."""
    from symlstm.analysis.table import transition_table

    table = transition_table(load_model("homework"))
    exact_rows = [a for row in table.rows for a in row.activations if not a.saturated]
    assert any(a.exact == a.used and a.gap != "0" for a in exact_rows)
    text = render(derive(load_model("homework")), "text")
    assert "gap between them" not in text
    assert "distance of the exact value from the nearer saturation value" in text
