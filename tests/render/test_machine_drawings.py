"""Machines drawn: DOT laid out by the real Graphviz ``dot``, TikZ compiled by pdflatex.

The homework's machine (problems.md: output 0 after a zero, ±1 after an odd/even run of
ones) is written here by hand, so the drawings are checked against an independent
description, not against the analyzer's output. Skipped only when the tools are missing
and ``CI`` is unset.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy

from symlstm.analysis.automaton import MooreMachine
from symlstm.cli.pdf import compile_pdf
from symlstm.render.document import standalone
from symlstm.render.dot import machine_dot
from symlstm.render.notation import COURSE
from symlstm.render.tikz import machine_tikz

if not (shutil.which("dot") and shutil.which("pdflatex")) and not os.environ.get("CI"):
    pytest.skip("dot or pdflatex is not installed (and CI is unset)", allow_module_level=True)

R = sympy.Rational
PARITY = MooreMachine(
    states=("q0", "q1", "q2"),
    initial=0,
    alphabet=((R(0),), (R(1),)),
    transitions=((0, 1), (0, 2), (0, 1)),
    outputs=((0,), (1,), (-1,)),
)
# started on a rounding boundary: the initial output is never observed (UNOBSERVED)
TIE_START = MooreMachine(
    states=("q0", "q1", "q2"),
    initial=0,
    alphabet=((R(0),), (R(1),)),
    transitions=((1, 2), (1, 2), (1, 2)),
    outputs=((), (-1,), (1,)),
)
VECTORS = MooreMachine(
    states=("a", 'b "quoted" \\', "c"),
    initial=1,
    alphabet=((R(0), R(1)), (R(1), R(0)), (R(1, 2), R(-1))),
    transitions=((0, 0, 1), (1, 2, 0), (2, 2, 2)),
    outputs=((0, 1), (1, -1), (0, 0)),
)


def plain_layout(dot_text: str) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """Nodes (name → label) and edges (tail, head, label) of dot's ``-Tplain`` output."""
    run = subprocess.run(
        ["dot", "-Tplain"], input=dot_text, capture_output=True, text=True, check=True
    )
    nodes: dict[str, str] = {}
    edges: set[tuple[str, str, str]] = set()
    for line in run.stdout.splitlines():
        fields = shlex.split(line)
        if fields[0] == "node":
            nodes[fields[1]] = fields[6]
        elif fields[0] == "edge":
            count = int(fields[3])
            rest = fields[4 + 2 * count :]
            edges.add((fields[1], fields[2], rest[0] if len(rest) > 2 else ""))
    return nodes, edges


def test_dot_draws_every_transition_of_the_parity_machine() -> None:
    nodes, edges = plain_layout(machine_dot(PARITY, "homework", "h"))
    assert nodes["q0"] == "q0\\nh = 0"
    assert nodes["q2"] == "q2\\nh = −1"
    assert edges == {
        ("__start", "q0", ""),
        ("q0", "q0", "0"),
        ("q0", "q1", "1"),
        ("q1", "q0", "0"),
        ("q1", "q2", "1"),
        ("q2", "q0", "0"),
        ("q2", "q1", "1"),
    }


def test_dot_merges_parallel_arrows_and_quotes_names() -> None:
    nodes, edges = plain_layout(machine_dot(VECTORS, 'a "title" \\'))
    assert len(nodes) == 4  # three states and the start point
    assert ("c", "c", "(0,1), (1,0), (1/2,-1)") in edges
    tails = {tail for tail, _, _ in edges}
    assert 'b "quoted" \\' in tails


def test_dot_renders_to_svg() -> None:
    run = subprocess.run(
        ["dot", "-Tsvg"], input=machine_dot(PARITY), capture_output=True, text=True, check=True
    )
    assert run.stdout.count('class="node"') == 4
    assert run.stdout.count('class="edge"') == 7


def test_dot_is_deterministic() -> None:
    assert machine_dot(PARITY) == machine_dot(PARITY)


def test_unobserved_initial_output_is_drawn_as_a_dash() -> None:
    assert '[label="q0\\n—"]' in machine_dot(TIE_START)
    assert "$\\text{---}$" in machine_tikz(TIE_START)


def test_tikz_machines_compile(tmp_path: Path) -> None:
    body = "\n".join([machine_tikz(PARITY, "h"), machine_tikz(VECTORS), machine_tikz(TIE_START)])
    assert body.count("edge[->") == 6 + 6 + 6  # merged arrows: one per pair of states
    pdf = compile_pdf(standalone(PARITY, COURSE).replace("\\end{center}", body + "\\end{center}"))
    path = tmp_path / "machines.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    assert "h=1" in text and "h=−1" in text
    assert "quoted" in text
    assert "—" in text  # the unobserved output, as a dash
