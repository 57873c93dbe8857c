"""Gate semantics by substitution, checked against the "Gating" quiz and numerically."""

from __future__ import annotations

import json
import random

import pytest
import sympy

from symlstm.cli import main
from symlstm.equations.functions import Hadamard
from symlstm.equations.gates import GateCase, gate_semantics
from symlstm.model.cells import CELL_KINDS, GATED, LSTM


def case(kind_name: str, gates: dict[str, int], quantity: str) -> GateCase:
    semantics = gate_semantics(CELL_KINDS[kind_name])
    return next(c for c in semantics.cases if dict(c.gates) == gates and c.quantity == quantity)


def test_gating_quiz() -> None:
    """problems.md §4: g_t = 0 ⇒ s_t = s_{t-1}; not when g_t = 1."""
    assert case("gated", {"g": 0}, "s").keeps_previous is True
    assert case("gated", {"g": 1}, "s").keeps_previous is False
    assert str(case("gated", {"g": 1}, "s").after.rhs) == "stilde[t]"


def test_lstm_gates() -> None:
    assert case("lstm", {"o": 0}, "h").vanishes is True
    assert case("lstm", {"f": 1, "i": 0}, "c").keeps_previous is True
    assert case("lstm", {"f": 1}, "c").keeps_previous is False  # i ⊙ c̃ is still added
    assert case("lstm", {"f": 0, "i": 0}, "c").vanishes is True
    assert str(case("lstm", {"f": 0}, "c").after.rhs) == "Hadamard(i[t], ctilde[t])"


def test_gru_gates() -> None:
    assert case("gru", {"z": 1}, "h").keeps_previous is True
    assert case("gru", {"z": 0}, "h").keeps_previous is False
    reset = case("gru", {"r": 0}, "n")
    assert reset.keeps_previous is None  # a candidate has no previous value
    assert "z_nh" not in str(reset.after.rhs)


def test_rnn_has_no_gates() -> None:
    assert gate_semantics(CELL_KINDS["rnn"]).cases == ()


def _numeric(expr: sympy.Expr, values: dict[sympy.Symbol, float]) -> float:
    scalar = expr.replace(lambda e: isinstance(e, Hadamard), lambda e: e.args[0] * e.args[1])
    scalar = scalar.replace(
        lambda e: isinstance(e, sympy.Function) and e.func.__name__ == "sigmoid",
        lambda e: 1 / (1 + sympy.exp(-e.args[0])),
    )
    return float(scalar.xreplace(values).evalf())


@pytest.mark.parametrize("kind", [LSTM, GATED, CELL_KINDS["gru"]], ids=lambda k: k.name)
def test_truth_agrees_with_random_evaluation(kind: object) -> None:
    """Independent of simplify: evaluate rhs − q_{t−1} at random points."""
    semantics = gate_semantics(kind)  # type: ignore[arg-type]
    rng = random.Random(7)
    for c in semantics.cases:
        if c.keeps_previous is None:
            continue
        previous = sympy.Symbol(f"{c.quantity}[t-1]", real=True)
        difference = c.after.rhs - previous
        samples = []
        for _ in range(5):
            values = {s: sympy.Float(rng.uniform(-2, 2)) for s in difference.free_symbols}
            samples.append(abs(_numeric(difference, values)))
        assert (max(samples) < 1e-12) is c.keeps_previous, (c.gates, c.quantity)


def test_gates_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gates", "gating"]) == 0
    out = capsys.readouterr().out
    assert "gₜ = 0  ⇒  sₜ = sₜ₋₁    [sₜ = sₜ₋₁: true]" in out
    assert "[sₜ = sₜ₋₁: false]" in out
    assert main(["gates", "gating", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    truth = {(json.dumps(c["gates"]), c["quantity"]): c["keeps_previous"] for c in data["cases"]}
    assert truth[('{"g": 0}', "s")] is True and truth[('{"g": 1}', "s")] is False
    for fmt in ("latex", "markdown"):
        assert main(["gates", "homework", "-f", fmt]) == 0
        assert "o_{t} = 0" in capsys.readouterr().out
    assert main(["gates", "no-such-model"]) == 2
