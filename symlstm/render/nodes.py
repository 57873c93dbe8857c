"""docutils nodes: a worked solution as a document tree, for Sphinx (HTML and LaTeX).

Real nodes, so every Sphinx builder can write them: prose becomes paragraphs with inline
``math`` nodes, equations ``math_block`` nodes, per-step values ``table`` nodes; the unit
diagram is raw SVG for HTML and a raw TikZ picture for LaTeX; a machine is a table, plus a
drawing when the caller supplies a way to turn DOT into SVG (running Graphviz is the
faces' business, not a renderer's). Pure functions of the values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import singledispatch
from typing import Any

import sympy
from docutils import nodes

from symlstm.analysis.automaton import MooreMachine, word_text
from symlstm.analysis.explain import Explanation, Relation
from symlstm.analysis.proof import ProofResult
from symlstm.derivation import Prose, QuestionWork, Step, TermComparison
from symlstm.equations import Equation
from symlstm.model.cells import CellKind
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import text as text_format
from symlstm.render.diagram import diagram_svg, diagram_tikz
from symlstm.render.dot import machine_dot
from symlstm.render.guard import check_no_control
from symlstm.render.latex import row_latex
from symlstm.render.notation import Notation
from symlstm.render.printers import equation_latex
from symlstm.render.printers import latex as expr_latex
from symlstm.render.report import paragraphs
from symlstm.render.tikz import machine_tikz
from symlstm.render.values import answer_text, gap_rows, solve_table

DotToSvg = Callable[[str], str | None]


def prose_nodes(prose: Prose, notation: Notation) -> list[nodes.paragraph]:
    """Paragraphs (split at the newlines of the text parts), formulas as inline math."""
    result = []
    for parts in paragraphs(prose):
        node = nodes.paragraph()
        for part in parts:
            if isinstance(part, sympy.Basic):
                latex = expr_latex(part, notation)
                node += nodes.math(latex, latex)
            else:
                node += nodes.Text(part)
        result.append(node)
    return result


def text_paragraph(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, text)


def equation_block(equations: Sequence[Equation], notation: Notation) -> nodes.math_block:
    rows = [row_latex(equation_latex(e, notation)) for e in equations]
    latex = check_no_control(" \\\\\n".join(rows))
    return nodes.math_block(latex, latex, nowrap=False, number=None)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> nodes.table:
    """A plain docutils table (every cell text)."""
    group = nodes.tgroup(cols=len(header))
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(header)
    group += head
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += body
    result = nodes.table(classes=["symlstm-table"])
    result += group
    return result


def _row(cells: Sequence[str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(cell, cell)
        row += entry
    return row


def raw_pair(html: str, latex: str) -> list[nodes.Node]:
    """The same picture for both builders: each writes only its own format."""
    return [nodes.raw("", html, format="html"), nodes.raw("", latex, format="latex")]


def unit_diagram(kind: CellKind, notation: Notation) -> list[nodes.Node]:
    svg = diagram_svg(kind, notation)
    tikz = diagram_tikz(kind, notation)
    return raw_pair(f'<div class="symlstm-diagram">{svg}</div>', tikz)


def machine_nodes(
    machine: MooreMachine, notation: Notation, dot_to_svg: DotToSvg | None
) -> list[nodes.Node]:
    header = [
        "state",
        "output",
        *(f"on {word_text(machine.alphabet, (k,))}" for k in range(len(machine.alphabet))),
    ]
    rows = []
    for q, name in enumerate(machine.states):
        marker = "→ " if q == machine.initial else ""
        output = ", ".join(str(v) for v in machine.outputs[q]) or "—"  # "—": unobserved
        rows.append([marker + name, output, *(machine.states[t] for t in machine.transitions[q])])
    result: list[nodes.Node] = [table(header, rows)]
    svg = dot_to_svg(machine_dot(machine)) if dot_to_svg else None
    tikz = machine_tikz(machine)
    if svg is not None:
        result += raw_pair(f'<div class="symlstm-machine">{svg}</div>', tikz)
    else:
        result.append(nodes.raw("", tikz, format="latex"))
    return result


@singledispatch
def result_nodes(value: object, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    """Any value without a tree of its own: its text rendering, as a literal block."""
    text = text_format.render(value, notation)
    return [nodes.literal_block(text, text)]


@result_nodes.register
def _(value: ConventionResult, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    header, rows = solve_table(value)
    summary = f"answer: {answer_text(value)}. {value.summary}"
    return [table(header, rows), text_paragraph(summary)]


@result_nodes.register
def _(value: QuestionWork, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    result: list[Any] = [text_paragraph("Exact values (no rounding; every digit certified):")]
    result += result_nodes(value.exact, notation, dot_to_svg)
    result.append(text_paragraph(f"Under the {value.result.convention.name} convention:"))
    result += result_nodes(value.result, notation, dot_to_svg)
    return result


@result_nodes.register
def _(value: GapReport, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    header = ["activation", "closed form", "value", "saturated value", "distance from it"]
    rows = [
        [
            f"{row['function']}({row['argument']})",
            row["value_form"],
            row["value"] if row["value_relation"] == "=" else f"≈ {row['value']}",
            str(row["limit"]) if row["saturated"] else "-",
            (row["distance"] if row["distance_relation"] == "=" else f"≈ {row['distance']}")
            if row["saturated"] and row["distance"] is not None
            else "-",
        ]
        for row in gap_rows(value)
    ]
    return [table(header, rows)]


@result_nodes.register
def _(value: TermComparison, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    header = [f"{value.state}_(t-1)", "x_t", "recurrent term", "input term", "larger"]
    rows = [
        [
            ", ".join(str(v) for v in row.state),
            ", ".join(str(v) for v in row.symbol),
            ", ".join(str(v) for v in row.recurrent),
            ", ".join(str(v) for v in row.rest),
            ", ".join(row.dominant),
        ]
        for row in value.rows
    ]
    return [table(header, rows)]


@result_nodes.register
def _(value: ProofResult, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    result: list[Any] = [text_paragraph(f"Verdict: {value.verdict.value}. {value.reason}")]
    if value.machine is not None:
        result += machine_nodes(value.machine, notation, dot_to_svg)
    return result


@result_nodes.register
def _(value: Explanation, notation: Notation, dot_to_svg: DotToSvg | None) -> list[Any]:
    items = nodes.bullet_list()
    for c in value.comparisons:
        carried = c.relation is not Relation.NOT_CARRIED
        text = f"{'yes' if carried else 'no'}: {c.description}"
        if c.witness is not None:
            w = c.witness
            first = word_text(value.machine.alphabet, w.first) or "(empty)"
            second = word_text(value.machine.alphabet, w.second) or "(empty)"
            text += (
                f" — after {first} and after {second} the output is the same, but the "
                "property differs"
            )
        item = nodes.list_item()
        item += text_paragraph(text)
        items += item
    return [items]


def step_nodes(
    step: Step, notation: Notation, dot_to_svg: DotToSvg | None = None
) -> list[nodes.Node]:
    """One derivation step: its title (a rubric), statement, equations, result, why."""
    result: list[nodes.Node] = [nodes.rubric(step.title, step.title)]
    result += prose_nodes(step.statement, notation)
    if step.symbolic:
        result.append(equation_block(step.symbolic, notation))
    if step.substituted:
        result.append(equation_block(step.substituted, notation))
    if step.result is not None:
        result += result_nodes(step.result, notation, dot_to_svg)
    result += prose_nodes(step.justification, notation)
    return result
