"""Each cell kind's update, written once over an abstract algebra.

The same program yields the general equations (symbols standing for vectors and matrices),
the per-component equations with exact weights substituted, and the compiled step
functions of every arithmetic context: one definition of each cell, no copies.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol, TypeVar

V = TypeVar("V")


class Role(Enum):
    """What an assigned quantity is; the trace records all of them."""

    PREACTIVATION = "preactivation"
    GATE = "gate"
    CANDIDATE = "candidate"
    STATE = "state"


class Algebra(Protocol[V]):
    def previous(self, state: str) -> V: ...
    def input(self) -> V: ...
    def weight(self, name: str, operand: V) -> V: ...
    def bias(self, name: str) -> V: ...
    def add(self, *terms: V) -> V: ...
    def hadamard(self, left: V, right: V) -> V: ...
    def one_minus(self, value: V) -> V: ...
    def sigmoid(self, value: V) -> V: ...
    def tanh(self, value: V) -> V: ...
    def let(self, name: str, role: Role, value: V) -> V: ...


def _preactivation(a: Algebra[V], unit: str, state: V, source: str) -> V:
    """z_unit = W^{unit,source} s_{t-1} + W^{unit,x} x_t + b_unit (course order)."""
    total = a.add(
        a.weight(f"W_{unit}{source}", state), a.weight(f"W_{unit}x", a.input()), a.bias(f"b_{unit}")
    )
    return a.let(f"z_{unit}", Role.PREACTIVATION, total)


def lstm(a: Algebra[V]) -> None:
    h, c = a.previous("h"), a.previous("c")
    f = a.let("f", Role.GATE, a.sigmoid(_preactivation(a, "f", h, "h")))
    i = a.let("i", Role.GATE, a.sigmoid(_preactivation(a, "i", h, "h")))
    o = a.let("o", Role.GATE, a.sigmoid(_preactivation(a, "o", h, "h")))
    candidate = a.let("ctilde", Role.CANDIDATE, a.tanh(_preactivation(a, "c", h, "h")))
    c_new = a.let("c", Role.STATE, a.add(a.hadamard(f, c), a.hadamard(i, candidate)))
    a.let("h", Role.STATE, a.hadamard(o, a.tanh(c_new)))


def gated(a: Algebra[V]) -> None:
    s = a.previous("s")
    g = a.let("g", Role.GATE, a.sigmoid(_preactivation(a, "g", s, "s")))
    candidate = a.let("stilde", Role.CANDIDATE, a.tanh(_preactivation(a, "s", s, "s")))
    a.let("s", Role.STATE, a.add(a.hadamard(a.one_minus(g), s), a.hadamard(g, candidate)))


def rnn(a: Algebra[V]) -> None:
    s = a.previous("s")
    a.let("s", Role.STATE, a.tanh(_preactivation(a, "s", s, "s")))


def gru(a: Algebra[V]) -> None:
    """PyTorch's nn.GRU: n_t = tanh(W^{n,x} x_t + b_n + r_t ⊙ (W^{n,h} h_{t-1} + b_{nh}))."""
    h = a.previous("h")
    r = a.let("r", Role.GATE, a.sigmoid(_preactivation(a, "r", h, "h")))
    z = a.let("z", Role.GATE, a.sigmoid(_preactivation(a, "z", h, "h")))
    reset = a.let("z_nh", Role.PREACTIVATION, a.add(a.weight("W_nh", h), a.bias("b_nh")))
    inner = a.add(a.weight("W_nx", a.input()), a.bias("b_n"), a.hadamard(r, reset))
    z_n = a.let("z_n", Role.PREACTIVATION, inner)
    candidate = a.let("n", Role.CANDIDATE, a.tanh(z_n))
    a.let("h", Role.STATE, a.add(a.hadamard(a.one_minus(z), candidate), a.hadamard(z, h)))


PROGRAMS: dict[str, Callable[[Any], None]] = {
    "lstm": lstm,
    "gated": gated,
    "rnn": rnn,
    "gru": gru,
}
