"""Saturation gaps: closed forms and certified distances, without cancellation."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import mpmath
import pytest

from symlstm.cli import main
from symlstm.model import builtin_model
from symlstm.numbers.digits import certified_digits
from symlstm.numbers.gaps import GapSource, activation_gaps

SIGMOID_MINUS_100 = "3.7200759760208359629596958038631e-44"  # problems.md §6
ONE_MINUS_TANH_50 = "7.4401519520416719259193916077262e-44"


def find(report, function: str, argument: str):  # type: ignore[no-untyped-def]
    return next(g for g in report.gaps if g.function == function and g.argument_text == argument)


def test_homework_gaps_at_32_digits() -> None:
    report = activation_gaps(builtin_model("homework"), 32)
    low = find(report, "sigmoid", "-100")
    high = find(report, "sigmoid", "100")
    assert low.limit == 0 and high.limit == 1
    assert certified_digits(low.distance, 32) == SIGMOID_MINUS_100
    assert certified_digits(high.distance, 32) == SIGMOID_MINUS_100
    assert "sigmoid(-100) = 1/(1 + e^{100})" in high.distance_form
    assert certified_digits(find(report, "tanh", "50").distance, 32) == ONE_MINUS_TANH_50
    assert certified_digits(find(report, "tanh", "-50").distance, 32) == ONE_MINUS_TANH_50
    # tanh(1), used as 1 by the saturate rule, is 0.238… away from it
    assert certified_digits(find(report, "tanh", "1").distance, 5) == "0.23841"
    assert find(report, "sigmoid", "0").limit is None
    assert {g.argument_text for g in report.gaps if g.function == "sigmoid"} == {
        "-100",
        "0",
        "100",
        "200",
    }
    assert not report.truncated


def test_naive_subtraction_is_wrong_and_the_gap_is_not() -> None:
    """problems.md §6: 1 - sigmoid(100) by subtraction at 50 digits keeps ~6 digits."""
    with mpmath.workdps(50):
        naive = mpmath.nstr(1 - 1 / (1 + mpmath.exp(-100)), 12)
    assert naive == "3.72007606885e-44"  # the wrong digits problems.md quotes
    report = activation_gaps(builtin_model("homework"), 50)
    gap = find(report, "sigmoid", "100")
    assert certified_digits(gap.distance, 12) == "3.72007597602e-44"
    assert gap.naive_digits < 30  # a ball subtraction certifies far fewer than 50


@pytest.mark.parametrize("digits", [1000, 10000])
def test_high_precision(digits: int) -> None:
    report = activation_gaps(builtin_model("rnn"), digits)
    text = certified_digits(find(report, "tanh", "50").distance, digits)
    with mpmath.workdps(digits + 30):
        truth = 2 / (1 + mpmath.exp(100))
        reference = Decimal(mpmath.nstr(truth, digits + 25, strip_zeros=False))
    with localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = ROUND_HALF_EVEN
        assert Decimal(text) == +reference
    assert len(text.split("e")[0].replace(".", "")) == digits


def test_trace_gaps() -> None:
    report = activation_gaps(builtin_model("homework"), 20, inputs=[0, 0, 1, 1, 1, 0])
    traced = [g for g in report.gaps if GapSource.TRACE in g.sources]
    assert any(g.argument is None and g.argument_text.startswith("-26.15941") for g in traced)


def test_gaps_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", "-f", "json", "--dps", "32"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {(g["function"], g["argument"]): g for g in data["gaps"]}
    assert rows[("sigmoid", "100")]["distance"] == SIGMOID_MINUS_100
    assert rows[("sigmoid", "-100")]["value"] == SIGMOID_MINUS_100
    for fmt in ("text", "markdown", "latex"):
        assert main(["gaps", "rnn", "-f", fmt]) == 0
        assert "e^{100}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--dps", "0"], "--dps"), (["--states", "x"], "--states"), (["--inputs", "3"], "alphabet")],
)
def test_gaps_bad_input(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["gaps", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
