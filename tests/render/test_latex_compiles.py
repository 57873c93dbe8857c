"""The LaTeX of every built-in model's equations compiles with a real engine (pdflatex).

Skipped only when pdflatex is missing and the environment variable ``CI`` is unset; in CI
a missing engine is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.model import builtin_names, load_model
from symlstm.render import NOTATIONS, render

PDFLATEX = shutil.which("pdflatex")
if PDFLATEX is None and not os.environ.get("CI"):
    pytest.skip("pdflatex is not installed (and CI is unset)", allow_module_level=True)

PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"


def compile_document(blocks: list[str], directory: Path) -> str:
    """Compile the blocks in a minimal amsmath document; return the log."""
    assert PDFLATEX is not None, "pdflatex is required in CI"
    source = directory / "equations.tex"
    source.write_text(PREAMBLE + "\n".join(blocks) + "\\end{document}\n", encoding="utf-8")
    result = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", source.name],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    log = (directory / "equations.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout[-3000:]
    assert (directory / "equations.pdf").stat().st_size > 0
    return log


@pytest.mark.parametrize("model_name", builtin_names())
def test_equations_of_builtin_model_compile(model_name: str, tmp_path: Path) -> None:
    model = load_model(model_name)
    forms = (
        general_equations(model.kind, model.name),
        substituted_equations(model),
        unrolled_equations(model, 3),
    )
    blocks = [render(form, "latex", notation) for form in forms for notation in NOTATIONS.values()]
    log = compile_document(blocks, tmp_path)
    assert "Undefined control sequence" not in log
    assert "Missing $ inserted" not in log


def test_a_broken_document_fails(tmp_path: Path) -> None:
    """The harness itself can fail: an undefined macro stops pdflatex."""
    with pytest.raises(AssertionError):
        compile_document(["\\begin{align*} a &= \\ext{sigmoid} \\end{align*}\n"], tmp_path)
