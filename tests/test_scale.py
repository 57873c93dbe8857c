"""Scale (issue 12): a machine over 64 states is summarised in the document (counts, the
structure, the first states) with the whole machine attached; the 10-unit shift
register's report (a 1024-state machine) stays under 5,000 lines and its PDF compiles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bench_prove import shift_register  # h_t,k = h_(t-1),k-1: 2^n states

from symlstm.derivation import SUMMARY_STATES, MachineSummary, derive
from symlstm.render import render
from tests.cli_runner import run_cli


@pytest.fixture(scope="module")
def shift10() -> Any:
    return derive(shift_register(10))


def test_a_large_machine_is_summarised(shift10: Any) -> None:
    summary = shift10.step("machine").result
    assert isinstance(summary, MachineSummary)
    assert summary.machine.size == 1024 > SUMMARY_STATES
    assert summary.transitions == 2048 and summary.outputs == 1024
    assert summary.components == 1 and summary.closed_components == 1
    # breadth-first from the initial state: q0, then its successors in symbol order
    machine = summary.machine
    order = [machine.initial]
    for q in order:
        order += [r for r in machine.transitions[q] if r not in order]
    assert list(summary.shown) == order[:16]
    assert "table" not in shift10.keys  # 1024 states: no table listed row by row


def test_small_machines_are_listed_whole() -> None:
    derivation = derive(shift_register(3))
    assert not isinstance(derivation.step("machine").result, MachineSummary)
    assert "table" in derivation.keys


def test_the_report_is_under_5000_lines_in_every_format(shift10: Any) -> None:
    for fmt in ("text", "markdown", "latex", "html"):  # JSON: data, the whole machine
        text = render(shift10, fmt)
        assert text.count("\n") < 5000, (fmt, text.count("\n"))
        if fmt != "html":  # the HTML carries the machine as one base64 data link
            longest = max(len(line) for line in text.splitlines())
            assert longest < 2_000, (fmt, longest)
    text = render(shift10, "text")
    assert "1024 states, 2048 transitions" in text
    data = json.loads(render(shift10, "json"))
    (machine_step,) = [s for s in data["sections"] if s["key"] == "machine"]
    whole = machine_step["result"]["data"]["machine"]
    assert len(whole["states"]) == 1024  # JSON carries the whole machine


def test_the_markdown_carries_the_whole_machine(shift10: Any) -> None:
    markdown = render(shift10, "markdown")
    block = markdown.split("```dot\n", 1)[1].split("```", 1)[0]
    assert "symlstm prove" not in markdown  # the machine itself, not a command to get it
    assert block.count("->") >= 1024


def test_the_html_attaches_the_whole_machine(shift10: Any) -> None:
    html = render(shift10, "html")
    assert 'download="shift-10-machine.dot"' in html
    assert "data:text/vnd.graphviz;base64," in html


@pytest.mark.skipif(
    (shutil.which("pdflatex") is None or shutil.which("pdfdetach") is None)
    and not os.environ.get("CI"),
    reason="pdflatex or poppler is not installed (and CI is unset)",
)
def test_the_pdf_compiles_and_embeds_the_machine(tmp_path: Path) -> None:
    model = tmp_path / "shift10.toml"
    n = 10
    m = shift_register(n)
    lines = ['cell = "lstm"', f"hidden = {n}", 'name = "shift10"', "[params]"]
    for name, matrix in m.weights:
        lines.append(f"{name} = {[[int(v) for v in row] for row in matrix]}")
    for name, vector in m.biases:
        lines.append(f"{name} = {[int(v) for v in vector]}")
    lines += ["[initial]", f"h = {[-1] * n}", f"c = {[-1] * n}"]
    model.write_text("\n".join(lines) + "\n")
    pdf = tmp_path / "shift10.pdf"
    result = run_cli(["report", str(model), "-o", str(pdf)])
    assert result.status == 0, result.stderr
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True)
    assert "shift10-machine.dot" in listed.stdout
    subprocess.run(["pdfdetach", "-save", "1", "-o", str(tmp_path / "m.dot"), str(pdf)], check=True)
    dot = (tmp_path / "m.dot").read_text()
    assert dot.startswith("digraph") and dot.count("->") >= 1024
