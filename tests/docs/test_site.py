"""The documentation site: built with -W by the project's own directive, math rendered
offline, checked in a real headless Chromium. The screenshot is kept in
``build/test-artifacts/`` (or ``$SYMLSTM_ARTIFACTS``) for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI: .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _tool("latex")
    _tool("dvisvgm")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


def _visible_text(html: str) -> str:
    without_tags = re.sub(r"<[^>]*>", " ", html)  # alt attributes go with their tags
    return without_tags


def test_every_formula_is_an_svg_image_not_raw_tex(site: Path) -> None:
    for page in ("index", "tutorial", "getting-started", "proof"):
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        text = _visible_text(html)
        assert "\\operatorname" not in text and "\\begin{" not in text and "\\left(" not in text
        images = re.findall(r'<img src="(_images/math/[0-9a-f]+\.svg)"', html)
        if page != "proof":
            assert images, page
        for image in images:
            svg = (site / image).read_text(encoding="utf-8")
            assert svg.startswith("<?xml") and "<path" in svg


def test_cli_reference_is_generated_from_the_parser(site: Path) -> None:
    from symlstm.cli import COMMANDS

    html = (site / "cli.html").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"symlstm {command.NAME}" in html
    assert "--unroll" in html


def test_chromium_renders_the_formulas(site: Path, tmp_path: Path) -> None:
    chromium = _tool("chromium")
    page = site / "tutorial.html"
    probe = site / "_probe.html"
    script = (
        '<script>window.addEventListener("load",()=>{const ok=[...document.images]'
        '.filter(i=>i.src.includes("_images/math")).every(i=>i.complete&&i.naturalWidth>0);'
        'document.body.setAttribute("data-math",ok?"rendered":"broken")})</script></body>'
    )
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script), "utf-8")
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            *profile,
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert 'data-math="rendered"' in dom

    artifacts = Path(os.environ.get("SYMLSTM_ARTIFACTS", ROOT / "build" / "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "docs-tutorial.png"
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            *profile,
            f"--screenshot={shot}",
            "--window-size=1000,1200",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    from PIL import Image

    with Image.open(shot) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:100])  # pixels darker than 100 of 255
    assert dark > 5000  # text and formulas drawn, not a blank page
