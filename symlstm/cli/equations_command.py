"""``symlstm equations``: the cell's equations, general, substituted or unrolled."""

from __future__ import annotations

import argparse

from symlstm.cli.common import (
    Output,
    add_model_argument,
    model_of,
    positive_int,
)
from symlstm.cli.output_formats import FIGURE_FORMATS, add_output_arguments, rendered
from symlstm.equations import (
    MAX_UNROLL,
    general_equations,
    substituted_equations,
    unrolled_equations,
)

NAME = "equations"
HELP = "show the update equations of a model's cell"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--substituted", action="store_true", help="put in the model's weights, drop zero terms"
    )
    parser.add_argument(
        "--unroll",
        metavar="T",
        default=None,
        help=f"the states of steps 0…T-1 as expressions of x_0…x_(T-1) (T ≤ {MAX_UNROLL})",
    )
    add_output_arguments(parser, FIGURE_FORMATS)


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    if args.unroll is not None:
        steps = positive_int("--unroll", args.unroll, MAX_UNROLL)
        equations = unrolled_equations(model, steps)
    elif args.substituted:
        equations = substituted_equations(model)
    else:
        equations = general_equations(model.kind, model.name)
    return rendered(equations, args, figure=True)
