"""The whole documents kept as golden files in ``tests/golden/`` (one producer per file):
the equations of the built-in models, the homework's worked solution (``symlstm
report``) in text, Markdown, LaTeX, HTML, JSON and Beamer slides (``report-homework.*``),
and what ``prove``, ``explain``, ``table`` and ``analyze`` print, from the document tree
(``command-*``; without the run's duration and the command line's own hints).

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


def _command(what: str, model_name: str, fmt: str) -> Callable[[], str]:
    def make() -> str:
        from symlstm.analysis.explain import explain
        from symlstm.analysis.proof import prove
        from symlstm.analysis.summary import Analysis, check_conventions
        from symlstm.analysis.table import transition_table
        from symlstm.numbers.rounding import CONVENTIONS

        model = load_model(model_name)
        value: object
        if what == "table":
            value = transition_table(model, CONVENTIONS["nearest"])
        else:
            proof = prove(model)
            if what == "prove":
                value = proof
            elif what == "explain":
                assert proof.machine is not None
                value = explain(proof.machine, model.name)
            else:
                assert proof.machine is not None
                value = Analysis(
                    model.name,
                    proof,
                    explain(proof.machine, model.name),
                    transition_table(model, CONVENTIONS["saturate"]),
                    check_conventions(model, proof, proof.budget),
                )
        return render(value, fmt, NOTATIONS["course"])

    return make


COMMAND_CASES: dict[str, Callable[[], str]] = {
    "command-prove-homework.txt": _command("prove", "homework", "text"),
    "command-prove-homework.md": _command("prove", "homework", "markdown"),
    "command-prove-gating.txt": _command("prove", "gating", "text"),
    "command-explain-homework.txt": _command("explain", "homework", "text"),
    "command-table-homework.txt": _command("table", "homework", "text"),
    "command-analyze-homework.txt": _command("analyze", "homework", "text"),
    "command-analyze-homework.json": _command("analyze", "homework", "json"),
}

CASES = {**_cases(), **_report_cases(), **COMMAND_CASES}
