"""Every export parsed back and its answers compared with the key; PrairieLearn's info.json
and element attributes validated against PrairieLearn's own published JSON schemas."""

from __future__ import annotations

import html.parser
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_runner import run_cli

from symlstm.exports import export
from symlstm.model import load_model, model_from_toml
from symlstm.variants.generate import VariantOptions, VariantSet, generate
from symlstm.variants.templates import parse_vary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "prairielearn"
MOODLE_FRACTIONS = {
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
}  # fmt: skip
CANVAS_TYPES = {
    "fill_in_multiple_blanks_question",
    "multiple_choice_question",
    "multiple_answers_question",
    "numerical_question",
}


TWO_UNITS = """
name = "two-units"
cell = "lstm"
hidden = 2
inputs = 1
alphabet = [0, 1]
[params]
W_fh = [[0, 0], [0, 0]]
W_fx = [[0], [0]]
b_f = [-100, -100]
W_ih = [[0, 0], [0, 0]]
W_ix = [[100], [100]]
b_i = [100, 100]
W_oh = [[0, 0], [0, 0]]
W_ox = [[100], [100]]
b_o = [0, 2]
W_ch = [[-100, 0], [0, -100]]
W_cx = [[50], [50]]
b_c = [0, 0]
"""


def _set(model: str, vary: list[str], count: int) -> VariantSet:
    m = model_from_toml(TWO_UNITS, "two-units.toml") if model == "two-units" else load_model(model)
    templates, lengths = parse_vary(m, vary)
    return generate(m, VariantOptions(count=count, seed=7, templates=templates, lengths=lengths))


@pytest.fixture(scope="module", params=["homework", "gating", "two-units"])
def variants(request: pytest.FixtureRequest) -> VariantSet:
    if request.param == "homework":
        return _set("homework", ["W_ch=-100:-10:10", "b_o=-2:3:1", "inputs=3:6"], 3)
    if request.param == "two-units":
        return _set("two-units", ["scale=1/2:2:1/2", "inputs=2:4"], 2)
    return _set("gating", ["W_sx=50:150:50", "b_g=-60:-40:10", "inputs=3:5"], 2)


def _key(value: VariantSet) -> dict[str, dict[str, Any]]:
    """The key as JSON: item name -> question data."""
    data = json.loads(export(value, "json").content)
    key = {}
    for variant in data["variants"]:
        for k, q in enumerate(variant["questions"]):
            key[f"{variant['id']}-q{k + 1}-{q['kind']}"] = q
    return key


def _expected(q: dict[str, Any]) -> Any:
    if q["kind"] == "states":
        flat = [v for a in q["answer"] for v in (a if isinstance(a, list) else [a])]
        return [str(v) for v in flat]
    if "choices" in q:
        return [c["correct"] for c in q["choices"]]
    return (Fraction(q["answer"]), Fraction(q["tolerance"]))


# ---------------------------------------------------------------------------- Moodle


def test_moodle_xml_reads_back_as_the_key(variants: VariantSet) -> None:
    key = _key(variants)
    quiz = ET.fromstring(export(variants, "moodle").content)
    assert quiz.tag == "quiz"
    found = {}
    for item in quiz.findall("question"):
        kind = item.get("type")
        if kind == "category":
            continue
        ident = item.findtext("idnumber")
        assert ident and item.findtext("name/text") and item.findtext("questiontext/text")
        text = item.findtext("questiontext/text") or ""
        if kind == "cloze":
            blanks = re.findall(r"\{1:NUMERICAL:=(-?[0-9]+):0\}", text)
            assert blanks, "a cloze question needs a sub-question"
            found[ident] = blanks
        elif kind == "multichoice":
            fractions = [a.get("fraction") or "" for a in item.findall("answer")]
            for f in fractions:
                assert f.lstrip("-") in MOODLE_FRACTIONS
            positive = sum(float(f) for f in fractions if float(f) > 0)
            assert abs(positive - 100) < 0.01
            if item.findtext("single") == "true":
                assert fractions.count("100") == 1
            found[ident] = [float(f) > 0 for f in fractions]
        else:
            assert kind == "numerical"
            answer = item.find("answer")
            assert answer is not None and answer.get("fraction") == "100"
            found[ident] = (
                Fraction(answer.findtext("text") or ""),
                Fraction(answer.findtext("tolerance") or ""),
            )
        assert "\\(" in text and "$" not in text  # Moodle's math delimiters
    assert found == {name: _expected(q) for name, q in key.items()}


# ---------------------------------------------------------------------------- QTI


def _canvas_answer(item: ET.Element, ns: str) -> Any:
    kind = item.find(f"{ns}itemmetadata/{ns}qtimetadata/{ns}qtimetadatafield/{ns}fieldentry")
    assert kind is not None and kind.text in CANVAS_TYPES
    condition = item.findall(f"{ns}resprocessing/{ns}respcondition")
    labels = [
        label.get("ident")
        for label in item.iter(f"{ns}response_label")
        if label.get("ident", "").startswith("choice")
    ]
    if kind.text == "fill_in_multiple_blanks_question":
        answers = []
        for lid in item.findall(f"{ns}presentation/{ns}response_lid"):
            label = lid.find(f"{ns}render_choice/{ns}response_label")
            assert label is not None
            answers.append(label.findtext(f"{ns}material/{ns}mattext"))
            refs = [c.findtext(f"{ns}conditionvar/{ns}varequal") for c in condition]
            assert label.get("ident") in refs
        return answers
    if kind.text == "multiple_choice_question":
        chosen = condition[0].findtext(f"{ns}conditionvar/{ns}varequal")
        return [label == chosen for label in labels]
    if kind.text == "multiple_answers_question":
        both = condition[0].find(f"{ns}conditionvar/{ns}and")
        assert both is not None
        right = {v.text for v in both.findall(f"{ns}varequal")}
        wrong = {v.text for v in both.findall(f"{ns}not/{ns}varequal")}
        assert right | wrong == set(labels) and not right & wrong
        return [label in right for label in labels]
    either = condition[0].find(f"{ns}conditionvar/{ns}or")
    assert either is not None
    exact = Fraction(either.findtext(f"{ns}varequal") or "")
    low = Fraction(either.findtext(f"{ns}and/{ns}vargte") or "")
    high = Fraction(either.findtext(f"{ns}and/{ns}varlte") or "")
    assert exact - low == high - exact
    return (exact, high - exact)


def test_qti_zip_reads_back_as_the_key(variants: VariantSet) -> None:
    key = _key(variants)
    archive = zipfile.ZipFile(io.BytesIO(export(variants, "qti").content))
    names = set(archive.namelist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    cp = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
    hrefs = [f.get("href") for f in manifest.iter(f"{cp}file")]
    assert hrefs and set(hrefs) | {"imsmanifest.xml"} == names
    ns = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    found = {}
    for href in hrefs:
        root = ET.fromstring(archive.read(str(href)))
        for item in root.iter(f"{ns}item"):
            found[item.get("ident")] = _canvas_answer(item, ns)
    assert found == {name: _expected(q) for name, q in key.items()}


# ---------------------------------------------------------------------------- PrairieLearn


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], str | None]] = []
        self.parents: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.startswith("pl-"):
            parent = self.parents[-1] if self.parents else None
            self.elements.append((tag, {k: v or "" for k, v in attrs}, parent))
            self.parents.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag.startswith("pl-"):
            assert self.parents.pop() == tag


def _schema(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())  # type: ignore[no-any-return]


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("boolean")
def _boolean(value: object) -> bool:
    return value in ("true", "false")


@FORMATS.checks("number")
def _number(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value) is not None


@FORMATS.checks("integer")
def _integer(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value) is not None


def _attribute_schema(tag: str, parent: str | None) -> dict[str, Any]:
    if tag == "pl-answer":
        return _schema(f"{parent}-pl-answer.json")
    return _schema(f"{tag}.json")


def test_prairielearn_folders_are_valid_and_read_back_as_the_key(
    variants: VariantSet, tmp_path: Path
) -> None:
    key = _key(variants)
    result = export(variants, "prairielearn")
    assert result.folder
    info_schema = _schema("infoQuestion.json")
    uuids = set()
    found: dict[str, Any] = {}
    files = dict(result.files)
    folders = sorted({name.split("/")[1] for name in files})
    for folder in folders:
        info = json.loads(files[f"questions/{folder}/info.json"])
        jsonschema.validate(info, info_schema, format_checker=FORMATS)
        uuids.add(info["uuid"])
        parser = _Elements()
        parser.feed(files[f"questions/{folder}/question.html"].decode())
        assert parser.parents == []
        inputs = []
        for tag, attributes, parent in parser.elements:
            if tag == "pl-question-panel":
                continue
            jsonschema.validate(attributes, _attribute_schema(tag, parent), format_checker=FORMATS)
            if tag == "pl-number-input":
                inputs.append(attributes)
        answers = [a for t, a, _ in parser.elements if t == "pl-answer"]
        if answers:
            found[folder] = [a["correct"] == "true" for a in answers]
        elif folder.endswith("-states"):
            assert all(a["atol"] == "0" and a["rtol"] == "0" for a in inputs)
            found[folder] = [a["correct-answer"] for a in inputs]
        else:
            (only,) = inputs
            found[folder] = (Fraction(only["correct-answer"]), Fraction(only["atol"]))
    assert len(uuids) == len(folders)
    assert found == {name: _expected(q) for name, q in key.items()}


def test_the_schema_check_rejects_a_bad_info_json() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"uuid": "not-a-uuid", "title": "t", "topic": "x", "type": "v3"},
            _schema("infoQuestion.json"),
            format_checker=FORMATS,
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"answers-name": "a", "tolerance": "1"}, _schema("pl-number-input.json")
        )


# ---------------------------------------------------------------------------- edX OLX


def test_olx_problems_read_back_as_the_key(variants: VariantSet) -> None:
    key = _key(variants)
    found: dict[str, Any] = {}
    for name, data in export(variants, "olx").files:
        assert name.startswith("problem/") and name.endswith(".xml")
        problem = ET.fromstring(data)
        assert problem.tag == "problem" and problem.get("display_name")
        numbers = problem.findall("numericalresponse")
        choices = problem.findall(".//choice")
        if choices:
            found[name[8:-4]] = [c.get("correct") == "true" for c in choices]
        elif name.endswith("-states.xml"):
            found[name[8:-4]] = [n.get("answer") for n in numbers]
        else:
            (only,) = numbers
            tolerance = only.find("responseparam")
            assert tolerance is not None and tolerance.get("type") == "tolerance"
            found[name[8:-4]] = (
                Fraction(only.get("answer") or ""),
                Fraction(tolerance.get("default") or ""),
            )
        assert "[mathjaxinline]" in ET.tostring(problem, "unicode")
    assert found == {n: _expected(q) for n, q in key.items()}


# ---------------------------------------------------------------------------- sheets


def test_key_and_sheet_in_markdown_and_html(variants: VariantSet) -> None:
    key = export(variants, "markdown", sheet="key").content.decode()
    student = export(variants, "markdown", sheet="student").content.decode()
    assert "Worked solution" in key and "Worked solution" not in student
    assert "Answer" in key and "Answer (" not in student
    for variant in variants.variants:
        assert variant.id in key and variant.id in student
    page = export(variants, "html", sheet="key").content.decode()
    assert page.startswith("<!DOCTYPE html>") and "<math" in page


def test_exports_are_byte_identical_for_the_same_seed() -> None:
    first = _set("homework", ["W_ch=-100:-10:10", "inputs=3:4"], 2)
    second = _set("homework", ["W_ch=-100:-10:10", "inputs=3:4"], 2)
    for name in ("json", "moodle", "qti", "prairielearn", "olx"):
        assert export(first, name).files == export(second, name).files


@pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"), reason="needs pdflatex"
)
def test_the_answer_key_compiles_to_pdf(tmp_path: Path) -> None:
    target = tmp_path / "key.pdf"
    run = run_cli(
        ["variants", "--count", "1", "--vary", "inputs=3", "-f", "pdf", "-o", str(target)]
    )
    assert run.status == 0, run.stderr
    assert target.read_bytes().startswith(b"%PDF")


def test_folder_output_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "pl"
    run = run_cli(["variants", "--count", "1", "-f", "prairielearn", "-o", str(target)])
    assert run.status == 0, run.stderr
    assert (target / "questions").is_dir()
    again = run_cli(["variants", "--count", "1", "-f", "olx", "-o", str(target)])
    assert again.status == 2 and "not an empty directory" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pl"]  # no temporary left behind
