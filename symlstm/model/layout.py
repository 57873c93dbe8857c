"""Diagram layouts as data: what each cell kind's drawing holds (nodes at fixed positions,
wires through node anchors and bend points, wire labels). A kind's layout lives in the
kind's own module; :mod:`symlstm.render.diagram` draws any layout as SVG or TikZ.
Coordinates are SVG user units (y downwards)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Shape(Enum):
    BOX = "box"  # a layer: a squashing function of an affine map, with weights
    FUNCTION = "function"  # a function of a state, without weights (tanh of c_t)
    OP = "op"  # a point-wise operation: ⊙, +, 1 −
    JOIN = "join"  # wires meet
    TERMINAL = "terminal"  # an input or output of the unit


class Side(Enum):
    """Where a label sits relative to its point (TikZ's anchor is the opposite side)."""

    LEFT = "left"
    RIGHT = "right"
    ABOVE = "above"
    BELOW = "below"


@dataclass(frozen=True)
class Node:
    name: str
    shape: Shape
    x: int
    y: int
    content: str = ""  # a key of CONTENTS, or a symbol name such as "h[t-1]"
    side: Side = Side.LEFT  # for a terminal: where its label is written
    units: tuple[str, ...] = ()  # for a box: the parameter units feeding it ("f", …)
    output: str = ""  # for a box: the quantity it computes ("f[t]")


@dataclass(frozen=True)
class Wire:
    """A polyline: points are ``"node.anchor"``, ``"node"`` (its centre) or (x, y)."""

    points: tuple[str | tuple[int, int], ...]
    arrow: bool = True


@dataclass(frozen=True)
class Label:
    symbol: str
    x: int
    y: int
    side: Side


@dataclass(frozen=True)
class Layout:
    title: str
    width: int
    height: int
    frame: tuple[int, int, int, int]  # the unit's outline: x0, y0, x1, y1
    nodes: tuple[Node, ...]
    wires: tuple[Wire, ...]
    labels: tuple[Label, ...]

    def node(self, name: str) -> Node:
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)


def terminal(name: str, x: int, y: int, symbol: str, side: Side) -> Node:
    return Node(name, Shape.TERMINAL, x, y, symbol, side)


def box(name: str, x: int, y: int, function: str, units: tuple[str, ...], output: str) -> Node:
    return Node(name, Shape.BOX, x, y, function, units=units, output=output)


def op(name: str, x: int, y: int, operation: str) -> Node:
    return Node(name, Shape.OP, x, y, operation)


def join(name: str, x: int, y: int) -> Node:
    return Node(name, Shape.JOIN, x, y)


__all__ = ["Label", "Layout", "Node", "Shape", "Side", "Wire", "box", "join", "op", "terminal"]
