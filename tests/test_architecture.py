"""The pipeline of DESIGN.md: each stage imports only from stages to its left."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "symlstm"
ORDER = (
    "errors",
    "budget",
    "executor",  # independent jobs on an executor: used by variants, sweeps and benches
    "model",
    "equations",
    "numbers",
    "analysis",
    "derivation",
    "variants",  # homework variants and sweeps, solved and verified, as data
    "render",
    "exports",  # learning-platform exports and variant sheets, built on render
    "faces",
)
FACES = {"cli", "sphinx", "notebook", "__main__", "__init__"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "symlstm":
        return None
    if len(parts) == 1 or parts[1] in FACES:
        return "faces"
    return parts[1] if parts[1] in ORDER else None


def _imports(path: Path) -> list[str]:
    return re.findall(r"^\s*(?:from|import)\s+(symlstm[\w.]*)", path.read_text(), re.MULTILINE)


def test_every_stage_imports_only_from_its_left() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        stage = _stage(module)
        assert stage is not None, f"{module} belongs to no stage of DESIGN.md"
        for imported in _imports(path):
            target = _stage(imported)
            if target is not None and ORDER.index(target) > ORDER.index(stage):
                wrong.append(f"{module} ({stage}) imports {imported} ({target})")
    assert wrong == []


def test_the_check_itself_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from symlstm.render import render\n")
    assert [_stage(m) for m in _imports(bad)] == ["render"]
    assert ORDER.index("render") > ORDER.index("model")
