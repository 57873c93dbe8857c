"""What every writer shares: dispatch on the node's type (a table, so a writer that lacks
a node type fails loudly), and the substituted forms of a worked step (:class:`Worked`),
written in a style given as data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import sympy

from symlstm.equations import Equation, names
from symlstm.equations.functions import Hadamard, sigmoid, tanh
from symlstm.model import format_number
from symlstm.model.numbers import format_fraction
from symlstm.render import tree
from symlstm.render.latex_escape import TIMED_ASCII
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import equation_text
from symlstm.render.printers import text as expr_text

Out = TypeVar("Out")

BLOCK_METHODS: dict[type, str] = {
    tree.Section: "section",
    tree.Paragraph: "paragraph",
    tree.Note: "note",
    tree.Items: "items",
    tree.DisplayEquations: "equations",
    tree.Chain: "chain",
    tree.Table: "table",
    tree.Figure: "figure",
    tree.Attachment: "attachment",
}
INLINE_METHODS: dict[type, str] = {
    tree.Text: "text",
    tree.Math: "math",
    tree.Number: "number",
    tree.Word: "word",
    tree.Code: "code",
    tree.Verdict: "verdict",
    tree.Strong: "strong",
    tree.Worked: "worked",
    tree.ClosedForm: "closed",
}


class Writer(Generic[Out]):
    """A format's writer: one method per node type, named in :data:`BLOCK_METHODS` and
    :data:`INLINE_METHODS`."""

    format_name = "?"

    def __init__(self, notation: Notation = COURSE) -> None:
        self.notation = notation
        self.depth = 0  # sections entered

    def block(self, node: object) -> Out:
        method = BLOCK_METHODS.get(type(node))
        function: Callable[[object], Out] | None = getattr(self, method, None) if method else None
        if function is None:
            raise TypeError(f"the {self.format_name} writer has no {type(node).__name__}")
        return function(node)

    def inline(self, node: object) -> Out:
        method = INLINE_METHODS.get(type(node))
        function: Callable[[object], Out] | None = getattr(self, method, None) if method else None
        if function is None:
            raise TypeError(f"the {self.format_name} writer has no {type(node).__name__}")
        return function(node)

    def document(self, node: tree.Document) -> Out:
        raise NotImplementedError


ASCII_FORMATS = ("text", "markdown", "json")


def ascii_minus(text: str) -> str:
    """Text, Markdown and JSON carry the ASCII hyphen-minus for every minus sign (what a
    reader copies into Python or a calculator); LaTeX and HTML set a real minus."""
    return text.replace("\u2212", "-")


def timed_pieces(text: str) -> list[str | sympy.Symbol]:
    """``text`` split at the ASCII ``h_t``/``h_(t-1)`` it holds (a model's description, a
    convention's), those as the symbols each writer typesets like the rest of its math."""
    pieces: list[str | sympy.Symbol] = []
    position = 0
    for match in TIMED_ASCII.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(names.timed(match.group(1), "t" if match.group(2) == "t" else "t-1"))
        position = match.end()
    pieces.append(text[position:])
    return [p for p in pieces if not isinstance(p, str) or p]


def plain(parts: Sequence[tree.Inline], notation: Notation = COURSE) -> str:
    """Inline parts as plain Unicode (a width estimate, an HTML attribute)."""
    out = []
    for p in parts:
        if isinstance(p, tree.Text | tree.Strong):
            out.append(p.text)
        elif isinstance(p, tree.Math):
            e = p.expr
            out.append(
                equation_text(e, notation) if isinstance(e, Equation) else expr_text(e, notation)
            )
        elif isinstance(p, tree.Number):
            out.append(("≈ " if p.approximate else "") + p.text)
        elif isinstance(p, tree.Word):
            out.append(", ".join(p.symbols))
        elif isinstance(p, tree.Code):
            out.append(p.text)
        elif isinstance(p, tree.Verdict):
            out.append(p.word)
        elif isinstance(p, tree.Worked):
            out.append(worked(p, notation, TEXT_STYLE))
        elif isinstance(p, tree.ClosedForm):
            out.append(closed_text(p))
    return "".join(out)


# ---------------------------------------------------------------------------- worked forms


@dataclass(frozen=True)
class WorkStyle:
    """How a substituted form is written (rules as data)."""

    minus: str
    times: str
    hadamard: str
    functions: dict[str, str]
    symbol: Callable[[sympy.Basic, Notation], str]
    number: Callable[[str], str]


TEXT_STYLE = WorkStyle(
    "-", "·", " ⊙ ", {"sigmoid": "sigmoid", "tanh": "tanh"}, expr_text, lambda t: t
)


def _signed(text: str, style: WorkStyle) -> str:
    text = text.replace("-", style.minus)
    return f"({text})" if text.startswith(style.minus) else text


def _unwrapped(text: str) -> str:
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1]
    return text


def worked(node: tree.Worked, notation: Notation, style: WorkStyle) -> str:
    """``node.expr`` with every quantity and weight replaced by its number."""
    numbers = dict(node.numbers)

    def again(e: sympy.Basic) -> str:
        if e in numbers:
            return _signed(style.number(numbers[e]), style)
        if isinstance(e, sympy.Number):
            return _signed(format_number(sympy.Rational(e)), style)
        if isinstance(e, (sigmoid, tanh)):
            name = style.functions["sigmoid" if isinstance(e, sigmoid) else "tanh"]
            return f"{name}({_unwrapped(again(e.args[0]))})"
        if isinstance(e, Hadamard):
            return style.hadamard.join(
                f"({again(a)})" if isinstance(a, sympy.Add) else again(a) for a in e.args
            )
        if isinstance(e, sympy.Add):
            return " + ".join(again(t) for t in e.as_ordered_terms())
        if isinstance(e, sympy.Mul):
            factors = list(e.args)
            if factors and factors[0] == -1:
                return f"({style.minus}{again(sympy.Mul(*factors[1:], evaluate=False))})"
            return style.times.join(
                f"({again(f)})" if isinstance(f, sympy.Add) else again(f) for f in factors
            )
        if isinstance(e, sympy.Pow):
            return f"{again(e.base)}^{{{again(e.exp)}}}"
        return style.symbol(e, notation)

    return again(node.expr)


def exponent_text(node: tree.ClosedForm) -> str:
    """The exponent as the model file writes it: ``1e5000``, not 5001 digits."""
    return format_fraction(node.exponent.numerator, node.exponent.denominator)


def closed_text(node: tree.ClosedForm, minus: str = "-") -> str:
    e = "e^{" + exponent_text(node).replace("-", minus) + "}"
    top = f"({node.numerator} {minus} {e})" if node.subtract else str(node.numerator)
    return f"{top}/(1 + {e})"
