"""Standalone LaTeX documents: a fixed preamble around the LaTeX renderer's fragments.

``standalone(value, notation)`` gives a whole ``article`` that pdflatex compiles (amsmath,
booktabs, TikZ with the ``shapes.geometric`` and ``automata`` libraries). Text that is not
math (titles, model descriptions) goes through :func:`escape_text`
(:mod:`symlstm.render.latex_escape`), so no input can break the document. The result
passes the control-character guard. New value types register with :func:`body`.
"""

from __future__ import annotations

from functools import singledispatch

from symlstm.analysis.automaton import MooreMachine
from symlstm.equations import EquationSet, Form
from symlstm.render import latex as latex_format
from symlstm.render.diagram import UnitDiagram, diagram_tikz, layout_of
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import escape_text
from symlstm.render.notation import Notation
from symlstm.render.tikz import machine_tikz

__all__ = [
    "FIGURE_PREAMBLE",
    "PREAMBLE",
    "body",
    "escape_text",
    "figure_body",
    "figure_document",
    "figure_wrap",
    "standalone",
    "title_of",
    "wrap",
]

PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{array}
\usepackage{booktabs}
\usepackage{embedfile}
\usepackage{longtable}
\usepackage{needspace}
\usepackage{tikz}
\usetikzlibrary{shapes.geometric,automata}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5\baselineskip}
"""


# a figure for \includegraphics: the standalone class crops the page to the content
FIGURE_PREAMBLE = r"""\documentclass[border=6pt]{standalone}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{tikz}
\usetikzlibrary{shapes.geometric,automata}
"""


def figure_wrap(body: str) -> str:
    """A cropped standalone document around one picture or one math box."""
    head = FIGURE_PREAMBLE + "\\begin{document}\n"
    return check_no_control(head + body.rstrip("\n") + "\n\\end{document}\n")


@singledispatch
def figure_body(value: object, notation: Notation) -> str:
    """The content of a figure (new figure types register here)."""
    raise TypeError(f"{type(value).__name__} is not a figure")


@figure_body.register
def _(value: EquationSet, notation: Notation) -> str:
    # display math takes the line's width; an inline ``aligned`` box crops to its own
    rows = latex_format.equation_rows(value, notation)
    lines = " \\\\\n".join(f"  {latex_format.row_latex(row)}" for row in rows)
    return "$\\displaystyle\\begin{aligned}\n" + lines + "\n\\end{aligned}$\n"


@figure_body.register
def _(value: UnitDiagram, notation: Notation) -> str:
    return diagram_tikz(value.kind, notation, weights=value.weights)


@figure_body.register
def _(value: MooreMachine, notation: Notation) -> str:
    return machine_tikz(value)


def figure_document(value: object, notation: Notation) -> str:
    """``value`` as a cropped figure (standalone class), for ``\\includegraphics``."""
    return figure_wrap(figure_body(value, notation))


def wrap(body: str, title: str = "") -> str:
    """A whole document around a body of LaTeX."""
    head = PREAMBLE + "\\begin{document}\n"
    if title:
        head += f"\\section*{{{escape_text(title)}}}\n"
    return check_no_control(head + body.rstrip("\n") + "\n\\end{document}\n")


@singledispatch
def body(value: object, notation: Notation) -> str:
    """The body of the document of a value (its LaTeX rendering); values with a body of
    their own register here."""
    from symlstm.render import render

    return render(value, "latex", notation)


@body.register
def _(value: EquationSet, notation: Notation) -> str:
    what = f"{value.kind.title} equations, {value.form.value}"
    if value.form is Form.UNROLLED:
        what += f", {value.steps} steps"
    lines = [
        f"Model \\texttt{{{escape_text(value.model_name)}}}: {escape_text(what)}.",
        "",
        latex_format.render(value, notation),
    ]
    return "\n".join(lines)


@body.register
def _(value: UnitDiagram, notation: Notation) -> str:
    return (
        "\\begin{center}\n"
        + diagram_tikz(value.kind, notation, weights=value.weights)
        + "\\end{center}\n"
    )


@body.register
def _(value: MooreMachine, notation: Notation) -> str:
    return "\\begin{center}\n" + machine_tikz(value) + "\\end{center}\n"


def title_of(value: object) -> str:
    from symlstm.derivation import Derivation
    from symlstm.render.tree import Document

    if isinstance(value, (Derivation, Document)):
        return value.title
    if isinstance(value, EquationSet):
        return f"{value.model_name}: {value.kind.title} equations"
    if isinstance(value, UnitDiagram):
        return layout_of(value.kind).title
    if isinstance(value, MooreMachine):
        return f"A machine of {value.size} states"
    # results that carry their model's name: what they are, by type (rules as data)
    what = _RESULT_TITLES.get(type(value).__name__)
    name = getattr(value, "model_name", None)
    if name is None and hasattr(value, "model"):
        name = getattr(value.model, "name", None)
    if what and isinstance(name, str):
        return f"{name}: {what}"
    return "symlstm"


_RESULT_TITLES: dict[str, str] = {
    "ConventionResult": "every value per step, certified",
    "GapReport": "saturation gaps",
    "GateSemantics": "gates at exactly 0 or 1",
    "ProofResult": "the machine and its proof",
    "Explanation": "what the state carries",
    "Analysis": "table, machine, proof and explanation",
    "ShownWork": "one step worked by hand",
    "TransitionTable": "the saturated transition table",
}


def standalone(value: object, notation: Notation, title: str | None = None) -> str:
    """A whole LaTeX document showing ``value``."""
    return wrap(body(value, notation), title_of(value) if title is None else title)
