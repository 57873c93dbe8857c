"""``symlstm gaps``: activation values and their certified distance from saturation."""

from __future__ import annotations

import argparse

from symlstm.cli.common import Output, add_limit_arguments, add_model_argument, model_of
from symlstm.cli.inputs import INPUTS_HELP, word_of  # the input word
from symlstm.cli.options import add_dps_argument, add_rounding_argument, convention_of, parse_dps
from symlstm.cli.output_formats import Produced, add_output_arguments, output_format, produce
from symlstm.errors import UsageError
from symlstm.numbers.gaps import activation_gaps
from symlstm.numbers.rounding import TieRule

NAME = "gaps"
HELP = (
    "list every activation value the saturated table (and optionally a trace) uses, with "
    "its closed form and certified distance from the saturated value"
)
MAX_STATES = 10_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--inputs",
        "-i",
        default=None,
        metavar="WORD",
        help="also list the activations of the exact trace of this word; " + INPUTS_HELP,
    )
    parser.add_argument(
        "--question", default=None, metavar="K", help="also trace the model's K-th question"
    )
    add_rounding_argument(parser, "the convention whose reachable states make the table: ")
    parser.add_argument(
        "--threshold", default=None, metavar="T", help="your own saturation threshold"
    )
    parser.add_argument(
        "--tie", default=None, metavar="RULE", help=", ".join(t.value for t in TieRule)
    )
    parser.add_argument(
        "--states",
        default="64",
        metavar="N",
        help=f"explore at most N states of the table (default 64, at most {MAX_STATES})",
    )
    add_dps_argument(parser)
    add_output_arguments(parser)
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    model = model_of(args)
    digits = parse_dps(args.dps)
    convention = convention_of(args)
    try:
        states = int(args.states)
    except ValueError:
        raise UsageError("--states", f"expected a whole number, got {args.states!r}") from None
    if not 1 <= states <= MAX_STATES:
        raise UsageError("--states", f"expected 1 to {MAX_STATES}, got {states}")
    word = None
    if args.inputs is not None or args.question is not None:
        word = word_of(args, model)
    report = activation_gaps(model, digits, convention=convention, inputs=word, max_states=states)
    return produce(Produced(report), chosen, args)
