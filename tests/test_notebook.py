"""Notebook display: models, equations and diagrams through IPython's own formatters, and
the :class:`Display` wrapper for front ends that call ``_repr_*_`` methods."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

import symlstm
from symlstm.equations import general_equations, substituted_equations
from symlstm.model import CELL_KINDS, load_model
from symlstm.notebook import Display, register, register_formatters, show
from symlstm.render.diagram import UnitDiagram

try:
    from IPython.core.formatters import DisplayFormatter
except ImportError:  # pragma: no cover - IPython is a test extra
    if os.environ.get("CI"):
        raise
    DisplayFormatter = None


def test_model_shows_its_diagram_equations_and_a_readable_line() -> None:
    model = load_model("homework")
    shown = show(model)
    assert repr(shown).startswith("<symlstm Model 'homework': LSTM, hidden 1, inputs 1>")
    svg = shown._repr_svg_()
    assert svg is not None
    ET.fromstring(svg)
    latex = shown._repr_latex_()
    assert latex is not None and latex.startswith("$$") and latex.endswith("$$")
    assert r"f_{t} &= \operatorname{sigmoid}\left(-100\right)" in latex
    html = shown._repr_html_()
    assert html is not None and "<svg" in html and "<math" in html and "<script" not in html


def test_equations_show_as_display_math() -> None:
    shown = show(general_equations(CELL_KINDS["gated"]))
    latex = shown._repr_latex_()
    assert latex is not None
    assert latex.count("&=") == 2  # g_t and s_t
    assert r"\odot" in latex
    assert shown._repr_svg_() is None  # no picture for equations
    assert "sigmoid" in repr(shown)


def test_unknown_values_keep_their_own_repr() -> None:
    shown = Display(42)
    assert repr(shown) == "42" and shown._repr_html_() is None


def test_public_api_exports_show() -> None:
    assert symlstm.show is show


def test_register_without_ipython_shell_is_a_no_op() -> None:
    assert register(object()) is False  # an object without display formatters


@pytest.mark.skipif(DisplayFormatter is None, reason="IPython is not installed (CI unset)")
def test_ipython_formatters_show_models_and_equations() -> None:
    assert DisplayFormatter is not None
    formatter = DisplayFormatter()
    register_formatters(formatter)
    model = load_model("homework")
    data, _ = formatter.format(model)
    assert set(data) >= {"text/plain", "text/html", "text/latex", "image/svg+xml"}
    assert data["text/plain"].startswith("<symlstm Model 'homework'")
    data, _ = formatter.format(substituted_equations(model))
    assert data["text/latex"].startswith("$$")
    assert "image/svg+xml" not in data
    data, _ = formatter.format(UnitDiagram(CELL_KINDS["gru"]))
    assert "<svg" in data["image/svg+xml"]


@pytest.mark.skipif(DisplayFormatter is None, reason="IPython is not installed (CI unset)")
def test_load_ipython_extension_registers_on_the_shell() -> None:
    from symlstm.notebook import load_ipython_extension

    class Shell:
        display_formatter = DisplayFormatter() if DisplayFormatter else None

    shell = Shell()
    load_ipython_extension(shell)
    data, _ = shell.display_formatter.format(load_model("gating"))  # type: ignore[union-attr]
    assert "text/html" in data


def test_machines_show_as_a_graphviz_picture() -> None:
    import shutil

    import sympy

    from symlstm.analysis.automaton import MooreMachine

    machine = MooreMachine(
        states=("q0", "q1"),
        initial=0,
        alphabet=((sympy.Integer(0),), (sympy.Integer(1),)),
        transitions=((0, 1), (1, 0)),
        outputs=((0,), (1,)),
    )
    shown = show(machine)
    assert repr(shown) == "<symlstm MooreMachine of 2 states (q0, q1); initial q0>"
    if shutil.which("dot") is None and not os.environ.get("CI"):
        pytest.skip("Graphviz dot is not installed (and CI is unset)")
    svg = shown._repr_svg_()
    assert svg is not None and svg.count('class="node"') == 3  # two states, the start


def test_a_worked_solution_shows_itself_as_html_from_the_tree() -> None:
    from symlstm.derivation import derive
    from symlstm.model import load_model
    from symlstm.notebook import formats_of

    shown = formats_of(derive(load_model("homework")))
    html = shown["text/html"]
    assert html.startswith('<section id="general">') and "<math" in html and "<svg" in html
    assert "<pre>" not in html  # the tree's HTML, not a text dump


def test_proofs_show_their_reason_and_document_with_no_command_line() -> None:
    """A proof, an analysis, an explanation and a table show in a notebook as the document
    every face prints (HTML) and a one-line summary with the reason's one phrasing."""
    from symlstm.analysis.explain import explain
    from symlstm.analysis.proof import Budget, prove
    from symlstm.analysis.table import transition_table
    from symlstm.model import read_model_file
    from symlstm.notebook import formats_of
    from symlstm.render.reasons import reason_text

    proof = prove(load_model("homework"))
    shown = formats_of(proof)
    assert shown["text/plain"] == (
        "<symlstm proof of homework: proved; 6 boxes closed under one exact step; "
        "minimal machine of 3 states>"
    )
    assert "<table" in shown["text/html"] and "Verdict" in shown["text/html"]
    assert proof.machine is not None
    assert "text/html" in formats_of(explain(proof.machine, "homework"))
    assert "text/html" in formats_of(transition_table(load_model("homework")))
    from pathlib import Path

    trained = Path(__file__).resolve().parents[1] / "bench" / "trained" / "runparity-h2.toml"
    unknown = prove(read_model_file(trained), budget=Budget(max_seconds=20))
    shown = formats_of(unknown)
    said = reason_text(unknown.reason, unknown.alphabet, len(unknown.word or ()))
    assert said in shown["text/plain"]
    for text in shown.values():
        assert "--inputs" not in text and "symlstm solve" not in text
