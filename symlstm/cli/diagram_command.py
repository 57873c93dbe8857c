"""``symlstm diagram``: a picture of the cell's unit (SVG, TikZ, or a PDF of the TikZ)."""

from __future__ import annotations

import argparse

from symlstm.cli.common import Output, add_model_argument, notation_of
from symlstm.cli.output_formats import (
    LATEX,
    PDF,
    PNG,
    SVG,
    TIKZ,
    Produced,
    add_output_arguments,
    output_format,
    produce,
)
from symlstm.model import CELL_KINDS, load_model
from symlstm.render.diagram import UnitDiagram, diagram_svg, diagram_tikz
from symlstm.render.document import figure_wrap

NAME = "diagram"
HELP = "draw the unit of a model's cell (x_t, h_{t-1}, c_{t-1} in; gates, ⊙, +; c_t, h_t out)"

DIAGRAM_FORMATS = (SVG, TIKZ, LATEX, PDF, PNG)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--cell",
        choices=tuple(sorted(CELL_KINDS)),
        default=None,
        help="draw this kind of cell instead of the model's",
    )
    parser.add_argument(
        "--weights", action="store_true", help="list each box's weights and bias under the unit"
    )
    add_output_arguments(parser, DIAGRAM_FORMATS, default=SVG)


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    kind = CELL_KINDS[args.cell] if args.cell else load_model(args.model).kind
    notation = notation_of(args)
    if chosen == SVG:
        return Output(diagram_svg(kind, notation, weights=args.weights), format=SVG)
    picture = diagram_tikz(kind, notation, weights=args.weights)
    to_tex = bool(args.output) and not args.fragment
    if chosen == TIKZ or (chosen == LATEX and not to_tex):
        # a tikzpicture; in a .tex file, a cropped document around it unless --fragment
        whole = to_tex and str(args.output).lower().endswith(".tex")
        return Output(figure_wrap(picture) if whole else picture, format=chosen)
    return produce(Produced(UnitDiagram(kind, args.weights), figure=True), chosen, args)
