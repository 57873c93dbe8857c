"""Tensors read from weight files, decoded exactly and lazily, with limits.

A weight file's tensors are read as raw little- or big-endian bytes and decoded into exact
rationals: a float32, float16, bfloat16 or float64 is a dyadic rational, and it is kept as
that rational (:class:`fractions.Fraction`), never rounded to a shorter decimal. Nothing is
decoded before a tensor is used, and no tensor larger than :data:`MAX_ELEMENTS` is decoded.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from symlstm.errors import ModelError

MAX_ELEMENTS = 1_000_000  # per tensor decoded: a 64-unit LSTM with 64 inputs has 32,768
MAX_RANK = 8

# dtype name -> (bytes per element, struct code); bfloat16 is decoded by hand
DTYPES: dict[str, tuple[int, str]] = {
    "float64": (8, "d"),
    "float32": (4, "f"),
    "float16": (2, "e"),
    "bfloat16": (2, "H"),
    "int64": (8, "q"),
    "int32": (4, "i"),
    "int16": (2, "h"),
    "int8": (1, "b"),
    "uint8": (1, "B"),
    "bool": (1, "?"),
}


@dataclass(frozen=True)
class Tensor:
    """A decoded tensor: its name in the file, shape and exact values (row-major)."""

    name: str
    shape: tuple[int, ...]
    values: tuple[Fraction, ...]
    dtype: str

    @property
    def rank(self) -> int:
        return len(self.shape)

    def matrix(self) -> tuple[tuple[Fraction, ...], ...]:
        """The rows of a 2-D tensor."""
        rows, cols = self.shape
        return tuple(self.values[r * cols : (r + 1) * cols] for r in range(rows))

    def squeezed(self) -> Tensor:
        """The same values with every axis of length 1 dropped."""
        return Tensor(self.name, tuple(d for d in self.shape if d != 1), self.values, self.dtype)


@dataclass(frozen=True)
class LazyTensor:
    """A tensor known by its shape, decoded only when ``load()`` is called."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    read: Callable[[], Tensor]

    def load(self) -> Tensor:
        return self.read()


def element_count(source: str, name: str, shape: Sequence[int]) -> int:
    if len(shape) > MAX_RANK or any(
        isinstance(d, bool) or not isinstance(d, int) or d < 0 for d in shape
    ):
        raise ModelError(source, name, f"expected a tensor shape, got {list(shape)!r}")
    return math.prod(shape)


def decode(
    source: str,
    name: str,
    data: bytes,
    dtype: str,
    shape: Sequence[int],
    *,
    big_endian: bool = False,
    offset: int = 0,
    strides: Sequence[int] | None = None,
) -> Tensor:
    """Decode ``shape`` elements of ``dtype`` from ``data`` exactly; ``offset`` and
    ``strides`` (in elements) select a strided view, as PyTorch stores tensors."""
    if dtype not in DTYPES:
        raise ModelError(source, name, f"tensors of type {dtype} are not supported")
    count = element_count(source, name, shape)
    if count > MAX_ELEMENTS:
        raise ModelError(
            source, name, f"a tensor of {count} elements (at most {MAX_ELEMENTS} are read)"
        )
    size, code = DTYPES[dtype]
    available = len(data) // size
    order = ">" if big_endian else "<"
    if strides is None:
        strides = [math.prod(shape[k + 1 :]) for k in range(len(shape))]
    if count:
        last = offset + sum((d - 1) * s for d, s in zip(shape, strides, strict=True))
        lowest = offset + sum((d - 1) * s for d, s in zip(shape, strides, strict=True) if s < 0)
        if lowest < 0 or last >= available or offset >= available:
            raise ModelError(
                source, name, f"the tensor's data is shorter than its shape {list(shape)} needs"
            )
    raw = struct.unpack(f"{order}{available}{code}", data[: available * size])
    indices: list[int] = [offset]
    for dim, stride in zip(shape, strides, strict=True):
        indices = [i + k * stride for i in indices for k in range(dim)]
    values = tuple(_exact(source, name, raw[i], dtype) for i in indices) if count else ()
    return Tensor(name, tuple(shape), values, dtype)


def _exact(source: str, name: str, value: float | int | bool, dtype: str) -> Fraction:
    if dtype == "bfloat16":
        (value,) = struct.unpack("<f", struct.pack("<I", int(value) << 16))
    if isinstance(value, float) and not math.isfinite(value):
        raise ModelError(source, name, f"expected finite weights, got {value}")
    return Fraction(value)


__all__ = ["DTYPES", "MAX_ELEMENTS", "LazyTensor", "Tensor", "decode", "element_count"]
