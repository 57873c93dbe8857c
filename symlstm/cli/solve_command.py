"""``symlstm solve``: a model on an input word, every value certified, under a convention."""

from __future__ import annotations

import argparse
from fractions import Fraction

from symlstm.cli.common import Output, add_model_argument, model_of
from symlstm.cli.options import (
    DEFAULT_DPS,
    MAX_DPS,
    add_rounding_argument,
    convention_of,
    parse_dps,
)
from symlstm.cli.output_formats import Produced, add_output_arguments, output_format, produce
from symlstm.errors import UsageError
from symlstm.model import Model
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.numbers.rounding import (
    DEFAULT_TOLERANCE,
    TieRule,
    check_convention,
)

NAME = "solve"
HELP = "evaluate a model on an input word with certified digits, under a rounding convention"

MAX_INPUTS = 1_000_000

INPUTS_HELP = (
    "the input word: scalars separated by commas (0,0,1,1,1,0), or, for a model with "
    'several inputs, bracketed vectors separated by semicolons ("[0,1];[1,1]"); numbers '
    "are exact (integers, decimals, p/q); default: the model's first question"
)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", "-i", default=None, metavar="WORD", help=INPUTS_HELP)
    parser.add_argument(
        "--question",
        default=None,
        metavar="K",
        help="use the model's K-th question (1-based) as the input word",
    )


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


def _number(option: str, text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError(option, str(error)) from None
    return Fraction(int(value.p), int(value.q))


def parse_word(model: Model, text: str) -> tuple[tuple[Fraction, ...], ...]:
    """The input word of ``--inputs``, checked against the model's input size and alphabet."""
    body = text.strip()
    if not body:
        raise UsageError("--inputs", "the input word is empty")
    if "[" in body:
        parts = [p.strip() for p in body.split(";")]
        vectors = []
        for part in parts:
            if not (part.startswith("[") and part.endswith("]")):
                raise UsageError(
                    "--inputs", f'expected a bracketed vector such as "[0,1]", got {part!r}'
                )
            inner = part[1:-1].strip()
            if not inner:
                raise UsageError("--inputs", f"empty vector {part!r}")
            vectors.append(tuple(_number("--inputs", v) for v in inner.split(",")))
    else:
        items = [p.strip() for p in body.replace(";", ",").split(",")]
        if any(not item for item in items):
            raise UsageError("--inputs", f"empty entry in {text!r}")
        vectors = [(_number("--inputs", item),) for item in items]
    if len(vectors) > MAX_INPUTS:
        raise UsageError("--inputs", f"at most {MAX_INPUTS} inputs, got {len(vectors)}")
    alphabet = {tuple(Fraction(int(v.p), int(v.q)) for v in symbol) for symbol in model.alphabet}
    for t, vector in enumerate(vectors):
        if len(vector) != model.inputs:
            raise UsageError(
                "--inputs",
                f"input {t} has {len(vector)} entries; model {model.name!r} takes "
                f"{model.inputs} per step",
            )
        if alphabet and vector not in alphabet:
            shown = sorted(alphabet)
            symbols = ", ".join(_vector_text(s) for s in shown[:20]) + (
                ", …" if len(shown) > 20 else ""
            )
            raise UsageError(
                "--inputs",
                f"input {t} = {_vector_text(vector)} is not in the alphabet of model "
                f"{model.name!r} ({symbols})",
            )
    return tuple(vectors)


def _short(value: Fraction) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:12] + "…" + text[-6:]


def _vector_text(vector: tuple[Fraction, ...]) -> str:
    texts = [_short(v) for v in vector]
    return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"


def word_of(args: argparse.Namespace, model: Model) -> tuple[tuple[Fraction, ...], ...]:
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
    return tuple(tuple(Fraction(int(v.p), int(v.q)) for v in x) for x in question.inputs)


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
        if chosen not in ("text", "json", "latex", "pdf"):
            raise UsageError(
                "--show-work", f"the worked step is text, json, latex or pdf, not {chosen}"
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
    result = check_convention(model, convention, word, digits, tolerance=tolerance)
    return produce(Produced(result), chosen, args)
