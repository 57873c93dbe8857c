"""Moodle XML: "states" as a cloze question (one NUMERICAL blank per step, tolerance 0),
choices as multichoice (single when exactly one is true; otherwise each true choice
100/k %, each false one −100/w %), numbers as numerical with the key's tolerance. Math as
``\\( … \\)`` (MathJax / the TeX filter). One ``<quiz>`` file, a category per model."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from symlstm.exports.common import (
    Export,
    item_name,
    moodle_fraction,
    numeric_text,
    question_text,
    share,
    single,
    single_answer,
    state_blanks,
)
from symlstm.exports.data import exact
from symlstm.exports.markup import prose, symbol
from symlstm.variants.generate import Variant, VariantSet
from symlstm.variants.questions import (
    ChoiceQuestion,
    NumericQuestion,
    Question,
    StatesQuestion,
)

MARKUP = "moodle"


def _text(parent: ET.Element, tag: str, text: str, html: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = text
    return element


def _common(item: ET.Element, variant: Variant, k: int, question: Question, body: str) -> None:
    name = ET.SubElement(item, "name")
    ET.SubElement(name, "text").text = f"{item_name(variant, k, question)}: {question.title}"
    _text(item, "questiontext", body)
    ET.SubElement(item, "defaultgrade").text = "1"
    ET.SubElement(item, "penalty").text = "0"
    ET.SubElement(item, "hidden").text = "0"
    ET.SubElement(item, "idnumber").text = item_name(variant, k, question)


def _states(variant: Variant, k: int, question: StatesQuestion) -> ET.Element:
    preamble, prompt = question_text(variant, question, MARKUP)
    blanks = [
        f"{symbol(name, MARKUP)} = {{1:NUMERICAL:={value}:0}}"
        for name, value in state_blanks(variant, question)
    ]
    body = f"<p>{preamble}</p><p>{prompt}</p><p>" + "<br/>".join(blanks) + "</p>"
    item = ET.Element("question", {"type": "cloze"})
    _common(item, variant, k, question, body)
    return item


def _choices(variant: Variant, k: int, question: ChoiceQuestion) -> ET.Element:
    preamble, prompt = question_text(variant, question, MARKUP)
    item = ET.Element("question", {"type": "multichoice"})
    _common(item, variant, k, question, f"<p>{preamble}</p><p>{prompt}</p>")
    one = single_answer(question)
    ET.SubElement(item, "single").text = "true" if one else "false"
    ET.SubElement(item, "shuffleanswers").text = "false"
    ET.SubElement(item, "answernumbering").text = "abc"
    right = len(question.correct)
    wrong = len(question.choices) - right
    for choice in question.choices:
        if choice.correct:
            fraction = moodle_fraction(share(right))
        else:
            fraction = "0" if one or wrong == 0 else "-" + moodle_fraction(share(wrong))
        answer = ET.SubElement(item, "answer", {"fraction": fraction, "format": "html"})
        ET.SubElement(answer, "text").text = prose(choice.statement, MARKUP)
        _text(answer, "feedback", prose(choice.evidence, MARKUP))
    return item


def _numeric(variant: Variant, k: int, question: NumericQuestion) -> ET.Element:
    preamble, prompt = question_text(variant, question, MARKUP)
    item = ET.Element("question", {"type": "numerical"})
    _common(item, variant, k, question, f"<p>{preamble}</p><p>{prompt}</p>")
    answer = ET.SubElement(item, "answer", {"fraction": "100", "format": "moodle_auto_format"})
    ET.SubElement(answer, "text").text = numeric_text(question)
    ET.SubElement(answer, "tolerance").text = exact_decimal(question)
    _text(answer, "feedback", prose(question.explanation, MARKUP))
    ET.SubElement(item, "unitgradingtype").text = "0"
    ET.SubElement(item, "showunits").text = "3"
    return item


def exact_decimal(question: NumericQuestion) -> str:
    """The tolerance as a decimal (it is 10^-places, or 0)."""
    tolerance = question.tolerance
    if tolerance == 0:
        return "0"
    text = f"{float(tolerance):.{question.places}f}"
    assert exact(tolerance) and float(text) == float(tolerance)
    return text


def moodle_xml(value: VariantSet) -> str:
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    ET.SubElement(
        ET.SubElement(category, "category"), "text"
    ).text = f"$course$/top/symlstm/{value.model.name}"
    for variant in value.variants:
        for k, question in enumerate(variant.questions):
            if isinstance(question, StatesQuestion):
                quiz.append(_states(variant, k, question))
            elif isinstance(question, ChoiceQuestion):
                quiz.append(_choices(variant, k, question))
            else:
                quiz.append(_numeric(variant, k, question))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, "unicode") + "\n"


def export_moodle(value: VariantSet) -> Export:
    return single(moodle_xml(value))


__all__ = ["export_moodle", "moodle_xml"]
