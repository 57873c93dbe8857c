"""The terminal table's c̃ header (a c and a combining tilde) takes one column: the
columns after it stay aligned (issue 12)."""

from __future__ import annotations

import unicodedata

from tests.cli_runner import run_cli


def _columns(line: str) -> list[int]:
    """The terminal column where each cell starts (combining marks take none)."""
    starts, column, previous = [], 0, " "
    for char in line:
        if unicodedata.combining(char):
            continue
        if char != " " and previous == " ":
            starts.append(column)
        previous = char
        column += 1
    return starts


def test_columns_after_a_combining_header_stay_aligned() -> None:
    out = run_cli(["solve", "-r", "saturate"]).stdout.splitlines()
    (k,) = [i for i, line in enumerate(out) if line.startswith("t  x")]
    header, first = _columns(out[k])[:8], _columns(out[k + 1])[:8]
    assert "c̃" in out[k]
    assert header == first, (out[k], out[k + 1])
