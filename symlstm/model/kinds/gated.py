"""The course's gated RNN: g_t = sigmoid(W^{g,s} s_{t-1} + W^{g,x} x_t + b_g),
s_t = (1 - g_t) ⊙ s_{t-1} + g_t ⊙ tanh(W^{s,s} s_{t-1} + W^{s,x} x_t + b_s)."""

from __future__ import annotations

from typing import Any

from symlstm.model.cells import CellKind, Display, Role, affine
from symlstm.model.kinds._common import preactivation
from symlstm.model.layout import Label, Layout, Side, Wire
from symlstm.model.layout import box as _box
from symlstm.model.layout import join as _join
from symlstm.model.layout import op as _op
from symlstm.model.layout import terminal as _terminal

GATED_LAYOUT: Layout = Layout(
    title="gated RNN unit",
    width=760,
    height=440,
    frame=(100, 25, 650, 385),
    nodes=(
        _terminal("sprev", 60, 60, "s[t-1]", Side.LEFT),
        _terminal("x", 200, 410, "x[t]", Side.BELOW),
        _terminal("s", 700, 60, "s[t]", Side.RIGHT),
        _join("j0", 150, 60),
        _op("keep", 300, 60, "product"),
        _op("add", 480, 60, "sum"),
        _op("comp", 300, 130, "complement"),
        _op("update", 480, 180, "product"),
        _box("gbox", 260, 260, "sigmoid", ("g",), "g[t]"),
        _box("sbox", 480, 260, "tanh", ("s",), "stilde[t]"),
        _join("jg", 260, 180),
        _join("jx", 200, 330),
        _join("jb", 260, 330),
    ),
    wires=(
        Wire(("sprev", "keep.west")),
        Wire(("keep.east", "add.west")),
        Wire(("add.east", "s")),
        Wire(("j0", (150, 330), (480, 330), "sbox.south")),
        Wire(("x", "jx"), arrow=False),
        Wire(("jb", "gbox.south")),
        Wire(("gbox.north", "jg"), arrow=False),
        Wire(("jg", (260, 130), "comp.west")),
        Wire(("jg", "update.west")),
        Wire(("comp.north", "keep.south")),
        Wire(("sbox.north", "update.south")),
        Wire(("update.north", "add.south")),
    ),
    labels=(
        Label("g[t]", 266, 222, Side.RIGHT),
        Label("stilde[t]", 486, 222, Side.RIGHT),
    ),
)


def program(a: Any) -> None:
    s = a.previous("s")
    g = a.let("g", Role.GATE, a.sigmoid(preactivation(a, "g", s, "s")))
    candidate = a.let("stilde", Role.CANDIDATE, a.tanh(preactivation(a, "s", s, "s")))
    a.let("s", Role.STATE, a.add(a.hadamard(a.one_minus(g), s), a.hadamard(g, candidate)))


KIND: CellKind = CellKind(
    name="gated",
    title="gated RNN",
    states=("s",),
    output="s",
    recurrent="s",
    gates=("g",),
    candidate="stilde",
    params=affine("g", "s") + affine("s", "s"),
    summary="gated RNN: s_t = (1 - g_t) ⊙ s_{t-1} + g_t ⊙ tanh(W^{s,s} s_{t-1} + W^{s,x} x_t)",
    program=program,
    display=(Display("stilde", "s̃", r"\tilde{s}"),),
    layout=GATED_LAYOUT,
    candidate_unit="s",
    example="gating",
)
