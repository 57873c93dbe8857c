"""The GRU in PyTorch's convention (nn.GRU; Keras reset_after=True; ONNX linear_before_reset=1)."""

from __future__ import annotations

from typing import Any

from symlstm.model.cells import CellKind, ParamRole, ParamSpec, Role, affine
from symlstm.model.kinds._common import preactivation
from symlstm.model.layout import Label, Layout, Side, Wire
from symlstm.model.layout import box as _box
from symlstm.model.layout import join as _join
from symlstm.model.layout import op as _op
from symlstm.model.layout import terminal as _terminal

# PyTorch's nn.GRU: the reset gate scales the recurrent part inside the candidate's box,
# n_t = tanh(W^{n,x} x_t + b_n + r_t ⊙ (W^{n,h} h_{t-1} + b_{nh})): r_t enters that box.
GRU_LAYOUT: Layout = Layout(
    title="GRU unit",
    width=760,
    height=440,
    frame=(100, 25, 650, 385),
    nodes=(
        _terminal("hprev", 60, 60, "h[t-1]", Side.LEFT),
        _terminal("x", 190, 410, "x[t]", Side.BELOW),
        _terminal("h", 700, 60, "h[t]", Side.RIGHT),
        _join("j0", 150, 60),
        _op("keep", 260, 60, "product"),
        _op("add", 540, 60, "sum"),
        _op("comp", 400, 180, "complement"),
        _op("update", 540, 180, "product"),
        _box("zbox", 260, 260, "sigmoid", ("z",), "z[t]"),
        _box("rbox", 400, 260, "sigmoid", ("r",), "r[t]"),
        _box("nbox", 540, 260, "tanh", ("n", "nh"), "n[t]"),
        _join("jz", 260, 180),
        _join("jx", 190, 330),
        _join("jzb", 260, 330),
        _join("jr", 400, 330),
    ),
    wires=(
        Wire(("hprev", "keep.west")),
        Wire(("keep.east", "add.west")),
        Wire(("add.east", "h")),
        Wire(("j0", (150, 330), (540, 330), "nbox.south")),
        Wire(("x", "jx"), arrow=False),
        Wire(("jzb", "zbox.south")),
        Wire(("jr", "rbox.south")),
        Wire(("zbox.north", "jz"), arrow=False),
        Wire(("jz", "keep.south")),
        Wire(("jz", "comp.west")),
        Wire(("comp.east", "update.west")),
        Wire(("rbox.east", "nbox.west")),
        Wire(("nbox.north", "update.south")),
        Wire(("update.north", "add.south")),
    ),
    labels=(
        Label("z[t]", 266, 222, Side.RIGHT),
        Label("r[t]", 470, 254, Side.ABOVE),
        Label("n[t]", 546, 222, Side.RIGHT),
    ),
)


def program(a: Any) -> None:
    """PyTorch's nn.GRU: n_t = tanh(W^{n,x} x_t + b_n + r_t ⊙ (W^{n,h} h_{t-1} + b_{nh}))."""
    h = a.previous("h")
    r = a.let("r", Role.GATE, a.sigmoid(preactivation(a, "r", h, "h")))
    z = a.let("z", Role.GATE, a.sigmoid(preactivation(a, "z", h, "h")))
    reset = a.let("z_nh", Role.PREACTIVATION, a.add(a.weight("W_nh", h), a.bias("b_nh")))
    inner = a.add(a.weight("W_nx", a.input()), a.bias("b_n"), a.hadamard(r, reset))
    z_n = a.let("z_n", Role.PREACTIVATION, inner)
    candidate = a.let("n", Role.CANDIDATE, a.tanh(z_n))
    a.let("h", Role.STATE, a.add(a.hadamard(a.one_minus(z), candidate), a.hadamard(z, h)))


# PyTorch's nn.GRU convention: r and z gates, candidate n with the reset gate applied to
# (W^{n,h} h + b_{nh}); h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}. See README for the mapping.
KIND: CellKind = CellKind(
    name="gru",
    title="GRU",
    states=("h",),
    output="h",
    recurrent="h",
    gates=("r", "z"),
    candidate="n",
    params=affine("r", "h")
    + affine("z", "h")
    + affine("n", "h")
    + (ParamSpec("b_nh", ParamRole.BIAS, "nh", "", False),),
    summary="gated recurrent unit (PyTorch nn.GRU convention): reset r, update z, candidate n",
    program=program,
    layout=GRU_LAYOUT,
)
