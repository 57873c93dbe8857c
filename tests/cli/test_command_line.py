"""One command line (issue 12): the same options with the same names and defaults on every
command, every format that fits, exit statuses documented, ``--version`` fast, no command
module imported by another or by the Sphinx extension, one compiled cell per model."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from pathlib import Path

from symlstm.cli import build_parser, commands
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[2]
MACHINE_COMMANDS = ("prove", "analyze", "table")
DOCUMENT_FORMATS = {"text", "latex", "markdown", "json", "html"}


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    return next((a for a in parser._actions if name in a.option_strings), None)


def test_rounding_and_dps_mean_the_same_on_every_command() -> None:
    seen_rounding, seen_dps = set(), set()
    for name, parser in _subparsers().items():
        rounding = _option(parser, "--rounding")
        if rounding is not None:
            assert "-r" in rounding.option_strings, name
            seen_rounding.add((name, rounding.default))
        dps = _option(parser, "--dps")
        if dps is not None:
            seen_dps.add((name, dps.default))
        assert _option(parser, "--digits") is None, name
    assert {d for _, d in seen_rounding} == {"saturate"}, seen_rounding
    assert {d for _, d in seen_dps} == {"30"}, seen_dps
    assert {"solve", "report", "gaps", "table"} <= {n for n, _ in seen_rounding}
    assert {"solve", "report", "gaps", "table"} <= {n for n, _ in seen_dps}


def test_every_format_that_fits() -> None:
    parsers = _subparsers()
    for name in ("report", "solve", "gaps", "gates", "table", "explain", "analyze", "prove"):
        choices = set(_option(parsers[name], "--format").choices)
        assert choices >= DOCUMENT_FORMATS, (name, choices)
    for name in MACHINE_COMMANDS:
        assert {"dot", "tikz"} <= set(_option(parsers[name], "--format").choices), name


def test_table_takes_dps_and_rounding() -> None:
    result = run_cli(["table", "-r", "nearest", "--dps", "8", "-f", "json"])
    assert result.status == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["convention"] == "nearest" and data["digits"] == 8


def test_machines_as_dot_and_tikz() -> None:
    for name in MACHINE_COMMANDS:
        dot = run_cli([name, "-f", "dot"])
        assert dot.status == 0 and dot.stdout.startswith("digraph"), (name, dot.stderr)
        tikz = run_cli([name, "-f", "tikz"])
        assert tikz.status == 0 and "\\begin{tikzpicture}" in tikz.stdout, name


def test_exit_statuses_are_documented_in_help_and_readme() -> None:
    text = build_parser().format_help()
    for status in ("0", "1", "2", "3"):
        assert f"{status} " in text.split("exit status:")[1]
    assert "3 unknown" in text
    for parser in _subparsers().values():
        assert "exit status:" in parser.format_help()
    readme = (ROOT / "README.md").read_text()
    assert "Exit status" in readme and "3 unknown" in readme


def test_version_imports_no_sympy_and_no_command() -> None:
    code = (
        "import sys\n"
        "from symlstm.cli import main\n"
        "main(['--version'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sympy', 'flint', 'mpmath',"
        " 'symlstm.cli.'))))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, loaded = finished.stdout.splitlines()
    assert first.startswith("symlstm ")
    assert loaded == "[]", loaded


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_command_module_imports_another() -> None:
    """What commands share (the input word, options, the prover's options) lives in shared
    modules; the word itself is parsed below the faces (symlstm.model.words)."""
    for command in commands():
        path = Path(command.__file__ or "")
        imported = {m for m in _imports(path) if m.endswith("_command")}
        assert not imported, (path.name, imported)
    sphinx = _imports(ROOT / "symlstm" / "sphinx.py")
    assert not {m for m in sphinx if m.startswith("symlstm.cli")}


def test_a_derivation_compiles_its_cell_once(monkeypatch: object) -> None:
    import symlstm.numbers.compiled as compiled
    from symlstm.derivation import derive
    from symlstm.model import load_model

    calls = []
    build = compiled._build

    def counted(model: object) -> object:
        calls.append(model)
        return build(model)  # type: ignore[arg-type]

    compiled._compiled.cache_clear()
    monkeypatch.setattr(compiled, "_build", counted)  # type: ignore[attr-defined]
    derive(load_model("homework"))
    assert len(calls) == 1
