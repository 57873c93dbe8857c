"""Every bad input of issue 2 through the command line: its exact one-line message on
stderr, exit status 2, nothing on stdout, no traceback.

Messages read ``symlstm: FILE: KEY: what was expected``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symlstm.cli import main
from symlstm.model import builtin_names

LSTM_PARAMS = {
    "W_fh": "0", "W_fx": "0", "b_f": "-100", "W_ih": "0", "W_ix": "100", "b_i": "100",
    "W_oh": "0", "W_ox": "100", "b_o": "0", "W_ch": "-100", "W_cx": "50", "b_c": "0",
}  # fmt: skip
LSTM_NAMES = ", ".join(LSTM_PARAMS)


def lstm(head: str = "", **params: str | None) -> str:
    """The homework as a file, with ``params`` replaced (None: left out)."""
    table = {**LSTM_PARAMS, **params}
    lines = ['cell = "lstm"', head, "[params]"]
    lines += [f"{name} = {value}" for name, value in table.items() if value is not None]
    return "\n".join(lines) + "\n"


def rnn(head: str = "", W_ss: str = "1", W_sx: str = "1") -> str:
    return f'cell = "rnn"\n{head}\n[params]\nW_ss = {W_ss}\nW_sx = {W_sx}\n'


NOT_A_NUMBER = 'expected a number (integer, decimal or "p/q"), got'
# (file text, expected message after "symlstm: FILE: ")
CASES: dict[str, tuple[str, str]] = {
    # TOML syntax
    "syntax: missing value": (
        'cell = "lstm"\nhidden =\n',
        "TOML syntax error: Invalid value (at line 2, column 9)",
    ),
    "syntax: trailing text": (
        'cell = "lstm" x\n',
        "TOML syntax error: Expected newline or end of document after a statement "
        "(at line 1, column 15)",
    ),
    "syntax: duplicate key": (
        rnn("hidden = 1\nhidden = 2"),
        "TOML syntax error: Cannot overwrite a value (at line 3, column 11)",
    ),
    # cell kind
    "unknown cell kind": (
        'cell = "transformer"\n',
        "cell: unknown cell kind 'transformer'; expected one of lstm, gru, gated, rnn, "
        "lstm-peephole, gru-reset-before",
    ),
    "misspelt cell kind": (
        'cell = "lsmt"\n',
        "cell: unknown cell kind 'lsmt'; expected one of lstm, gru, gated, rnn, "
        "lstm-peephole, gru-reset-before (did you mean 'lstm'?)",
    ),
    "missing cell kind": (
        "hidden = 1\n",
        "cell: missing; expected one of lstm, gru, gated, rnn, lstm-peephole, gru-reset-before",
    ),
    "cell kind not a string": ("cell = 1\n", "cell: expected a string, got the number 1"),
    # parameter names
    "missing parameter": (lstm(W_ix=None), "params.W_ix: missing; the lstm cell needs W_ix"),
    "unknown parameter": (
        lstm(W_qq="1"),
        f"params.W_qq: unknown parameter of the lstm cell; expected {LSTM_NAMES}",
    ),
    "misspelt parameter (transposed)": (
        lstm(W_ix=None, W_xi="100"),
        "params.W_xi: unknown parameter of the lstm cell (did you mean 'W_ix'?); "
        f"expected {LSTM_NAMES}",
    ),
    "misspelt parameter (PyTorch order)": (
        lstm(W_fh=None, W_hf="0"),
        "params.W_hf: unknown parameter of the lstm cell (did you mean 'W_fh'?); "
        f"expected {LSTM_NAMES}",
    ),
    "misspelt parameter (case)": (
        lstm(W_fh=None, w_fh="0"),
        "params.w_fh: unknown parameter of the lstm cell (did you mean 'W_fh'?); "
        f"expected {LSTM_NAMES}",
    ),
    "misspelt parameter (typo)": (
        rnn().replace("W_sx", "W_sz"),
        "params.W_sz: unknown parameter of the rnn cell (did you mean 'W_sx'?); "
        "expected W_ss, W_sx, b_s",
    ),
    "parameter key holding a newline": (
        rnn().replace("W_sx", '"W_s\\nx"'),
        "params.\"W_s\\nx\": unknown parameter of the rnn cell (did you mean 'W_sx'?); "
        "expected W_ss, W_sx, b_s",
    ),
    "misspelt top-level key": (
        rnn("hiden = 2"),
        "hiden: unknown key; expected one of cell, hidden, inputs, alphabet, params, "
        "initial, name, description, questions, readout (did you mean 'hidden'?)",
    ),
    "unknown initial state": (
        lstm() + "[initial]\nk = 0\n",
        "initial.k: unknown state of the lstm cell; expected c, h",
    ),
    # shapes
    "scalar for a 2×2 matrix": (
        lstm("hidden = 2"),
        "params.W_fh: expected a 2×2 matrix (a list of 2 rows of 2 numbers), got the number 0",
    ),
    "short row": (
        rnn("hidden = 2", W_ss="[[1, 2], [3]]"),
        "params.W_ss[1]: expected a row of 2 numbers, got 1 entry",
    ),
    "too many rows": (
        rnn("hidden = 2", W_ss="[[1, 2], [3, 4], [5, 6]]"),
        "params.W_ss: expected a 2×2 matrix (a list of 2 rows of 2 numbers), got 3 rows",
    ),
    "row of a 1×1 weight": (
        rnn(W_ss="[1, 2]"),
        "params.W_ss[0]: expected a row of 1 number, got 2 entries",
    ),
    "input weight of the wrong width": (
        rnn("inputs = 2", W_sx="[[1, 2, 3]]"),
        "params.W_sx[0]: expected a row of 2 numbers, got 3 entries",
    ),
    "bias of the wrong length": (
        rnn("hidden = 2", W_ss="[[1, 0], [0, 1]]", W_sx="[[1], [1]]") + "b_s = [1, 2, 3]\n",
        "params.b_s: expected a list of 2 numbers, got 3 entries",
    ),
    "initial state of the wrong length": (
        rnn() + "[initial]\ns = [0, 0]\n",
        "initial.s: expected a list of 1 number, got 2 entries",
    ),
    "size zero": (
        rnn("hidden = 0"),
        "hidden: expected a whole number from 1 to 64, got the number 0",
    ),
    "size as a decimal": (
        rnn("inputs = 1.5"),
        "inputs: expected a whole number from 1 to 64, got the number 1.5",
    ),
    "params not a table": (
        'cell = "rnn"\nparams = 3\n',
        "params: expected a table, got the number 3",
    ),
    # values that are not finite numbers
    "boolean": (lstm(W_fh="true"), "params.W_fh: expected a number, got the boolean true"),
    "boolean in a matrix": (
        rnn("hidden = 2", W_ss="[[1, 0], [false, 1]]"),
        "params.W_ss[1][0]: expected a number, got the boolean false",
    ),
    "boolean size": (
        rnn("hidden = true"),
        "hidden: expected a whole number from 1 to 64, got the boolean true",
    ),
    "word": (lstm(W_fh='"zero"'), f"params.W_fh: {NOT_A_NUMBER} 'zero'"),
    "empty string": (lstm(W_fh='""'), f"params.W_fh: {NOT_A_NUMBER} ''"),
    "half a rational": (lstm(W_fh='"1/"'), f"params.W_fh: {NOT_A_NUMBER} '1/'"),
    "negative denominator": (lstm(W_fh='"1/-3"'), f"params.W_fh: {NOT_A_NUMBER} '1/-3'"),
    "zero denominator": (
        lstm(W_fh='"1/0"'),
        "params.W_fh: expected a number, got '1/0' (zero denominator)",
    ),
    "a date": (lstm(W_fh="1979-05-27"), "params.W_fh: expected a number, got date"),
    "a table": (lstm(W_fh="{ a = 1 }"), "params.W_fh: expected a number, got a table"),
    "nan": (lstm(W_fh="nan"), "params.W_fh: expected a finite number, got nan"),
    "+nan": (lstm(W_fh="+nan"), "params.W_fh: expected a finite number, got +nan"),
    "inf": (lstm(W_fh="inf"), "params.W_fh: expected a finite number, got inf"),
    "-inf": (lstm(W_fh="-inf"), "params.W_fh: expected a finite number, got -inf"),
    'string "nan"': (lstm(W_fh='"nan"'), "params.W_fh: expected a finite number, got 'nan'"),
    'string "NaN"': (lstm(W_fh='"NaN"'), "params.W_fh: expected a finite number, got 'NaN'"),
    'string "inf"': (lstm(W_fh='"inf"'), "params.W_fh: expected a finite number, got 'inf'"),
    'string "-Infinity"': (
        lstm(W_fh='"-Infinity"'),
        "params.W_fh: expected a finite number, got '-Infinity'",
    ),
    "nan in a bias vector": (
        rnn("hidden = 2", W_ss="[[1, 0], [0, 1]]", W_sx="[[1], [1]]") + "b_s = [0, nan]\n",
        "params.b_s[1]: expected a finite number, got nan",
    ),
    "code": (
        lstm(W_fh="\"__import__('os').system('echo hi')\""),
        f"params.W_fh: {NOT_A_NUMBER} \"__import__('os').system('echo hi')\"",
    ),
    "arithmetic": (lstm(W_fh='"2**10"'), f"params.W_fh: {NOT_A_NUMBER} '2**10'"),
    "too many digits": (
        rnn(W_ss="1e99999"),
        "params.W_ss: number too large to handle (1 digits, exponent 99999; "
        "at most 4000 digits and exponent ±10000)",
    ),
    # alphabet
    "empty alphabet": (
        rnn("alphabet = []"),
        "alphabet: expected at least one input symbol, got an empty list",
    ),
    "alphabet not a list": (
        rnn("alphabet = 1"),
        "alphabet: expected a list of input symbols, got the number 1",
    ),
    "alphabet symbol too short": (
        rnn("inputs = 2\nalphabet = [[0, 1], [1]]", W_sx="[[1, 1]]"),
        "alphabet[1]: expected an input symbol of 2 numbers, got a list of 1",
    ),
    "alphabet symbol a scalar for m = 2": (
        rnn("inputs = 2\nalphabet = [0, 1]", W_sx="[[1, 1]]"),
        "alphabet[0]: expected an input symbol of 2 numbers (a list), got the number 0",
    ),
    "alphabet symbol a list for m = 1": (
        rnn("alphabet = [[0, 1]]"),
        "alphabet[0]: expected an input symbol of 1 number, got a list of 2",
    ),
    "alphabet symbol not a number": (
        rnn('alphabet = [0, "one"]'),
        f"alphabet[1]: {NOT_A_NUMBER} 'one'",
    ),
    "alphabet symbol nan": (
        rnn("alphabet = [0, nan]"),
        "alphabet[1]: expected a finite number, got nan",
    ),
    "duplicate alphabet symbol": (
        rnn('alphabet = [0, "0/5"]'),
        "alphabet[1]: duplicate input symbol",
    ),
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line(err: str, expected: str) -> None:
    assert err == expected + "\n"
    assert "Traceback" not in err


@pytest.mark.parametrize("case", list(CASES))
def test_bad_model_file(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, message = CASES[case]
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(["equations", str(path)], capsys)
    assert (status, out) == (2, "")
    assert_one_line(err, f"symlstm: {path}: {message}")


def test_unknown_builtin_name_lists_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["equations", "homwork"], capsys)
    assert (status, out) == (2, "")
    assert_one_line(
        err,
        "symlstm: homwork: no such built-in model or file (built-in models: "
        "homework, homework-wch10, calculations, gating, rnn)",
    )
    assert tuple(builtin_names()) == (
        "homework", "homework-wch10", "calculations", "gating", "rnn",
    )  # fmt: skip


def test_missing_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "none.toml"
    status, _, err = run(["equations", str(path)], capsys)
    assert status == 2
    assert err.startswith(f"symlstm: {path}: no such built-in model or file")
    assert err.count("\n") == 1


def test_output_into_a_missing_directory_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "out.tex"
    status, out, err = run(["equations", "-f", "latex", "--fragment", "-o", str(target)], capsys)
    assert (status, out) == (2, "")
    assert_one_line(err, f"symlstm: --output: no such directory: {target.parent}")
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["equations", "-o", str(tmp_path)], capsys)
    assert (status, out) == (2, "")
    assert_one_line(
        err, f"symlstm: --output: expected a file name, got the directory {str(tmp_path)!r}"
    )
    assert list(tmp_path.iterdir()) == []


def test_bad_model_with_output_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.toml"
    path.write_text(lstm(W_fh="nan"), encoding="utf-8")
    target = tmp_path / "out.txt"
    status, _, _ = run(["equations", str(path), "-o", str(target)], capsys)
    assert status == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]


def test_output_file_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.tex"
    status, out, err = run(["equations", "-f", "latex", "--fragment", "-o", str(target)], capsys)
    assert (status, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("% homework: LSTM equations, general\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tex"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["equations", "--unroll", "0"],
            "symlstm: --unroll: expected a whole number from 1 to 64, got 0",
        ),
        (["equations", "--unroll", "x"], "symlstm: --unroll: expected a whole number, got 'x'"),
        (
            ["equations", "--unroll", "65"],
            "symlstm: --unroll: expected a whole number from 1 to 64, got 65",
        ),
        (
            ["equations", "-f", "docx"],
            None,  # argparse's one line; the list of formats grows with later issues
        ),
        (
            ["equations", "--notation", "keras"],
            "symlstm equations: error: argument --notation: invalid choice: 'keras' "
            "(choose from 'course', 'pytorch') (see symlstm equations --help)",
        ),
        (["frobnicate"], None),
        (
            ["prove", "--max-seconds", "0"],
            "symlstm: --max-seconds: expected more than 0 and at most 604800 seconds, got 0",
        ),
        *(
            (
                ["prove", "--max-seconds", text],
                "symlstm: --max-seconds: expected a number of seconds such as 2 or 0.5, "
                f"got {text!r}",
            )
            for text in ("nan", "inf", "1e3", "-1", "1_0", "0x10", " 2")
        ),
    ],
)
def test_bad_options(
    argv: list[str], message: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(argv, capsys)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    if message is not None:
        assert err == message + "\n"


@pytest.mark.parametrize(
    ("value", "digits"),
    # an exact M·10^K is printed as the model file writes it; other digits in full
    [("1e400", "tanh(1e400 hₜ₋₁"), ("9" * 999, "9" * 999), ('"-1/' + "7" * 500 + '"', "7" * 500)],
)
def test_huge_finite_numbers_are_valid(
    value: str, digits: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(lstm(W_ch=value), encoding="utf-8")
    status, out, err = run(["equations", str(path), "--substituted"], capsys)
    assert (status, err) == (0, "")
    assert digits in out


def test_code_is_never_evaluated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "EVALUATED"
    path = tmp_path / "code.toml"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    path.write_text(lstm(W_fh=f'"{payload}"'), encoding="utf-8")
    status, _, err = run(["equations", str(path)], capsys)
    assert status == 2 and NOT_A_NUMBER in err
    assert not marker.exists()


def test_a_real_process_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(lstm(W_fh=None, W_hf="0"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "symlstm", "equations", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning:symlstm"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"symlstm: {path}: params.W_hf: unknown parameter of the lstm cell "
        f"(did you mean 'W_fh'?); expected {LSTM_NAMES}\n"
    )


def test_an_integer_beyond_pythons_digit_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.toml"
    text = rnn(W_ss="7" * 5000)  # refused before TOML reads it, with the line
    path.write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "7" * 5000 in s)
    status, out, err = run(["equations", str(path)], capsys)
    assert (status, out) == (2, "")
    assert_one_line(
        err, f"symlstm: {path}: line {line}: number too large to handle (at most 4000 digits)"
    )
    path.write_text(rnn(W_ss="7" * 4100), encoding="utf-8")  # read by TOML, refused by us
    status, out, err = run(["equations", str(path)], capsys)
    assert_one_line(
        err, f"symlstm: {path}: params.W_ss: number too large to handle (at most 4000 digits)"
    )


@pytest.mark.parametrize("name", ["\n", "home\nwork", "a\tb", "x\r.toml"])
def test_control_characters_in_a_model_name_stay_on_one_line(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["equations", name], capsys)
    assert (status, out) == (2, "")
    escaped = name.encode("unicode_escape").decode("ascii")
    assert_one_line(err, f"symlstm: {escaped}: no such built-in model or file (built-in models: "
                    "homework, homework-wch10, calculations, gating, rnn)")  # fmt: skip


def test_control_characters_in_a_file_name_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad\nname.toml"
    path.write_text(rnn(W_ss="true"), encoding="utf-8")
    status, _, err = run(["equations", str(path)], capsys)
    assert status == 2
    escaped = str(path).replace("\n", "\\n")
    message = "params.W_ss: expected a number, got the boolean true"
    assert_one_line(err, f"symlstm: {escaped}: {message}")
