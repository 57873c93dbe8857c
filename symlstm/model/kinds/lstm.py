"""The LSTM of the course: f, i, o = sigmoid(W^{·,h} h_{t-1} + W^{·,x} x_t + b_·),
c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W^{c,h} h_{t-1} + W^{c,x} x_t + b_c), h_t = o_t ⊙ tanh(c_t)."""

from __future__ import annotations

from typing import Any

from symlstm.model.cells import CellKind, Display, Role, affine
from symlstm.model.kinds._common import preactivation
from symlstm.model.layout import Label, Layout, Node, Shape, Side, Wire
from symlstm.model.layout import box as _box
from symlstm.model.layout import join as _join
from symlstm.model.layout import op as _op
from symlstm.model.layout import terminal as _terminal

LSTM_LAYOUT: Layout = Layout(
    title="LSTM unit",
    width=760,
    height=440,
    frame=(100, 25, 650, 385),
    nodes=(
        _terminal("cprev", 60, 60, "c[t-1]", Side.LEFT),
        _terminal("hprev", 60, 330, "h[t-1]", Side.LEFT),
        _terminal("x", 140, 410, "x[t]", Side.BELOW),
        _terminal("c", 700, 60, "c[t]", Side.RIGHT),
        _terminal("h", 700, 360, "h[t]", Side.RIGHT),
        _op("forget", 200, 60, "product"),
        _op("add", 380, 60, "sum"),
        _op("update", 380, 150, "product"),
        _op("out", 580, 260, "product"),
        _box("fbox", 200, 260, "sigmoid", ("f",), "f[t]"),
        _box("ibox", 290, 260, "sigmoid", ("i",), "i[t]"),
        _box("cbox", 380, 260, "tanh", ("c",), "ctilde[t]"),
        _box("obox", 480, 260, "sigmoid", ("o",), "o[t]"),
        Node("ctanh", Shape.FUNCTION, 580, 160, "tanh"),
        _join("jc", 580, 60),
        _join("jx", 140, 330),
        _join("jf", 200, 330),
        _join("ji", 290, 330),
        _join("jcand", 380, 330),
    ),
    wires=(
        Wire(("cprev", "forget.west")),
        Wire(("forget.east", "add.west")),
        Wire(("add.east", "c")),
        Wire(("jc", "ctanh.north")),
        Wire(("ctanh.south", "out.north")),
        Wire(("fbox.north", "forget.south")),
        Wire(("ibox.north", (290, 150), "update.west")),
        Wire(("cbox.north", "update.south")),
        Wire(("update.north", "add.south")),
        Wire(("obox.east", "out.west")),
        Wire(("out.south", (580, 360), "h")),
        Wire(("hprev", (480, 330), "obox.south")),
        Wire(("x", "jx"), arrow=False),
        Wire(("jf", "fbox.south")),
        Wire(("ji", "ibox.south")),
        Wire(("jcand", "cbox.south")),
    ),
    labels=(
        Label("f[t]", 206, 165, Side.RIGHT),
        Label("i[t]", 296, 200, Side.RIGHT),
        Label("ctilde[t]", 386, 205, Side.RIGHT),
        Label("o[t]", 530, 254, Side.ABOVE),
    ),
)


def program(a: Any) -> None:
    h, c = a.previous("h"), a.previous("c")
    f = a.let("f", Role.GATE, a.sigmoid(preactivation(a, "f", h, "h")))
    i = a.let("i", Role.GATE, a.sigmoid(preactivation(a, "i", h, "h")))
    o = a.let("o", Role.GATE, a.sigmoid(preactivation(a, "o", h, "h")))
    candidate = a.let("ctilde", Role.CANDIDATE, a.tanh(preactivation(a, "c", h, "h")))
    c_new = a.let("c", Role.STATE, a.add(a.hadamard(f, c), a.hadamard(i, candidate)))
    a.let("h", Role.STATE, a.hadamard(o, a.tanh(c_new)))


CTILDE = Display("ctilde", "c̃", r"\tilde{c}", pytorch_text="g", pytorch_latex="g")

KIND: CellKind = CellKind(
    name="lstm",
    title="LSTM",
    states=("c", "h"),
    output="h",
    recurrent="h",
    gates=("f", "i", "o"),
    candidate="ctilde",
    params=affine("f", "h") + affine("i", "h") + affine("o", "h") + affine("c", "h"),
    summary="long short-term memory: forget, input and output gates, memory cell c, state h",
    program=program,
    display=(CTILDE,),
    layout=LSTM_LAYOUT,
    candidate_unit="c",
    forget_gate="f",
    example="homework",
)
