"""The Sphinx extension: live, always-correct derivations in documentation.

Add ``"symlstm.sphinx"`` to ``extensions`` in ``conf.py``, then write::

    .. symlstm:: homework
       :inputs: 0,0,1,1,1,0
       :rounding: saturate
       :show: equations, substituted, saturated, trace, table, machine, information
       :step: 2

``:show: work`` works the ``:step:`` (0-based, default 0) of the first word by hand.

MODEL is a built-in model name or a model file path relative to the document. From MyST
Markdown the same directive is written `````{symlstm}````. A bad model or option becomes a
Sphinx warning with the document and line (so ``-W`` fails the build), never a crash.

Configuration values: ``symlstm_dps`` (digits shown, default 30), ``symlstm_notation``
(default ``"course"``), ``symlstm_rounding`` (default ``"saturate"``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import sympy
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from symlstm import __version__
from symlstm.derivation import Derivation, derive, show_work
from symlstm.errors import SymlstmError
from symlstm.model import Model, Question, builtin_model, builtin_names, read_model_file
from symlstm.model.words import parse_word
from symlstm.numbers.rounding import CONVENTIONS
from symlstm.render.build import derivation_document, work_section
from symlstm.render.latex_escape import unicode_declarations
from symlstm.render.notation import NOTATIONS, Notation
from symlstm.render.tree import Figure, Section
from symlstm.render.writers.docutils import figure_nodes, section_nodes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What one directive asks for; hashable, so results can be cached on it."""

    model: Model
    inputs: str | None
    rounding: str
    notation: Notation
    dps: int
    step: int = 0  # the step :show: work works by hand


NodeBuilder = Callable[[Request], list[nodes.Node]]


def _paragraph(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, text)


def _derivation(request: Request) -> Derivation:
    questions = None
    if request.inputs is not None:
        word = parse_word(request.inputs, request.model, option=":inputs:")
        questions = (
            Question(
                "inputs " + request.inputs,
                tuple(tuple(sympy.Rational(v.numerator, v.denominator) for v in x) for x in word),
            ),
        )
    return _derive_cached(request.model, questions, request.rounding, request.dps)


def _first_word(request: Request) -> tuple[tuple[Fraction, ...], ...]:
    if request.inputs is not None:
        return tuple(parse_word(request.inputs, request.model, option=":inputs:"))
    if not request.model.questions:
        raise SymlstmError(f"{request.model.name}: :show: work needs :inputs: (no question)")
    return tuple(tuple(Fraction(str(v)) for v in x) for x in request.model.questions[0].inputs)


@lru_cache(maxsize=64)
def _derive_cached(
    model: Model, questions: tuple[Question, ...] | None, rounding: str, dps: int
) -> Derivation:
    return derive(model, questions=questions, convention=rounding, digits=dps)


def _dot_to_svg(dot: str) -> str | None:
    """Graphviz lays out machines for HTML; without it, the machine is shown as a table."""
    executable = shutil.which("dot")
    if executable is None:
        logger.warning("symlstm: Graphviz (dot) not found: machines are shown as tables only")
        return None
    result = subprocess.run(
        [executable, "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        logger.warning("symlstm: dot failed: %s", result.stderr.strip())
        return None
    svg = result.stdout
    return svg[svg.find("<svg") :]


def _steps(*keys: str, prefix: str = "") -> NodeBuilder:
    def build(request: Request) -> list[nodes.Node]:
        document = derivation_document(_derivation(request))
        result: list[nodes.Node] = []
        for section in document.blocks:
            if not isinstance(section, Section):
                continue
            if section.key in keys or (prefix and section.key.startswith(prefix)):
                result += section_nodes(section, request.notation, _dot_to_svg)
        return result

    return build


def _diagram(request: Request) -> list[nodes.Node]:
    return figure_nodes(Figure(request.model.kind), request.notation)


def _work(request: Request) -> list[nodes.Node]:
    """The step chosen by ``:step:`` (default 0) of the first word, worked by hand."""
    word = _first_word(request)
    if not 0 <= request.step < len(word):
        raise SymlstmError(f":step: expected 0 to {len(word) - 1}, got {request.step}")
    convention = CONVENTIONS[request.rounding]
    work = show_work(request.model, convention, word, request.step, request.dps)
    return section_nodes(work_section(work, 1), request.notation)


# :show: items, each a list of steps of the worked solution (or the unit's diagram)
SHOW: dict[str, NodeBuilder] = {
    "equations": _steps("general"),
    "substituted": _steps("substituted"),
    "saturated": _steps("saturation"),
    "dominance": _steps("dominance"),
    "trace": _steps(prefix="question-"),
    "table": _steps("table"),
    "machine": _steps("machine"),
    "proof": _steps("machine"),
    "information": _steps("information"),
    "diagram": _diagram,
    "work": _work,
}
DEFAULT_SHOW = ("equations", "substituted")
ROUNDINGS = tuple(CONVENTIONS)


def _show_option(argument: str | None) -> tuple[str, ...]:
    items = tuple(item.strip() for item in (argument or "").split(",") if item.strip())
    if not items:
        raise ValueError("expected a comma-separated list of: " + ", ".join(SHOW))
    for item in items:
        if item not in SHOW:
            raise ValueError(f"unknown item {item!r}; expected some of: " + ", ".join(SHOW))
    return items


def _choice(values: tuple[str, ...]) -> Callable[[str | None], str]:
    def convert(argument: str | None) -> str:
        return str(directives.choice(argument or "", values))

    return convert


@lru_cache(maxsize=256)
def _nodes_for(request: Request, show: tuple[str, ...]) -> tuple[nodes.Node, ...]:
    result: list[nodes.Node] = []
    built: set[NodeBuilder] = set()
    for item in show:
        builder = SHOW[item]
        if builder not in built:  # "machine" and "proof" are the same step
            built.add(builder)
            result.extend(builder(request))
    return tuple(result)


class SymlstmDirective(SphinxDirective):
    optional_arguments = 1
    has_content = False
    option_spec = {  # noqa: RUF012 - docutils reads a class attribute
        "inputs": directives.unchanged_required,
        "rounding": _choice(ROUNDINGS),
        "show": _show_option,
        "notation": _choice(tuple(NOTATIONS)),
        "dps": directives.positive_int,
        "step": directives.nonnegative_int,
    }

    def _model(self) -> Model:
        name = self.arguments[0] if self.arguments else "homework"
        if name in builtin_names() and "/" not in name and not name.endswith(".toml"):
            return builtin_model(name)
        relative, absolute = self.env.relfn2path(name)
        self.env.note_dependency(relative)
        path = Path(absolute)
        if not path.is_file():
            raise SymlstmError(
                f"{name}: no such built-in model or file (built-in models: "
                + ", ".join(builtin_names())
                + ")"
            )
        return read_model_file(path)

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        try:
            request = Request(
                model=self._model(),
                inputs=self.options.get("inputs"),
                rounding=self.options.get("rounding", config.symlstm_rounding),
                notation=NOTATIONS[self.options.get("notation", config.symlstm_notation)],
                dps=self.options.get("dps", config.symlstm_dps),
                step=self.options.get("step", 0),
            )
            show = self.options.get("show", DEFAULT_SHOW)
            built = _nodes_for(request, show)
        except SymlstmError as error:
            logger.warning("symlstm: %s", error, location=self.get_location())
            return []
        container = nodes.container(classes=["symlstm"])
        container += [node.deepcopy() for node in built]
        return [container]


class CommandLineDirective(SphinxDirective):
    """``.. symlstm-cli::`` — the command-line reference, generated from the parser."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from symlstm.cli import build_parser, commands

        parser = build_parser()
        result: list[nodes.Node] = [nodes.literal_block(text=_help(parser))]
        for command in commands():
            section = nodes.section(ids=[f"symlstm-{command.NAME}"])
            title = f"symlstm {command.NAME}"
            section += nodes.title(title, title)
            section += _paragraph(command.HELP[:1].upper() + command.HELP[1:] + ".")
            section += nodes.literal_block(text=_help(_subparser(parser, command.NAME)))
            result.append(section)
        return result


def _help(parser: argparse.ArgumentParser) -> str:
    # a fixed width, so the reference does not depend on the terminal of the build
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        return parser.format_help()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            child: argparse.ArgumentParser = action.choices[name]
            return child
    raise KeyError(name)


# What the LaTeX the directive emits needs (TikZ pictures of the unit and machines).
LATEX_PACKAGE = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{symlstm}[2026/11/23 symlstm: what its Sphinx directive's output needs]
\RequirePackage{amsmath}
\RequirePackage{amssymb}
\RequirePackage{tikz}
\usetikzlibrary{shapes.geometric,automata}
"""


def _write_latex_package(app: Sphinx) -> None:
    if app.builder is not None and app.builder.format == "latex":
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        package = LATEX_PACKAGE + unicode_declarations() + "\\endinput\n"
        (Path(app.outdir) / "symlstm.sty").write_text(package, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("symlstm_dps", 30, "env", types=[int])
    app.add_config_value("symlstm_notation", "course", "env", types=[str])
    app.add_config_value("symlstm_rounding", "saturate", "env", types=[str])
    app.add_directive("symlstm", SymlstmDirective)
    app.add_directive("symlstm-cli", CommandLineDirective)
    app.add_latex_package("symlstm")
    app.connect("builder-inited", _write_latex_package)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
