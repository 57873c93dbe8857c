"""Hostile and huge inputs (issue 15), and running the command line on them in a child
process under a memory ceiling, so that a regression fails instead of taking the machine.

Shared by ``tests/robustness/test_hostile.py`` and ``bench/bench_hostile.py``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOMEWORK = {
    "W_fh": "0",
    "W_fx": "0",
    "b_f": "-100",
    "W_ih": "0",
    "W_ix": "100",
    "b_i": "100",
    "W_oh": "0",
    "W_ox": "100",
    "b_o": "0",
    "W_ch": "-100",
    "W_cx": "50",
    "b_c": "0",
}


def homework(alphabet: str = "[0, 1]", questions: str = "", **params: str) -> str:
    """The homework model file with some parameters (TOML text of the value) replaced."""
    values = dict(HOMEWORK, **params)
    body = "\n".join(f"{k} = {v}" for k, v in values.items())
    return (
        f'name = "m"\ncell = "lstm"\nalphabet = {alphabet}\n[params]\n{body}\n'
        f"[initial]\nh = 0\nc = 0\n{questions}"
    )


def wide_alphabet(symbols: int) -> str:
    """The homework with inputs 0, 1 and then 2 … symbols−1 (each far beyond saturation)."""
    return homework(alphabet="[" + ", ".join(str(k) for k in range(symbols)) + "]")


def hidden_lstm(n: int) -> str:
    """An n-unit LSTM, each unit the homework's, uncoupled (diagonal W^{c,h})."""

    def diagonal(value: str) -> str:
        rows = ("[" + ", ".join(value if i == j else "0" for j in range(n)) + "]" for i in range(n))
        return "[" + ", ".join(rows) + "]"

    def column(value: str) -> str:
        return "[" + ", ".join(f"[{value}]" for _ in range(n)) + "]"

    def vector(value: str) -> str:
        return "[" + ", ".join(value for _ in range(n)) + "]"

    return (
        f'name = "wide"\ncell = "lstm"\nhidden = {n}\nalphabet = [0, 1]\n[params]\n'
        f"W_fh = {diagonal('0')}\nW_fx = {column('0')}\nb_f = {vector('-100')}\n"
        f"W_ih = {diagonal('0')}\nW_ix = {column('100')}\nb_i = {vector('100')}\n"
        f"W_oh = {diagonal('0')}\nW_ox = {column('100')}\nb_o = {vector('0')}\n"
        f"W_ch = {diagonal('-100')}\nW_cx = {column('50')}\nb_c = {vector('0')}\n"
    )


def big_machine(states: int) -> str:
    """A Moore machine file of ``states`` states over {0, 1} (a counter modulo ``states``)."""
    lines = ['name = "big"', "alphabet = [0, 1]", 'initial = "q0"', "[states]"]
    for k in range(states):
        lines.append(f'q{k} = {{output = {k % 2}, next = ["q0", "q{(k + 1) % states}"]}}')
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Result:
    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # peak resident memory of the child


def run_limited(
    args: Sequence[str], *, memory_mb: int = 1536, timeout: float = 60.0, cwd: Path | None = None
) -> Result:
    """``python -m symlstm ARGS`` in a child process whose address space is capped at
    ``memory_mb`` (RLIMIT_AS) and which is killed after ``timeout`` seconds (status −9)."""
    limit = memory_mb << 20

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "symlstm", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            preexec_fn=cap,
        )
        status: int | None = None
        usage = None
        deadline = start + timeout
        while status is None:
            pid, code, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(code)
                break
            if time.monotonic() > deadline:
                child.kill()
                _, code, usage = os.wait4(child.pid, 0)
                status = -9
                break
            time.sleep(0.01)
        child.returncode = status  # reaped by wait4: keep Popen from waiting again
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss / 1024 if usage is not None else 0.0
    return Result(status, stdout, stderr, seconds, peak)


@dataclass(frozen=True)
class Case:
    """One hostile input: a name, the files it needs and the command line."""

    name: str
    files: dict[str, str]
    args: tuple[str, ...]
    setup: Callable[[Path], None] | None = None


def write_case(case: Case, directory: Path) -> None:
    for name, text in case.files.items():
        (directory / name).write_text(text, encoding="utf-8")
    if case.setup is not None:
        case.setup(directory)


def _fifo(directory: Path) -> None:
    os.mkfifo(directory / "fifo.toml")


def _zero(directory: Path) -> None:
    os.symlink("/dev/zero", directory / "zero.toml")
    os.symlink("/dev/urandom", directory / "random.json")


CASES: tuple[Case, ...] = (
    Case("b_f = 1e400: solve", {"m.toml": homework(b_f="1e400")}, ("solve", "m.toml", "-i", "0,1")),
    Case("b_f = -1e20: solve", {"m.toml": homework(b_f="-1e20")}, ("solve", "m.toml", "-i", "0,1")),
    Case(
        "b_c = 10^4000 written out: solve",
        {"m.toml": homework(b_c="1" + "0" * 3999)},
        ("solve", "m.toml", "-i", "0,1"),
    ),
    Case(
        "b_f = -1e400: solve", {"m.toml": homework(b_f="-1e400")}, ("solve", "m.toml", "-i", "0,1")
    ),
    Case("b_f = -1e400: table", {"m.toml": homework(b_f="-1e400")}, ("table", "m.toml")),
    Case("b_f = -1e400: gaps", {"m.toml": homework(b_f="-1e400")}, ("gaps", "m.toml")),
    Case("b_f = -1e400: analyze", {"m.toml": homework(b_f="-1e400")}, ("analyze", "m.toml")),
    Case("b_f = -1e400: prove", {"m.toml": homework(b_f="-1e400")}, ("prove", "m.toml")),
    Case(
        "alphabet [0, 1e400]: solve",
        {"m.toml": homework(alphabet="[0, 1e400]")},
        ("solve", "m.toml", "-i", "1e400,0"),
    ),
    Case(
        "alphabet [0, 1e400]: prove -o",
        {"m.toml": homework(alphabet="[0, 1e400]")},
        ("prove", "m.toml", "-o", "c.json"),
    ),
    Case("b_f = -1e7: solve", {"m.toml": homework(b_f="-1e7")}, ("solve", "m.toml", "-i", "0,1")),
    Case("b_f = -1e8: analyze", {"m.toml": homework(b_f="-1e8")}, ("analyze", "m.toml")),
    Case("model -> /dev/zero", {}, ("solve", "zero.toml"), _zero),
    Case("certificate -> /dev/urandom", {}, ("check", "random.json"), _zero),
    Case("--claim FIFO", {}, ("prove", "--claim", "fifo.toml"), _fifo),
    Case("--machine FIFO", {}, ("explain", "--machine", "fifo.toml"), _fifo),
    Case(
        "1000-symbol alphabet: analyze --max-seconds 2",
        {"m.toml": wide_alphabet(1000)},
        ("analyze", "m.toml", "--max-seconds", "2"),
    ),
    Case(
        "hidden = 64: analyze --max-seconds 3",
        {"m.toml": hidden_lstm(64)},
        ("analyze", "m.toml", "--max-seconds", "3"),
    ),
    Case(
        "--claim 100,000 states --max-seconds 5",
        {"big.toml": big_machine(100_000)},
        ("prove", "--claim", "big.toml", "--max-seconds", "5"),
    ),
    Case(
        "solve 64,000 symbols",
        {},
        ("solve", "-i", ",".join(["0", "1"] * 32_000), "-f", "json"),
    ),
    Case(
        "question of 10^6 inputs",
        {
            "m.toml": homework(
                questions='[[questions]]\ntitle = "long"\ninputs = ['
                + ", ".join(["1"] * 1_000_000)
                + "]\n"
            )
        },
        ("solve", "m.toml"),
    ),
    # exponents past FULL_EXPONENT_DIGITS: sigmoid(-1e5000) = 10^(-4.34…e+4999), certified
    Case(
        "b_f = -1e5000: solve -f json",
        {"m.toml": homework(b_f="-1e5000")},
        ("solve", "m.toml", "-i", "0,1", "-f", "json"),
    ),
    Case("b_f = -1e5000: report", {"m.toml": homework(b_f="-1e5000")}, ("report", "m.toml")),
    Case(
        "b_f = -1e5000: prove -o",
        {"m.toml": homework(b_f="-1e5000")},
        ("prove", "m.toml", "-o", "c.json"),
    ),
    Case(
        "b_f = -9.999e10000: gaps -f latex",
        {"m.toml": homework(b_f="-9.999e10000")},
        ("gaps", "m.toml", "-f", "latex"),
    ),
    Case(
        "W_fx = -1e10000, alphabet [0, 1e10000]: table",
        {"m.toml": homework(alphabet="[0, 1e10000]", W_fx="-1e10000")},
        ("table", "m.toml"),
    ),
    Case(
        "W_fx = -1e5000, alphabet [0, 1e5000]: solve 10^4 steps",
        {"m.toml": homework(alphabet="[0, 1e5000]", W_fx="-1e5000")},
        ("solve", "m.toml", "-i", "1e5000^5000,0^5000", "-f", "json"),
    ),
    Case(
        "b_f = -1e10001: solve",
        {"m.toml": homework(b_f="-1e10001")},
        ("solve", "m.toml", "-i", "0"),
    ),
    Case(
        "10^5-symbol alphabet: solve 0,1",
        {"m.toml": wide_alphabet(100_000)},
        ("solve", "m.toml", "-i", "0,1"),
    ),
)
