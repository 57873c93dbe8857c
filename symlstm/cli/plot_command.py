"""``symlstm plot``: h_t, c_t and the gates of a model over time, as PNG, SVG or PDF
(matplotlib, the optional extra ``plot``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from symlstm.cli.common import Output, add_model_argument, model_of
from symlstm.cli.inputs import add_input_arguments, word_of
from symlstm.errors import UsageError
from symlstm.numbers.trace import run_trace
from symlstm.render.plot import MATPLOTLIB_HINT, PlotFormat, plot_trace

NAME = "plot"
HELP = "plot the states and gates of a model over time for an input word (needs matplotlib)"
PLOT_DIGITS = 17  # enough for floats; a picture prints no digits
SUFFIXES = {f".{f.value}": f for f in PlotFormat}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_input_arguments(parser)
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FILE",
        help="the picture to write: .png, .svg or .pdf",
    )


def run(args: argparse.Namespace) -> Output:
    suffix = Path(args.output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            "--output", f"expected a .png, .svg or .pdf file name, got {args.output!r}"
        )
    model = model_of(args)
    word = word_of(args, model)
    trace = run_trace(model, word, PLOT_DIGITS)
    try:
        picture = plot_trace(trace, SUFFIXES[suffix])
    except ImportError:
        raise UsageError("--output", MATPLOTLIB_HINT) from None
    return Output(picture)
