"""The render stage: a result becomes a document tree, and one writer per format prints it.

``render(value, format, notation)``: a worked solution, and any result with a builder in
:mod:`symlstm.render.build`, is built into a :class:`~symlstm.render.tree.Document` once
and printed by the format's writer (:mod:`symlstm.render.writers`); the few values with a
format of their own (equations, a solve trace, gaps, gates: the commands' own layouts) keep
it. :data:`FORMATS` names the formats.
"""

from __future__ import annotations

from collections.abc import Callable

from symlstm.errors import RenderError
from symlstm.render import html as html_format
from symlstm.render import json as json_format
from symlstm.render import latex as latex_format
from symlstm.render import markdown as markdown_format
from symlstm.render import text as text_format
from symlstm.render.notation import COURSE, NOTATIONS, Notation
from symlstm.render.writers.base import ASCII_FORMATS, ascii_minus

Renderer = Callable[[object, Notation], str]

# the values' own layouts (a command's terminal output, its JSON data), by format
OWN: dict[str, Callable[[type], bool]] = {
    "text": lambda t: text_format.render.dispatch(t) is not text_format.render.dispatch(object),
    "latex": lambda t: latex_format.render.dispatch(t) is not latex_format.render.dispatch(object),
    "markdown": lambda t: (
        markdown_format.render.dispatch(t) is not markdown_format.render.dispatch(object)
    ),
    "json": lambda t: json_format.to_data.dispatch(t) is not json_format.to_data.dispatch(object),
    "html": lambda t: html_format.fragment.dispatch(t) is not html_format.fragment.dispatch(object),
    "beamer": lambda t: False,
}
_OWN_RENDERERS: dict[str, Renderer] = {
    "text": text_format.render,
    "latex": latex_format.render,
    "markdown": markdown_format.render,
    "json": json_format.render,
    "html": html_format.render,
}


def _writer(format: str) -> Callable[..., str]:
    from symlstm.render.writers import WRITERS

    return WRITERS[format]


def _tree_renderer(format: str) -> Renderer:
    def renderer(value: object, notation: Notation) -> str:
        from symlstm.derivation import Derivation
        from symlstm.render.build import document_of, has_document
        from symlstm.render.tree import Document

        tree = isinstance(value, (Derivation, Document))
        if not tree and OWN[format](type(value)):
            return _OWN_RENDERERS[format](value, notation)
        if not tree and not has_document(value):
            raise RenderError(f"no {format} rendering of a {type(value).__name__}")
        return _writer(format)(document_of(value), notation)

    return renderer


FORMATS: dict[str, Renderer] = {
    name: _tree_renderer(name) for name in ("text", "latex", "markdown", "json", "html")
}
TREE_FORMATS = (*FORMATS, "beamer")


def render(value: object, format: str = "text", notation: Notation = COURSE) -> str:
    if format == "beamer":
        return _tree_renderer("beamer")(value, notation)
    try:
        renderer = FORMATS[format]
    except KeyError:
        raise RenderError(
            f"unknown format {format!r}; expected one of {', '.join(TREE_FORMATS)}"
        ) from None
    out = renderer(value, notation)
    return ascii_minus(out) if format in ASCII_FORMATS else out


__all__ = ["FORMATS", "NOTATIONS", "TREE_FORMATS", "Notation", "render"]
