"""The round readout on boxes, ties toward zero, in the prover (``readouts.round_box``) and
in the checker (``check._read``), against an independent definition:
r(x) = sign(x)·⌈|x| − 1/2⌉ (±1/2 → 0, ±3/2 → ±1)."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from symlstm.analysis.check import _read, _Readout
from symlstm.analysis.readouts import round_box, round_to_zero


def toward_zero(x: Fraction) -> int:
    magnitude = math.ceil(abs(x) - Fraction(1, 2))
    return magnitude if x >= 0 else -magnitude


SCALES = st.sampled_from([2, 10, 10**6, 10**30])
# integers near multiples of scale/2 (the ties), and anywhere
NEAR = st.tuples(st.integers(-7, 7), st.integers(-3, 3))


def _value(scale: int, near: tuple[int, int]) -> int:
    half_steps, offset = near
    return half_steps * (scale // 2) + offset


@given(SCALES, NEAR, NEAR)
@example(10**30, (1, 0), (1, 0))  # [1/2, 1/2]: 0
@example(10**30, (-1, 0), (-1, 0))  # [−1/2, −1/2]: 0
@example(10**30, (-1, 0), (1, 0))  # [−1/2, 1/2]: 0
@example(10**30, (3, 0), (3, 0))  # 3/2: 1
@example(10**30, (1, 0), (1, 1))  # from 1/2 up: 0 and 1
def test_round_box_is_toward_zero_rounding_on_every_point(
    scale: int, a: tuple[int, int], b: tuple[int, int]
) -> None:
    lo, hi = sorted((_value(scale, a), _value(scale, b)))
    x_lo, x_hi = Fraction(lo, scale), Fraction(hi, scale)
    assert round_to_zero(lo, scale) == toward_zero(x_lo)
    # every point of the box: the ends, and each tie or integer between them
    points = {x_lo, x_hi}
    k = math.floor(x_lo) - 1
    while Fraction(k) <= x_hi + 1:
        for p in (Fraction(k), Fraction(2 * k + 1, 2)):
            if x_lo <= p <= x_hi:
                points.add(p)
        k += 1
    values = {toward_zero(p) for p in points}
    expected = values.pop() if len(values) == 1 else None
    assert round_box(lo, hi, scale) == expected
    readout = _Readout(kind="round", units=None, weight=None, bias=None, theta=None)
    checked = _read(readout, [(x_lo, x_hi)])
    assert checked == (None if expected is None else (expected,))
