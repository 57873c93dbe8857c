"""Standalone LaTeX documents compile with pdflatex: every built-in model's equations,
the unit diagrams, and fuzzed text, symbol names and values. PDF output from the command
line, and a clear message when no engine is installed.

Skipped only when pdflatex is missing and the environment variable ``CI`` is unset.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.cli import main
from symlstm.cli.pdf import compile_pdf
from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.equations.names import timed
from symlstm.errors import RenderError
from symlstm.model import CELL_KINDS, builtin_names, load_model
from symlstm.render.diagram import UnitDiagram
from symlstm.render.document import escape_text, standalone, wrap
from symlstm.render.latex import align
from symlstm.render.notation import NOTATIONS
from symlstm.render.printers import latex as expr_latex

if shutil.which("pdflatex") is None and not os.environ.get("CI"):
    pytest.skip("pdflatex is not installed (and CI is unset)", allow_module_level=True)


def pdf_text(pdf: bytes, directory: Path) -> str:
    """The text of a PDF, by poppler's pdftotext (an independent reader)."""
    path = directory / "out.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return run.stdout


@pytest.mark.parametrize("model_name", builtin_names())
def test_standalone_equations_of_every_builtin_model_compile(
    model_name: str, tmp_path: Path
) -> None:
    model = load_model(model_name)
    forms = (
        general_equations(model.kind, model.name),
        substituted_equations(model),
        unrolled_equations(model, 3),
    )
    bodies = [standalone(f, NOTATIONS["course"]).split("\\begin{document}")[1] for f in forms]
    body = "\n".join(bodies)
    document = wrap(body.replace("\\end{document}", ""), model.name)
    pdf = compile_pdf(document)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert model.name in text
    assert "sigmoid" in text or model.kind.name == "rnn"


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_diagram_documents_compile(kind: str, tmp_path: Path) -> None:
    for notation in NOTATIONS.values():
        pdf = compile_pdf(standalone(UnitDiagram(CELL_KINDS[kind], weights=True), notation))
        text = pdf_text(pdf, tmp_path)
        assert "tanh" in text
        if kind == "lstm":
            gate = "sigmoid" if notation.name == "course" else "σ"
            assert text.count(gate) == 3, text


def test_same_source_same_pdf_bytes() -> None:
    source = standalone(substituted_equations(load_model("homework")), NOTATIONS["course"])
    assert compile_pdf(source) == compile_pdf(source)


def test_a_broken_document_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="Undefined control sequence"):
        compile_pdf(wrap("\\ext{sigmoid}"))
    with pytest.raises(RenderError, match="no pages"):
        compile_pdf(wrap(""))


@settings(max_examples=4, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=30, max_size=30))
def test_escaped_text_of_any_characters_compiles(samples: list[str]) -> None:
    body = "Samples:\n\n" + "\n\n".join(escape_text(s) for s in samples)
    assert compile_pdf(wrap(body, title=samples[0])).startswith(b"%PDF")


_NAMES = st.from_regex(r"[A-Za-z]{1,3}", fullmatch=True)
_TIMES = st.sampled_from(["t", "t-1", "0", "-1", "17"])
_VALUES = st.fractions(max_denominator=10**6).map(sympy.Rational)


@settings(max_examples=3, deadline=None)
@given(st.lists(st.tuples(_NAMES, _TIMES, _VALUES, _VALUES), min_size=12, max_size=12))
def test_fuzzed_symbols_and_values_compile(terms: list[tuple]) -> None:  # type: ignore[type-arg]
    rows = []
    for k, (base, time, weight, bias) in enumerate(terms):
        x = timed(base, time, 1 + k % 3 if k % 2 else None)
        expr = weight * sympy.tanh(weight * x + bias) + bias
        for notation in NOTATIONS.values():
            rows.append((expr_latex(x, notation), expr_latex(expr, notation)))
    assert compile_pdf(wrap(align(rows))).startswith(b"%PDF")


def test_equations_command_writes_a_pdf_chosen_by_suffix(tmp_path: Path) -> None:
    target = tmp_path / "eq.pdf"
    assert main(["equations", "--substituted", "-o", str(target)]) == 0
    text = pdf_text(target.read_bytes(), tmp_path)
    assert "sigmoid" in text and "100" in text


def test_a_format_that_contradicts_the_suffix_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "eq.pdf"
    assert main(["equations", "-f", "latex", "-o", str(target)]) == 2
    assert not target.exists()


def test_pdf_to_the_terminal_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["equations", "-f", "pdf"]) == 2
    assert "-o FILE.pdf" in capsys.readouterr().err


def test_without_an_engine_the_message_says_how_to_install_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    target = tmp_path / "eq.pdf"
    assert main(["equations", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "apt-get install texlive" in err
    assert not target.exists()


def test_diagram_command_pdf(tmp_path: Path) -> None:
    target = tmp_path / "unit.pdf"
    assert main(["diagram", "--cell", "gru", "-o", str(target)]) == 0
    assert "tanh" in pdf_text(target.read_bytes(), tmp_path)


def test_an_exclamation_mark_that_the_log_wraps_to_a_line_start_is_no_error() -> None:
    """Found by the fuzz test above: an overfull line's text is copied into the log wrapped
    at 79 columns, so a "!" of the text can start a log line, as TeX's errors do."""
    text = "<|\U00010000" + "00\x080\x1f0" + "\x1f" * 7 + "\U00010000" * 3 + "!"
    body = "Samples:\n\n" + escape_text(text)
    assert compile_pdf(wrap(body, title="x")).startswith(b"%PDF")
