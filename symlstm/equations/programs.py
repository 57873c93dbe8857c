"""The abstract algebra a cell kind's update is written over, once, in the kind's own
module (:mod:`symlstm.model.kinds`).

The same program yields the general equations (symbols standing for vectors and matrices),
the per-component equations with exact weights substituted, and the compiled step
functions of every arithmetic context: one definition of each cell, no copies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from symlstm.model.cells import CELL_KINDS, Role

V = TypeVar("V")


class Algebra(Protocol[V]):
    def previous(self, state: str) -> V: ...
    def input(self) -> V: ...
    def weight(self, name: str, operand: V) -> V: ...
    def bias(self, name: str) -> V: ...
    def add(self, *terms: V) -> V: ...
    def hadamard(self, left: V, right: V) -> V: ...
    def one_minus(self, value: V) -> V: ...
    def sigmoid(self, value: V) -> V: ...
    def tanh(self, value: V) -> V: ...
    def let(self, name: str, role: Role, value: V) -> V: ...


class _Programs(Mapping[str, Callable[[Any], None]]):
    """Each registered kind's update program (it lives in the kind's module)."""

    def __getitem__(self, name: str) -> Callable[[Any], None]:
        program = CELL_KINDS[name].program
        if program is None:
            raise KeyError(name)
        return program

    def __iter__(self) -> Iterator[str]:
        return iter(CELL_KINDS)

    def __len__(self) -> int:
        return len(CELL_KINDS)


PROGRAMS: Mapping[str, Callable[[Any], None]] = _Programs()

__all__ = ["PROGRAMS", "Algebra", "Role"]
