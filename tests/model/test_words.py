"""The input word: one type (run-length encoded), one parser, one printer."""

from __future__ import annotations

import dataclasses
import itertools
import tracemalloc
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlstm.errors import UsageError
from symlstm.model import builtin_model
from symlstm.model.files import model_from_toml
from symlstm.model.words import MAX_WORD_LENGTH, Word, format_word, parse_word

HOMEWORK = builtin_model("homework")

TWO_INPUTS = model_from_toml(
    """
cell = "rnn"
hidden = 1
inputs = 2
alphabet = [[0, 1], [1, 1], [1, 0], ["-1/2", 3]]
[params]
W_ss = [[1]]
W_sx = [[1, 1]]
b_s = [0]
""",
    "two.toml",
)

FREE = dataclasses.replace(
    model_from_toml(
        """
cell = "rnn"
hidden = 1
inputs = 1
[params]
W_ss = [[1]]
W_sx = [[1]]
b_s = [0]
""",
        "free.toml",
    ),
    alphabet=(),
)  # no alphabet: any number is a symbol (tests the syntax alone)


def symbols(word: Word) -> list[tuple[Fraction, ...]]:
    return list(word)


def test_scalars_as_before() -> None:
    word = parse_word("0,0,1,1,1,0", HOMEWORK)
    assert symbols(word) == [(Fraction(v),) for v in (0, 0, 1, 1, 1, 0)]
    assert word.runs == (((Fraction(0),), 2), ((Fraction(1),), 3), ((Fraction(0),), 1))
    assert len(word) == 6
    assert parse_word("0; 0 ;1", HOMEWORK) == parse_word("0,0,1", HOMEWORK)


def test_repetition() -> None:
    word = parse_word("1^10000,0", HOMEWORK)
    assert len(word) == 10_001
    assert word.runs == (((Fraction(1),), 10_000), ((Fraction(0),), 1))
    assert word[9_999] == (1,) and word[10_000] == (0,) and word[-1] == (0,)
    assert parse_word("1^2,1,0^1", HOMEWORK) == parse_word("1,1,1,0", HOMEWORK)


def test_vectors_and_repeated_vectors() -> None:
    word = parse_word("[0,1]^3;[1,1]", TWO_INPUTS)
    assert symbols(word) == [(Fraction(0), Fraction(1))] * 3 + [(Fraction(1), Fraction(1))]
    assert parse_word("[-1/2, 3]", TWO_INPUTS).runs == (((Fraction(-1, 2), Fraction(3)), 1),)


def test_equal_symbols_share_one_object() -> None:
    word = parse_word("0,1,0,1,0", HOMEWORK)
    assert len({id(s) for s in word}) == 2


def test_a_huge_repetition_is_never_materialised() -> None:
    tracemalloc.start()
    try:
        word = Word.from_runs([((1,), 10**8), ((0,), 1)])
        assert len(word) == 10**8 + 1
        assert list(itertools.islice(word, 3)) == [(1,), (1,), (1,)]
        assert word[10**8] == (0,)
        assert len(word[5 : 10**8 + 1]) == 10**8 - 4
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "--inputs: the input word is empty"),
        ("  ", "--inputs: the input word is empty"),
        ("0,,1", "--inputs: empty entry in '0,,1'"),
        ("0,^3", "--inputs: empty entry in '0,^3'"),
        ("2", "--inputs: input 0 = 2 is not in the alphabet of model 'homework' (0, 1)"),
        ("0^5,2", "--inputs: input 5 = 2 is not in the alphabet of model 'homework' (0, 1)"),
        ("1^0", "--inputs: expected a positive whole repetition count after '^' in '1^0'"),
        ("1^-3", "--inputs: expected a positive whole repetition count after '^' in '1^-3'"),
        ("1^2.5", "--inputs: expected a positive whole repetition count after '^' in '1^2.5'"),
        ("1^", "--inputs: expected a positive whole repetition count after '^' in '1^'"),
        (
            "1^99999999999999999999999",
            "--inputs: expected a positive whole repetition count after '^' in "
            "'1^99999999999999999999999'",
        ),
        ("x", "--inputs: expected a number (integer, decimal or \"p/q\"), got 'x'"),
        (f"1^{MAX_WORD_LENGTH},0", f"--inputs: at most {MAX_WORD_LENGTH} inputs, got 1000001"),
        ("[0,1]", "--inputs: input 0 has 2 entries; model 'homework' takes 1 per step"),
    ],
)
def test_messages(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_word(text, HOMEWORK)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[0,1];1", "--inputs: expected a bracketed vector such as \"[0,1]\", got '1'"),
        ("[0,1];[ ]", "--inputs: empty vector '[ ]'"),
        ("[0,1];[]^2", "--inputs: empty vector '[]^2'"),
        ("[0,1]^x", "--inputs: expected a positive whole repetition count after '^' in '[0,1]^x'"),
        ("[0,1,1]", "--inputs: input 0 has 3 entries; model 'two' takes 2 per step"),
        ("[0,1]^4;[2,2]", "--inputs: input 4 = [2,2] is not in the alphabet of model 'two'"),
    ],
)
def test_vector_messages(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_word(text, TWO_INPUTS)
    assert str(caught.value).startswith(message)


def test_option_named() -> None:
    with pytest.raises(UsageError, match=r"^inputs: the input word is empty$"):
        parse_word("", HOMEWORK, option="inputs")


def test_printer_compresses_runs_of_three() -> None:
    assert format_word(parse_word("0,0,1,1,1,0", HOMEWORK), HOMEWORK) == "0,0,1^3,0"
    assert format_word(parse_word("[0,1]^3;[1,1]", TWO_INPUTS), TWO_INPUTS) == "[0,1]^3;[1,1]"
    assert format_word(parse_word("[-1/2,3]", TWO_INPUTS), TWO_INPUTS) == "[-1/2,3]"


numbers = st.fractions(max_denominator=10**6).filter(lambda v: abs(v) < 10**30) | st.sampled_from(
    [Fraction(10) ** 400, -Fraction(1, 10**400), Fraction(0)]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(numbers, st.integers(1, 12)), min_size=1, max_size=12))
def test_roundtrip_scalars(runs: list[tuple[Fraction, int]]) -> None:
    word = Word.from_runs(((v,), n) for v, n in runs)
    text = format_word(word, FREE)
    assert parse_word(text, FREE) == word
    assert list(parse_word(text, FREE)) == list(word)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(TWO_INPUTS.alphabet), st.integers(1, 10**6 // 20)),
        min_size=1,
        max_size=20,
    )
)
def test_roundtrip_vectors(runs: list[tuple[tuple[object, ...], int]]) -> None:
    word = Word.from_runs(runs)
    assert parse_word(format_word(word, TWO_INPUTS), TWO_INPUTS) == word


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([0, 1]), min_size=1, max_size=40), st.data())
def test_word_is_a_sequence(values: list[int], data: st.DataObject) -> None:
    word = Word.of(values)
    expected = [(Fraction(v),) for v in values]
    assert list(word) == expected and len(word) == len(expected)
    start = data.draw(st.integers(-45, 45))
    stop = data.draw(st.integers(-45, 45))
    assert list(word[start:stop]) == expected[start:stop]
    for t in range(-len(values), len(values)):
        assert word[t] == expected[t]
    with pytest.raises(IndexError):
        word[len(values)]
    assert Word.of(values[:3]) + Word.of(values[3:]) == word
