"""Two algebras the cell programs run over: the general form, and exact components."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from symlstm.equations import names
from symlstm.equations.functions import Hadamard, sigmoid, tanh
from symlstm.equations.programs import Role
from symlstm.model import Model
from symlstm.model.cells import CellKind


@dataclass(frozen=True)
class Assignment:
    """``symbol = expr``: one quantity of one step (a component of it, for vectors)."""

    symbol: sympy.Symbol
    expr: sympy.Expr
    name: str  # "f", "z_f", "c", …
    role: Role
    component: int  # 0-based; 0 for the general form


class _Recorder:
    def __init__(self) -> None:
        self.assignments: list[Assignment] = []


class GeneralAlgebra(_Recorder):
    """Symbols stand for whole vectors and matrices; ⊙ stays an unevaluated node."""

    def __init__(self, kind: CellKind, time: str = "t") -> None:
        super().__init__()
        self.kind = kind
        self.time = time
        self.before = "t-1" if time == "t" else str(int(time) - 1)

    def previous(self, state: str) -> sympy.Expr:
        return names.timed(state, self.before)

    def input(self) -> sympy.Expr:
        return names.timed("x", self.time)

    def weight(self, name: str, operand: sympy.Expr) -> sympy.Expr:
        return names.param(name) * operand

    def bias(self, name: str) -> sympy.Expr:
        return names.param(name)

    def add(self, *terms: sympy.Expr) -> sympy.Expr:
        return sympy.Add(*terms)

    def hadamard(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        return Hadamard(left, right)

    def one_minus(self, value: sympy.Expr) -> sympy.Expr:
        return 1 - value

    def sigmoid(self, value: sympy.Expr) -> sympy.Expr:
        return sigmoid(value)

    def tanh(self, value: sympy.Expr) -> sympy.Expr:
        return tanh(value)

    def let(self, name: str, role: Role, value: sympy.Expr) -> sympy.Expr:
        symbol = names.timed(name, self.time)
        self.assignments.append(Assignment(symbol, value, name, role, 0))
        return symbol


Vec = tuple[sympy.Expr, ...]
# (parameter name, row, column or None for a bias) -> the entry as an expression
EntryMap = Callable[[str, int, int | None], sympy.Expr]


class ComponentAlgebra(_Recorder):
    """Every quantity is a tuple of n expressions; weights enter entry by entry."""

    def __init__(self, model: Model, entry: EntryMap, time: str = "t") -> None:
        super().__init__()
        self.model = model
        self.entry = entry
        self.time = time
        self.before = "t-1" if time == "t" else str(int(time) - 1)

    def _symbols(self, base: str, time: str, size: int) -> Vec:
        if size == 1:
            return (names.timed(base, time),)
        return tuple(names.timed(base, time, k + 1) for k in range(size))

    def previous(self, state: str) -> Vec:
        return self._symbols(state, self.before, self.model.hidden)

    def input(self) -> Vec:
        return self._symbols("x", self.time, self.model.inputs)

    def weight(self, name: str, operand: Vec) -> Vec:
        rows = self.model.hidden
        return tuple(
            sympy.Add(*(self.entry(name, i, j) * operand[j] for j in range(len(operand))))
            for i in range(rows)
        )

    def bias(self, name: str) -> Vec:
        return tuple(self.entry(name, i, None) for i in range(self.model.hidden))

    def add(self, *terms: Vec) -> Vec:
        return tuple(sympy.Add(*parts) for parts in zip(*terms, strict=True))

    def hadamard(self, left: Vec, right: Vec) -> Vec:
        return tuple(a * b for a, b in zip(left, right, strict=True))

    def one_minus(self, value: Vec) -> Vec:
        return tuple(1 - v for v in value)

    def sigmoid(self, value: Vec) -> Vec:
        return tuple(sigmoid(v) for v in value)

    def tanh(self, value: Vec) -> Vec:
        return tuple(tanh(v) for v in value)

    def let(self, name: str, role: Role, value: Vec) -> Vec:
        symbols = self._symbols(name, self.time, self.model.hidden)
        for k, (symbol, expr) in enumerate(zip(symbols, value, strict=True)):
            self.assignments.append(Assignment(symbol, expr, name, role, k))
        return symbols


def exact_entries(model: Model) -> EntryMap:
    """Parameter entries as the model's exact rationals."""
    weights = dict(model.weights)
    biases = dict(model.biases)

    def entry(name: str, row: int, column: int | None) -> sympy.Expr:
        if column is None:
            return biases[name][row]
        return weights[name][row][column]

    return entry


def general_program(kind: CellKind) -> tuple[Assignment, ...]:
    algebra = GeneralAlgebra(kind)
    _program(kind)(algebra)
    return tuple(algebra.assignments)


def component_program(
    model: Model, entry: EntryMap | None = None, time: str = "t"
) -> tuple[Assignment, ...]:
    algebra = ComponentAlgebra(model, entry or exact_entries(model), time)
    _program(model.kind)(algebra)
    return tuple(algebra.assignments)


def _program(kind: CellKind) -> Callable[[object], None]:
    if kind.program is None:
        raise ValueError(f"the cell kind {kind.name!r} has no update program")
    return kind.program
