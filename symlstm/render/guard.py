"""Output that must never hold a control character (the course's broken "ext{sigmoid}")."""

from __future__ import annotations

from symlstm.errors import RenderError

_ALLOWED = {"\n"}


def check_no_control(text: str, what: str = "LaTeX") -> str:
    """Return ``text`` unchanged, or raise if it holds a control character (a tab, \\b,
    \\r, form feed… : what a backslash sequence becomes when a string is not raw)."""
    for position, char in enumerate(text):
        if (ord(char) < 32 or 127 <= ord(char) < 160) and char not in _ALLOWED:
            line = text.count("\n", 0, position) + 1
            raise RenderError(
                f"refusing to write {what} with the control character U+{ord(char):04X} "
                f"on line {line}"
            )
    return text
