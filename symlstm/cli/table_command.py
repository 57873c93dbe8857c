"""``symlstm table [MODEL] [--rounding …]``: the saturated transition table.

One row per reachable discrete state (the rounded visible state h_{t−1}) and input symbol:
pre-activations, every gate's value, whether the convention saturates it (with its gap and
margin), the new state and the rounded output; then h_t(h_{t−1}, x_t) as a Piecewise.
"""

from __future__ import annotations

import argparse

from symlstm.analysis.table import TableError, transition_table
from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    add_model_argument,
    deadline_of,
    model_of,
)
from symlstm.cli.options import add_dps_argument, add_rounding_argument, convention_of, parse_dps
from symlstm.cli.output_formats import (
    MACHINE_FORMATS,
    Produced,
    add_output_arguments,
    output_format,
    produce,
)
from symlstm.errors import UsageError

NAME = "table"
HELP = "the saturated transition table of a model under a rounding convention"
MAX_TABLE_DPS = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_rounding_argument(parser)
    parser.add_argument("--threshold", default=None, metavar="T", help=argparse.SUPPRESS)
    parser.add_argument("--tie", default=None, metavar="RULE", help=argparse.SUPPRESS)
    add_dps_argument(parser, MAX_TABLE_DPS)
    add_output_arguments(parser, MACHINE_FORMATS)
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    model = model_of(args)
    digits = parse_dps(args.dps)
    if digits > MAX_TABLE_DPS:
        raise UsageError("--dps", f"expected 1 to {MAX_TABLE_DPS} digits, got {digits}")
    try:
        table = transition_table(model, convention_of(args), digits, deadline=deadline_of(args))
    except TableError as error:
        raise UsageError("--rounding", f"{args.rounding}: {error}") from None
    return produce(Produced(table, machine=table.machine), chosen, args)
