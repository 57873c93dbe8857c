"""Diagrams of a cell's unit in the course's notation, as SVG and as TikZ.

A diagram is data: each cell kind has a :class:`Layout` (nodes at fixed positions, wires
through node anchors and bend points, wire labels) in its own module (``kind.layout``). Two
small writers turn a layout into SVG text (no external tool) and into a ``tikzpicture``; what a node
shows (``sigmoid``, ``⊙``, ``h_{t-1}``…) comes from the notation, so ``--notation pytorch``
draws σ and ∘. Coordinates are SVG user units (y downwards); TikZ scales them by
:data:`TIKZ_UNIT_CM` and flips y.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from symlstm.errors import RenderError
from symlstm.model.cells import CELL_KINDS, CellKind
from symlstm.model.layout import Layout, Node, Shape, Side, Wire
from symlstm.render.guard import check_no_control
from symlstm.render.mathtext import plain, runs
from symlstm.render.notation import COURSE, Notation

TIKZ_UNIT_CM = 0.02
TIKZ_PREAMBLE = "\\usepackage{amsmath}\n\\usepackage{tikz}\n\\usetikzlibrary{shapes.geometric}\n"
FONT_SIZE = 15
LEGEND_LINE = 22


@dataclass(frozen=True)
class UnitDiagram:
    """The value to render: the diagram of a cell kind (with its weights listed or not)."""

    kind: CellKind
    weights: bool = False


# half width and half height of each shape
SIZES: dict[Shape, tuple[int, int]] = {
    Shape.BOX: (40, 17),
    Shape.FUNCTION: (28, 15),
    Shape.OP: (12, 12),
    Shape.JOIN: (3, 3),
    Shape.TERMINAL: (0, 0),
}
# fill colours: SVG and TikZ (xcolor) spelling
FILLS: dict[Shape, tuple[str, str]] = {
    Shape.BOX: ("#fdf1c7", "yellow!20"),
    Shape.FUNCTION: ("#dcebf7", "blue!10"),
    Shape.OP: ("#ffffff", "white"),
    Shape.JOIN: ("#222222", "black"),
    Shape.TERMINAL: ("none", "none"),
}
FRAME_FILL = ("#f4f4f4", "black!4")

# what a node's content key shows, in LaTeX math, in a notation
CONTENTS: dict[str, Callable[[Notation], str]] = {
    "sigmoid": lambda n: n.sigmoid_latex,
    "tanh": lambda n: r"\tanh",
    "product": lambda n: n.odot_latex,
    "sum": lambda n: "+",
    "complement": lambda n: "1-",
}
# operators drawn as geometry rather than as a glyph inside the circle
DRAWN_OPS = {r"\odot": "dot", "+": "plus"}


def content_latex(content: str, notation: Notation) -> str:
    if content in CONTENTS:
        return CONTENTS[content](notation)
    return notation.symbol_latex(content)


class _Layouts(Mapping[str, Layout]):
    """Each registered kind's layout (it lives in the kind's module), by kind name."""

    def __getitem__(self, name: str) -> Layout:
        layout = CELL_KINDS[name].layout
        if layout is None:
            raise KeyError(name)
        return layout

    def __iter__(self) -> Iterator[str]:
        return iter([name for name, kind in CELL_KINDS.items() if kind.layout is not None])

    def __len__(self) -> int:
        return len(list(iter(self)))


LAYOUTS: Mapping[str, Layout] = _Layouts()


def layout_of(kind: CellKind) -> Layout:
    if kind.layout is None:
        raise RenderError(f"no diagram for the cell kind {kind.name!r}")
    return kind.layout


def legend(kind: CellKind, layout: Layout, notation: Notation) -> tuple[str, ...]:
    """One LaTeX line per box: its output and the parameters that feed it."""
    lines = []
    for node in layout.nodes:
        if node.shape is not Shape.BOX:
            continue
        params = [p.name for p in kind.params if p.unit in node.units]
        names = ",\\ ".join(notation.symbol_latex(p) for p in params)
        lines.append(f"{notation.symbol_latex(node.output)}\\colon\\ {names}")
    return tuple(lines)


# ---------------------------------------------------------------------------- geometry

_ANCHORS: dict[str, tuple[int, int]] = {
    "center": (0, 0),
    "north": (0, -1),
    "south": (0, 1),
    "east": (1, 0),
    "west": (-1, 0),
}


def _split(point: str) -> tuple[str, str]:
    name, _, anchor = point.partition(".")
    return name, anchor or "center"


def anchor_point(layout: Layout, point: str | tuple[int, int]) -> tuple[int, int]:
    if isinstance(point, tuple):
        return point
    name, anchor = _split(point)
    node = layout.node(name)
    dx, dy = _ANCHORS[anchor]
    half_w, half_h = SIZES[node.shape]
    return node.x + dx * half_w, node.y + dy * half_h


# -------------------------------------------------------------------------------- SVG

_SCRIPT_SCALE = 0.7
_SHIFT = {-1: 0.3, 1: -0.45}  # baseline shift per script level, in units of the font size


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# spaces become ``dx`` offsets (renderers differ in how they keep spaces in text): em widths
_SPACES = {"\u00a0": 0.3, "\u2009": 0.17, "\u2005": 0.25, "\u2003": 1.0, " ": 0.3}


def svg_math(latex: str, x: float, y: float, size: int, anchor: str) -> str:
    """A ``<text>`` element: the label's runs, scripts smaller and shifted with ``dy``."""
    parts = []
    offset = 0.0
    space = 0.0
    for run in runs(latex):
        target = sum(_SHIFT[1 if run.level > 0 else -1] for _ in range(abs(run.level)))
        font = size * _SCRIPT_SCALE ** abs(run.level)
        for piece in _split_spaces(run.text):
            if piece[0] in _SPACES:
                space += sum(_SPACES[c] for c in piece) * font
                continue
            attributes = [f'font-size="{_fmt(font)}"']
            if space:
                attributes.append(f'dx="{_fmt(space)}"')
                space = 0.0
            if target != offset:
                attributes.append(f'dy="{_fmt((target - offset) * size)}"')
                offset = target
            if run.italic:
                attributes.append('font-style="italic"')
            parts.append(f"<tspan {' '.join(attributes)}>{escape(piece)}</tspan>")
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}">' + "".join(parts) + "</text>"


def _split_spaces(text: str) -> list[str]:
    """``"a  b"`` → ``["a", "  ", "b"]``: runs of spaces apart from the rest."""
    pieces: list[str] = []
    for char in text:
        kind = char in _SPACES
        if pieces and (pieces[-1][0] in _SPACES) == kind:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _svg_label(latex: str, x: int, y: int, side: Side, size: int = FONT_SIZE) -> str:
    gap = 6
    middle = y + 0.33 * size
    if side is Side.LEFT:
        return svg_math(latex, x - gap, middle, size, "end")
    if side is Side.RIGHT:
        return svg_math(latex, x + gap, middle, size, "start")
    if side is Side.ABOVE:
        return svg_math(latex, x, y - gap, size, "middle")
    return svg_math(latex, x, y + gap + 0.8 * size, size, "middle")


def _svg_node(node: Node, notation: Notation) -> list[str]:
    half_w, half_h = SIZES[node.shape]
    fill = FILLS[node.shape][0]
    stroke = 'stroke="#222222" stroke-width="1.4"'
    x, y = node.x, node.y
    if node.shape is Shape.TERMINAL:
        return [_svg_label(content_latex(node.content, notation), x, y, node.side)]
    if node.shape is Shape.JOIN:
        return [f'<circle cx="{x}" cy="{y}" r="{half_w}" fill="{fill}"/>']
    latex = content_latex(node.content, notation)
    if node.shape is Shape.BOX:
        shape = (
            f'<rect x="{x - half_w}" y="{y - half_h}" width="{2 * half_w}" '
            f'height="{2 * half_h}" rx="4" fill="{fill}" {stroke}/>'
        )
        return [shape, svg_math(latex, x, y + 0.33 * FONT_SIZE, FONT_SIZE, "middle")]
    if node.shape is Shape.FUNCTION:
        shape = f'<ellipse cx="{x}" cy="{y}" rx="{half_w}" ry="{half_h}" fill="{fill}" {stroke}/>'
        return [shape, svg_math(latex, x, y + 0.33 * FONT_SIZE, FONT_SIZE, "middle")]
    shape = f'<circle cx="{x}" cy="{y}" r="{half_w}" fill="{fill}" {stroke}/>'
    drawn = DRAWN_OPS.get(latex)
    if drawn == "dot":
        return [shape, f'<circle cx="{x}" cy="{y}" r="2.6" fill="#222222"/>']
    if drawn == "plus":
        arm = half_w - 4
        cross = (
            f'<path d="M{x - arm},{y} H{x + arm} M{x},{y - arm} V{y + arm}" '
            f'stroke="#222222" stroke-width="1.6" fill="none"/>'
        )
        return [shape, cross]
    return [shape, svg_math(latex, x, y + 0.33 * 13, 13, "middle")]


def _svg_wire(layout: Layout, wire: Wire) -> str:
    points = [anchor_point(layout, p) for p in wire.points]
    data = " ".join(f"{x},{y}" for x, y in points)
    marker = ' marker-end="url(#symlstm-arrow)"' if wire.arrow else ""
    return (
        f'<polyline points="{data}" fill="none" stroke="#222222" stroke-width="1.4"'
        f' stroke-linejoin="round"{marker}/>'
    )


def diagram_svg(kind: CellKind, notation: Notation = COURSE, weights: bool = False) -> str:
    """A standalone SVG document of the unit (UTF-8 text, deterministic)."""
    layout = layout_of(kind)
    lines = legend(kind, layout, notation) if weights else ()
    height = layout.height + LEGEND_LINE * len(lines) + (24 if lines else 0)
    x0, y0, x1, y1 = layout.frame
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width}" height="{height}" '
        f'viewBox="0 0 {layout.width} {height}" role="img" '
        f'font-family="DejaVu Serif, Times New Roman, serif" fill="#222222">',
        f"<title>{escape(layout.title)} ({escape(notation.name)} notation)</title>",
        "<defs>",
        '<marker id="symlstm-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#222222"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{layout.width}" height="{height}" fill="#ffffff"/>',
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="12" '
        f'fill="{FRAME_FILL[0]}" stroke="#999999" stroke-width="1"/>',
    ]
    out.extend(_svg_wire(layout, wire) for wire in layout.wires)
    for node in layout.nodes:
        out.extend(_svg_node(node, notation))
    for label in layout.labels:
        latex = notation.symbol_latex(label.symbol)
        out.append(_svg_label(latex, label.x, label.y, label.side))
    for k, line in enumerate(lines):
        y = layout.height + LEGEND_LINE * k + 30
        out.append(svg_math(line, x0, y, 13, "start"))
    out.append("</svg>")
    return check_no_control("\n".join(out) + "\n", "SVG")


# ------------------------------------------------------------------------------- TikZ

_TIKZ_SIDES = {Side.LEFT: "east", Side.RIGHT: "west", Side.ABOVE: "south", Side.BELOW: "north"}


def _cm(units: float) -> str:
    return _fmt(units * TIKZ_UNIT_CM) + "cm"


def _tikz_point(layout: Layout, point: str | tuple[int, int]) -> str:
    if isinstance(point, tuple):
        return f"({point[0]},{point[1]})"
    name, anchor = _split(point)
    return f"({name}.{anchor})"


def _tikz_style(shape: Shape) -> str:
    """Style names with a prefix: TikZ itself has a ``join`` key."""
    return f"sl{shape.value}"


def _tikz_node(node: Node, notation: Notation) -> list[str]:
    at = f"({node.x},{node.y})"
    if node.shape is Shape.TERMINAL:
        latex = content_latex(node.content, notation)
        return [
            f"\\coordinate ({node.name}) at {at};",
            f"\\node[anchor={_TIKZ_SIDES[node.side]}, inner sep=3pt] at ({node.name}) "
            f"{{${latex}$}};",
        ]
    if node.shape is Shape.JOIN:
        return [f"\\node[sljoin] ({node.name}) at {at} {{}};"]
    latex = content_latex(node.content, notation)
    style = _tikz_style(node.shape)
    if node.shape is Shape.OP:
        drawn = DRAWN_OPS.get(latex)
        if drawn == "dot":
            return [
                f"\\node[slop] ({node.name}) at {at} {{}};",
                f"\\fill ({node.name}) circle (1.3pt);",
            ]
        if drawn == "plus":
            arm = _cm(SIZES[Shape.OP][0] - 4)
            return [
                f"\\node[slop] ({node.name}) at {at} {{}};",
                f"\\draw[thick] ([xshift=-{arm}]{node.name}.center) -- "
                f"([xshift={arm}]{node.name}.center) "
                f"([yshift=-{arm}]{node.name}.center) -- ([yshift={arm}]{node.name}.center);",
            ]
        return [f"\\node[slop, font=\\small] ({node.name}) at {at} {{${latex}$}};"]
    return [f"\\node[{style}] ({node.name}) at {at} {{${latex}$}};"]


def diagram_tikz(kind: CellKind, notation: Notation = COURSE, weights: bool = False) -> str:
    """A ``tikzpicture`` of the unit. Its preamble needs amsmath (``\\operatorname``) and
    ``\\usetikzlibrary{shapes.geometric}`` (the ellipse); :data:`TIKZ_PREAMBLE` has both."""
    layout = layout_of(kind)
    box_w, box_h = SIZES[Shape.BOX]
    fn_w, fn_h = SIZES[Shape.FUNCTION]
    op_r = SIZES[Shape.OP][0]
    join_r = SIZES[Shape.JOIN][0]
    styles = [
        f"x={_cm(1)}, y=-{_cm(1)}, >=stealth, line width=0.7pt",
        f"slbox/.style={{draw, rounded corners=2pt, fill={FILLS[Shape.BOX][1]}, "
        f"minimum width={_cm(2 * box_w)}, minimum height={_cm(2 * box_h)}, inner sep=0pt}}",
        f"slfunction/.style={{draw, ellipse, fill={FILLS[Shape.FUNCTION][1]}, "
        f"minimum width={_cm(2 * fn_w)}, minimum height={_cm(2 * fn_h)}, inner sep=0pt}}",
        f"slop/.style={{draw, circle, fill={FILLS[Shape.OP][1]}, "
        f"minimum size={_cm(2 * op_r)}, inner sep=0pt}}",
        f"sljoin/.style={{circle, fill={FILLS[Shape.JOIN][1]}, "
        f"minimum size={_cm(2 * join_r)}, inner sep=0pt}}",
    ]
    x0, y0, x1, y1 = layout.frame
    out = [
        f"% {layout.title}, {notation.name} notation (symlstm)",
        "\\begin{tikzpicture}[" + ",\n  ".join(styles) + "]",
        f"\\draw[rounded corners=6pt, draw=black!40, fill={FRAME_FILL[1]}] "
        f"({x0},{y0}) rectangle ({x1},{y1});",
    ]
    for node in layout.nodes:
        out.extend(_tikz_node(node, notation))
    for wire in layout.wires:
        path = " -- ".join(_tikz_point(layout, p) for p in wire.points)
        out.append(f"\\draw{'[->]' if wire.arrow else ''} {path};")
    for label in layout.labels:
        latex = notation.symbol_latex(label.symbol)
        out.append(
            f"\\node[anchor={_TIKZ_SIDES[label.side]}, inner sep=2pt] at "
            f"({label.x},{label.y}) {{${latex}$}};"
        )
    if weights:
        for k, line in enumerate(legend(kind, layout, notation)):
            y = layout.height + LEGEND_LINE * k + 30
            out.append(f"\\node[anchor=base west, font=\\small] at ({x0},{y}) {{${line}$}};")
    out.append("\\end{tikzpicture}")
    return check_no_control("\n".join(out) + "\n")


def diagram_title(kind: CellKind, notation: Notation = COURSE) -> str:
    """A one-line description, for alt text and captions."""
    layout = layout_of(kind)
    inputs = [n for n in layout.nodes if n.shape is Shape.TERMINAL]
    names = ", ".join(plain(content_latex(n.content, notation)) for n in inputs)
    return f"{layout.title}: {names}"
