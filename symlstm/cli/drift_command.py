"""``symlstm drift MODEL``: the cell in NumPy at float16/32/64 beside the exact cell.

Exit status: 0 when the two read the same on every word compared, 1 when they part ways
(2 is bad input, as for every command).
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import TYPE_CHECKING

from symlstm.cli.common import Output, add_model_argument, model_of, positive_int
from symlstm.errors import UsageError
from symlstm.model.words import parse_word

if TYPE_CHECKING:  # NumPy (and its thread pools) only when the command runs
    from symlstm.analysis.drift import Difference, DriftReport

DTYPE_NAMES = ("float16", "float32", "float64")  # symlstm.analysis.drift.DTYPES

NAME = "drift"
HELP = (
    "run the cell in NumPy at float16, float32 or float64 beside the certified exact cell: "
    "the first step where the readouts differ, with the exact margin, on given words and "
    "on every word up to a length"
)
MAX_LENGTH = 64
MAX_WORD = 100_000  # steps of a word given with --inputs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--dtype",
        default="float32",
        choices=DTYPE_NAMES,
        help="the float type (default: float32)",
    )
    parser.add_argument(
        "--inputs",
        "-i",
        action="append",
        default=None,
        metavar="WORD",
        help="a word to compare on (repeatable): scalars separated by commas, or bracketed "
        "vectors separated by semicolons",
    )
    parser.add_argument(
        "--max-length",
        "-L",
        default=None,
        metavar="L",
        help="also search every word of length 1 to L (default: 10 when no --inputs is given)",
    )
    parser.add_argument("--format", "-f", default="text", choices=("text", "json"))
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of stdout"
    )


def _symbol(v: tuple[Fraction, ...]) -> str:
    texts = [str(x) for x in v]
    return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"


def _word(word: tuple[tuple[Fraction, ...], ...]) -> str:
    separator = "," if all(len(v) == 1 for v in word) else ";"
    return separator.join(_symbol(v) for v in word)


def _g(value: float | None) -> str:
    return "undetermined" if value is None else f"{value:.3g}"


def _out(output: tuple[int, ...] | None) -> str:
    return "undetermined (on a boundary)" if output is None else str(list(output))


def _difference_text(d: Difference, dtype: str) -> str:
    return (
        f"first difference at t = {d.t}: {dtype} reads {_out(d.float_output)}, the exact cell "
        f"{_out(d.exact_output)}; the exact state is {_g(d.exact_margin)} from the readout's "
        f"boundary and {dtype} is {_g(d.deviation)} away from it "
        f"(exact {[float(f'{v:.9g}') for v in d.exact_values]}, "
        f"{dtype} {[float(f'{v:.9g}') for v in d.float_values]})"
    )


def _text(report: DriftReport) -> str:
    lines = [f"{report.model}: {report.dtype} beside the exact cell (readout: {report.readout})"]
    for w in report.words:
        head = f"word {_word(w.word)}: "
        if w.difference is None:
            lines.append(
                head + f"the same output at every step (largest |{report.dtype} − exact| = "
                f"{_g(w.largest_deviation)}, smallest exact margin {_g(w.smallest_margin)})"
            )
        else:
            lines.append(head + _difference_text(w.difference, report.dtype))
    if report.max_length is not None:
        if report.found is None:
            lines.append(
                f"{report.dtype} and the exact cell agree on every word up to length "
                f"{report.max_length} ({report.searched} words; largest |{report.dtype} − exact| "
                f"= {_g(report.search_largest_deviation)}, smallest exact margin "
                f"{_g(report.search_smallest_margin)})"
            )
        else:
            d = report.found
            lines.append(
                f"search up to length {report.max_length}: on the word {_word(d.word)} "
                f"(length {len(d.word)}), " + _difference_text(d, report.dtype)
            )
    return "\n".join(lines) + "\n"


def _number(value: float | None) -> float | str | None:
    """A float for JSON; inf and nan (a float run that overflowed) as strings."""
    if value is None or (value == value and abs(value) != float("inf")):
        return value
    return str(value)


def _difference_json(d: Difference | None) -> object:
    if d is None:
        return None
    return {
        "word": [[str(x) for x in v] for v in d.word],
        "t": d.t,
        "float_output": list(d.float_output),
        "exact_output": None if d.exact_output is None else list(d.exact_output),
        "exact_margin": _number(d.exact_margin),
        "deviation": _number(d.deviation),
        "exact_values": [_number(v) for v in d.exact_values],
        "float_values": [_number(v) for v in d.float_values],
    }


def _json(report: DriftReport) -> str:
    data = {
        "model": report.model,
        "dtype": report.dtype,
        "readout": report.readout,
        "agree": report.agree,
        "words": [
            {
                "word": [[str(x) for x in v] for v in w.word],
                "difference": _difference_json(w.difference),
                "largest_deviation": _number(w.largest_deviation),
                "smallest_margin": _number(w.smallest_margin),
            }
            for w in report.words
        ],
        "search": None
        if report.max_length is None
        else {
            "max_length": report.max_length,
            "words": report.searched,
            "difference": _difference_json(report.found),
            "largest_deviation": _number(report.search_largest_deviation),
            "smallest_margin": _number(report.search_smallest_margin),
        },
    }
    return json.dumps(data, indent=2, allow_nan=False) + "\n"


def run(args: argparse.Namespace) -> Output:
    from symlstm.analysis.drift import MAX_SEARCH_WORDS, drift

    model = model_of(args)
    words = [parse_word(text, model, max_length=MAX_WORD) for text in (args.inputs or [])]
    max_length = None
    if args.max_length is not None:
        max_length = positive_int("--max-length", args.max_length, MAX_LENGTH)
    elif not words:
        max_length = 10
    if max_length is not None:
        count = sum(len(model.alphabet) ** n for n in range(1, max_length + 1))
        if count > MAX_SEARCH_WORDS:
            raise UsageError(
                "--max-length",
                f"{count} words of length 1 to {max_length} over {len(model.alphabet)} "
                f"symbols; at most {MAX_SEARCH_WORDS} are searched",
            )
    report = drift(model, args.dtype, words, max_length)
    text = _json(report) if args.format == "json" else _text(report)
    return Output(text, 0 if report.agree else 1)
