"""A tiny reader of the LaTeX math the notations produce, for formats without TeX (SVG).

Notations write every symbol as LaTeX math (``h_{t-1}``, ``W^{f,h}``, ``\\tilde{c}_{t}``,
``\\operatorname{sigmoid}``). This module turns such a string into *runs*: pieces of text
with a script level (0 on the line, -1 subscript, +1 superscript) and a style (italic for
variables, upright for function names, digits and signs), so that one LaTeX source gives
both the TikZ and the SVG label. Only the small subset the notations use is accepted; the
commands it knows are a table. Anything else is refused, never passed through.
"""

from __future__ import annotations

from dataclasses import dataclass

from symlstm.errors import RenderError

# commands without an argument: the character they print, and whether it is italic
SYMBOLS: dict[str, tuple[str, bool]] = {
    "odot": ("⊙", False),
    "circ": ("∘", False),
    "cdot": ("·", False),
    "sigma": ("σ", True),
    "tanh": ("tanh", False),
    "exp": ("exp", False),
    ",": ("\u2009", False),
    ";": ("\u2005", False),
    "quad": ("\u2003", False),
    "ldots": ("…", False),
    "colon": (":", False),
    " ": ("\u00a0", False),  # a space that SVG keeps
}
# commands that take one braced argument and print it upright
UPRIGHT_COMMANDS = frozenset({"operatorname", "text", "mathrm"})
# commands that take one argument and put an accent on it (a combining character)
ACCENTS: dict[str, str] = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304"}
# characters that print differently from their source
CHARACTERS: dict[str, str] = {"-": "−", "*": "∗"}


@dataclass(frozen=True)
class Run:
    """A piece of text at one script level (0 on the line, -1 below, +1 above)."""

    text: str
    level: int
    italic: bool


def runs(latex: str) -> tuple[Run, ...]:
    """The runs of a LaTeX math string, neighbours with the same style merged."""
    parser = _Parser(latex)
    pieces = parser.group_until_end(level=0, upright=False)
    merged: list[Run] = []
    for piece in pieces:
        if merged and (merged[-1].level, merged[-1].italic) == (piece.level, piece.italic):
            merged[-1] = Run(merged[-1].text + piece.text, piece.level, piece.italic)
        else:
            merged.append(piece)
    return tuple(merged)


def plain(latex: str) -> str:
    """The text of a LaTeX math string, scripts flattened (for titles and alt text)."""
    return "".join(run.text for run in runs(latex))


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0

    def _fail(self, message: str) -> RenderError:
        return RenderError(f"cannot draw the label {self.source!r}: {message}")

    def _peek(self) -> str:
        return self.source[self.position] if self.position < len(self.source) else ""

    def group_until_end(self, level: int, upright: bool) -> list[Run]:
        result = self._sequence(level, upright, closing="")
        if self.position != len(self.source):
            raise self._fail("unbalanced braces")
        return result

    def _sequence(self, level: int, upright: bool, closing: str) -> list[Run]:
        result: list[Run] = []
        while True:
            char = self._peek()
            if char == closing:
                return result
            if char == "":
                raise self._fail("unbalanced braces")
            if char == "}":
                raise self._fail("unbalanced braces")
            result.extend(self._atom(level, upright))

    def _argument(self, level: int, upright: bool) -> list[Run]:
        """A braced group or a single character."""
        char = self._peek()
        if char == "{":
            self.position += 1
            inner = self._sequence(level, upright, closing="}")
            self.position += 1
            return inner
        if char in ("", "}"):
            raise self._fail("a command or script lacks its argument")
        return self._atom(level, upright)

    def _atom(self, level: int, upright: bool) -> list[Run]:
        char = self._peek()
        if char == "{":
            return self._argument(level, upright)
        if char in "_^":
            self.position += 1
            return self._argument(level - 1 if char == "_" else level + 1, upright)
        if char == "\\":
            return self._command(level, upright)
        self.position += 1
        if char == " " and not upright:
            return []  # spaces do not print in math
        text = CHARACTERS.get(char, char)
        return [Run(text, level, char.isalpha() and not upright)]

    def _command(self, level: int, upright: bool) -> list[Run]:
        self.position += 1
        start = self.position
        while self._peek().isalpha():
            self.position += 1
        if self.position == start and self._peek():
            self.position += 1  # a one-character command such as \,
        name = self.source[start : self.position]
        if name in SYMBOLS:
            text, italic = SYMBOLS[name]
            return [Run(text, level, italic and not upright)]
        if name in UPRIGHT_COMMANDS:
            return self._argument(level, upright=True)
        if name in ACCENTS:
            inner = self._argument(level, upright)
            if not inner:
                raise self._fail(f"\\{name} has an empty argument")
            last = inner[-1]
            return [*inner[:-1], Run(last.text + ACCENTS[name], last.level, last.italic)]
        if name in ("left", "right"):
            return self._atom(level, upright) if self._peek() else []
        raise self._fail(f"unknown command \\{name}")
