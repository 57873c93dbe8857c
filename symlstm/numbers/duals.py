"""Balls with gradients: the DUALS context encloses a step *and* its derivative on a box.

Forward-mode differentiation over arb balls: a :class:`Dual` holds a ball enclosing a
quantity over a box and, for each state component, a ball enclosing its partial derivative
at every point of the box (activations' slopes are enclosed from their values:
sigmoid' = sigmoid (1 − sigmoid), tanh' = 1 − tanh²). The compiled step runs unchanged on
duals; inputs and constants stay plain balls.
"""

from __future__ import annotations

from typing import Any

import flint

from symlstm.numbers.contexts import BALLS, Context


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
        slope = -(inverse**2)
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
    slope = 1 - y**2
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
