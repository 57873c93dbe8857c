"""A model's update compiled once into a plain Python step function.

The cell program's per-component assignments (exact weights substituted, zero terms
dropped) are printed as Python: one line per quantity, so each is computed once. Every
number is hoisted into a constant that each context converts exactly (p/q as a ball,
rounded at the working precision as a point). No SymPy object is touched at run time.
The generated text comes from our own printer; nothing from a user file is ever code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from symlstm.equations import Assignment, Role, component_program, names
from symlstm.model import Model
from symlstm.numbers.contexts import Context

StepFunction = Callable[..., tuple[Any, ...]]


@dataclass(frozen=True)
class Slot:
    """One output of the step function: a component of a named quantity."""

    name: str  # "f", "z_f", "ctilde", "c", "h"
    role: Role
    component: int  # 0-based


class _CodePrinter(StrPrinter):
    def __init__(self, variables: dict[sympy.Symbol, str]) -> None:
        super().__init__({"order": "none"})
        self.variables = variables
        self.constants: list[sympy.Rational] = []

    def _constant(self, value: sympy.Rational) -> str:
        # every number, even a small integer, becomes a number of the context: an
        # expression such as sigmoid(-100) must not be computed on a Python int
        if value not in self.constants:
            self.constants.append(value)
        return f"_k{self.constants.index(value)}"

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return self.variables[expr]

    _print_Dummy = _print_Symbol

    def _print_Integer(self, expr: sympy.Integer) -> str:
        return self._constant(expr)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return self._constant(expr)

    def _print_Half(self, expr: sympy.Rational) -> str:
        return self._constant(expr)

    def _print_Mul(self, expr: sympy.Mul) -> str:
        # a product of two or more computed factors goes through the context's ``_mul``
        # (balls enclose a wide product through its endpoints); numbers multiply as before
        numbers = [a for a in expr.args if a.is_Number]
        factors = [a for a in expr.args if not a.is_Number]
        if len(factors) < 2:
            return str(super()._print_Mul(expr))
        product = str(self._print(factors[0]))
        for factor in factors[1:]:
            product = f"_mul({product}, {self._print(factor)})"
        if not numbers:
            return product
        placeholder = sympy.Dummy("product")
        self.variables[placeholder] = product
        try:
            printed = super()._print_Mul(sympy.Mul(*numbers, placeholder, evaluate=False))
            return str(printed)
        finally:
            del self.variables[placeholder]

    def _print_sigmoid(self, expr: sympy.Expr) -> str:
        return f"_sigmoid({self._print(expr.args[0])})"

    def _print_tanh(self, expr: sympy.Expr) -> str:
        return f"_tanh({self._print(expr.args[0])})"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        exponent = expr.exp
        if not (exponent.is_Integer and abs(int(exponent)) <= 64):
            raise ValueError(f"cannot compile the power {expr}")
        base = self.parenthesize(expr.base, 60)
        return f"({base}**({int(exponent)}))"

    def emptyPrinter(self, expr: object) -> str:
        raise ValueError(f"cannot compile {expr!r}")


@dataclass(frozen=True)
class CompiledCell:
    """One model's step as Python code, and how its outputs are laid out.

    ``arguments`` are the step's parameter names: the previous state (kind.states order,
    components inside), then the input's components. ``code[k]`` is the Python expression
    of ``slots[k]``, assigned to the variable ``v{k}``; ``constant[k]`` says it depends on
    no argument (``f = sigmoid(-100)`` in the homework), so a loop may compute it once.
    """

    model: Model
    arguments: tuple[str, ...]
    code: tuple[str, ...]
    constant: tuple[bool, ...]
    constants: tuple[sympy.Rational, ...]
    slots: tuple[Slot, ...]
    # for each state, in kind.states order: the output slot index of each component
    state_slots: tuple[tuple[int, ...], ...]

    @property
    def source(self) -> str:
        """``def step(<arguments>): …; return (v0, v1, …)``."""
        return self._source(hoist_constants=False)

    @property
    def constant_slots(self) -> tuple[int, ...]:
        """The slots that depend on no argument, in order (each only on earlier ones)."""
        return tuple(k for k, constant in enumerate(self.constant) if constant)

    def _source(self, *, hoist_constants: bool) -> str:
        # hoisted: the constant quantities become module-level names ``v{k}``, computed once
        # when the source is executed; the step's body reads them as globals
        hoisted = set(self.constant_slots) if hoist_constants else set()
        lines = [f"v{k} = {self.code[k]}" for k in sorted(hoisted)]
        lines.append(f"def step({', '.join(self.arguments)}):")
        lines += [f"    v{k} = {expr}" for k, expr in enumerate(self.code) if k not in hoisted]
        lines.append(f"    return ({''.join(f'v{k}, ' for k in range(len(self.code)))})")
        return "\n".join(lines) + "\n"

    def bind(self, context: Context, *, hoist_constants: bool = False) -> StepFunction:
        """The step function in ``context``. Call it, and this, inside the context's
        precision scope: constants are converted at the precision in force.

        ``hoist_constants``: quantities that depend on no argument (``sigmoid(-100)``) are
        computed once here instead of at every call. Leave it off when ``context``'s
        functions observe each call (the rounding conventions log every activation)."""
        namespace: dict[str, Any] = {
            "_sigmoid": context.sigmoid,
            "_tanh": context.tanh,
            "_mul": context.mul,
        }
        for k, value in enumerate(self.constants):
            namespace[f"_k{k}"] = context.rational(int(value.p), int(value.q))
        source = self._source(hoist_constants=hoist_constants)
        exec(compile(source, f"<symlstm step of {self.model.name}>", "exec"), namespace)
        step: StepFunction = namespace["step"]
        return step

    def slot_index(self, name: str, component: int = 0) -> int:
        for k, slot in enumerate(self.slots):
            if slot.name == name and slot.component == component:
                return k
        raise KeyError((name, component))

    def next_state(self, outputs: Sequence[Any]) -> tuple[Any, ...]:
        """The flat new state (kind.states order, components inside) from a step's outputs."""
        return self._state_getter(outputs)

    @cached_property
    def _state_getter(self) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
        # the prover calls next_state once per box image: a C-level getter, not a loop
        indices = [k for slots in self.state_slots for k in slots]
        if len(indices) == 1:
            only = indices[0]
            return lambda outputs: (outputs[only],)
        return itemgetter(*indices)


def compile_model(model: Model) -> CompiledCell:
    """The model's compiled step, built once per model (models are frozen values: equal
    models share one compiled cell; a derivation used to compile the same cell 19 times).
    Bind it to each arithmetic context with :meth:`CompiledCell.bind`."""
    return _compiled(model)


@functools.lru_cache(maxsize=256)  # frozen results; variants and sweeps compile models often
def _compiled(model: Model) -> CompiledCell:
    return _build(model)


def _build(model: Model) -> CompiledCell:
    program: tuple[Assignment, ...] = component_program(model)
    n, m = model.hidden, model.inputs
    kind = model.kind
    # arguments: the previous state (kind.states order, n components each), then x (m)
    arguments: list[sympy.Symbol] = []
    for state in kind.states:
        arguments += [names.timed(state, "t-1", k + 1 if n > 1 else None) for k in range(n)]
    arguments += [names.timed("x", "t", k + 1 if m > 1 else None) for k in range(m)]
    variables = {symbol: f"a{k}" for k, symbol in enumerate(arguments)}
    for k, a in enumerate(program):
        variables[a.symbol] = f"v{k}"
    printer = _CodePrinter(variables)
    code = tuple(printer.doprint(a.expr) for a in program)
    constant_symbols: set[sympy.Symbol] = set()
    for a in program:
        if a.expr.free_symbols <= constant_symbols:
            constant_symbols.add(a.symbol)
    slots = tuple(Slot(a.name, a.role, a.component) for a in program)
    state_slots = tuple(
        tuple(
            next(
                k
                for k, s in enumerate(slots)
                if s.role is Role.STATE and s.name == state and s.component == c
            )
            for c in range(n)
        )
        for state in kind.states
    )
    return CompiledCell(
        model=model,
        arguments=tuple(variables[s] for s in arguments),
        code=code,
        constant=tuple(a.symbol in constant_symbols for a in program),
        constants=tuple(printer.constants),
        slots=slots,
        state_slots=state_slots,
    )
