"""``symlstm drift``: the cell at float16/32/64 beside the exact cell, checked against a
float LSTM written here from the course's equations and against the certified trace."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from cli_runner import run_cli

from symlstm.analysis.drift import NumpyAlgebra, drift
from symlstm.model import CELL_KINDS, load_model, model_from_toml, read_model_file
from symlstm.numbers.trace import run_trace

ROOT = Path(__file__).resolve().parents[2]
TRAINED = ROOT / "bench" / "trained"


def _hand_lstm(model: object, word: list[int], dtype: type) -> list[float]:
    """The course's LSTM equations in NumPy at ``dtype``, written independently."""
    w = {k: np.array([[float(v) for v in row] for row in m], dtype=dtype) for k, m in model.weights}  # type: ignore[attr-defined]
    b = {k: np.array([float(v) for v in vec], dtype=dtype) for k, vec in model.biases}  # type: ignore[attr-defined]
    n = model.hidden  # type: ignore[attr-defined]
    h = np.zeros(n, dtype=dtype)
    c = np.zeros(n, dtype=dtype)
    one = dtype(1)

    def sig(z: np.ndarray) -> np.ndarray:
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, one / (one + e), e / (one + e)).astype(dtype)

    out = []
    for symbol in word:
        x = np.array([symbol], dtype=dtype)

        def pre(u: str, h: np.ndarray = h, x: np.ndarray = x) -> np.ndarray:
            return w[f"W_{u}h"] @ h + w[f"W_{u}x"] @ x + b[f"b_{u}"]

        f, i, o = sig(pre("f")), sig(pre("i")), sig(pre("o"))
        c = f * c + i * np.tanh(pre("c"))
        h = o * np.tanh(c)
        out.append(float(h[0]))
    return out


@pytest.mark.parametrize("name", ["tomita4-h1", "parity-h4", "runparity-h2"])
def test_the_numpy_cell_is_the_hand_written_lstm(name: str) -> None:
    model = read_model_file(TRAINED / f"{name}.toml")
    word = [1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    for dtype in ("float16", "float32", "float64"):
        kind = getattr(np, dtype)
        algebra = NumpyAlgebra(model, dtype)
        state = algebra.start()
        mine = []
        for symbol in word:
            state = algebra.step(state, np.array([symbol], dtype=kind))
            mine.append(float(state["h"][0]))
        assert mine == _hand_lstm(model, word, kind)


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_float64_is_the_exact_cell_to_rounding(kind: str) -> None:
    """Every kind at float64 stays within 1e-12 of the certified trace."""
    rng = np.random.default_rng(len(kind))
    lines = [f'cell = "{kind}"', "hidden = 2", "[params]"]
    for spec in CELL_KINDS[kind].params:
        shape = spec.shape(2, 1)
        values = rng.integers(-30, 30, size=shape) / 10
        lines.append(f"{spec.name} = {json.dumps(values.tolist())}")
    model = model_from_toml("\n".join(lines))
    word = rng.integers(0, 2, size=25).tolist()
    algebra = NumpyAlgebra(model, "float64")
    trace = run_trace(model, word, digits=30)
    state = algebra.start()
    for t, symbol in enumerate(word):
        state = algebra.step(state, np.array([symbol], dtype=np.float64))
        for j in range(2):
            exact = float(trace.value(t, model.kind.output, j).mid())
            assert abs(float(state[model.kind.output][j]) - exact) < 1e-12


def test_float16_parts_ways_where_the_state_is_near_a_boundary() -> None:
    model = read_model_file(TRAINED / "tomita4-h1.toml")
    report = drift(model, "float16", max_length=10)
    found = report.found
    assert found is not None and not report.agree
    word = [int(v[0]) for v in found.word]
    # replay: the hand-written float16 LSTM and the exact trace read differently at t
    hand = _hand_lstm(model, word, np.float16)
    trace = run_trace(model, word, digits=40)
    exact = trace.value(found.t, "h", 0)
    assert round(float(exact.mid())) != round(hand[found.t] - 1e-12)  # a float16 tie reads 0
    assert found.exact_output == (round(float(exact.mid())),)
    assert found.exact_margin is not None
    assert abs(found.exact_margin - abs(float(exact.mid()) - 0.5)) < 1e-12
    assert found.exact_margin < 1e-3
    # breadth first: no shorter word parts ways
    assert drift(model, "float16", max_length=len(word) - 1).found is None


def test_a_state_a_hair_below_one_half() -> None:
    """s = tanh(b) with b just below atanh(1/2): exactly s < 1/2 (round to 0); float32
    rounds b to a float above atanh(1/2), and its tanh is 0.50000006 (round to 1)."""
    with mpmath.workdps(40):
        b = mpmath.atanh(mpmath.mpf(1) / 2) - mpmath.mpf("1e-11")
        text = mpmath.nstr(b, 25)
    model = model_from_toml(f'cell = "rnn"\n[params]\nW_ss = 0\nW_sx = 0\nb_s = {text}\n')
    report = drift(model, "float32", words=[[0, 0]])
    difference = report.words[0].difference
    assert difference is not None and difference.t == 0
    assert difference.exact_output == (0,) and difference.float_output == (1,)
    assert difference.float_values == (float(np.tanh(np.float32(float(text)))),)
    assert difference.exact_margin is not None and 1e-12 < difference.exact_margin < 1e-10
    assert drift(model, "float64", words=[[0, 0]]).agree


def test_homework_float32_agrees_everywhere() -> None:
    run = run_cli(["drift", "homework", "--max-length", "8"])
    assert run.status == 0, run.stderr
    assert "float32 and the exact cell agree on every word up to length 8 (510 words" in run.stdout


def test_the_command_line(tmp_path: Path) -> None:
    path = str(TRAINED / "tomita4-h1.toml")
    run = run_cli(["drift", path, "--dtype", "float16", "-L", "10", "-f", "json"])
    assert run.status == 1
    data = json.loads(run.stdout)
    assert data["agree"] is False and data["search"]["difference"]["t"] == 9
    run = run_cli(["drift", path, "--dtype", "float16", "--inputs", "0,1,1"])
    assert run.status == 0 and "the same output at every step" in run.stdout
    for bad in (
        ["--dtype", "float8"],
        ["--max-length", "0"],
        ["--max-length", "40"],
        ["--inputs", "0,2"],
    ):
        run = run_cli(["drift", path, *bad])
        assert run.status == 2 and len(run.stderr.splitlines()) == 1, (bad, run.stderr)


def test_readout_classes_are_compared(tmp_path: Path) -> None:
    """A logistic readout: the class, not the rounded state, is what is compared."""
    model = load_model("homework")
    assert model.readout.kind.value == "round"
    text = (ROOT / "symlstm" / "model" / "examples" / "homework.toml").read_text()
    text = text.replace(
        "[initial]", '[readout]\nkind = "logistic"\nweight = [[1]]\nbias = [0]\n\n[initial]'
    )
    logistic = model_from_toml(text)
    report = drift(logistic, "float32", words=[[0, 1, 1, 0, 0]])
    assert report.agree
    assert report.words[0].smallest_margin is not None
    assert Fraction(report.words[0].smallest_margin) < 1  # |h| itself
