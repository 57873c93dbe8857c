"""Simplification under saturation: the course's worked solution, and sound ranges."""

from __future__ import annotations

import itertools

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.equations import names
from symlstm.equations.functions import sigmoid, tanh
from symlstm.equations.saturation import Saturation, saturated_form
from symlstm.model import load_model, model_from_toml

h_prev = names.timed("h", "t-1")
c_prev = names.timed("c", "t-1")
x = names.timed("x", "t")


def _rhs(form, name):
    return next(e.rhs for e in form.equations if e.name == name)


def test_homework_simplifies_as_the_course_does():
    # problems.md §2: f_t = sigmoid(-100) ≈ 0, i_t = sigmoid(100 x_t + 100) ≈ 1,
    # o_t = sigmoid(100 x_t), c_t ≈ tanh(-100 h_{t-1} + 50 x_t), h_t = o_t tanh(c_t)
    form = saturated_form(load_model("homework"))
    assert _rhs(form, "f") == 0
    assert _rhs(form, "i") == 1
    assert _rhs(form, "o") == sigmoid(100 * x)
    assert _rhs(form, "c") == tanh(-100 * h_prev + 50 * x)
    assert _rhs(form, "h") == names.timed("o", "t") * tanh(names.timed("c", "t"))


def test_output_gate_is_exactly_one_half_on_zero_and_does_not_saturate_overall():
    form = saturated_form(load_model("homework"))
    by_symbol = {r.symbol: r for r in form.ranges_of("o")}
    assert by_symbol[(0,)].saturation is Saturation.MIDDLE
    assert by_symbol[(0,)].value == sympy.S.Half
    assert by_symbol[(1,)].saturation is Saturation.HIGH
    # the candidate depends on h_{t-1}: not saturated over the whole range |h| ≤ 1
    assert {r.saturation for r in form.ranges_of("ctilde")} == {Saturation.NONE}


def test_changed_edition_saturates_the_candidate_on_one():
    form = saturated_form(load_model("homework-wch10"))
    by_symbol = {r.symbol: r for r in form.ranges_of("ctilde")}
    assert (by_symbol[(1,)].lower, by_symbol[(1,)].upper) == (40, 60)
    assert by_symbol[(1,)].saturation is Saturation.HIGH


def test_unsaturated_quiz_is_left_alone():
    form = saturated_form(load_model("calculations"))
    assert {r.saturation for r in form.ranges} == {Saturation.NONE}
    assert _rhs(form, "c") == names.timed("f", "t") * c_prev + names.timed("i", "t") * tanh(
        h_prev + x
    )


weights = st.integers(-60, 60)


@settings(max_examples=40, deadline=None)
@given(st.lists(weights, min_size=12, max_size=12), st.integers(-3, 3))
def test_ranges_enclose_every_reachable_preactivation(values, initial):
    names_ = ["W_fh", "W_fx", "b_f", "W_ih", "W_ix", "b_i", "W_oh", "W_ox", "b_o"]
    names_ += ["W_ch", "W_cx", "b_c"]
    params = "\n".join(f"{n} = {v}" for n, v in zip(names_, values, strict=True))
    model = model_from_toml(
        f'cell = "lstm"\nalphabet = [0, 1, -2]\n[params]\n{params}\n[initial]\nh = {initial}\n'
    )
    form = saturated_form(model)
    bound = max(1, abs(initial))
    for r in form.ranges:
        assert r.lower is not None and r.upper is not None
        # the range is exact: its ends are attained at h = ±bound, and every h between
        # gives a value inside it
        samples = [r.preactivation.subs(h_prev, sympy.Rational(k, 4) * bound) for k in range(-4, 5)]
        assert min(samples) == r.lower and max(samples) == r.upper
        lo_sig = sigmoid(r.lower).rewrite(sympy.exp)
        if r.saturation is Saturation.HIGH:
            assert r.lower >= form.threshold and sympy.N(1 - lo_sig, 30) < 1e-8
        if r.saturation is Saturation.LOW:
            assert r.upper <= -form.threshold


def test_vector_cell_ranges_use_every_component():
    model = model_from_toml(
        'cell = "gated"\nhidden = 2\ninputs = 2\n[params]\n'
        "W_gs = [[1, -2], [0, 0]]\nW_gx = [[30, 0], [0, -40]]\nb_g = [0, 0]\n"
        "W_ss = [[0, 0], [0, 0]]\nW_sx = [[1, 1], [1, 1]]\n"
    )
    form = saturated_form(model)
    for r in form.ranges_of("g", 0):
        x1, _ = r.symbol
        assert (r.lower, r.upper) == (30 * x1 - 3, 30 * x1 + 3)
    second = {r.symbol: r.saturation for r in form.ranges_of("g", 1)}
    expected = {
        s: (Saturation.LOW if s[1] == 1 else Saturation.MIDDLE)
        for s in itertools.product((0, 1), repeat=2)
    }
    assert second == expected


def test_approximations_are_marked_and_printed_as_such():
    from symlstm.equations import Relation
    from symlstm.render.printers import equation_latex, equation_text

    form = saturated_form(load_model("homework"))
    relation = {e.name: e.relation for e in form.equations}
    # f and i were replaced by their saturated values, and c through them: "≈";
    # o and h are written exactly as the unit defines them: "="
    assert relation == {
        "f": Relation.APPROX,
        "i": Relation.APPROX,
        "o": Relation.EQUAL,
        "c": Relation.APPROX,
        "h": Relation.EQUAL,
    }
    by_name = {e.name: e for e in form.equations}
    assert equation_text(by_name["f"]) == "fₜ ≈ 0"
    assert equation_latex(by_name["i"]) == ("i_{t}", r"\approx", "1")
    assert equation_text(by_name["o"]) == "oₜ = sigmoid(100 xₜ)"
