"""A ``.safetensors`` file, parsed by hand: an 8-byte little-endian header length, a JSON
header (name -> dtype, shape, data offsets), then the raw data. The header is bounded and
checked before anything else is read; no safetensors package is needed."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from typing import Any

from symlstm.errors import ModelError
from symlstm.model.importers.tensors import DTYPES, LazyTensor, Tensor, decode, element_count

MAX_HEADER_BYTES = 16 * 2**20

_DTYPES = {
    "F64": "float64",
    "F32": "float32",
    "F16": "float16",
    "BF16": "bfloat16",
    "I64": "int64",
    "I32": "int32",
    "I16": "int16",
    "I8": "int8",
    "U8": "uint8",
    "BOOL": "bool",
}


def read_safetensors(source: str, data: bytes) -> Mapping[str, LazyTensor]:
    if len(data) < 8:
        raise ModelError(
            source, "", "truncated: a safetensors file starts with an 8-byte header length"
        )
    (length,) = struct.unpack("<Q", data[:8])
    if length > MAX_HEADER_BYTES:
        raise ModelError(
            source, "", f"a header of {length} bytes (at most {MAX_HEADER_BYTES} are read)"
        )
    if 8 + length > len(data):
        raise ModelError(
            source,
            "",
            f"truncated: the header says {length} bytes, "
            f"the file has {len(data) - 8} after the length",
        )
    try:
        header = json.loads(data[8 : 8 + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ModelError(source, "", f"the header is not JSON ({error})") from None
    if not isinstance(header, dict):
        raise ModelError(source, "", "the header is not a JSON object")
    payload = memoryview(data)[8 + length :]
    tensors: dict[str, LazyTensor] = {}
    for name in sorted(header):
        if name == "__metadata__":
            continue
        entry = header[name]
        tensors[name] = _tensor(source, name, entry, payload)
    return tensors


def _tensor(source: str, name: str, entry: Any, payload: memoryview) -> LazyTensor:
    if not isinstance(entry, dict):
        raise ModelError(source, name, "expected an object with dtype, shape and data_offsets")
    raw_dtype = entry.get("dtype")
    dtype = _DTYPES.get(raw_dtype) if isinstance(raw_dtype, str) else None
    if dtype is None:
        raise ModelError(source, f"{name}.dtype", f"unsupported dtype {entry.get('dtype')!r}")
    shape = entry.get("shape")
    offsets = entry.get("data_offsets")
    if not isinstance(shape, list):
        raise ModelError(source, f"{name}.shape", "expected a list of sizes")
    count = element_count(source, name, shape)
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
        or not 0 <= offsets[0] <= offsets[1] <= len(payload)
    ):
        raise ModelError(
            source,
            f"{name}.data_offsets",
            f"expected [begin, end] within the {len(payload)} data bytes",
        )
    begin, end = offsets
    if end - begin != count * DTYPES[dtype][0]:
        raise ModelError(
            source,
            f"{name}.data_offsets",
            f"{end - begin} bytes for a {dtype} tensor of shape {shape}",
        )

    def read() -> Tensor:
        return decode(source, name, bytes(payload[begin:end]), dtype, tuple(shape))

    return LazyTensor(name, tuple(shape), dtype, read)


__all__ = ["read_safetensors"]
