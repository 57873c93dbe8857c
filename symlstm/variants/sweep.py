"""Sweeps: how strong must the weights be? Certified verdicts over a scale or a grid.

:func:`sweep_scale` bisects the factor ``s`` of the whole weight set (every weight and
bias times ``s``) between ``low`` and ``high`` for two verdicts, each decided by the prover
at every point it looks at (never sampled):

- *machine*: the exact cell is proved to implement the reference machine (the one proved at
  ``high``);
- *table*: the saturating convention's transition table gives the exact cell's rounded
  output on every word (its machine is the proved machine).

First nine evenly spaced factors are judged at once; then, for each verdict, the largest
factor judged where it fails and the next one judged above it are bisected ``steps``
times. The result: the verdict holds at ``holds`` and at every factor judged above it up
to ``high``, and fails at ``fails`` (certified at both; the two are at most
``(high - low) / 8 / 2**steps`` apart). It is the boundary seen from ``high``: a verdict
may hold again further down (a weak cell whose outputs all round to 0 is "proved" too),
which the points judged show. :func:`sweep_grid` judges every point of a ``--vary`` grid and
names the machines found in grid order (M1, M2, …: equal names, equivalent machines).
Points are independent jobs on an executor; the results do not depend on which.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from fractions import Fraction

from symlstm.analysis import MooreMachine, Verdict, distinguishing_word
from symlstm.errors import UsageError
from symlstm.executor import InProcess, run_jobs
from symlstm.model import Model
from symlstm.variants import machines
from symlstm.variants.templates import SCALE, Template, apply_params

DEFAULT_STEPS = 10
SCAN = 8  # a first round of SCAN + 1 evenly spaced factors, judged at once
MAX_POINTS = 10_000


@dataclass(frozen=True)
class PointJob:
    model: Model
    params: tuple[tuple[str, Fraction], ...]


@dataclass(frozen=True)
class Point:
    """The verdicts at one point: the proof (and the machine, when proved) and the table."""

    params: tuple[tuple[str, Fraction], ...]
    proof: Verdict
    machine: MooreMachine | None
    table: Verdict
    label: str = ""  # M1, M2, … (grid sweeps; "" when not proved)


def judge_point(job: PointJob) -> Point:
    """A job of the executor: prove the cell at ``job.params`` and check its table."""
    model = apply_params(job.model, job.params)
    proof = machines.proof_of(model)
    machine = proof.machine if proof.verdict is Verdict.PROVED else None
    return Point(job.params, proof.verdict, machine, machines.table_verdict(model, proof))


@dataclass(frozen=True)
class Boundary:
    """Where a verdict changes along the scale, seen from ``high``: ``holds`` and ``fails``
    are the two closest factors found on either side of the change (certified verdicts at
    both). ``holds < fails``: it holds up to ``holds`` (the largest factor found), not
    above; ``fails < holds``: it holds from ``holds`` (the smallest) up to ``high``. No
    change seen: ``holds`` is ``low`` (it holds everywhere judged) or None (nowhere)."""

    what: str  # "machine" | "table"
    at_low: bool
    at_high: bool
    holds: Fraction | None
    fails: Fraction | None

    @property
    def changes(self) -> bool:
        return self.at_low != self.at_high


@dataclass(frozen=True)
class ScaleSweep:
    model_name: str
    low: Fraction
    high: Fraction
    steps: int
    reference: MooreMachine | None  # the machine proved at ``high``
    machine: Boundary
    table: Boundary
    points: tuple[Point, ...]  # every point judged, by factor


@dataclass(frozen=True)
class GridSweep:
    model_name: str
    names: tuple[str, ...]
    points: tuple[Point, ...]  # the grid in row-major order of ``names``
    machines: tuple[MooreMachine, ...]  # M1, M2, … in order of first appearance


def _scale(value: Fraction) -> tuple[tuple[str, Fraction], ...]:
    return ((SCALE, value),)


def _factor(point: Point) -> Fraction:
    return point.params[0][1]


def sweep_scale(
    model: Model,
    low: Fraction,
    high: Fraction,
    steps: int = DEFAULT_STEPS,
    executor: Executor | None = None,
) -> ScaleSweep:
    if not 0 < low < high:
        raise UsageError("--scale", f"expected 0 < LO < HI, got {low}:{high}")
    executor = executor or InProcess()
    judged: dict[Fraction, Point] = {}

    def judge(factors: Sequence[Fraction]) -> None:
        new = [f for f in dict.fromkeys(factors) if f not in judged]
        jobs = [PointJob(model, _scale(f)) for f in new]
        for f, point in zip(new, run_jobs(executor, judge_point, jobs), strict=True):
            judged[f] = point

    judge([low + k * (high - low) / SCAN for k in range(SCAN + 1)])
    reference = judged[high].machine

    def machine_holds(f: Fraction) -> bool:
        m = judged[f].machine
        return reference is not None and m is not None and distinguishing_word(m, reference) is None

    def table_holds(f: Fraction) -> bool:
        return judged[f].table is Verdict.PROVED

    predicates = {"machine": machine_holds, "table": table_holds}

    def bracket(holds: Callable[[Fraction], bool]) -> tuple[Fraction, Fraction] | None:
        """(fails, holds): the two neighbouring factors judged where the verdict changes,
        seen from ``high``. Holding at ``high``: the largest failing factor and the next one
        judged above it; failing at ``high``: the largest holding factor and the next one
        above it. None when the verdict is the same at every factor judged."""
        side = [f for f in judged if holds(f) != holds(high)]
        if not side:
            return None
        a = max(side)
        b = min(f for f in judged if f > a)
        return (a, b) if holds(high) else (b, a)

    # each round bisects every bracket still wider than the resolution; brackets are
    # recomputed from all points judged, so a failure found by one bisection counts for both
    resolution = (high - low) / SCAN / 2**steps
    for _ in range(4 * steps + 4):
        middles = []
        for holds in predicates.values():
            found = bracket(holds)
            if found is not None and abs(found[1] - found[0]) > resolution:
                middles.append((found[0] + found[1]) / 2)
        if not middles:
            break
        judge(middles)
    boundaries = {}
    for name, holds in predicates.items():
        at_low, at_high = holds(low), holds(high)
        found = bracket(holds)
        if found is not None:
            boundaries[name] = Boundary(name, at_low, at_high, found[1], found[0])
        else:  # the same verdict at every factor judged
            boundaries[name] = Boundary(
                name, at_low, at_high, low if at_high else None, None if at_high else low
            )
    points, _ = _labelled([judged[f] for f in sorted(judged, reverse=True)])
    points = tuple(sorted(points, key=_factor))
    return ScaleSweep(
        model.name,
        low,
        high,
        steps,
        reference,
        boundaries["machine"],
        boundaries["table"],
        points,
    )


def sweep_grid(
    model: Model, templates: Sequence[Template], executor: Executor | None = None
) -> GridSweep:
    if not templates:
        raise UsageError("--vary", "give at least one NAME=SPEC to sweep over")
    size = 1
    for t in templates:
        size *= len(t.values)
    if size > MAX_POINTS:
        raise UsageError("--vary", f"the grid has {size} points; at most {MAX_POINTS}")
    grid = list(itertools.product(*[t.values for t in templates]))
    jobs = [
        PointJob(model, tuple(zip((t.name for t in templates), values, strict=True)))
        for values in grid
    ]
    judged = run_jobs(executor or InProcess(), judge_point, jobs)
    points, found = _labelled(judged)
    return GridSweep(model.name, tuple(t.name for t in templates), points, found)


def _labelled(judged: Sequence[Point]) -> tuple[tuple[Point, ...], tuple[MooreMachine, ...]]:
    """The points with their machines named M1, M2, … in order of first appearance."""
    found: list[MooreMachine] = []
    points = []
    for point in judged:
        label = ""
        if point.machine is not None:
            for k, m in enumerate(found):
                if distinguishing_word(point.machine, m) is None:
                    label = f"M{k + 1}"
                    break
            else:
                found.append(point.machine)
                label = f"M{len(found)}"
        points.append(Point(point.params, point.proof, point.machine, point.table, label))
    return tuple(points), tuple(found)


__all__ = [
    "Boundary",
    "GridSweep",
    "Point",
    "PointJob",
    "ScaleSweep",
    "judge_point",
    "sweep_grid",
    "sweep_scale",
]
