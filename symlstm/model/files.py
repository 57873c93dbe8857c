"""Reading models: TOML text (or an already parsed table) into a validated :class:`Model`.

Every error names the source, the key (a dotted path) and what was expected. Numbers are
exact; strings are data and are never evaluated.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

import sympy

from symlstm.errors import ModelError
from symlstm.model.cells import CELL_KINDS, CellKind
from symlstm.model.model import Matrix, Model, Question, Vector
from symlstm.model.numbers import MAX_DIGITS, DecimalText, NumberSyntaxError, parse_number
from symlstm.model.reading import FileKind, read_text_limited
from symlstm.model.readout import DEFAULT_READOUT, Readout, ReadoutKind
from symlstm.model.words import MAX_WORD_LENGTH

TOP_LEVEL_KEYS = (
    "cell",
    "hidden",
    "inputs",
    "alphabet",
    "params",
    "initial",
    "name",
    "description",
    "questions",
    "readout",
)
MAX_ALPHABET = 100_000  # input symbols (solve on 10^5 symbols: about a second to read)
MAX_SIZE = 64  # hidden and input sizes: exact analysis of larger cells is out of reach anyway


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """`` (did you mean 'W_fh'?)``: the same name in other case, else the same letters in
    another order (W_hf, as PyTorch writes it, for W_fh), else the closest by difflib."""
    lowered = {choice.lower(): choice for choice in choices}
    word = word.lower()
    close: list[str] = []
    if word in lowered:
        close = [lowered[word]]
    else:
        anagrams = [c for c in lowered if sorted(c) == sorted(word)]
        close = difflib.get_close_matches(word, anagrams or list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" (did you mean {close[0]!r}?)" if close else ""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    """A user's key as TOML writes it: bare, or quoted with escapes (never a raw newline)."""
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key)


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


class _Reader:
    """Validates one parsed table; ``fail`` raises with the source and key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> ModelError:
        return ModelError(self.source, key, message)

    def number(self, key: str, value: object) -> sympy.Rational:
        try:
            return parse_number(value)
        except NumberSyntaxError as error:
            raise self.fail(key, str(error)) from None

    def size(self, key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIZE:
            raise self.fail(
                key, f"expected a whole number from 1 to {MAX_SIZE}, got {_kind_of(value)}"
            )
        return value

    def vector(self, key: str, value: object, length: int) -> Vector:
        if not isinstance(value, list):
            if length == 1:
                return (self.number(key, value),)
            raise self.fail(
                key, f"expected a list of {_plural(length, 'number')}, got {_kind_of(value)}"
            )
        if len(value) != length:
            raise self.fail(
                key,
                f"expected a list of {_plural(length, 'number')}, "
                f"got {_plural(len(value), 'entry')}",
            )
        return tuple(self.number(f"{key}[{i}]", item) for i, item in enumerate(value))

    def matrix(self, key: str, value: object, rows: int, cols: int) -> Matrix:
        shape = (
            f"a {rows}×{cols} matrix (a list of {_plural(rows, 'row')} "
            f"of {_plural(cols, 'number')})"
        )
        if not isinstance(value, list):
            if rows == cols == 1:
                return ((self.number(key, value),),)
            raise self.fail(key, f"expected {shape}, got {_kind_of(value)}")
        if rows == 1 and value and not any(isinstance(item, list) for item in value):
            value = [value]  # a single row may be written flat
        if len(value) != rows:
            raise self.fail(key, f"expected {shape}, got {_plural(len(value), 'row')}")
        result = []
        for i, row in enumerate(value):
            if not isinstance(row, list) or len(row) != cols:
                got = _plural(len(row), "entry") if isinstance(row, list) else _kind_of(row)
                raise self.fail(
                    f"{key}[{i}]", f"expected a row of {_plural(cols, 'number')}, got {got}"
                )
            result.append(tuple(self.number(f"{key}[{i}][{j}]", x) for j, x in enumerate(row)))
        return tuple(result)

    def text(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a string, got {_kind_of(value)}")
        return value

    def table(self, key: str, value: object) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_kind_of(value)}")
        return value


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, DecimalText):
        return f"the number {value.text}"
    if isinstance(value, int):
        return f"the number {value}"
    return repr(value)


def _cell_kind(reader: _Reader, data: Mapping[str, object]) -> CellKind:
    if "cell" not in data:
        raise reader.fail("cell", "missing; expected one of " + ", ".join(CELL_KINDS))
    name = reader.text("cell", data["cell"])
    if name not in CELL_KINDS:
        raise reader.fail(
            "cell",
            f"unknown cell kind {name!r}; expected one of "
            + ", ".join(CELL_KINDS)
            + _suggest(name, tuple(CELL_KINDS)),
        )
    return CELL_KINDS[name]


def _alphabet(reader: _Reader, value: object, inputs: int) -> tuple[Vector, ...]:
    if not isinstance(value, list):
        raise reader.fail("alphabet", f"expected a list of input symbols, got {_kind_of(value)}")
    if not value:
        raise reader.fail("alphabet", "expected at least one input symbol, got an empty list")
    if len(value) > MAX_ALPHABET:
        raise reader.fail("alphabet", f"at most {MAX_ALPHABET} input symbols, got {len(value)}")
    symbols: list[Vector] = []
    seen: set[Vector] = set()
    for i, item in enumerate(value):
        symbol = _symbol(reader, f"alphabet[{i}]", item, inputs)
        if symbol in seen:
            raise reader.fail(f"alphabet[{i}]", "duplicate input symbol")
        seen.add(symbol)
        symbols.append(symbol)
    return tuple(symbols)


def _symbol(reader: _Reader, key: str, value: object, inputs: int) -> Vector:
    if isinstance(value, list):
        if len(value) != inputs:
            raise reader.fail(
                key,
                f"expected an input symbol of {_plural(inputs, 'number')}, "
                f"got a list of {len(value)}",
            )
        return tuple(reader.number(f"{key}[{j}]", x) for j, x in enumerate(value))
    if inputs != 1:
        raise reader.fail(
            key,
            f"expected an input symbol of {_plural(inputs, 'number')} (a list), "
            f"got {_kind_of(value)}",
        )
    return (reader.number(key, value),)


def _questions(
    reader: _Reader, value: object, inputs: int, alphabet: tuple[Vector, ...]
) -> tuple[Question, ...]:
    if not isinstance(value, list):
        raise reader.fail("questions", "expected an array of tables ([[questions]])")
    questions = []
    for q, item in enumerate(value):
        key = f"questions[{q}]"
        table = reader.table(key, item)
        for extra in sorted(set(table) - {"title", "inputs", "expected"}):
            raise reader.fail(
                f"{key}.{_key(extra)}", "unknown key; expected title, inputs, expected"
            )
        title = reader.text(f"{key}.title", table.get("title", f"question {q + 1}"))
        raw = table.get("inputs")
        if not isinstance(raw, list) or not raw:
            raise reader.fail(f"{key}.inputs", "expected a non-empty list of input symbols")
        if len(raw) > MAX_WORD_LENGTH:
            raise reader.fail(
                f"{key}.inputs", f"at most {MAX_WORD_LENGTH} input symbols, got {len(raw)}"
            )
        sequence = tuple(
            _symbol(reader, f"{key}.inputs[{i}]", x, inputs) for i, x in enumerate(raw)
        )
        symbols = set(alphabet)
        for i, symbol in enumerate(sequence):
            if symbol not in symbols:
                raise reader.fail(f"{key}.inputs[{i}]", "input symbol is not in the alphabet")
        expected = None
        if "expected" in table:
            answer = table["expected"]
            if not isinstance(answer, list) or not all(
                isinstance(a, int) and not isinstance(a, bool) for a in answer
            ):
                raise reader.fail(f"{key}.expected", "expected a list of integers")
            expected = tuple(answer)
        questions.append(Question(title, sequence, expected))
    return tuple(questions)


READOUT_KEYS = ("kind", "units", "weight", "bias", "theta")


def _readout(reader: _Reader, value: object, hidden: int) -> Readout:
    """The ``[readout]`` table (see :mod:`symlstm.model.readout`)."""
    table = reader.table("readout", value)
    for key in sorted(table):
        if key not in READOUT_KEYS:
            raise reader.fail(
                f"readout.{_key(key)}",
                "unknown key; expected one of "
                + ", ".join(READOUT_KEYS)
                + _suggest(key, READOUT_KEYS),
            )
    names = tuple(k.value for k in ReadoutKind)
    name = reader.text("readout.kind", table.get("kind", "round"))
    if name not in names:
        raise reader.fail(
            "readout.kind",
            f"unknown readout {name!r}; expected one of "
            + ", ".join(names)
            + _suggest(name, names),
        )
    kind = ReadoutKind(name)
    linear = kind in (ReadoutKind.ARGMAX, ReadoutKind.LOGISTIC)
    for key, allowed in (
        ("units", not linear),
        ("weight", linear),
        ("bias", linear),
        ("theta", kind is ReadoutKind.THRESHOLD),
    ):
        if key in table and not allowed:
            raise reader.fail(f"readout.{key}", f"not used by the {name} readout")
    units: tuple[int, ...] | None = None
    if "units" in table:
        raw = table["units"]
        if (
            not isinstance(raw, list)
            or not raw
            or not all(isinstance(u, int) and not isinstance(u, bool) for u in raw)
        ):
            raise reader.fail(
                "readout.units", f"expected a non-empty list of unit indices 0 to {hidden - 1}"
            )
        for i, u in enumerate(raw):
            if not 0 <= u < hidden:
                raise reader.fail(
                    f"readout.units[{i}]",
                    f"expected a unit index from 0 to {hidden - 1} (0-based), got {u}",
                )
        if len(set(raw)) != len(raw):
            raise reader.fail("readout.units", "a unit is listed twice")
        units = tuple(raw)
    weight = bias = None
    if linear:
        if "weight" not in table:
            raise reader.fail("readout.weight", f"missing; the {name} readout needs a weight")
        raw_weight = table["weight"]
        rows = len(raw_weight) if isinstance(raw_weight, list) else 0
        if kind is ReadoutKind.LOGISTIC:
            weight = reader.matrix("readout.weight", raw_weight, 1, hidden)
        else:
            if rows < 2 or not all(isinstance(r, list) for r in raw_weight):  # type: ignore[attr-defined]
                raise reader.fail(
                    "readout.weight",
                    f"expected a k×{hidden} matrix with k ≥ 2 rows (one per class)",
                )
            weight = reader.matrix("readout.weight", raw_weight, rows, hidden)
        zeros = [0] * len(weight)
        bias = reader.vector("readout.bias", table.get("bias", zeros), len(weight))
    theta = sympy.Rational(1, 2)
    if "theta" in table:
        theta = reader.number("readout.theta", table["theta"])
    return Readout(kind=kind, units=units, weight=weight, bias=bias, theta=theta)


def model_from_mapping(data: Mapping[str, object], source: str, name: str = "") -> Model:
    """Validate a parsed model table (as :func:`tomllib.loads` gives it) into a Model."""
    reader = _Reader(source)
    for key in sorted(data):
        if key not in TOP_LEVEL_KEYS:
            raise reader.fail(
                _key(key),
                "unknown key; expected one of "
                + ", ".join(TOP_LEVEL_KEYS)
                + _suggest(key, TOP_LEVEL_KEYS),
            )
    kind = _cell_kind(reader, data)
    hidden = reader.size("hidden", data.get("hidden", 1))
    inputs = reader.size("inputs", data.get("inputs", 1))

    params = reader.table("params", data.get("params", {}))
    for key in sorted(params):
        if key not in kind.param_names:
            raise reader.fail(
                f"params.{_key(key)}",
                f"unknown parameter of the {kind.name} cell"
                + _suggest(key, kind.param_names)
                + "; expected "
                + ", ".join(kind.param_names),
            )
    weights: list[tuple[str, Matrix]] = []
    biases: list[tuple[str, Vector]] = []
    for spec in kind.params:
        key = f"params.{spec.name}"
        if spec.name not in params:
            if spec.required:
                raise reader.fail(key, f"missing; the {kind.name} cell needs {spec.name}")
            biases.append((spec.name, tuple(sympy.Integer(0) for _ in range(hidden))))
            continue
        value = params[spec.name]
        if spec.is_vector:
            biases.append((spec.name, reader.vector(key, value, hidden)))
        else:
            rows, cols = spec.shape(hidden, inputs)
            weights.append((spec.name, reader.matrix(key, value, rows, cols)))

    initial_table = reader.table("initial", data.get("initial", {}))
    for key in sorted(initial_table):
        if key not in kind.states:
            raise reader.fail(
                f"initial.{_key(key)}",
                f"unknown state of the {kind.name} cell; expected "
                + ", ".join(kind.states)
                + _suggest(key, kind.states),
            )
    zeros = [0] * hidden
    initial = tuple(
        (state, reader.vector(f"initial.{state}", initial_table.get(state, zeros), hidden))
        for state in kind.states
    )

    if "alphabet" in data:
        alphabet = _alphabet(reader, data["alphabet"], inputs)
    else:
        zero_one = (sympy.Integer(0), sympy.Integer(1))
        alphabet = tuple(itertools.product(zero_one, repeat=inputs))

    questions = _questions(reader, data.get("questions", []), inputs, alphabet)
    readout = _readout(reader, data.get("readout"), hidden) if "readout" in data else None
    return Model(
        kind=kind,
        hidden=hidden,
        inputs=inputs,
        weights=tuple(weights),
        biases=tuple(biases),
        initial=initial,
        alphabet=alphabet,
        name=reader.text("name", data.get("name", name or Path(source).stem)),
        description=reader.text("description", data.get("description", "")),
        questions=questions,
        source=source,
        readout=readout or DEFAULT_READOUT,
    )


# more digits in a row than Python converts to an int (4300 by default; underscores may
# separate digits): refused before tomllib, which holds ~120 bytes a digit while it tries.
# Shorter numbers beyond MAX_DIGITS are refused after parsing, with their key.
_TOO_MANY_DIGITS = re.compile(rf"[0-9](?:_?[0-9]){{{max(MAX_DIGITS, 4300)}}}")


def parse_toml(text: str, source: str) -> dict[str, object]:
    """Parse TOML (a model or a machine file) with decimals kept as text; a syntax error
    or a number of more than MAX_DIGITS digits becomes a one-line ModelError."""
    long_number = _TOO_MANY_DIGITS.search(text)
    if long_number is not None:
        line = text.count("\n", 0, long_number.start()) + 1
        message = f"line {line}: number too large to handle (at most {MAX_DIGITS} digits)"
        raise ModelError(source, "", message)
    try:
        return tomllib.loads(text, parse_float=DecimalText)
    except tomllib.TOMLDecodeError as error:
        raise ModelError(source, "", f"TOML syntax error: {error}") from None
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        if "integer string conversion" in str(error):
            message = f"number too large to handle (at most {MAX_DIGITS} digits)"
            raise ModelError(source, "", message) from None
        raise ModelError(source, "", f"cannot read a value: {error}") from None
    except RecursionError:  # tomllib recurses per nested array: [[[[…]]]] thousands deep
        raise ModelError(source, "", "TOML syntax error: arrays nested too deeply") from None


def model_from_toml(text: str, source: str = "<string>", name: str = "") -> Model:
    return model_from_mapping(parse_toml(text, source), source, name)


def read_model_file(path: Path) -> Model:
    source = str(path)
    text = read_text_limited(path, FileKind.MODEL, source=source)
    return model_from_toml(text, source, path.stem)
