"""The LaTeX of `solve`, `gaps` and `gates` compiles with pdflatex.

Skipped only when pdflatex is missing and the environment variable ``CI`` is unset.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from symlstm.equations.gates import gate_semantics
from symlstm.model import builtin_model
from symlstm.numbers.gaps import activation_gaps
from symlstm.numbers.rounding import CONVENTIONS, check_convention
from symlstm.render import render

PDFLATEX = shutil.which("pdflatex")
if PDFLATEX is None and not os.environ.get("CI"):
    pytest.skip("pdflatex is not installed (and CI is unset)", allow_module_level=True)


def test_solve_gaps_gates_latex_compiles(tmp_path: Path) -> None:
    assert PDFLATEX is not None, "pdflatex is required in CI"
    homework = builtin_model("homework")
    blocks = [
        render(check_convention(homework, CONVENTIONS[name], [0, 0, 1, 1, 1, 0], 12), "latex")
        for name in CONVENTIONS
    ]
    blocks.append(render(activation_gaps(homework, 20, inputs=[1, 0]), "latex"))
    for name in ("homework", "gating", "rnn"):
        model = builtin_model(name)
        blocks.append(render(gate_semantics(model.kind, model.name), "latex"))
    source = tmp_path / "values.tex"
    source.write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[margin=1cm,"
        "landscape]{geometry}\n\\begin{document}\n" + "\n\n".join(blocks) + "\\end{document}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    log = (tmp_path / "values.log").read_text(encoding="utf-8", errors="replace")
    assert "Undefined control sequence" not in log
