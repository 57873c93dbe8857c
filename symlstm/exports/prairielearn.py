"""PrairieLearn question folders: ``questions/<variant>-q<k>-<kind>/info.json`` (valid
against PrairieLearn's ``infoQuestion`` schema; a UUID derived from the variant and the
question, so the same variant always gets the same one) and ``question.html`` with the
parameters baked in: ``pl-number-input`` per step of "states" and for numbers (``atol``
the key's tolerance), ``pl-multiple-choice`` when exactly one choice is true, otherwise
``pl-checkbox``. Math as ``$ … $`` (PrairieLearn's MathJax)."""

from __future__ import annotations

import html
import json
import uuid

from symlstm.exports.common import (
    Export,
    blank_name,
    item_name,
    numeric_text,
    question_text,
    single_answer,
    state_blanks,
)
from symlstm.exports.markup import prose, symbol
from symlstm.variants.generate import Variant, VariantSet
from symlstm.variants.questions import (
    ChoiceQuestion,
    NumericQuestion,
    Question,
    StatesQuestion,
)

MARKUP = "prairielearn"
NAMESPACE = uuid.UUID("7d1c0f5e-3b55-5d3e-9a43-2f2c1c6b5a10")
TOPIC = "Recurrent neural networks"


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in values.items())


def info_json(variant: Variant, k: int, question: Question) -> str:
    name = item_name(variant, k, question)
    data = {
        "uuid": str(uuid.uuid5(NAMESPACE, name)),
        "title": f"{question.title} ({variant.id})",
        "topic": TOPIC,
        "tags": ["symlstm", question.kind.value],
        "type": "v3",
        "singleVariant": True,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _number_input(name: str, answer: str, atol: str, label: str) -> str:
    attributes = {
        "answers-name": name,
        "correct-answer": answer,
        "comparison": "relabs",
        "rtol": "0",
        "atol": atol,
        "label": label,
    }
    return f"<pl-number-input{_attributes(attributes)}></pl-number-input>\n"


def question_html(variant: Variant, question: Question) -> str:
    preamble, prompt = question_text(variant, question, MARKUP)
    lines = [
        "<pl-question-panel>",
        f"<p>{preamble}</p>",
        f"<p>{prompt}</p>",
        "</pl-question-panel>",
    ]
    if isinstance(question, StatesQuestion):
        for name, value in state_blanks(variant, question):
            label = symbol(name, MARKUP) + " ="
            lines.append(_number_input(blank_name(name), str(value), "0", label).rstrip("\n"))
    elif isinstance(question, ChoiceQuestion):
        tag = "pl-multiple-choice" if single_answer(question) else "pl-checkbox"
        lines.append(f'<{tag} answers-name="choice" order="fixed">')
        for choice in question.choices:
            correct = "true" if choice.correct else "false"
            lines.append(
                f'  <pl-answer correct="{correct}">{prose(choice.statement, MARKUP)}</pl-answer>'
            )
        lines.append(f"</{tag}>")
    else:
        assert isinstance(question, NumericQuestion)
        tolerance = question.tolerance
        atol = "0" if tolerance == 0 else f"{float(tolerance):.{question.places}f}"
        lines.append(_number_input("answer", numeric_text(question), atol, "answer =").rstrip("\n"))
    return "\n".join(lines) + "\n"


def export_prairielearn(value: VariantSet) -> Export:
    files: list[tuple[str, bytes]] = []
    for variant in value.variants:
        for k, question in enumerate(variant.questions):
            folder = f"questions/{item_name(variant, k, question)}"
            files.append((f"{folder}/info.json", info_json(variant, k, question).encode()))
            files.append((f"{folder}/question.html", question_html(variant, question).encode()))
    return Export(tuple(files), True)


__all__ = ["export_prairielearn", "info_json", "question_html"]
