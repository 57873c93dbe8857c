"""Input words: one type, one parser, one printer, for every face and every stage.

A :class:`Word` is a finite sequence of input symbols (each a vector of ``model.inputs``
exact numbers), stored run-length encoded: ``runs`` is a tuple of ``(symbol, count)``.
``len(word)`` is the total length; iterating streams the symbols lazily (a word of 10⁸
symbols is a handful of runs, never 10⁸ tuples in memory); ``word[t]`` finds the run of
step ``t`` by bisection. Within one word, equal symbols are the same tuple object, so a
stage may cache per ``id``.

The text syntax (``symlstm solve --inputs``, ``report --inputs``, the Sphinx directive)::

    0,0,1,1,1,0          scalars separated by commas (";" also separates)
    1^10000,0            a symbol repeated: SYMBOL^COUNT, COUNT a positive decimal integer
    [0,1];[1,1]          vectors (models with several inputs), separated by semicolons
    [0,1]^3;[1,1]        a vector repeated

Numbers are exact: integers, decimals by their decimal text (``0.1`` is 1/10), ``p/q``. A
parsed word has at most :data:`MAX_WORD_LENGTH` symbols (the sum of the counts) and at most
:data:`MAX_WORD_TEXT` characters of text.

:func:`format_word` prints a word in that syntax, writing a run of three or more equal
symbols as ``SYMBOL^COUNT`` (shorter runs written out); ``parse_word(format_word(w, m), m)
== w`` for every word over the model's inputs.

Public API::

    Word(runs)                         # frozen; Word.of(symbols) compresses a sequence
    parse_word(text, model, *, option="--inputs", max_length=MAX_WORD_LENGTH) -> Word
    format_word(word, model) -> str
    format_runs(word, *, vectors) -> str              # format_word without the model
    word_parts(word, *, vectors) -> tuple[str, ...]   # what format_word joins
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, overload

from symlstm.errors import UsageError
from symlstm.model.model import Model
from symlstm.model.numbers import NumberSyntaxError, parse_number

Symbol = tuple[Fraction, ...]

MAX_WORD_LENGTH = 1_000_000
"""Most symbols a parsed word may have (the sum of its counts). Measured: ``solve`` runs a
10⁶-step word of the homework at 30 digits in about a minute; the JSON of every step is then
hundreds of MB, so longer words are refused at the parser, not half-way through."""

MAX_WORD_TEXT = 10_000_000
"""Most characters of a word's text (about 10⁶ written-out symbols and their separators)."""

REPEAT_MIN = 3
""":func:`format_word` writes a run of at least this many equal symbols as ``SYMBOL^COUNT``."""

_COUNT = re.compile(r"[0-9]+")
_COUNT_DIGITS = 18  # a count with more digits is refused before it is converted


def _fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if hasattr(value, "p") and hasattr(value, "q"):
        return Fraction(int(value.p), int(value.q))
    raise TypeError(f"not an exact number: {value!r}")


@dataclass(frozen=True)
class Word(Sequence[Symbol]):
    """A run-length-encoded input word: ``runs`` of ``(symbol, count)``, counts ≥ 1,
    adjacent runs of different symbols (:meth:`of` and the parser merge equal neighbours)."""

    runs: tuple[tuple[Symbol, int], ...]
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        ends: list[int] = []
        total = 0
        for symbol, count in self.runs:
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise ValueError(f"a run's count must be a positive integer, got {count!r}")
            if not isinstance(symbol, tuple):
                raise TypeError(f"a symbol is a tuple of exact numbers, got {symbol!r}")
            total += count
            ends.append(total)
        object.__setattr__(self, "_ends", tuple(ends))

    @classmethod
    def of(cls, symbols: Iterable[Any]) -> Word:
        """The word of ``symbols``: scalars or sequences of exact numbers (int, Fraction, SymPy
        rationals), equal neighbours merged into runs, equal symbols sharing one tuple."""
        interned: dict[Symbol, Symbol] = {}
        runs: list[tuple[Symbol, int]] = []
        for raw in symbols:
            if isinstance(raw, (tuple, list)):
                symbol: Symbol = tuple(_fraction(v) for v in raw)
            else:
                symbol = (_fraction(raw),)
            symbol = interned.setdefault(symbol, symbol)
            if runs and runs[-1][0] == symbol:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((symbol, 1))
        return cls(tuple(runs))

    @classmethod
    def from_runs(cls, runs: Iterable[tuple[Any, int]]) -> Word:
        """The word of ``(symbol, count)`` pairs, equal neighbours merged, symbols interned."""
        interned: dict[Symbol, Symbol] = {}
        merged: list[tuple[Symbol, int]] = []
        for raw, count in runs:
            symbol = tuple(_fraction(v) for v in raw)
            symbol = interned.setdefault(symbol, symbol)
            if merged and merged[-1][0] == symbol:
                merged[-1] = (merged[-1][0], merged[-1][1] + count)
            else:
                merged.append((symbol, count))
        return cls(tuple(merged))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __bool__(self) -> bool:
        return bool(self.runs)

    def __iter__(self) -> Iterator[Symbol]:
        for symbol, count in self.runs:
            yield from itertools.repeat(symbol, count)

    @overload
    def __getitem__(self, index: int) -> Symbol: ...

    @overload
    def __getitem__(self, index: slice) -> Word: ...

    def __getitem__(self, index: int | slice) -> Symbol | Word:
        length = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(length)
            if step != 1:
                return Word.of(self[k] for k in range(start, stop, step))
            return self._slice(start, stop)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(f"word index {index} out of range (length {length})")
        return self.runs[bisect.bisect_right(self._ends, index)][0]

    def _slice(self, start: int, stop: int) -> Word:
        if start >= stop:
            return Word(())
        first = bisect.bisect_right(self._ends, start)
        runs: list[tuple[Symbol, int]] = []
        begin = self._ends[first - 1] if first else 0
        for k in range(first, len(self.runs)):
            symbol, count = self.runs[k]
            end = begin + count
            low, high = max(begin, start), min(end, stop)
            if low < high:
                runs.append((symbol, high - low))
            if end >= stop:
                break
            begin = end
        return Word(tuple(runs))

    def __add__(self, other: object) -> Word:
        if not isinstance(other, Word):
            return NotImplemented
        return Word.from_runs(self.runs + other.runs)

    def symbols(self) -> tuple[Symbol, ...]:
        """The distinct symbols of the word, in order of first occurrence."""
        return tuple(dict.fromkeys(symbol for symbol, _ in self.runs))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{_symbol_text(s)}^{n}" if n > 1 else _symbol_text(s) for s, n in self.runs[:8]
        )
        more = ", …" if len(self.runs) > 8 else ""
        return f"<Word of {len(self)} symbols: {shown}{more}>"


# ------------------------------------------------------------------------------- printing


def _number_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def _symbol_text(symbol: Symbol) -> str:
    texts = [_number_text(v) for v in symbol]
    return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"


def format_word(word: Word, model: Model) -> str:
    """``word`` in the ``--inputs`` syntax of ``model``: scalars joined by commas for a model
    with one input, bracketed vectors joined by semicolons otherwise; runs of
    :data:`REPEAT_MIN` or more equal symbols as ``SYMBOL^COUNT``. Numbers exact (``p/q``)."""
    return format_runs(word, vectors=model.inputs != 1)


def format_runs(word: Word, *, vectors: bool) -> str:
    """:func:`format_word` without the model: ``vectors`` when it has several inputs."""
    return (";" if vectors else ",").join(word_parts(word, vectors=vectors))


def word_parts(word: Word, *, vectors: bool) -> tuple[str, ...]:
    """The parts :func:`format_word` joins: one per symbol (bracketed when ``vectors``),
    a run of :data:`REPEAT_MIN` or more equal symbols as one ``SYMBOL^COUNT``. (Documents
    print a word from these, with their own separators.)"""
    parts: list[str] = []
    for symbol, count in word.runs:
        texts = [_number_text(v) for v in symbol]
        text = "[" + ",".join(texts) + "]" if vectors else texts[0]
        if count >= REPEAT_MIN:
            parts.append(f"{text}^{count}")
        else:
            parts.extend([text] * count)
    return tuple(parts)


# -------------------------------------------------------------------------------- parsing


def _short(value: Fraction) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:12] + "…" + text[-6:]


def _vector_text(vector: Symbol) -> str:
    texts = [_short(v) for v in vector]
    return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"


def _split_count(option: str, part: str) -> tuple[str, int]:
    """``SYMBOL^COUNT`` → (SYMBOL, COUNT); no ``^`` → (part, 1)."""
    if "^" not in part:
        return part, 1
    body, _, count_text = part.rpartition("^")
    count_text = count_text.strip()
    if not _COUNT.fullmatch(count_text):
        raise UsageError(
            option, f"expected a positive whole repetition count after '^' in {part!r}"
        )
    if len(count_text.lstrip("0")) > _COUNT_DIGITS or int(count_text) < 1:
        raise UsageError(
            option, f"expected a positive whole repetition count after '^' in {part!r}"
        )
    return body.strip(), int(count_text)


def parse_word(
    text: str,
    model: Model,
    *,
    option: str = "--inputs",
    max_length: int = MAX_WORD_LENGTH,
) -> Word:
    """The input word written in ``text``, checked against the model's input size and
    alphabet. Raises :class:`~symlstm.errors.UsageError` naming ``option`` (one line)."""
    if len(text) > MAX_WORD_TEXT:
        raise UsageError(
            option, f"the input word's text is {len(text)} characters; at most {MAX_WORD_TEXT}"
        )
    body = text.strip()
    if not body:
        raise UsageError(option, "the input word is empty")
    numbers: dict[str, Fraction] = {}

    def number(item: str) -> Fraction:
        item = item.strip()
        value = numbers.get(item)
        if value is None:
            try:
                rational = parse_number(item)
            except NumberSyntaxError as error:
                raise UsageError(option, str(error)) from None
            value = Fraction(int(rational.p), int(rational.q))
            numbers[item] = value
        return value

    raw: list[tuple[str, int]] = []  # (symbol text, count)
    if "[" in body:
        for part in (p.strip() for p in body.split(";")):
            vector_text, count = _split_count(option, part)
            if not (vector_text.startswith("[") and vector_text.endswith("]")):
                raise UsageError(
                    option, f'expected a bracketed vector such as "[0,1]", got {part!r}'
                )
            if not vector_text[1:-1].strip():
                raise UsageError(option, f"empty vector {part!r}")
            raw.append((vector_text[1:-1], count))
    else:
        for item in (p.strip() for p in body.replace(";", ",").split(",")):
            if not item:
                raise UsageError(option, f"empty entry in {text!r}")
            scalar_text, count = _split_count(option, item)
            if not scalar_text:
                raise UsageError(option, f"empty entry in {text!r}")
            raw.append((scalar_text, count))
    total = sum(count for _, count in raw)
    if total > max_length:
        raise UsageError(option, f"at most {max_length} inputs, got {total}")

    alphabet = {tuple(_fraction(v) for v in symbol) for symbol in model.alphabet}
    symbols: dict[str, Symbol] = {}  # symbol text → checked symbol (first occurrence)
    interned: dict[Symbol, Symbol] = {}
    runs: list[tuple[Symbol, int]] = []
    t = 0
    for symbol_text, count in raw:
        symbol = symbols.get(symbol_text)
        if symbol is None:
            symbol = tuple(number(v) for v in symbol_text.split(","))
            _check_symbol(option, model, alphabet, t, symbol)
            symbol = interned.setdefault(symbol, symbol)
            symbols[symbol_text] = symbol
        if runs and runs[-1][0] is symbol:
            runs[-1] = (symbol, runs[-1][1] + count)
        else:
            runs.append((symbol, count))
        t += count
    return Word(tuple(runs))


def _check_symbol(option: str, model: Model, alphabet: set[Symbol], t: int, vector: Symbol) -> None:
    if len(vector) != model.inputs:
        raise UsageError(
            option,
            f"input {t} has {len(vector)} entries; model {model.name!r} takes "
            f"{model.inputs} per step",
        )
    if alphabet and vector not in alphabet:
        shown = sorted(alphabet)[:21]
        symbols = ", ".join(_vector_text(s) for s in shown[:20]) + (
            ", …" if len(alphabet) > 20 else ""
        )
        raise UsageError(
            option,
            f"input {t} = {_vector_text(vector)} is not in the alphabet of model "
            f"{model.name!r} ({symbols})",
        )


def word_of_inputs(inputs: Sequence[Any]) -> Word:
    """The word of a question's inputs (or any sequence of symbols): :meth:`Word.of`."""
    return inputs if isinstance(inputs, Word) else Word.of(inputs)


__all__ = [
    "MAX_WORD_LENGTH",
    "MAX_WORD_TEXT",
    "REPEAT_MIN",
    "Symbol",
    "Word",
    "format_runs",
    "format_word",
    "parse_word",
    "word_of_inputs",
    "word_parts",
]
