"""The GRU with the reset gate applied before the product (Cho et al. 2014; Keras
``reset_after=False``; ONNX ``linear_before_reset = 0``):

    r_t = sigmoid(W^{r,h} h_{t-1} + W^{r,x} x_t + b_r)
    z_t = sigmoid(W^{z,h} h_{t-1} + W^{z,x} x_t + b_z)
    n_t = tanh(W^{n,h} (r_t ⊙ h_{t-1}) + W^{n,x} x_t + b_n)
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}

One candidate bias b_n (Keras's and ONNX's two biases of the candidate are added into it).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from symlstm.model.cells import CellKind, Role, affine
from symlstm.model.kinds import gru
from symlstm.model.kinds._common import preactivation


def program(a: Any) -> None:
    h = a.previous("h")
    r = a.let("r", Role.GATE, a.sigmoid(preactivation(a, "r", h, "h")))
    z = a.let("z", Role.GATE, a.sigmoid(preactivation(a, "z", h, "h")))
    total = a.add(a.weight("W_nh", a.hadamard(r, h)), a.weight("W_nx", a.input()), a.bias("b_n"))
    z_n = a.let("z_n", Role.PREACTIVATION, total)
    candidate = a.let("n", Role.CANDIDATE, a.tanh(z_n))
    a.let("h", Role.STATE, a.add(a.hadamard(a.one_minus(z), candidate), a.hadamard(z, h)))


KIND: CellKind = CellKind(
    name="gru-reset-before",
    title="GRU (reset before the product)",
    states=("h",),
    output="h",
    recurrent="h",
    gates=("r", "z"),
    candidate="n",
    params=affine("r", "h") + affine("z", "h") + affine("n", "h"),
    summary="GRU with the reset gate applied to h before the product (Cho et al. 2014; "
    "Keras reset_after=False): n_t = tanh(W^{n,h} (r_t ⊙ h_{t-1}) + W^{n,x} x_t + b_n)",
    program=program,
    # the same drawing as PyTorch's GRU: r_t enters the candidate's box
    layout=replace(gru.GRU_LAYOUT, title="GRU unit (reset before the product)"),
)
