"""Keras 3 files: ``.keras`` (a zip of ``config.json`` and ``model.weights.h5``) and
``.weights.h5``, read with h5py as data.

Keras 3 keeps each layer's variables under ``layers/<snake_case class name>[_k]/``
(``cell/vars/0…`` for recurrent layers, ``vars/0…`` for others). ``LSTM`` (kernel I × 4H
with gates i, f, c, o; recurrent kernel; bias 4H), ``GRU`` (gates z, r, h; bias 2 × 3H when
``reset_after``, else 3H), ``SimpleRNN``, ``Dense`` and ``Embedding`` are read. A ``.keras``
file's config is checked (activations, ``go_backwards``, ``reset_after``); a bare
``.weights.h5`` has no config, so the defaults are assumed and the model says so.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
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
from symlstm.model.importers.torch_zip import _entry

MAX_CONFIG_BYTES = 16 * 2**20
MAX_WEIGHTS_BYTES = 256 * 2**20

RECURRENT = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "SimpleRNN"}
CLASSES = {**RECURRENT, "dense": "Dense", "embedding": "Embedding"}
READOUT_ACTIVATIONS = ("linear", "sigmoid", "softmax", None)


def _h5py() -> Any:
    try:
        import h5py
    except ImportError:
        raise ModelError(
            "h5py", "", "reading Keras files needs h5py (pip install 'symlstm[import]')"
        ) from None
    return h5py


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("simple_r_n_n", "simple_rnn")


def read_keras(source: str, sha256: str, data: bytes, options: ImportOptions) -> Imported:
    h5py = _h5py()
    configs: dict[str, dict[str, Any]] = {}
    if data.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ModelError(source, "", f"not a readable .keras archive ({error})") from None
        config_text = _entry(archive, source, "config.json", MAX_CONFIG_BYTES)
        weights = _entry(archive, source, "model.weights.h5", MAX_WEIGHTS_BYTES)
        configs = _layer_configs(source, config_text)
        fmt = "Keras 3 .keras"
    else:
        weights = data
        fmt = "Keras 3 weights (.weights.h5, no config: default activations assumed)"
    try:
        handle = h5py.File(io.BytesIO(weights), "r")
    except Exception as error:  # h5py raises OSError and others on a malformed file
        raise ModelError(
            source, "", f"not a readable HDF5 weights file ({type(error).__name__})"
        ) from None
    with handle:
        groups = _groups(source, handle)
        recurrent = [g for g in groups if _base(g) in RECURRENT]
        if options.layer is not None:
            recurrent = [g for g in recurrent if g == options.layer]
            if not recurrent:
                raise ModelError(
                    source,
                    "--layer",
                    f"no recurrent layer {options.layer!r} "
                    f"(found {', '.join(g for g in groups if _base(g) in RECURRENT)})",
                )
        if not recurrent:
            raise ModelError(source, "", "no LSTM, GRU or SimpleRNN layer in the file")
        if len(recurrent) > 1:
            raise ModelError(
                source,
                "",
                f"several recurrent layers ({', '.join(recurrent)}); choose one with --layer",
            )
        group = recurrent[0]
        config = configs.get(group, {})
        layer = _recurrent(source, handle, group, config, bool(configs))
        readout = _readout(source, handle, groups, layer, configs, options)
        alphabet, how = _alphabet(source, handle, groups, layer, options)
    return Imported(layer, readout, alphabet, source, sha256, fmt, notes=(f"alphabet: {how}",))


def _base(group: str) -> str:
    return re.sub(r"_\d+$", "", group)


def _layer_configs(source: str, text: bytes) -> dict[str, dict[str, Any]]:
    """Each layer's config, keyed by the h5 group that holds its variables."""
    try:
        config = json.loads(text.decode("utf-8"))
        layers = config["config"]["layers"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise ModelError(
            source, "config.json", "expected a Keras functional or sequential model config"
        ) from None
    result: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    if not isinstance(layers, list):
        raise ModelError(source, "config.json", "expected a list of layers")
    for layer in layers:
        if not isinstance(layer, dict) or not isinstance(layer.get("class_name"), str):
            continue
        base = _snake(layer["class_name"])
        k = counts.get(base, 0)
        counts[base] = k + 1
        group = base if k == 0 else f"{base}_{k}"
        inner = layer.get("config")
        result[group] = {
            "class_name": layer["class_name"],
            **(inner if isinstance(inner, dict) else {}),
        }
    return result


def _groups(source: str, handle: Any) -> list[str]:
    layers = handle.get("layers")
    if layers is None:
        raise ModelError(source, "", "no layers group: not a Keras 3 weights file")
    return sorted(layers.keys())


def _vars(source: str, handle: Any, path: str) -> list[Tensor]:
    group = handle.get(path)
    if group is None:
        return []
    tensors = []
    for k in range(len(group.keys())):
        dataset = group.get(str(k))
        if dataset is None or not hasattr(dataset, "shape"):
            raise ModelError(source, f"{path}/{k}", "expected a dataset")
        shape = tuple(int(d) for d in dataset.shape)
        count = 1
        for d in shape:
            count *= d
        if count > MAX_ELEMENTS:
            raise ModelError(
                source, f"{path}/{k}", f"a tensor of {count} elements (at most {MAX_ELEMENTS})"
            )
        if dataset.dtype.kind != "f":
            raise ModelError(source, f"{path}/{k}", f"expected floats, got {dataset.dtype}")
        array = dataset[()]
        values = []
        for v in array.reshape(-1).tolist():
            if v != v or v in (float("inf"), float("-inf")):
                raise ModelError(source, f"{path}/{k}", f"expected finite weights, got {v}")
            values.append(Fraction(v))
        tensors.append(Tensor(f"{path}/{k}", shape, tuple(values), str(dataset.dtype)))
    return tensors


def _check(source: str, group: str, config: dict[str, Any], key: str, expected: object) -> None:
    if key in config and config[key] != expected:
        raise ModelError(
            source, f"{group}.{key}", f"{config[key]!r} is not supported (expected {expected!r})"
        )


def _recurrent(
    source: str, handle: Any, group: str, config: dict[str, Any], has_config: bool
) -> Layer:
    kind = RECURRENT[_base(group)]
    tensors = _vars(source, handle, f"layers/{group}/cell/vars")
    if len(tensors) not in (2, 3):
        raise ModelError(
            source,
            group,
            f"expected a kernel, a recurrent kernel and a bias, got {len(tensors)} variables",
        )
    kernel, recurrent = tensors[0], tensors[1]
    bias = tensors[2] if len(tensors) == 3 else None
    if kernel.rank != 2 or recurrent.rank != 2:
        raise ModelError(source, group, "expected 2-D kernels")
    hidden = recurrent.shape[0]
    _check(source, group, config, "go_backwards", False)
    _check(source, group, config, "activation", "tanh")
    if kind != "SimpleRNN":
        _check(source, group, config, "recurrent_activation", "sigmoid")
    origin = f"Keras {kind} {group!r}"
    w_x = transpose(kernel.matrix())  # Keras: x @ kernel; symlstm: W x
    w_h = transpose(recurrent.matrix())
    notes: tuple[str, ...] = () if has_config else (f"{kind}: default activations assumed",)
    if kind == "LSTM":
        return lstm_layer(
            "ifco", w_x, w_h, [bias.values] if bias else [], hidden, origin, notes=notes
        )
    if kind == "GRU":
        reset_after = bias is not None and bias.rank == 2
        if "reset_after" in config:
            reset_after = bool(config["reset_after"])
        b_x: FVector | None = None
        b_h: FVector | None = None
        if bias is not None:
            if bias.rank == 2:
                if not reset_after:
                    raise ModelError(source, group, "a 2 × 3H bias with reset_after = false")
                b_x, b_h = bias.matrix()[0], bias.matrix()[1]
            else:
                b_x = bias.values
        return gru_layer(
            "zrn",
            w_x,
            w_h,
            b_x,
            b_h,
            hidden,
            origin + f" (reset_after={reset_after})",
            reset_after=reset_after,
            notes=notes,
        )
    return rnn_layer(w_x, w_h, [bias.values] if bias else [], hidden, origin, notes=notes)


def _readout(
    source: str,
    handle: Any,
    groups: list[str],
    layer: Layer,
    configs: dict[str, dict[str, Any]],
    options: ImportOptions,
) -> LinearReadout | None:
    if options.readout == "none":
        return None
    dense = [g for g in groups if _base(g) == "dense"]
    if options.readout is not None:
        if options.readout not in dense:
            raise ModelError(
                source,
                "--readout",
                f"no Dense layer {options.readout!r} (found {', '.join(dense) or 'none'})",
            )
        dense = [options.readout]
    candidates = []
    for g in dense:
        tensors = _vars(source, handle, f"layers/{g}/vars")
        if tensors and tensors[0].rank == 2 and tensors[0].shape[0] == layer.hidden:
            candidates.append((g, tensors))
    if not candidates:
        return None
    if len(candidates) > 1:
        raise ModelError(
            source,
            "",
            f"several Dense layers could read the state ({', '.join(g for g, _ in candidates)}); "
            "choose one with --readout",
        )
    group, tensors = candidates[0]
    activation = configs.get(group, {}).get("activation")
    if activation not in READOUT_ACTIVATIONS:
        raise ModelError(
            source,
            f"{group}.activation",
            f"{activation!r} is not supported (linear, sigmoid or softmax keep the class)",
        )
    weight = transpose(tensors[0].matrix())
    k = len(weight)
    bias = tensors[1].values if len(tensors) > 1 else tuple(Fraction(0) for _ in range(k))
    return LinearReadout(weight, bias, f"Keras Dense {group!r} ({k} × {layer.hidden})")


def _alphabet(
    source: str, handle: Any, groups: list[str], layer: Layer, options: ImportOptions
) -> tuple[tuple[FVector, ...], str]:
    if options.alphabet is not None:
        return options.alphabet, "given with --alphabet"
    embeddings = [g for g in groups if _base(g) == "embedding"]
    if options.embedding is not None:
        if options.embedding not in embeddings:
            raise ModelError(source, "--embedding", f"no Embedding layer {options.embedding!r}")
        embeddings = [options.embedding]
    if len(embeddings) == 1:
        (table,) = _vars(source, handle, f"layers/{embeddings[0]}/vars")[:1]
        if table.rank != 2 or table.shape[1] != layer.inputs:
            raise ModelError(source, embeddings[0], f"an embedding needs V × {layer.inputs} rows")
        rows = table.matrix()
        if len(set(rows)) != len(rows):
            raise ModelError(
                source, embeddings[0], "two symbols of the embedding have the same vector"
            )
        return rows, f"the {len(rows)} rows of the embedding {embeddings[0]!r}"
    if len(embeddings) > 1:
        raise ModelError(source, "", "several Embedding layers; choose one with --embedding")
    return default_alphabet(layer.inputs, options)


__all__ = ["read_keras"]
