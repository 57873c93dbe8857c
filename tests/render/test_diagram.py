"""The unit diagrams: well-formed SVG whose labels are the course's, and whose drawn
connections are the cell's equations (checked on the geometry of the drawing, not on the
layout's names)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from symlstm.model import CELL_KINDS
from symlstm.render.diagram import (
    LAYOUTS,
    Layout,
    Shape,
    anchor_point,
    diagram_svg,
    diagram_tikz,
)
from symlstm.render.notation import COURSE, NOTATIONS, PYTORCH

SVG_NS = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == SVG_NS + "svg"
    return ["".join(element.itertext()) for element in root.iter(SVG_NS + "text")]


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
@pytest.mark.parametrize("notation", sorted(NOTATIONS))
def test_svg_is_well_formed_and_deterministic(kind: str, notation: str) -> None:
    svg = diagram_svg(CELL_KINDS[kind], NOTATIONS[notation], weights=True)
    texts(svg)  # parses
    assert svg == diagram_svg(CELL_KINDS[kind], NOTATIONS[notation], weights=True)
    assert "<script" not in svg and "href" not in svg


def test_lstm_svg_shows_the_course_notation() -> None:
    labels = texts(diagram_svg(CELL_KINDS["lstm"], COURSE))
    for expected in ("ct−1", "ht−1", "xt", "ct", "ht", "ft", "it", "ot", "c\u0303t"):
        assert expected in labels, expected
    assert labels.count("sigmoid") == 3  # forget, input and output gates
    assert labels.count("tanh") == 2  # the candidate and tanh(c_t)


def test_lstm_svg_draws_three_products_and_one_sum() -> None:
    root = ET.fromstring(diagram_svg(CELL_KINDS["lstm"], COURSE))
    dots = [c for c in root.iter(SVG_NS + "circle") if c.get("r") == "2.6"]  # ⊙ centres
    pluses = [p for p in root.iter(SVG_NS + "path") if p.get("d", "").count("M") == 2]
    assert len(dots) == 3
    assert len(pluses) == 1


def test_pytorch_notation_draws_sigma_and_circ() -> None:
    labels = texts(diagram_svg(CELL_KINDS["lstm"], PYTORCH))
    assert labels.count("σ") == 3
    assert "sigmoid" not in labels
    assert labels.count("∘") == 3
    assert "gt" in labels  # PyTorch calls the candidate g_t


def test_weights_legend_lists_every_parameter() -> None:
    kind = CELL_KINDS["lstm"]
    legend = [t for t in texts(diagram_svg(kind, COURSE, weights=True)) if ":" in t]
    assert len(legend) == 4
    joined = " ".join(legend)
    for unit in "fioc":
        assert f"W{unit},h" in joined and f"W{unit},x" in joined and f"b{unit}" in joined


# ---------------------------------------------------------------- connections drawn


def _on_segment(p: tuple[int, int], a: tuple[int, int], b: tuple[int, int]) -> bool:
    (x, y), (x0, y0), (x1, y1) = p, a, b
    cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)
    inside = min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)
    return cross == 0 and inside


def _position(p: tuple[int, int], points: list[tuple[int, int]]) -> float | None:
    """How far along the polyline the point lies (None when it is not on it)."""
    travelled = 0.0
    for a, b in pairwise(points):
        if _on_segment(p, a, b):
            return travelled + abs(p[0] - a[0]) + abs(p[1] - a[1])
        travelled += abs(b[0] - a[0]) + abs(b[1] - a[1])
    return None


def feeds(layout: Layout) -> dict[str, set[str]]:
    """For each node, the non-junction nodes whose wires reach it (junctions followed)."""
    edges: set[tuple[str, str]] = set()
    joins = [n for n in layout.nodes if n.shape is Shape.JOIN]
    for wire in layout.wires:
        points = [anchor_point(layout, p) for p in wire.points]
        start, end = wire.points[0], wire.points[-1]
        assert isinstance(start, str) and isinstance(end, str)
        source, sink = start.split(".")[0], end.split(".")[0]
        along = []
        for join in joins:
            where = _position((join.x, join.y), points)
            if where is not None and join.name not in (source, sink):
                along.append((where, join.name))
        chain = [source, *(name for _, name in sorted(along)), sink]
        edges.update(pairwise(chain))
    kinds = {n.name: n.shape for n in layout.nodes}

    def sources(node: str, seen: frozenset[str] = frozenset()) -> set[str]:
        found: set[str] = set()
        for a, b in edges:
            if b == node and a not in seen:
                found |= sources(a, seen | {a}) if kinds[a] is Shape.JOIN else {a}
        return found

    return {n.name: sources(n.name) for n in layout.nodes if n.shape is not Shape.JOIN}


def test_lstm_drawing_connects_what_the_equations_connect() -> None:
    f = feeds(LAYOUTS["lstm"])
    for box in ("fbox", "ibox", "cbox", "obox"):  # each gate reads h_{t-1} and x_t
        assert f[box] == {"hprev", "x"}, box
    assert f["forget"] == {"cprev", "fbox"}  # f_t ⊙ c_{t-1}
    assert f["update"] == {"ibox", "cbox"}  # i_t ⊙ tanh(…)
    assert f["add"] == {"forget", "update"}  # c_t = … + …
    assert f["ctanh"] == {"add"}  # tanh(c_t)
    assert f["out"] == {"ctanh", "obox"}  # h_t = o_t ⊙ tanh(c_t)
    assert f["c"] == {"add"} and f["h"] == {"out"}
    assert f["cprev"] == f["hprev"] == f["x"] == set()


def test_gated_drawing_connects_what_the_equations_connect() -> None:
    f = feeds(LAYOUTS["gated"])
    assert f["gbox"] == f["sbox"] == {"sprev", "x"}
    assert f["comp"] == {"gbox"}  # 1 - g_t
    assert f["keep"] == {"sprev", "comp"}  # (1 - g_t) ⊙ s_{t-1}
    assert f["update"] == {"gbox", "sbox"}  # g_t ⊙ tanh(…)
    assert f["add"] == {"keep", "update"}
    assert f["s"] == {"add"}


def test_gru_drawing_connects_what_the_equations_connect() -> None:
    f = feeds(LAYOUTS["gru"])
    assert f["zbox"] == f["rbox"] == {"hprev", "x"}
    assert f["nbox"] == {"hprev", "x", "rbox"}  # the reset gate acts inside the candidate
    assert f["comp"] == {"zbox"}
    assert f["keep"] == {"hprev", "zbox"}  # z_t ⊙ h_{t-1}
    assert f["update"] == {"comp", "nbox"}  # (1 - z_t) ⊙ n_t
    assert f["add"] == {"keep", "update"}
    assert f["h"] == {"add"}


def test_rnn_drawing_connects_what_the_equations_connect() -> None:
    f = feeds(LAYOUTS["rnn"])
    assert f["sbox"] == {"sprev", "x"}
    assert f["s"] == {"sbox"}


def test_every_layout_is_drawn_for_every_cell_kind() -> None:
    assert set(LAYOUTS) == set(CELL_KINDS)


def test_tikz_names_every_node_and_uses_the_notation() -> None:
    tikz = diagram_tikz(CELL_KINDS["lstm"], COURSE)
    assert tikz.startswith("% LSTM unit")
    assert "\\begin{tikzpicture}" in tikz and tikz.rstrip().endswith("\\end{tikzpicture}")
    assert tikz.count("\\operatorname{sigmoid}") == 3
    for label in ("c_{t-1}", "h_{t-1}", "x_{t}", "f_{t}", "\\tilde{c}_{t}"):
        assert f"${label}$" in tikz
    assert diagram_tikz(CELL_KINDS["lstm"], PYTORCH).count("$\\sigma$") == 3


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_wires_run_horizontally_or_vertically(kind: str) -> None:
    layout = LAYOUTS[kind]
    for wire in layout.wires:
        points = [anchor_point(layout, p) for p in wire.points]
        for (x0, y0), (x1, y1) in pairwise(points):
            assert x0 == x1 or y0 == y1, wire
