"""``symlstm report``: the README's main job. No arguments gives the homework's worked
solution as text (the golden file); formats by option or by the suffix of ``-o``; a PDF
when pdflatex is installed and one clear line when it is not; bad input, one line and
exit status 2."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from symlstm.cli import COMMANDS, main, report_command
from symlstm.cli import pdf as pdf_module

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def test_registered() -> None:
    assert report_command in COMMANDS


def test_no_arguments_is_the_homework_worked_solution(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    # the document, then what only the command line says: the commands that draw
    assert out == (GOLDEN / "report-homework.txt").read_text(encoding="utf-8") + (
        "\n  (Drawings: symlstm diagram homework -o unit.svg draws the unit; "
        "symlstm prove homework -f dot writes the machine in Graphviz DOT.)\n"
    )


def test_suffix_chooses_the_format_and_inputs_replace_questions(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    assert (
        main(["report", "--inputs", "0,1", "--inputs", "1,1,1", "-r", "nearest", "-o", str(target)])
        == 0
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    questions = [s["result"]["data"] for s in data["sections"] if s["key"].startswith("question-")]
    assert [q["inputs"] for q in questions] == [[["0"], ["1"]], [["1"], ["1"], ["1"]]]
    assert [q["answer"] for q in questions] == [[0, 1], [1, -1, 1]]
    assert all(q["expected"] is None for q in questions)
    assert questions[0]["result"]["rounding"]["name"] == "nearest"


@pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex is not installed (and CI is unset)",
)
def test_pdf_output(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    assert main(["report", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_pdf_without_an_engine_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pdf_module, "find_engine", lambda: None)
    target = tmp_path / "report.pdf"
    assert main(["report", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["report", "--inputs", "0,2"], "--inputs"),
        (["report", "--rounding", "floor"], "--rounding"),
        (["report", "--dps", "0"], "--dps"),
        (["report", "--dps", "5000"], "--dps"),
        (["report", "--format", "pdf"], "--format"),
        (["report", "no-such-model"], "no-such-model"),
    ],
)
def test_bad_input_is_one_line(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option in err
