"""A PyTorch ``torch.save`` file (a zip of a pickle and raw storages), read without torch
and without executing the pickle.

The pickle is read by a restricted unpickler: :meth:`_Unpickler.find_class` admits only the
names a ``state_dict`` is rebuilt from (``torch._utils._rebuild_tensor_v2``, the typed
storage classes, ``collections.OrderedDict``) and maps them to inert constructors of this
module; every other global (``os.system``, ``builtins.eval``, …) is refused before anything
is called. ``persistent_load`` only records which zip entry holds a storage; the bytes are
read (with a bound) when a tensor is used. Archive entries and the pickle are size-checked
before they are read, so a zip bomb costs nothing.
"""

from __future__ import annotations

import io
import pickle
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from symlstm.errors import ModelError
from symlstm.model.importers.tensors import DTYPES, LazyTensor, Tensor, decode, element_count

MAX_PICKLE_BYTES = 16 * 2**20
MAX_STORAGE_BYTES = 64 * 2**20
MAX_ENTRIES = 100_000

_STORAGES = {
    "FloatStorage": "float32",
    "DoubleStorage": "float64",
    "HalfStorage": "float16",
    "BFloat16Storage": "bfloat16",
    "LongStorage": "int64",
    "IntStorage": "int32",
    "ShortStorage": "int16",
    "CharStorage": "int8",
    "ByteStorage": "uint8",
    "BoolStorage": "bool",
}


@dataclass(frozen=True, slots=True)
class _StorageType:
    dtype: str


@dataclass(frozen=True, slots=True)
class _Storage:
    dtype: str
    key: str
    numel: int


@dataclass(frozen=True, slots=True)
class _TensorRef:
    storage: _Storage
    offset: int
    shape: tuple[int, ...]
    strides: tuple[int, ...]


class _Dict(dict[Any, Any]):
    """``collections.OrderedDict`` as a plain dict; its state (``_metadata``) is dropped."""

    def __setstate__(self, state: object) -> None:
        pass


def _ints(value: object) -> tuple[int, ...] | None:
    if isinstance(value, tuple) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return value
    return None


def _rebuild_tensor(
    storage: object, offset: object, size: object, stride: object, *_: object
) -> _TensorRef:
    shape, strides = _ints(size), _ints(stride)
    if (
        not isinstance(storage, _Storage)
        or isinstance(offset, bool)
        or not isinstance(offset, int)
        or offset < 0
        or shape is None
        or strides is None
        or len(shape) != len(strides)
    ):
        raise pickle.UnpicklingError("a malformed tensor record")
    return _TensorRef(storage, offset, shape, strides)


def _rebuild_parameter(data: object, *_: object) -> object:
    if not isinstance(data, _TensorRef):
        raise pickle.UnpicklingError("a malformed parameter record")
    return data


@dataclass(frozen=True, slots=True)
class _Constructor:
    """An admitted global: callable, and immutable (a pickle's BUILD cannot change it)."""

    build: Callable[..., object]

    def __call__(self, *args: object) -> object:
        return self.build(*args)


_ADMITTED: dict[tuple[str, str], object] = {
    ("torch._utils", "_rebuild_tensor_v2"): _Constructor(_rebuild_tensor),
    ("torch._utils", "_rebuild_tensor"): _Constructor(_rebuild_tensor),
    ("torch._utils", "_rebuild_parameter"): _Constructor(_rebuild_parameter),
    ("collections", "OrderedDict"): _Constructor(_Dict),
    **{("torch", name): _StorageType(dtype) for name, dtype in _STORAGES.items()},
}


class _Refused(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        admitted = _ADMITTED.get((module, name))
        if admitted is None:
            raise _Refused(f"{module}.{name}")
        return admitted

    def persistent_load(self, pid: Any) -> Any:
        if (
            not isinstance(pid, tuple)
            or len(pid) != 5
            or pid[0] != "storage"
            or not isinstance(pid[1], _StorageType)
            or not isinstance(pid[2], str)
            or not re.fullmatch(r"[A-Za-z0-9_]{1,64}", pid[2])
            or isinstance(pid[4], bool)
            or not isinstance(pid[4], int)
            or pid[4] < 0
        ):
            raise pickle.UnpicklingError("a malformed storage record")
        return _Storage(pid[1].dtype, pid[2], pid[4])


def _entry(archive: zipfile.ZipFile, source: str, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ModelError(source, name, "missing from the archive") from None
    if info.file_size > limit:
        raise ModelError(
            source, name, f"an archive entry of {info.file_size} bytes (at most {limit} are read)"
        )
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ModelError(source, name, f"cannot read the archive entry ({error})") from None
    if len(data) > limit:
        raise ModelError(source, name, f"an archive entry larger than {limit} bytes")
    return data


def read_torch_zip(source: str, data: bytes) -> Mapping[str, LazyTensor]:
    """The tensors of a ``torch.save``d state_dict: name -> lazily decoded tensor."""
    if not data.startswith(b"PK"):
        raise ModelError(
            source,
            "",
            "not a zip archive: torch.save writes a zip since PyTorch 1.6; "
            "older (legacy) files are refused, as reading them needs the pickle executed",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ModelError(source, "", f"not a readable zip archive ({error})") from None
    if len(names) > MAX_ENTRIES:
        raise ModelError(source, "", f"an archive of {len(names)} entries")
    pickles = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1] or [
        n for n in names if n == "data.pkl"
    ]
    if len(pickles) != 1:
        raise ModelError(source, "", "expected one data.pkl in the archive (a torch.save file)")
    root = pickles[0][: -len("data.pkl")]
    big_endian = False
    if f"{root}byteorder" in names:
        order = _entry(archive, source, f"{root}byteorder", 16).strip()
        if order not in (b"little", b"big"):
            raise ModelError(source, f"{root}byteorder", f"expected little or big, got {order!r}")
        big_endian = order == b"big"
    pickled = _entry(archive, source, pickles[0], MAX_PICKLE_BYTES)
    try:
        loaded = _Unpickler(io.BytesIO(pickled)).load()
    except _Refused as refused:
        raise ModelError(
            source,
            pickles[0],
            f"the pickle asks for {refused.name}, which a state_dict of "
            "tensors never needs; refused (nothing was executed)",
        ) from None
    except Exception as error:  # whatever a malformed pickle makes the unpickler raise
        raise ModelError(source, pickles[0], f"not a state_dict pickle ({error})") from None
    if not isinstance(loaded, dict):
        raise ModelError(
            source, pickles[0], "expected a state_dict (a mapping of names to tensors)"
        )
    tensors: dict[str, LazyTensor] = {}
    for key, value in loaded.items():
        if not isinstance(key, str):
            raise ModelError(source, pickles[0], f"expected tensor names, got the key {key!r}")
        if not isinstance(value, _TensorRef):
            continue  # e.g. an int or None that some modules keep; never a layer weight
        element_count(source, key, value.shape)
        tensors[key] = LazyTensor(
            key,
            value.shape,
            value.storage.dtype,
            _reader(source, archive, f"{root}data/{value.storage.key}", key, value, big_endian),
        )
    return tensors


def _reader(
    source: str, archive: zipfile.ZipFile, entry: str, key: str, ref: _TensorRef, big_endian: bool
) -> Any:
    def read() -> Tensor:
        size = DTYPES[ref.storage.dtype][0]
        expected = ref.storage.numel * size
        if expected > MAX_STORAGE_BYTES:
            raise ModelError(
                source, key, f"a storage of {expected} bytes (at most {MAX_STORAGE_BYTES})"
            )
        raw = _entry(archive, source, entry, max(expected, 0))
        if len(raw) != expected:
            raise ModelError(
                source, key, f"its storage {entry} has {len(raw)} bytes, expected {expected}"
            )
        return decode(
            source,
            key,
            raw,
            ref.storage.dtype,
            ref.shape,
            big_endian=big_endian,
            offset=ref.offset,
            strides=ref.strides,
        )

    return read


__all__ = ["read_torch_zip"]
