"""The LSTM with peepholes (Gers & Schmidhuber 2000; ONNX's LSTM with its input ``P``):
the gates also see the memory cell, element-wise,

    f_t = sigmoid(W^{f,h} h_{t-1} + W^{f,x} x_t + p_f ⊙ c_{t-1} + b_f)
    i_t = sigmoid(W^{i,h} h_{t-1} + W^{i,x} x_t + p_i ⊙ c_{t-1} + b_i)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W^{c,h} h_{t-1} + W^{c,x} x_t + b_c)
    o_t = sigmoid(W^{o,h} h_{t-1} + W^{o,x} x_t + p_o ⊙ c_t + b_o)
    h_t = o_t ⊙ tanh(c_t)

(the output gate looks at the new memory c_t). p_f, p_i, p_o are vectors of n numbers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from symlstm.model.cells import CellKind, ParamRole, ParamSpec, Role, affine
from symlstm.model.kinds import lstm
from symlstm.model.layout import Layout, Wire, join


def _gate(a: Any, unit: str, h: Any, c: Any) -> Any:
    total = a.add(
        a.weight(f"W_{unit}h", h),
        a.weight(f"W_{unit}x", a.input()),
        a.hadamard(a.bias(f"p_{unit}"), c),
        a.bias(f"b_{unit}"),
    )
    return a.let(f"z_{unit}", Role.PREACTIVATION, total)


def program(a: Any) -> None:
    h, c = a.previous("h"), a.previous("c")
    f = a.let("f", Role.GATE, a.sigmoid(_gate(a, "f", h, c)))
    i = a.let("i", Role.GATE, a.sigmoid(_gate(a, "i", h, c)))
    z_c = a.add(a.weight("W_ch", h), a.weight("W_cx", a.input()), a.bias("b_c"))
    candidate = a.let("ctilde", Role.CANDIDATE, a.tanh(a.let("z_c", Role.PREACTIVATION, z_c)))
    c_new = a.let("c", Role.STATE, a.add(a.hadamard(f, c), a.hadamard(i, candidate)))
    o = a.let("o", Role.GATE, a.sigmoid(_gate(a, "o", h, c_new)))
    a.let("h", Role.STATE, a.hadamard(o, a.tanh(c_new)))


def _peephole(unit: str) -> ParamSpec:
    return ParamSpec(f"p_{unit}", ParamRole.PEEPHOLE, unit, "c", False)


# the LSTM's drawing, with the peephole wires: c_{t-1} into the f and i boxes, c_t into o
LAYOUT: Layout = replace(
    lstm.LSTM_LAYOUT,
    title="LSTM unit with peepholes",
    nodes=(
        *lstm.LSTM_LAYOUT.nodes,
        join("jpeep", 130, 60),
        join("jpeep_i", 130, 225),
        join("jpeep_o", 640, 60),
    ),
    wires=(
        *lstm.LSTM_LAYOUT.wires,
        Wire(("jpeep", (130, 260), "fbox.west")),
        Wire(("jpeep_i", (272, 225), (272, 243))),
        Wire(("jpeep_o", (640, 225), (480, 225), "obox.north")),
    ),
)

KIND: CellKind = CellKind(
    name="lstm-peephole",
    title="LSTM with peepholes",
    states=("c", "h"),
    output="h",
    recurrent="h",
    gates=("f", "i", "o"),
    candidate="ctilde",
    params=(
        *affine("f", "h"),
        _peephole("f"),
        *affine("i", "h"),
        _peephole("i"),
        *affine("o", "h"),
        _peephole("o"),
        *affine("c", "h"),
    ),
    summary="LSTM with peepholes (Gers & Schmidhuber; ONNX P): the gates see c element-wise, "
    "p_f ⊙ c_{t-1}, p_i ⊙ c_{t-1}, p_o ⊙ c_t",
    program=program,
    display=lstm.KIND.display,
    layout=LAYOUT,
    candidate_unit="c",
    forget_gate="f",
)
