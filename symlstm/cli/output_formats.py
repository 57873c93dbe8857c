"""Choosing an output format and producing it: shared by every command that writes one.

The rule, for a command that calls :func:`add_output_arguments`:

- an explicit ``--format`` wins; otherwise the suffix of ``-o FILE`` chooses (``eq.pdf`` →
  pdf, ``eq.tex`` → latex, ``eq.png`` → png, …, see :data:`SUFFIX_FORMATS`); otherwise the
  command's default (text);
- the suffix must agree with the format: ``solve -o s.pdf`` writes a PDF, and a suffix the
  command cannot write (``equations -o eq.docx``, ``solve -o s.png``) or that contradicts
  ``--format`` ends with exit status 2 before anything is computed or written;
- ``-o x.tex`` is a complete document that pdflatex compiles (``--fragment``: the body
  alone, for ``\\input``; ``--format latex`` on stdout is the fragment too); a figure (the
  unit's diagram, equations, a machine) is a cropped ``standalone`` document for
  ``\\includegraphics``, and its PDF and PNG are cropped figures;
- ``pdf`` and ``png`` need ``-o`` (they are not for a terminal); PNG is the cropped PDF
  rasterised by ``pdftoppm``, for figures only (a report has pages: write ``.pdf``);
- ``beamer`` (a report): slides, a complete document (``-o slides.tex``) or, with
  ``-o slides.pdf``, compiled;
- ``dot`` and ``tikz`` print a machine (``prove``, ``analyze``, ``table``) or the unit.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from symlstm.cli.common import Output, add_format_arguments, notation_of
from symlstm.errors import UsageError
from symlstm.render import FORMATS, render
from symlstm.render.notation import COURSE, Notation

PDF = "pdf"
PNG = "png"
DOT = "dot"
TIKZ = "tikz"
SVG = "svg"
CSV = "csv"
LATEX = "latex"
BEAMER = "beamer"

# what each suffix asks for; a suffix missing here is one symlstm does not write
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".tex": LATEX,
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": PDF,
    ".png": PNG,
    ".svg": SVG,
    ".dot": DOT,
    ".gv": DOT,
    ".tikz": TIKZ,
    ".csv": CSV,
}
# formats that may also go into a file of another format's suffix (a tikzpicture in .tex)
ALSO_FITS: dict[str, frozenset[str]] = {
    ".tex": frozenset({TIKZ, BEAMER}),
    ".pdf": frozenset({BEAMER}),
}
# formats a text file of that name may hold without a suffix of its own
BINARY = frozenset({PDF, PNG})

TEXT_FORMATS: tuple[str, ...] = tuple(FORMATS)  # text, latex, markdown, json, html
DOCUMENT_FORMATS: tuple[str, ...] = (*TEXT_FORMATS, PDF)
MACHINE_FORMATS: tuple[str, ...] = (*DOCUMENT_FORMATS, DOT, TIKZ)
FIGURE_FORMATS: tuple[str, ...] = (*DOCUMENT_FORMATS, PNG)
SLIDE_FORMATS: tuple[str, ...] = (*DOCUMENT_FORMATS, BEAMER)  # a report as slides too


def suffixes_of(formats: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s for s, f in SUFFIX_FORMATS.items() if f in formats)


def add_output_arguments(
    parser: argparse.ArgumentParser,
    formats: tuple[str, ...] = DOCUMENT_FORMATS,
    default: str = "text",
    *,
    output_help: str | None = None,
) -> None:
    """``--format/-f`` (default: from the suffix of ``-o``, else ``default``),
    ``--notation``, ``--output/-o`` and ``--fragment``."""
    suffixes = " ".join(suffixes_of(formats))
    add_format_arguments(
        parser,
        formats,
        default=None,
        default_help=f"from the suffix of -o FILE ({suffixes}), else {default}",
        output_help=output_help,
    )
    if LATEX in formats or TIKZ in formats:
        parser.add_argument(
            "--fragment",
            action="store_true",
            help="with -o FILE.tex: the LaTeX body alone, for \\input (default: a complete "
            "document that pdflatex compiles)",
        )
    parser.set_defaults(default_format=default, offered_formats=formats)


def output_format(
    args: argparse.Namespace, suffixes: dict[str, str] | None = None, default: str | None = None
) -> str:
    """The format asked for: ``--format``, else ``-o``'s suffix, else the default; checked
    against the suffix (exit status 2 when they disagree) before any work is done."""
    offered: tuple[str, ...] = getattr(args, "offered_formats", DOCUMENT_FORMATS)
    table = SUFFIX_FORMATS if suffixes is None else suffixes
    fallback = str(default or getattr(args, "default_format", "text"))
    path = getattr(args, "output", None)
    suffix = Path(path).suffix.lower() if path else ""
    chosen: str = args.format if args.format is not None else table.get(suffix, fallback)
    if path and suffix:
        check_suffix(path, chosen, offered, table)
    if chosen in BINARY and not path:
        raise UsageError(
            "--format", f"a {chosen.upper()} is written to a file: add -o FILE.{chosen}"
        )
    return chosen


def check_suffix(
    path: str,
    chosen: str,
    offered: tuple[str, ...],
    table: dict[str, str] | None = None,
    option: str = "--output",
) -> None:
    """``path``'s suffix agrees with ``chosen``, a format the command offers."""
    table = SUFFIX_FORMATS if table is None else table
    suffix = Path(path).suffix.lower()
    asked = table.get(suffix)
    writable = " ".join(s for s, f in table.items() if f in offered)
    if asked is None or asked not in offered:
        raise UsageError(
            option,
            f"cannot write a {suffix} file here; expected one of {writable} "
            "(or a name without a suffix)",
        )
    if chosen != asked and chosen not in ALSO_FITS.get(suffix, frozenset()):
        raise UsageError(
            option, f"{path} asks for {asked}, but --format is {chosen}: make them agree"
        )


@dataclass(frozen=True)
class Produced:
    """How to make each format of one value (the command's result)."""

    value: object
    title: str | None = None
    figure: bool = False  # a cropped figure (standalone class), PNG allowed
    machine: Callable[[], object] | None = None  # the machine for dot/tikz


def produce(what: Produced, chosen: str, args: argparse.Namespace) -> Output:
    """``what`` in the ``chosen`` format (see :func:`output_format`)."""
    from symlstm.render.document import figure_document, standalone

    notation: Notation = notation_of(args) if hasattr(args, "notation") else COURSE
    value = what.value

    def document() -> str:
        if what.figure:
            return figure_document(value, notation)
        return standalone(value, notation, what.title)

    if chosen == PDF:
        return pdf_output(document())
    if chosen == BEAMER:
        slides = render(value, BEAMER, notation)
        path = getattr(args, "output", None)
        if path and Path(str(path)).suffix.lower() == ".pdf":
            return pdf_output(slides)
        return Output(slides, format=LATEX)
    if chosen == PNG:
        if not what.figure:
            raise UsageError("--output", "a PNG holds one figure; this has pages: write .pdf")
        from symlstm.cli.pdf import compile_pdf, pdf_to_png, require_engine, require_rasteriser

        require_engine()
        require_rasteriser()
        return Output(pdf_to_png(compile_pdf(document())), format=PNG)
    if chosen in (DOT, TIKZ):
        machine = what.machine() if what.machine is not None else value
        if machine is None:
            raise UsageError("--format", f"there is no machine to write as {chosen}")
        from symlstm.render import dot as dot_format
        from symlstm.render import tikz as tikz_format

        printer = dot_format.render if chosen == DOT else tikz_format.render
        text = printer(machine, notation)
        path = getattr(args, "output", None)
        to_tex = bool(path) and Path(str(path)).suffix.lower() == ".tex"
        if chosen == TIKZ and to_tex and not getattr(args, "fragment", False):
            from symlstm.render.document import figure_wrap

            text = figure_wrap(text)
        return Output(text, format=chosen)
    if chosen == LATEX and getattr(args, "output", None) and not getattr(args, "fragment", False):
        return Output(document(), format=LATEX)
    return Output(render(value, chosen, notation), format=chosen)


def pdf_output(latex_document: str) -> Output:
    from symlstm.cli.pdf import compile_pdf, require_engine

    require_engine()
    return Output(compile_pdf(latex_document), format=PDF)


def rendered(value: object, args: argparse.Namespace, *, figure: bool = False) -> Output:
    """``value`` in the format asked for (a compiled PDF for ``pdf``)."""
    return produce(Produced(value, figure=figure), output_format(args), args)
