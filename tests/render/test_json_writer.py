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
from symlstm.render.json_writer import dumps

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
    return json.dumps(value, indent=2, ensure_ascii=False)


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


@pytest.mark.parametrize("rounding", sorted(CONVENTIONS))
def test_a_solve_document_is_identical(rounding: str) -> None:
    result = check_convention(
        builtin_model("homework"), CONVENTIONS[rounding], [0, 0, 1, 1, 1, 0], 20
    )
    data_ = solved.solve_data(result)
    text = dumps(data_)
    assert text == _expected(data_)
    assert json.loads(text) == json.loads(_expected(data_))
