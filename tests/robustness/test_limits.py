"""Inputs read with limits, and one budget for every command (issue 15 items 2-4)."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import pytest
from robust_lib import run_cli

from symlstm.budget import NEVER, Deadline
from symlstm.errors import BudgetExceeded, ModelError
from symlstm.model.reading import LIMITS, FileKind, read_text_limited


def test_deadline() -> None:
    assert not NEVER.expired() and NEVER.remaining() == math.inf
    NEVER.check("anything")
    soon = Deadline.after(0.05)
    assert 0 < soon.remaining() <= 0.05 and not soon.expired()
    time.sleep(0.06)
    assert soon.expired() and soon.remaining() == 0
    with pytest.raises(BudgetExceeded) as caught:
        soon.check("the table")
    assert str(caught.value) == "the time budget of 0.05 s (--max-seconds) ran out during the table"
    assert isinstance(caught.value, TimeoutError)
    assert Deadline.after(100).sooner(1).remaining() <= 1
    with pytest.raises(ValueError):
        Deadline.after(0)


def test_a_file_over_its_cap_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(LIMITS, FileKind.MODEL, 1000)
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 2000 + "\n")
    with pytest.raises(ModelError) as caught:
        read_text_limited(path, FileKind.MODEL)
    assert (
        str(caught.value)
        == f"{path}: the file is 2003 bytes; a model file may have at most 1000 bytes"
    )


@pytest.mark.parametrize(
    ("target", "what"),
    [("/dev/zero", "a character device"), ("/dev/urandom", "a character device")],
)
def test_links_to_devices_are_refused(tmp_path: Path, target: str, what: str) -> None:
    link = tmp_path / "m.toml"
    os.symlink(target, link)
    run = run_cli(["solve", str(link)])
    assert run.status == 2
    assert run.stderr == f"symlstm: {link}: expected a regular model file, got {what}\n"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    run = run_cli(["check", str(tmp_path)])
    assert run.status == 2
    assert run.stderr == f"symlstm: {tmp_path}: expected a regular certificate, got a directory\n"


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "-i", "0,1"],
        ["table"],
        ["gaps"],
        ["report"],
        ["explain"],
        ["analyze"],
        ["prove"],
    ],
    ids=lambda a: a[0],
)
def test_every_command_takes_a_budget(args: list[str]) -> None:
    """--max-seconds and --max-memory are accepted (and a bad value refused) everywhere."""
    run = run_cli([*args, "--max-seconds", "0.5x"])
    assert run.status == 2 and "--max-seconds" in run.stderr
    run = run_cli([*args, "--max-memory", "lots"])
    assert run.status == 2 and "--max-memory: expected a whole number" in run.stderr


def test_check_takes_a_budget(tmp_path: Path) -> None:
    run = run_cli(["check", str(tmp_path / "none.json"), "--max-memory", "0"])
    assert run.status == 2 and "--max-memory" in run.stderr


@pytest.mark.parametrize(
    "args",
    [["solve", "-i", "0,1^19999"], ["table"], ["gaps", "-i", "0,1^19999"]],
    ids=lambda a: a[0],
)
def test_a_spent_budget_is_exit_3_with_one_line(args: list[str]) -> None:
    run = run_cli([*args, "--max-seconds", "0.001"])
    assert run.status == 3, run.stderr
    assert run.stderr.startswith(f"symlstm: {args[0]}: the time budget of 0.001 s (--max-seconds)")
    assert run.stderr.count("\n") == 1 and run.stdout == ""


def test_memory_ceiling_is_restored_after_a_command() -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    assert run_cli(["solve", "-i", "0", "--max-memory", "3000"]).status == 0
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_words_longer_than_solve_prints_are_refused() -> None:
    run = run_cli(["solve", "-i", "1^20001"])
    assert run.status == 2
    assert (
        run.stderr == "symlstm: --inputs: at most 20000 steps are computed and printed, got 20001\n"
    )


def test_alphabet_size_is_limited(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        'cell = "rnn"\nalphabet = [' + ", ".join(map(str, range(100_001))) + "]\n[params]\n"
        "W_ss = 1\nW_sx = 1\n"
    )
    run = run_cli(["solve", str(path), "-i", "0"])
    assert run.status == 2
    assert run.stderr == f"symlstm: {path}: alphabet: at most 100000 input symbols, got 100001\n"
