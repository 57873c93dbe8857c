"""Choosing an output format, and writing PDF: shared by the commands that offer it.

The rule, for a command that calls :func:`add_output_arguments`: an explicit ``--format``
wins; otherwise the suffix of ``-o FILE`` chooses (``eq.pdf`` → pdf, ``eq.tex`` → latex,
``eq.html`` → html, …, see :data:`SUFFIX_FORMATS`); otherwise the command's default
(text). ``pdf`` is the standalone LaTeX document compiled by pdflatex; it needs ``-o``
(a PDF is not for a terminal), and without an engine the command says how to install one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from symlstm.cli.common import Output, add_format_arguments, notation_of
from symlstm.cli.pdf import compile_pdf, require_engine
from symlstm.errors import UsageError
from symlstm.render import FORMATS, render
from symlstm.render.document import standalone

PDF = "pdf"

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".tex": "latex",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": PDF,
}


def add_output_arguments(parser: argparse.ArgumentParser, default: str = "text") -> None:
    add_format_arguments(
        parser,
        (*FORMATS, PDF),
        default=None,
        default_help=f"from the suffix of -o FILE (.pdf, .tex, .md, .html, .json), else {default}",
    )
    parser.set_defaults(default_format=default)


def output_format(
    args: argparse.Namespace, suffixes: dict[str, str] | None = None, default: str | None = None
) -> str:
    """The format asked for: ``--format``, else ``-o``'s suffix, else the default."""
    if args.format is not None:
        chosen: str = args.format
    else:
        table = SUFFIX_FORMATS if suffixes is None else suffixes
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fallback = str(default or getattr(args, "default_format", "text"))
        chosen = table.get(suffix, fallback)
    if chosen == PDF and not args.output:
        raise UsageError("--format", "a PDF is written to a file: add -o FILE.pdf")
    return chosen


def pdf_output(latex_document: str) -> Output:
    require_engine()
    return Output(compile_pdf(latex_document))


def rendered(value: object, args: argparse.Namespace) -> Output:
    """``value`` in the format asked for (a compiled PDF for ``pdf``)."""
    notation = notation_of(args)
    chosen = output_format(args)
    if chosen == PDF:
        return pdf_output(standalone(value, notation))
    return Output(render(value, chosen, notation))
