"""A model: a cell kind, its sizes, exact parameters, initial state and input alphabet."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from symlstm.model.cells import CellKind
from symlstm.model.readout import DEFAULT_READOUT, Readout

Vector = tuple[sympy.Rational, ...]
Matrix = tuple[Vector, ...]


@dataclass(frozen=True)
class Question:
    """An input sequence a problem asks about, with the answer its source prints (if any)."""

    title: str
    inputs: tuple[Vector, ...]
    expected: tuple[int, ...] | None = None


@dataclass(frozen=True, repr=False)
class Model:
    """Everything symlstm needs to know about one cell; all numbers exact."""

    kind: CellKind
    hidden: int
    inputs: int
    weights: tuple[tuple[str, Matrix], ...]  # in the kind's parameter order
    biases: tuple[tuple[str, Vector], ...]
    initial: tuple[tuple[str, Vector], ...]  # in the kind's state order
    alphabet: tuple[Vector, ...]
    name: str = "model"
    description: str = ""
    questions: tuple[Question, ...] = ()
    source: str = "<model>"
    readout: Readout = DEFAULT_READOUT  # how the visible state is read into the output

    def __repr__(self) -> str:
        symbols = ", ".join(
            str(s[0]) if len(s) == 1 else "(" + ", ".join(map(str, s)) + ")" for s in self.alphabet
        )
        return (
            f"<Model {self.name!r}: {self.kind.name}, hidden={self.hidden}, "
            f"inputs={self.inputs}, alphabet {{{symbols}}}>"
        )

    def weight(self, name: str) -> Matrix:
        return dict(self.weights)[name]

    def bias(self, name: str) -> Vector:
        return dict(self.biases)[name]

    def initial_state(self, state: str) -> Vector:
        return dict(self.initial)[state]

    def with_weight(self, name: str, value: Matrix) -> Model:
        """The same model with one weight replaced (for variants such as W^{c,h} = -10)."""
        self.weight(name)  # KeyError for a name this cell does not have
        weights = tuple((n, value if n == name else v) for n, v in self.weights)
        return replace(self, weights=weights)

    def with_bias(self, name: str, value: Vector) -> Model:
        self.bias(name)
        biases = tuple((n, value if n == name else v) for n, v in self.biases)
        return replace(self, biases=biases)
