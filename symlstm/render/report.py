"""Worked solutions (:class:`symlstm.derivation.Derivation`) in every format.

Each step becomes a heading, its statement (prose whose SymPy parts are printed as inline
math in the format's own way), its equations, its result through the format's renderer of
the result's type, and its justification. The unit's diagram follows the first step (TikZ
in LaTeX, SVG in HTML) and a proved machine is drawn as a TikZ automaton in LaTeX.

This module also registers the renderers the worked solution needs and the format modules
lacked (LaTeX and Markdown for the transition table, the proof and the explanation; HTML
for a rounding-convention run; the derivation's own result types everywhere) and the
:class:`~symlstm.derivation.Derivation` itself in :mod:`~symlstm.render.text`,
:mod:`~symlstm.render.latex`, :mod:`~symlstm.render.markdown`, :mod:`~symlstm.render.html`,
:mod:`~symlstm.render.json` and :mod:`~symlstm.render.document`. It is imported by
:mod:`symlstm.render`, so ``render(derivation, "latex")`` works.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import Any, TypeAlias

import sympy

from symlstm.analysis.automaton import MooreMachine, word_text
from symlstm.analysis.explain import Explanation, Relation
from symlstm.analysis.proof import ProofResult, Verdict, machine_data
from symlstm.analysis.summary import Analysis
from symlstm.analysis.table import TransitionTable
from symlstm.derivation import (
    Derivation,
    MachineSummary,
    Prose,
    QuestionWork,
    ShownWork,
    Step,
    TermComparison,
)
from symlstm.equations import Equation, names
from symlstm.equations.functions import Hadamard, sigmoid, tanh
from symlstm.model import format_number
from symlstm.model.cells import display_table
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import analysis_values as analysed
from symlstm.render import document as document_format
from symlstm.render import html as html_format
from symlstm.render import json as json_format
from symlstm.render import latex as latex_format
from symlstm.render import markdown as markdown_format
from symlstm.render import mathml
from symlstm.render import text as text_format
from symlstm.render import values as solved
from symlstm.render.diagram import diagram_svg, diagram_tikz
from symlstm.render.dot import machine_dot
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import escape_text
from symlstm.render.machine_svg import machine_svg
from symlstm.render.notation import Notation
from symlstm.render.printers import RELATION_TEXT, equation_latex, equation_text
from symlstm.render.printers import latex as expr_latex
from symlstm.render.printers import text as expr_text
from symlstm.render.tikz import machine_tikz

__all__ = [
    "html_fragment",
    "json_data",
    "latex_fragment",
    "markdown_report",
    "paragraphs",
    "text_report",
]

Part: TypeAlias = str | sympy.Basic
UNIT_DIAGRAM_AFTER = "general"  # the step the unit's diagram follows
LATEX_TEXT_WIDTH = 95  # characters of table text that fit across an A4 page at 11pt
# Unicode the prose uses that :func:`escape_text` does not map
LATEX_EXTRA: dict[str, str] = {
    "∈": r"\ensuremath{\in}",
    "↦": r"\ensuremath{\mapsto}",
    "≠": r"\ensuremath{\neq}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "±": r"\ensuremath{\pm}",
}
MARKDOWN_SPECIALS = "\\`*_$<>|#"


def paragraphs(prose: Prose) -> list[list[Part]]:
    """The prose split into paragraphs at the newlines of its text parts."""
    result: list[list[Part]] = [[]]
    for part in prose:
        if isinstance(part, str):
            pieces = part.split("\n")
            for k, piece in enumerate(pieces):
                if k:
                    result.append([])
                if piece:
                    result[-1].append(piece)
        else:
            result[-1].append(part)
    return [p for p in result if p]


# ---------------------------------------------------------------------------- tables


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> str:
    widths = [max(solved.display_width(r[k]) for r in [header, *rows]) for k in range(len(header))]
    lines = [
        indent + "  ".join(solved.pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(header), *rows]
    ]
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"


def _latex_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], columns: str, plain_width: int
) -> str:
    """A booktabs table; scaled to the text width when its text would not fit."""
    lines = [
        r"\begin{tabular}{" + columns + "}",
        r"\toprule",
        " & ".join(header) + r" \\",
        r"\midrule",
        *(" & ".join(row) + r" \\" for row in rows),
        r"\bottomrule",
        r"\end{tabular}",
    ]
    body = "\n".join(lines)
    if plain_width > LATEX_TEXT_WIDTH:
        body = "\\resizebox{\\linewidth}{!}{%\n" + body + "}"
    return "\\begin{center}\n" + body + "\n\\end{center}\n"


def _width(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    return sum(max(len(r[k]) for r in [header, *rows]) + 2 for k in range(len(header)))


def _vector(values: Sequence[Any]) -> str:
    texts = [format_number(sympy.Rational(v)) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


# ---------------------------------------------------------------------------- prose


def prose_text(prose: Prose, notation: Notation) -> list[str]:
    return [
        "".join(p if isinstance(p, str) else expr_text(p, notation) for p in para)
        for para in paragraphs(prose)
    ]


LONG_NUMBER = re.compile(r"(?<![\w.])(-?\d+\.\d{6,})(?:e([-+]?\d+))?(?!\w|\.\d)")
DIGIT_GROUP = 10  # a long mantissa may break after every DIGIT_GROUP digits


def _latex_plain(text: str) -> str:
    # runs of ordinary text go through escape_text whole (it typesets minus signs, quotes
    # and h_t from their context)
    out: list[str] = []
    run: list[str] = []
    for c in text:
        if c in LATEX_EXTRA:
            out += [escape_text("".join(run)), LATEX_EXTRA[c]]
            run = []
        else:
            run.append(c)
    out.append(escape_text("".join(run)))
    return "".join(out)


def _latex_long_number(match: re.Match[str]) -> str:
    mantissa, exponent = match.group(1), match.group(2)
    head, tail = mantissa.split(".")
    groups = [tail[k : k + DIGIT_GROUP] for k in range(0, len(tail), DIGIT_GROUP)]
    body = head.replace("-", "-") + "." + r"\allowbreak ".join(groups)
    if exponent is not None:
        body += f" \\cdot 10^{{{int(exponent)}}}"
    return f"${body}$"


def _latex_words(text: str) -> str:
    """Text as LaTeX: specials escaped; long certified decimals as math that may break."""
    out = []
    position = 0
    for match in LONG_NUMBER.finditer(text):
        out.append(_latex_plain(text[position : match.start()]))
        out.append(_latex_long_number(match))
        position = match.end()
    out.append(_latex_plain(text[position:]))
    return "".join(out)


def prose_latex(prose: Prose, notation: Notation) -> list[str]:
    return [
        "".join(
            _latex_words(p) if isinstance(p, str) else f"${expr_latex(p, notation)}$" for p in para
        )
        for para in paragraphs(prose)
    ]


def _markdown_words(text: str) -> str:
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)


def prose_markdown(prose: Prose, notation: Notation) -> list[str]:
    return [
        "".join(
            _markdown_words(p) if isinstance(p, str) else f"${expr_latex(p, notation)}$"
            for p in para
        )
        for para in paragraphs(prose)
    ]


_HTML_MINUS = re.compile(r"(?<![\w.])-(?=\.?\d)")  # a hyphen before a number is a minus


def prose_html(prose: Prose, notation: Notation) -> list[str]:
    return [
        "".join(
            html_format.escape(_HTML_MINUS.sub("−", p))
            if isinstance(p, str)
            else html_format.math_inline(p, notation)
            for p in para
        )
        for para in paragraphs(prose)
    ]


def prose_data(prose: Prose, notation: Notation) -> list[dict[str, str]]:
    parts: list[dict[str, str]] = []
    for part in prose:
        if isinstance(part, str):
            parts.append({"text": part})
        else:
            parts.append({"math": expr_text(part, notation), "latex": expr_latex(part, notation)})
    return parts


def parameter_rows(equations: Sequence[Equation]) -> list[list[Equation]] | None:
    """Parameter values (``W_fh = 0``…) grouped by the unit they feed, one row per unit;
    None when ``equations`` are not all parameters."""
    rows: dict[str, list[Equation]] = {}
    for e in equations:
        if e.role is not None:
            return None
        try:
            parsed = names.parse(e.lhs.name)
        except ValueError:
            return None
        if not parsed.param_index:
            return None
        unit = parsed.param_index[:-1] if parsed.base == "W" else parsed.param_index
        rows.setdefault(unit, []).append(e)
    return list(rows.values())


def _latex_pairs(equations: Sequence[Equation], notation: Notation) -> list[tuple[str, str, str]]:
    return [equation_latex(e, notation) for e in equations]


def latex_equation_block(equations: Sequence[Equation], notation: Notation) -> str:
    """``align*`` of the equations; parameters several to a row (``alignat*``)."""
    grouped = parameter_rows(equations)
    if grouped is None:
        return latex_format.align(_latex_pairs(equations, notation))
    width = max(len(r) for r in grouped)
    lines = []
    for row in grouped:
        cells = [latex_format.row_latex(r) for r in _latex_pairs(row, notation)]
        lines.append("  " + " &\\qquad ".join(cells))
    body = " \\\\\n".join(lines)
    return f"\\begin{{alignat*}}{{{width}}}\n{body}\n\\end{{alignat*}}\n"


# ---------------------------------------------------------------------------- shared data


def _term_rows(value: TermComparison) -> tuple[list[str], list[list[str]]]:
    state = value.state
    header = [f"{state}_(t-1)", "x_t", "recurrent term", "input term", "larger"]
    rows = [
        [
            _vector(r.state),
            _vector(r.symbol),
            _vector(r.recurrent),
            _vector(r.rest),
            ", ".join(r.dominant),
        ]
        for r in value.rows
    ]
    return header, rows


def _activation_header(function: str, argument: str) -> str:
    return f"{function}({argument})"


def _transition_rows(value: TransitionTable) -> tuple[list[str], list[list[str]]]:
    """State, input, each activation as "argument → value used", output, rounded."""
    model = value.model
    out = value.output
    first = value.rows[0]
    header = [f"{out}_(t-1)", "x_t"]
    header += [f"{name}_(t-1)" for name, _ in first.carried if name != out]
    header += [
        _activation_header(
            a.function, a.argument + (f"[{a.component + 1}]" if model.hidden > 1 else "")
        )
        for a in first.activations
    ]
    header += [f"{out}_t", "rounded"]
    rows = []
    for row in value.rows:
        cells = [_vector(row.state), word_text(model.alphabet, (row.symbol,))]
        cells += [", ".join(v) for name, v in row.carried if name != out]
        cells += [f"{a.z} → {a.used}" for a in row.activations]
        cells += [", ".join(row.output), _vector(row.rounded) + (" (tie)" if any(row.ties) else "")]
        rows.append(cells)
    return header, rows


def _machine_rows(machine: MooreMachine) -> tuple[list[str], list[list[str]]]:
    symbols = [word_text(machine.alphabet, (k,)) for k in range(len(machine.alphabet))]
    header = ["state", "output", *(f"on {s}" for s in symbols)]
    rows = []
    for q, name in enumerate(machine.states):
        rows.append(
            [
                ("→ " if q == machine.initial else "") + name,
                _vector(machine.outputs[q]) if machine.outputs[q] else "—",  # unobserved
                *(machine.states[r] for r in machine.transitions[q]),
            ]
        )
    return header, rows


def _word(alphabet: Sequence[tuple[Any, ...]], word: Sequence[int]) -> str:
    return "[" + ", ".join(word_text(alphabet, (k,)) for k in word) + "]"


def _explanation_rows(value: Explanation) -> tuple[list[str], list[list[str]]]:
    alphabet = value.machine.alphabet
    rows = []
    for c in value.comparisons:
        if c.relation is Relation.NOT_CARRIED and c.witness is not None:
            w = c.witness
            evidence = (
                f"after {_word(alphabet, w.first)} and after {_word(alphabet, w.second)}: "
                f"output {_vector(w.cell_output)} both times, property "
                f"{_vector(w.first_value)} and {_vector(w.second_value)}"
            )
            verdict = "no"
        else:
            evidence = "output " + analysed.mapping_text(
                [f"{_vector(a)} ↦ {_vector(b)}" for a, b in c.output_map]
            )
            verdict = "yes, one-to-one" if c.relation is Relation.EQUIVALENT else "yes"
        rows.append([c.description + (" (asked)" if c.course_statement else ""), verdict, evidence])
    return ["property", "carried", "evidence"], rows


# ---------------------------------------------------------------------------- text


@singledispatch
def text_result(value: object, notation: Notation) -> str:
    return text_format.render(value, notation)


@text_result.register
def _(value: ProofResult, notation: Notation) -> str:
    return analysed.proof_text(value, timing=False)


@text_result.register
def _(value: TermComparison, notation: Notation) -> str:
    header, rows = _term_rows(value)
    return _text_table(header, rows, "  ")


@text_result.register
def _(value: QuestionWork, notation: Notation) -> str:
    parts = [
        "Exact values (no rounding; every digit certified):\n",
        text_format.render(value.exact, notation),
    ]
    if value.result is not value.exact:
        parts += [
            f"\nUnder the {value.result.convention.name} convention:\n",
            text_format.render(value.result, notation),
        ]
    return "".join(parts)


def _text_equations(equations: Sequence[Equation], notation: Notation) -> list[str]:
    grouped = parameter_rows(equations) or [[e] for e in equations]
    return ["  " + ", ".join(equation_text(e, notation) for e in row) for row in grouped]


def _text_step(number: int, step: Step, notation: Notation) -> str:
    heading = f"{number}. {step.title}"
    lines = [heading, "-" * len(heading), ""]
    for para in prose_text(step.statement, notation):
        lines += [para, ""]
    for block in (step.symbolic, step.substituted):
        if block:
            lines += [*_text_equations(block, notation), ""]
    if step.key == UNIT_DIAGRAM_AFTER:
        lines += ["(The unit's diagram: symlstm diagram -o unit.svg)", ""]
    if step.result is not None:
        lines += [text_result(step.result, notation).rstrip("\n"), ""]
    for para in prose_text(step.justification, notation):
        lines += [para, ""]
    return "\n".join(lines)


def text_report(value: Derivation, notation: Notation) -> str:
    title = value.title
    parts = [f"{title}\n{'=' * len(title)}\n"]
    parts += [_text_step(k, s, notation) for k, s in enumerate(value.steps, 1)]
    return "\n".join(parts).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- LaTeX


def _m(text: str) -> str:
    """A cell's text: numbers in math mode, words escaped."""
    return (
        latex_format._latex_value(text)
        if text and text[0] in "-0123456789"
        else (_latex_words(text))
    )


def _latex_cell(text: str) -> str:
    if "→" in text:
        z, used = text.split(" → ")
        return f"${latex_format._latex_number(z)} \\to {latex_format._latex_number(used)}$"
    if text.endswith(" (tie)"):
        return _m(text[: -len(" (tie)")]) + " (tie)"
    return _m(text)


def quantity_expr(name: str) -> sympy.Basic | None:
    """A table header such as ``h_(t-1)``, ``x_t``, ``sigmoid(z_f)``, ``tanh(c)`` as a SymPy
    expression (None for a plain word)."""
    if "(" in name and name.endswith(")") and not name.endswith("_(t-1)"):
        function, argument = name[:-1].split("(", 1)
        inner = quantity_expr(argument if argument.endswith("_t") else argument + "_t")
        if inner is None or function not in ("sigmoid", "tanh"):
            return None
        return sigmoid(inner) if function == "sigmoid" else tanh(inner)
    for suffix, time in (("_(t-1)", "t-1"), ("_t", "t")):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            try:
                names.parse(f"{base}[{time}]")
            except ValueError:
                return None
            return names.timed(base, time)
    return None


def _latex_header(name: str, notation: Notation) -> str:
    expr = quantity_expr(name)
    return _latex_words(name) if expr is None else f"${expr_latex(expr, notation)}$"


def _html_header(name: str, notation: Notation) -> str:
    expr = quantity_expr(name)
    return html_format.escape(name) if expr is None else html_format.math_inline(expr, notation)


@singledispatch
def latex_result(value: object, notation: Notation) -> str:
    return latex_format.render(value, notation)


def _latex_convention(value: ConventionResult, notation: Notation) -> str:
    text = latex_format.render(value, notation)
    header, rows = solved.solve_table(value)
    if _width(header, rows) > LATEX_TEXT_WIDTH:
        start = text.index(r"\begin{tabular}")
        end = text.index(r"\end{tabular}") + len(r"\end{tabular}")
        text = text[:start] + "\\resizebox{\\linewidth}{!}{%\n" + text[start:end] + "}" + text[end:]
    return text


def _latex_proof(value: ProofResult, notation: Notation) -> str:
    lines = [f"Verdict: \\textbf{{{value.verdict.value}}}. {_latex_words(value.reason)}."]
    if value.verdict is Verdict.PROVED and value.machine is not None:
        header, rows = _machine_rows(value.machine)
        lines += [
            "",
            "\\begin{center}\n" + machine_tikz(value.machine) + "\\end{center}",
            _latex_table(
                [_latex_words(h) for h in header],
                [[_m(c) if k == 1 else _latex_words(c) for k, c in enumerate(r)] for r in rows],
                "l" * len(header),
                _width(header, rows),
            ),
        ]
    elif value.word is not None:
        # a long word breaks after any comma (it ran off the page)
        word = r",\allowbreak ".join(_latex_words(x) for x in value.word_inputs.split(","))
        lines += ["", f"Along the inputs {word}."]
    return check_no_control("\n".join(lines) + "\n")


def _latex_explanation(value: Explanation, notation: Notation) -> str:
    header, rows = _explanation_rows(value)
    table = _latex_table(
        [_latex_words(h) for h in header],
        [[_latex_words(c) for c in r] for r in rows],
        "p{5.2cm}lp{8.4cm}",
        0,
    )
    return check_no_control(table)


def _latex_transition_table(value: TransitionTable, notation: Notation) -> str:
    header, rows = _transition_rows(value)
    intro = (
        f"Rounding convention {_latex_words(value.convention.name)}; each activation column "
        "shows its argument $\\to$ the value used.\n"
    )
    table = _latex_table(
        [_latex_header(h, notation) for h in header],
        [[_latex_cell(c) for c in r] for r in rows],
        "r" * len(header),
        _width(header, rows),
    )
    return check_no_control(intro + table)


def _latex_terms(value: TermComparison, notation: Notation) -> str:
    _, rows = _term_rows(value)
    s, u = value.state, value.unit
    heads = [
        f"${s}_{{t-1}}$",
        "$x_t$",
        "$" + expr_latex(names.param(f"W_{u}{s}") * names.timed(s, "t-1"), notation) + "$",
        "$"
        + expr_latex(
            names.param(f"W_{u}x") * names.timed("x", "t") + names.param(f"b_{u}"), notation
        )
        + "$",
        "larger",
    ]
    cells = [[_m(c) if k < 4 else _latex_words(c) for k, c in enumerate(r)] for r in rows]
    return check_no_control(_latex_table(heads, cells, "rrrrl", 0))


def _latex_question(value: QuestionWork, notation: Notation) -> str:
    parts = [
        "Exact values (no rounding; every digit certified):\n\n",
        _latex_convention(value.exact, notation),
    ]
    if value.result is not value.exact:
        parts += [
            f"\nUnder the {_latex_words(value.result.convention.name)} convention:\n\n",
            _latex_convention(value.result, notation),
        ]
    return check_no_control("".join(parts))


latex_result.register(ConventionResult, _latex_convention)
latex_result.register(ProofResult, _latex_proof)
latex_result.register(Explanation, _latex_explanation)
latex_result.register(TransitionTable, _latex_transition_table)
latex_result.register(TermComparison, _latex_terms)
latex_result.register(QuestionWork, _latex_question)


def _latex_equations(equations: Sequence[Equation], notation: Notation) -> str:
    return latex_equation_block(equations, notation)


def _latex_step(number: int, step: Step, derivation: Derivation, notation: Notation) -> str:
    # a heading keeps at least a few lines below it on its page (it was orphaned before a
    # table that does not break); \needspace only where the document loads it
    keep = "\\ifdefined\\needspace\\needspace{8\\baselineskip}\\fi"
    lines = [keep, f"\\subsection*{{{number}.\\ {_latex_words(step.title)}}}", ""]
    for para in prose_latex(step.statement, notation):
        lines += [para, ""]
    for block in (step.symbolic, step.substituted):
        if block:
            lines.append(_latex_equations(block, notation))
    if step.key == UNIT_DIAGRAM_AFTER:
        lines += [
            "\\begin{center}\n" + diagram_tikz(derivation.model.kind, notation) + "\\end{center}",
            "",
        ]
    if step.result is not None:
        lines += [latex_result(step.result, notation).rstrip("\n"), ""]
    for para in prose_latex(step.justification, notation):
        lines += [para, ""]
    return "\n".join(lines)


def latex_fragment(value: Derivation, notation: Notation) -> str:
    """The worked solution as LaTeX for an article (amsmath, booktabs, graphicx, TikZ with
    the ``shapes.geometric`` and ``automata`` libraries)."""
    parts = [f"% {value.title}", "\\allowdisplaybreaks\n\\setlength{\\emergencystretch}{3em}\n"]
    parts += [_latex_step(k, s, value, notation) for k, s in enumerate(value.steps, 1)]
    return check_no_control("\n".join(parts).rstrip("\n") + "\n")


# ---------------------------------------------------------------------------- Markdown


def _demote(markdown: str) -> str:
    """Headings of an embedded rendering two levels down (they sit under a step's)."""
    return (
        "\n".join("##" + line if line.startswith("#") else line for line in markdown.splitlines())
        + "\n"
    )


@singledispatch
def markdown_result(value: object, notation: Notation) -> str:
    return _demote(markdown_format.render(value, notation))


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    return _markdown_table(
        [_markdown_cell(h) for h in header], [[_markdown_cell(c) for c in r] for r in rows]
    )


def _markdown_proof(value: ProofResult, notation: Notation) -> str:
    lines = [f"**Verdict:** {value.verdict.value}. {_markdown_words(value.reason)}.", ""]
    if value.verdict is Verdict.PROVED and value.machine is not None:
        header, rows = _machine_rows(value.machine)
        lines.append(_md_table(header, rows))
    elif value.word is not None:
        lines.append(f"Along the inputs `{value.word_inputs}`.\n")
    return check_no_control("\n".join(lines), "Markdown")


def _markdown_explanation(value: Explanation, notation: Notation) -> str:
    header, rows = _explanation_rows(value)
    return check_no_control(_md_table(header, rows), "Markdown")


def _markdown_transition_table(value: TransitionTable, notation: Notation) -> str:
    header, rows = _transition_rows(value)
    intro = (
        f"Rounding convention `{value.convention.name}`; each activation column shows its "
        "argument → the value used.\n\n"
    )
    return check_no_control(intro + _md_table(header, rows), "Markdown")


def _markdown_terms(value: TermComparison, notation: Notation) -> str:
    header, rows = _term_rows(value)
    return check_no_control(_md_table(header, rows), "Markdown")


def _markdown_question(value: QuestionWork, notation: Notation) -> str:
    parts = [
        "Exact values (no rounding; every digit certified):\n\n",
        _demote(markdown_format.render(value.exact, notation)),
    ]
    if value.result is not value.exact:
        parts += [
            f"\nUnder the `{value.result.convention.name}` convention:\n\n",
            _demote(markdown_format.render(value.result, notation)),
        ]
    return check_no_control("".join(parts), "Markdown")


markdown_result.register(ProofResult, _markdown_proof)
markdown_result.register(Explanation, _markdown_explanation)
markdown_result.register(TransitionTable, _markdown_transition_table)
markdown_result.register(TermComparison, _markdown_terms)
markdown_result.register(QuestionWork, _markdown_question)


def _markdown_step(number: int, step: Step, notation: Notation) -> str:
    lines = [f"## {number}. {_markdown_words(step.title)}", ""]
    for para in prose_markdown(step.statement, notation):
        lines += [para, ""]
    for block in (step.symbolic, step.substituted):
        if block:
            block_latex = latex_equation_block(block, notation)
            if block_latex.startswith("\\begin{align*}"):
                lines.append(markdown_format.math_block(_latex_pairs(block, notation)))
            else:
                lines.append("$$\n" + block_latex.replace("alignat*", "alignedat") + "$$\n")
    if step.key == UNIT_DIAGRAM_AFTER:
        lines += ["(The unit's diagram: `symlstm diagram -o unit.svg`.)", ""]
    if step.result is not None:
        lines += [markdown_result(step.result, notation).rstrip("\n"), ""]
    for para in prose_markdown(step.justification, notation):
        lines += [para, ""]
    return "\n".join(lines)


def markdown_report(value: Derivation, notation: Notation) -> str:
    parts = [f"# {_markdown_words(value.title)}\n"]
    parts += [_markdown_step(k, s, notation) for k, s in enumerate(value.steps, 1)]
    return check_no_control("\n".join(parts).rstrip("\n") + "\n", "Markdown")


# ---------------------------------------------------------------------------- HTML


def _html_convention(value: ConventionResult, notation: Notation) -> str:
    header, rows = solved.solve_table(value)
    names_html = display_table()
    lines = [
        f"<p>{html_format.escape(solved.convention_line(value))}; {value.digits} digits, "
        "every digit shown certified.</p>",
        '<div class="wide">\n'
        + html_format.table(
            [html_format.escape(names_html.get(h, h)) for h in header],
            [[html_format.escape(c) for c in r] for r in rows],
        )
        + "\n</div>",
        f"<p><strong>Answer:</strong> {html_format.escape(solved.answer_text(value))}</p>",
        f"<p><strong>Verdict:</strong> {html_format.escape(value.summary)}</p>",
    ]
    return "\n".join(lines)


def _html_rows(
    header: list[str], rows: list[list[str]], notation: Notation, css_class: str = "values"
) -> str:
    table = html_format.table(
        [_html_header(h, notation) for h in header],
        [[html_format.escape(c) for c in r] for r in rows],
        css_class,
    )
    return f'<div class="wide">\n{table}\n</div>'


def _html_terms(value: TermComparison, notation: Notation) -> str:
    _, rows = _term_rows(value)
    s, u = value.state, value.unit
    heads = [
        html_format.math_inline(names.timed(s, "t-1"), notation),
        html_format.math_inline(names.timed("x", "t"), notation),
        html_format.math_inline(names.param(f"W_{u}{s}") * names.timed(s, "t-1"), notation),
        html_format.math_inline(
            names.param(f"W_{u}x") * names.timed("x", "t") + names.param(f"b_{u}"), notation
        ),
        "larger",
    ]
    table = html_format.table(heads, [[html_format.escape(c) for c in r] for r in rows])
    return f'<div class="wide">\n{table}\n</div>'


def _html_proof(value: ProofResult, notation: Notation) -> str:
    lines = [
        f"<p><strong>Verdict:</strong> {html_format.escape(value.verdict.value)}. "
        f"{html_format.escape(value.reason)}.</p>"
    ]
    if value.verdict is Verdict.PROVED and value.machine is not None:
        lines.append(f'<figure class="machine">\n{machine_svg(value.machine)}</figure>')
        lines.append(_html_rows(*_machine_rows(value.machine), notation))
    elif value.word is not None:
        lines.append(
            "<p>Along the inputs <code>"
            + ",<wbr>".join(html_format.escape(x) for x in value.word_inputs.split(","))
            + "</code>.</p>"
        )
    return "\n".join(lines)


def _html_question(value: QuestionWork, notation: Notation) -> str:
    parts = ["<p>Exact values (no rounding; every digit certified):</p>"]
    parts.append(_html_convention(value.exact, notation))
    if value.result is not value.exact:
        parts.append(
            f"<p>Under the {html_format.escape(value.result.convention.name)} convention:</p>"
        )
        parts.append(_html_convention(value.result, notation))
    return "\n".join(parts)


html_format.fragment.register(ConventionResult, _html_convention)
html_format.fragment.register(ProofResult, _html_proof)
html_format.fragment.register(QuestionWork, _html_question)
html_format.fragment.register(TermComparison, _html_terms)
html_format.fragment.register(
    Explanation,
    lambda value, notation: _html_rows(*_explanation_rows(value), notation, "values words"),
)
html_format.fragment.register(
    TransitionTable,
    lambda value, notation: (
        "<p>Each activation column shows its argument → the value used.</p>\n"
        + _html_rows(*_transition_rows(value), notation)
    ),
)


def _html_equations(equations: Sequence[Equation], notation: Notation) -> str:
    grouped = parameter_rows(equations)
    rows = []
    if grouped is not None:
        for row in grouped:
            cells = ", ".join(
                mathml.math(
                    mathml.expression(e.lhs, notation)
                    + f"<mo>{RELATION_TEXT[e.relation]}</mo>"
                    + mathml.expression(e.rhs, notation)
                )
                for e in row
            )
            rows.append(f'<tr><td class="rhs">{cells}</td></tr>')
        return '<table class="equations">\n' + "\n".join(rows) + "\n</table>"
    for e in equations:
        lhs = html_format.math_inline(e.lhs, notation)
        relation = RELATION_TEXT[e.relation]
        rhs = mathml.math(f"<mo>{relation}</mo>" + mathml.expression(e.rhs, notation))
        rows.append(f'<tr><td class="lhs">{lhs}</td><td class="rhs">{rhs}</td></tr>')
    return '<table class="equations">\n' + "\n".join(rows) + "\n</table>"


def _html_step(number: int, step: Step, derivation: Derivation, notation: Notation) -> str:
    lines = [f'<section id="{html_format.escape(step.key)}">']
    lines.append(f"<h2>{number}. {html_format.escape(step.title)}</h2>")
    lines += [f"<p>{para}</p>" for para in prose_html(step.statement, notation)]
    for block in (step.symbolic, step.substituted):
        if block:
            lines.append(_html_equations(block, notation))
    if step.key == UNIT_DIAGRAM_AFTER:
        lines.append("<figure>\n" + diagram_svg(derivation.model.kind, notation) + "</figure>")
    if step.result is not None:
        lines.append(html_format.fragment(step.result, notation))
    lines += [f"<p>{para}</p>" for para in prose_html(step.justification, notation)]
    lines.append("</section>")
    return "\n".join(lines)


def html_fragment(value: Derivation, notation: Notation) -> str:
    return "\n".join(_html_step(k, s, value, notation) for k, s in enumerate(value.steps, 1))


# ---------------------------------------------------------------------------- JSON


def _equation_data(e: Equation, notation: Notation) -> dict[str, Any]:
    return {
        "name": e.name,
        "role": e.role.value if e.role else None,
        "lhs": expr_text(e.lhs, notation),
        "rhs": expr_text(e.rhs, notation),
        "relation": e.relation.value,
        "latex": " ".join(equation_latex(e, notation)),
    }


def _terms_data(value: TermComparison, notation: Notation) -> Any:
    return {
        "unit": value.unit,
        "state": value.state,
        "holds": value.holds,
        "rows": [
            {
                "state": list(r.state),
                "input": [format_number(v) for v in r.symbol],
                "recurrent": [format_number(v) for v in r.recurrent],
                "rest": [format_number(v) for v in r.rest],
                "dominant": list(r.dominant),
            }
            for r in value.rows
        ],
    }


def _question_data(value: QuestionWork, notation: Notation) -> Any:
    q = value.question
    return {
        "title": q.title,
        "inputs": [[format_number(v) for v in x] for x in q.inputs],
        "expected": list(q.expected) if q.expected is not None else None,
        "answer": value.result.flat_answer(),
        "matches_expected": value.matches,
        "result": solved.solve_data(value.result),
        "exact": solved.solve_data(value.exact),
        "other_conventions": [
            {
                "convention": o.convention.name,
                "answer": o.flat_answer(),
                "verdict": o.verdict.value,
                "summary": o.summary,
            }
            for o in value.others
        ],
    }


json_format.to_data.register(TermComparison, _terms_data)
json_format.to_data.register(QuestionWork, _question_data)
json_format.to_data.register(MooreMachine, lambda value, notation: machine_data(value))


def json_data(value: Derivation, notation: Notation) -> dict[str, Any]:
    steps = []
    for step in value.steps:
        steps.append(
            {
                "key": step.key,
                "title": step.title,
                "statement": prose_data(step.statement, notation),
                "symbolic": [_equation_data(e, notation) for e in step.symbolic],
                "substituted": [_equation_data(e, notation) for e in step.substituted],
                "result": None
                if step.result is None
                else {
                    "type": type(step.result).__name__,
                    "data": json_format.to_data(step.result, notation),
                },
                "justification": prose_data(step.justification, notation),
            }
        )
    return {
        "title": value.title,
        "model": value.model.name,
        "cell": value.model.kind.name,
        "notation": notation.name,
        "steps": steps,
    }


# ---------------------------------------------------------------------------- registrations

_Renderer = Callable[[Any, Notation], str]

text_format.render.register(Derivation, text_report)
text_format.render.register(TermComparison, text_result.dispatch(TermComparison))
text_format.render.register(QuestionWork, text_result.dispatch(QuestionWork))
latex_format.render.register(Derivation, latex_fragment)
latex_format.render.register(ProofResult, _latex_proof)
latex_format.render.register(Explanation, _latex_explanation)
latex_format.render.register(TransitionTable, _latex_transition_table)
latex_format.render.register(TermComparison, _latex_terms)
latex_format.render.register(QuestionWork, _latex_question)
markdown_format.render.register(Derivation, markdown_report)
markdown_format.render.register(ProofResult, _markdown_proof)
markdown_format.render.register(Explanation, _markdown_explanation)
markdown_format.render.register(TransitionTable, _markdown_transition_table)
markdown_format.render.register(TermComparison, _markdown_terms)
markdown_format.render.register(QuestionWork, _markdown_question)
html_format.fragment.register(Derivation, html_fragment)
html_format.title_of.register(Derivation, lambda value: value.title)
json_format.to_data.register(Derivation, json_data)
document_format.body.register(Derivation, latex_fragment)


# ---------------------------------------------------------------------------- analyze


def _analysis_parts(value: Analysis) -> tuple[list[object], list[str]]:
    """The results an analysis shows, in order, and its plain-text lines in between."""
    results: list[object] = [value.proof]
    if value.explanation is not None:
        results.append(value.explanation)
    if value.table is not None:
        results.append(value.table)
    lines = []
    if value.certificate_path:
        lines.append(f"Certificate written to {value.certificate_path}.")
    if value.conventions:
        lines.append("Rounding conventions against the exact cell (all words, all lengths):")
        lines += [analysed._check_line(c) for c in value.conventions]
    return results, lines


def _latex_analysis(value: Analysis, notation: Notation) -> str:
    results, lines = _analysis_parts(value)
    parts = [latex_result(results[0], notation)]
    parts += [escape_text(line) + "\n" for line in lines]
    parts += [latex_result(r, notation) for r in results[1:]]
    return check_no_control("\n".join(parts))


def _markdown_analysis(value: Analysis, notation: Notation) -> str:
    results, lines = _analysis_parts(value)
    parts = [markdown_result(results[0], notation)]
    parts += [
        ("- " if line.startswith(" ") else "") + markdown_format._cell(line.strip()) + "\n"
        for line in lines
    ]
    parts += [markdown_result(r, notation) for r in results[1:]]
    return check_no_control("\n".join(parts), "Markdown")


latex_format.render.register(Analysis, _latex_analysis)
markdown_format.render.register(Analysis, _markdown_analysis)


# ---------------------------------------------------------------------------- large machines


def _summary_rows(value: MachineSummary) -> tuple[list[str], list[list[str]]]:
    header, rows = _machine_rows(value.machine)
    return header, [rows[q] for q in value.shown]


def _summary_sentences(value: MachineSummary) -> list[str]:
    machine = value.machine
    proof = value.proof
    return [
        f"Verdict: {proof.verdict.value}. {proof.reason}.",
        f"The machine has {machine.size} states, {value.transitions} transitions over "
        f"{len(machine.alphabet)} input symbols and {value.outputs} distinct outputs; "
        f"{value.components} strongly connected "
        + ("component" if value.components == 1 else "components")
        + f", {value.closed_components} of them closed (no transition leaves "
        + ("it" if value.closed_components == 1 else "them")
        + ").",
        f"Too large to list here: the first {len(value.shown)} states in breadth-first order "
        "from the initial one follow; the whole machine is attached.",
    ]


def _summary_dot(value: MachineSummary) -> str:
    return machine_dot(value.machine, f"{value.proof.model_name} machine")


def _attachment_name(value: MachineSummary) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", value.proof.model_name).strip("-") or "model"
    return f"{safe}-machine.dot"


def _text_summary(value: MachineSummary, notation: Notation) -> str:
    lines = _summary_sentences(value)
    lines[-1] = lines[-1].replace(
        "the whole machine is attached",
        "the whole machine, as Graphviz DOT: symlstm prove MODEL -f dot",
    )
    header, rows = _summary_rows(value)
    return "\n".join(lines) + "\n\n" + _text_table(header, rows, "  ")


def _latex_summary(value: MachineSummary, notation: Notation) -> str:
    name = _attachment_name(value)
    header, rows = _summary_rows(value)
    lines = [_latex_words(s) for s in _summary_sentences(value)]
    lines[-1] += f" (\\texttt{{{escape_text(name)}}}, embedded in this PDF)"
    table = _latex_table(
        [_latex_words(h) for h in header],
        [[_m(c) if k == 1 else _latex_words(c) for k, c in enumerate(r)] for r in rows],
        "l" * len(header),
        _width(header, rows),
    )
    attachment = (
        f"\\begin{{filecontents*}}[overwrite]{{{name}}}\n"
        + _summary_dot(value)
        + "\\end{filecontents*}\n"
        + f"\\ifdefined\\embedfile\\embedfile[desc={{the whole machine (Graphviz DOT)}}]"
        f"{{{name}}}\\fi\n"
    )
    return check_no_control("\n\n".join(lines) + "\n\n" + table + "\n" + attachment)


def _markdown_summary(value: MachineSummary, notation: Notation) -> str:
    lines = [_markdown_words(s) for s in _summary_sentences(value)]
    lines[-1] = lines[-1].replace(
        "the whole machine is attached",
        "the whole machine, as Graphviz DOT: `symlstm prove MODEL -f dot`",
    )
    header, rows = _summary_rows(value)
    return check_no_control("\n\n".join(lines) + "\n\n" + _md_table(header, rows), "Markdown")


def _html_summary(value: MachineSummary, notation: Notation) -> str:
    name = _attachment_name(value)
    data = base64.b64encode(_summary_dot(value).encode()).decode("ascii")
    sentences = _summary_sentences(value)
    link = (
        f' (<a download="{html_format.escape(name)}" '
        f'href="data:text/vnd.graphviz;base64,{data}">{html_format.escape(name)}</a>)'
    )
    paragraphs = [f"<p>{html_format.escape(s)}</p>" for s in sentences[:-1]]
    paragraphs.append(f"<p>{html_format.escape(sentences[-1])}{link}</p>")
    return "\n".join([*paragraphs, _html_rows(*_summary_rows(value), notation)])


def _json_summary(value: MachineSummary, notation: Notation) -> Any:
    data = json_format.to_data(value.proof, notation)
    data["summary"] = {
        "states": value.machine.size,
        "transitions": value.transitions,
        "outputs": value.outputs,
        "components": value.components,
        "closed_components": value.closed_components,
        "shown": [value.machine.states[q] for q in value.shown],
    }
    return data


text_result.register(MachineSummary, _text_summary)
latex_result.register(MachineSummary, _latex_summary)
markdown_result.register(MachineSummary, _markdown_summary)
html_format.fragment.register(MachineSummary, _html_summary)
json_format.to_data.register(MachineSummary, _json_summary)
text_format.render.register(MachineSummary, _text_summary)
latex_format.render.register(MachineSummary, _latex_summary)
markdown_format.render.register(MachineSummary, _markdown_summary)


# ---------------------------------------------------------------------------- show work


@dataclass(frozen=True)
class _WorkStyle:
    """How a substituted form is written: text or LaTeX (rules as data)."""

    minus: str
    times: str
    hadamard: str
    functions: dict[str, str]
    symbol: Callable[[sympy.Basic, Notation], str]


_TEXT_WORK = _WorkStyle("−", "·", " ⊙ ", {"sigmoid": "sigmoid", "tanh": "tanh"}, expr_text)
_LATEX_WORK = _WorkStyle(
    "-",
    r" \cdot ",
    r" \odot ",
    {"sigmoid": r"\operatorname{sigmoid}", "tanh": r"\tanh"},
    expr_latex,
)


def _signed(text: str, style: _WorkStyle = _TEXT_WORK) -> str:
    """A number in a product or a sum: negative ones in parentheses, with a real minus."""
    text = text.replace("-", style.minus)
    return f"({text})" if text.startswith(style.minus) else text


def _unwrapped(text: str) -> str:
    """``(−100)`` as a whole argument is ``−100``."""
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1]
    return text


def _work_text(
    expr: sympy.Basic,
    numbers: dict[sympy.Basic, str],
    notation: Notation,
    style: _WorkStyle = _TEXT_WORK,
) -> str:
    """``expr`` with every quantity and weight replaced by its number, nothing evaluated:
    ``sigmoid(0·0 + 0·1 + (−100))``."""

    def again(e: sympy.Basic) -> str:
        return _work_text(e, numbers, notation, style)

    if expr in numbers:
        return _signed(numbers[expr], style)
    if isinstance(expr, sympy.Number):
        return _signed(format_number(sympy.Rational(expr)), style)
    if isinstance(expr, (sigmoid, tanh)):
        name = style.functions["sigmoid" if isinstance(expr, sigmoid) else "tanh"]
        return f"{name}({_unwrapped(again(expr.args[0]))})"
    if isinstance(expr, Hadamard):
        return style.hadamard.join(
            f"({again(a)})" if isinstance(a, sympy.Add) else again(a) for a in expr.args
        )
    if isinstance(expr, sympy.Add):
        return " + ".join(again(t) for t in expr.as_ordered_terms())
    if isinstance(expr, sympy.Mul):
        factors = list(expr.args)
        if factors and factors[0] == -1:
            return f"({style.minus}{again(sympy.Mul(*factors[1:], evaluate=False))})"
        return style.times.join(
            f"({again(f)})" if isinstance(f, sympy.Add) else again(f) for f in factors
        )
    if isinstance(expr, sympy.Pow):
        return f"{again(expr.base)}^{{{again(expr.exp)}}}"
    return style.symbol(expr, notation)


def _text_work(value: ShownWork, notation: Notation) -> str:
    lines = [
        f"{value.model_name}: step t = {value.t} (x_t = {value.x}) worked by hand, under the "
        f"{value.convention} convention: each equation in symbols, with every number put "
        "in, then its certified value",
        "",
    ]
    for w in value.lines:
        numbers: dict[sympy.Basic, str] = dict(w.values)
        numbers.update({s: format_number(v) for s, v in w.weights})
        lhs = expr_text(w.quantity, notation)
        pad = " " * len(lhs)
        lines.append(f"  {lhs} = {expr_text(w.symbols, notation)}")
        approximate = any(s in w.numbers.free_symbols for s in w.rounded)
        lines.append(
            f"  {pad} {'≈' if approximate else '='} {_work_text(w.numbers, numbers, notation)}"
        )
        if w.function is not None and w.argument is not None:
            lines.append(f"  {pad} = {w.function}({w.argument.replace('-', '−')})")
        lines.append(f"  {pad} {w.relation} {w.value.replace('-', '−')}")
        if w.saturation:
            lines.append(f"  {pad}   saturated, {w.saturation}")
        lines.append("")
    return "\n".join(lines)


def _json_work(value: ShownWork, notation: Notation) -> Any:
    return {
        "model": value.model_name,
        "convention": value.convention,
        "t": value.t,
        "x": value.x,
        "lines": [
            {
                "quantity": str(w.quantity),
                "symbols": expr_text(w.symbols, notation),
                "numbers": _work_text(
                    w.numbers,
                    {**dict(w.values), **{s: format_number(v) for s, v in w.weights}},
                    notation,
                ),
                "argument": w.argument,
                "value": w.value,
                "relation": w.relation,
                "saturation": w.saturation,
            }
            for w in value.lines
        ],
    }


text_format.render.register(ShownWork, _text_work)
json_format.to_data.register(ShownWork, _json_work)


def _latex_work(value: ShownWork, notation: Notation) -> str:
    intro = (
        f"Step $t = {value.t}$ ($x_t = {value.x}$) worked by hand under the "
        f"{_latex_words(value.convention)} convention: each equation in symbols, with every "
        "number put in, then its certified value."
    )
    blocks = [intro, ""]
    for w in value.lines:
        numbers: dict[sympy.Basic, str] = dict(w.values)
        numbers.update({s: format_number(v) for s, v in w.weights})
        approximate = any(s in w.numbers.free_symbols for s in w.rounded)
        substituted = _work_text(w.numbers, numbers, notation, _LATEX_WORK)
        rows = [
            f"  {expr_latex(w.quantity, notation)} &= {expr_latex(w.symbols, notation)}",
            "  &" + (r"\approx " if approximate else "= ") + substituted,
        ]
        if w.function is not None and w.argument is not None:
            name = _LATEX_WORK.functions[w.function]
            rows.append(f"  &= {name}({_latex_number_text(w.argument)})")
        relation = "=" if w.relation == "=" else "\\approx"
        rows.append(f"  &{relation} {_latex_number_text(w.value)}")
        blocks.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
        if w.saturation:
            blocks.append("Saturated, " + _latex_words(w.saturation) + ".")
        blocks.append("")
    return check_no_control("\n".join(blocks))


def _latex_number_text(text: str) -> str:
    """A certified decimal in math: ``3.72e-44`` as ``3.72 \\cdot 10^{-44}``."""
    return solved.latex_decimal(text)


latex_format.render.register(ShownWork, _latex_work)
