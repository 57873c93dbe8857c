"""PyTorch ``state_dict`` names, read as symlstm layers (from a .pt/.pth or .safetensors).

``nn.LSTM``, ``nn.GRU`` and ``nn.RNN`` store ``<prefix>weight_ih_l0`` (G·H × I),
``weight_hh_l0`` (G·H × H) and the biases ``bias_ih_l0``, ``bias_hh_l0``; ``nn.LSTMCell``
and friends the same names without ``_l0``. G = 4 (gates i, f, g, o), 3 (r, z, n) or 1
tells the kind. A following ``nn.Linear`` (``<prefix>weight`` k × H, ``<prefix>bias``) is
the readout; an ``nn.Embedding`` (``<prefix>weight`` V × I, no bias) gives the alphabet.
Refused: more than one layer, bidirectional layers, ``proj_size``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from symlstm.errors import ModelError
from symlstm.model.importers.layers import (
    FMatrix,
    FVector,
    Imported,
    ImportOptions,
    Layer,
    LinearReadout,
    gru_layer,
    lstm_layer,
    rnn_layer,
)
from symlstm.model.importers.tensors import LazyTensor, Tensor

_RECURRENT = re.compile(r"(.*?)weight_hh(_l\d+)?(_reverse)?")


def _load(
    source: str, tensors: Mapping[str, LazyTensor], key: str, shape: tuple[int, ...]
) -> Tensor:
    tensor = tensors[key]
    if tensor.shape != shape:
        raise ModelError(source, key, f"expected shape {list(shape)}, got {list(tensor.shape)}")
    return tensor.load()


def _recurrent_prefixes(tensors: Mapping[str, LazyTensor]) -> list[str]:
    prefixes = []
    for key in sorted(tensors):
        match = _RECURRENT.fullmatch(key)
        if match and match.group(2) in (None, "_l0") and match.group(3) is None:
            prefixes.append(match.group(1))
    return prefixes


def read_layer(
    source: str, tensors: Mapping[str, LazyTensor], options: ImportOptions
) -> tuple[str, Layer]:
    """The layer's prefix in the state_dict (``"rnn."``) and the layer."""
    prefixes = _recurrent_prefixes(tensors)
    if not prefixes:
        raise ModelError(
            source,
            "",
            "no recurrent layer found (expected weight_hh_l0 or weight_hh, as "
            "nn.LSTM, nn.GRU, nn.RNN and their cells store them)",
        )
    if options.layer is not None:
        wanted = (
            options.layer
            if options.layer.endswith(".") or not options.layer
            else options.layer + "."
        )
        if wanted not in prefixes and options.layer not in prefixes:
            shown = ", ".join(repr(p.rstrip(".")) for p in prefixes)
            raise ModelError(
                source, "--layer", f"no recurrent layer {options.layer!r} (found {shown})"
            )
        prefix = wanted if wanted in prefixes else options.layer
    elif len(prefixes) > 1:
        shown = ", ".join(repr(p.rstrip(".")) for p in prefixes)
        raise ModelError(source, "", f"several recurrent layers ({shown}); choose one with --layer")
    else:
        prefix = prefixes[0]
    suffix = "_l0" if f"{prefix}weight_hh_l0" in tensors else ""
    for key in sorted(tensors):
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        if re.fullmatch(r"(weight|bias)_(ih|hh)_l[1-9]\d*", rest):
            raise ModelError(
                source,
                key,
                "a recurrent layer of more than one layer; symlstm analyses one "
                "layer on the model's own inputs (num_layers = 1)",
            )
        if rest.endswith("_reverse"):
            raise ModelError(source, key, "a bidirectional layer; symlstm reads forward layers")
        if rest.startswith("weight_hr"):
            raise ModelError(source, key, "an LSTM with proj_size > 0 is not supported")
    hh = tensors[f"{prefix}weight_hh{suffix}"]
    ih_key = f"{prefix}weight_ih{suffix}"
    if ih_key not in tensors:
        raise ModelError(source, ih_key, "missing (the layer's input weights)")
    if len(hh.shape) != 2 or hh.shape[1] == 0 or hh.shape[0] % hh.shape[1]:
        raise ModelError(
            source, hh.name, f"expected a (G·H) × H matrix, got shape {list(hh.shape)}"
        )
    hidden = hh.shape[1]
    gates = hh.shape[0] // hidden
    ih = tensors[ih_key]
    if len(ih.shape) != 2 or ih.shape[0] != gates * hidden:
        raise ModelError(
            source, ih_key, f"expected {gates * hidden} rows, got shape {list(ih.shape)}"
        )
    inputs = ih.shape[1]
    w_h = _load(source, tensors, hh.name, (gates * hidden, hidden)).matrix()
    w_x = _load(source, tensors, ih_key, (gates * hidden, inputs)).matrix()
    biases: list[FVector] = []
    names = []
    for which in ("ih", "hh"):
        key = f"{prefix}bias_{which}{suffix}"
        if key in tensors:
            biases.append(_load(source, tensors, key, (gates * hidden,)).values)
            names.append(key)
    module = {4: "LSTM", 3: "GRU", 1: "RNN"}.get(gates)
    if module is None:
        raise ModelError(
            source, hh.name, f"{gates} gate blocks: not an LSTM (4), GRU (3) or RNN (1)"
        )
    cell = "Cell" if not suffix else ""
    bias_text = " + ".join(names) if names else "no biases"
    origin = (
        f"nn.{module}{cell} {prefix.rstrip('.') or '(top level)'} "
        f"({ih_key}, {hh.name}, {bias_text})"
    )
    if gates == 4:
        return prefix, lstm_layer("ifco", w_x, w_h, biases, hidden, origin)
    if gates == 3:
        b_x = biases[0] if f"{prefix}bias_ih{suffix}" in names else None
        b_h = biases[-1] if f"{prefix}bias_hh{suffix}" in names else None
        return prefix, gru_layer("rzn", w_x, w_h, b_x, b_h, hidden, origin, reset_after=True)
    note = "a state_dict does not record nn.RNN's nonlinearity: tanh (the default) is assumed"
    return prefix, rnn_layer(w_x, w_h, biases, hidden, origin, notes=(note,))


def _linear_candidates(
    tensors: Mapping[str, LazyTensor], columns: int, recurrent: str, with_bias: bool
) -> list[str]:
    found = []
    for key in sorted(tensors):
        if not key.endswith("weight") or key.startswith(recurrent + "weight_"):
            continue
        prefix = key[: -len("weight")]
        if prefix == recurrent:
            continue
        shape = tensors[key].shape
        has_bias = f"{prefix}bias" in tensors
        if len(shape) == 2 and shape[1] == columns and (has_bias or not with_bias):
            found.append(prefix)
    return found


def read_readout(
    source: str,
    tensors: Mapping[str, LazyTensor],
    layer: Layer,
    prefix: str,
    options: ImportOptions,
) -> LinearReadout | None:
    if options.readout == "none":
        return None
    if options.readout is not None:
        wanted = options.readout.rstrip(".") + "."
        if f"{wanted}weight" not in tensors:
            raise ModelError(source, "--readout", f"no layer {options.readout!r} with a weight")
        candidates = [wanted]
    else:
        candidates = [
            p
            for p in _linear_candidates(tensors, layer.hidden, prefix, True)
            if p.rstrip(".") != (options.embedding or "").rstrip(".")
        ]
        if not candidates:
            return None
        if len(candidates) > 1:
            shown = ", ".join(repr(p.rstrip(".")) for p in candidates)
            raise ModelError(
                source,
                "",
                f"several layers could read the state ({shown}); choose one with "
                "--readout (or --readout none)",
            )
    name = candidates[0]
    weight_tensor = tensors[f"{name}weight"]
    if len(weight_tensor.shape) != 2 or weight_tensor.shape[1] != layer.hidden:
        raise ModelError(
            source,
            weight_tensor.name,
            f"a readout needs a k × {layer.hidden} weight, got shape {list(weight_tensor.shape)}",
        )
    k = weight_tensor.shape[0]
    weight: FMatrix = weight_tensor.load().matrix()
    bias: FVector = tuple(Fraction(0) for _ in range(k))
    if f"{name}bias" in tensors:
        bias = _load(source, tensors, f"{name}bias", (k,)).values
    return LinearReadout(weight, bias, f"nn.Linear {name.rstrip('.')} ({k} × {layer.hidden})")


def read_alphabet(
    source: str,
    tensors: Mapping[str, LazyTensor],
    layer: Layer,
    prefix: str,
    options: ImportOptions,
) -> tuple[tuple[FVector, ...], str]:
    """The input symbols and how they were chosen."""
    if options.alphabet is not None:
        return options.alphabet, "given with --alphabet"
    if options.embedding is not None:
        key = options.embedding.rstrip(".") + ".weight"
        if key not in tensors:
            raise ModelError(source, "--embedding", f"no layer {options.embedding!r} with a weight")
        table = tensors[key]
        if len(table.shape) != 2 or table.shape[1] != layer.inputs:
            raise ModelError(
                source,
                key,
                f"an embedding needs V × {layer.inputs} rows, got shape {list(table.shape)}",
            )
        rows = table.load().matrix()
        if len(set(rows)) != len(rows):
            raise ModelError(source, key, "two symbols of the embedding have the same vector")
        return rows, f"the {len(rows)} rows of the embedding {key}"
    return default_alphabet(layer.inputs, options)


def default_alphabet(inputs: int, options: ImportOptions) -> tuple[tuple[FVector, ...], str]:
    one, zero = Fraction(1), Fraction(0)
    if inputs == 1 and not options.one_hot:
        return ((zero,), (one,)), "scalar inputs 0 and 1 (the default)"
    symbols = tuple(tuple(one if j == i else zero for j in range(inputs)) for i in range(inputs))
    return symbols, f"the {inputs} one-hot vectors"


def read_state_dict(
    source: str, sha256: str, fmt: str, tensors: Mapping[str, LazyTensor], options: ImportOptions
) -> Imported:
    prefix, layer = read_layer(source, tensors, options)
    readout = read_readout(source, tensors, layer, prefix, options)
    alphabet, how = read_alphabet(source, tensors, layer, prefix, options)
    return Imported(layer, readout, alphabet, source, sha256, fmt, notes=(f"alphabet: {how}",))


__all__ = ["default_alphabet", "read_alphabet", "read_layer", "read_readout", "read_state_dict"]
