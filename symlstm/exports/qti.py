"""IMS QTI 1.2 for Canvas: a zip of ``imsmanifest.xml`` and one assessment per variant.

Canvas's question types: "states" as ``fill_in_multiple_blanks_question`` (one blank
``[h_t]`` per step, the answer text matched exactly), choices as
``multiple_choice_question`` (exactly one true) or ``multiple_answers_question``, numbers
as ``numerical_question`` (exact answer or within the tolerance). Math as ``\\( … \\)``.
The zip's entries have a fixed date, so the bytes depend only on the variants.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from symlstm.exports.common import (
    Export,
    blank_name,
    item_name,
    numeric_text,
    question_text,
    single,
    single_answer,
    state_blanks,
)
from symlstm.exports.markup import decimal, prose
from symlstm.variants.generate import Variant, VariantSet
from symlstm.variants.questions import (
    ChoiceQuestion,
    NumericQuestion,
    Question,
    StatesQuestion,
)

MARKUP = "qti"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, html: str) -> None:
    ET.SubElement(
        ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}
    ).text = html


def _score(condition: ET.Element, value: str, action: str = "Set") -> None:
    ET.SubElement(condition, "setvar", {"action": action, "varname": "SCORE"}).text = value


def _item(variant: Variant, k: int, question: Question, kind: str) -> tuple[ET.Element, ET.Element]:
    item = ET.Element("item", {"ident": item_name(variant, k, question), "title": question.title})
    _metadata(item, {"question_type": kind, "points_possible": "1"})
    return item, ET.SubElement(item, "presentation")


def _outcomes(item: ET.Element) -> ET.Element:
    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(
        ET.SubElement(processing, "outcomes"),
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    return processing


def _states(variant: Variant, k: int, question: StatesQuestion) -> ET.Element:
    item, presentation = _item(variant, k, question, "fill_in_multiple_blanks_question")
    preamble, prompt = question_text(variant, question, MARKUP)
    blanks = state_blanks(variant, question)
    prompts = " ".join(f"{prose((name,), MARKUP)} = [{blank_name(name)}]" for name, _ in blanks)
    _material(presentation, f"<p>{preamble}</p><p>{prompt}</p><p>{prompts}</p>")
    processing = _outcomes(item)
    for name, value in blanks:
        blank = blank_name(name)
        ident = f"response_{blank}"
        lid = ET.SubElement(presentation, "response_lid", {"ident": ident})
        _material(lid, blank)
        labels = ET.SubElement(lid, "render_choice")
        label = ET.SubElement(labels, "response_label", {"ident": f"{ident}_answer"})
        _material(label, str(value))
        condition = ET.SubElement(processing, "respcondition")
        test = ET.SubElement(condition, "conditionvar")
        ET.SubElement(test, "varequal", {"respident": ident}).text = f"{ident}_answer"
        _score(condition, decimal_share(len(blanks)), "Add")
    return item


def decimal_share(parts: int) -> str:
    return f"{100 / parts:.2f}"


def _choices(variant: Variant, k: int, question: ChoiceQuestion) -> ET.Element:
    one = single_answer(question)
    kind = "multiple_choice_question" if one else "multiple_answers_question"
    item, presentation = _item(variant, k, question, kind)
    preamble, prompt = question_text(variant, question, MARKUP)
    _material(presentation, f"<p>{preamble}</p><p>{prompt}</p>")
    lid = ET.SubElement(
        presentation,
        "response_lid",
        {"ident": "response1", "rcardinality": "Single" if one else "Multiple"},
    )
    render = ET.SubElement(lid, "render_choice")
    for c, choice in enumerate(question.choices):
        label = ET.SubElement(render, "response_label", {"ident": f"choice{c}"})
        _material(label, prose(choice.statement, MARKUP))
    processing = _outcomes(item)
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    test = ET.SubElement(condition, "conditionvar")
    if one:
        ET.SubElement(
            test, "varequal", {"respident": "response1"}
        ).text = f"choice{question.correct[0]}"
    else:
        both = ET.SubElement(test, "and")
        for c, choice in enumerate(question.choices):
            parent = both if choice.correct else ET.SubElement(both, "not")
            ET.SubElement(parent, "varequal", {"respident": "response1"}).text = f"choice{c}"
    _score(condition, "100")
    return item


def _numeric(variant: Variant, k: int, question: NumericQuestion) -> ET.Element:
    item, presentation = _item(variant, k, question, "numerical_question")
    preamble, prompt = question_text(variant, question, MARKUP)
    _material(presentation, f"<p>{preamble}</p><p>{prompt}</p>")
    response = ET.SubElement(
        presentation, "response_str", {"ident": "response1", "rcardinality": "Single"}
    )
    ET.SubElement(
        ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}),
        "response_label",
        {"ident": "answer1"},
    )
    processing = _outcomes(item)
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    either = ET.SubElement(ET.SubElement(condition, "conditionvar"), "or")
    ET.SubElement(either, "varequal", {"respident": "response1"}).text = numeric_text(question)
    within = ET.SubElement(either, "and")
    places = question.places
    ET.SubElement(within, "vargte", {"respident": "response1"}).text = decimal(
        question.answer - question.tolerance, places
    )
    ET.SubElement(within, "varlte", {"respident": "response1"}).text = decimal(
        question.answer + question.tolerance, places
    )
    _score(condition, "100")
    return item


def assessment_xml(variant: Variant) -> str:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(root, "assessment", {"ident": variant.id, "title": variant.id})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for k, question in enumerate(variant.questions):
        if isinstance(question, StatesQuestion):
            section.append(_states(variant, k, question))
        elif isinstance(question, ChoiceQuestion):
            section.append(_choices(variant, k, question))
        else:
            section.append(_numeric(variant, k, question))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def manifest_xml(value: VariantSet) -> str:
    root = ET.Element("manifest", {"identifier": f"symlstm-{value.model.name}", "xmlns": CP_NS})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for variant in value.variants:
        resource = ET.SubElement(
            resources, "resource", {"identifier": variant.id, "type": "imsqti_xmlv1p2"}
        )
        ET.SubElement(resource, "file", {"href": f"{variant.id}/{variant.id}.xml"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def qti_zip(value: VariantSet) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [("imsmanifest.xml", manifest_xml(value))]
        entries += [(f"{v.id}/{v.id}.xml", assessment_xml(v)) for v in value.variants]
        for name, text in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text)
    return buffer.getvalue()


def export_qti(value: VariantSet) -> Export:
    return single(qti_zip(value))


__all__ = ["assessment_xml", "export_qti", "manifest_xml", "qti_zip"]
