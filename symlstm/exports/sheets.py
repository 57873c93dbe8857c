"""The student sheet and the answer key of a set of variants, in Markdown, HTML and LaTeX
(compiled to PDF by the command line). The key gives every answer, the verdict of each
stated rounding convention against the exact cell, the evidence of every choice (a
counterexample for each wrong statement) and the variant's whole worked solution, written
by the existing worked-solution printers (:mod:`symlstm.render.report`)."""

from __future__ import annotations

from collections.abc import Callable

from symlstm.derivation import derive, fraction_inputs
from symlstm.exports.common import Export, numeric_text, question_text, single, state_blanks
from symlstm.exports.markup import prose, symbol
from symlstm.model import Question as ModelQuestion
from symlstm.render import html as html_format
from symlstm.render.document import wrap
from symlstm.render.latex_escape import escape_text
from symlstm.render.notation import COURSE
from symlstm.render.report import html_fragment, latex_fragment, markdown_report
from symlstm.variants.generate import Variant, VariantSet
from symlstm.variants.questions import (
    ChoiceQuestion,
    NumericQuestion,
    Question,
    StatesQuestion,
    flat,
)


class _Writer:
    """The few constructs a sheet needs, in one format."""

    def __init__(
        self,
        markup: str,
        heading: Callable[[int, str], str],
        paragraph: Callable[[str], str],
        items: Callable[[list[str]], str],
        worked: Callable[[Variant], str],
    ) -> None:
        self.markup = markup
        self.heading = heading
        self.paragraph = paragraph
        self.items = items
        self.worked = worked


def _derivation(variant: Variant):  # type: ignore[no-untyped-def]
    asked = [
        ModelQuestion(q.title, fraction_inputs(q.inputs))
        for q in variant.questions
        if isinstance(q, StatesQuestion)
    ]
    first = next((q for q in variant.questions if isinstance(q, StatesQuestion)), None)
    convention = first.conventions[0].convention if first and first.conventions else "saturate"
    return derive(variant.model, questions=asked, convention=convention, digits=12)


def _html_text(text: str) -> str:
    return html_format.escape(text)


WRITERS: dict[str, _Writer] = {
    "markdown": _Writer(
        "markdown",
        lambda level, text: "#" * level + " " + text + "\n",
        lambda text: text + "\n",
        lambda items: "".join(f"{k}. {item}\n" for k, item in enumerate(items, 1)),
        lambda v: _demote(markdown_report(_derivation(v), COURSE)),
    ),
    "html": _Writer(
        "html",
        lambda level, text: f"<h{level}>{text}</h{level}>",
        lambda text: f"<p>{text}</p>",
        lambda items: "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>",
        lambda v: html_fragment(_derivation(v), COURSE),
    ),
    "latex": _Writer(
        "latex",
        lambda level, text: ("\\section*{" if level <= 2 else "\\subsection*{") + text + "}\n",
        lambda text: text + "\n",
        lambda items: (
            "\\begin{enumerate}\n" + "".join(f"\\item {i}\n" for i in items) + "\\end{enumerate}\n"
        ),
        lambda v: latex_fragment(_derivation(v), COURSE),
    ),
}


def _demote(markdown: str) -> str:
    return "\n".join("##" + line if line.startswith("#") else line for line in markdown.split("\n"))


def _plain(writer: _Writer, text: str) -> str:
    if writer.markup == "latex":
        return escape_text(text)
    if writer.markup == "html":
        return _html_text(text)
    return text


def _answer_lines(writer: _Writer, variant: Variant, question: Question) -> list[str]:
    m = writer.markup
    if isinstance(question, StatesQuestion):
        values = ", ".join(f"{symbol(n, m)} = {v}" for n, v in state_blanks(variant, question))
        verdicts = "; ".join(
            f"{c.convention}: {flat(c.answer)} ({c.verdict.value})" for c in question.conventions
        )
        return [
            writer.paragraph(_plain(writer, "Answer (the exact cell, rounded): ") + values),
            writer.paragraph(_plain(writer, "Verified: " + verdicts)),
        ]
    if isinstance(question, ChoiceQuestion):
        lines = []
        for k, choice in enumerate(question.choices, 1):
            mark = "true" if choice.correct else "false"
            evidence = prose(choice.evidence, m)
            lines.append(f"({k}) {_plain(writer, mark)}" + (f": {evidence}" if evidence else ""))
        return [writer.items(lines)]
    assert isinstance(question, NumericQuestion)
    tolerance = f" (accepted within ± {question.tolerance})" if question.tolerance else ""
    return [
        writer.paragraph(_plain(writer, f"Answer: {numeric_text(question)}{tolerance}")),
        writer.paragraph(prose(question.explanation, m)),
    ]


def sheet(value: VariantSet, markup: str, *, key: bool) -> str:
    writer = WRITERS[markup]
    title = f"{value.model.name}: {'answer key' if key else 'homework'}"
    parts: list[str] = []
    if markup != "html":
        parts.append(writer.heading(1, _plain(writer, title)))
    for variant in value.variants:
        parts.append(writer.heading(2, _plain(writer, f"Variant {variant.id}")))
        for k, question in enumerate(variant.questions, 1):
            preamble, prompt = question_text(variant, question, markup)
            parts.append(writer.heading(3, _plain(writer, f"{k}. {question.title}")))
            if k == 1:
                parts.append(writer.paragraph(preamble))
            parts.append(writer.paragraph(prompt))
            if isinstance(question, ChoiceQuestion):
                parts.append(writer.items([prose(c.statement, markup) for c in question.choices]))
            if key:
                parts += _answer_lines(writer, variant, question)
        if key:
            parts.append(writer.heading(3, _plain(writer, "Worked solution")))
            parts.append(writer.worked(variant))
    body = "\n".join(parts)
    if markup == "html":
        return html_format.page(body, title)
    if markup == "latex":
        return wrap(body)
    return body


def export_sheet(value: VariantSet, markup: str, *, key: bool) -> Export:
    return single(sheet(value, markup, key=key))


__all__ = ["export_sheet", "sheet"]
