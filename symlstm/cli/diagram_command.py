"""``symlstm diagram``: a picture of the cell's unit (SVG, TikZ, or a PDF of the TikZ)."""

from __future__ import annotations

import argparse

from symlstm.cli.common import Output, add_format_arguments, add_model_argument, notation_of
from symlstm.cli.output_formats import PDF, output_format, pdf_output
from symlstm.model import CELL_KINDS, load_model
from symlstm.render.diagram import UnitDiagram, diagram_svg, diagram_tikz
from symlstm.render.document import standalone

NAME = "diagram"
HELP = "draw the unit of a model's cell (x_t, h_{t-1}, c_{t-1} in; gates, ⊙, +; c_t, h_t out)"

SVG = "svg"
TIKZ = "tikz"
DIAGRAM_FORMATS = (SVG, TIKZ, PDF)
DIAGRAM_SUFFIXES = {".svg": SVG, ".tex": TIKZ, ".tikz": TIKZ, ".pdf": PDF}


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
    add_format_arguments(
        parser,
        DIAGRAM_FORMATS,
        default=None,
        default_help="from the suffix of -o FILE (.svg, .tex, .pdf), else svg",
    )


def run(args: argparse.Namespace) -> Output:
    kind = CELL_KINDS[args.cell] if args.cell else load_model(args.model).kind
    notation = notation_of(args)
    chosen = output_format(args, DIAGRAM_SUFFIXES, default=SVG)
    if chosen == PDF:
        return pdf_output(standalone(UnitDiagram(kind, args.weights), notation))
    if chosen == TIKZ:
        return Output(diagram_tikz(kind, notation, weights=args.weights))
    return Output(diagram_svg(kind, notation, weights=args.weights))
