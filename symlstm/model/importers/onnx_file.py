"""An ONNX graph (read with the ``onnx`` package, as data): one ``LSTM``, ``GRU`` or ``RNN``
node, forward, with the default activations, no ``clip``, ``input_forget`` 0 (peepholes
``P`` are read), optionally followed by a ``Gemm`` or ``MatMul`` + ``Add`` readout (and a
``Sigmoid``/``Softmax``, which does not change the class). The input is the graph's input or
an embedding (``Gather`` of an initializer). Shape bookkeeping (``Shape``, ``Gather``,
``Concat``, ``ConstantOfShape`` of zeros for the initial state, ``Squeeze`` …) is allowed
where it does not touch the values; any other operator is refused by name."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from symlstm.errors import ModelError
from symlstm.model.importers.layers import (
    FVector,
    Imported,
    ImportOptions,
    Layer,
    LinearReadout,
    gru_layer,
    lstm_layer,
    rnn_layer,
    transpose,
)
from symlstm.model.importers.tensors import MAX_ELEMENTS, Tensor
from symlstm.model.importers.torch_state import default_alphabet

RECURRENT = ("LSTM", "GRU", "RNN")
PLUMBING = (
    "Shape",
    "Gather",
    "Constant",
    "Unsqueeze",
    "Squeeze",
    "Concat",
    "ConstantOfShape",
    "Slice",
    "Cast",
    "Reshape",
    "Expand",
    "Identity",
)
PASSTHROUGH = ("Squeeze", "Reshape", "Identity", "Flatten", "Unsqueeze")
CLASS_PRESERVING = ("Sigmoid", "Softmax", "LogSoftmax")
DEFAULT_ACTIVATIONS = {
    "LSTM": ["Sigmoid", "Tanh", "Tanh"],
    "GRU": ["Sigmoid", "Tanh"],
    "RNN": ["Tanh"],
}


def _onnx() -> Any:
    try:
        import onnx
    except ImportError:
        raise ModelError(
            "onnx", "", "reading ONNX files needs the onnx package (pip install 'symlstm[import]')"
        ) from None
    return onnx


class _Graph:
    def __init__(self, source: str, model: Any) -> None:
        onnx = _onnx()
        self.onnx = onnx
        self.source = source
        self.graph = model.graph
        self.nodes = list(self.graph.node)
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.inputs = [i.name for i in self.graph.input if i.name not in self.initializers]
        self.producer: dict[str, Any] = {}
        self.consumers: dict[str, list[Any]] = {}
        for node in self.nodes:
            for out in node.output:
                self.producer[out] = node
            for name in node.input:
                if name:
                    self.consumers.setdefault(name, []).append(node)

    def fail(self, key: str, message: str) -> ModelError:
        return ModelError(self.source, key, message)

    def label(self, node: Any) -> str:
        return f"node {node.name!r} ({node.op_type})" if node.name else f"a {node.op_type} node"

    def tensor(self, name: str) -> Tensor:
        """An initializer or a Constant node's value, exactly."""
        proto = self.initializers.get(name)
        if proto is None:
            node = self.producer.get(name)
            if node is not None and node.op_type == "Constant":
                for attribute in node.attribute:
                    if attribute.name == "value":
                        proto = attribute.t
        if proto is None:
            raise self.fail(name, "expected a constant tensor (an initializer)")
        if proto.data_location == self.onnx.TensorProto.EXTERNAL:
            raise self.fail(name, "weights in an external file are not read")
        count = 1
        for d in proto.dims:
            count *= d
        if count > MAX_ELEMENTS:
            raise self.fail(name, f"a tensor of {count} elements (at most {MAX_ELEMENTS})")
        from onnx import numpy_helper

        array = numpy_helper.to_array(proto)
        if array.dtype.kind not in "fiub":
            raise self.fail(name, f"tensors of type {array.dtype} are not supported")
        values = []
        for v in array.reshape(-1).tolist():
            if (isinstance(v, float) and v != v) or v in (float("inf"), float("-inf")):
                raise self.fail(name, f"expected finite weights, got {v}")
            values.append(Fraction(v))
        return Tensor(name, tuple(int(d) for d in array.shape), tuple(values), str(array.dtype))

    def attributes(self, node: Any) -> dict[str, Any]:
        helper = self.onnx.helper
        result = {}
        for a in node.attribute:
            value = helper.get_attribute_value(a)
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            elif isinstance(value, list):
                value = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
            result[a.name] = value
        return result


def read_onnx(source: str, sha256: str, data: bytes, options: ImportOptions) -> Imported:
    onnx = _onnx()
    try:
        model = onnx.load_model_from_string(data)
    except Exception as error:  # protobuf's DecodeError and friends
        raise ModelError(source, "", f"not an ONNX model ({type(error).__name__})") from None
    graph = _Graph(source, model)
    recurrent = [n for n in graph.nodes if n.op_type in RECURRENT]
    if not recurrent:
        raise graph.fail("", "no LSTM, GRU or RNN node in the graph")
    if options.layer is not None:
        recurrent = [n for n in recurrent if n.name == options.layer]
        if not recurrent:
            raise graph.fail("--layer", f"no LSTM, GRU or RNN node named {options.layer!r}")
    if len(recurrent) > 1:
        names = ", ".join(repr(n.name) for n in recurrent)
        raise graph.fail("", f"several recurrent nodes ({names}); choose one with --layer")
    node = recurrent[0]
    layer = _layer(graph, node)
    alphabet, how = _alphabet(graph, node, layer, options)
    readout, chain = _readout(graph, node, layer, options)
    _check_rest(graph, node, chain)
    return Imported(layer, readout, alphabet, source, sha256, "ONNX", notes=(f"alphabet: {how}",))


def _layer(graph: _Graph, node: Any) -> Layer:
    attrs = graph.attributes(node)
    label = graph.label(node)
    op = node.op_type
    allowed = {
        "hidden_size",
        "direction",
        "activations",
        "linear_before_reset",
        "layout",
        "input_forget",
    }
    for key in sorted(attrs):
        if key not in allowed:
            raise graph.fail(
                label,
                f"the attribute {key} is not supported (symlstm reads "
                "the default activations without clip)",
            )
    if attrs.get("direction", "forward") != "forward":
        raise graph.fail(label, f"direction {attrs['direction']}: symlstm reads forward layers")
    if attrs.get("activations", DEFAULT_ACTIVATIONS[op]) != DEFAULT_ACTIVATIONS[op]:
        raise graph.fail(
            label,
            f"activations {attrs['activations']}: only the defaults "
            f"{DEFAULT_ACTIVATIONS[op]} are supported",
        )
    if attrs.get("layout", 0) != 0:
        raise graph.fail(label, "layout 1 (batch first) is not supported")
    if attrs.get("input_forget", 0) != 0:
        raise graph.fail(label, "input_forget = 1 (coupled gates) is not supported")
    inputs = list(node.input) + [""] * 8
    w = graph.tensor(inputs[1])
    r = graph.tensor(inputs[2])
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
    if len(w.shape) != 3 or w.shape[0] != 1 or len(r.shape) != 3 or r.shape[0] != 1:
        raise graph.fail(inputs[1], "expected W and R of one direction ([1, G·H, ·])")
    hidden = r.shape[2]
    if (
        attrs.get("hidden_size", hidden) != hidden
        or r.shape[1] != gates * hidden
        or w.shape[1] != gates * hidden
    ):
        raise graph.fail(
            label, f"W {list(w.shape)} and R {list(r.shape)} do not fit hidden_size {hidden}"
        )
    w_x = Tensor(w.name, w.shape[1:], w.values, w.dtype).matrix()
    w_h = Tensor(r.name, r.shape[1:], r.values, r.dtype).matrix()
    b_x: FVector | None = None
    b_h: FVector | None = None
    if inputs[3]:
        b = graph.tensor(inputs[3])
        if b.shape != (1, 2 * gates * hidden):
            raise graph.fail(
                inputs[3], f"expected B of shape [1, {2 * gates * hidden}], got {list(b.shape)}"
            )
        b_x, b_h = b.values[: gates * hidden], b.values[gates * hidden :]
    if inputs[4]:
        raise graph.fail(label, "sequence_lens is not supported (every step is read)")
    initial = []
    for index, state in ((5, "h"), (6, "c")):
        if index == 6 and op != "LSTM":
            continue
        start = _initial(graph, inputs[index], hidden, state)
        if start is not None:
            initial.append((state, start))
    biases = [v for v in (b_x, b_h) if v is not None]
    origin = f"ONNX {op} {node.name!r}" if node.name else f"ONNX {op}"
    if op == "LSTM":
        peepholes = None
        if inputs[7]:
            p = graph.tensor(inputs[7])
            if p.shape != (1, 3 * hidden):
                raise graph.fail(
                    inputs[7], f"expected P of shape [1, {3 * hidden}], got {list(p.shape)}"
                )
            peepholes = p.values
        layer = lstm_layer(
            "iofc", w_x, w_h, biases, hidden, origin, peepholes=peepholes, peephole_order="iof"
        )
    elif op == "GRU":
        reset_after = attrs.get("linear_before_reset", 0) == 1
        layer = gru_layer("zrn", w_x, w_h, b_x, b_h, hidden, origin, reset_after=reset_after)
    else:
        layer = rnn_layer(w_x, w_h, biases, hidden, origin)
    if initial:
        states = dict(initial)
        from symlstm.model.importers.layers import Layer as _Layer

        ordered = tuple((s, states[s]) for s in ("c", "h") if s in states)
        layer = _Layer(
            layer.cell,
            layer.hidden,
            layer.inputs,
            layer.matrices,
            layer.vectors,
            layer.origin,
            ordered,
            layer.notes,
        )
    return layer


def _initial(graph: _Graph, name: str, hidden: int, state: str) -> FVector | None:
    """None for zeros (absent, or a ConstantOfShape of 0); an initializer's values."""
    if not name:
        return None
    node = graph.producer.get(name)
    if node is not None and node.op_type == "ConstantOfShape":
        attrs = graph.attributes(node)
        value = attrs.get("value")
        if value is None:
            return None
        from onnx import numpy_helper

        if all(v == 0 for v in numpy_helper.to_array(value).reshape(-1).tolist()):
            return None
        raise graph.fail(name, f"initial_{state} is a nonzero ConstantOfShape")
    if name in graph.initializers or (node is not None and node.op_type == "Constant"):
        t = graph.tensor(name)
        if t.shape != (1, 1, hidden):
            raise graph.fail(
                name, f"expected initial_{state} of shape [1, 1, {hidden}], got {list(t.shape)}"
            )
        return None if not any(t.values) else t.values
    what = graph.label(node) if node is not None else "a graph input"
    raise graph.fail(
        name, f"initial_{state} comes from {what}; symlstm needs a constant initial state"
    )


def _alphabet(
    graph: _Graph, node: Any, layer: Layer, options: ImportOptions
) -> tuple[tuple[FVector, ...], str]:
    x = node.input[0]
    source = graph.producer.get(x)
    embedding = None
    if source is not None and source.op_type == "Gather" and source.input[0] in graph.initializers:
        embedding = graph.tensor(source.input[0])
        if source.input[1] not in graph.inputs:
            raise graph.fail(graph.label(source), "the embedding's indices must be a graph input")
    elif x not in graph.inputs:
        what = graph.label(source) if source is not None else repr(x)
        raise graph.fail(
            what,
            "the recurrent node's input must be a graph input or an embedding "
            f"(Gather of an initializer); {what} is not supported",
        )
    if options.alphabet is not None:
        return options.alphabet, "given with --alphabet"
    if embedding is not None:
        if len(embedding.shape) != 2 or embedding.shape[1] != layer.inputs:
            raise graph.fail(embedding.name, f"an embedding needs V × {layer.inputs} rows")
        rows = embedding.matrix()
        if len(set(rows)) != len(rows):
            raise graph.fail(embedding.name, "two symbols of the embedding have the same vector")
        return rows, f"the {len(rows)} rows of the embedding {embedding.name}"
    return default_alphabet(layer.inputs, options)


def _readout(
    graph: _Graph, node: Any, layer: Layer, options: ImportOptions
) -> tuple[LinearReadout | None, set[int]]:
    """The readout after the recurrent node, and the ids of the nodes of its chain."""
    chain: set[int] = set()
    found: list[tuple[LinearReadout, set[int]]] = []
    for output in list(node.output)[:2]:
        if not output:
            continue
        for consumer in graph.consumers.get(output, []):
            result = _follow(graph, consumer, layer)
            if result is not None:
                found.append(result)
            else:
                chain |= _passthrough_ids(graph, consumer)
    if options.readout == "none":
        return None, chain | {i for _, ids in found for i in ids}
    if options.readout is not None:
        found = [
            f for f in found if options.readout in {n.name for n in graph.nodes if id(n) in f[1]}
        ]
        if not found:
            raise graph.fail(
                "--readout", f"no readout node named {options.readout!r} after the recurrent node"
            )
    if len(found) > 1:
        raise graph.fail(
            "", "several readouts follow the recurrent node; choose one with --readout"
        )
    if not found:
        return None, chain
    readout, ids = found[0]
    return readout, chain | ids


def _passthrough_ids(graph: _Graph, node: Any) -> set[int]:
    """A chain of shape-only nodes that ends in graph outputs (nothing computed on it)."""
    ids = {id(node)}
    if node.op_type not in PASSTHROUGH:
        raise graph.fail(
            graph.label(node),
            f"the operator {node.op_type} after the recurrent "
            "node is not supported (symlstm reads a Gemm or MatMul + Add readout)",
        )
    for out in node.output:
        for consumer in graph.consumers.get(out, []):
            ids |= _passthrough_ids(graph, consumer)
    return ids


def _follow(graph: _Graph, node: Any, layer: Layer) -> tuple[LinearReadout, set[int]] | None:
    """A readout chain from ``node``: passthroughs, then Gemm or MatMul + Add, then at most
    one class-preserving activation; None when ``node`` starts only passthroughs."""
    ids: set[int] = set()
    while node.op_type in PASSTHROUGH:
        ids.add(id(node))
        nexts = [c for out in node.output for c in graph.consumers.get(out, [])]
        if len(nexts) != 1:
            return None
        node = nexts[0]
    label = graph.label(node)
    hidden = layer.hidden
    if node.op_type == "Gemm":
        attrs = graph.attributes(node)
        if (
            attrs.get("alpha", 1.0) != 1.0
            or attrs.get("beta", 1.0) != 1.0
            or attrs.get("transA", 0)
        ):
            raise graph.fail(label, "a Gemm with alpha, beta or transA is not supported")
        b = graph.tensor(node.input[1])
        weight = b.matrix() if attrs.get("transB", 0) else transpose(b.matrix())
        bias: FVector = tuple(Fraction(0) for _ in weight)
        if len(node.input) > 2 and node.input[2]:
            bias = _bias(graph, node.input[2], len(weight))
        ids.add(id(node))
        last = node
    elif node.op_type == "MatMul":
        b = graph.tensor(node.input[1])
        weight = transpose(b.matrix())
        ids.add(id(node))
        last = node
        adds = [c for out in node.output for c in graph.consumers.get(out, [])]
        bias = tuple(Fraction(0) for _ in weight)
        if len(adds) == 1 and adds[0].op_type == "Add":
            other = [i for i in adds[0].input if i != node.output[0]]
            bias = _bias(graph, other[0], len(weight))
            ids.add(id(adds[0]))
            last = adds[0]
    else:
        raise graph.fail(
            label,
            f"the operator {node.op_type} after the recurrent node is not "
            "supported (symlstm reads a Gemm or MatMul + Add readout)",
        )
    if not weight or len(weight[0]) != hidden:
        raise graph.fail(label, f"a readout needs a k × {hidden} weight")
    for consumer in [c for out in last.output for c in graph.consumers.get(out, [])]:
        if consumer.op_type in CLASS_PRESERVING:
            ids.add(id(consumer))
            for out in consumer.output:
                if graph.consumers.get(out):
                    raise graph.fail(
                        graph.label(graph.consumers[out][0]), "not supported after the readout"
                    )
        else:
            raise graph.fail(
                graph.label(consumer),
                f"the operator {consumer.op_type} after the readout is not supported",
            )
    name = f"{node.op_type} {node.name!r}" if node.name else node.op_type
    return LinearReadout(weight, bias, f"ONNX {name} ({len(weight)} × {hidden})"), ids


def _bias(graph: _Graph, name: str, k: int) -> FVector:
    t = graph.tensor(name)
    if len(t.values) != k:
        raise graph.fail(name, f"expected a bias of {k} entries, got shape {list(t.shape)}")
    return t.values


def _check_rest(graph: _Graph, node: Any, chain: set[int]) -> None:
    """Every other node must be shape bookkeeping."""
    for other in graph.nodes:
        if other is node or id(other) in chain:
            continue
        if other.op_type == "Gather" and other.output and other.output[0] == node.input[0]:
            continue  # the embedding
        if other.op_type not in PLUMBING:
            raise graph.fail(
                graph.label(other),
                f"the operator {other.op_type} is not supported "
                "(symlstm reads LSTM, GRU, RNN and a Gemm or MatMul + Add readout)",
            )


__all__ = ["read_onnx"]
