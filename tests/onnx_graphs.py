"""One-node ONNX graphs of the recurrent operators and onnxruntime runs of them: an
independent implementation of the cells for the tests (importers, the oracle)."""

from __future__ import annotations

import numpy as np


def onnx_outputs(path_or_bytes: object, words: list[list[float]], inputs: int) -> list[object]:
    import onnxruntime as ort

    session = ort.InferenceSession(
        path_or_bytes if isinstance(path_or_bytes, bytes) else str(path_or_bytes),
        providers=["CPUExecutionProvider"],
    )
    name = session.get_inputs()[0].name
    outs = []
    for word in words:
        x = np.array(word, dtype=np.float32).reshape(len(word), 1, inputs)
        outs.append(session.run(None, {name: x}))
    return outs


def onnx_graph(op: str, hidden: int, inputs: int, rng: object, **extra: object) -> bytes:
    """A one-node ONNX graph (LSTM, GRU or RNN, random weights and biases) followed by a
    Squeeze and a Gemm readout of 3 classes."""
    from onnx import TensorProto, helper, numpy_helper

    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
    r = rng  # numpy Generator
    tensors = {
        "W": r.normal(0, 2, (1, g * hidden, inputs)),  # type: ignore[attr-defined]
        "R": r.normal(0, 2, (1, g * hidden, hidden)),  # type: ignore[attr-defined]
        "B": r.normal(0, 1, (1, 2 * g * hidden)),  # type: ignore[attr-defined]
        "Wout": r.normal(0, 1, (3, hidden)),  # type: ignore[attr-defined]
        "bout": r.normal(0, 1, (3,)),  # type: ignore[attr-defined]
        "axes": np.array([1, 2], dtype=np.int64),
    }
    names = ["x", "W", "R", "B"]
    if op == "LSTM" and extra.pop("peepholes", False):
        tensors["P"] = r.normal(0, 2, (1, 3 * hidden))  # type: ignore[attr-defined]
        names += ["", "", "", "P"]
    inits = [
        numpy_helper.from_array(v.astype(np.int64 if k == "axes" else np.float32), k)
        for k, v in tensors.items()
    ]
    nodes = [
        helper.make_node(op, names, ["Y"], hidden_size=hidden, name="rec", **extra),
        helper.make_node("Squeeze", ["Y", "axes"], ["Ys"]),
        helper.make_node("Gemm", ["Ys", "Wout", "bout"], ["logits"], transB=1, name="head"),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", 1, inputs])],
        [
            helper.make_tensor_value_info("Ys", TensorProto.FLOAT, None),
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, None),
        ],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return bytes(model.SerializeToString())
