"""JSON: everything, with a stable key order and exact numbers as strings."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

import sympy

from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.explain import Explanation
from symlstm.analysis.proof import ProofResult, machine_data
from symlstm.analysis.summary import Analysis
from symlstm.analysis.table import TransitionTable
from symlstm.derivation import MachineSummary, QuestionWork, ShownWork, TermComparison
from symlstm.equations import Equation, EquationSet
from symlstm.equations.gates import GateSemantics
from symlstm.model import format_number
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import ConventionResult
from symlstm.render import analysis_values as analysed
from symlstm.render import values as solved
from symlstm.render.json_writer import dumps
from symlstm.render.notation import Notation
from symlstm.render.printers import equation_latex
from symlstm.render.printers import latex as expr_latex
from symlstm.render.printers import text as expr_text


@singledispatch
def to_data(value: object, notation: Notation) -> Any:
    raise TypeError(f"no JSON renderer for {type(value).__name__}")


def render(value: object, notation: Notation) -> str:
    # json.dumps(…, indent=2, ensure_ascii=False), byte for byte, faster (json_writer.py)
    return dumps(to_data(value, notation)) + "\n"


def _equation(e: Equation, notation: Notation) -> dict[str, Any]:
    return {
        "name": e.name,
        "role": e.role.value if e.role else "shared",
        "lhs": expr_text(e.lhs, notation),
        "rhs": expr_text(e.rhs, notation),
        "relation": e.relation.value,
        "latex": " ".join(equation_latex(e, notation)),
        "sympy": sympy.srepr(e.rhs),
    }


@to_data.register
def _(value: EquationSet, notation: Notation) -> Any:
    return {
        "model": value.model_name,
        "cell": value.kind.name,
        "form": value.form.value,
        "steps": value.steps,
        "notation": notation.name,
        "shared": [_equation(e, notation) for e in value.shared],
        "equations": [_equation(e, notation) for e in value.equations],
    }


@to_data.register
def _(value: ConventionResult, notation: Notation) -> Any:
    return solved.solve_data(value)


@to_data.register
def _(value: ProofResult, notation: Notation) -> Any:
    return analysed.proof_data(value)


@to_data.register
def _(value: Explanation, notation: Notation) -> Any:
    return analysed.explanation_data(value)


@to_data.register
def _(value: Analysis, notation: Notation) -> Any:
    table = to_data(value.table, notation) if value.table is not None else None
    return analysed.analysis_data(value, table)


@to_data.register
def _(value: GapReport, notation: Notation) -> Any:
    return solved.gap_data(value)


@to_data.register
def _(value: GateSemantics, notation: Notation) -> Any:
    return {
        "model": value.model_name,
        "cell": value.kind.name,
        "equations": [_equation(e, notation) for e in value.equations],
        "cases": [
            {
                "gates": {g: v for g, v in case.gates},
                "quantity": case.quantity,
                "role": case.role.value,
                "after": _equation(case.after, notation),
                "keeps_previous": case.keeps_previous,
                "vanishes": case.vanishes,
            }
            for case in value.cases
        ],
    }


@to_data.register
def _(value: TransitionTable, notation: Notation) -> Any:
    pieces = [expr_latex(p, notation) for p in value.piecewise()]
    return analysed.table_data(value, pieces)


@to_data.register
def _(value: MooreMachine, notation: Notation) -> Any:
    return machine_data(value)


@to_data.register
def _(value: TermComparison, notation: Notation) -> Any:
    return {
        "unit": value.unit,
        "state": value.state,
        "holds": value.holds,
        "rows": [
            {
                "state": list(r.state),
                "input": [format_number(v) for v in r.symbol],
                "recurrent": [format_number(v) for v in r.recurrent],
                "rest": [format_number(v) for v in r.rest],
                "dominant": list(r.dominant),
            }
            for r in value.rows
        ],
    }


@to_data.register
def _(value: QuestionWork, notation: Notation) -> Any:
    q = value.question
    return {
        "title": q.title,
        "inputs": [[format_number(v) for v in x] for x in q.inputs],
        "expected": list(q.expected) if q.expected is not None else None,
        "answer": value.result.flat_answer(),
        "matches_expected": value.matches,
        "result": solved.solve_data(value.result),
        "exact": solved.solve_data(value.exact),
        "other_conventions": [
            {
                "convention": o.convention.name,
                "answer": o.flat_answer(),
                "verdict": o.verdict.value,
            }
            for o in value.others
        ],
    }


@to_data.register
def _(value: MachineSummary, notation: Notation) -> Any:
    data = to_data(value.proof, notation)
    data["summary"] = {
        "states": value.machine.size,
        "transitions": value.transitions,
        "outputs": value.outputs,
        "components": value.components,
        "closed_components": value.closed_components,
        "shown": [value.machine.states[q] for q in value.shown],
    }
    return data


@to_data.register
def _(value: ShownWork, notation: Notation) -> Any:
    from symlstm.render.tree import Worked
    from symlstm.render.writers.base import TEXT_STYLE, worked

    lines = []
    for w in value.lines:
        numbers = {**dict(w.values), **{s: format_number(v) for s, v in w.weights}}
        lines.append(
            {
                "quantity": str(w.quantity),
                "symbols": expr_text(w.symbols, notation),
                "numbers": worked(Worked(w.numbers, tuple(numbers.items())), notation, TEXT_STYLE),
                "argument": w.argument,
                "value": w.value,
                "relation": w.relation,
                "saturation": w.saturation,
            }
        )
    return {
        "model": value.model_name,
        "convention": value.convention,
        "t": value.t,
        "x": value.x,
        "lines": lines,
    }
