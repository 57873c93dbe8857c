"""A Moore machine as an inline SVG picture (for HTML): states on a circle as in the TikZ
drawing (:func:`symlstm.render.tikz.positions`), each labelled with its name and output,
arrows labelled with the input symbols that take them. Pure Python, no Graphviz."""

from __future__ import annotations

import math
from html import escape

from symlstm.analysis.automaton import MooreMachine
from symlstm.render.dot import merged_edges, symbols_text
from symlstm.render.guard import check_no_control
from symlstm.render.tikz import positions

SCALE = 40.0  # pixels per TikZ centimetre
RADIUS = 22.0  # a state's circle
MARGIN = 50.0


def _output(machine: MooreMachine, q: int) -> str:
    values = machine.outputs[q]
    if not values:
        return "—"
    text = ", ".join(str(v) for v in values).replace("-", "−")
    return f"({text})" if len(values) > 1 else text


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def machine_svg(machine: MooreMachine) -> str:
    places = [(x * SCALE, -y * SCALE, angle) for x, y, angle in positions(machine)]
    xs = [p[0] for p in places]
    ys = [p[1] for p in places]
    left, top = min(xs) - MARGIN - 30, min(ys) - MARGIN
    width, height = max(xs) - left + MARGIN, max(ys) - top + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="{_number(left)} {_number(top)} {_number(width)} {_number(height)}" '
        f'width="{_number(width)}" height="{_number(height)}" '
        'font-family="DejaVu Serif, serif" font-size="11">',
        f"<title>A Moore machine of {machine.size} states</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
        "</marker></defs>",
    ]
    pairs = {(q, r) for q, r, _ in merged_edges(machine)}
    for q, r, ks in merged_edges(machine):
        label = escape(symbols_text(machine, ks))
        x0, y0, angle = places[q]
        if q == r:
            direction = math.radians(90.0 if q == machine.initial else angle)
            cx = x0 + 1.9 * RADIUS * math.cos(direction)
            cy = y0 - 1.9 * RADIUS * math.sin(direction)
            parts.append(
                f'<circle cx="{_number(cx)}" cy="{_number(cy)}" r="{_number(RADIUS * 0.9)}" '
                'fill="none" stroke="#222"/>'
            )
            lx = x0 + 3.2 * RADIUS * math.cos(direction)
            ly = y0 - 3.2 * RADIUS * math.sin(direction) + 4
            parts.append(
                f'<text x="{_number(lx)}" y="{_number(ly)}" text-anchor="middle">{label}</text>'
            )
            continue
        x1, y1, _ = places[r]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        bend = 18.0 if (r, q) in pairs else 0.0
        sx, sy = x0 + ux * RADIUS, y0 + uy * RADIUS
        ex, ey = x1 - ux * RADIUS, y1 - uy * RADIUS
        mx, my = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
        parts.append(
            f'<path d="M{_number(sx)},{_number(sy)} Q{_number(mx)},{_number(my)} '
            f'{_number(ex)},{_number(ey)}" fill="none" stroke="#222" marker-end="url(#arrow)"/>'
        )
        parts.append(
            f'<text x="{_number(mx - uy * 8)}" y="{_number(my + ux * 8 + 4)}" '
            f'text-anchor="middle">{label}</text>'
        )
    for q, name in enumerate(machine.states):
        x, y, _ = places[q]
        if q == machine.initial:
            parts.append(
                f'<path d="M{_number(x - RADIUS - 28)},{_number(y)} H{_number(x - RADIUS)}" '
                'stroke="#222" marker-end="url(#arrow)"/>'
            )
        parts.append(
            f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(RADIUS)}" '
            'fill="#fff" stroke="#222"/>'
        )
        parts.append(
            f'<text x="{_number(x)}" y="{_number(y - 2)}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
        parts.append(
            f'<text x="{_number(x)}" y="{_number(y + 11)}" text-anchor="middle" '
            f'font-size="9">{escape(_output(machine, q))}</text>'
        )
    parts.append("</svg>")
    return check_no_control("\n".join(parts) + "\n", "SVG")
