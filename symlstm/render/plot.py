"""A plot of a trace over time: the states (h_t, c_t) above, the gates and the candidate
below, one point per step (matplotlib, the optional extra ``plot``).

:func:`trace_series` lays the trace out as named float series (no matplotlib needed);
:func:`plot_trace` draws them with matplotlib's object API on an Agg canvas (no pyplot,
no global state) and returns the file's bytes, PNG, SVG or PDF, without timestamps so
the same trace gives the same bytes. A plot shows the values as floats: it prints no
digits, so there is nothing to certify.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import Enum

from symlstm.equations import Role
from symlstm.model.cells import display_table
from symlstm.numbers.trace import Trace
from symlstm.render.values import input_text

MATPLOTLIB_HINT = "plotting needs matplotlib: pip install 'symlstm[plot]'"


class PlotFormat(Enum):
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"


METADATA: dict[PlotFormat, tuple[tuple[str, None], ...]] = {
    PlotFormat.PNG: (("Software", None),),
    PlotFormat.SVG: (("Creator", None), ("Date", None)),
    PlotFormat.PDF: (("Creator", None), ("Producer", None), ("CreationDate", None)),
}


@dataclass(frozen=True)
class Series:
    name: str  # "h", "c[2]", "f", "c̃", …
    role: Role
    values: tuple[float, ...]
    label: str  # in matplotlib's mathtext: "$h_t$", "$\\tilde{c}_{t,2}$"


def trace_series(trace: Trace) -> tuple[Series, ...]:
    """Every gate, candidate and state of ``trace`` as floats (midpoints of its enclosures),
    component by component, in slot order."""
    result = []
    for k, slot in enumerate(trace.slots):
        if slot.role not in (Role.GATE, Role.CANDIDATE, Role.STATE):
            continue
        name = display_table().get(slot.name, slot.name)
        index = "t"
        if trace.hidden > 1:
            name += f"[{slot.component + 1}]"
            index = f"t,{slot.component + 1}"
        base = display_table(latex=True).get(slot.name, slot.name)
        values = tuple(_float(row[k]) for row in trace.rows)
        result.append(Series(name, slot.role, values, f"${base}_{{{index}}}$"))
    return tuple(result)


def _float(value: object) -> float:
    mid = getattr(value, "mid", None)
    return float(mid() if callable(mid) else value)  # type: ignore[arg-type]


def plot_trace(trace: Trace, format: PlotFormat = PlotFormat.PNG) -> bytes:
    """The plot as the bytes of a ``format`` file. ``ImportError`` without matplotlib."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    series = trace_series(trace)
    steps = list(range(len(trace)))
    figure = Figure(figsize=(8, 5.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True)
    word = ", ".join(input_text(x, 6) for x in trace.inputs)
    top.set_title(f"{trace.model_name} ({trace.cell}) on [{word}]")
    for s in series:
        axes = top if s.role is Role.STATE else bottom
        style = "-o" if s.role is Role.STATE else "--s" if s.role is Role.CANDIDATE else "-^"
        axes.plot(steps, s.values, style, label=s.label, markersize=5)
    top.set_ylabel("state")
    bottom.set_ylabel("gates, candidate")
    bottom.set_ylim(-1.1, 1.1)
    ticks = [f"{t}\nx={input_text(x, 4)}" for t, x in enumerate(trace.inputs)]
    bottom.set_xticks(steps, ticks)
    bottom.set_xlabel("t")
    for axes in (top, bottom):
        axes.grid(True, alpha=0.3)
        axes.axhline(0, color="#888888", linewidth=0.6)
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    buffer = io.BytesIO()
    # no timestamps, no tool versions, fixed SVG ids: the same trace, the same bytes
    with rc_context({"svg.hashsalt": "symlstm"}):
        figure.savefig(buffer, format=format.value, metadata=dict(METADATA[format]))
    return buffer.getvalue()
