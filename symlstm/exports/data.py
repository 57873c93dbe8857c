"""``variants --format json``: ``{"variants": [{"id", "params", "questions": […]}, …]}``.

Exact values are strings (``"-1/3"``, ``"0.762"``), answers of "states" integers; every
question carries its kind, title, prompt (plain text) and its verified answer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from symlstm.analysis.proof import machine_data
from symlstm.exports.common import Export, numeric_text, single
from symlstm.exports.markup import prose
from symlstm.variants.generate import Variant, VariantSet
from symlstm.variants.questions import (
    ChoiceQuestion,
    ConventionAnswer,
    NumericQuestion,
    Question,
    StatesQuestion,
    flat,
)


def exact(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def _inputs(word: Sequence[Sequence[Fraction]]) -> list[Any]:
    return [exact(x[0]) if len(x) == 1 else [exact(v) for v in x] for x in word]


def _conventions(runs: Sequence[ConventionAnswer]) -> dict[str, Any]:
    return {r.convention: {"answer": flat(r.answer), "verdict": r.verdict.value} for r in runs}


def question_data(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": question.kind.value,
        "title": question.title,
        "prompt": prose(question.prompt, "plain"),
    }
    if isinstance(question, StatesQuestion):
        data["inputs"] = _inputs(question.inputs)
        data["answer"] = flat(question.answer)
        data["conventions"] = _conventions(question.conventions)
        data["robust"] = question.robust
        data["issues"] = list(question.issues)
    elif isinstance(question, ChoiceQuestion):
        if question.inputs:
            data["inputs"] = _inputs(question.inputs)
        data["choices"] = []
        for c in question.choices:
            choice: dict[str, Any] = {
                "statement": prose(c.statement, "plain"),
                "correct": c.correct,
                "evidence": prose(c.evidence, "plain"),
            }
            if c.counterexample:
                choice["counterexample"] = [_inputs(w) for w in c.counterexample]
            data["choices"].append(choice)
        data["answer"] = list(question.correct)
    else:
        assert isinstance(question, NumericQuestion)
        data["answer"] = numeric_text(question)
        data["tolerance"] = exact(question.tolerance)
        if question.value:
            data["value"] = question.value
        if question.conventions:
            data["conventions"] = _conventions(question.conventions)
            data["robust"] = question.robust
            data["issues"] = list(question.issues)
        data["explanation"] = prose(question.explanation, "plain")
        if question.machine is not None:
            data["machine"] = {
                k: v for k, v in machine_data(question.machine).items() if k != "alphabet"
            }
    return data


def variant_data(variant: Variant) -> dict[str, Any]:
    return {
        "id": variant.id,
        "params": {name: exact(value) for name, value in variant.params},
        "robust": variant.robust,
        "questions": [question_data(q) for q in variant.questions],
    }


def variants_json(value: VariantSet) -> str:
    data = {"variants": [variant_data(v) for v in value.variants]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def export_json(value: VariantSet) -> Export:
    return single(variants_json(value))


__all__ = ["export_json", "question_data", "variant_data", "variants_json"]
