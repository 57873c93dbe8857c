"""Hypothesis fuzzing of model files and command lines: whatever the input, symlstm either
works or ends with exactly one line on stderr and exit status 2 - never a traceback (an
exception escaping ``symlstm.cli.main`` fails the test with the traceback a user would
see), never a partial ``-o`` file."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_lib import assert_clean, run_cli

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

VALID: dict[str, Any] = {
    "cell": "lstm",
    "hidden": 1,
    "inputs": 1,
    "alphabet": [0, 1],
    "params": {
        "W_fh": 0,
        "W_fx": 0,
        "b_f": -100,
        "W_ih": 0,
        "W_ix": 100,
        "b_i": 100,
        "W_oh": 0,
        "W_ox": 100,
        "b_o": 0,
        "W_ch": -100,
        "W_cx": 50,
        "b_c": 0,
    },
    "initial": {"h": 0, "c": 0},
}


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON escapes are TOML basic-string escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_document(data: dict[str, Any]) -> str:
    lines = []
    tables = []
    for key, value in data.items():
        if isinstance(value, dict) and key in ("params", "initial"):
            tables.append((key, value))
        else:
            lines.append(f"{json.dumps(key)} = {toml_value(value)}")
    for key, table in tables:
        lines.append(f"[{key}]")
        lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


leaves = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["1/3", "-1/0", "0.1", "1e400", "lstm", "gru", "__import__('os')", "9**9**9"]),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
PATHS = [
    ("cell",),
    ("hidden",),
    ("inputs",),
    ("alphabet",),
    ("initial",),
    ("initial", "h"),
    ("initial", "c"),
    ("params", "W_fh"),
    ("params", "b_f"),
    ("params", "W_cx"),
    ("params", "W_zz"),
    ("name",),
    ("questions",),
    ("params",),
]


def _run_model(text: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "m.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = Path(directory) / "out.txt"
        args = [command, str(path), "-o", str(out)]
        if command == "solve":
            args += ["--inputs", "0,1,1"]
        run = run_cli(args)
        assert_clean(run, text[:300])
        if run.status != 0:
            assert not out.exists()
        assert sorted(p.name for p in Path(directory).iterdir()) in (
            ["m.toml"],
            ["m.toml", "out.txt"],
        )


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["equations", "solve"]))
def test_random_text_as_a_model_file(text: str, command: str) -> None:
    _run_model(text, command)


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3),
    st.sampled_from(["equations", "solve"]),
)
def test_mutated_valid_model(mutations: list[tuple[tuple[str, ...], Any]], command: str) -> None:
    data = json.loads(json.dumps(VALID))
    for path, value in mutations:
        target = data
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = value
    _run_model(toml_document(data), command)


@SETTINGS
@given(st.text(min_size=1, max_size=60), st.sampled_from(["equations", "solve"]))
def test_random_toml_line_appended(line: str, command: str) -> None:
    _run_model(toml_document(VALID) + line + "\n", command)


OPTIONS = {
    "solve": [
        "--inputs",
        "--question",
        "--rounding",
        "--threshold",
        "--tie",
        "--tolerance",
        "--dps",
        "--format",
        "--notation",
    ],
    "gaps": [
        "--inputs",
        "--question",
        "--rounding",
        "--threshold",
        "--tie",
        "--states",
        "--dps",
        "--format",
        "--notation",
    ],
    "equations": ["--unroll", "--format", "--notation", "--substituted"],
    "gates": ["--format"],
    "table": ["--rounding", "--format"],
}
ARG_VALUES = [
    "0",
    "1",
    "-1",
    "2",
    "12",
    "0,1",
    "1,1,0",
    "[0,1];[1,1]",
    "",
    "abc",
    "1/0",
    "1e9",
    "100001",
    "nan",
    "inf",
    "exact",
    "nearest",
    "saturate",
    "to-zero",
    "json",
    "text",
    "latex",
    "markdown",
    "html",
    "course",
    "pytorch",
    "none",
    "--",
    "-x",
    "homework",
    "gating",
    "rnn",
    "calculations",
    "0.5",
    "-0.5",
    "1/3",
    "９",
    "٣",
]


@SETTINGS
@given(
    st.sampled_from(sorted(OPTIONS)),
    st.lists(
        st.one_of(
            st.sampled_from(ARG_VALUES),
            st.sampled_from([o for opts in OPTIONS.values() for o in opts]),
            st.text(max_size=8),
        ),
        max_size=6,
    ),
)
def test_random_command_line(command: str, args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "out.txt"
        run = run_cli([command, *args, "-o", str(out)])
        assert_clean(run, args)
        if run.status != 0:
            assert not out.exists()
