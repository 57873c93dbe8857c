"""One minus sign per format: text, Markdown and JSON carry the ASCII hyphen-minus (what a
reader copies into Python or a calculator), LaTeX and HTML a real minus. The report used to
mix them in text (``zᶠₜ = -100`` beside ``≈ −1.000…`` and ``e−44``)."""

from __future__ import annotations

import re

import pytest
from cli_runner import run_cli

COMMANDS = (
    ["report"],
    ["report", "--show-work", "2"],
    ["solve", "--show-work", "2"],
    ["gaps"],
    ["table"],
    ["analyze"],
    ["explain"],
    ["prove"],
)


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_text_markdown_and_json_use_the_ascii_minus(command: list[str], format: str) -> None:
    done = run_cli([*command, "-f", format])
    assert done.status == 0, done.stderr
    assert "\u2212" not in done.stdout
    assert "-100" in done.stdout or "-1" in done.stdout


def test_the_report_in_html_sets_real_minus_signs_in_numbers() -> None:
    done = run_cli(["report", "-f", "html"])
    assert done.status == 0, done.stderr
    body = re.sub(r"<(style|script)\b.*?</\1>", "", done.stdout, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", body)
    # no ASCII hyphen before a digit in what a reader sees (exponents e-44 included)
    assert not re.findall(r"(?<![\w-])-\d", visible)
    assert "\u2212100" in visible


def test_gaps_in_html_are_typeset_not_ascii() -> None:
    """``gaps -f html`` was titled "symlstm: GapReport" (a class name) and printed its
    closed forms as ASCII, ``1/(1 + e^{100})`` and ``1 - sigmoid(100)``, in a wide table;
    it is now the report's section: MathML fractions and real minus signs."""
    done = run_cli(["gaps", "-f", "html"])
    assert done.status == 0, done.stderr
    page = done.stdout
    assert "<title>homework: saturation gaps</title>" in page
    assert "GapReport" not in page
    assert "e^{" not in page and "1 - sigmoid" not in page
    assert "<mfrac>" in page
