"""Hypothesis: random parameter tables, written to TOML text here, read back exactly.

Each number is drawn together with the text that writes it (an integer, a TOML decimal, a
quoted decimal or a quoted "p/q", from tiny to huge) and the exact rational it means,
computed independently with :class:`fractions.Fraction`.
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.model import CELL_KINDS, model_from_toml

Number = tuple[str, Fraction]  # (TOML text, exact value)


@st.composite
def integers(draw: st.DrawFn) -> Number:
    digits = draw(st.sampled_from([1, 3, 20, 300, 999]))
    value = draw(st.integers(min_value=-(10**digits) + 1, max_value=10**digits - 1))
    return str(value), Fraction(value)


@st.composite
def decimals(draw: st.DrawFn) -> Number:
    sign = draw(st.sampled_from(["", "-", "+"]))
    whole = draw(st.integers(min_value=0, max_value=10**12))
    fraction = draw(st.text("0123456789", min_size=1, max_size=30))
    exponent = draw(st.one_of(st.none(), st.integers(min_value=-400, max_value=400)))
    text = f"{sign}{whole}.{fraction}" + ("" if exponent is None else f"e{exponent}")
    value = Fraction(f"{whole}.{fraction}") * Fraction(10) ** (exponent or 0)
    value = -value if sign == "-" else value
    quoted = draw(st.booleans())
    return (f'"{text}"' if quoted else text), value


@st.composite
def rationals(draw: st.DrawFn) -> Number:
    numerator = draw(st.one_of(st.integers(-1000, 1000), st.integers(-(10**500), 10**500)))
    denominator = draw(st.one_of(st.integers(1, 1000), st.integers(1, 10**500)))
    return f'"{numerator}/{denominator}"', Fraction(numerator, denominator)


numbers = st.one_of(integers(), decimals(), rationals())


def toml_array(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, dict[str, list[list[Fraction]]], str]:
    """A model file's text and, per parameter or initial state, the exact values."""
    kind = CELL_KINDS[draw(st.sampled_from(sorted(CELL_KINDS)))]
    n = draw(st.integers(1, 3))
    m = draw(st.integers(1, 3))
    lines = [f'cell = "{kind.name}"', f"hidden = {n}", f"inputs = {m}", "[params]"]
    expected: dict[str, list[list[Fraction]]] = {}
    for spec in kind.params:
        if spec.is_vector:
            if not spec.required and draw(st.booleans()):
                expected[spec.name] = [[Fraction(0)] * n]
                continue
            entries = [draw(numbers) for _ in range(n)]
            scalar = n == 1 and draw(st.booleans())
            text = entries[0][0] if scalar else toml_array([t for t, _ in entries])
            lines.append(f"{spec.name} = {text}")
            expected[spec.name] = [[v for _, v in entries]]
        else:
            cols = m if spec.source == "x" else n
            rows = [[draw(numbers) for _ in range(cols)] for _ in range(n)]
            if n == cols == 1 and draw(st.booleans()):
                text = rows[0][0][0]
            else:
                text = toml_array([toml_array([t for t, _ in row]) for row in rows])
            lines.append(f"{spec.name} = {text}")
            expected[spec.name] = [[v for _, v in row] for row in rows]
    lines.append("[initial]")
    for state in kind.states:
        entries = [draw(numbers) for _ in range(n)]
        lines.append(f"{state} = {toml_array([t for t, _ in entries])}")
        expected[f"initial {state}"] = [[v for _, v in entries]]
    return "\n".join(lines) + "\n", expected, kind.name


def exact(value: sympy.Rational) -> Fraction:
    assert isinstance(value, sympy.Rational)
    return Fraction(int(value.p), int(value.q))


@settings(max_examples=40, deadline=None)
@given(tables())
def test_random_parameter_tables_read_back_exactly(
    case: tuple[str, dict[str, list[list[Fraction]]], str],
) -> None:
    text, expected, kind = case
    model = model_from_toml(text, source="random.toml")
    assert model.kind.name == kind
    read: dict[str, list[list[Fraction]]] = {}
    for name, matrix in model.weights:
        read[name] = [[exact(v) for v in row] for row in matrix]
    for name, vector in model.biases:
        read[name] = [[exact(v) for v in vector]]
    for state, vector in model.initial:
        read[f"initial {state}"] = [[exact(v) for v in vector]]
    assert read == expected
