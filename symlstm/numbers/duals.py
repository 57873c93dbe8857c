"""Balls with gradients: the DUALS context encloses a step *and* its derivative on a box.

Forward-mode differentiation over arb balls: a :class:`Dual` holds a ball enclosing a
quantity over a box and, for each state component, a ball enclosing its partial derivative
at every point of the box (activations' slopes are enclosed from their values:
sigmoid' = sigmoid (1 − sigmoid), tanh' = 1 − tanh²). The compiled step runs unchanged on
duals; inputs and constants stay plain balls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import flint

from symlstm.numbers.contexts import BALLS, Context
from symlstm.numbers.wide import intersect, interval


class Dual:
    __slots__ = ("grad", "value")

    def __init__(self, value: Any, grad: tuple[Any, ...]) -> None:
        self.value = value
        self.grad = grad

    def __add__(self, other: Any) -> Dual:
        if isinstance(other, Dual):
            return Dual(
                self.value + other.value,
                tuple([a + b for a, b in zip(self.grad, other.grad, strict=True)]),
            )
        return Dual(self.value + other, self.grad)

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(-self.value, tuple([-a for a in self.grad]))

    def __sub__(self, other: Any) -> Dual:
        return self.__add__(-other)

    def __rsub__(self, other: Any) -> Dual:
        return self.__neg__().__add__(other)

    def __mul__(self, other: Any) -> Dual:
        if isinstance(other, Dual):
            return Dual(
                self.value * other.value,
                tuple(
                    [
                        a * other.value + b * self.value
                        for a, b in zip(self.grad, other.grad, strict=True)
                    ]
                ),
            )
        return Dual(self.value * other, tuple([a * other for a in self.grad]))

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Dual:
        if isinstance(other, Dual):
            return self.__mul__(other.reciprocal())
        return Dual(self.value / other, tuple([a / other for a in self.grad]))

    def __rtruediv__(self, other: Any) -> Dual:
        return self.reciprocal().__mul__(other)

    def reciprocal(self) -> Dual:
        inverse = 1 / self.value
        slope = -square(inverse)
        return Dual(inverse, tuple([a * slope for a in self.grad]))

    def __pow__(self, exponent: int) -> Dual:
        if not isinstance(exponent, int):
            return NotImplemented
        if exponent == 0:
            return Dual(flint.arb(1), tuple([flint.arb(0)] * len(self.grad)))
        if exponent < 0:
            inverse = 1 / self.value
            value = inverse ** (-exponent)
            slope = exponent * value * inverse  # d/dx x^-n = -n x^(-n-1)
            return Dual(value, tuple([a * slope for a in self.grad]))
        value = self.value**exponent
        slope = exponent * self.value ** (exponent - 1)
        return Dual(value, tuple([a * slope for a in self.grad]))


def square(y: Any) -> Any:
    """y² for a ball, from its endpoints: python-flint's ``y**2`` is nan for a ball centred
    on 0 (tanh of [−15, 15] is [±1.01], and 1 − y**2 was nan: a derivative lost, and with it
    a drift bound), and ``y*y`` of a ball around 0 reaches below 0."""
    if y.is_exact() or not y.is_finite():
        return y * y
    low, high = y.lower(), y.upper()
    image = (low * low).union(high * high)
    if low <= 0 <= high:
        image = image.union(flint.arb(0))
    return image


def _sigmoid(x: Any) -> Any:
    if not isinstance(x, Dual):
        return BALLS.sigmoid(x)
    y = BALLS.sigmoid(x.value)
    slope = y * (1 - y)
    return Dual(y, tuple([a * slope for a in x.grad]))


def _tanh(x: Any) -> Any:
    if not isinstance(x, Dual):
        return BALLS.tanh(x)
    y = BALLS.tanh(x.value)
    slope = 1 - square(y)
    return Dual(y, tuple([a * slope for a in x.grad]))


DUALS = Context(
    "duals",
    lambda p, q: flint.arb(flint.fmpq(p, q)),
    _sigmoid,
    _tanh,
    lambda bits: flint.ctx.workprec(bits),
)


def seeds(balls: tuple[Any, ...]) -> tuple[Dual, ...]:
    """The state components as duals: component j has gradient e_j."""
    zero, one = flint.arb(0), flint.arb(1)
    d = len(balls)
    return tuple(
        Dual(ball, tuple([one if m == j else zero for m in range(d)]))
        for j, ball in enumerate(balls)
    )


def mean_value_image(
    next_state: Callable[[tuple[Any, ...]], tuple[Any, ...]],
    step: Callable[..., tuple[Any, ...]],
    dual_step: Callable[..., tuple[Any, ...]],
    lows: Sequence[int],
    highs: Sequence[int],
    scale: int,
    symbol: Sequence[Any],
    image: Sequence[Any],
) -> list[Any]:
    """The image of the box ``[lows, highs] / scale`` under one step, tightened by the
    mean-value form: for x in the box and its centre m, F_i(x) = F_i(m) + ∇F_i(ξ)·(x − m)
    for some ξ on the segment from m to x (inside the box, which is convex; the step is
    smooth), and ∇F_i(ξ) lies in the interval Jacobian of the box (``dual_step``, forward
    mode over balls). So F_i(box) ⊆ F_i(m) + Σ_j J_ij·[−r_j, r_j], r_j the half-widths;
    each component is that enclosure intersected with ``image`` (the plain enclosure).
    Both hold the true image, so their intersection does: to first order in the box's
    width it is as tight as the step's derivative allows, where ball arithmetic on the
    whole box pays for every repeated variable (the dependency problem)."""
    fmpq, arb = flint.fmpq, flint.arb
    centre = []
    offsets: list[Any] = []
    balls = []
    for lo, hi in zip(lows, highs, strict=True):
        a = arb(fmpq(lo, scale))
        # (a saturated memory cell, wider than 1: with its endpoints, see numbers.wide)
        wide = hi - lo > scale
        balls.append(
            a
            if lo == hi
            else interval(a, arb(fmpq(hi, scale)))
            if wide
            else a.union(arb(fmpq(hi, scale)))
        )
        centre.append(arb(fmpq(lo + hi, 2 * scale)))  # a ball around the exact centre
        r = arb(fmpq(hi - lo, 2 * scale))
        offsets.append(None if lo == hi else r.union(-r))  # ⊇ [−r, r]
    point = next_state(step(*centre, *symbol))
    slopes = next_state(dual_step(*seeds(tuple(balls)), *symbol))
    out = []
    for x, c, d in zip(image, point, slopes, strict=True):
        if isinstance(d, Dual):
            mv = c
            for g, r in zip(d.grad, offsets, strict=True):
                if r is not None:
                    mv += g * r
            if mv.is_finite():
                if not x.is_finite():
                    x = mv
                else:
                    try:
                        x = intersect(x, mv)
                    except ValueError:  # disjoint: impossible for two true enclosures
                        raise AssertionError("two enclosures of one image are disjoint") from None
        out.append(x)
    return out
