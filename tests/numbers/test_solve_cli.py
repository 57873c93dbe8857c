"""``symlstm solve`` end to end: JSON shape, formats, bad input (one line, exit 2)."""

from __future__ import annotations

import json
from typing import Any

import mpmath
import pytest
from json_values import digits_text, exact_value

from symlstm.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def solve_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status, out, err = run(capsys, "solve", *argv, "-f", "json")
    assert status == 0, err
    return json.loads(out)


@pytest.mark.parametrize("rounding", ["nearest", "saturate"])
@pytest.mark.parametrize(
    ("inputs", "expected"),
    [("0,0,1,1,1,0", [0, 0, 1, -1, 1, 0]), ("1,1,0,1,1", [1, -1, 0, 1, -1])],
)
def test_homework_answers(
    capsys: pytest.CaptureFixture[str], rounding: str, inputs: str, expected: list[int]
) -> None:
    data = solve_json(capsys, "--inputs", inputs, "--rounding", rounding)
    assert data["answer"] == expected
    for step in data["steps"]:
        for key in ("t", "x", "f", "i", "o", "c", "h"):
            assert key in step
        for key in ("x", "f", "i", "o", "c", "h"):
            mpmath.mpf(digits_text(step[key]))  # parses
        assert exact_value(step["x"]) == int(inputs.split(",")[step["t"]])  # inputs: exact


def test_exact_values_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = solve_json(capsys, "--inputs", "0,0,1,1,1,0", "-r", "exact", "--dps", "30")
    h = [digits_text(step["h"]) for step in data["steps"]]
    assert h[2].startswith("0.76159") and h[3].startswith("-0.76159")
    assert h[5].startswith("-0.38079")
    assert data["answer"] == [0, 0, 1, -1, 1, 0]


def test_calculations(capsys: pytest.CaptureFixture[str]) -> None:
    data = solve_json(capsys, "calculations", "-r", "exact")
    assert data["answer"] == [1]
    assert digits_text(data["steps"][0]["h"]).startswith("0.96129")
    assert digits_text(data["steps"][0]["c"]).startswith("1.99504")


def test_gated_cell_uses_its_names(capsys: pytest.CaptureFixture[str]) -> None:
    data = solve_json(capsys, "gating", "--inputs", "0,1,0")
    assert {"t", "x", "g", "stilde", "s"} <= set(data["steps"][0])
    assert data["answer"] == [0, 1, 1]


def test_text_and_other_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "solve", "--rounding", "saturate")
    assert status == 0
    assert "answer: [0, 0, 1, -1, 1, 0]" in out
    assert "verdict: saturate:" in out and "tie at t = 5" in out
    for fmt in ("markdown", "latex"):
        status, out, _ = run(capsys, "solve", "-r", "nearest", "-f", fmt)
        assert status == 0 and "[0, 0, 1, -1, 1, 0]" in out


def test_vector_inputs(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "two.toml"
    model.write_text(
        'cell = "rnn"\nhidden = 1\ninputs = 2\nalphabet = [[0, 1], [1, 1], [0, 0], [1, 0]]\n'
        "[params]\nW_ss = -100\nW_sx = [[50, 25]]\n"
    )
    data = solve_json(capsys, str(model), "--inputs", "[0,1];[1,1]")
    assert data["steps"][1]["x"] == [{"exact": "1", "digits": "1"}] * 2
    assert data["answer"] == [1, -1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--inputs", "0,2"], "not in the alphabet"),
        (["--inputs", "[0,1]"], "entries"),
        (["--inputs", ""], "empty"),
        (["--inputs", "0,,1"], "empty entry"),
        (["--inputs", "0,x"], "expected a number"),
        (["--dps", "0"], "--dps"),
        (["--dps", "100001"], "--dps"),
        (["--dps", "many"], "--dps"),
        (["--rounding", "sideways"], "unknown rounding convention"),
        (["--tie", "up"], "unknown tie rule"),
        (["--threshold", "-1"], "positive"),
        (["--question", "9"], "question"),
    ],
)
def test_bad_input(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, out, err = run(capsys, "solve", *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err


def test_help_documents_vector_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["solve", "--help"])
    out = capsys.readouterr().out
    assert "[0,1];[1,1]" in out.replace("\n", "").replace(" ", "")
