"""The worked solution as data (:mod:`symlstm.derivation`): the homework's derivation holds
every step of issue 5's list, with content checked against independent oracles (mpmath
at high precision, a plain Python simulation of the exact cell, the statements of
problems.md §2 evaluated directly on words); other models give sensible derivations."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import mpmath
import pytest
import sympy

from symlstm.analysis.explain import Relation
from symlstm.analysis.proof import Verdict
from symlstm.derivation import Derivation, QuestionWork, TermComparison, derive
from symlstm.equations import general_equations, names
from symlstm.equations.functions import sigmoid, tanh
from symlstm.model import Model, Question, builtin_names, load_model, model_from_toml
from symlstm.numbers.digits import ball_bounds
from symlstm.numbers.rounding import Verdict as ConventionVerdict

# problems.md §2 and §6, typed in from the course's text
COURSE_ANSWERS = {
    "LSTM states": ((0, 0, 1, 1, 1, 0), [0, 0, 1, -1, 1, 0]),
    "LSTM states 2": ((1, 1, 0, 1, 1), [1, -1, 0, 1, -1]),
}
SIGMOID_MINUS_100 = "3.7200759760208359629596958038631e-44"

x_t = names.timed("x", "t")
h_prev = names.timed("h", "t-1")


@cache
def homework() -> Derivation:
    return derive(load_model("homework"))


def prose_text(parts: Sequence[object]) -> str:
    return "".join(p if isinstance(p, str) else f"«{p}»" for p in parts)


def test_homework_has_every_step_in_order() -> None:
    assert homework().keys == (
        "general",
        "substituted",
        "saturation",
        "dominance",
        "question-1",
        "question-2",
        "table",
        "machine",
        "information",
    )


def test_general_equations_are_the_course_lstm() -> None:
    step = homework().step("general")
    assert step.symbolic == general_equations(load_model("homework").kind, "homework").equations
    assert [e.name for e in step.symbolic] == ["f", "i", "o", "c", "h"]


def test_substituted_weights_and_zero_terms_dropped() -> None:
    step = homework().step("substituted")
    values = {e.name: e.rhs for e in step.symbolic}
    assert values["W_ch"] == -100 and values["W_cx"] == 50 and values["b_f"] == -100
    rhs = {e.name: e.rhs for e in step.substituted}
    assert rhs["f"] == sigmoid(sympy.Integer(-100))
    assert rhs["o"] == sigmoid(100 * x_t)


def test_saturation_simplifications_and_exact_gaps() -> None:
    step = homework().step("saturation")
    rhs = {e.name: e.rhs for e in step.substituted}
    assert rhs["f"] == 0 and rhs["i"] == 1
    assert rhs["o"] == sigmoid(100 * x_t)  # does not saturate
    assert rhs["c"] == tanh(-100 * h_prev + 50 * x_t)
    text = prose_text(step.statement)
    # the gap of f_t ≈ 0, against mpmath at 60 digits and the course's constant
    with mpmath.workdps(60):
        oracle = mpmath.nstr(1 / (1 + mpmath.exp(100)), 30, strip_zeros=False)
    mantissa = oracle.split("e")[0]
    assert mantissa.startswith(SIGMOID_MINUS_100[:29])
    f_line = next(line for line in text.split("\n") if line.startswith("«f[t]»"))
    assert "≈ «0»" in f_line and mantissa in f_line
    o_line = next(line for line in text.split("\n") if line.startswith("«o[t]»"))
    assert "exactly «1/2»" in o_line and "does not saturate" in o_line
    assert "≈ «1» for every input" in next(
        line for line in text.split("\n") if line.startswith("«i[t]»")
    )


def test_dominance_is_derived_from_the_table() -> None:
    step = homework().step("dominance")
    comparison = step.result
    assert isinstance(comparison, TermComparison) and comparison.holds
    for row in comparison.rows:  # W^{c,h} h and W^{c,x} x + b_c, by hand
        assert row.recurrent == (-100 * row.state[0],)
        assert row.rest == (50 * row.symbol[0],)
    assert {r.state for r in comparison.rows} == {(0,), (1,), (-1,)}
    assert "overpowers" in prose_text(step.justification)
    assert "unless «h[t-1]» is 0" in prose_text(step.justification)


def test_dominance_fails_for_the_w_ch_minus_10_edition() -> None:
    derivation = derive(load_model("homework-wch10"))
    step = derivation.step("dominance")
    assert isinstance(step.result, TermComparison) and not step.result.holds
    assert "does not always overpower" in prose_text(step.justification)


def exact_h(word: Sequence[int], dps: int = 60) -> list[mpmath.mpf]:
    """The homework LSTM run by hand in mpmath (an oracle independent of symlstm)."""
    with mpmath.workdps(dps):
        sig = lambda z: 1 / (1 + mpmath.exp(-z))  # noqa: E731
        h = c = mpmath.mpf(0)
        out = []
        for x in word:
            f, i, o = sig(-100), sig(100 * x + 100), sig(100 * x)
            c = f * c + i * mpmath.tanh(-100 * h + 50 * x)
            h = o * mpmath.tanh(c)
            out.append(h)
        return out


@pytest.mark.parametrize("k", [1, 2])
def test_questions_answer_exact_values_and_course_answers(k: int) -> None:
    step = homework().step(f"question-{k}")
    work = step.result
    assert isinstance(work, QuestionWork)
    word, expected = COURSE_ANSWERS[work.question.title]
    assert tuple(int(x[0]) for x in work.question.inputs) == word
    assert work.result.flat_answer() == expected and work.matches is True
    assert work.result.convention.name == "saturate"
    assert work.result.verdict in (ConventionVerdict.AGREES, ConventionVerdict.AGREES_FRAGILE)
    assert "matches the course's answer" in prose_text(step.justification)
    # every exact h_t encloses the oracle's value
    oracle = exact_h(word)
    h_slot = [s.name for s in work.exact.slots].index("h")
    for row, value in zip(work.exact.exact_rows, oracle, strict=True):
        lower, upper = ball_bounds(row[h_slot])
        assert float(lower) - 1e-15 <= float(value) <= float(upper) + 1e-15
        assert upper - lower < 1e-20
    # the other conventions each give a verdict line
    assert sorted(o.convention.name for o in work.others) == ["exact", "nearest"]
    assert all(o.flat_answer() == expected for o in work.others)


def test_a_wrong_expected_answer_is_reported() -> None:
    model = load_model("homework")
    question = Question("wrong", model.questions[0].inputs, (0, 0, 0, 0, 0, 0))
    derivation = derive(model, questions=[question])
    step = derivation.step("question-1")
    assert isinstance(step.result, QuestionWork) and step.result.matches is False
    assert "does NOT match the course's answer" in prose_text(step.justification)


def test_table_machine_and_proof() -> None:
    table = homework().step("table").result
    machine_step = homework().step("machine")
    proof = machine_step.result
    assert proof.verdict is Verdict.PROVED and proof.machine.size == 3  # type: ignore[union-attr]
    assert table.states == ((0,), (1,), (-1,))  # type: ignore[union-attr]
    assert "equivalent to it" in prose_text(machine_step.justification)


# the four statements of problems.md §2, evaluated directly on a word
STATEMENTS = {
    "odd-zeros": lambda w: w.count(0) % 2 == 1,
    "odd-run-of-zeros": lambda w: _run(w, 0) % 2 == 1,
    "odd-ones": lambda w: w.count(1) % 2 == 1,
    "odd-run-of-ones": lambda w: _run(w, 1) % 2 == 1,
}


def _run(word: Sequence[int], symbol: int) -> int:
    n = 0
    for x in reversed(word):
        if x != symbol:
            break
        n += 1
    return n


def test_information_answer_and_counterexamples() -> None:
    step = homework().step("information")
    comparisons = [c for c in step.result.comparisons if c.course_statement]  # type: ignore[union-attr]
    assert [c.name for c in comparisons] == list(STATEMENTS)
    carried = [c.name for c in comparisons if c.relation is not Relation.NOT_CARRIED]
    assert carried == ["odd-run-of-ones"]
    for c in comparisons:
        if c.relation is Relation.NOT_CARRIED:
            assert c.witness is not None
            first = [k for k in c.witness.first]  # alphabet index = symbol for {0, 1}
            second = [k for k in c.witness.second]
            # the rounded exact h after both words is the same …
            h1, h2 = exact_h(first)[-1], exact_h(second)[-1]
            assert round(float(h1)) == round(float(h2))
            # … but the statement differs
            assert STATEMENTS[c.name](first) != STATEMENTS[c.name](second)
    text = prose_text(step.justification)
    assert text.count(": no. After the inputs") == 3
    assert "whether the number of consecutive ones is odd: yes" in text


GRU_FILE = """
cell = "gru"
name = "gru-test"
alphabet = [0, 1]
[params]
W_rh = 0
W_rx = 0
b_r = 100
W_zh = 0
W_zx = -100
b_z = 50
W_nh = -100
W_nx = 50
[[questions]]
title = "a word"
inputs = [1, 0, 1]
"""


VECTOR_LSTM_FILE = """
cell = "lstm"
hidden = 2
inputs = 2
name = "vector"
[params]
W_fh = [[0, 0], [0, 0]]
W_fx = [[0, 0], [0, 0]]
b_f = [-100, -100]
W_ih = [[0, 0], [0, 0]]
W_ix = [[100, 0], [0, 100]]
b_i = [100, 100]
W_oh = [[0, 0], [0, 0]]
W_ox = [[100, 0], [0, 100]]
W_ch = [[-100, 0], [0, -100]]
W_cx = [[50, 0], [0, 50]]
[[questions]]
title = "two components"
inputs = [[0, 1], [1, 1], [1, 0]]
"""
FILES = {"gru": GRU_FILE, "vector": VECTOR_LSTM_FILE}


def model_named(name: str) -> Model:
    return model_from_toml(FILES[name], f"{name}.toml") if name in FILES else load_model(name)


@pytest.mark.parametrize("name", [n for n in builtin_names() if n != "homework"] + list(FILES))
def test_other_models_give_a_sensible_derivation(name: str) -> None:
    model = model_named(name)
    derivation = derive(model)
    keys = derivation.keys
    assert keys[:2] == ("general", "substituted")
    assert "machine" in keys
    assert sum(k.startswith("question-") for k in keys) == len(model.questions)
    if model.kind.name == "gru":
        assert "dominance" not in keys  # its candidate is not affine
    for step in derivation.steps:
        assert step.title and step.statement
    if name == "vector":  # one saturation line per component of every gate
        text = prose_text(derivation.step("saturation").statement)
        assert "«f[t][1]»" in text and "«f[t][2]»" in text
        work = derivation.step("question-1").result
        assert isinstance(work, QuestionWork)
        assert work.result.flat_answer() == [[0, 1], [1, -1], [-1, 0]]
