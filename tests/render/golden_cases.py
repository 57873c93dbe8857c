"""The whole documents kept as golden files in ``tests/golden/`` (one producer per file):
the equations of the built-in models, and the homework's worked solution (``symlstm
report``) in text, Markdown, LaTeX, HTML, JSON and Beamer slides (``report-homework.*``).

Regenerate them after an intended change of output, from the checkout's root::

    python -m tests.regenerate_golden

and review the difference with ``git diff tests/golden`` before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from symlstm.derivation import Derivation, derive
from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.model import builtin_names, load_model
from symlstm.render import NOTATIONS, render

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
UNROLL_STEPS = 3


def _equations(model_name: str, form: str, fmt: str, notation: str = "course") -> Callable[[], str]:
    def make() -> str:
        model = load_model(model_name)
        if form == "general":
            equations = general_equations(model.kind, model.name)
        elif form == "substituted":
            equations = substituted_equations(model)
        else:
            equations = unrolled_equations(model, UNROLL_STEPS)
        return render(equations, fmt, NOTATIONS[notation])

    return make


def _cases() -> dict[str, Callable[[], str]]:
    cases: dict[str, Callable[[], str]] = {}
    for name in builtin_names():
        for form in ("general", "substituted", "unrolled"):
            cases[f"equations-{name}-{form}.tex"] = _equations(name, form, "latex")
    for form in ("general", "substituted", "unrolled"):
        cases[f"equations-homework-{form}.md"] = _equations("homework", form, "markdown")
        cases[f"equations-homework-{form}.txt"] = _equations("homework", form, "text")
    cases["equations-homework-unrolled.json"] = _equations("homework", "unrolled", "json")
    cases["equations-homework-general-pytorch.tex"] = _equations(
        "homework", "general", "latex", "pytorch"
    )
    cases["equations-gating-general-pytorch.txt"] = _equations(
        "gating", "general", "text", "pytorch"
    )
    return cases


REPORT_FORMATS = {
    "txt": "text",
    "md": "markdown",
    "tex": "latex",
    "html": "html",
    "json": "json",
    "beamer.tex": "beamer",
}


@cache
def homework_derivation() -> Derivation:
    """The homework's worked solution (``symlstm report``), derived once per session."""
    return derive(load_model("homework"))


def _report(fmt: str) -> Callable[[], str]:
    def make() -> str:
        return render(homework_derivation(), fmt, NOTATIONS["course"])

    return make


def _report_cases() -> dict[str, Callable[[], str]]:
    return {f"report-homework.{suffix}": _report(fmt) for suffix, fmt in REPORT_FORMATS.items()}


CASES = {**_cases(), **_report_cases()}
