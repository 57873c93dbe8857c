"""Prose in LaTeX (issue 12): real minus signs, opening quotes, h_t as math, and no
special character passed through raw (a verdict used to escape only underscores)."""

from __future__ import annotations

from symlstm.derivation import derive
from symlstm.model import load_model
from symlstm.render import render
from symlstm.render.latex_escape import escape_text


def test_minus_quotes_and_subscripts() -> None:
    assert escape_text("tanh → -1 for z ≤ -1") == (
        r"tanh \ensuremath{\to} \ensuremath{-}1 for z \ensuremath{\le} \ensuremath{-}1"
    )
    assert escape_text("Question 'LSTM states'") == "Question `LSTM states'"
    assert escape_text("h_t rounded; h_(t-1) = 0") == (
        r"\ensuremath{h_{t}} rounded; \ensuremath{h_{t-1}} = 0"
    )
    # hyphens inside words and names stay hyphens; other underscores are escaped
    assert escape_text("shift-10 and homework-wch10, a_b") == r"shift-10 and homework-wch10, a\_b"


def test_the_report_prose_has_no_ascii_minus_before_a_number() -> None:
    latex = render(derive(load_model("homework")), "latex")
    prose = [
        line
        for line in latex.splitlines()
        if line.startswith(("Question", "Verdict", "Saturation rule"))
    ]
    assert prose
    for line in prose:
        assert " -1" not in line and "[-" not in line and "h_t " not in line, line


def test_no_heading_is_left_alone_at_the_foot_of_a_page() -> None:
    lines = render(derive(load_model("homework")), "latex").splitlines()
    headings = [k for k, line in enumerate(lines) if line.startswith("\\subsection*")]
    assert headings
    for k in headings:
        assert "\\needspace{" in lines[k - 1], lines[k - 1]


def test_a_long_counterexample_word_may_break_between_inputs() -> None:
    import dataclasses

    from symlstm.analysis.proof import Verdict, prove

    proved = prove(load_model("homework"))
    word = tuple(k % 2 for k in range(200))
    refuted = dataclasses.replace(
        proved,
        verdict=Verdict.REFUTED,
        machine=None,
        word=word,
    )
    latex = render(refuted, "latex")
    (line,) = [x for x in latex.splitlines() if x.startswith("Along the inputs")]
    assert line.count("\\allowbreak") == len(word) - 1
    html = render(refuted, "html")
    assert html.count(",<wbr>") == len(word) - 1
