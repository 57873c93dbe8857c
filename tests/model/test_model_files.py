"""Reading model files: exact numbers, defaults, shapes, built-in models, and strings that
look like code (data, never evaluated)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sympy

from symlstm.errors import ModelError, UnknownModelError
from symlstm.model import (
    CELL_KINDS,
    DEFAULT_MODEL,
    builtin_names,
    load_model,
    model_from_toml,
    read_model_file,
)

R = sympy.Rational
HOMEWORK = {
    "W_fh": 0, "W_fx": 0, "b_f": -100, "W_ih": 0, "W_ix": 100, "b_i": 100,
    "W_oh": 0, "W_ox": 100, "b_o": 0, "W_ch": -100, "W_cx": 50, "b_c": 0,
}  # fmt: skip


def rnn(value: str) -> str:
    return f'cell = "rnn"\n[params]\nW_ss = {value}\nW_sx = 1\n'


def test_homework_is_the_default_and_has_the_course_parameters() -> None:
    assert DEFAULT_MODEL == "homework"
    model = load_model()
    assert model.name == "homework" and model.kind.name == "lstm"
    assert (model.hidden, model.inputs) == (1, 1)
    for name, value in HOMEWORK.items():
        actual = model.bias(name)[0] if name.startswith("b") else model.weight(name)[0][0]
        assert actual == value and isinstance(actual, sympy.Integer), name
    assert model.initial == (("c", (0,)), ("h", (0,)))
    assert model.alphabet == ((0,), (1,))
    assert [q.inputs for q in model.questions] == [
        tuple((x,) for x in (0, 0, 1, 1, 1, 0)),
        tuple((x,) for x in (1, 1, 0, 1, 1)),
    ]
    assert [q.expected for q in model.questions] == [(0, 0, 1, -1, 1, 0), (1, -1, 0, 1, -1)]


def test_builtin_models() -> None:
    names = builtin_names()
    assert {"homework", "calculations", "gating"} <= set(names)
    kinds = {name: load_model(name).kind.name for name in names}
    assert kinds["gating"] == "gated" and kinds["calculations"] == "lstm"
    calculations = load_model("calculations")
    assert all(w == ((1,),) for _, w in calculations.weights)
    assert all(b == (0,) for _, b in calculations.biases)
    assert calculations.initial == (("c", (1,)), ("h", (1,)))
    assert load_model("homework-wch10").weight("W_ch") == ((-10,),)


def test_unknown_builtin_lists_the_names() -> None:
    with pytest.raises(UnknownModelError) as info:
        load_model("homwork")
    assert str(info.value) == (
        "homwork: no such built-in model or file (built-in models: "
        + ", ".join(builtin_names())
        + ")"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.1", R(1, 10)),
        ("-1.25", R(-5, 4)),
        ("1e400", sympy.Integer(10) ** 400),
        ("1.5e-300", R(15, 10**301)),
        ('"-1/3"', R(-1, 3)),
        ('" 22 / 7 "', R(22, 7)),
        ('"0.1"', R(1, 10)),
        ('"-2.5e3"', R(-2500)),
        ("1_000", sympy.Integer(1000)),
        ("0x10", sympy.Integer(16)),
        ("+7", sympy.Integer(7)),
        ("-0.0", sympy.Integer(0)),
        ("9" * 999, sympy.Integer(int("9" * 999))),
        ('"' + "1" * 999 + "/" + "3" * 999 + '"', R(int("1" * 999), int("3" * 999))),
    ],
)
def test_numbers_are_exact(text: str, value: sympy.Rational) -> None:
    model = model_from_toml(rnn(text))
    assert model.weight("W_ss") == ((value,),)
    assert isinstance(model.weight("W_ss")[0][0], sympy.Rational)


def test_defaults_biases_initial_state_alphabet() -> None:
    model = model_from_toml('cell = "gated"\nhidden = 2\ninputs = 2\n[params]\n'
                            "W_gs = [[1, 0], [0, 1]]\nW_gx = [[1, 0], [0, 1]]\n"
                            "W_ss = [[1, 0], [0, 1]]\nW_sx = [[1, 0], [0, 1]]\n")  # fmt: skip
    assert model.biases == (("b_g", (0, 0)), ("b_s", (0, 0)))
    assert model.initial == (("s", (0, 0)),)
    assert model.alphabet == ((0, 0), (0, 1), (1, 0), (1, 1))


def test_vector_alphabet_and_matrices() -> None:
    model = model_from_toml(
        'cell = "rnn"\nhidden = 2\ninputs = 3\nalphabet = [[0, 0, 0], [1, "1/2", -1]]\n'
        "[params]\nW_ss = [[1, 2], [3, 4]]\nW_sx = [[1, 0, 0], [0, 1, 0]]\nb_s = [0.5, -1]\n"
        "[initial]\ns = [1, 0]\n"
    )
    assert model.alphabet == ((0, 0, 0), (1, R(1, 2), -1))
    assert model.weight("W_ss") == ((1, 2), (3, 4))
    assert model.weight("W_sx") == ((1, 0, 0), (0, 1, 0))
    assert model.bias("b_s") == (R(1, 2), -1)
    assert model.initial_state("s") == (1, 0)


def test_every_cell_kind_reads_with_its_documented_names() -> None:
    documented = {
        "lstm": "W_fh W_fx b_f W_ih W_ix b_i W_oh W_ox b_o W_ch W_cx b_c",
        "gated": "W_gs W_gx b_g W_ss W_sx b_s",
        "rnn": "W_ss W_sx b_s",
        "gru": "W_rh W_rx b_r W_zh W_zx b_z W_nh W_nx b_n b_nh",
    }
    for kind, names in documented.items():
        assert CELL_KINDS[kind].param_names == tuple(names.split())
        lines = [f'cell = "{kind}"', "[params]", *(f"{n} = 1" for n in names.split())]
        model = model_from_toml("\n".join(lines))
        assert [n for n, _ in model.weights + model.biases] == [
            n for n in names.split() if n.startswith("W")
        ] + [n for n in names.split() if n.startswith("b")]


CODE = [
    "__import__('os').system('echo hi')",
    "__import__('pathlib').Path('EVALUATED').touch()",
    "1+1",
    "2**10",
    "Integer(5)",
    "Rational(1, 3)",
    "exp(1)",
    "lambda: 0",
    "1/3; import os",
    "S(1)/3",
]


@pytest.mark.parametrize("code", CODE)
def test_strings_that_look_like_code_are_rejected_not_evaluated(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = rnn(f'"{code}"')
    with pytest.raises(ModelError) as info:
        model_from_toml(text, source="m.toml")
    assert str(info.value) == (
        f'm.toml: params.W_ss: expected a number (integer, decimal or "p/q"), got {code!r}'
    )
    assert os.listdir(tmp_path) == []


def test_strings_elsewhere_are_plain_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    payload = "__import__('pathlib').Path('EVALUATED').touch()"
    model = model_from_toml(
        f'cell = "rnn"\nname = "{payload}"\ndescription = "{payload}"\n'
        "[params]\nW_ss = 1\nW_sx = 1\n"
    )
    assert model.name == payload and model.description == payload
    assert os.listdir(tmp_path) == []


def test_read_model_file_names_the_model_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "my-cell.toml"
    path.write_text(rnn("1"), encoding="utf-8")
    model = read_model_file(path)
    assert model.name == "my-cell" and model.source == str(path)
    assert load_model(str(path)) == model
    assert load_model(path) == model


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'cell = "rnn" # \xe9\n')
    with pytest.raises(ModelError, match=r"latin\.toml: expected a UTF-8 text file$"):
        read_model_file(path)


def test_model_values_are_frozen() -> None:
    model = load_model()
    with pytest.raises(AttributeError):
        model.hidden = 2  # type: ignore[misc]
