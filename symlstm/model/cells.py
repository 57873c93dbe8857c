"""Cell kinds as data: their state variables, gates, parameters, update program, display
names and diagram. Each kind is defined once, in its own module of
:mod:`symlstm.model.kinds`; every stage reads it from :data:`CELL_KINDS` and none branches
on a kind's name. Adding a kind is writing one module and registering it.

Parameter names follow the course: ``W_fh`` is W^{f,h}, the weight from h_{t-1} into the
forget gate; ``W_fx`` is W^{f,x}; ``b_f`` is b_f. A weight named ``W_<a><s>`` has shape
n×n when ``s`` is a state and n×m when ``s`` is ``x``; a bias has n entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from symlstm.model.layout import Layout


class ParamRole(Enum):
    RECURRENT = "recurrent"  # n×n, multiplies a state of step t-1
    INPUT = "input"  # n×m, multiplies x_t
    BIAS = "bias"  # n
    PEEPHOLE = "peephole"  # n, multiplies the memory cell element-wise (p_f ⊙ c_{t-1})


class Role(Enum):
    """What an assigned quantity of a cell's update is; the trace records all of them."""

    PREACTIVATION = "preactivation"
    GATE = "gate"
    CANDIDATE = "candidate"
    STATE = "state"


@dataclass(frozen=True)
class Display:
    """How a quantity whose name is not its symbol is written: ``ctilde`` is c̃."""

    name: str
    text: str
    latex: str
    pytorch_text: str = ""  # in PyTorch's notation, when it differs (g for c̃)
    pytorch_latex: str = ""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a cell: ``W_{unit}{source}`` or ``b_{unit}``."""

    name: str
    role: ParamRole
    unit: str  # the gate or candidate it feeds: "f", "i", "o", "c", …
    source: str  # "h", "s" or "x" for weights; "" for biases
    required: bool

    @property
    def is_vector(self) -> bool:
        """Biases and peepholes: n numbers (a model file's list), defaulting to 0."""
        return self.role in (ParamRole.BIAS, ParamRole.PEEPHOLE)

    def shape(self, hidden: int, inputs: int) -> tuple[int, ...]:
        if self.role is ParamRole.RECURRENT:
            return (hidden, hidden)
        if self.role is ParamRole.INPUT:
            return (hidden, inputs)
        return (hidden,)


@dataclass(frozen=True)
class CellKind:
    """A kind of recurrent cell, defined once (see :mod:`symlstm.model.kinds`).

    ``program`` is the update, written once over the ``Algebra`` protocol of
    :mod:`symlstm.equations.programs` (general equations, exact components and every
    arithmetic context come from it). ``display`` names quantities whose symbol differs
    from their name; ``layout`` is the diagram; ``example`` a built-in model of the kind.
    """

    name: str
    title: str
    states: tuple[str, ...]  # state variables, in the order they are shown
    output: str  # the visible state that is rounded into the answer
    recurrent: str  # the state fed back through the recurrent weights
    gates: tuple[str, ...]
    candidate: str  # name of the tanh candidate (not a state, not a gate)
    params: tuple[ParamSpec, ...]
    summary: str
    program: Callable[[Any], None] | None = None
    display: tuple[Display, ...] = ()
    layout: Layout | None = None
    # the unit whose recurrent and input terms the worked solution compares ("c": W^{c,h})
    candidate_unit: str = ""
    # a forget gate that wipes the memory when saturated to 0 ("f"), for the explanation
    forget_gate: str = ""
    example: str = ""  # a built-in model of this kind

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)


def affine(unit: str, state: str, bias: bool = True) -> tuple[ParamSpec, ...]:
    """The weights of one affine pre-activation W^{unit,state} s + W^{unit,x} x + b_unit."""
    specs = [
        ParamSpec(f"W_{unit}{state}", ParamRole.RECURRENT, unit, state, True),
        ParamSpec(f"W_{unit}x", ParamRole.INPUT, unit, "x", True),
    ]
    if bias:
        specs.append(ParamSpec(f"b_{unit}", ParamRole.BIAS, unit, "", False))
    return tuple(specs)


# the registry, filled by the kinds' modules (imported last: they use the types above)
from symlstm.model.kinds import CELL_KINDS, GATED, GRU, LSTM, RNN, register  # noqa: E402


def display_table(*, latex: bool = False) -> dict[str, str]:
    """Every registered kind's display names in the course's notation: ctilde -> c̃."""
    table: dict[str, str] = {}
    for kind in CELL_KINDS.values():
        for d in kind.display:
            table.setdefault(d.name, d.latex if latex else d.text)
    return table


def candidate_names() -> frozenset[str]:
    """The names of the registered kinds' candidates (ctilde, stilde, n)."""
    return frozenset(kind.candidate for kind in CELL_KINDS.values() if kind.candidate)


__all__ = [
    "CELL_KINDS",
    "GATED",
    "GRU",
    "LSTM",
    "RNN",
    "CellKind",
    "Display",
    "ParamRole",
    "ParamSpec",
    "Role",
    "affine",
    "candidate_names",
    "display_table",
    "register",
]
