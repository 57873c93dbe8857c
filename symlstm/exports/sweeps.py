"""Sweeps as a table (text, Markdown, JSON) and as a plot (matplotlib, the ``plot`` extra):
for a scale sweep, each verdict along the factor; for a grid, each point's machine (M1, M2,
…) over one parameter, or as a map over two."""

from __future__ import annotations

import io
import json
from typing import Any

from symlstm.analysis.proof import machine_data
from symlstm.exports.data import exact
from symlstm.variants.sweep import Boundary, GridSweep, Point, ScaleSweep

SWEEP_FORMATS = ("text", "markdown", "json")
PLOT_FORMATS = ("png", "svg", "pdf")
METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}


def _point_row(point: Point) -> list[str]:
    return [
        *(exact(v) for _, v in point.params),
        point.proof.value,
        str(point.machine.size) if point.machine else "",
        point.label,
        point.table.value,
    ]


def _boundary_line(b: Boundary, high: str) -> str:
    what = "the machine is proved" if b.what == "machine" else "the saturated table is exact"
    if b.holds is None:
        return f"{b.what}: {what} at no factor judged"
    if b.fails is None:
        return f"{b.what}: {what} at every factor judged, from {exact(b.holds)} to {high}"
    if b.holds < b.fails:
        return (
            f"{b.what}: {what} up to {exact(b.holds)} (≈ {float(b.holds):.6g}); "
            f"not at {exact(b.fails)} (≈ {float(b.fails):.6g}) nor at {high}"
        )
    return (
        f"{b.what}: {what} from {exact(b.holds)} (≈ {float(b.holds):.6g}) to {high}; "
        f"not at {exact(b.fails)} (≈ {float(b.fails):.6g})"
    )


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _data(value: ScaleSweep | GridSweep) -> dict[str, Any]:
    points = [
        {
            "params": {n: exact(v) for n, v in p.params},
            "proof": p.proof.value,
            "machine": p.label or None,
            "states": p.machine.size if p.machine else None,
            "table": p.table.value,
        }
        for p in value.points
    ]
    if isinstance(value, ScaleSweep):
        return {
            "model": value.model_name,
            "scale": [exact(value.low), exact(value.high)],
            "boundaries": {
                b.what: {
                    "at_low": b.at_low,
                    "at_high": b.at_high,
                    "holds": None if b.holds is None else exact(b.holds),
                    "fails": None if b.fails is None else exact(b.fails),
                }
                for b in (value.machine, value.table)
            },
            "points": points,
        }
    machines = {f"M{k + 1}": machine_data(m) for k, m in enumerate(value.machines)}
    for m in machines.values():
        m.pop("alphabet")
    return {
        "model": value.model_name,
        "vary": list(value.names),
        "machines": machines,
        "points": points,
    }


def sweep_text(value: ScaleSweep | GridSweep, format: str = "text") -> str:
    if format == "json":
        return json.dumps(_data(value), indent=2, ensure_ascii=False) + "\n"
    markdown = format == "markdown"
    names = ["scale"] if isinstance(value, ScaleSweep) else list(value.names)
    header = [*names, "proof", "states", "machine", "table"]
    rows = [_point_row(p) for p in value.points]
    if isinstance(value, ScaleSweep):
        span = f"{exact(value.low)} to {exact(value.high)}"
        title = f"{value.model_name}: the weights times a factor from {span}"
        lines = [
            _boundary_line(value.machine, exact(value.high)),
            _boundary_line(value.table, exact(value.high)),
        ]
    else:
        title = f"{value.model_name}: a grid over {', '.join(value.names)}"
        lines = [
            f"{len(value.machines)} different machines proved; "
            f"{sum(1 for p in value.points if not p.machine)} points not proved"
        ]
    head = f"# {title}\n\n" if markdown else title + "\n\n"
    body = "\n".join(("- " if markdown else "") + line for line in lines)
    return head + body + "\n\n" + _table(header, rows, markdown)


def sweep_plot(value: ScaleSweep | GridSweep, format: str = "png") -> bytes:
    """The sweep as a plot's file bytes (no timestamps). ``ImportError`` without matplotlib."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    if isinstance(value, ScaleSweep):
        xs = [float(p.params[0][1]) for p in value.points]
        axes.step(
            xs,
            [1 if p.machine else 0 for p in value.points],
            "-o",
            where="post",
            label="machine proved",
        )
        axes.step(
            xs,
            [0.9 if p.table.value == "proved" else -0.1 for p in value.points],
            "--s",
            where="post",
            label="saturated table exact",
        )
        axes.set_xlabel("factor of the weights")
        axes.set_yticks([0, 1], ["no", "yes"])
        axes.legend(loc="lower right", frameon=False)
        axes.set_title(f"{value.model_name}: certified verdicts along the scale")
    else:
        labels = {f"M{k + 1}": k + 1 for k in range(len(value.machines))}
        codes = [labels.get(p.label, 0) for p in value.points]
        first = [float(p.params[0][1]) for p in value.points]
        if len(value.names) == 1:
            axes.plot(first, codes, "o-")
            axes.set_xlabel(value.names[0])
        else:
            second = [float(p.params[1][1]) for p in value.points]
            axes.scatter(first, second, c=codes, cmap="tab10", vmin=0, vmax=10, s=260, marker="s")
            for x, y, p in zip(first, second, value.points, strict=True):
                axes.annotate(p.label or "—", (x, y), ha="center", va="center", fontsize=7)
            axes.set_xlabel(value.names[0])
            axes.set_ylabel(value.names[1])
        axes.set_title(f"{value.model_name}: machine at each point (0: not proved)")
        if len(value.names) == 1:
            axes.set_yticks(range(len(labels) + 1), ["—", *labels])
    axes.grid(True, alpha=0.3)
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "symlstm"}):
        figure.savefig(buffer, format=format, metadata=METADATA[format])
    return buffer.getvalue()


__all__ = ["PLOT_FORMATS", "SWEEP_FORMATS", "sweep_plot", "sweep_text"]
