"""The simple tanh RNN: s_t = tanh(W^{s,s} s_{t-1} + W^{s,x} x_t + b_s)."""

from __future__ import annotations

from typing import Any

from symlstm.model.cells import CellKind, Role, affine
from symlstm.model.kinds._common import preactivation
from symlstm.model.layout import Layout, Side, Wire
from symlstm.model.layout import box as _box
from symlstm.model.layout import join as _join
from symlstm.model.layout import terminal as _terminal

RNN_LAYOUT: Layout = Layout(
    title="simple RNN unit",
    width=620,
    height=210,
    frame=(100, 30, 480, 130),
    nodes=(
        _terminal("sprev", 60, 80, "s[t-1]", Side.LEFT),
        _terminal("x", 200, 170, "x[t]", Side.BELOW),
        _terminal("s", 540, 80, "s[t]", Side.RIGHT),
        _join("jx", 200, 80),
        _box("sbox", 340, 80, "tanh", ("s",), "s[t]"),
    ),
    wires=(
        Wire(("sprev", "sbox.west")),
        Wire(("x", "jx"), arrow=False),
        Wire(("sbox.east", "s")),
    ),
    labels=(),
)


def program(a: Any) -> None:
    s = a.previous("s")
    a.let("s", Role.STATE, a.tanh(preactivation(a, "s", s, "s")))


KIND: CellKind = CellKind(
    name="rnn",
    title="simple RNN",
    states=("s",),
    output="s",
    recurrent="s",
    gates=(),
    candidate="",
    params=affine("s", "s"),
    summary="simple tanh RNN: s_t = tanh(W^{s,s} s_{t-1} + W^{s,x} x_t + b_s)",
    program=program,
    layout=RNN_LAYOUT,
    candidate_unit="s",
    example="rnn",
)
