"""edX OLX problems: ``problem/<variant>-q<k>-<kind>.xml``, one ``<problem>`` each.

"states" and numbers as ``numericalresponse`` (tolerance as ``responseparam``; one per
step), choices as ``multiplechoiceresponse`` (exactly one true) or ``choiceresponse`` with
a ``checkboxgroup``; the worked answer in ``<solution>``. Math as
``[mathjaxinline] … [/mathjaxinline]``."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from symlstm.exports.common import (
    Export,
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

MARKUP = "olx"


def _paragraph(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "p").text = text


def _numerical(parent: ET.Element, answer: str, tolerance: str, label: str) -> None:
    response = ET.SubElement(parent, "numericalresponse", {"answer": answer})
    ET.SubElement(response, "label").text = label
    ET.SubElement(response, "responseparam", {"type": "tolerance", "default": tolerance})
    ET.SubElement(response, "formulaequationinput")


def problem_xml(variant: Variant, k: int, question: Question) -> str:
    problem = ET.Element(
        "problem", {"display_name": f"{question.title} ({variant.id})", "max_attempts": "3"}
    )
    preamble, prompt = question_text(variant, question, MARKUP)
    _paragraph(problem, preamble)
    _paragraph(problem, prompt)
    solution: list[str] = []
    if isinstance(question, StatesQuestion):
        for name, value in state_blanks(variant, question):
            _numerical(problem, str(value), "0", symbol(name, MARKUP) + " =")
        solution.append(
            "Verified against the exact cell under "
            + ", ".join(f"{c.convention} ({c.verdict.value})" for c in question.conventions)
            + "."
        )
    elif isinstance(question, ChoiceQuestion):
        one = single_answer(question)
        response = ET.SubElement(problem, "multiplechoiceresponse" if one else "choiceresponse")
        ET.SubElement(response, "label").text = question.title
        group = ET.SubElement(
            response,
            "choicegroup" if one else "checkboxgroup",
            {"type": "MultipleChoice"} if one else {},
        )
        for choice in question.choices:
            element = ET.SubElement(
                group, "choice", {"correct": "true" if choice.correct else "false"}
            )
            element.text = prose(choice.statement, MARKUP)
            if choice.evidence:
                solution.append(
                    prose(choice.statement, MARKUP) + ": " + prose(choice.evidence, MARKUP)
                )
    else:
        assert isinstance(question, NumericQuestion)
        tolerance = question.tolerance
        text = "0" if tolerance == 0 else f"{float(tolerance):.{question.places}f}"
        _numerical(problem, numeric_text(question), text, question.title)
        solution.append(prose(question.explanation, MARKUP))
    block = ET.SubElement(ET.SubElement(problem, "solution"), "div", {"class": "detailed-solution"})
    _paragraph(block, "Explanation")
    for line in solution:
        _paragraph(block, line)
    ET.indent(problem)
    return ET.tostring(problem, "unicode") + "\n"


def export_olx(value: VariantSet) -> Export:
    files = []
    for variant in value.variants:
        for k, question in enumerate(variant.questions):
            name = item_name(variant, k, question)
            files.append((f"problem/{name}.xml", problem_xml(variant, k, question).encode()))
    return Export(tuple(files), True)


__all__ = ["export_olx", "problem_xml"]
