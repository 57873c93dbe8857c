"""What an importer finds in a file, in symlstm's terms, and the model file it writes.

Each framework stores a recurrent layer in its own layout (gate order, transposed kernels,
two biases); the functions here turn those layouts into symlstm's parameters, exactly:
two biases are added as rationals, never as floats. :func:`model_text` writes the result
as a model file in which every number is its exact decimal value (a float32 is a dyadic
rational p / 2^k and has an exact decimal expansion of k digits after the point).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

FVector = tuple[Fraction, ...]
FMatrix = tuple[FVector, ...]


@dataclass(frozen=True)
class ImportOptions:
    """What the file cannot say: which layer, which readout, which alphabet.

    ``readout``: a layer name, ``"none"`` for no readout layer, or None to take the one
    layer that fits (if there is exactly one). ``alphabet``: the input symbols, or None for
    the default ({0, 1} for a scalar input, the one-hot vectors or the embedding's rows for
    more). ``units``: a round readout of these units when there is no readout layer.
    """

    layer: str | None = None
    readout: str | None = None
    embedding: str | None = None
    alphabet: tuple[FVector, ...] | None = None
    one_hot: bool = False
    units: tuple[int, ...] | None = None
    name: str | None = None


@dataclass(frozen=True)
class Layer:
    """A recurrent layer as symlstm's parameters (``W_fh`` …), exact."""

    cell: str
    hidden: int
    inputs: int
    matrices: tuple[tuple[str, FMatrix], ...]
    vectors: tuple[tuple[str, FVector], ...]
    origin: str  # e.g. "nn.LSTM 'rnn.' (weight_ih_l0, weight_hh_l0, bias_ih_l0 + bias_hh_l0)"
    initial: tuple[tuple[str, FVector], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinearReadout:
    """A linear layer after the cell: argmax over its k outputs, or logistic when k = 1."""

    weight: FMatrix
    bias: FVector
    origin: str

    @property
    def kind(self) -> str:
        return "logistic" if len(self.weight) == 1 else "argmax"


@dataclass(frozen=True)
class Imported:
    """Everything an importer found; :func:`model_text` writes it as a model file."""

    layer: Layer
    readout: LinearReadout | None
    alphabet: tuple[FVector, ...]
    source: str
    sha256: str
    format: str
    notes: tuple[str, ...] = field(default=())


def transpose(rows: FMatrix) -> FMatrix:
    return tuple(zip(*rows, strict=True)) if rows else ()


def add(*vectors: FVector) -> FVector:
    """The exact sum of biases (each a dyadic rational: the sum is exact too)."""
    return tuple(sum(parts, Fraction(0)) for parts in zip(*vectors, strict=True))


def row_blocks(rows: FMatrix, count: int) -> list[FMatrix]:
    """``count`` equal blocks of rows (the gates of a stacked weight)."""
    size = len(rows) // count
    return [tuple(rows[k * size : (k + 1) * size]) for k in range(count)]


def vector_blocks(values: FVector, count: int) -> list[FVector]:
    size = len(values) // count
    return [tuple(values[k * size : (k + 1) * size]) for k in range(count)]


def lstm_layer(
    order: str,
    w_x: FMatrix,
    w_h: FMatrix,
    biases: Sequence[FVector],
    hidden: int,
    origin: str,
    *,
    peepholes: FVector | None = None,
    peephole_order: str = "ifo",
    notes: tuple[str, ...] = (),
) -> Layer:
    """An LSTM from stacked gate blocks (rows of ``w_x``: 4H × I, ``w_h``: 4H × H) in the
    framework's ``order`` (PyTorch "ifco" — its g is the course's candidate c —, ONNX
    "iofc"); the biases of the stack are added exactly."""
    bias = add(*biases) if biases else tuple(Fraction(0) for _ in range(4 * hidden))
    wx, wh, b = row_blocks(w_x, 4), row_blocks(w_h, 4), vector_blocks(bias, 4)
    matrices: list[tuple[str, FMatrix]] = []
    vectors: list[tuple[str, FVector]] = []
    for unit in "fioc":
        k = order.index(unit)
        matrices.append((f"W_{unit}h", wh[k]))
        matrices.append((f"W_{unit}x", wx[k]))
        vectors.append((f"b_{unit}", b[k]))
    cell = "lstm"
    if peepholes is not None and any(peepholes):
        cell = "lstm-peephole"
        p = vector_blocks(peepholes, 3)
        for unit in "fio":
            vectors.append((f"p_{unit}", p[peephole_order.index(unit)]))
    inputs = len(w_x[0]) if w_x else 1
    return Layer(cell, hidden, inputs, tuple(matrices), tuple(vectors), origin, notes=notes)


def gru_layer(
    order: str,
    w_x: FMatrix,
    w_h: FMatrix,
    b_x: FVector | None,
    b_h: FVector | None,
    hidden: int,
    origin: str,
    *,
    reset_after: bool,
    notes: tuple[str, ...] = (),
) -> Layer:
    """A GRU from stacked blocks in ``order`` (PyTorch "rzn", Keras and ONNX "zrn").

    ``reset_after`` (PyTorch, Keras ``reset_after=True``, ONNX ``linear_before_reset=1``):
    n = tanh(W_nx x + b_n + r ⊙ (W_nh h + b_nh)), symlstm's ``gru``; otherwise the reset
    gate multiplies h before the product (Cho et al. 2014), symlstm's ``gru-reset-before``,
    whose single candidate bias is the sum of the two."""
    zero = tuple(Fraction(0) for _ in range(3 * hidden))
    bx, bh = vector_blocks(b_x or zero, 3), vector_blocks(b_h or zero, 3)
    wx, wh = row_blocks(w_x, 3), row_blocks(w_h, 3)
    matrices: list[tuple[str, FMatrix]] = []
    vectors: list[tuple[str, FVector]] = []
    for unit in "rzn":
        k = order.index(unit)
        matrices.append((f"W_{unit}h", wh[k]))
        matrices.append((f"W_{unit}x", wx[k]))
        if unit == "n" and reset_after:
            vectors.append(("b_n", bx[k]))
            vectors.append(("b_nh", bh[k]))
        else:
            vectors.append((f"b_{unit}", add(bx[k], bh[k])))
    cell = "gru" if reset_after else "gru-reset-before"
    inputs = len(w_x[0]) if w_x else 1
    return Layer(cell, hidden, inputs, tuple(matrices), tuple(vectors), origin, notes=notes)


def rnn_layer(
    w_x: FMatrix,
    w_h: FMatrix,
    biases: Sequence[FVector],
    hidden: int,
    origin: str,
    *,
    notes: tuple[str, ...] = (),
) -> Layer:
    bias = add(*biases) if biases else tuple(Fraction(0) for _ in range(hidden))
    inputs = len(w_x[0]) if w_x else 1
    return Layer(
        "rnn",
        hidden,
        inputs,
        (("W_ss", w_h), ("W_sx", w_x)),
        (("b_s", bias),),
        origin,
        notes=notes,
    )


# ---- the model file ---------------------------------------------------------------------


def exact_decimal(value: Fraction) -> str:
    """The exact decimal expansion of a dyadic rational (every binary float is one); any
    other rational as the string ``"p/q"``."""
    q = value.denominator
    if q & (q - 1):
        return f'"{value.numerator}/{q}"'
    k = q.bit_length() - 1
    sign = "-" if value < 0 else ""
    scaled = abs(value.numerator) * 5**k  # value = scaled / 10^k
    if k == 0:
        return f"{sign}{scaled}"
    whole, frac = divmod(scaled, 10**k)
    return f"{sign}{whole}.{frac:0{k}d}"


def _vector(values: FVector) -> str:
    if len(values) == 1:
        return exact_decimal(values[0])
    return "[" + ", ".join(exact_decimal(v) for v in values) + "]"


def _matrix(rows: FMatrix) -> str:
    if len(rows) == 1 and len(rows[0]) == 1:
        return exact_decimal(rows[0][0])
    return "[" + ", ".join("[" + ", ".join(exact_decimal(v) for v in r) + "]" for r in rows) + "]"


def _symbol(symbol: FVector) -> str:
    return exact_decimal(symbol[0]) if len(symbol) == 1 else _vector(symbol)


def model_text(
    imported: Imported, *, name: str, description: str, units: tuple[int, ...] | None = None
) -> str:
    layer = imported.layer
    lines = [
        f"name = {json.dumps(name, ensure_ascii=False)}",
        f"description = {json.dumps(description, ensure_ascii=False)}",
        f'cell = "{layer.cell}"',
        f"hidden = {layer.hidden}",
        f"inputs = {layer.inputs}",
        "alphabet = [" + ", ".join(_symbol(s) for s in imported.alphabet) + "]",
        "",
        "[params]",
    ]
    for key, rows in layer.matrices:
        lines.append(f"{key} = {_matrix(rows)}")
    for key, values in layer.vectors:
        lines.append(f"{key} = {_vector(values)}")
    if layer.initial:
        lines += ["", "[initial]"]
        lines += [f"{state} = {_vector(values)}" for state, values in layer.initial]
    readout = imported.readout
    if readout is not None:
        lines += ["", "[readout]", f'kind = "{readout.kind}"']
        lines.append(f"weight = {_matrix_rows(readout.weight)}")
        lines.append(f"bias = [{', '.join(exact_decimal(v) for v in readout.bias)}]")
    elif units is not None:
        lines += ["", "[readout]", 'kind = "round"', f"units = [{', '.join(map(str, units))}]"]
    return "\n".join(lines) + "\n"


def _matrix_rows(rows: FMatrix) -> str:
    return "[" + ", ".join("[" + ", ".join(exact_decimal(v) for v in r) + "]" for r in rows) + "]"


__all__ = [
    "FMatrix",
    "FVector",
    "ImportOptions",
    "Imported",
    "Layer",
    "LinearReadout",
    "add",
    "exact_decimal",
    "gru_layer",
    "lstm_layer",
    "model_text",
    "rnn_layer",
    "transpose",
]
