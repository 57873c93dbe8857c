"""Worked solutions (:class:`symlstm.derivation.Derivation`) in every format: the tree is
built once (:func:`symlstm.render.build.derivation_document`) and printed by each format's
writer (:mod:`symlstm.render.writers`). These functions name the common cases."""

from __future__ import annotations

from typing import Any

from symlstm.derivation import Derivation, ShownWork
from symlstm.render.build import derivation_document
from symlstm.render.notation import COURSE, Notation
from symlstm.render.tree import Document
from symlstm.render.writers import html, json, latex, markdown, text

__all__ = [
    "document",
    "html_fragment",
    "json_data",
    "latex_fragment",
    "markdown_report",
    "text_report",
]


def document(value: Derivation, work: ShownWork | None = None) -> Document:
    return derivation_document(value, work)


def text_report(value: Derivation, notation: Notation = COURSE) -> str:
    return text.write(document(value), notation)


def latex_fragment(value: Derivation, notation: Notation = COURSE) -> str:
    return latex.write(document(value), notation)


def markdown_report(value: Derivation, notation: Notation = COURSE) -> str:
    return markdown.write(document(value), notation)


def html_fragment(value: Derivation, notation: Notation = COURSE) -> str:
    return html.fragment(document(value), notation)


def json_data(value: Derivation, notation: Notation = COURSE) -> dict[str, Any]:
    data: dict[str, Any] = json.data(document(value), notation)
    return data
