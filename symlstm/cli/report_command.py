"""``symlstm report``: the worked solution of a model's questions, in any format.

With no arguments: the homework's full worked solution (both "LSTM states" questions and
what h_t carries) as text, the README's main job. ``--inputs`` (repeatable) replaces the
model's questions; ``-o report.pdf`` compiles the standalone LaTeX document;
``--format beamer`` gives slides (``-o slides.tex``, ``-o slides.pdf``); ``--show-work T``
adds step T worked by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
from fractions import Fraction

from symlstm.cli.common import Output, add_limit_arguments, add_model_argument, model_of
from symlstm.cli.inputs import INPUTS_HELP, MAX_SOLVE_STEPS, parse_word  # the word
from symlstm.cli.options import (
    add_dps_argument,
    add_rounding_argument,
    convention_of,
    parse_dps,
)
from symlstm.cli.output_formats import (
    SLIDE_FORMATS,
    Produced,
    add_output_arguments,
    output_format,
    produce,
)
from symlstm.cli.proving import too_large_for_the_prover
from symlstm.derivation import derive, fraction_inputs, show_work
from symlstm.errors import UsageError
from symlstm.model import DEFAULT_MODEL, Question
from symlstm.render.tree import Code, Document, Note, Text

HINTED = ("text", "markdown")  # formats that cannot draw: the report ends with the commands

NAME = "report"
HELP = (
    "the worked solution of a model's questions: equations, saturation with exact gaps, "
    "every value per step, the machine with its proof, what the state carries"
)
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
    add_rounding_argument(parser, "the rounding convention the answers are stated under: ")
    parser.add_argument("--threshold", default=None, metavar="T", help=argparse.SUPPRESS)
    parser.add_argument("--tie", default=None, metavar="RULE", help=argparse.SUPPRESS)
    add_dps_argument(parser, MAX_REPORT_DPS, "; the per-step tables show min(N, 10)")
    parser.add_argument(
        "--show-work",
        default=None,
        metavar="T",
        help="add a section working step T (0-based) of the first question by hand: each "
        "equation in symbols, with every number put in, then its certified value",
    )
    add_output_arguments(parser, SLIDE_FORMATS)
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    digits = parse_dps(args.dps)
    if digits > MAX_REPORT_DPS:
        raise UsageError("--dps", f"expected 1 to {MAX_REPORT_DPS} digits, got {digits}")
    convention = convention_of(args)
    chosen = output_format(args)
    questions = None
    if args.inputs is not None:
        words = [parse_word(model, text) for text in args.inputs]
        for word in words:
            if len(word) > MAX_SOLVE_STEPS:
                raise UsageError(
                    "--inputs",
                    f"at most {MAX_SOLVE_STEPS} steps are computed, got {len(word)}",
                )
        questions = tuple(
            Question(f"inputs {k}", fraction_inputs(word)) for k, word in enumerate(words, 1)
        )
    try:
        derivation = derive(model, questions=questions, convention=convention, digits=digits)
    except OverflowError:
        raise too_large_for_the_prover(model) from None
    from symlstm.render.build import derivation_document

    if args.show_work is None:
        if chosen not in HINTED:
            return produce(Produced(derivation, derivation.title), chosen, args)
        document = with_drawing_hint(derivation_document(derivation), chosen, args)
        return produce(Produced(document, derivation.title), chosen, args)

    asked = questions or model.questions
    if not asked:
        raise UsageError("--show-work", "the model has no question: add --inputs WORD")
    steps = [tuple(Fraction(str(v)) for v in x) for x in asked[0].inputs]
    try:
        t = int(args.show_work)
    except ValueError:
        raise UsageError("--show-work", f"expected a step number, got {args.show_work!r}") from None
    if not 0 <= t < len(steps):
        raise UsageError("--show-work", f"expected a step from 0 to {len(steps) - 1}, got {t}")
    work = show_work(model, convention, steps, t, digits)
    document = with_drawing_hint(derivation_document(derivation, work), chosen, args)
    return produce(Produced(document, derivation.title), chosen, args)


def with_drawing_hint(document: Document, chosen: str, args: argparse.Namespace) -> Document:
    """In the formats that cannot draw (text, Markdown), a closing note on the commands that
    draw the unit and write the whole machine (the document itself names no command)."""
    if chosen not in HINTED:
        return document
    model = shlex.quote(args.model if args.model is not None else DEFAULT_MODEL)
    note = Note(
        (
            Text("Drawings: "),
            Code(f"symlstm diagram {model} -o unit.svg"),
            Text(" draws the unit; "),
            Code(f"symlstm prove {model} -f dot"),
            Text(" writes the machine in Graphviz DOT."),
        )
    )
    return dataclasses.replace(document, blocks=(*document.blocks, note))
