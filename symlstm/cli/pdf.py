"""Compiling a LaTeX document to PDF with a real engine (a face: it runs programs).

The engine runs in a fresh temporary directory, with shell escape off, in non-stop mode,
halting on the first error, under a time limit. ``pdflatex`` runs once: symlstm's documents
hold no cross-references (measured: one pdflatex pass 0.4 s, ``latexmk -pdf`` 2.6 s for the
same document); only a document with a table longer than a page (a ``longtable``, whose
column widths settle on the next pass: the log asks to rerun) is compiled again.
``SOURCE_DATE_EPOCH`` is fixed so the same source gives the same PDF bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from symlstm.errors import RenderError, UsageError

TIMEOUT_SECONDS = 120.0
INSTALL_HINT = (
    "install one, e.g. `apt-get install texlive-latex-extra texlive-pictures` "
    "(Debian/Ubuntu), or write .tex instead"
)
ENGINE_FLAGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error")


@dataclass(frozen=True)
class Engine:
    name: str
    command: tuple[str, ...]  # the program and its flags, before the file name


def _engines() -> tuple[Engine, ...]:
    """The engines in order of preference, as data."""
    return (Engine("pdflatex", ("pdflatex", *ENGINE_FLAGS)),)


def find_engine() -> Engine | None:
    for engine in _engines():
        if shutil.which(engine.command[0]) is not None:
            return engine
    return None


def require_engine(option: str = "--output") -> Engine:
    engine = find_engine()
    if engine is None:
        raise UsageError(option, f"writing a PDF needs a LaTeX engine (pdflatex); {INSTALL_HINT}")
    return engine


def _first_error(log: str) -> str:
    """The first ``! …`` line of a TeX log and the ``l.N`` line that follows it."""
    lines = log.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("!"):
            where = next((x.split(" ", 1)[0] for x in lines[k : k + 12] if x.startswith("l.")), "")
            return line[1:].strip() + (f" (input {where})" if where else "")
    return "no error message in the log"


PASSES = 3  # at most: a long table (longtable) sets its column widths on a second pass
RERUN = "Rerun LaTeX"  # what longtable writes to the log when the widths changed


def compile_pdf(
    source: str, *, engine: Engine | None = None, timeout: float = TIMEOUT_SECONDS
) -> bytes:
    """The PDF of a LaTeX document, or :class:`RenderError` with the engine's first error."""
    chosen = engine or require_engine()
    environment = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(prefix="symlstm-tex-") as directory:
        folder = Path(directory)
        (folder / "document.tex").write_text(source, encoding="utf-8")
        log = folder / "document.log"
        for _ in range(PASSES):
            try:
                finished = subprocess.run(
                    [*chosen.command, "document.tex"],
                    cwd=folder,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise RenderError(f"{chosen.name} did not finish within {timeout:g} s") from None
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            if finished.returncode != 0 or RERUN not in text:
                break
        pdf = folder / "document.pdf"
        # -halt-on-error: an error ends the run with a nonzero status. (Not a log line that
        # starts with "!": the log wraps an overfull box's text at 79 columns, and a "!" of
        # the document's own text can begin a line.)
        if finished.returncode != 0 or not pdf.exists():
            raise RenderError(f"{chosen.name} failed: {_first_error(text)}")
        data = pdf.read_bytes()
        if not data:
            raise RenderError(f"{chosen.name} produced no pages: the document is empty")
        return data


RASTERISER = "pdftoppm"
RASTER_DPI = 200
RASTER_HINT = "install poppler, e.g. `apt-get install poppler-utils`, or write .pdf or .svg"


def require_rasteriser(option: str = "--output") -> str:
    """The PDF-to-PNG program (poppler's ``pdftoppm``), or a usage error saying how to get
    it."""
    program = shutil.which(RASTERISER)
    if program is None:
        raise UsageError(option, f"writing a PNG needs {RASTERISER}; {RASTER_HINT}")
    return program


def pdf_to_png(pdf: bytes, *, dpi: int = RASTER_DPI, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The first page of a PDF (a cropped figure) as PNG bytes, at ``dpi``."""
    program = require_rasteriser()
    with tempfile.TemporaryDirectory(prefix="symlstm-png-") as directory:
        folder = Path(directory)
        (folder / "figure.pdf").write_bytes(pdf)
        try:
            finished = subprocess.run(
                [program, "-png", "-r", str(dpi), "-singlefile", "figure.pdf", "figure"],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"{RASTERISER} did not finish within {timeout:g} s") from None
        png = folder / "figure.png"
        if finished.returncode != 0 or not png.exists():
            message = finished.stderr.decode(errors="replace").strip().splitlines()
            raise RenderError(f"{RASTERISER} failed: {message[0] if message else 'no output'}")
        return png.read_bytes()
