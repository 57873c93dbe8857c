"""drift compares float32 with the exact cell; a weight beyond a float (-1e5000) is float32's
-inf, as torch would read it, not an OverflowError traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symlstm.cli import main

HOMEWORK = Path(__file__).resolve().parents[2] / "symlstm" / "model" / "examples" / "homework.toml"


@pytest.mark.parametrize("value", ["-1e5000", "1e400"])
def test_drift_of_a_weight_beyond_a_float(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.toml"
    path.write_text(re.sub(r"(?m)^b_f = .*$", f"b_f = {value}", HOMEWORK.read_text()))
    assert main(["drift", str(path)]) == 0
    out = capsys.readouterr().out
    assert "float32" in out
