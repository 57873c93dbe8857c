"""Prose in each platform's markup: text escaped for HTML or LaTeX, math in the platform's
own delimiters (Moodle and Canvas ``\\( … \\)``, PrairieLearn and Markdown ``$ … $``, edX
``[mathjaxinline] … [/mathjaxinline]``, the HTML sheet MathML, LaTeX ``\\( … \\)``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy

from symlstm.derivation import Prose
from symlstm.render import mathml
from symlstm.render.latex_escape import escape_text
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import latex as expr_latex
from symlstm.render.printers import text as expr_text


@dataclass(frozen=True)
class Markup:
    """How one platform writes text and inline math."""

    name: str
    text: Callable[[str], str]
    math: Callable[[str], str]  # from LaTeX
    mathml: bool = False  # math as MathML (from the expression) instead


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


MARKUPS: dict[str, Markup] = {
    m.name: m
    for m in (
        Markup("plain", lambda t: t, lambda m: m),
        Markup("moodle", _html_text, lambda m: _html_text(rf"\({m}\)")),
        Markup("qti", _html_text, lambda m: _html_text(rf"\({m}\)")),
        Markup("prairielearn", _html_text, lambda m: _html_text(f"${m}$")),
        # OLX text goes into XML elements, which escape it themselves
        Markup("olx", lambda t: t, lambda m: f"[mathjaxinline]{m}[/mathjaxinline]"),
        Markup("markdown", lambda t: t.replace("$", r"\$"), lambda m: f"${m}$"),
        Markup("html", _html_text, lambda m: m, mathml=True),
        Markup("latex", escape_text, lambda m: rf"\({m}\)"),
    )
}


def prose(parts: Prose, markup: str, notation: Notation = COURSE) -> str:
    """``parts`` written in ``markup`` (text parts escaped, math in its delimiters)."""
    return "".join(_part(part, markup, notation) for part in parts)


@lru_cache(maxsize=65536)  # variants repeat the same parameters and symbols many times
def _part(part: str | sympy.Basic, markup: str, notation: Notation) -> str:
    chosen = MARKUPS[markup]
    if isinstance(part, str):
        return chosen.text(part)
    if markup == "plain":
        return expr_text(part, notation)
    if chosen.mathml:
        return mathml.math(mathml.expression(part, notation))
    return chosen.math(expr_latex(part, notation))


def decimal(value: Fraction, places: int) -> str:
    """An exact decimal with ``places`` places: ``0.762``, ``-1``, ``3.000``."""
    scale = 10**places
    scaled = value * scale
    if scaled.denominator != 1:
        raise ValueError(f"{value} has more than {places} decimal places")
    n = int(scaled)
    sign = "-" if n < 0 else ""
    digits = str(abs(n)).rjust(places + 1, "0")
    if places == 0:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def symbol(name: sympy.Basic, markup: str) -> str:
    return prose((name,), markup)


__all__ = ["MARKUPS", "Markup", "decimal", "prose", "symbol"]
