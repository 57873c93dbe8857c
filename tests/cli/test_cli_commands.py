"""The commands of issue 2 doing their job: ``--help``, ``models``, ``equations``."""

from __future__ import annotations

import pytest

from symlstm.cli import main
from symlstm.model import builtin_model, builtin_names


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exit:
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["--help"], capsys)
    assert (status, err) == (0, "")
    assert "models" in out and "equations" in out
    status, out, _ = run(["equations", "--help"], capsys)
    assert status == 0
    for option in ("--substituted", "--unroll", "--format", "--notation", "--output"):
        assert option in out


def test_models_lists_every_builtin_with_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["models"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(builtin_names())
    for line, name in zip(lines, builtin_names(), strict=True):
        model = builtin_model(name)
        assert model.kind.name in line.split()[1]
        assert model.description and model.description in line
    assert lines[0].endswith("(default)")


def test_equations_default_is_the_homework(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["equations"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "homework: LSTM equations, general",
        "",
        "  fₜ = sigmoid(Wᶠʰ hₜ₋₁ + Wᶠˣ xₜ + b_f)",
        "  iₜ = sigmoid(Wⁱʰ hₜ₋₁ + Wⁱˣ xₜ + b_i)",
        "  oₜ = sigmoid(Wᵒʰ hₜ₋₁ + Wᵒˣ xₜ + b_o)",
        "  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ tanh(Wᶜʰ hₜ₋₁ + Wᶜˣ xₜ + b_c)",
        "  hₜ = oₜ ⊙ tanh(cₜ)",
    ]


def test_equations_forms_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["equations", "--substituted"], capsys)
    assert status == 0 and "  iₜ = sigmoid(100 xₜ + 100)" in out.splitlines()
    status, out, _ = run(["equations", "--unroll", "2", "-f", "markdown"], capsys)
    assert status == 0 and out.startswith("## LSTM equations (unrolled, 2 steps)")
    status, out, _ = run(["equations", "gating", "-f", "latex", "--notation", "pytorch"], capsys)
    assert status == 0 and r"\sigma\left(W_{sg} s_{t-1}" in out
