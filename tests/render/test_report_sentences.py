"""Sentences a textbook author would not print, found in the 2-unit GRU's report (issue
12's first model): a verdict's reason starting in lower case after a period, a reason code
(``max-widenings``) in prose, the proof's reason printed twice, one heading sentence
repeated for each component of the state, and the components listed h_2 before h_1."""

from __future__ import annotations

import dataclasses

import pytest
from issue_models import GRU2

from symlstm.derivation import DEFAULT_BUDGET, derive
from symlstm.model import model_from_mapping
from symlstm.render import render


def _text() -> str:
    # the unknown verdict's sentences: its breadth-first search would bound the machine
    # deep enough to say so, which this budget does not take; at 16 widenings a box is
    # widened too often (with the default 64 its growth ends at a rounding boundary first)
    budget = dataclasses.replace(DEFAULT_BUDGET, min_horizon=10**6, max_widenings=16)
    return render(derive(model_from_mapping(GRU2, "<gru2>"), budget=budget), "text")


def test_no_sentence_starts_in_lower_case_after_a_period() -> None:
    text = _text()
    assert "Verdict: unknown. A box was widened" in text
    assert ". a " not in text


def test_the_reason_a_proof_stopped_is_words_and_said_once() -> None:
    text = _text()
    assert "max-widenings" not in text
    assert "Stopped:" not in text  # the reason says what stopped the proof, once
    assert (
        text.count("a box was widened more than 16 times")
        + text.count("A box was widened more than 16 times")
        == 1
    )


def test_each_component_of_a_vector_state_names_itself() -> None:
    text = _text()
    assert text.count("As a function of") == 0
    assert "hₜ,₁ as a function of hₜ₋₁ and xₜ" in text
    assert "hₜ,₂ as a function of hₜ₋₁ and xₜ" in text
    # the proof's growth samples: components in order, named as the document names them,
    # each sample a time and a number (the LaTeX set "t=0: -1.9e-22" as one number), its
    # digits certified (1.00000: within 10^-5 of 1, not 1)
    assert text.index("  - hₜ,₁: t = 0: ") < text.index(
        "  - hₜ,₂: t = 0: -1.00000, t = 16: 1.00000"
    )


def test_ascii_h_t_in_prose_is_typeset_in_every_format() -> None:
    """The homework's description ("whose h_t tracks…") and the saturate convention's
    ("h_t rounded and carried") were printed with a literal underscore in text, Markdown
    and HTML (LaTeX set them as math)."""
    import re

    from symlstm.model import load_model

    derivation = derive(load_model("homework"))
    text = render(derivation, "text")
    assert "h_t" not in text
    assert "whose hₜ tracks" in text
    markdown = render(derivation, "markdown")
    assert "whose h_t" not in markdown and "whose $h_{t}$ tracks" in markdown
    html = render(derivation, "html")
    visible = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    visible = re.sub(r"<[^>]+>", "", visible)
    assert "h_t" not in visible
    assert "\u201cLSTM states\u201d" in visible  # curly quotes, as in the PDF
    assert "Model \u2018homework\u2019:" in visible  # it closed with a straight quote
    assert "The unit\u2019s equations" in visible


def test_the_carried_section_says_which_properties_were_asked() -> None:
    """Section 9 announced its table of all ten built-in properties as "The statements
    asked about:", then numbered only the four the question asks."""
    from symlstm.model import load_model

    text = render(derive(load_model("homework")), "text")
    section = text[text.index("What the state h carries") :]
    asked = [line for line in section.splitlines() if line[:1] == "(" and line[1:2].isdigit()]
    rows = [line for line in section.splitlines() if line.startswith("  whether ")]
    assert len(rows) > len(asked) == 4
    assert "The statements asked about:" not in section
    assert "then, numbered, the statements the question asks about:" in section
    assert "So, of the statements asked about, hₜ carries" in section


def test_step_tables_speak_words_and_write_states_one_way() -> None:
    """Flags were program codes (``unsaturated-used-as-saturated``), ties ``to-zero``; a
    vector state was ``(0, -1)`` in one column and ``[0, -1]`` in the next."""
    from symlstm.model import load_model

    text = render(derive(load_model("homework")), "text")
    assert "unsaturated-used-as-saturated" not in text and "near-threshold" not in text
    assert "tie; unsaturated used as saturated; argument near the threshold" in text
    assert "ties to-zero" not in text and "ties to zero" in text
    gru = _text()
    assert "[0, -1]" not in gru
    assert "(0, -1)  (0, -1)" in gru


def test_a_worked_step_never_writes_equals_for_a_saturated_value() -> None:
    """``sigmoid(-100) = 0`` and ``1 ⊙ tanh(1) = 1`` are false in arithmetic: the values
    are the saturate rule's. The inner tanh(1) of h_t had no remark at all, though it is
    the very place a student's hand-computed 0.76 differs."""
    from cli_runner import run_cli

    done = run_cli(["solve", "--show-work", "2"])
    assert done.status == 0, done.stderr
    text = done.stdout
    assert "sigmoid(-100) ≈ 0" in text and "sigmoid(-100) = 0" not in text
    assert "1 ⊙ tanh(1) ≈ 1" in text
    assert "tanh(1) with |z| ≥ 1: the saturate rule uses 1 for it" in text
    assert "by ≈ 0.2384058440" in text
    # an unsaturated value keeps its "="
    assert "0.5 ⊙ tanh(0) = 0" in run_cli(["solve", "--show-work", "0"]).stdout


def test_components_are_listed_in_numeric_order() -> None:
    """The 10-unit shift register's gaps said "Used by zᶠₜ,₁₀, zᶠₜ,₁, zᶠₜ,₂, …"."""
    from bench_prove import shift_register

    text = render(derive(shift_register(10)), "text")
    assert "Used by zᶠₜ,₁, zᶠₜ,₂," in text
    assert "zᶠₜ,₉, zᶠₜ,₁₀ (table)" in text


def test_no_prose_column_of_a_latex_table_is_squeezed() -> None:
    """The 10-unit machine's long evidence left the property column 1.5 cm wide, a word a
    line; a prose column keeps what it needs up to 4 cm, and the table keeps its width."""
    import re

    from bench_prove import shift_register

    from symlstm.render.writers.latex import LatexWriter

    latex = render(derive(shift_register(10)), "latex")
    start = latex.index("property & carried & evidence")
    spec = latex[latex.rindex("\\begin{tabular}", 0, start) : start]
    widths = [float(w) for w in re.findall(r"p\{([\d.]+)cm\}", spec)]
    assert widths[0] >= 4.0
    assert abs(sum(widths) - LatexWriter.words_cm) < 0.2


@pytest.mark.parametrize(
    "parts",
    [
        ("the time budget of 1 s ran out",),
        ("the time budget of 1 s ran out.",),
        ("more than 100 boxes", "; the failing box is reached"),
    ],
)
def test_a_clause_becomes_one_sentence_whatever_its_parts(parts: tuple[str, ...]) -> None:
    from symlstm.render import tree
    from symlstm.render.build import sentence

    out = sentence(tuple(tree.Text(p) for p in parts))
    text = "".join(t.text for t in out if isinstance(t, tree.Text))
    assert text[0].isupper() and text.endswith(".") and not text.endswith("..")
    assert text.lower().rstrip(".") == "".join(parts).lower().rstrip(".")


@pytest.mark.parametrize(("length", "shown"), [(1, "(1 input)"), (2, "(2 inputs)")])
def test_a_refuting_word_counts_its_inputs_in_good_english(length: int, shown: str) -> None:
    """'Along the inputs 0 (1 inputs) the claim fails' was printed for a one-symbol word."""
    from symlstm.analysis import MooreMachine, prove
    from symlstm.model import load_model

    model = load_model("homework")
    proved = prove(model).machine
    assert proved is not None
    # the proved machine with the output of a state first reached after `length` inputs
    # changed: the first difference is a word of that length
    distance = {proved.initial: 0}
    frontier = [proved.initial]
    while frontier:
        reached = []
        for q in frontier:
            for t in proved.transitions[q]:
                if t not in distance:
                    distance[t] = distance[q] + 1
                    reached.append(t)
        frontier = reached
    state = next(q for q, d in sorted(distance.items()) if d == length)
    wrong = tuple(
        tuple(v + 1 for v in out) if q == state else out for q, out in enumerate(proved.outputs)
    )
    claim = MooreMachine(proved.states, proved.initial, proved.alphabet, proved.transitions, wrong)
    text = render(prove(model, claim=claim), "text")
    assert f"{shown} the claim fails." in text
