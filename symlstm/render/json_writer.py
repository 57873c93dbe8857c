"""JSON text of plain data, byte-identical to ``json.dumps(data, indent=2,
ensure_ascii=False)`` and several times faster on large documents, except for a
:class:`OneLineEach` list: each of its items is written on one line (``json.dumps(item,
ensure_ascii=False)``, by the C encoder), the list itself indented like any other. A
document of 10⁴ steps is then 10⁴ lines of steps, not 10⁶ lines of values; it parses to the
same data.

``json.dumps`` with an indent runs the standard library's pure-Python encoder (its C
encoder serves only compact output), which spent 1.5 s of a 10⁴-step ``solve -f json``.
This writer appends pieces to one list: strings through the C ``encode_basestring``,
containers by direct recursion, and the text of a small container that occurs many times
(the same ``{"exact": "1", "digits": "1"}`` object in every step) is written once per
indentation. Anything but str, int, bool, None, float, dict and list/tuple (or their
subclasses) is refused like ``json.dumps`` refuses it (TypeError).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class OneLineEach(list[Any]):
    """A list whose items the writer puts on one line each (a step of a long trace)."""

    __slots__ = ()


_one_line = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode

SMALL = 48  # pieces: a container written in at most this many is kept, by identity


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.strings: dict[str, str] = {}
        self.texts: dict[tuple[int, str], str] = {}  # (id, indentation) → text
        self.keep: list[Any] = []  # converted temporaries: their ids stay unique
        self.lines: dict[int, str] = {}  # id → one-line text of a container in a line
        self.tails: dict[tuple[tuple[Any, ...], tuple[type, ...], tuple[int, ...]], str] = {}

    def write(self, value: Any, newline: str) -> None:
        # ``newline`` is "\n" followed by the current indentation
        out = self.out
        kind = type(value)
        if kind is str:
            strings = self.strings
            text = strings.get(value)
            if text is None:
                text = encode_basestring(value)
                if len(strings) < 65536:
                    strings[value] = text
            out.append(text)
        elif kind is dict or kind is list or kind is tuple:
            if not value:
                out.append("{}" if kind is dict else "[]")
                return
            key = (id(value), newline)
            known = self.texts.get(key)
            if known is not None:
                out.append(known)
                return
            start = len(out)
            inner = newline + "  "
            write = self.write
            if kind is dict:
                separator = "{" + inner
                strings = self.strings
                for name, item in value.items():
                    if type(name) is not str:
                        name = _key(name)
                    encoded = strings.get(name)
                    if encoded is None:
                        encoded = encode_basestring(name)
                        strings[name] = encoded
                    out.append(separator + encoded + ": ")
                    write(item, inner)
                    separator = "," + inner
                out.append(newline + "}")
            else:
                separator = "[" + inner
                for item in value:
                    out.append(separator)
                    write(item, inner)
                    separator = "," + inner
                out.append(newline + "]")
            if len(out) - start <= SMALL:
                text = "".join(out[start:])
                del out[start:]
                out.append(text)
                self.texts[key] = text
        elif kind is OneLineEach:
            if not value:
                out.append("[]")
                return
            inner = newline + "  "
            separator = "," + inner
            out.append("[" + inner + separator.join(map(self.line, value)) + newline + "]")
        elif value is None:
            out.append("null")
        elif value is True:
            out.append("true")
        elif value is False:
            out.append("false")
        elif kind is int:
            out.append(int.__repr__(value))
        elif kind is float:
            out.append(json.dumps(value))
        elif isinstance(value, str):
            out.append(encode_basestring(value))
        elif isinstance(value, int):
            out.append(int.__repr__(value))
        elif isinstance(value, float):
            out.append(json.dumps(float(value)))
        elif isinstance(value, dict | list | tuple):
            plain = dict(value) if isinstance(value, dict) else list(value)
            self.keep.append(plain)
            self.write(plain, newline)
        else:
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")

    def line(self, value: Any) -> str:
        """``value`` on one line, as ``json.dumps(value, ensure_ascii=False)`` writes it.
        A dict's entries after the first are remembered by identity as a whole (a step's
        ``t`` changes, while its rows, activations and flags are objects that steps share);
        other values go to the C encoder."""
        if type(value) is not dict or not value:
            return _one_line(value)
        names = tuple(value)
        items = tuple(value.values())
        # keys by type too: 1 and True are equal keys that json writes "1" and "true"
        key = (names[1:], tuple(map(type, names[1:])), tuple(map(id, items[1:])))
        tail = self.tails.get(key)
        if tail is None:
            entry = self.entry
            rest = zip(names[1:], items[1:], strict=True)
            tail = "".join(", " + entry(name, item) for name, item in rest)
            self.tails[key] = tail
        return "{" + self.entry(names[0], items[0]) + tail + "}"

    def entry(self, name: Any, item: Any) -> str:
        """``"name": item`` on one line (containers remembered by identity)."""
        if type(name) is not str:
            name = _key(name)
        strings = self.strings
        encoded = strings.get(name)
        if encoded is None:
            encoded = encode_basestring(name)
            strings[name] = encoded
        kind = type(item)
        if kind is str:
            text = strings.get(item)
            if text is None:
                text = encode_basestring(item)
                if len(strings) < 65536:
                    strings[item] = text
        elif kind is dict or kind is list:
            lines = self.lines
            text = lines.get(id(item))
            if text is None:
                text = _one_line(item)
                lines[id(item)] = text
        elif kind is int:
            text = int.__repr__(item)
        else:
            text = _one_line(item)
        return encoded + ": " + text


def dumps(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, faster. The data must not change
    while it is written (small containers are remembered by identity)."""
    writer = _Writer()
    writer.write(data, "\n")
    return "".join(writer.out)


def _key(key: Any) -> str:
    """A non-string key as ``json.dumps`` writes it (``1`` → ``"1"``, True → ``"true"``)."""
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


__all__ = ["OneLineEach", "dumps"]
