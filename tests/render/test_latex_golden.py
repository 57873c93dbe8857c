"""LaTeX (and the other formats) of the equations: exact strings and golden documents.

Whole documents are compared with the golden files in ``tests/golden/`` (listed in
``tests/render/golden_cases.py``). After an intended change of output, regenerate them
from the checkout's root and review the difference::

    python -m tests.regenerate_golden
    git diff tests/golden

The lines typed in below are not golden: they are the course's notation written by hand.
"""

from __future__ import annotations

import json

import pytest
from golden_cases import CASES, GOLDEN_DIR

from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.model import CELL_KINDS, builtin_names, load_model
from symlstm.render import FORMATS, NOTATIONS, render
from symlstm.render.notation import PYTORCH


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_document(name: str) -> None:
    path = GOLDEN_DIR / name
    assert path.exists(), f"{path} is missing; run `python -m tests.regenerate_golden`"
    expected = path.read_text(encoding="utf-8")
    assert CASES[name]() == expected, (
        f"{name} differs from its golden file; if the change is intended, run "
        "`python -m tests.regenerate_golden` and review `git diff tests/golden`"
    )


def test_no_stale_golden_files() -> None:
    stale = {
        p.name for pattern in ("equations-*", "command-*") for p in GOLDEN_DIR.glob(pattern)
    } - set(CASES)
    assert not stale


def body(latex: str) -> list[str]:
    """The rows of the align* block, without the comment and the environment."""
    lines = latex.splitlines()
    assert lines[1] == r"\begin{align*}" and lines[-1] == r"\end{align*}"
    return [line.strip().removesuffix(r" \\") for line in lines[2:-1]]


def test_general_lstm_latex_in_the_course_notation() -> None:
    latex = render(general_equations(CELL_KINDS["lstm"], "homework"), "latex")
    assert latex.splitlines()[0] == "% homework: LSTM equations, general"
    assert body(latex) == [
        r"f_{t} &= \operatorname{sigmoid}\left(W^{f,h} h_{t-1} + W^{f,x} x_{t} + b_{f}\right)",
        r"i_{t} &= \operatorname{sigmoid}\left(W^{i,h} h_{t-1} + W^{i,x} x_{t} + b_{i}\right)",
        r"o_{t} &= \operatorname{sigmoid}\left(W^{o,h} h_{t-1} + W^{o,x} x_{t} + b_{o}\right)",
        r"c_{t} &= f_{t} \odot c_{t-1} + i_{t} \odot "
        r"\tanh\left(W^{c,h} h_{t-1} + W^{c,x} x_{t} + b_{c}\right)",
        r"h_{t} &= o_{t} \odot \tanh\left(c_{t}\right)",
    ]


def test_general_gated_and_rnn_latex() -> None:
    gated = render(general_equations(CELL_KINDS["gated"]), "latex")
    assert body(gated) == [
        r"g_{t} &= \operatorname{sigmoid}\left(W^{g,s} s_{t-1} + W^{g,x} x_{t} + b_{g}\right)",
        r"s_{t} &= \left(1 - g_{t}\right) \odot s_{t-1} + g_{t} \odot "
        r"\tanh\left(W^{s,s} s_{t-1} + W^{s,x} x_{t} + b_{s}\right)",
    ]
    rnn = render(general_equations(CELL_KINDS["rnn"]), "latex")
    assert body(rnn) == [r"s_{t} &= \tanh\left(W^{s,s} s_{t-1} + W^{s,x} x_{t} + b_{s}\right)"]


def test_general_gru_latex_follows_pytorch_order() -> None:
    gru = render(general_equations(CELL_KINDS["gru"]), "latex")
    assert body(gru)[2] == (
        r"h_{t} &= \left(1 - z_{t}\right) \odot \tanh\left(W^{n,x} x_{t} + b_{n} + "
        r"r_{t} \odot \left(W^{n,h} h_{t-1} + b_{nh}\right)\right) + z_{t} \odot h_{t-1}"
    )


def test_substituted_homework_latex() -> None:
    latex = render(substituted_equations(load_model("homework")), "latex")
    assert body(latex) == [
        r"f_{t} &= \operatorname{sigmoid}\left(-100\right)",
        r"i_{t} &= \operatorname{sigmoid}\left(100 x_{t} + 100\right)",
        r"o_{t} &= \operatorname{sigmoid}\left(100 x_{t}\right)",
        r"c_{t} &= f_{t} c_{t-1} + i_{t} \tanh\left(- 100 h_{t-1} + 50 x_{t}\right)",
        r"h_{t} &= o_{t} \tanh\left(c_{t}\right)",
    ]


def test_unrolled_homework_latex_one_step() -> None:
    """One step from h_{-1} = c_{-1} = 0: c_0 = sigmoid(100 x_0 + 100) tanh(50 x_0)."""
    latex = render(unrolled_equations(load_model("homework"), 1), "latex")
    assert latex.splitlines()[0] == "% homework: LSTM equations, unrolled, 1 steps"
    assert body(latex) == [
        r"u_{1} &= 100 x_{0}",
        r"u_{2} &= \operatorname{sigmoid}\left(u_{1} + 100\right) \tanh\left(50 x_{0}\right)",
        r"c_{0} &= u_{2}",
        r"h_{0} &= \operatorname{sigmoid}\left(u_{1}\right) \tanh\left(u_{2}\right)",
    ]


def test_pytorch_notation() -> None:
    lstm = general_equations(CELL_KINDS["lstm"])
    latex = render(lstm, "latex", PYTORCH)
    assert body(latex)[0] == r"f_{t} &= \sigma\left(W_{hf} h_{t-1} + W_{xf} x_{t} + b_{f}\right)"
    assert body(latex)[3] == (
        r"c_{t} &= f_{t} \circ c_{t-1} + i_{t} \circ "
        r"\tanh\left(W_{hc} h_{t-1} + W_{xc} x_{t} + b_{c}\right)"
    )
    text = render(lstm, "text", PYTORCH)
    assert "  fₜ = σ(W_hf hₜ₋₁ + W_xf xₜ + b_f)" in text.splitlines()
    assert r"\odot" not in latex and "sigmoid" not in latex + text
    assert set(NOTATIONS) >= {"course", "pytorch"}


def test_text_uses_unicode_course_notation() -> None:
    text = render(general_equations(CELL_KINDS["lstm"]), "text")
    assert "  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ tanh(Wᶜʰ hₜ₋₁ + Wᶜˣ xₜ + b_c)" in text.splitlines()


@pytest.mark.parametrize("model_name", builtin_names())
def test_json_is_valid(model_name: str) -> None:
    model = load_model(model_name)
    data = json.loads(render(substituted_equations(model), "json"))
    assert (data["model"], data["cell"], data["form"]) == (
        model_name,
        model.kind.name,
        "substituted",
    )
    assert [e["name"] for e in data["equations"]] == [*model.kind.gates, *model.kind.states]


def test_json_of_the_homework() -> None:
    data = json.loads(render(substituted_equations(load_model("homework")), "json"))
    first = data["equations"][0]
    assert first["latex"] == r"f_{t} = \operatorname{sigmoid}\left(-100\right)"
    assert (first["lhs"], first["rhs"], first["role"]) == ("fₜ", "sigmoid(-100)", "gate")


def test_every_format_is_registered() -> None:
    assert set(FORMATS) >= {"text", "latex", "markdown", "json"}
