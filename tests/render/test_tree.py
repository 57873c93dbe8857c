"""The document tree and its writers: every node type walks through every writer (a
writer that lacks one fails here), the tree is written from values (a cell's LaTeX from
its number, not from its text), and the Beamer slides compile and split long tables."""

from __future__ import annotations

import os
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from docutils import nodes

from symlstm.analysis.proof import prove
from symlstm.cli import main
from symlstm.equations import names, substituted_equations
from symlstm.equations.functions import sigmoid
from symlstm.model import load_model
from symlstm.render import tree
from symlstm.render.tree import BLOCK_TYPES, INLINE_TYPES
from symlstm.render.writers import WRITERS
from symlstm.render.writers.beamer import TABLE_ROWS
from symlstm.render.writers.docutils import write as docutils_write
from symlstm.render.writers.text import TextWriter

needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex is not installed (and CI is unset)",
)


def _every_node() -> tree.Document:
    model = load_model("homework")
    machine = prove(model).machine
    assert machine is not None
    h = names.timed("h", "t")
    equations = substituted_equations(model).equations
    inlines = (
        tree.Text("alphatext "),
        tree.Math(h),
        tree.Math(equations[0]),
        tree.Number("3.14159265358979323846", approximate=True),
        tree.Word(("wordsymbol", "1")),
        tree.Code("codetext --inputs 'a_b'"),
        tree.Verdict("proved"),
        tree.Strong("Label"),
        tree.Worked(sigmoid(names.timed("x", "t")), ((names.timed("x", "t"), "-7"),)),
        tree.ClosedForm(2, Fraction(-200)),
    )
    inner = tree.Section("Inner part", (tree.Note((tree.Text("notetext"),)),), "inner")
    return tree.Document(
        "Every node",
        (
            tree.Section(
                "Outer part",
                (
                    tree.Paragraph(inlines),
                    tree.Items(((tree.Text("bulletitem"),),)),
                    tree.Items(((tree.Text("numbereditem"),),), numbered=True),
                    tree.DisplayEquations(((equations[0],), (equations[1], equations[2]))),
                    tree.Chain(
                        h,
                        (
                            tree.Link("=", tree.Math(sympy.Integer(1))),
                            tree.Link("≈", tree.Number("0.5")),
                        ),
                        (tree.Text("chainremark"),),
                    ),
                    tree.Table(
                        ((tree.Math(h),), (tree.Text("words"),)),
                        (((tree.Number("-1"),), (tree.Text("cellword"),)),),
                        (True, False),
                    ),
                    tree.Figure(model.kind, "the unit"),
                    tree.Figure(machine, "the machine"),
                    tree.Attachment(
                        "m.dot", "text/vnd.graphviz", "digraph m { q0 -> q1 }", "a DOT file"
                    ),
                    inner,
                ),
                "outer",
                {"type": "MooreMachine", "value": machine},
            ),
        ),
    )


def _types(value: object, found: set[type]) -> None:
    found.add(type(value))
    for field in getattr(value, "__dataclass_fields__", {}):
        child = getattr(value, field)
        children = child if isinstance(child, tuple) else (child,)
        for c in children:
            for item in c if isinstance(c, tuple) else (c,):
                if type(item) in (*BLOCK_TYPES, *INLINE_TYPES, tree.Link):
                    _types(item, found)


def test_the_sample_uses_every_node_type() -> None:
    found: set[type] = set()
    _types(_every_node(), found)
    assert set(BLOCK_TYPES) | set(INLINE_TYPES) <= found


MARKERS = (
    "alphatext",
    "wordsymbol",
    "codetext",
    "proved",
    "Label",
    "bulletitem",
    "numbereditem",
    "chainremark",
    "cellword",
    "notetext",
    "Inner part",
    "Outer part",
)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_node_through_every_writer(fmt: str) -> None:
    out = WRITERS[fmt](_every_node())
    for marker in MARKERS:
        assert marker in out, (fmt, marker)
    assert "3.14159" in out  # the number's digits, in whatever markup


def test_every_node_through_the_docutils_writer() -> None:
    made = docutils_write(_every_node())
    text = "".join(n.astext() for n in made)
    for marker in MARKERS:
        assert marker in text, marker
    tree = nodes.container()
    tree += made
    assert list(tree.findall(nodes.math_block)) and list(tree.findall(nodes.table))
    assert {n["format"] for n in tree.findall(nodes.raw)} == {"latex", "html"}


def test_a_writer_without_a_node_type_fails_loudly() -> None:
    class Partial(TextWriter):
        chain = None  # type: ignore[assignment]

    with pytest.raises(TypeError, match="has no Chain"):
        Partial().document(_every_node())


def test_a_cell_in_latex_is_written_from_its_value() -> None:
    doc = tree.Document(
        "t", (tree.Table(((tree.Text("x"),),), (((tree.Number("-3.720075976e-44"),),),)),)
    )
    latex = WRITERS["latex"](doc)
    assert r"$-3.720075976 \cdot 10^{-44}$" in latex
    assert "e-44" not in latex


def test_markdown_carries_a_machine_drawing_as_dot() -> None:
    md = WRITERS["markdown"](_every_node())
    assert "```dot\ndigraph" in md


def test_beamer_splits_a_long_table_over_frames() -> None:
    rows = tuple(((tree.Number(str(k)),),) for k in range(3 * TABLE_ROWS))
    doc = tree.Document("t", (tree.Section("Long", (tree.Table(((tree.Text("k"),),), rows),)),))
    slides = WRITERS["beamer"](doc)
    assert slides.count(r"\begin{frame}") == 1 + 3  # the title, then three frames
    assert slides.count("Long (continued)") == 2


@needs_pdflatex
def test_the_beamer_slides_of_the_report_compile(tmp_path: Path) -> None:
    tex, pdf = tmp_path / "slides.tex", tmp_path / "slides.pdf"
    assert main(["report", "--format", "beamer", "-o", str(tex)]) == 0
    source = tex.read_text(encoding="utf-8")
    assert source.startswith(r"\documentclass[11pt,aspectratio=169]{beamer}")
    # a frame per step (and continuations), the title frame first
    assert source.count(r"\begin{frame}") >= 1 + 9
    assert main(["report", "--format", "beamer", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


@needs_pdflatex
def test_the_every_node_document_compiles_as_article_and_slides() -> None:
    from symlstm.cli.pdf import compile_pdf
    from symlstm.render.document import wrap

    doc = _every_node()
    assert compile_pdf(wrap(WRITERS["latex"](doc), doc.title)).startswith(b"%PDF")
    assert compile_pdf(WRITERS["beamer"](doc)).startswith(b"%PDF")


def test_a_one_line_math_block_has_no_alignment_mark() -> None:
    # MathJax (Sphinx's HTML) wraps only a block of several lines in an alignment
    h = names.timed("h", "t")
    chain = tree.Chain(h, (tree.Link("=", tree.Number("1")),))
    made = docutils_write(tree.Document("t", (chain,)))
    (block,) = [n for n in made if isinstance(n, nodes.math_block)]
    assert "&" not in block.astext() and "h_{t}" in block.astext()


def test_code_is_set_as_typed() -> None:
    """A command line a face adds keeps its double hyphen and straight quotes in LaTeX
    (TeX would make -- an en dash and ' a curly quote) and is code in Markdown and HTML."""
    doc = tree.Document("Code", (tree.Paragraph((tree.Code("solve --inputs '1,0' a_b"),)),))
    latex = WRITERS["latex"](doc)
    assert r"\texttt{solve -{}-{}inputs \textquotesingle{}1,0\textquotesingle{} a\_b}" in latex
    assert "`solve --inputs '1,0' a_b`" in WRITERS["markdown"](doc)
    assert "<code>solve --inputs &#x27;1,0&#x27; a_b</code>" in WRITERS["html"](doc)
    assert "solve --inputs '1,0' a_b" in WRITERS["text"](doc)
