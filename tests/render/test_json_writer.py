"""The fast JSON writer is byte-identical to ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.model import builtin_model
from symlstm.numbers.rounding import CONVENTIONS, check_convention
from symlstm.render import values as solved
from symlstm.render.json_writer import OneLineEach, dumps

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(), max_size=12)
)
keys = st.text(max_size=8) | st.integers(-5, 5) | st.booleans() | st.none()
data = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=30,
)


def _expected(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, except that each item of a
    :class:`OneLineEach` list is ``json.dumps(item, ensure_ascii=False)`` on its own line
    (put in place of a placeholder string)."""
    lines: list[str] = []

    def mark(v: Any) -> Any:
        if isinstance(v, OneLineEach):
            marked = []
            for item in v:
                lines.append(json.dumps(item, ensure_ascii=False))
                marked.append(f"\x00@@{len(lines) - 1}@@\x00")
            return marked
        if isinstance(v, dict):
            return {k: mark(item) for k, item in v.items()}
        if isinstance(v, list | tuple):
            return [mark(item) for item in v]
        return v

    text = json.dumps(mark(value), indent=2, ensure_ascii=False)
    for k in reversed(range(len(lines))):
        text = text.replace(f'"\\u0000@@{k}@@\\u0000"', lines[k])
    return text


@settings(max_examples=300, deadline=None)
@given(data)
def test_identical_to_json_dumps(value: Any) -> None:
    assert dumps(value) == _expected(value)


class Color(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    LOW = 1


def test_subclasses_and_refusals() -> None:
    value = {"c": Color.RED, "n": Level.LOW, "nested": [(1, "é"), {}, []], "u": "\u2028\n"}
    assert dumps(value) == _expected(value)
    for bad in ({"x": object()}, {(1, 2): 3}, {"f": 1j}):
        with pytest.raises(TypeError):
            dumps(bad)


def _lines(items: list[Any]) -> Any:
    return OneLineEach(items)


@settings(max_examples=300, deadline=None)
@given(st.lists(data | st.dictionaries(keys, data, max_size=6), max_size=6), data)
def test_one_line_each_item(items: list[Any], other: Any) -> None:
    """Items of a OneLineEach list are each on one line, as json.dumps writes them; equal
    dicts that share objects (a step's rows) and dicts whose keys are equal but of another
    type (1 and True) are written right."""
    shared = {"k": [other], 1: other}
    steps = [{"t": k, "rest": shared, "x": item} for k, item in enumerate(items)]
    steps += [{"t": 0, True: other, "rest": shared}, {"t": 1, 1: other, "rest": shared}]
    value = {"a": other, "steps": _lines(steps), "more": _lines(items), "none": _lines([])}
    text = dumps(value)
    assert text == _expected(value)
    assert json.loads(text) == json.loads(_expected(value))


@pytest.mark.parametrize("rounding", sorted(CONVENTIONS))
def test_a_solve_document_is_identical(rounding: str) -> None:
    result = check_convention(
        builtin_model("homework"), CONVENTIONS[rounding], [0, 0, 1, 1, 1, 0], 20
    )
    data_ = solved.solve_data(result)
    text = dumps(data_)
    assert text == _expected(data_)
    assert json.loads(text) == json.loads(_expected(data_))
