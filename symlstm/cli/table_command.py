"""``symlstm table [MODEL] [--rounding …]``: the saturated transition table.

One row per reachable discrete state (the rounded visible state h_{t−1}) and input symbol:
pre-activations, every gate's value, whether the convention saturates it (with its gap and
margin), the new state and the rounded output; then h_t(h_{t−1}, x_t) as a Piecewise.
"""

from __future__ import annotations

import argparse

from symlstm.analysis.table import DEFAULT_DIGITS, TableError, transition_table
from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    add_model_argument,
    model_of,
    notation_of,
    positive_int,
)
from symlstm.errors import UsageError
from symlstm.numbers.rounding import CONVENTIONS
from symlstm.render import NOTATIONS, render

NAME = "table"
HELP = "the saturated transition table of a model under a rounding convention"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--rounding",
        default="saturate",
        choices=tuple(CONVENTIONS),
        help="rounding convention (default: saturate)",
    )
    parser.add_argument(
        "--digits",
        default=str(DEFAULT_DIGITS),
        metavar="N",
        help=f"significant digits of the values shown (default {DEFAULT_DIGITS})",
    )
    parser.add_argument(
        "--format", "-f", default="text", choices=("text", "json"), help="output format"
    )
    parser.add_argument(
        "--notation", default="course", choices=tuple(NOTATIONS), help="notation of symbols"
    )
    add_limit_arguments(parser)
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of stdout"
    )


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    digits = positive_int("--digits", args.digits, 1000)
    try:
        table = transition_table(model, CONVENTIONS[args.rounding], digits)
    except TableError as error:
        raise UsageError("--rounding", f"{args.rounding}: {error}") from None
    return Output(render(table, args.format, notation_of(args)))
