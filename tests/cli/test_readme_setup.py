"""The README's two set-up commands, from a clean copy of the checkout (slow; runs by
default).

The working tree (tracked and untracked files, without ignored ones such as caches and
``.ci-venv``) is copied into a temporary directory; a fresh virtual environment with
``--system-site-packages`` (so that no network is needed for the dependencies) runs the
README's first command there, parsed from README.md. The second command runs the test
suite, this test included, so it is not run here: it must stand in the README and in
``.ci/run`` verbatim.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_PARTS = {".git", ".ci-venv", "build", "dist", "__pycache__", ".hypothesis"}


def setup_commands() -> list[str]:
    """The shell commands of the README's "Set-up" section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Set-up\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no '## Set-up' section"
    blocks = re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", section.group(1), re.S | re.M)
    commands = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, f"expected the two set-up commands, found {commands}"
    return commands


def test_readme_commands_are_in_ci_verbatim() -> None:
    first, second = setup_commands()
    assert first.startswith("pip install") and "symlstm" in first
    assert "pytest" in second
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert first in ci_lines
    assert second in ci_lines
    assert ci_lines.index(first) < ci_lines.index(second)


def working_tree_files() -> list[str]:
    git = shutil.which("git")
    if git is None:
        if os.environ.get("CI"):
            pytest.fail("git is required in CI")
        pytest.skip("git is not installed (and CI is unset)")
    listing = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [
        name
        for name in listing.split("\0")
        if name and not EXCLUDED_PARTS & set(Path(name).parts) and (ROOT / name).is_file()
    ]


@pytest.mark.slow
def test_first_readme_command_from_a_clean_copy(tmp_path: Path) -> None:
    first, _ = setup_commands()
    checkout = tmp_path / "symlstm"
    for name in working_tree_files():
        target = checkout / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (checkout / "pyproject.toml").exists() and (checkout / "symlstm").is_dir()

    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        timeout=300,
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    result = subprocess.run(
        ["bash", "-c", first],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert_installed_from_the_copy(venv, env, tmp_path)
    if not first.endswith("symlstm equations"):  # a later main job: it works on the homework
        assert "homework" in result.stdout
        return
    assert result.stdout.splitlines()[-7:] == [
        "homework: LSTM equations, general",
        "",
        "  fₜ = sigmoid(Wᶠʰ hₜ₋₁ + Wᶠˣ xₜ + b_f)",
        "  iₜ = sigmoid(Wⁱʰ hₜ₋₁ + Wⁱˣ xₜ + b_i)",
        "  oₜ = sigmoid(Wᵒʰ hₜ₋₁ + Wᵒˣ xₜ + b_o)",
        "  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ tanh(Wᶜʰ hₜ₋₁ + Wᶜˣ xₜ + b_c)",
        "  hₜ = oₜ ⊙ tanh(cₜ)",
    ]


def assert_installed_from_the_copy(venv: Path, env: dict[str, str], cwd: Path) -> None:
    """The command ran the package installed from the copy, not this checkout."""
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import symlstm; print(symlstm.__file__)"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    assert (venv / "bin" / "symlstm").exists()
