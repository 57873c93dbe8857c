"""A LaTeX table longer than a page breaks across pages (a ``longtable`` with its header
repeated) instead of running off the bottom of one: every row is in the PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from symlstm.render import tree
from symlstm.render.document import wrap
from symlstm.render.writers import WRITERS
from symlstm.render.writers.latex import LONG_TABLE_ROWS

needs_pdflatex = pytest.mark.skipif(
    (shutil.which("pdflatex") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("CI"),
    reason="pdflatex or pdftotext is not installed (and CI is unset)",
)


def _document(rows: int) -> tree.Document:
    header: tuple[tree.Cell, ...] = ((tree.Text("row"),), (tree.Text("value"),))
    body = tuple(((tree.Text(f"row{k:03d}"),), (tree.Number(f"0.{k:03d}25"),)) for k in range(rows))
    return tree.Document("A long table", (tree.Table(header, body, (False, True)),))


def test_a_short_table_stays_one_box_a_long_one_is_a_longtable() -> None:
    short = WRITERS["latex"](_document(LONG_TABLE_ROWS))
    assert "\\begin{tabular}" in short and "longtable" not in short
    long = WRITERS["latex"](_document(LONG_TABLE_ROWS + 1))
    assert "\\begin{longtable}" in long and "\\sbox0" not in long
    assert "\\endhead" in long  # the header is repeated on every page


@needs_pdflatex
def test_a_table_of_200_rows_breaks_across_pages_and_keeps_every_row(tmp_path: Path) -> None:
    from symlstm.cli.pdf import compile_pdf

    doc = _document(200)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(compile_pdf(wrap(WRITERS["latex"](doc), doc.title)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert pages >= 4
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(f"row{k:03d}" in text for k in range(200))
    assert text.count("value") >= pages  # the header on every page
