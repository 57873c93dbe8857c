"""HTML layout in a real browser (issue 12): the homework report in headless Chromium at
1200 px and 400 px has no horizontal page scroll and no table scrolls sideways in its own
box (the step tables used to cut off round(h) and the flags at 1200 px, and to scroll at
400 px: they reflow into one card per row now)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symlstm.derivation import derive
from symlstm.model import load_model
from symlstm.render import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (and CI is unset)",
)
# the page forbids scripts (its Content-Security-Policy); the probe is a copy with the
# policy removed and a script that writes the measurements into the title
PROBE = """<script>
window.addEventListener("load", () => {
  const page = document.documentElement.scrollWidth - window.innerWidth;
  let boxes = 0;
  for (const box of document.querySelectorAll("div.wide, pre, table")) {
    if (box.scrollWidth > box.clientWidth + 1) boxes += 1;
  }
  document.title = `overflow page=${page} boxes=${boxes}`;
});
</script>"""


def _measure(html: str, width: int, tmp_path: Path) -> tuple[int, int]:
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = probe.replace("</body>", PROBE + "</body>")
    page = tmp_path / f"page{width}.html"
    page.write_text(probe, encoding="utf-8")
    assert CHROMIUM is not None
    finished = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={width},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r"overflow page=(-?\d+) boxes=(\d+)", finished.stdout)
    assert match, finished.stderr[-2000:]
    return int(match.group(1)), int(match.group(2))


# headless Chromium lays a --dump-dom page out at least 500 px wide whatever the window
# size, so a narrow width is measured inside an iframe of that width
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" style="border:0;width:WIDTHpx;height:1000px" srcdoc="SOURCE"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {
  const w = document.getElementById("f").contentWindow, d = w.document;
  const scrolls = (el) => { for (let a = el.parentElement; a; a = a.parentElement) {
    const o = w.getComputedStyle(a).overflowX; if (o === "auto" || o === "scroll") return true; }
    return false; };
  let clipped = 0;
  for (const el of d.querySelectorAll("math, svg, table, pre, img")) {
    if (el.getBoundingClientRect().right > w.innerWidth + 1 && !scrolls(el)) clipped += 1;
  }
  let misaligned = 0;  // a column's header aligned otherwise than its cells
  for (const t of d.querySelectorAll("table.values")) {
    const th = t.querySelector("thead th:last-child"), td = t.querySelector("tbody td:last-child");
    if (th && td && w.getComputedStyle(th).textAlign !== w.getComputedStyle(td).textAlign)
      misaligned += 1;
  }
  const page = d.documentElement.scrollWidth - w.innerWidth;
  document.title =
    `narrow inner=${w.innerWidth} page=${page} clipped=${clipped} misaligned=${misaligned}`;
});
</script></body></html>"""


def _measure_narrow(html: str, width: int, tmp_path: Path) -> tuple[int, int, int]:
    from html import escape

    source = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    frame = FRAME.replace("WIDTH", str(width)).replace("SOURCE", escape(source, quote=True))
    page = tmp_path / f"frame{width}.html"
    page.write_text(frame, encoding="utf-8")
    assert CHROMIUM is not None
    finished = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,1200",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(
        r"narrow inner=(\d+) page=(-?\d+) clipped=(\d+) misaligned=(\d+)", finished.stdout
    )
    assert match, finished.stderr[-2000:]
    return int(match.group(1)), int(match.group(2)), int(match.group(3)), int(match.group(4))


@needs_chromium
@pytest.mark.parametrize("width", [400, 320])
def test_nothing_is_cut_off_on_a_narrow_screen(width: int, tmp_path: Path) -> None:
    """At 400 px (and 320, a small phone) the equation c_t = … ran past the screen's edge
    and was cut off; a display too wide for the screen scrolls in its own box instead."""
    html = render(derive(load_model("homework")), "html")
    inner, page, clipped, _ = _measure_narrow(html, width, tmp_path)
    assert inner == width
    assert page <= 0 and clipped == 0, (page, clipped)


@needs_chromium
def test_each_column_header_is_aligned_like_its_cells(tmp_path: Path) -> None:
    """The last column's header ("flags", "margin") was set right, its cells left."""
    html = render(derive(load_model("homework")), "html")
    _, _, _, misaligned = _measure_narrow(html, 1200, tmp_path)
    assert misaligned == 0


@needs_chromium
def test_no_horizontal_scroll_at_1200_and_400_px(tmp_path: Path) -> None:
    html = render(derive(load_model("homework")), "html")
    page, boxes = _measure(html, 1200, tmp_path)
    assert page <= 0 and boxes == 0, (page, boxes)
    page, boxes = _measure(html, 400, tmp_path)
    assert page <= 0 and boxes == 0, (page, boxes)  # tables reflow: nothing scrolls


def test_the_machine_is_drawn_inline_as_svg() -> None:
    from symlstm.analysis.proof import prove
    from symlstm.render.dot import merged_edges

    html = render(derive(load_model("homework")), "html")
    machine = prove(load_model("homework")).machine
    assert machine is not None
    (figure,) = re.findall(r'<figure class="machine">(.*?)</figure>', html, re.S)
    assert figure.lstrip().startswith("<svg")
    for name in machine.states:
        assert f">{name}</text>" in figure
    edges = merged_edges(machine)
    loops = sum(1 for q, r, _ in edges if q == r)
    # one arrow per edge that is not a loop, and the initial state's arrow from nowhere
    assert figure.count('marker-end="url(#arrow)"') == len(edges) - loops + 1
