"""``symlstm report``: the worked solution of a model's questions, in any format.

With no arguments: the homework's full worked solution (both "LSTM states" questions and
what h_t carries) as text, the README's main job. ``--inputs`` (repeatable) replaces the
model's questions; ``-o report.pdf`` compiles the standalone LaTeX document.
"""

from __future__ import annotations

import argparse

from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    add_model_argument,
    model_of,
    notation_of,
)
from symlstm.cli.output_formats import PDF, add_output_arguments, output_format, pdf_output
from symlstm.cli.solve_command import INPUTS_HELP, parse_dps, parse_word
from symlstm.derivation import derive, fraction_inputs
from symlstm.errors import UsageError
from symlstm.model import Question
from symlstm.numbers.rounding import CONVENTIONS
from symlstm.render import render
from symlstm.render.document import standalone

NAME = "report"
HELP = (
    "the worked solution of a model's questions: equations, saturation with exact gaps, "
    "every value per step, the machine with its proof, what the state carries"
)
DEFAULT_DPS = 30
MAX_REPORT_DPS = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--inputs",
        "-i",
        action="append",
        default=None,
        metavar="WORD",
        help=INPUTS_HELP.replace(
            "default: the model's first question",
            "repeat for several questions; they replace the model's own questions",
        ),
    )
    parser.add_argument(
        "--rounding",
        "-r",
        default="saturate",
        metavar="NAME",
        help="the rounding convention the answers are stated under: "
        + ", ".join(CONVENTIONS)
        + " (default: saturate); the others get a one-line verdict",
    )
    parser.add_argument(
        "--dps",
        default=str(DEFAULT_DPS),
        metavar="N",
        help=f"certified digits of the gaps (1 to {MAX_REPORT_DPS}; default {DEFAULT_DPS}); "
        "the per-step tables show min(N, 10)",
    )
    add_output_arguments(parser)
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    digits = parse_dps(args.dps)
    if digits > MAX_REPORT_DPS:
        raise UsageError("--dps", f"expected 1 to {MAX_REPORT_DPS} digits, got {digits}")
    if args.rounding not in CONVENTIONS:
        raise UsageError(
            "--rounding",
            f"unknown rounding convention {args.rounding!r}; "
            f"expected one of {', '.join(CONVENTIONS)}",
        )
    chosen = output_format(args)
    questions = None
    if args.inputs is not None:
        questions = tuple(
            Question(f"inputs {k}", fraction_inputs(parse_word(model, text)))
            for k, text in enumerate(args.inputs, 1)
        )
    derivation = derive(model, questions=questions, convention=args.rounding, digits=digits)
    notation = notation_of(args)
    if chosen == PDF:
        return pdf_output(standalone(derivation, notation, derivation.title))
    return Output(render(derivation, chosen, notation))
