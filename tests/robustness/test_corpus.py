"""Malformed and hostile inputs found or planted by the robustness bench, kept as
regression tests (``corpus/``): each ends with one line on stderr and exit status 2, in
well under a second and bounded memory, leaves no ``-o`` file, and executes nothing.

Found by this bench (and fixed): arrays nested thousands deep made ``tomllib`` raise
RecursionError, a traceback, both in model files (``symlstm.model.files.parse_toml``) and
in machine files given to ``--claim`` / ``--machine`` (``analysis.explain.machine_from_toml``,
which also let a ValueError from an integer of more than 4300 digits through).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from robust_lib import assert_one_line_failure, run_cli

CORPUS = Path(__file__).parent / "corpus"
MODELS = sorted(p.name for p in CORPUS.glob("*.toml") if "machine" not in p.name)
MACHINES = sorted(p.name for p in CORPUS.glob("*.toml") if "machine" in p.name)
SECONDS = 1.0
# a 10^6-digit integer is refused before tomllib sees it (tomllib alone peaked at ~117 MB
# converting it): ~2.5 MB for the 1 MB file
PEAK_BYTES = 16 * 2**20
PWNED = Path("/tmp/symlstm-pwned")


def _bounded(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    PWNED.unlink(missing_ok=True)
    run = run_cli([*args, "-o", str(target)])
    assert_one_line_failure(run, args)
    assert not target.exists(), "a partial output file was left"
    assert list(tmp_path.iterdir()) == [], "a temporary file was left"
    assert run.seconds < SECONDS, f"{run.seconds:.2f} s"
    assert not PWNED.exists(), "a payload was executed"
    files = [Path(a) for a in args if a.startswith(str(CORPUS))]
    if sum(len(a) for a in args) + sum(f.stat().st_size for f in files) < 100_000:
        return  # small inputs: the memory is that of a normal run
    tracemalloc.start()  # a second run for the memory (tracemalloc slows parsing ~40x)
    try:
        run_cli([*args, "-o", str(target)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("command", ["equations", "solve", "analyze"])
def test_hostile_model_file_is_rejected_in_one_line(
    name: str, command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _bounded([command, str(CORPUS / name)], out)


@pytest.mark.parametrize("name", MACHINES)
@pytest.mark.parametrize("command", ["prove", "explain"])
def test_hostile_machine_file_is_rejected_in_one_line(
    name: str, command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    option = "--claim" if command == "prove" else "--machine"
    args = [command, "homework", option, str(CORPUS / name)]
    _bounded(args, out)  # for prove, -o is the certificate


@pytest.mark.parametrize(
    "payload",
    [
        "__import__('os').system('touch /tmp/symlstm-pwned')",
        "lambda: __import__('os')",
        "().__class__.__mro__[1].__subclasses__()",
        "9**9**9",
        "1" * 100_000,
        "[" * 10_000,
        "0," * 1000 + "__import__('os')",
        "[0;1]",
        "1/0",
        "nan",
        "-inf",
        "1e999999999",
    ],
    ids=lambda payload: payload[:20],
)
def test_hostile_inputs_option_is_rejected(payload: str, tmp_path: Path) -> None:
    _bounded(["solve", "homework", "--inputs", payload], tmp_path)
