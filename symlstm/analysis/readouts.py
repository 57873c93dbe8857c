"""A model's readout certified on boxes, exactly: the prover's side.

A box is a product of intervals ``[lo_j, hi_j] / scale`` (integers over a power of ten).
:meth:`ReadoutRule.output` gives the output every point of the box reads, or None when the
box straddles a decision boundary. Unit readouts compare interval ends with the boundary;
linear readouts bound ``w·h + b`` over the box exactly (a linear function's minimum over a
box is at the corner picked by the signs of ``w``), in integers. (The independent checker
has its own implementation of the same rules.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from symlstm.model import Model, ReadoutKind

Output = tuple[int, ...]


def round_to_zero(v: int, scale: int) -> int:
    """v/scale rounded to the nearest integer, a tie k ± 1/2 toward zero (the course's "if
    h_t = ±0.5, round it to 0"): monotone in v."""
    k = (2 * v + scale) // (2 * scale)  # floor(v/scale + 1/2)
    if (2 * k - 1) * scale == 2 * v and v > 0:  # v/scale = k − 1/2 > 0: toward zero
        return k - 1
    return k


def round_box(lo: int, hi: int, scale: int) -> int | None:
    """The integer every point of [lo, hi]/scale rounds to (ties toward zero), or None
    (rounding is monotone: the ends decide)."""
    k = round_to_zero(lo, scale)
    return k if round_to_zero(hi, scale) == k else None


class ReadoutRule:
    """The model's readout on boxes over ``1/scale``, certified exactly."""

    def __init__(self, model: Model, scale: int) -> None:
        readout = model.readout
        kind = model.kind
        n = model.hidden
        first = kind.states.index(kind.output) * n
        self.kind = readout.kind
        self.scale = scale
        self.components = tuple(first + j for j in readout.selected(n))
        theta = readout.theta
        self.theta = (int(theta.p), int(theta.q))
        # linear readouts: integer rows D·w and biases D·scale·b, D a common denominator
        self.rows: tuple[tuple[tuple[int, ...], int], ...] = ()
        self.pairs: tuple[tuple[int, int, tuple[int, ...], int], ...] = ()
        if readout.weight is not None and readout.bias is not None:
            numbers = [v for row in readout.weight for v in row] + list(readout.bias)
            d = 1
            for v in numbers:
                d = math.lcm(d, int(v.q))
            rows = []
            for row, b in zip(readout.weight, readout.bias, strict=True):
                ints = tuple(int(v.p) * (d // int(v.q)) for v in row)
                rows.append((ints, int(b.p) * (d // int(b.q)) * scale))
            self.rows = tuple(rows)
            pairs = []
            for c, (wc, bc) in enumerate(rows):
                for e, (we, be) in enumerate(rows):
                    if c != e:
                        diff = tuple(a - b for a, b in zip(wc, we, strict=True))
                        pairs.append((c, e, diff, bc - be))
            self.pairs = tuple(pairs)

    def output(self, lows: Sequence[int], highs: Sequence[int]) -> Output | None:
        """The output every state of the box reads, or None when that is not certain."""
        kind = self.kind
        scale = self.scale
        if kind is ReadoutKind.ROUND:
            out = []
            for j in self.components:
                k = round_box(lows[j], highs[j], scale)
                if k is None:
                    return None
                out.append(k)
            return tuple(out)
        if kind is ReadoutKind.SIGN:
            out = []
            for j in self.components:
                if lows[j] > 0:
                    out.append(1)
                elif highs[j] < 0:
                    out.append(-1)
                elif lows[j] == highs[j] == 0:
                    out.append(0)
                else:
                    return None
            return tuple(out)
        if kind is ReadoutKind.THRESHOLD:
            p, q = self.theta
            out = []
            for j in self.components:
                if lows[j] * q > p * scale:
                    out.append(1)
                elif highs[j] * q <= p * scale:
                    out.append(0)
                else:
                    return None
            return tuple(out)
        h_lo = [lows[j] for j in self.components]
        h_hi = [highs[j] for j in self.components]
        if kind is ReadoutKind.LOGISTIC:
            ((row, bias),) = self.rows
            low, high = _linear_range(row, bias, h_lo, h_hi)
            if low > 0:
                return (1,)
            if high <= 0:
                return (0,)
            return None
        # argmax: class c when its score beats every other class on the whole box (strictly
        # for an earlier class: a tie goes to the smallest index)
        winners = []
        for c in range(len(self.rows)):
            ok = True
            for first, other, diff, bias in self.pairs:
                if first != c:
                    continue
                low, _ = _linear_range(diff, bias, h_lo, h_hi)
                if low < 0 or (low == 0 and other < c):
                    ok = False
                    break
            if ok:
                winners.append(c)
        return (winners[0],) if len(winners) == 1 else None


def _linear_range(
    row: Sequence[int], bias: int, lows: Sequence[int], highs: Sequence[int]
) -> tuple[int, int]:
    """min and max of row·h + bias over the box (all scaled by the same positive factor)."""
    low = high = bias
    for w, lo, hi in zip(row, lows, highs, strict=True):
        if w >= 0:
            low += w * lo
            high += w * hi
        else:
            low += w * hi
            high += w * lo
    return low, high
