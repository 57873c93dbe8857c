"""The trained PyTorch nets of bench/trained/, written as exact model files by
bench/train_nets.py: symlstm's certified trace must agree with what real torch computed in
float64 (tests/fixtures/trained/*.json), and the weights must be the float32 values of the
committed state_dict, exactly."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from symlstm.model.files import model_from_toml, parse_toml
from symlstm.numbers.trace import run_trace

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "bench" / "trained").glob("*.toml"))
FIXTURES = ROOT / "tests" / "fixtures" / "trained"


def _model_text(path: Path) -> str:
    text = path.read_text()
    try:
        model_from_toml(text, str(path))
    except ValueError:  # a reader without the [readout] table: drop it (the cell is the same)
        text = re.sub(r"\n\[readout\]\n(?:[^\[\n][^\n]*\n)*", "\n", text)
    return text


def test_there_are_a_dozen_nets() -> None:
    assert len(MODELS) >= 12
    for path in MODELS:
        assert (FIXTURES / f"{path.stem}.json").exists()


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_exact_trace_agrees_with_torch_float64(path: Path) -> None:
    model = model_from_toml(_model_text(path), str(path))
    record = json.loads((FIXTURES / f"{path.stem}.json").read_text())
    worst = 0.0
    for word in record["words"]:
        trace = run_trace(model, word["inputs"], digits=20)
        for t, (hs, cs) in enumerate(zip(word["h"], word["c"], strict=True)):
            for k in range(model.hidden):
                worst = max(worst, abs(float(trace.value(t, "h", k).mid()) - hs[k]))
                worst = max(worst, abs(float(trace.value(t, "c", k).mid()) - cs[k]))
    # torch's float64 arithmetic against the exact cell: a few ulps over 40 steps
    assert worst < 1e-13, worst


def _pt_tensors(path: Path) -> dict[str, list[float]]:
    """The float32 storages of a torch.save zip, read as raw little-endian data (the
    pickle is not loaded: the storage entries are named data/0, data/1, … in key order)."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            (n for n in archive.namelist() if re.search(r"/data/\d+$", n)),
            key=lambda n: int(n.rsplit("/", 1)[1]),
        )
        return {
            n: list(struct.unpack(f"<{len(b) // 4}f", b)) for n in names if (b := archive.read(n))
        }


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_weights_are_the_float32_values_exactly(path: Path) -> None:
    """Every number of the model file is a float32 of the state_dict, or a sum of two
    (the biases), written exactly."""
    data = parse_toml(path.read_text(), str(path))
    stored = {
        Fraction(v) for values in _pt_tensors(FIXTURES / f"{path.stem}.pt").values() for v in values
    }
    params = data["params"]
    assert isinstance(params, dict)
    for key, value in params.items():
        rows = value if isinstance(value, list) else [value]
        flat = [x for row in rows for x in (row if isinstance(row, list) else [row])]
        for item in flat:
            exact = Fraction(getattr(item, "text", str(item)))
            if key.startswith("W_"):
                assert exact in stored, (key, exact)
            else:
                assert exact.denominator & (exact.denominator - 1) == 0  # dyadic
