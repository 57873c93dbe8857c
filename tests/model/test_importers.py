"""``symlstm import``: trained weights read exactly, checked against what the frameworks
themselves computed (torch and Keras float64 outputs committed beside the fixtures,
onnxruntime run here), and hostile files refused without executing anything."""

from __future__ import annotations

import io
import json
import os
import pickle
import struct
import tracemalloc
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from cli_runner import run_cli
from onnx_graphs import onnx_graph, onnx_outputs

from symlstm.errors import ModelError
from symlstm.model import read_model_file
from symlstm.model.importers import ImportOptions, import_file
from symlstm.model.importers.layers import exact_decimal
from symlstm.numbers.trace import run_trace

ROOT = Path(__file__).resolve().parents[2]
TRAINED = ROOT / "tests" / "fixtures" / "trained"
KERAS = ROOT / "tests" / "fixtures" / "keras"
NETS = sorted(p.stem for p in (ROOT / "bench" / "trained").glob("*.toml"))
CI = bool(os.environ.get("CI"))

onnx = pytest.importorskip("onnx") if not CI else __import__("onnx")
ort = pytest.importorskip("onnxruntime") if not CI else __import__("onnxruntime")
np = pytest.importorskip("numpy") if not CI else __import__("numpy")


def _params(model: object) -> tuple[object, object]:
    return model.weights, model.biases  # type: ignore[attr-defined]


def test_exact_decimal_is_exact() -> None:
    for value in (0.1, -3.5e-45, 1.5, 2.0**-149, 123456789.0, float(np.float32(0.3))):
        assert Fraction(exact_decimal(Fraction(value))) == Fraction(value)
    assert exact_decimal(Fraction(1, 3)) == '"1/3"'


@pytest.mark.parametrize("net", NETS)
@pytest.mark.parametrize("suffix", [".pt", ".safetensors", ".onnx"])
def test_every_format_gives_the_hand_converted_model(net: str, suffix: str) -> None:
    """The three files torch wrote for a net import to exactly the parameters that
    bench/train_nets.py wrote from the live nn.LSTM (gate order, bias sums, exactness)."""
    reference = read_model_file(ROOT / "bench" / "trained" / f"{net}.toml")
    result = import_file(TRAINED / f"{net}{suffix}", ImportOptions(units=(0,)))
    assert _params(result.model) == _params(reference)
    assert result.model.readout == reference.readout
    assert result.model.alphabet == reference.alphabet
    sha = __import__("hashlib").sha256((TRAINED / f"{net}{suffix}").read_bytes()).hexdigest()
    assert sha in result.model.description and f"{net}{suffix}" in result.model.description


def _trace_h(model: object, word: list[int], readout: bool = False) -> list[list[float]]:
    trace = run_trace(model, word, digits=20)  # type: ignore[arg-type]
    hidden = model.hidden  # type: ignore[attr-defined]
    name = model.kind.output  # type: ignore[attr-defined]
    return [[float(trace.value(t, name, k).mid()) for k in range(hidden)] for t in range(len(word))]


def _linear(model: object, h: list[float]) -> list[float]:
    readout = model.readout  # type: ignore[attr-defined]
    return [
        sum(float(w) * x for w, x in zip(row, h, strict=True)) + float(b)
        for row, b in zip(readout.weight, readout.bias, strict=True)
    ]


KERAS_FILES = [
    "keras_lstm.keras",
    "keras_gru_after.weights.h5",
    "keras_gru_before.keras",
    "keras_rnn.keras",
]


@pytest.mark.parametrize("name", KERAS_FILES)
def test_keras_against_keras(name: str) -> None:
    """Keras's own outputs: its float32 run to float32 accuracy (every layer); its float64
    LSTM and GRU to 1e-12 (Keras 3.15's float64 Dense and SimpleRNN are not float64-exact,
    see bench/make_keras_fixtures.py)."""
    if not CI:
        pytest.importorskip("h5py")
    result = import_file(KERAS / name)
    record = json.loads((KERAS / f"{name.split('.')[0]}.json").read_text())
    model = result.model
    exact64 = model.kind.name in ("lstm", "gru")  # Keras float64 reset-before GRU: ~1e-8
    worst32 = worst64 = 0.0
    for word in record["words"]:
        inputs = word["inputs"]
        symbols = [model.alphabet[i] for i in inputs] if model.inputs > 1 else inputs
        hs = _trace_h(model, symbols)
        for t, h in enumerate(hs):
            head = _linear(model, h)
            for got, key in ((h, "h"), (head, "readout")):
                ref = word[key + "_float32"][t]
                worst32 = max(worst32, *(abs(a - b) for a, b in zip(got, ref, strict=True)))
            worst64 = max(worst64, *(abs(a - b) for a, b in zip(h, word["h"][t], strict=True)))
    assert worst32 < 1e-5, worst32
    if exact64:
        assert worst64 < 1e-12, worst64
    assert worst64 < 1e-5


@pytest.mark.parametrize("net", NETS[::3])
def test_onnx_export_against_onnxruntime(net: str) -> None:
    """torch.onnx.export's graph run by onnxruntime (float32) on random words: symlstm's
    exact trace agrees to float32 accuracy."""
    model = import_file(TRAINED / f"{net}.onnx").model
    rng = np.random.default_rng(7)
    words = [rng.integers(0, 2, size=int(n)).tolist() for n in rng.integers(1, 30, size=8)]
    for word, (y, *_) in zip(words, onnx_outputs(TRAINED / f"{net}.onnx", words, 1), strict=True):
        exact = np.array(_trace_h(model, word))
        assert np.max(np.abs(exact - y.reshape(len(word), -1))) < 2e-5


CASES = [
    ("LSTM", {}),
    ("LSTM", {"peepholes": True}),
    ("GRU", {"linear_before_reset": 1}),
    ("GRU", {"linear_before_reset": 0}),
    ("GRU", {}),
    ("RNN", {}),
]


@pytest.mark.parametrize(("op", "extra"), CASES, ids=[c[0] + str(c[1]) for c in CASES])
def test_onnx_operators_against_onnxruntime(
    op: str, extra: dict[str, object], tmp_path: Path
) -> None:
    rng = np.random.default_rng(len(op) * 31 + len(str(extra)))
    hidden, inputs = 3, 2
    data = onnx_graph(op, hidden, inputs, rng, **dict(extra))
    path = tmp_path / "net.onnx"
    path.write_bytes(data)
    model = import_file(
        path,
        ImportOptions(
            alphabet=(
                (Fraction(0), Fraction(1)),
                (Fraction(1), Fraction(0)),
                (Fraction(1), Fraction(1)),
            )
        ),
    ).model
    assert model.readout.kind.value == "argmax"
    expected_cell = {"LSTM": "lstm", "GRU": "gru-reset-before", "RNN": "rnn"}[op]
    if extra.get("peepholes"):
        expected_cell = "lstm-peephole"
    if extra.get("linear_before_reset"):
        expected_cell = "gru"
    assert model.kind.name == expected_cell
    words = [
        [list(map(int, rng.integers(0, 2, size=2))) for _ in range(int(n))]
        for n in rng.integers(1, 20, size=6)
    ]
    words = [[s if s != [0, 0] else [1, 1] for s in w] for w in words]
    for word, (ys, logits) in zip(words, onnx_outputs(data, words, inputs), strict=True):
        exact = _trace_h(model, word)
        assert np.max(np.abs(np.array(exact) - ys.reshape(len(word), -1))) < 2e-5
        heads = np.array([_linear(model, h) for h in exact])
        assert np.max(np.abs(heads - logits.reshape(len(word), -1))) < 1e-4


# ---- hostile files ----------------------------------------------------------------------


def _pt_with_pickle(path: Path, payload: bytes) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("net/data.pkl", payload)
        archive.writestr("net/byteorder", "little")
        archive.writestr("net/version", "3\n")


class _Evil:
    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def _refused(args: list[str]) -> str:
    run = run_cli(args)
    assert run.status == 2, (run.status, run.stderr)
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("symlstm: "), run.stderr
    return lines[0]


def test_a_pickle_that_calls_os_system_is_refused_unexecuted(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    _pt_with_pickle(path, pickle.dumps({"weight_hh_l0": _Evil(target)}, protocol=2))
    line = _refused(["import", str(path)])
    assert "system" in line and "refused" in line and "nothing was executed" in line
    assert not target.exists()


def test_a_pickle_that_calls_eval_through_reduce_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.pt"
    payload = b"\x80\x02cbuiltins\neval\nq\x00X\x0b\x00\x00\x00print(1 + 1)q\x01\x85q\x02Rq\x03."
    _pt_with_pickle(path, payload)
    line = _refused(["import", str(path), "-o", str(tmp_path / "out.toml")])
    assert "builtins.eval" in line
    assert not (tmp_path / "out.toml").exists()


def test_a_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pt"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("net/data.pkl", b"\0" * (200 * 2**20))
    assert path.stat().st_size < 2**20
    tracemalloc.start()
    with pytest.raises(ModelError, match="at most"):
        import_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 32 * 2**20, peak
    _refused(["import", str(path)])


def test_a_truncated_safetensors_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.safetensors"
    good = (TRAINED / f"{NETS[0]}.safetensors").read_bytes()
    (length,) = struct.unpack("<Q", good[:8])
    path.write_bytes(good[: 8 + length // 2])
    assert "truncated" in _refused(["import", str(path)])
    path.write_bytes(struct.pack("<Q", 2**62) + b"{}")
    assert "header of" in _refused(["import", str(path)])
    path.write_bytes(good[:5])
    assert "truncated" in _refused(["import", str(path)])


def test_an_unsupported_onnx_operator_is_refused_by_name(tmp_path: Path) -> None:
    from onnx import helper

    model = onnx.load_model_from_string(onnx_graph("LSTM", 2, 1, np.random.default_rng(1)))
    relu = helper.make_node("Relu", ["logits"], ["out"], name="act")
    model.graph.node.append(relu)
    path = tmp_path / "relu.onnx"
    path.write_bytes(model.SerializeToString())
    line = _refused(["import", str(path)])
    assert "Relu" in line and "'act'" in line
    # before the cell, on its input
    model = onnx.load_model_from_string(onnx_graph("LSTM", 2, 1, np.random.default_rng(1)))
    model.graph.node[0].input[0] = "xr"
    model.graph.node.insert(0, helper.make_node("Relu", ["x"], ["xr"], name="pre"))
    path.write_bytes(model.SerializeToString())
    assert "Relu" in _refused(["import", str(path)])


def test_an_onnx_cell_with_other_activations_or_direction_is_refused(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    path = tmp_path / "x.onnx"
    path.write_bytes(onnx_graph("RNN", 2, 1, rng, activations=["Relu"]))
    assert "activations" in _refused(["import", str(path)])
    path.write_bytes(onnx_graph("GRU", 2, 1, rng, clip=3.0))
    assert "clip" in _refused(["import", str(path)])


def test_garbage_in_every_format_is_one_line(tmp_path: Path) -> None:
    for suffix in (".pt", ".safetensors", ".onnx", ".keras", ".weights.h5"):
        path = tmp_path / f"junk{suffix}"
        path.write_bytes(b"\x00garbage" * 50)
        _refused(["import", str(path)])
    _refused(["import", str(tmp_path / "missing.pt")])
    (tmp_path / "net.npz").write_bytes(b"")
    assert "suffix" in _refused(["import", str(tmp_path / "net.npz")])


def test_import_writes_a_model_file_that_every_command_reads(tmp_path: Path) -> None:
    out = tmp_path / "net.toml"
    run = run_cli(["import", str(TRAINED / f"{NETS[0]}.pt"), "--units", "0", "-o", str(out)])
    assert run.status == 0, run.stderr
    assert read_model_file(out).readout.units == (0,)
    assert run_cli(["solve", str(out), "--inputs", "0,1,1"]).status == 0


def test_the_pt_reader_never_loads_torch() -> None:
    import sys

    import_file(TRAINED / f"{NETS[0]}.pt")
    assert "torch" not in sys.modules


def test_a_pickled_bytes_roundtrip_of_a_real_state_dict_keeps_only_tensors(tmp_path: Path) -> None:
    """The state_dict's OrderedDict with its _metadata (BUILD) is read; values that are
    not tensors are ignored."""
    data = (TRAINED / f"{NETS[0]}.pt").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert any(n.endswith("data.pkl") for n in archive.namelist())
    assert b"OrderedDict" in archive.read(
        next(n for n in archive.namelist() if n.endswith("data.pkl"))
    )
