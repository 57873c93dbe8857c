"""``symlstm sweep``: certified verdicts along a scale of the weights, or over a grid."""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from symlstm.cli.common import Output, add_model_argument, model_of, positive_int
from symlstm.cli.executor_options import add_executor_arguments, executor_spec
from symlstm.errors import UsageError
from symlstm.executor import open_executor
from symlstm.exports.sweeps import PLOT_FORMATS, SWEEP_FORMATS, sweep_plot, sweep_text
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.variants.sweep import DEFAULT_STEPS, GridSweep, ScaleSweep, sweep_grid, sweep_scale
from symlstm.variants.templates import parse_vary

NAME = "sweep"
HELP = (
    "how strong must the weights be: the factor at which the machine is still proved and the "
    "saturated table exact (bisection on certified verdicts), or verdicts over a --vary grid"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--scale",
        default=None,
        metavar="LO:HI",
        help="bisect the factor of every weight and bias between LO and HI (exact numbers)",
    )
    parser.add_argument(
        "--steps",
        default=str(DEFAULT_STEPS),
        metavar="N",
        help=f"bisection steps after the first scan (default {DEFAULT_STEPS})",
    )
    parser.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="a grid axis: W_ch=-100:-10:10, b_o=0,1,2 or scale=1/2:2:1/4; repeatable",
    )
    parser.add_argument("--format", "-f", default="text", choices=SWEEP_FORMATS)
    parser.add_argument(
        "--plot",
        default=None,
        metavar="FILE",
        help="also draw the sweep: .png, .svg or .pdf (needs matplotlib: pip install "
        "'symlstm[plot]')",
    )
    parser.add_argument("--output", "-o", default=None, metavar="FILE", help="the table to FILE")
    add_executor_arguments(parser)


def _range(text: str) -> tuple[Fraction, Fraction]:
    parts = text.split(":")
    if len(parts) != 2:
        raise UsageError("--scale", f"expected LO:HI, got {text!r}")
    values = []
    for part in parts:
        try:
            value = parse_number(part.strip())
        except NumberSyntaxError as error:
            raise UsageError("--scale", f"{part.strip()!r}: {error}") from None
        values.append(Fraction(int(value.p), int(value.q)))
    return values[0], values[1]


def _plot_format(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        raise UsageError("--plot", f"expected a .png, .svg or .pdf file, got {path!r}")
    if not Path(path).parent.is_dir():
        raise UsageError("--plot", f"no such directory: {Path(path).parent}")
    return suffix


def run(args: argparse.Namespace) -> Output:
    from symlstm.cli.common import write_output

    model = model_of(args)
    if (args.scale is None) == (not args.vary):
        raise UsageError("--scale", "give either --scale LO:HI or --vary NAME=SPEC (a grid)")
    steps = positive_int("--steps", args.steps, 60)
    plot_format = _plot_format(args.plot) if args.plot else None
    if plot_format is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError(
                "--plot", "plotting needs matplotlib: pip install 'symlstm[plot]'"
            ) from None
    result: ScaleSweep | GridSweep
    with open_executor(executor_spec(args)) as executor:
        if args.scale is not None:
            low, high = _range(args.scale)
            result = sweep_scale(model, low, high, steps, executor)
        else:
            templates, lengths = parse_vary(model, args.vary)
            if lengths is not None:
                raise UsageError("--vary", "inputs= is for variants; a sweep varies parameters")
            result = sweep_grid(model, templates, executor)
    if args.plot:
        assert plot_format is not None
        write_output(Output(sweep_plot(result, plot_format)), args.plot)
    return Output(sweep_text(result, args.format))
