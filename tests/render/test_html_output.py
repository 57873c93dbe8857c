"""HTML: one standalone file, math as presentation MathML, nothing fetched from a network."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from symlstm.cli import main
from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.model import CELL_KINDS, builtin_names, load_model
from symlstm.render import FORMATS, render
from symlstm.render.diagram import UnitDiagram
from symlstm.render.notation import COURSE, NOTATIONS, PYTORCH

MATHML = "{http://www.w3.org/1998/Math/MathML}"
INVISIBLE = "\u2062\u2061"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def maths(page: str) -> list[ET.Element]:
    """Every <math> element, parsed as XML (so each is well-formed)."""
    found = re.findall(r"<math\b.*?</math>", page, flags=re.S)
    return [ET.fromstring(m) for m in found]


def spoken(element: ET.Element) -> str:
    return "".join(element.itertext()).translate({ord(c): None for c in INVISIBLE})


def test_html_is_a_registered_format() -> None:
    assert "html" in FORMATS


@pytest.mark.parametrize("model_name", builtin_names())
def test_pages_are_standalone_and_offline(model_name: str) -> None:
    model = load_model(model_name)
    for value in (
        general_equations(model.kind, model.name),
        substituted_equations(model),
        unrolled_equations(model, 3),
        UnitDiagram(model.kind),
    ):
        for notation in NOTATIONS.values():
            page = render(value, "html", notation)
            assert page.startswith("<!DOCTYPE html>")
            found = tags(page)
            names = [t for t, _ in found]
            assert "script" not in names and "link" not in names and "img" not in names
            assert not any(a.get("src") or a.get("href") for _, a in found)
            policy = [a for t, a in found if a.get("http-equiv") == "Content-Security-Policy"]
            assert policy and "default-src 'none'" in str(policy[0]["content"])
            urls = set(re.findall(r"https?://[^\"' >]+", page))
            assert urls <= {"http://www.w3.org/1998/Math/MathML", "http://www.w3.org/2000/svg"}


def test_substituted_homework_equations_read_right() -> None:
    page = render(substituted_equations(load_model("homework")), "html", COURSE)
    rows = [spoken(m) for m in maths(page)]
    assert rows == [
        "ft", "=sigmoid(−100)",
        "it", "=sigmoid(100xt+100)",
        "ot", "=sigmoid(100xt)",
        "ct", "=ftct−1+ittanh(−100ht−1+50xt)",
        "ht", "=ottanh(ct)",
    ]  # fmt: skip


def test_general_lstm_uses_scripts_and_the_notation() -> None:
    page = render(general_equations(CELL_KINDS["lstm"]), "html", COURSE)
    elements = maths(page)
    f = elements[1]
    weight = f.find(f".//{MATHML}msup")
    assert weight is not None and spoken(weight) == "Wf,h"
    previous = [e for e in f.iter(f"{MATHML}msub") if spoken(e) == "ht−1"]
    assert previous, "h_{t-1} is a subscripted identifier"
    assert "⊙" in spoken(elements[7])  # c_t = f_t ⊙ c_{t-1} + …
    pytorch = render(general_equations(CELL_KINDS["lstm"]), "html", PYTORCH)
    assert "σ(Whfht−1+Wxfxt+bf)" in [spoken(m) for m in maths(pytorch)][1]


def test_diagram_page_embeds_the_svg() -> None:
    page = render(UnitDiagram(CELL_KINDS["lstm"]), "html", COURSE)
    svg = re.search(r"<svg\b.*?</svg>", page, flags=re.S)
    assert svg is not None
    ET.fromstring(svg.group(0))


def test_other_values_fall_back_to_escaped_preformatted_text() -> None:
    from symlstm.render import text as text_format
    from symlstm.render.html import fragment

    class Table:
        pass

    text_format.render.register(Table, lambda value, notation: "t  h<sub>t</sub> & c\n")

    assert fragment(Table(), COURSE) == "<pre>t  h&lt;sub&gt;t&lt;/sub&gt; &amp; c\n</pre>"


def test_equations_command_chooses_html_by_suffix(tmp_path: Path) -> None:
    target = tmp_path / "eq.html"
    assert main(["equations", "-o", str(target)]) == 0
    assert "<math" in target.read_text(encoding="utf-8")


def test_output_is_the_same_under_any_hash_seed() -> None:
    script = (
        "from symlstm.model import load_model, CELL_KINDS\n"
        "from symlstm.equations import substituted_equations, unrolled_equations\n"
        "from symlstm.render import render\n"
        "from symlstm.render.diagram import diagram_svg, diagram_tikz\n"
        "m = load_model('homework')\n"
        "out = render(substituted_equations(m), 'html')\n"
        "out += render(unrolled_equations(m, 3), 'html')\n"
        "for k in sorted(CELL_KINDS):\n"
        "    out += diagram_svg(CELL_KINDS[k], weights=True) + diagram_tikz(CELL_KINDS[k])\n"
        "print(out)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("0", "12345")
    }
    assert len(outputs) == 1
