"""Trained networks in: PyTorch, safetensors, Keras and ONNX weight files as model files.

:func:`import_file` reads a weight file (the format chosen by its suffix), finds one
recurrent layer (and, where there is one, a linear readout and an embedding), and returns
the model file that describes it exactly: every float32 weight written as its exact decimal
value, two biases added exactly, the file, layer and sha256 named in the description.
Nothing from the file is executed: PyTorch's pickle is read by a restricted unpickler,
safetensors headers are parsed by hand with limits, Keras and ONNX files are read as data.

| suffix | format |
| --- | --- |
| ``.pt``, ``.pth`` | ``torch.save`` of a ``state_dict`` (zip) |
| ``.safetensors`` | safetensors |
| ``.keras``, ``.weights.h5``, ``.h5`` | Keras 3 (needs h5py) |
| ``.onnx`` | ONNX (needs the onnx package) |
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from symlstm.errors import ModelError
from symlstm.model.files import model_from_toml
from symlstm.model.importers.layers import Imported, ImportOptions, model_text
from symlstm.model.model import Model

MAX_FILE_BYTES = 256 * 2**20

FORMATS = {
    ".pt": "PyTorch state_dict",
    ".pth": "PyTorch state_dict",
    ".safetensors": "safetensors",
    ".keras": "Keras",
    ".h5": "Keras weights",
    ".onnx": "ONNX",
}


@dataclass(frozen=True)
class ImportResult:
    """The model file's text and the model it describes (read back by the model reader)."""

    text: str
    model: Model
    imported: Imported


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def read_weights(path: Path, options: ImportOptions) -> Imported:
    source = str(path)
    suffix = _suffix(path)
    if suffix not in FORMATS:
        raise ModelError(
            source, "", "unknown weight file suffix; expected one of " + ", ".join(FORMATS)
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ModelError(source, "", f"cannot read the file ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ModelError(source, "", f"a file of {size} bytes (at most {MAX_FILE_BYTES} are read)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelError(source, "", f"cannot read the file ({error.strerror})") from None
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in (".pt", ".pth"):
        from symlstm.model.importers.torch_state import read_state_dict
        from symlstm.model.importers.torch_zip import read_torch_zip

        return read_state_dict(
            source, sha256, FORMATS[suffix], read_torch_zip(source, data), options
        )
    if suffix == ".safetensors":
        from symlstm.model.importers.safetensors_file import read_safetensors
        from symlstm.model.importers.torch_state import read_state_dict

        return read_state_dict(
            source, sha256, FORMATS[suffix], read_safetensors(source, data), options
        )
    if suffix in (".keras", ".h5"):
        from symlstm.model.importers.keras_file import read_keras

        return read_keras(source, sha256, data, options)
    from symlstm.model.importers.onnx_file import read_onnx

    return read_onnx(source, sha256, data, options)


def describe(imported: Imported) -> str:
    layer = imported.layer
    parts = [
        f"Imported by symlstm from {Path(imported.source).name} ({imported.format}, "
        f"sha256 {imported.sha256})",
        f"layer {layer.origin}",
    ]
    if imported.readout is not None:
        parts.append(f"readout {imported.readout.origin}, {imported.readout.kind}")
    parts.append(
        "weights exact: every float written as its exact decimal value, biases added exactly"
    )
    parts += list(layer.notes) + list(imported.notes)
    return "; ".join(parts)


def import_file(path: Path, options: ImportOptions | None = None) -> ImportResult:
    """Read a weight file into a model file's text (and the model it describes)."""
    options = options or ImportOptions()
    imported = read_weights(path, options)
    units = options.units
    if units is not None:
        if imported.readout is not None:
            raise ModelError(
                str(path),
                "--units",
                "the file has a readout layer; give --readout none to read units instead",
            )
        for u in units:
            if not 0 <= u < imported.layer.hidden:
                raise ModelError(
                    str(path),
                    "--units",
                    f"expected unit indices 0 to {imported.layer.hidden - 1}, got {u}",
                )
    name = options.name or path.name.split(".")[0]
    text = model_text(imported, name=name, description=describe(imported), units=units)
    model = model_from_toml(text, f"{path} (imported)", name)
    return ImportResult(text, model, imported)


__all__ = ["FORMATS", "ImportOptions", "ImportResult", "Imported", "import_file", "read_weights"]
