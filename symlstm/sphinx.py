"""The Sphinx extension: live, always-correct derivations in documentation.

Add ``"symlstm.sphinx"`` to ``extensions`` in ``conf.py``, then write::

    .. symlstm:: homework
       :inputs: 0,0,1,1,1,0
       :rounding: saturate
       :show: equations, substituted, saturated

MODEL is a built-in model name or a model file path relative to the document. From MyST
Markdown the same directive is written `````{symlstm}````. A bad model or option becomes a
Sphinx warning with the document and line (so ``-W`` fails the build), never a crash.

Configuration values: ``symlstm_dps`` (digits shown, default 30), ``symlstm_notation``
(default ``"course"``), ``symlstm_rounding`` (default ``"saturate"``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from symlstm import __version__
from symlstm.equations import general_equations, saturated_form, substituted_equations
from symlstm.errors import SymlstmError
from symlstm.model import Model, builtin_model, builtin_names, read_model_file
from symlstm.render.latex import equation_rows
from symlstm.render.notation import NOTATIONS, Notation
from symlstm.render.printers import latex as expr_latex

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What one directive asks for; hashable, so results can be cached on it."""

    model: Model
    inputs: str | None
    rounding: str
    notation: Notation
    dps: int


NodeBuilder = Callable[[Request], list[nodes.Node]]


def _math(rows: list[tuple[str, str]], relation: str = "=") -> nodes.math_block:
    latex = " \\\\\n".join(f"{lhs} &{relation} {rhs}" for lhs, rhs in rows)
    return nodes.math_block(latex, latex, nowrap=False, number=None)


def _paragraph(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, text)


def _equations(request: Request) -> list[nodes.Node]:
    equations = general_equations(request.model.kind, request.model.name)
    return [
        _paragraph(f"The {request.model.kind.title} update equations:"),
        _math(equation_rows(equations, request.notation)),
    ]


def _substituted(request: Request) -> list[nodes.Node]:
    equations = substituted_equations(request.model)
    return [
        _paragraph(f"With the weights of {request.model.name} put in and zero terms dropped:"),
        _math(equation_rows(equations, request.notation)),
    ]


def _saturated(request: Request) -> list[nodes.Node]:
    form = saturated_form(request.model)
    rows = [
        (expr_latex(e.lhs, request.notation), expr_latex(e.rhs, request.notation))
        for e in form.equations
    ]
    return [
        _paragraph(
            "Under saturation: every gate or candidate whose pre-activation has magnitude "
            f"at least {form.threshold} on every input symbol and every reachable state "
            "replaced by its saturated value:"
        ),
        _math(rows, r"\approx"),
    ]


# :show: items, in the order they are shown; later stages register theirs here
SHOW: dict[str, NodeBuilder] = {
    "equations": _equations,
    "substituted": _substituted,
    "saturated": _saturated,
}
DEFAULT_SHOW = ("equations", "substituted")
ROUNDINGS = ("exact", "nearest", "saturate")


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
    for item in show:
        result.extend(SHOW[item](request))
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
        from symlstm.cli import COMMANDS, build_parser

        parser = build_parser()
        result: list[nodes.Node] = [nodes.literal_block(text=_help(parser))]
        for command in COMMANDS:
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("symlstm_dps", 30, "env", types=[int])
    app.add_config_value("symlstm_notation", "course", "env", types=[str])
    app.add_config_value("symlstm_rounding", "saturate", "env", types=[str])
    app.add_directive("symlstm", SymlstmDirective)
    app.add_directive("symlstm-cli", CommandLineDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
