"""Graphviz DOT for machines: states with their outputs, one arrow per pair of states.

``render(machine, notation)`` gives a ``digraph`` that the real ``dot`` lays out. A state
is drawn as a circle labelled with its name and its output (a Moore machine's output
belongs to the state); arrows between the same two states are merged into one whose
label lists the input symbols; the initial state has an arrow from nowhere. Output is
deterministic: states in the machine's order, arrows in (source, target) order.
"""

from __future__ import annotations

from functools import singledispatch

from symlstm.analysis.automaton import MooreMachine, word_text
from symlstm.render.guard import check_no_control
from symlstm.render.notation import COURSE, Notation

GRAPH_ATTRIBUTES = (
    ("rankdir", "LR"),
    ("fontname", "DejaVu Serif"),
    ("nodesep", "0.5"),
    ("ranksep", "0.7"),
)
NODE_ATTRIBUTES = (("shape", "circle"), ("fontname", "DejaVu Serif"), ("fixedsize", "false"))
EDGE_ATTRIBUTES = (("fontname", "DejaVu Serif"), ("arrowsize", "0.8"))


def quote(text: str) -> str:
    """A DOT string: quotes and backslashes escaped, line breaks as ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def output_text(output: tuple[int, ...]) -> str:
    if not output:
        return "—"  # the initial state's output, never observed
    text = ", ".join(str(v).replace("-", "−") for v in output)
    return text if len(output) == 1 else f"({text})"


def merged_edges(machine: MooreMachine) -> list[tuple[int, int, tuple[int, ...]]]:
    """(source, target, alphabet indices) with one entry per pair of states."""
    edges: dict[tuple[int, int], list[int]] = {}
    for q, row in enumerate(machine.transitions):
        for k, r in enumerate(row):
            edges.setdefault((q, r), []).append(k)
    return [(q, r, tuple(ks)) for (q, r), ks in sorted(edges.items())]


def symbols_text(machine: MooreMachine, indices: tuple[int, ...]) -> str:
    return ", ".join(word_text(machine.alphabet, (k,)) for k in indices)


def _attributes(pairs: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{key}={quote(value)}" for key, value in pairs)


def machine_dot(machine: MooreMachine, title: str = "machine", output_name: str = "") -> str:
    """The DOT text of a machine; ``output_name`` (e.g. ``h``) prefixes each output."""
    lines = [
        f"digraph {quote(title)} {{",
        *(f"  {key}={quote(value)};" for key, value in GRAPH_ATTRIBUTES),
        f"  node [{_attributes(NODE_ATTRIBUTES)}];",
        f"  edge [{_attributes(EDGE_ATTRIBUTES)}];",
        '  "__start" [shape="point", width="0.06", label=""];',
    ]
    prefix = f"{output_name} = " if output_name else ""
    for q, name in enumerate(machine.states):
        label = f"{name}\n{prefix}{output_text(machine.outputs[q])}"
        lines.append(f"  {quote(name)} [label={quote(label)}];")
    lines.append(f'  "__start" -> {quote(machine.states[machine.initial])};')
    for q, r, ks in merged_edges(machine):
        source, target = quote(machine.states[q]), quote(machine.states[r])
        lines.append(f"  {source} -> {target} [label={quote(symbols_text(machine, ks))}];")
    lines.append("}")
    return check_no_control("\n".join(lines) + "\n", "DOT")


@singledispatch
def render(value: object, notation: Notation = COURSE) -> str:
    raise TypeError(f"no DOT renderer for {type(value).__name__}")


@render.register
def _(value: MooreMachine, notation: Notation = COURSE) -> str:
    return machine_dot(value)
