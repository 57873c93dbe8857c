"""Cell kinds as data: their state variables, gates and parameters.

Parameter names follow the course: ``W_fh`` is W^{f,h}, the weight from h_{t-1} into the
forget gate; ``W_fx`` is W^{f,x}; ``b_f`` is b_f. A weight named ``W_<a><s>`` has shape
n×n when ``s`` is a state and n×m when ``s`` is ``x``; a bias has n entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ParamRole(Enum):
    RECURRENT = "recurrent"  # n×n, multiplies a state of step t-1
    INPUT = "input"  # n×m, multiplies x_t
    BIAS = "bias"  # n


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a cell: ``W_{unit}{source}`` or ``b_{unit}``."""

    name: str
    role: ParamRole
    unit: str  # the gate or candidate it feeds: "f", "i", "o", "c", …
    source: str  # "h", "s" or "x" for weights; "" for biases
    required: bool

    def shape(self, hidden: int, inputs: int) -> tuple[int, ...]:
        if self.role is ParamRole.RECURRENT:
            return (hidden, hidden)
        if self.role is ParamRole.INPUT:
            return (hidden, inputs)
        return (hidden,)


@dataclass(frozen=True)
class CellKind:
    """A kind of recurrent cell. Its equations live in :mod:`symlstm.equations`."""

    name: str
    title: str
    states: tuple[str, ...]  # state variables, in the order they are shown
    output: str  # the visible state that is rounded into the answer
    recurrent: str  # the state fed back through the recurrent weights
    gates: tuple[str, ...]
    candidate: str  # name of the tanh candidate (not a state, not a gate)
    params: tuple[ParamSpec, ...]
    summary: str

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)


def _affine(unit: str, state: str, bias: bool = True) -> tuple[ParamSpec, ...]:
    """The weights of one affine pre-activation W^{unit,state} s + W^{unit,x} x + b_unit."""
    specs = [
        ParamSpec(f"W_{unit}{state}", ParamRole.RECURRENT, unit, state, True),
        ParamSpec(f"W_{unit}x", ParamRole.INPUT, unit, "x", True),
    ]
    if bias:
        specs.append(ParamSpec(f"b_{unit}", ParamRole.BIAS, unit, "", False))
    return tuple(specs)


LSTM = CellKind(
    name="lstm",
    title="LSTM",
    states=("c", "h"),
    output="h",
    recurrent="h",
    gates=("f", "i", "o"),
    candidate="ctilde",
    params=_affine("f", "h") + _affine("i", "h") + _affine("o", "h") + _affine("c", "h"),
    summary="long short-term memory: forget, input and output gates, memory cell c, state h",
)

GATED = CellKind(
    name="gated",
    title="gated RNN",
    states=("s",),
    output="s",
    recurrent="s",
    gates=("g",),
    candidate="stilde",
    params=_affine("g", "s") + _affine("s", "s"),
    summary="gated RNN: s_t = (1 - g_t) ⊙ s_{t-1} + g_t ⊙ tanh(W^{s,s} s_{t-1} + W^{s,x} x_t)",
)

RNN = CellKind(
    name="rnn",
    title="simple RNN",
    states=("s",),
    output="s",
    recurrent="s",
    gates=(),
    candidate="",
    params=_affine("s", "s"),
    summary="simple tanh RNN: s_t = tanh(W^{s,s} s_{t-1} + W^{s,x} x_t + b_s)",
)

# PyTorch's nn.GRU convention: r and z gates, candidate n with the reset gate applied to
# (W^{n,h} h + b_{nh}); h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}. See README for the mapping.
GRU = CellKind(
    name="gru",
    title="GRU",
    states=("h",),
    output="h",
    recurrent="h",
    gates=("r", "z"),
    candidate="n",
    params=_affine("r", "h")
    + _affine("z", "h")
    + _affine("n", "h")
    + (ParamSpec("b_nh", ParamRole.BIAS, "nh", "", False),),
    summary="gated recurrent unit (PyTorch nn.GRU convention): reset r, update z, candidate n",
)

CELL_KINDS: dict[str, CellKind] = {kind.name: kind for kind in (LSTM, GRU, GATED, RNN)}
