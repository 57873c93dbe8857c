"""The checker's cover obligation: an image box lies in the union of its cover's boxes.

The checker decides it on elementary cells (``check._uncovered``); the oracle here is the
older way, exact too but slow on big covers: take each box away from what is left of the
image in turn (closed pieces, so a shared face is never lost) and see whether anything is
left. Both must agree on every case, grid covers with readout gaps and degenerate images
among them (issue 11: the old way spent 5 of a trained net's certificate's 6 minutes)."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symlstm import __version__
from symlstm.analysis import Budget, Verdict, check, prove
from symlstm.analysis.check import _uncovered
from symlstm.analysis.reasons import ReasonCode
from symlstm.model import read_model_file

ROOT = Path(__file__).resolve().parents[2]

FBox = list[tuple[Fraction, Fraction]]


def _subtract(piece: FBox, box: FBox) -> list[FBox]:
    """Closed boxes that together hold every point of ``piece`` outside ``box``."""
    if any(
        p_hi < b_lo or p_lo > b_hi for (p_lo, p_hi), (b_lo, b_hi) in zip(piece, box, strict=True)
    ):
        return [piece]
    out: list[FBox] = []
    rest = list(piece)
    for j, (b_lo, b_hi) in enumerate(box):
        r_lo, r_hi = rest[j]
        if r_lo < b_lo:
            out.append([*rest[:j], (r_lo, b_lo), *rest[j + 1 :]])
            rest[j] = (b_lo, r_hi)
            r_lo = b_lo
        if r_hi > b_hi:
            out.append([*rest[:j], (b_hi, r_hi), *rest[j + 1 :]])
            rest[j] = (r_lo, b_hi)
    return out


def _covered_by_subtraction(hull: FBox, boxes: list[FBox]) -> bool:
    left = [hull]
    for box in boxes:
        left = [p for piece in left for p in _subtract(piece, box)]
        if not left:
            return True
    return False


def _inside(cell: FBox, box: FBox) -> bool:
    return all(b_lo <= lo and hi <= b_hi for (lo, hi), (b_lo, b_hi) in zip(cell, box, strict=True))


def _interval(draw: st.DrawFn, points: int) -> tuple[Fraction, Fraction]:
    a = draw(st.integers(0, points))
    b = draw(st.integers(0, points))
    return Fraction(min(a, b), 4), Fraction(max(a, b), 4)


def _case(
    hull: list[tuple[int, int]], boxes: list[list[tuple[int, int]]]
) -> tuple[FBox, list[FBox]]:
    def quarters(box: list[tuple[int, int]]) -> FBox:
        return [(Fraction(lo, 4), Fraction(hi, 4)) for lo, hi in box]

    return quarters(hull), [quarters(b) for b in boxes]


@st.composite
def cases(draw: st.DrawFn) -> tuple[FBox, list[FBox]]:
    """An image hull and boxes on a coarse rational grid (shared faces, gaps, overlaps and
    point components are all likely), in 1–3 components."""
    n = draw(st.integers(1, 3))
    hull = [_interval(draw, 8) for _ in range(n)]
    count = draw(st.integers(0, 12))
    boxes = [[_interval(draw, 8) for _ in range(n)] for _ in range(count)]
    return hull, boxes


@settings(max_examples=400, deadline=None)
@given(cases())
@example(_case([(0, 4)], [[(0, 2)], [(2, 4)]]))  # two halves sharing a face
@example(_case([(0, 4)], [[(0, 1)], [(2, 4)]]))  # a gap
@example(_case([(2, 2), (0, 4)], [[(2, 4), (0, 4)]]))  # a point component on a face
def test_agrees_with_the_subtraction_oracle(case: tuple[FBox, list[FBox]]) -> None:
    hull, boxes = case
    left = _uncovered(hull, boxes)
    assert (left is None) == _covered_by_subtraction(hull, boxes)
    if left is not None:  # a true witness: inside the hull, in no single box
        assert _inside(left, hull)
        assert not any(_inside(left, box) for box in boxes)


def _grid_cover(side: Fraction, n: int, hull: FBox) -> list[FBox]:
    """The grid cells of side ``side`` that meet the hull, as the prover's cover makes them."""
    cells: list[FBox] = [[]]
    for lo, hi in hull:
        first, last = int(lo // side), int(hi // side)
        cells = [[*c, (t * side, (t + 1) * side)] for c in cells for t in range(first, last + 1)]
    return cells


@pytest.mark.parametrize("n", [1, 2, 4])
def test_a_grid_cover_holds_its_image_and_a_missing_cell_is_found(n: int) -> None:
    side = Fraction(1, 64)
    hull = [(Fraction(3, 1000) + j * side / 3, Fraction(70, 1000) + j * side / 5) for j in range(n)]
    cover = _grid_cover(side, n, hull)
    assert len(cover) == 5**n or len(cover) >= 4**n
    assert _uncovered(hull, cover) is None
    for missing in (0, len(cover) // 2, len(cover) - 1):
        rest = cover[:missing] + cover[missing + 1 :]
        left = _uncovered(hull, rest)
        assert left is not None and _inside(left, cover[missing])
        assert not any(_inside(left, box) for box in rest)


def test_a_readout_gap_between_two_cut_cells_is_not_covered() -> None:
    """A grid cell cut at the boundary 1/2 into [lo, 1/2 − u] and [1/2 + u, hi]: an image
    that crosses the gap is not covered, one on one side is."""
    u = Fraction(1, 10**30)
    below = [(Fraction(31, 64), Fraction(1, 2) - u)]
    above = [(Fraction(1, 2) + u, Fraction(33, 64))]
    assert _uncovered([(Fraction(31, 64), Fraction(1, 2) - u)], [below, above]) is None
    left = _uncovered([(Fraction(63, 128), Fraction(65, 128))], [below, above])
    assert left == [(Fraction(1, 2) - u, Fraction(1, 2) + u)]


@pytest.fixture(scope="module")
def covered() -> dict[str, Any]:
    """A proof by grid covers (parity-h1, a trained net: images covered by up to a
    few grid boxes), as JSON."""
    model = read_model_file(ROOT / "bench" / "trained" / "parity-h1.toml")
    result = prove(model, budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.PROVED and result.certificate is not None
    assert result.reason.code is ReasonCode.COVERED
    data: dict[str, Any] = json.loads(json.dumps(result.certificate.to_data(__version__)))
    # a successor is a box number or, for an image that meets several boxes, a list
    assert any(isinstance(cover, list) for row in data["successors"] for cover in row)
    return data


@pytest.mark.parametrize("bits", [check.MAX_SCALED_BITS, 0])
def test_covers_are_checked_over_integers_or_fractions_alike(
    covered: dict[str, Any], bits: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a common denominator the bounds are integers; without one (bits 0) they stay
    fractions: the verdicts agree, and a cover missing a box is rejected either way."""
    monkeypatch.setattr(check, "MAX_SCALED_BITS", bits)
    assert check.check_certificate(covered).valid
    tampered = copy.deepcopy(covered)
    row, k = next(
        (r, k)
        for r in tampered["successors"]
        for k, cover in enumerate(r)
        if isinstance(cover, list)
    )
    row[k] = row[k][1:]
    result = check.check_certificate(tampered)
    assert not result.valid and result.failure is not None
    assert "not covered" in result.failure.detail
