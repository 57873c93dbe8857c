"""The second way to a proof: boxes on a fixed grid, and images covered by several boxes.

For a cell that does not saturate (a trained network), the image of a box is often not
small enough to fit in one box, and growing boxes to hold images makes them ever wider.
Here the boxes are the cells of a grid of side 2**-g (over every state component) instead:
the image of a box is *covered* by the grid cells it meets, each of which is a box in
turn. The grid is finite on the bounded part of the state space a cell reaches, so the
search ends: either every box's image is covered and reads a certain output, or some image
meets a decision boundary (then a finer grid is tried, within the budget).

A grid cell that straddles a decision boundary of a unit readout is cut there, into the
part on each side (the boundary itself left out: an image with a certain output keeps off
it by at least one unit of the box grid).

Boxes that share a cover must behave alike: the boxes are merged by congruence closure
(two merged boxes have merged successors on every symbol); when every merged class reads
one output, the classes form a deterministic machine that the cell implements, and the
boxes labelled with its states are a certificate whose successors are covers (format
version 2; the checker verifies that each image lies in the union of its cover).

The search is breadth first. When a grid does not close (an image meets a boundary, too
many boxes, the time), the boxes explored so far still give a *bounded* certificate: the
unexplored boxes are open, and the machine of the merged classes is right on every word no
longer than the shortest word from the initial box to an open box (its depth).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import flint

from symlstm.analysis.automaton import UNOBSERVED, MooreMachine, Output, minimize, quotient_map
from symlstm.analysis.readouts import ReadoutRule
from symlstm.model import Model, ReadoutKind
from symlstm.numbers import BALLS, CompiledCell
from symlstm.numbers.duals import DUALS, mean_value_image

if TYPE_CHECKING:
    from symlstm.analysis.proof import Attempt, Progress

Key = tuple[Any, ...]

MAX_COVER = 256  # an image covered by more grid cells ends the attempt at this grid


class CoverFailure(Exception):
    """The grid attempt did not close."""


def _ball(lo: int, hi: int, scale: int) -> Any:
    if lo == hi:
        return flint.arb(flint.fmpq(lo, scale))
    return flint.arb(flint.fmpq(lo, scale)).union(flint.arb(flint.fmpq(hi, scale)))


class CoverAbstraction:
    """Grid boxes, their covers and outputs (mutable while the search runs)."""

    def __init__(
        self,
        model: Model,
        cell: CompiledCell,
        rule: ReadoutRule,
        scale: int,
        grid_bits: int,
        interval: Any,
        initial: tuple[list[int], list[int]],
        max_boxes: int,
        deadline: float,
        *,
        progress: Progress | None = None,
        attempt: Attempt | None = None,
    ) -> None:
        self.model = model
        self.progress = progress
        self.attempt = attempt
        self.cell = cell
        self.rule = rule
        self.scale = scale
        self.side = scale >> grid_bits
        self.interval = interval
        self.max_boxes = max_boxes
        self.deadline = deadline
        lows, highs = initial
        out = rule.output(lows, highs) or UNOBSERVED
        self.lows: list[list[int]] = [lows]
        self.highs: list[list[int]] = [highs]
        self.outputs: list[Output] = [out]
        self.covers: list[list[tuple[int, ...]]] = [[]]
        self.index: dict[Key, int] = {}
        self.transitions = 0
        self.cuts = self._cuts()
        self.depths: list[int] = [0]  # the least number of steps from the initial box
        self.open: set[int] = set()  # boxes whose images were not covered (bounded search)
        self.horizon: int | None = None  # the least depth of an open box

    def _cuts(self) -> tuple[int, ...]:
        """The readout components at whose boundaries a straddling grid cell is cut: a unit
        readout's (round: into [lo, b − 1] and [b + 1, hi]; threshold: [lo, ⌊θ·scale⌋] and
        [⌊θ·scale⌋ + 1, hi]); none for the other readouts."""
        if self.model.readout.kind not in (ReadoutKind.ROUND, ReadoutKind.THRESHOLD):
            return ()
        return self.rule.components

    def _boundaries(self, j: int, lo: int, hi: int) -> list[int]:
        """The readout boundaries of component j in [lo, hi], in units: inside, or on a
        face (a grid of side 2**-g puts ±1/2 on the faces of its cells: such a cell is cut
        there too, its face on the boundary left out)."""
        scale = self.scale
        if self.model.readout.kind is ReadoutKind.ROUND:
            # (2k + 1)·scale/2 for integers k (scale is even)
            half = scale // 2
            first = -((-(lo - half)) // scale)  # smallest k with k·scale + half ≥ lo
            out = []
            k = first
            while k * scale + half <= hi:
                out.append(k * scale + half)
                k += 1
            return out
        theta = self.model.readout.theta
        b = (int(theta.p) * scale) // int(theta.q)
        return [b] if lo <= b <= hi else []

    def _part(
        self, cell: tuple[int, ...], ilo: Sequence[int], ihi: Sequence[int]
    ) -> tuple[Key, list[int], list[int]]:
        """The box (key, bounds) of grid cell ``cell``, cut at readout boundaries to the side
        of the image ``[ilo, ihi]``."""
        side = self.side
        lows = [c * side for c in cell]
        highs = [(c + 1) * side for c in cell]
        sides: list[int] = []
        round_kind = self.model.readout.kind is ReadoutKind.ROUND
        for j in self.cuts:
            for b in self._boundaries(j, lows[j], highs[j]):
                if round_kind:
                    below, above = b - 1, b + 1
                else:
                    below, above = b, b + 1
                if ilo[j] >= above:
                    lows[j] = max(lows[j], above)
                    sides.append(1)
                elif ihi[j] <= below:
                    highs[j] = min(highs[j], below)
                    sides.append(0)
                else:
                    raise CoverFailure("an image meets a decision boundary")
        return (cell, tuple(sides)), lows, highs

    def box_of(
        self, key: Key, lows: list[int], highs: list[int], queue: deque[int], depth: int
    ) -> int:
        found = self.index.get(key)
        if found is not None:
            return found
        out = self.rule.output(lows, highs)
        if out is None:
            raise CoverFailure("a grid box straddles a decision boundary")
        if len(self.lows) >= self.max_boxes:
            raise CoverFailure("too many boxes")
        b = len(self.lows)
        self.lows.append(lows)
        self.highs.append(highs)
        self.outputs.append(out)
        self.covers.append([])
        self.index[key] = b
        self.depths.append(depth)
        queue.append(b)
        return b

    def run(self, bits: int, *, bounded: bool = False) -> None:
        """Explore the grid boxes breadth first. Without ``bounded`` the first image that
        cannot be covered ends the attempt (CoverFailure). With ``bounded`` such a box is
        left *open* (no covers) and so is every box not explored when the time or the box
        budget runs out; :attr:`horizon` is then the least depth (shortest word from the
        initial box) of an open box, and boxes deeper than the least failing one are not
        explored (they could not raise it)."""
        limit: int | None = None  # the depth of the shallowest open box found so far
        with BALLS.precision(bits):
            step = self.cell.bind(BALLS, hoist_constants=True)
            dual_step = _Lazy(self.cell)
            next_state = self.cell.next_state
            symbols = [
                tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a)
                for a in self.model.alphabet
            ]
            queue: deque[int] = deque([0])
            done = 0
            while queue:
                b = queue[0]
                if time.monotonic() > self.deadline or (
                    limit is not None and self.depths[b] >= limit
                ):
                    if not bounded:
                        raise CoverFailure("time")
                    self.open.update(queue)
                    break
                queue.popleft()
                done += 1
                if self.progress is not None and self.attempt is not None and done % 64 == 0:
                    self.progress(done, len(self.lows), len(queue), self.attempt)
                try:
                    self.covers[b] = self._covers_of(b, symbols, step, dual_step, next_state, queue)
                except CoverFailure:
                    if not bounded:
                        raise
                    self.open.add(b)
                    self.covers[b] = []
                    limit = self.depths[b] if limit is None else min(limit, self.depths[b])
        if self.open:
            self._prune()
        self.horizon = min((self.depths[b] for b in self.open), default=None)

    def _prune(self) -> None:
        """Keep only the boxes reachable from the initial box along covers (a failing box
        may have made boxes for its images before it failed), numbered in order."""
        keep = [0]
        number = {0: 0}
        i = 0
        while i < len(keep):
            for cover in self.covers[keep[i]]:
                for c in cover:
                    if c not in number:
                        number[c] = len(keep)
                        keep.append(c)
            i += 1
        keep_sorted = sorted(keep)
        number = {b: i for i, b in enumerate(keep_sorted)}
        self.lows = [self.lows[b] for b in keep_sorted]
        self.highs = [self.highs[b] for b in keep_sorted]
        self.outputs = [self.outputs[b] for b in keep_sorted]
        self.depths = [self.depths[b] for b in keep_sorted]
        self.covers = [
            [tuple(number[c] for c in cover) for cover in self.covers[b]] for b in keep_sorted
        ]
        self.open = {number[b] for b in self.open if b in number}

    def _covers_of(
        self,
        b: int,
        symbols: Sequence[tuple[Any, ...]],
        step: Any,
        dual_step: Any,
        next_state: Any,
        queue: deque[int],
    ) -> list[tuple[int, ...]]:
        """The covers of box ``b``'s images, one per symbol (new boxes join ``queue``)."""
        scale = self.scale
        balls = [_ball(lo, hi, scale) for lo, hi in zip(self.lows[b], self.highs[b], strict=True)]
        parts = []
        for symbol in symbols:
            self.transitions += 1
            image: Sequence[Any] = next_state(step(*balls, *symbol))
            ilo, ihi, ranges, count = self._extent(image)
            if self.rule.output(ilo, ihi) is None or count > MAX_COVER:
                # too wide: tighten by the mean-value form (to first order as tight as the
                # step's derivative allows), before giving up
                image = mean_value_image(
                    next_state, step, dual_step, self.lows[b], self.highs[b], scale, symbol, image
                )
                ilo, ihi, ranges, count = self._extent(image)
            if self.rule.output(ilo, ihi) is None:
                raise CoverFailure("an image meets a decision boundary")
            if count > MAX_COVER:
                raise CoverFailure("an image meets too many grid cells")
            parts.append([self._part(cell, ilo, ihi) for cell in _product(ranges)])
        # boxes are made only once every image of b is covered: a failing box adds none
        covers = []
        depth = self.depths[b] + 1
        for row in parts:
            members = [self.box_of(key, lows, highs, queue, depth) for key, lows, highs in row]
            covers.append(tuple(sorted(set(members))))
        return covers

    def _extent(self, image: Sequence[Any]) -> tuple[list[int], list[int], list[range], int]:
        """The image's bounds over 1/scale, the grid cells it meets along each component,
        and their number."""
        scale, side = self.scale, self.side
        ilo, ihi = [], []
        for x in image:
            interval = self.interval(x, scale)
            if interval is None:
                raise CoverFailure("an enclosure is not finite")
            ilo.append(interval[0])
            ihi.append(interval[1])
        ranges = [range(lo // side, hi // side + 1) for lo, hi in zip(ilo, ihi, strict=True)]
        count = 1
        for r in ranges:
            count *= len(r)
        return ilo, ihi, ranges, count

    def machine(self) -> tuple[MooreMachine, tuple[int, ...]]:
        """The machine of the boxes merged by congruence closure, minimal, and the state
        of each box; CoverFailure when a merged class reads two outputs."""
        n = len(self.lows)
        k_count = len(self.model.alphabet)
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        # an open box (bounded search: its images were not covered) has no successors; a
        # class's successors are those of any member that has them (congruence makes them
        # agree), and a class of open boxes only loops to itself (beyond the horizon)
        succ: list[list[int] | None] = [
            [cover[0] for cover in self.covers[b]] if self.covers[b] else None for b in range(n)
        ]
        pending: list[tuple[int, int]] = []
        for b in range(n):
            for cover in self.covers[b]:
                pending += [(cover[0], m) for m in cover[1:]]
        while pending:
            a, c = pending.pop()
            ra, rc = find(a), find(c)
            if ra == rc:
                continue
            if self.outputs[ra] != self.outputs[rc]:
                raise CoverFailure("boxes that must behave alike read different outputs")
            parent[rc] = ra
            left, right = succ[ra], succ[rc]
            if left is None:
                succ[ra] = right
            elif right is not None:
                pending += list(zip(left, right, strict=True))
        roots = sorted({find(b) for b in range(n)})
        number = {r: i for i, r in enumerate(roots)}

        def row(r: int) -> tuple[int, ...]:
            targets = succ[r]
            if targets is None:
                return (number[r],) * k_count
            return tuple(number[find(s)] for s in targets)

        quotient = MooreMachine(
            states=tuple(f"c{i}" for i in range(len(roots))),
            initial=number[find(0)],
            alphabet=self.model.alphabet,
            transitions=tuple(row(r) for r in roots),
            outputs=tuple(self.outputs[r] for r in roots),
        )
        minimal = minimize(quotient)
        mapping = quotient_map(quotient, minimal)
        states = tuple(mapping[number[find(b)]] for b in range(n))
        return minimal, states


class _Lazy:
    """The step over duals, bound when first called."""

    def __init__(self, cell: CompiledCell) -> None:
        self.cell = cell
        self.step: Any = None

    def __call__(self, *args: Any) -> Any:
        if self.step is None:
            self.step = self.cell.bind(DUALS, hoist_constants=True)
        return self.step(*args)


def _product(ranges: Sequence[range]) -> list[tuple[int, ...]]:
    cells: list[tuple[int, ...]] = [()]
    for r in ranges:
        cells = [(*c, v) for c in cells for v in r]
    return cells
