"""The input word of a command: ``--inputs`` and ``--question``, parsed by the one word
parser below the faces (:mod:`symlstm.model.words`)."""

from __future__ import annotations

import argparse

from symlstm.errors import UsageError
from symlstm.model import Model, words
from symlstm.model.words import Word

MAX_INPUTS = words.MAX_WORD_LENGTH
# solve, gaps --inputs and plot keep and print every step: measured here, 20,000 steps of the
# homework take about 450 MB and 10 s of CPU as JSON (50,000: 1 GB); longer words exit 2
MAX_SOLVE_STEPS = 20_000

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


def parse_word(model: Model, text: str) -> Word:
    """The input word of ``--inputs`` (:func:`symlstm.model.words.parse_word`)."""
    return words.parse_word(text, model, option="--inputs")


def word_of(args: argparse.Namespace, model: Model) -> Word:
    """The input word from ``--inputs`` or ``--question`` (default: the first question)."""
    if args.inputs is not None and args.question is not None:
        raise UsageError("--question", "give either --inputs or --question, not both")
    if args.inputs is not None:
        word = parse_word(model, args.inputs)
        if len(word) > MAX_SOLVE_STEPS:
            raise UsageError(
                "--inputs",
                f"at most {MAX_SOLVE_STEPS} steps are computed and printed, got {len(word)}",
            )
        return word
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
    if len(question.inputs) > MAX_SOLVE_STEPS:
        raise UsageError(
            f"{model.source}: questions[{index - 1}].inputs",
            f"at most {MAX_SOLVE_STEPS} steps are computed and printed, got {len(question.inputs)}",
        )
    return Word.of(question.inputs)
