"""The homework LSTM (problems.md §2) in the substituted and unrolled forms.

The substituted form must read as the course's worked solution writes it (zero terms
dropped); the unrolled h_0 … h_5, evaluated with mpmath at 50 digits, must agree with a
step-by-step evaluation written here from the parameter table, for both homework questions.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import mpmath
import pytest
import sympy

from symlstm.equations import (
    EquationSet,
    substituted_equations,
    unrolled_equations,
)
from symlstm.equations import sigmoid as symlstm_sigmoid
from symlstm.equations import tanh as symlstm_tanh
from symlstm.model import load_model
from symlstm.render import render

DPS = 50
QUESTIONS = {
    "LSTM states": ([0, 0, 1, 1, 1, 0], [0, 0, 1, -1, 1, 0]),
    "LSTM states 2": ([1, 1, 0, 1, 1], [1, -1, 0, 1, -1]),
}


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


def test_substituted_text_is_the_course_solution() -> None:
    text = render(substituted_equations(load_model("homework")), "text")
    assert text.splitlines()[2:] == [
        "  fₜ = sigmoid(-100)",
        "  iₜ = sigmoid(100 xₜ + 100)",
        "  oₜ = sigmoid(100 xₜ)",
        "  cₜ = fₜ cₜ₋₁ + iₜ tanh(-100 hₜ₋₁ + 50 xₜ)",
        "  hₜ = oₜ tanh(cₜ)",
    ]


def test_substituted_expressions_drop_zero_terms() -> None:
    equations = {e.name: e.rhs for e in substituted_equations(load_model("homework")).equations}
    x, h, c = sym("x[t]"), sym("h[t-1]"), sym("c[t-1]")
    assert equations["f"] == symlstm_sigmoid(-100)
    assert equations["i"] == symlstm_sigmoid(100 * x + 100)
    assert equations["o"] == symlstm_sigmoid(100 * x)
    assert equations["c"] == sym("f[t]") * c + sym("i[t]") * symlstm_tanh(-100 * h + 50 * x)
    assert equations["h"] == sym("o[t]") * symlstm_tanh(sym("c[t]"))


# ---------------------------------------------------------------- numeric check of unrolling


def evaluate(expr: sympy.Expr, env: Mapping[sympy.Symbol, Any]) -> Any:
    """A small evaluator written for this test: numbers, symbols, +, ×, powers,
    sigmoid and tanh, in mpmath at the working precision."""
    if isinstance(expr, sympy.Symbol):
        return env[expr]
    if isinstance(expr, sympy.Rational):
        return mpmath.mpf(expr.p) / expr.q
    if isinstance(expr, sympy.Add):
        return mpmath.fsum(evaluate(a, env) for a in expr.args)
    if isinstance(expr, sympy.Mul):
        return mpmath.fprod(evaluate(a, env) for a in expr.args)
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        return evaluate(expr.base, env) ** int(expr.exp)
    if isinstance(expr, symlstm_sigmoid):
        return 1 / (1 + mpmath.exp(-evaluate(expr.args[0], env)))
    if isinstance(expr, sympy.tanh):
        return mpmath.tanh(evaluate(expr.args[0], env))
    raise TypeError(f"cannot evaluate {expr!r}")


def evaluate_set(equations: EquationSet, inputs: Sequence[int]) -> dict[str, Any]:
    """Every left-hand side of an unrolled set, by name (``h[3]``), for given inputs."""
    env: dict[sympy.Symbol, Any] = {sym(f"x[{t}]"): mpmath.mpf(v) for t, v in enumerate(inputs)}
    for e in equations.shared + equations.equations:
        env[e.lhs] = evaluate(e.rhs, env)
    return {symbol.name: value for symbol, value in env.items()}


def step_by_step(inputs: Sequence[int]) -> list[Any]:
    """The homework LSTM, one step at a time, from the table of problems.md §2."""

    def sigmoid(z: Any) -> Any:
        return 1 / (1 + mpmath.exp(-z))

    h, c = mpmath.mpf(0), mpmath.mpf(0)
    hs = []
    for x in inputs:
        f = sigmoid(0 * h + 0 * x - 100)
        i = sigmoid(0 * h + 100 * x + 100)
        o = sigmoid(0 * h + 100 * x + 0)
        c = f * c + i * mpmath.tanh(-100 * h + 50 * x + 0)
        h = o * mpmath.tanh(c)
        hs.append(h)
    return hs


@pytest.mark.parametrize("title", sorted(QUESTIONS))
def test_unrolled_values_agree_with_step_by_step(title: str) -> None:
    inputs, answer = QUESTIONS[title]
    model = load_model("homework")
    unrolled = unrolled_equations(model, len(inputs))
    with mpmath.workdps(DPS):
        values = evaluate_set(unrolled, inputs)
        expected = step_by_step(inputs)
        tanh1 = mpmath.tanh(1)
        for t, h in enumerate(expected):
            assert abs(values[f"h[{t}]"] - h) <= mpmath.mpf(10) ** (-DPS + 5)
            # the course's answer, and the exact values problems.md states: ±tanh 1 after a
            # one, ±tanh(1)/2 (≈ 0.3808) after a zero that follows a one, 0 otherwise
            assert int(mpmath.nint(h)) == answer[t]
            magnitude = abs(h)
            assert (
                min(abs(magnitude - m) for m in (tanh1, tanh1 / 2, mpmath.mpf(0)))
                < mpmath.mpf(10) ** -8
            )
    assert [e.lhs.name for e in unrolled.equations][-1] == f"h[{len(inputs) - 1}]"


def test_unrolled_answers_round_to_the_course_answers() -> None:
    model = load_model("homework")
    with mpmath.workdps(DPS):
        for inputs, answer in QUESTIONS.values():
            values = evaluate_set(unrolled_equations(model, len(inputs)), inputs)
            rounded = [int(mpmath.nint(values[f"h[{t}]"])) for t in range(len(inputs))]
            assert rounded == answer
        # h_2 of the first question is tanh(tanh 50)·sigmoid(100) ≈ 0.7616 (problems.md)
        values = evaluate_set(unrolled_equations(model, 3), [0, 0, 1])
        assert mpmath.nstr(values["h[2]"], 4) == "0.7616"


def test_unrolled_six_steps_builds_quickly_over_real_symbols() -> None:
    model = load_model("homework")
    start = time.perf_counter()
    unrolled = unrolled_equations(model, 6)
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, f"unrolling 6 steps took {elapsed:.2f} s"
    symbols = set().union(*(e.rhs.free_symbols for e in unrolled.shared + unrolled.equations))
    inputs = {s for s in symbols if s.name.startswith("x[")}
    assert inputs == {sym(f"x[{t}]") for t in range(6)}
    assert all(s.is_real for s in symbols)
    # expressions of x_0 … x_5 alone: no state, weight or gate symbol is left
    assert all(s in inputs or s.name.startswith("u_") for s in symbols)


def test_unrolling_is_not_exponential() -> None:
    """The unrolled tree doubles every step; building it must not walk the tree (an
    assumption query such as ``is_zero`` on a tanh argument once made 12 steps take 13 s)."""
    from sympy.core.cache import clear_cache

    clear_cache()
    start = time.perf_counter()
    unrolled = unrolled_equations(load_model("homework"), 24)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"unrolling 24 steps took {elapsed:.2f} s"
    assert unrolled.equations[-1].lhs == sym("h[23]")
