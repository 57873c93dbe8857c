"""``symlstm solve``: a model on an input word, every value certified, under a convention."""

from __future__ import annotations

import argparse
from fractions import Fraction

from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    add_model_argument,
    deadline_of,
    model_of,
)
from symlstm.cli.inputs import (
    add_input_arguments,
    word_of,
)
from symlstm.cli.options import (
    DEFAULT_DPS,
    MAX_DPS,
    add_rounding_argument,
    convention_of,
    parse_dps,
)
from symlstm.cli.output_formats import Produced, add_output_arguments, output_format, produce
from symlstm.errors import UsageError
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.numbers.rounding import (
    DEFAULT_TOLERANCE,
    TieRule,
    check_convention,
)

NAME = "solve"
HELP = "evaluate a model on an input word with certified digits, under a rounding convention"


def add_dps_argument(parser: argparse.ArgumentParser, default: int = DEFAULT_DPS) -> None:
    parser.add_argument(
        "--dps",
        default=str(default),
        metavar="N",
        help=f"significant digits to compute and certify (1 to {MAX_DPS}; default {default})",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_input_arguments(parser)
    add_rounding_argument(parser)
    parser.add_argument(
        "--threshold",
        default=None,
        metavar="T",
        help="your own saturation threshold (a positive exact number, or 'none'), "
        "replacing the convention's",
    )
    parser.add_argument(
        "--tie",
        default=None,
        metavar="RULE",
        help="your own tie rule: " + ", ".join(t.value for t in TieRule),
    )
    parser.add_argument(
        "--tolerance",
        default=None,
        metavar="EPS",
        help="margins below EPS are flagged as fragile (default 1/10)",
    )
    parser.add_argument(
        "--show-work",
        default=None,
        metavar="T",
        help="step t = T (0-based) worked by hand: each gate and state in symbols, with every "
        "number put in, then its certified value and what the saturation rule does",
    )
    add_dps_argument(parser)
    add_output_arguments(parser)
    add_limit_arguments(parser)


SHOW_WORK_FORMATS = ("text", "json", "latex", "markdown", "html", "pdf")


def _number(option: str, text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError(option, str(error)) from None
    return Fraction(int(value.p), int(value.q))


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    model = model_of(args)
    digits = parse_dps(args.dps)
    convention = convention_of(args)
    tolerance = DEFAULT_TOLERANCE
    if args.tolerance is not None:
        tolerance = _number("--tolerance", args.tolerance)
        if tolerance < 0:
            raise UsageError("--tolerance", f"expected a number ≥ 0, got {tolerance}")
    word = word_of(args, model)
    if args.show_work is not None:
        if chosen not in SHOW_WORK_FORMATS:
            raise UsageError(
                "--show-work",
                f"the worked step is {', '.join(SHOW_WORK_FORMATS)}, not {chosen}",
            )
        try:
            t = int(args.show_work)
        except ValueError:
            raise UsageError(
                "--show-work", f"expected a step number, got {args.show_work!r}"
            ) from None
        if not 0 <= t < len(word):
            raise UsageError("--show-work", f"expected a step from 0 to {len(word) - 1}, got {t}")
        from symlstm.derivation import show_work

        work = show_work(model, convention, word, t, digits)
        return produce(Produced(work), chosen, args)
    result = check_convention(
        model, convention, word, digits, tolerance=tolerance, deadline=deadline_of(args)
    )
    return produce(Produced(result), chosen, args)
