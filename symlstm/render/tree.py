"""The document tree: what a worked solution or a result says, before any format.

Builders (:mod:`symlstm.render.build`) turn a result into a :class:`Document`; one writer
per format (:mod:`symlstm.render.writers`) walks it. The tree is small and typed:

- block nodes: :class:`Section`, :class:`Paragraph`, :class:`DisplayEquations`,
  :class:`Chain`, :class:`Table`, :class:`Figure`, :class:`Note`, :class:`Items`,
  :class:`Attachment`;
- inline nodes (the parts of a paragraph, a note, a list item, a table cell):
  :class:`Text`, :class:`Math`, :class:`Number`, :class:`Word`, :class:`Code`,
  :class:`Verdict`,
  :class:`Strong`, :class:`Worked`, :class:`ClosedForm`.

A table cell holds inline nodes, i.e. values (a certified number, a SymPy expression, an
input word, a verdict, words), never a string rendered for one format. No writer reads
another writer's output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeAlias

import sympy

from symlstm.analysis.automaton import MooreMachine
from symlstm.equations import Equation
from symlstm.model.cells import CellKind

# ---------------------------------------------------------------------------- inline


@dataclass(frozen=True)
class Text:
    """Words (Unicode; each writer escapes and typesets them)."""

    text: str


@dataclass(frozen=True)
class Math:
    """A SymPy expression or an equation, written in the document's notation."""

    expr: sympy.Basic | Equation


@dataclass(frozen=True)
class Number:
    """A certified decimal as printed by the numbers stage (``-3.72007e-44``, ``0.5``);
    ``approximate``: its digits are rounded (shown with ``≈``)."""

    text: str
    approximate: bool = False


@dataclass(frozen=True)
class Word:
    """An input word: its symbols' texts, in order (may wrap after any symbol)."""

    symbols: tuple[str, ...]


@dataclass(frozen=True)
class Code:
    """Text to be typed as it is (a command line a face adds), set in a fixed-width font
    with no typography: no dashes, no curly quotes, no hyphenation."""

    text: str


@dataclass(frozen=True)
class Verdict:
    """A verdict word (``proved``, ``refuted``, ``yes``, ``no``…), set in bold."""

    word: str


@dataclass(frozen=True)
class Strong:
    """A label (``Answer:``), set in bold."""

    text: str


@dataclass(frozen=True)
class Worked:
    """An expression with every quantity and weight replaced by its number, nothing
    evaluated (``sigmoid(0·0 + 0·1 + (−100))``): ``numbers`` maps a symbol (a quantity or
    a parameter) to its decimal text."""

    expr: sympy.Basic
    numbers: tuple[tuple[sympy.Basic, str], ...]


@dataclass(frozen=True)
class ClosedForm:
    """``(numerator − e^{exponent}) / (1 + e^{exponent})`` when ``subtract``, else
    ``numerator / (1 + e^{exponent})``: the closed forms of sigmoid and tanh values and of
    their gaps (``1/(1 + e^{100})``), kept apart from SymPy so nothing is evaluated."""

    numerator: int
    exponent: Fraction
    subtract: bool = False


Inline: TypeAlias = Text | Math | Number | Word | Code | Verdict | Strong | Worked | ClosedForm
Inlines: TypeAlias = tuple[Inline, ...]

# ---------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    parts: Inlines


@dataclass(frozen=True)
class Note:
    """A remark beside a result (what a mark in a table means, a caveat)."""

    parts: Inlines


@dataclass(frozen=True)
class Items:
    """A list; ``numbered`` for (1), (2), …"""

    items: tuple[Inlines, ...]
    numbered: bool = False


@dataclass(frozen=True)
class DisplayEquations:
    """Equations on lines of their own, each with its relation (= or ≈); several on one
    line when they form a ``row`` (the weights feeding one unit)."""

    rows: tuple[tuple[Equation, ...], ...]


@dataclass(frozen=True)
class Link:
    relation: str  # "=" or "≈"
    value: Inline


@dataclass(frozen=True)
class Chain:
    """``lhs = a = b ≈ c``: one quantity worked out in several forms, aligned, with an
    optional remark under it."""

    lhs: sympy.Basic
    links: tuple[Link, ...]
    remark: Inlines = ()


Cell: TypeAlias = Inlines


@dataclass(frozen=True)
class Table:
    """Header and rows of cells. ``numeric`` columns are set right-aligned; ``words`` marks
    a table of prose cells (they wrap)."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()
    words: bool = False

    def is_numeric(self, column: int) -> bool:
        return self.numeric[column] if column < len(self.numeric) else False


@dataclass(frozen=True)
class Figure:
    """A picture as data: the unit's diagram of a cell kind, or a machine."""

    content: CellKind | MooreMachine
    caption: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file carried by the document (the whole machine of a big one, as DOT)."""

    name: str
    media_type: str  # "text/vnd.graphviz"
    content: str
    description: str


@dataclass(frozen=True)
class Section:
    """A titled part (a step of a worked solution); ``key`` names it (HTML ids, Sphinx
    parts); ``data`` is the machine-readable result behind it (JSON only)."""

    title: str
    blocks: tuple[Block, ...]
    key: str = ""
    data: Mapping[str, Any] | None = field(default=None, compare=False)


Block: TypeAlias = (
    Section | Paragraph | Note | Items | DisplayEquations | Chain | Table | Figure | Attachment
)


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)


BLOCK_TYPES: tuple[type, ...] = (
    Section,
    Paragraph,
    Note,
    Items,
    DisplayEquations,
    Chain,
    Table,
    Figure,
    Attachment,
)
INLINE_TYPES: tuple[type, ...] = (
    Text,
    Math,
    Number,
    Word,
    Code,
    Verdict,
    Strong,
    Worked,
    ClosedForm,
)

__all__ = [
    "BLOCK_TYPES",
    "INLINE_TYPES",
    "Attachment",
    "Block",
    "Cell",
    "Chain",
    "ClosedForm",
    "Code",
    "DisplayEquations",
    "Document",
    "Figure",
    "Inline",
    "Inlines",
    "Items",
    "Link",
    "Math",
    "Note",
    "Number",
    "Paragraph",
    "Section",
    "Strong",
    "Table",
    "Text",
    "Verdict",
    "Word",
    "Worked",
]
