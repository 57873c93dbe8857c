"""TikZ pictures of machines (the ``automata`` library), for LaTeX documents.

States stand on a circle (the initial one on the left), each drawn with its name and its
output; arrows between the same two states are merged and labelled with the input
symbols; a pair of opposite arrows bends apart; self-loops point away from the centre
(the initial state's points up, its initial arrow coming from the left).
The preamble needs ``\\usetikzlibrary{automata}`` (:data:`TIKZ_LIBRARIES`).
"""

from __future__ import annotations

import math
import re
from functools import singledispatch

from symlstm.analysis.automaton import MooreMachine
from symlstm.render.dot import merged_edges, symbols_text
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import escape_text
from symlstm.render.notation import COURSE, Notation

TIKZ_LIBRARIES = ("automata",)
_INDEXED = re.compile(r"([A-Za-z]+)([0-9]+)")


def state_latex(name: str) -> str:
    """``q0`` as ``q_{0}``; any other name as escaped upright text."""
    match = _INDEXED.fullmatch(name)
    if match:
        return f"{match.group(1)}_{{{match.group(2)}}}"
    return rf"\text{{{escape_text(name)}}}"


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def positions(machine: MooreMachine) -> list[tuple[float, float, float]]:
    """(x, y, angle in degrees) of each state on a circle, the initial state at 180°."""
    n = machine.size
    radius = 0.0 if n == 1 else 1.2 + 0.35 * n
    out = []
    for q in range(n):
        k = (q - machine.initial) % n
        angle = 180.0 - 360.0 * k / n
        x = radius * math.cos(math.radians(angle))
        y = radius * math.sin(math.radians(angle))
        out.append((x, y, angle))
    return out


def machine_tikz(machine: MooreMachine, output_name: str = "") -> str:
    """A ``tikzpicture`` of the machine."""
    places = positions(machine)
    prefix = f"{output_name} = " if output_name else ""
    lines = [
        "\\begin{tikzpicture}[>=stealth, auto, semithick, "
        "every state/.style={draw, circle, minimum size=1.1cm, inner sep=1pt, align=center}]",
    ]
    for q, name in enumerate(machine.states):
        x, y, _ = places[q]
        initial = ", initial, initial text={}" if q == machine.initial else ""
        output = ", ".join(str(v) for v in machine.outputs[q]) or r"\text{---}"  # unobserved
        if len(machine.outputs[q]) > 1:
            output = f"({output})"
        text = f"${state_latex(name)}$\\\\ ${prefix}{output}$"
        lines.append(
            f"\\node[state{initial}] (s{q}) at ({_number(x)}cm,{_number(y)}cm) {{{text}}};"
        )
    pairs = {(q, r) for q, r, _ in merged_edges(machine)}
    for q, r, ks in merged_edges(machine):
        label = f"\\small ${symbols_text(machine, ks)}$"
        if q == r:
            # outwards, except the initial state's: its arrow from nowhere comes from the left
            angle = 90.0 if q == machine.initial else places[q][2]
            style = f"loop, out={_number(angle + 20)}, in={_number(angle - 20)}, looseness=6"
        elif (r, q) in pairs:
            style = "bend left=15"
        else:
            style = ""
        options = f"[->, {style}]" if style else "[->]"
        lines.append(f"\\draw (s{q}) edge{options} node {{{label}}} (s{r});")
    lines.append("\\end{tikzpicture}")
    return check_no_control("\n".join(lines) + "\n")


@singledispatch
def render(value: object, notation: Notation = COURSE) -> str:
    raise TypeError(f"no TikZ renderer for {type(value).__name__}")


@render.register
def _(value: MooreMachine, notation: Notation = COURSE) -> str:
    return machine_tikz(value)
