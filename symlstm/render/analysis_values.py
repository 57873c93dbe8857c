"""JSON data for the analysis stage's values (proofs, machines, explanations, tables).

Registered in :mod:`symlstm.render.json`; every other format prints these values from the
document tree (:mod:`symlstm.render.build`).
"""

from __future__ import annotations

from typing import Any

from symlstm.analysis.automaton import word_text
from symlstm.analysis.explain import Explanation
from symlstm.analysis.proof import ProofResult, machine_data
from symlstm.analysis.summary import Analysis
from symlstm.analysis.table import TransitionTable
from symlstm.model import format_number
from symlstm.render.reasons import reason_data
from symlstm.render.reasons import word_text as _word


def proof_data(value: ProofResult) -> dict[str, Any]:
    return {
        "model": value.model_name,
        "verdict": value.verdict.value,
        "horizon": str(value.horizon) if value.horizon is not None else None,
        "reason": reason_data(value.reason, value.alphabet),
        "machine": machine_data(value.machine) if value.machine is not None else None,
        "exhausted": value.exhausted.value,
        "word": _word(value.alphabet, value.word) if value.word is not None else None,
        "word_length": len(value.word) if value.word is not None else None,
        "evidence": [
            {"bounds": [list(b) for b in e.bounds], "rounded": list(e.rounded)}
            for e in value.evidence
        ],
        "claimed": [list(c) for c in value.claimed],
        "growth": {g.component: [{"t": t, "value": v} for t, v in g.samples] for g in value.growth},
        "boxes": value.boxes,
        "transitions": value.transitions,
        "budget": {
            "max_states": value.budget.max_states,
            "max_seconds": value.budget.max_seconds,
            "bits": value.budget.bits,
            "digits": value.budget.digits,
        },
        # whether the independent checker re-verified the certificate (Rechecked)
        "rechecked": value.rechecked.value,
        # the first attempt's precision, when the proof was made again at a finer one
        "raised_from": None
        if value.raised_from is None
        else {"bits": value.raised_from.bits, "digits": value.raised_from.digits},
    }


def explanation_data(value: Explanation) -> dict[str, Any]:
    alphabet = value.machine.alphabet
    items = []
    for c in value.comparisons:
        item: dict[str, Any] = {
            "name": c.name,
            "description": c.description,
            "relation": c.relation.value,
            "course_statement": c.course_statement,
            "output_map": [[list(a), list(b)] for a, b in c.output_map],
        }
        if c.witness is not None:
            item["counterexample"] = {
                "words": [
                    word_text(alphabet, c.witness.first),
                    word_text(alphabet, c.witness.second),
                ],
                "output": list(c.witness.cell_output),
                "values": [list(c.witness.first_value), list(c.witness.second_value)],
            }
        items.append(item)
    return {"model": value.model_name, "carried": list(value.carried), "properties": items}


def analysis_data(value: Analysis, table: Any) -> dict[str, Any]:
    proof = value.proof
    return {
        "model": value.model_name,
        "verdict": proof.verdict.value,
        "machine": machine_data(proof.machine) if proof.machine is not None else None,
        "certificate": value.certificate_path,
        "proof": proof_data(proof),
        "conventions": [
            {
                "convention": c.convention,
                "verdict": c.verdict.value,
                "reason": reason_data(c.reason, proof.alphabet),
                "word": _word(proof.alphabet, c.word) if c.word is not None else None,
                "exact": list(c.exact),
                "table": list(c.table),
            }
            for c in value.conventions
        ],
        "explanation": explanation_data(value.explanation) if value.explanation else None,
        "table": table,
    }


# ---------------------------------------------------------------------------- the table


def _vector(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def table_data(value: TransitionTable, piecewise: list[str]) -> dict[str, Any]:
    model = value.model
    return {
        "model": model.name,
        "convention": value.convention.name,
        "output": value.output,
        "states": [list(s) for s in value.states],
        "depends_on_carried": value.depends_on_carried,
        "digits": value.digits,
        "rows": [
            {
                "state": list(row.state),
                "input": [format_number(v) for v in model.alphabet[row.symbol]],
                "carried": {name: list(v) for name, v in row.carried},
                "activations": [
                    {
                        "function": a.function,
                        "argument": a.argument,
                        "component": a.component,
                        "z": a.z,
                        "exact": a.exact,
                        "used": a.used,
                        "saturated": a.saturated,
                        "gap": a.gap,
                        "margin": a.margin,
                    }
                    for a in row.activations
                ],
                "new_state": {name: list(v) for name, v in row.new_state},
                "output": list(row.output),
                "rounded": list(row.rounded),
                "ties": list(row.ties),
            }
            for row in value.rows
        ],
        "machine": machine_data(value.machine()),
        "piecewise": piecewise,
    }
