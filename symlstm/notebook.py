"""Notebook display (a face): models, equations and diagrams show themselves in Jupyter.

The shape chosen. The model and equations stages must not import the render stage, not
even lazily inside a method, so their classes carry no ``_repr_html_``. Instead this
module teaches IPython's display formatters how to show them, with IPython's own
mechanism (``formatter.for_type(cls, function)``, which the formatters consult before
any ``_repr_*_`` method):

- in Jupyter, ``import symlstm`` registers the formatters when an IPython shell is
  running (:func:`register` is cheap and imports nothing when IPython is not loaded);
  ``%load_ext symlstm.notebook`` does the same explicitly;
- anywhere else, :func:`show` wraps a value in a :class:`Display`, an object with the
  ``_repr_latex_`` (``$$…$$``), ``_repr_html_``, ``_repr_svg_`` and ``__repr__`` methods
  notebook front ends look for.

What each type shows is a table (:data:`DISPLAYS`): one function per MIME type, all of
them renderers from :mod:`symlstm.render`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.explain import Explanation
from symlstm.analysis.proof import ProofResult
from symlstm.analysis.summary import Analysis
from symlstm.analysis.table import TransitionTable
from symlstm.derivation import Derivation
from symlstm.equations import EquationSet, substituted_equations
from symlstm.model import Model
from symlstm.render import html as html_format
from symlstm.render import text as text_format
from symlstm.render.build import document_of
from symlstm.render.diagram import UnitDiagram, diagram_svg
from symlstm.render.dot import machine_dot
from symlstm.render.latex import Row, equation_rows, row_latex
from symlstm.render.notation import COURSE, Notation
from symlstm.render.reasons import reason_text
from symlstm.render.report import html_fragment
from symlstm.render.writers import html as html_writer

LATEX = "text/latex"
HTML = "text/html"
SVG = "image/svg+xml"
PLAIN = "text/plain"

Shower = Callable[[Any, Notation], str | None]
DOT_TIMEOUT_SECONDS = 30.0


def _latex_block(rows: Sequence[Row]) -> str:
    body = " \\\\\n".join(row_latex(row) for row in rows)
    return "$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$"


def _model_text(model: Model, notation: Notation) -> str:
    sizes = f"hidden {model.hidden}, inputs {model.inputs}"
    text = f"<symlstm Model {model.name!r}: {model.kind.title}, {sizes}>"
    return text + (f"\n{model.description}" if model.description else "")


def _model_html(model: Model, notation: Notation) -> str:
    equations = substituted_equations(model)
    description = html_format.escape(model.description) if model.description else ""
    return "\n".join(
        [
            '<div class="symlstm">',
            f"<p><strong>{html_format.escape(model.name)}</strong>: "
            f"{html_format.escape(model.kind.title)}, hidden {model.hidden}, "
            f"inputs {model.inputs}. {description}</p>",
            f"<figure>{diagram_svg(model.kind, notation)}</figure>",
            html_format.equations_table(equations, notation),
            "</div>",
        ]
    )


def _equations_html(value: EquationSet, notation: Notation) -> str:
    return f'<div class="symlstm">\n{html_format.fragment(value, notation)}\n</div>'


def _machine_svg(machine: MooreMachine, notation: Notation) -> str | None:
    """The machine laid out by Graphviz ``dot`` (None when ``dot`` is not installed)."""
    program = shutil.which("dot")
    if program is None:
        return None
    run = subprocess.run(
        [program, "-Tsvg"],
        input=machine_dot(machine),
        capture_output=True,
        text=True,
        timeout=DOT_TIMEOUT_SECONDS,
        check=False,
    )
    return run.stdout if run.returncode == 0 else None


def _machine_text(machine: MooreMachine, notation: Notation) -> str:
    states = ", ".join(machine.states)
    initial = machine.states[machine.initial]
    return f"<symlstm MooreMachine of {machine.size} states ({states}); initial {initial}>"


def _proof_text(proof: ProofResult, notation: Notation) -> str:
    shown = len(proof.word or ()) if proof.growth else 0
    reason = reason_text(proof.reason, proof.alphabet, shown)
    return f"<symlstm proof of {proof.model_name}: {proof.verdict.value}; {reason}>"


def _document_html(value: object, notation: Notation) -> str:
    """A result's document (the tree every face prints) as an HTML fragment."""
    return html_writer.fragment(document_of(value), notation)


# type → MIME type → function
DISPLAYS: dict[type, dict[str, Shower]] = {
    Model: {
        PLAIN: _model_text,
        HTML: _model_html,
        SVG: lambda m, n: diagram_svg(m.kind, n),
        LATEX: lambda m, n: _latex_block(equation_rows(substituted_equations(m), n)),
    },
    EquationSet: {
        PLAIN: lambda e, n: text_format.render(e, n).rstrip("\n"),
        HTML: _equations_html,
        LATEX: lambda e, n: _latex_block(equation_rows(e, n)),
    },
    UnitDiagram: {
        PLAIN: lambda d, n: f"<symlstm diagram of the {d.kind.title} unit>",
        SVG: lambda d, n: diagram_svg(d.kind, n, weights=d.weights),
        HTML: lambda d, n: html_format.fragment(d, n),
    },
    MooreMachine: {
        PLAIN: _machine_text,
        SVG: _machine_svg,
    },
    ProofResult: {PLAIN: _proof_text, HTML: _document_html},
    Analysis: {
        PLAIN: lambda a, n: _proof_text(a.proof, n).replace("<symlstm proof", "<symlstm analysis"),
        HTML: _document_html,
    },
    Explanation: {
        PLAIN: lambda e, n: f"<symlstm explanation of {e.model_name}: carries {len(e.carried)}>",
        HTML: _document_html,
    },
    TransitionTable: {
        PLAIN: lambda t, n: (
            f"<symlstm transition table of {t.model.name} under {t.convention.name}: "
            f"{len(t.rows)} rows>"
        ),
        HTML: _document_html,
    },
    Derivation: {  # a worked solution: its step titles as text, the whole of it as HTML
        PLAIN: lambda d, n: (
            f"<symlstm {d.title}: "
            + "; ".join(f"{k}. {s.title}" for k, s in enumerate(d.steps, 1))
            + ">"
        ),
        HTML: lambda d, n: html_fragment(d, n),
    },
}


def formats_of(value: object, notation: Notation = COURSE) -> dict[str, str]:
    """Every representation of ``value`` by MIME type (empty for an unknown type)."""
    for cls, shows in DISPLAYS.items():
        if isinstance(value, cls):
            shown = {mime: show(value, notation) for mime, show in shows.items()}
            return {mime: text for mime, text in shown.items() if text is not None}
    return {}


@dataclass(frozen=True)
class Display:
    """A value with the methods notebook front ends call."""

    value: object
    notation: Notation = COURSE

    def _show(self, mime: str) -> str | None:
        for cls, shows in DISPLAYS.items():
            if isinstance(self.value, cls) and mime in shows:
                return shows[mime](self.value, self.notation)
        return None

    def _repr_latex_(self) -> str | None:
        return self._show(LATEX)

    def _repr_html_(self) -> str | None:
        return self._show(HTML)

    def _repr_svg_(self) -> str | None:
        return self._show(SVG)

    def __repr__(self) -> str:
        return self._show(PLAIN) or repr(self.value)


def show(value: object, notation: Notation = COURSE) -> Display:
    """Wrap ``value`` so that a notebook cell ending with it shows it richly."""
    return Display(value, notation)


def _plain_printer(show_text: Shower) -> Callable[[Any, Any, bool], None]:
    def printer(value: Any, p: Any, cycle: bool) -> None:
        p.text(show_text(value, COURSE) or repr(value))

    return printer


def register_formatters(display_formatter: Any, notation: Notation = COURSE) -> None:
    """Register :data:`DISPLAYS` with an IPython ``DisplayFormatter``."""
    formatters = display_formatter.formatters
    for cls, shows in DISPLAYS.items():
        for mime, show_one in shows.items():
            if mime not in formatters:
                continue
            if mime == PLAIN:
                formatters[mime].for_type(cls, _plain_printer(show_one))
            else:
                formatters[mime].for_type(cls, lambda v, s=show_one: s(v, notation))


def register(shell: Any = None) -> bool:
    """Register with the running IPython shell (or ``shell``); False when there is none."""
    if shell is None:
        if "IPython" not in sys.modules:
            return False
        shell = sys.modules["IPython"].get_ipython()
    formatter = getattr(shell, "display_formatter", None)
    if formatter is None:
        return False
    register_formatters(formatter)
    return True


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext symlstm.notebook``."""
    register(shell)
