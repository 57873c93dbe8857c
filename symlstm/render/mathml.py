"""Presentation MathML in a notation: SymPy's MathML printer with symlstm's symbols.

Browsers (Chromium, Firefox, Safari) draw presentation MathML natively, so an HTML page
shows the equations with no script and no network. Symbols are written from the
notation's LaTeX (``h_{t-1}``, ``W^{f,h}``) through :mod:`symlstm.render.mathtext`, so
every format shows the same notation; terms and factors keep the course's order.
"""

from __future__ import annotations

import re
from typing import Any, cast
from xml.dom.minidom import Document, Element

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter

from symlstm.model.numbers import format_fraction
from symlstm.render.mathtext import Run, runs
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import _ordered_add, _ordered_mul

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[^\W\d_][\u0300-\u036f]*|[\u00a0\u2003\u2005\u2009]+|.")
_SPACE_EM = {"\u00a0": 0.3, "\u2009": 0.17, "\u2005": 0.25, "\u2003": 1.0}


def _token(dom: Document, text: str, italic: bool) -> Element:
    if text[0] in _SPACE_EM:
        space = dom.createElement("mspace")
        space.setAttribute("width", f"{sum(_SPACE_EM[c] for c in text):g}em")
        return space
    if text[0].isdigit():
        tag = "mn"
    elif text[0].isalpha():
        tag = "mi"
    else:
        tag = "mo"
    element = dom.createElement(tag)
    if tag == "mi" and not italic and len(text.rstrip("\u0303\u0302\u0304")) == 1:
        element.setAttribute("mathvariant", "normal")
    element.appendChild(dom.createTextNode(text))
    return element


def _tokens(dom: Document, run: Run) -> list[Element]:
    if not run.italic and run.text.isalpha() and len(run.text) > 1:
        word = dom.createElement("mi")  # a function name: one upright identifier
        word.appendChild(dom.createTextNode(run.text))
        return [word]
    return [_token(dom, piece, run.italic) for piece in _TOKEN.findall(run.text)]


def _row(dom: Document, elements: list[Element]) -> Element:
    if len(elements) == 1:
        return elements[0]
    row = dom.createElement("mrow")
    for element in elements:
        row.appendChild(element)
    return row


def latex_to_mathml(dom: Document, latex: str) -> Element:
    """A MathML element for a symbol-sized LaTeX string (``W^{f,h}``, ``h_{t-1}``)."""
    items: list[Element] = []
    below: list[Element] = []
    above: list[Element] = []

    def attach() -> None:
        if not below and not above:
            return
        base = items.pop() if items else dom.createElement("mrow")
        tag = "msubsup" if below and above else ("msub" if below else "msup")
        script = dom.createElement(tag)
        script.appendChild(base)
        for part in (below, above):
            if part:
                script.appendChild(_row(dom, list(part)))
        items.append(script)
        below.clear()
        above.clear()

    for run in runs(latex):
        if run.level == 0:
            attach()
            items.extend(_tokens(dom, run))
        else:
            (below if run.level < 0 else above).extend(_tokens(dom, run))
    attach()
    return _row(dom, items) if items else dom.createElement("mrow")


class NotationMathMLPrinter(MathMLPresentationPrinter):
    """SymPy's presentation MathML printer, speaking a notation."""

    def __init__(self, notation: Notation = COURSE, **settings: Any) -> None:
        super().__init__({"order": "old", **settings})
        self.notation = notation

    def _element(self, tag: str) -> Element:
        return cast(Element, self.dom.createElement(tag))

    def _print_Symbol(self, sym: sympy.Symbol, style: str = "plain") -> Element:
        return latex_to_mathml(self.dom, self.notation.symbol_latex(sym.name))

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> Element:
        return cast(Element, super()._print_Add(_ordered_add(expr), order="none"))

    def _print_Mul(self, expr: sympy.Mul) -> Element:
        return cast(Element, super()._print_Mul(_ordered_mul(expr)))

    def _print_Integer(self, expr: sympy.Integer) -> Element:
        mantissa, e, exponent = format_fraction(abs(int(expr)), 1).partition("e")
        number = self._element("mn")
        number.appendChild(self.dom.createTextNode(mantissa))
        if e:  # an exact M·10^K (10^5000 is not written as 5001 digits)
            power = self._element("msup")
            for text in ("10", exponent):
                digits = self._element("mn")
                digits.appendChild(self.dom.createTextNode(text))
                power.appendChild(digits)
            scaled = self._element("mrow")
            if mantissa != "1":
                dot = self._element("mo")
                dot.appendChild(self.dom.createTextNode("·"))
                scaled.appendChild(number)
                scaled.appendChild(dot)
            scaled.appendChild(power)
            number = scaled
        if expr >= 0:
            return number
        row = self._element("mrow")
        minus = self._element("mo")
        minus.appendChild(self.dom.createTextNode("-"))
        row.appendChild(minus)
        row.appendChild(number)
        return row

    def _apply(self, name: Element, argument: sympy.Expr) -> Element:
        row = self._element("mrow")
        space = self._element("mspace")  # the thin space TeX puts before an operator name
        space.setAttribute("width", "0.17em")
        row.appendChild(space)
        row.appendChild(name)
        row.appendChild(self._paren_comma_separated(argument))
        return row

    def _print_sigmoid(self, expr: sympy.Expr) -> Element:
        name = latex_to_mathml(self.dom, self.notation.sigmoid_latex)
        return self._apply(name, expr.args[0])

    def _print_tanh(self, expr: sympy.Expr) -> Element:
        name = self._element("mi")
        name.appendChild(self.dom.createTextNode("tanh"))
        return self._apply(name, expr.args[0])

    def _print_Hadamard(self, expr: sympy.Expr) -> Element:
        row = self._element("mrow")
        left, right = expr.args
        row.appendChild(self._factor(left))
        operator = latex_to_mathml(self.dom, self.notation.odot_latex)
        row.appendChild(operator)
        row.appendChild(self._factor(right))
        return row

    def _factor(self, arg: sympy.Expr) -> Element:
        if isinstance(arg, sympy.Add):
            return cast(Element, self._paren_comma_separated(arg))
        return cast(Element, self._print(arg))


# SymPy writes a few characters as entities that only HTML knows; XML needs characters
_ENTITIES = {
    "&InvisibleTimes;": "\u2062",
    "&ApplyFunction;": "\u2061",
    "<mo>-</mo>": "<mo>\u2212</mo>",
    # browsers' operator dictionary pads fences; the course's typesetting does not
    "<mo>(</mo>": '<mo stretchy="false" lspace="0em" rspace="0em">(</mo>',
    "<mo>)</mo>": '<mo stretchy="false" lspace="0em" rspace="0em">)</mo>',
}


def _characters(xml: str) -> str:
    for entity, character in _ENTITIES.items():
        xml = xml.replace(entity, character)
    return xml


def expression(expr: sympy.Basic, notation: Notation = COURSE) -> str:
    """An expression as a MathML fragment (an ``mrow`` or a token), without ``<math>``."""
    printer = NotationMathMLPrinter(notation)
    return _characters(str(printer._print(expr).toxml()))


def symbol(latex: str) -> str:
    """A notation's symbol (LaTeX source) as a MathML fragment."""
    return str(latex_to_mathml(Document(), latex).toxml())


def math(fragment: str, display: bool = False) -> str:
    mode = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{mode}>{fragment}</math>'
