"""The render stage: one module per output format, each a pure function of a value.

``render(value, format, notation)`` looks the format up in :data:`FORMATS`; each format
module's ``render`` dispatches on the value's type (``functools.singledispatch``).
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

Renderer = Callable[[object, Notation], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "latex": latex_format.render,
    "markdown": markdown_format.render,
    "json": json_format.render,
    "html": html_format.render,
}


def render(value: object, format: str = "text", notation: Notation = COURSE) -> str:
    try:
        renderer = FORMATS[format]
    except KeyError:
        raise RenderError(
            f"unknown format {format!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    return renderer(value, notation)


# worked solutions: registers Derivation (and the renderers it needs) in every format
from symlstm.render import report as _report  # noqa: E402, F401

__all__ = ["FORMATS", "NOTATIONS", "Notation", "render"]
