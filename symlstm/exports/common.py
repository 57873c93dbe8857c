"""What every export shares: the result type (one file, or a folder of files), the text of
a question (preamble and prompt), answers as text, and Moodle-style grade fractions."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from symlstm.equations import names
from symlstm.exports.markup import decimal, prose
from symlstm.variants.generate import Variant
from symlstm.variants.questions import (
    ChoiceQuestion,
    NumericQuestion,
    Question,
    StatesQuestion,
    model_prose,
)


@dataclass(frozen=True)
class Export:
    """An export: ``files`` as (relative path, bytes); ``folder`` False means exactly one
    file whose path is ``""`` (written to ``-o FILE`` or stdout)."""

    files: tuple[tuple[str, bytes], ...]
    folder: bool

    @property
    def content(self) -> bytes:
        assert not self.folder and len(self.files) == 1
        return self.files[0][1]


def single(content: str | bytes) -> Export:
    data = content.encode() if isinstance(content, str) else content
    return Export((("", data),), False)


def question_text(variant: Variant, question: Question, markup: str) -> tuple[str, str]:
    """(preamble, prompt) of a question in ``markup``."""
    return prose(model_prose(variant.model), markup), prose(question.prompt, markup)


def state_blanks(variant: Variant, question: StatesQuestion) -> list[tuple[sympy.Basic, int]]:
    """One blank per step and component of a "states" answer: (its symbol, the answer)."""
    out = variant.model.kind.output
    blanks: list[tuple[sympy.Basic, int]] = []
    for t, values in enumerate(question.answer):
        for j, value in enumerate(values):
            assert value is not None  # a states question always has a decided key
            component = j + 1 if len(values) > 1 else None
            blanks.append((names.timed(out, t, component), value))
    return blanks


def blank_name(symbol: sympy.Basic) -> str:
    """An identifier for a blank: ``h0``, ``h3_2``."""
    return str(symbol).replace("][", "_").replace("[", "").replace("]", "")


def numeric_text(question: NumericQuestion) -> str:
    return decimal(question.answer, question.places)


def single_answer(question: ChoiceQuestion) -> bool:
    """Exactly one true choice: a single-answer multiple-choice question."""
    return len(question.correct) == 1


def share(parts: int) -> Fraction:
    return Fraction(100, parts)


def moodle_fraction(value: Fraction) -> str:
    """A grade percentage as Moodle writes its allowed fractions (``33.33333``)."""
    text = f"{float(value):.5f}".rstrip("0").rstrip(".")
    return text or "0"


def item_name(variant: Variant, k: int, question: Question) -> str:
    return f"{variant.id}-q{k + 1}-{question.kind.value}"


__all__ = [
    "Export",
    "blank_name",
    "item_name",
    "moodle_fraction",
    "numeric_text",
    "question_text",
    "share",
    "single",
    "single_answer",
    "state_blanks",
]
