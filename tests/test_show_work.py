"""``solve --show-work T`` (issue 12, item 8): each equation of step T in symbols, then
with every number substituted, then certified, the saturation rule applied visibly. The
substituted form is checked by evaluating it independently (mpmath at 60 digits) from its
own numbers, never from rendered text."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import pytest
import sympy

from symlstm.derivation import show_work
from symlstm.equations.functions import Hadamard, sigmoid, tanh
from symlstm.model import load_model
from symlstm.numbers.rounding import CONVENTIONS
from tests.cli_runner import run_cli

WORD = [(Fraction(v),) for v in (0, 0, 1, 1, 1, 0)]


def _evaluate(expr: sympy.Basic, numbers: dict[Any, Any]) -> Any:
    """The substituted form, evaluated from its own numbers (no SymPy simplification)."""
    if expr in numbers:
        return numbers[expr]
    if isinstance(expr, sympy.Number):
        return mpmath.mpf(sympy.Rational(expr).p) / sympy.Rational(expr).q
    if isinstance(expr, sigmoid):
        return 1 / (1 + mpmath.exp(-_evaluate(expr.args[0], numbers)))
    if isinstance(expr, tanh):
        return mpmath.tanh(_evaluate(expr.args[0], numbers))
    if isinstance(expr, sympy.Add):
        return sum(_evaluate(a, numbers) for a in expr.args)
    if isinstance(expr, (sympy.Mul, Hadamard)):
        product = mpmath.mpf(1)
        for a in expr.args:
            product *= _evaluate(a, numbers)
        return product
    raise AssertionError(f"unexpected {expr!r}")


@pytest.mark.parametrize("model_name", ["homework", "calculations", "gating", "rnn"])
@pytest.mark.parametrize("t", [0, 3, 5])
def test_the_substituted_numbers_give_the_certified_value(model_name: str, t: int) -> None:
    model = load_model(model_name)
    word = WORD if model_name != "calculations" else [(Fraction(5),)] * 6
    work = show_work(model, CONVENTIONS["exact"], word, t, 30)
    assert work.lines
    with mpmath.workdps(60):
        for w in work.lines:
            numbers: dict[Any, Any] = {s: mpmath.mpf(text) for s, text in w.values}
            numbers.update({s: mpmath.mpf(v.p) / v.q for s, v in w.weights})
            got = _evaluate(w.numbers, numbers)
            # the substituted values are certified to 10 digits: agreement to ~8
            assert abs(got - mpmath.mpf(w.value)) <= 1e-8 * max(1, abs(got)), (w.quantity, got)
            assert w.saturation is None  # nothing is saturated under "exact"
            # every parameter and every quantity the equation reads is given a number
            assert w.numbers.free_symbols <= set(numbers), w.numbers.free_symbols - set(numbers)


def test_the_saturation_rule_is_applied_visibly() -> None:
    work = show_work(load_model("homework"), CONVENTIONS["saturate"], WORD, 5, 30)
    by_name = {str(w.quantity): w for w in work.lines}
    f = by_name["f[t]"]
    assert f.value == "0" and f.relation == "="
    assert f.saturation is not None and "uses 0" in f.saturation
    assert "3.720075976e-44" in f.saturation  # sigmoid(-100), without cancellation
    assert by_name["o[t]"].saturation is None  # sigmoid(0) = 1/2 is not saturated
    assert by_name["h[t]"].value == "-0.5"


def test_solve_show_work_prints_three_forms() -> None:
    result = run_cli(["solve", "--show-work", "3"])
    assert result.status == 0, result.stderr
    text = result.stdout
    assert "fₜ = sigmoid(Wᶠʰ hₜ₋₁ + Wᶠˣ xₜ + b_f)" in text
    assert "= sigmoid(0·1 + 0·1 + (-100))" in text
    assert "= sigmoid(-100)" in text
    assert "saturated, |z| ≥ 1: the saturate rule uses 0" in text
    bad = run_cli(["solve", "--show-work", "9"])
    assert bad.status == 2 and "0 to 5" in bad.stderr


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_solve_show_work_in_every_document_format(fmt: str) -> None:
    # the worked step is a document tree: every format that prints a tree prints it
    result = run_cli(["solve", "--show-work", "2", "-f", fmt])
    assert result.status == 0, result.stderr
    assert "sigmoid" in result.stdout and "worked by hand" in result.stdout
    assert "3.720075976" in result.stdout  # the certified gap of the saturated f_t


@pytest.mark.skipif(
    __import__("shutil").which("pdflatex") is None and not __import__("os").environ.get("CI"),
    reason="pdflatex is not installed (and CI is unset)",
)
def test_the_worked_step_as_a_document_compiles(tmp_path: Any) -> None:
    import subprocess

    latex = run_cli(["solve", "--show-work", "3", "-f", "latex"])
    assert latex.status == 0 and "\\begin{align*}" in latex.stdout
    assert "\\operatorname{sigmoid}(0 \\cdot 1 + 0 \\cdot 1 + (-100))" in latex.stdout
    target = tmp_path / "work.tex"
    assert run_cli(["solve", "--show-work", "3", "-o", str(target)]).status == 0
    finished = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", target.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-1500:]
