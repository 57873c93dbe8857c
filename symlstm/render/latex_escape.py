"""Text (not math) in LaTeX: special characters escaped, Unicode mapped or shown by code.

:func:`escape_text` escapes LaTeX's special characters and maps the few Unicode characters
symlstm writes to LaTeX commands; any other character becomes its code point in
typewriter type, so no input can break a document. Documents keep LaTeX's default OT1
encoding: Debian's texlive without cm-super would draw T1 text with bitmap fonts (and in
OT1 a text ``\\$`` falls back to one too, hence math ``\\$``).
"""

from __future__ import annotations

import re

# LaTeX's special characters in text mode
TEXT_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\ensuremath{\$}",  # text \$ falls back to a bitmap font in OT1
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\ensuremath{<}",
    ">": r"\ensuremath{>}",
    "|": r"\ensuremath{|}",
    '"': r"\texttt{\char34}",
}
# Unicode characters symlstm's own text uses
UNICODE_TEXT: dict[str, str] = {
    "⊙": r"\ensuremath{\odot}",
    "∘": r"\ensuremath{\circ}",
    "σ": r"\ensuremath{\sigma}",
    "−": r"\ensuremath{-}",
    "×": r"\ensuremath{\times}",
    "≈": r"\ensuremath{\approx}",
    "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}",
    "→": r"\ensuremath{\to}",
    "↦": r"\ensuremath{\mapsto}",
    "∈": r"\ensuremath{\in}",
    "≠": r"\ensuremath{\neq}",
    "±": r"\ensuremath{\pm}",
    "∓": r"\ensuremath{\mp}",
    "·": r"\ensuremath{\cdot}",
    "⊆": r"\ensuremath{\subseteq}",
    "⊇": r"\ensuremath{\supseteq}",
    "ε": r"\ensuremath{\varepsilon}",
    "φ": r"\ensuremath{\varphi}",
    "§": r"\S{}",
    "…": r"\ldots{}",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "\u00a0": "~",
}


# typography of plain text: a hyphen before a number is a minus sign; a quote that opens
# is an opening quote; h_t, h_(t-1) written in ASCII prose are math
_MINUS = re.compile(r"(?<![\w.])-(?=\.?\d)")
_OPENING_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))'(?=\S)")
TIMED_ASCII = re.compile(r"(?<![\w\\])([A-Za-z])_(t|\(t-1\)|\{t-1\})(?!\w)")


_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')


def typeset(text: str) -> str:
    """Plain text with real minus signs and curly quotes (LaTeX and HTML prose)."""
    return _typeset(text)


def _typeset(text: str) -> str:
    text = _MINUS.sub("\u2212", text)
    text = _DOUBLE_QUOTED.sub("\u201c\\1\u201d", text)
    return _OPENING_QUOTE.sub("\u2018", text)


def escape_text(text: str) -> str:
    """``text`` as LaTeX text: specials escaped, any other non-ASCII character by code;
    minus signs, opening quotes and ASCII ``h_t``/``h_(t-1)`` typeset."""
    out = []
    position = 0
    for match in TIMED_ASCII.finditer(text):
        out.append(_escape_chars(_typeset(text[position : match.start()])))
        time = "t" if match.group(2) == "t" else "t-1"
        out.append(f"\\ensuremath{{{match.group(1)}_{{{time}}}}}")
        position = match.end()
    out.append(_escape_chars(_typeset(text[position:])))
    return "".join(out)


def _escape_chars(text: str) -> str:
    out = []
    for char in text:
        if char in TEXT_ESCAPES:
            out.append(TEXT_ESCAPES[char])
        elif char in UNICODE_TEXT:
            out.append(UNICODE_TEXT[char])
        elif char == "\n" or char == "\t":
            out.append(" ")
        elif 32 <= ord(char) < 127:
            out.append(char)
        else:  # a control character, or a character the OT1 fonts do not have
            out.append(rf"\texttt{{[U+{ord(char):04X}]}}")
    return "".join(out)


def unicode_declarations() -> str:
    """``\\DeclareUnicodeCharacter`` lines for :data:`UNICODE_TEXT`, for documents that
    take UTF-8 text as it is (Sphinx's LaTeX builder with pdflatex)."""
    lines = [
        f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{{latex}}}"
        for char, latex in sorted(UNICODE_TEXT.items())
        if ord(char) > 127
    ]
    return "\n".join(lines) + "\n"
