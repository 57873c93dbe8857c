"""One writer per format, each walking the document tree (:mod:`symlstm.render.tree`):
text, LaTeX, Markdown, HTML, JSON, Beamer slides, and docutils nodes for Sphinx
(:mod:`symlstm.render.writers.docutils`, which needs docutils)."""

from __future__ import annotations

from collections.abc import Callable

from symlstm.render.writers import beamer, html, json, latex, markdown, text

WRITERS: dict[str, Callable[..., str]] = {
    "text": text.write,
    "latex": latex.write,
    "markdown": markdown.write,
    "html": html.write,
    "json": json.write,
    "beamer": beamer.write,
}
