"""The Sphinx directive, built with Sphinx's own testing fixtures on small roots."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from docutils import nodes

from symlstm.equations import substituted_equations
from symlstm.model import load_model
from symlstm.render.latex import equation_rows
from symlstm.render.notation import COURSE


def _doctree(app):
    return app.env.get_doctree("index")


def _math_blocks(app):
    return [node.astext() for node in _doctree(app).findall(nodes.math_block)]


def _tables(app):
    result = []
    for table in _doctree(app).findall(nodes.table):
        rows = [
            [entry.astext() for entry in row.findall(nodes.entry)]
            for row in table.findall(nodes.row)
        ]
        result.append(rows)
    return result


@pytest.mark.sphinx("html", testroot="basic")
def test_directive_emits_the_worked_solution(app, warning):
    app.build()
    assert warning.getvalue() == ""
    blocks = _math_blocks(app)
    substituted = equation_rows(substituted_equations(load_model("homework")), COURSE)
    assert any(
        all(f"{lhs} &{rel} {rhs}" in block for lhs, rel, rhs in substituted) for block in blocks
    )
    assert any(
        r"f_{t} &\approx 0" in b
        and r"c_{t} &\approx \tanh\left(- 100 h_{t-1} + 50 x_{t}\right)" in b
        for b in blocks
    )
    assert any(r"\tanh\left(- 100 s_{t-1} + 50 x_{t}\right)" in b for b in blocks)  # file model

    tables = _tables(app)
    # the per-step table under saturate: header, then one row per input, answer column
    # headers are math (c̃ is \tilde{c}, never the name "ctilde")
    headers = [cell for t in tables for cell in t[0]]
    assert r"\tilde{c}_{t}" in headers and not any("ctilde" in h for h in headers)
    trace = next(t for t in tables if t[0][:2] == ["t", "x_{t}"] and "exact h_{t}" in t[0])
    rounded = [row[trace[0].index("round(h_{t})")] for row in trace[1:]]
    assert rounded == ["0", "0", "1", "-1", "1", "0"]  # problems.md §2, "LSTM states"
    machine = next(t for t in tables if t[0][:2] == ["state", "output"])
    assert len(machine) == 1 + 3  # the minimal machine has 3 states
    assert sorted(row[1] for row in machine[1:]) == ["-1", "0", "1"]

    carried = {
        row[0]: row[1] for t in tables if t[0][:2] == ["property", "carried"] for row in t[1:]
    }
    assert carried["whether the number of consecutive ones is odd (odd-run-of-ones)"] == "yes"
    assert carried["whether the total number of ones is odd (odd-ones)"] == "no"
    text = _doctree(app).astext()
    # :show: work, :step: 2 of [0, 0, 1, 1, 1, 0]: the symbols, the numbers put in, the value
    assert "Step t = 2 worked by hand" in text
    assert any(r"\operatorname{sigmoid}(0 \cdot 0 + 0 \cdot 1 + (-100))" in b for b in blocks)
    raw = {node["format"]: node.astext() for node in _doctree(app).findall(nodes.raw)}
    assert "<svg" in raw["html"] and "tikzpicture" in raw["latex"]
    html = (app.outdir / "index.html").read_text()
    assert html.count("<svg") >= 2  # the unit diagram and the machine drawn by Graphviz


@pytest.mark.sphinx("html", testroot="bad")
def test_bad_input_becomes_warnings_with_locations(app, warning):
    app.build()
    text = warning.getvalue()
    assert "index.rst:4: WARNING: symlstm: no-such-model: no such built-in model" in text
    assert 'index.rst:6: ERROR: Error in "symlstm" directive' in text
    assert "unknown item 'nonsense'" in text
    assert "sideways" in text
    assert "broken.toml: params.W_fh: expected a number, got the boolean true" in text
    assert "Traceback" not in text


@pytest.mark.sphinx("html", testroot="myst")
def test_myst_markdown_uses_the_same_directive(app, warning):
    app.build()
    assert warning.getvalue() == ""
    blocks = _math_blocks(app)
    assert any(r"g_{t} &= \operatorname{sigmoid}\left(100 x_{t} - 50\right)" in b for b in blocks)


@pytest.mark.sphinx("latex", testroot="latex")
def test_latex_builder_output_compiles(app, warning):
    app.build()
    assert warning.getvalue() == ""
    tex = next(app.outdir.glob("*.tex"))
    source = tex.read_text()
    assert "tikzpicture" in source and "sigmoid" in source
    engine = shutil.which("pdflatex")
    if engine is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing in CI: .ci/run must install it")
        pytest.skip("pdflatex is not installed")
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (app.outdir / tex.with_suffix(".pdf").name).stat().st_size > 10_000


@pytest.mark.sphinx("html", testroot="basic")
def test_prose_in_sphinx_sets_h_t_as_math_and_real_minus_signs(app, warning):
    """The model's description printed "whose h_t tracks" with a literal underscore and
    ranges as "[-100, 100]" with hyphens, beside real minus signs elsewhere on the page."""
    app.build()
    text = _doctree(app).astext()
    assert "whose h_t" not in text and "h_t rounded" not in text
    assert "whose h_{t} tracks" in text  # the math node's LaTeX
    assert "[-100, 100]" not in text and "[\u2212100, 100]" in text
