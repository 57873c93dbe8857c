"""The Sphinx directive, built with Sphinx's own testing fixtures on small roots."""

from __future__ import annotations

import pytest
from docutils import nodes

from symlstm.equations import substituted_equations
from symlstm.model import load_model
from symlstm.render.latex import equation_rows
from symlstm.render.notation import COURSE


def _math_blocks(app, docname="index"):
    doctree = app.env.get_doctree(docname)
    return [node.astext() for node in doctree.findall(nodes.math_block)]


@pytest.mark.sphinx("html", testroot="basic")
def test_directive_emits_math_of_the_model(app, warning):
    app.build()
    assert warning.getvalue() == ""
    blocks = _math_blocks(app)
    assert len(blocks) == 4  # equations, substituted, saturated; the file model substituted
    rows = equation_rows(substituted_equations(load_model("homework")), COURSE)
    assert all(f"{lhs} &= {rhs}" in blocks[1] for lhs, rhs in rows)
    assert r"f_{t} &\approx 0" in blocks[2]
    assert r"c_{t} &\approx \tanh\left(- 100 h_{t-1} + 50 x_{t}\right)" in blocks[2]
    assert r"\tanh\left(- 100 s_{t-1} + 50 x_{t}\right)" in blocks[3]  # model file read
    html = (app.outdir / "index.html").read_text()
    assert "sigmoid" in html


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
    assert len(blocks) == 1
    assert r"g_{t} &= \operatorname{sigmoid}\left(100 x_{t} - 50\right)" in blocks[0]
