"""``symlstm solve``: a model on an input word, every value certified, under a convention."""

from __future__ import annotations

import argparse
from fractions import Fraction

from symlstm.cli.common import (
    Output,
    add_format_arguments,
    add_limit_arguments,
    add_model_argument,
    model_of,
)
from symlstm.errors import UsageError
from symlstm.model import Model, words
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.model.words import Word
from symlstm.numbers.rounding import (
    CONVENTIONS,
    DEFAULT_TOLERANCE,
    RoundingConvention,
    TieRule,
    check_convention,
)
from symlstm.render import render

NAME = "solve"
HELP = "evaluate a model on an input word with certified digits, under a rounding convention"

MAX_DPS = 100_000
MAX_INPUTS = words.MAX_WORD_LENGTH

INPUTS_HELP = (
    "the input word: scalars separated by commas (0,0,1,1,1,0), or, for a model with "
    'several inputs, bracketed vectors separated by semicolons ("[0,1];[1,1]"); numbers '
    "are exact (integers, decimals, p/q); SYMBOL^COUNT repeats a symbol (1^1000,0 or "
    '"[0,1]^3;[1,1]"); at most ' + f"{words.MAX_WORD_LENGTH:,}" + " symbols; default: the model's "
    "first question"
)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", "-i", default=None, metavar="WORD", help=INPUTS_HELP)
    parser.add_argument(
        "--question",
        default=None,
        metavar="K",
        help="use the model's K-th question (1-based) as the input word",
    )


def add_dps_argument(parser: argparse.ArgumentParser, default: int = 30) -> None:
    parser.add_argument(
        "--dps",
        default=str(default),
        metavar="N",
        help=f"significant digits to compute and certify (1 to {MAX_DPS}; default {default})",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_input_arguments(parser)
    parser.add_argument(
        "--rounding",
        "-r",
        default="exact",
        metavar="NAME",
        help="rounding convention: "
        + "; ".join(f"{c.name}: {c.description}" for c in CONVENTIONS.values())
        + " (default: exact)",
    )
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
    add_dps_argument(parser)
    add_format_arguments(parser)
    add_limit_arguments(parser)


def parse_dps(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError("--dps", f"expected a whole number of digits, got {text!r}") from None
    if not 1 <= value <= MAX_DPS:
        raise UsageError("--dps", f"expected 1 to {MAX_DPS} digits, got {value}")
    return value


def _number(option: str, text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError(option, str(error)) from None
    return Fraction(int(value.p), int(value.q))


def parse_word(model: Model, text: str) -> Word:
    """The input word of ``--inputs`` (:func:`symlstm.model.words.parse_word`)."""
    return words.parse_word(text, model, option="--inputs")


def word_of(args: argparse.Namespace, model: Model) -> Word:
    """The input word from ``--inputs`` or ``--question`` (default: the first question)."""
    if args.inputs is not None and args.question is not None:
        raise UsageError("--question", "give either --inputs or --question, not both")
    if args.inputs is not None:
        return parse_word(model, args.inputs)
    if not model.questions:
        raise UsageError("--inputs", f"model {model.name!r} has no questions; give --inputs")
    index = 1
    if args.question is not None:
        try:
            index = int(args.question)
        except ValueError:
            raise UsageError("--question", f"expected a number, got {args.question!r}") from None
        if not 1 <= index <= len(model.questions):
            raise UsageError(
                "--question",
                f"model {model.name!r} has {len(model.questions)} question(s), got {index}",
            )
    question = model.questions[index - 1]
    return Word.of(question.inputs)


def convention_of(args: argparse.Namespace) -> RoundingConvention:
    name = args.rounding
    if name not in CONVENTIONS:
        raise UsageError(
            "--rounding",
            f"unknown rounding convention {name!r}; expected one of {', '.join(CONVENTIONS)}",
        )
    convention = CONVENTIONS[name]
    if args.threshold is not None:
        if args.threshold.strip().lower() == "none":
            convention = convention.with_(threshold=None)
        else:
            threshold = _number("--threshold", args.threshold)
            if threshold <= 0:
                raise UsageError("--threshold", f"expected a positive number, got {threshold}")
            convention = convention.with_(threshold=threshold)
    if args.tie is not None:
        rules = {t.value: t for t in TieRule}
        if args.tie not in rules:
            raise UsageError(
                "--tie", f"unknown tie rule {args.tie!r}; expected one of {', '.join(rules)}"
            )
        convention = convention.with_(tie=rules[args.tie])
    return convention


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    digits = parse_dps(args.dps)
    convention = convention_of(args)
    tolerance = DEFAULT_TOLERANCE
    if args.tolerance is not None:
        tolerance = _number("--tolerance", args.tolerance)
        if tolerance < 0:
            raise UsageError("--tolerance", f"expected a number ≥ 0, got {tolerance}")
    word = word_of(args, model)
    result = check_convention(model, convention, word, digits, tolerance=tolerance)
    return Output(render(result, args.format))
