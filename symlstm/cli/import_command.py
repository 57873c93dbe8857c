"""``symlstm import FILE [-o model.toml]``: a trained network's weights as an exact model file."""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from symlstm.cli.common import Output
from symlstm.errors import UsageError
from symlstm.model.importers import FORMATS, ImportOptions, import_file
from symlstm.model.numbers import NumberSyntaxError, parse_number

NAME = "import"
HELP = (
    "read a trained network's weights (PyTorch .pt/.pth state_dict, .safetensors, Keras "
    ".keras/.weights.h5, ONNX) into an exact model file; nothing in the file is executed"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the weight file: " + ", ".join(FORMATS))
    parser.add_argument(
        "--layer",
        default=None,
        metavar="NAME",
        help="the recurrent layer to read, when the file has several",
    )
    parser.add_argument(
        "--readout",
        default=None,
        metavar="NAME",
        help="the linear layer that reads the state (argmax of its outputs; logistic when it "
        "has one); 'none' for no readout; default: the one layer that fits, if any",
    )
    parser.add_argument(
        "--embedding",
        default=None,
        metavar="NAME",
        help="an embedding layer whose rows are the input symbols",
    )
    parser.add_argument(
        "--alphabet",
        default=None,
        metavar="SYMBOLS",
        help="the input symbols: scalars (0,1) or bracketed vectors ([1,0];[0,1]), or "
        "'one-hot'; default: 0,1 for a scalar input, else the one-hot vectors",
    )
    parser.add_argument(
        "--units",
        default=None,
        metavar="LIST",
        help="without a readout layer: round only these units of h (0-based, e.g. 0)",
    )
    parser.add_argument("--name", default=None, help="the model's name (default: the file's)")
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of stdout"
    )


def _number(text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError("--alphabet", str(error)) from None
    return Fraction(int(value.p), int(value.q))


def parse_alphabet(text: str) -> tuple[tuple[Fraction, ...], ...]:
    body = text.strip()
    if not body:
        raise UsageError("--alphabet", "the alphabet is empty")
    if "[" in body:
        symbols = []
        for part in (p.strip() for p in body.split(";")):
            if not (part.startswith("[") and part.endswith("]")) or not part[1:-1].strip():
                raise UsageError(
                    "--alphabet", f'expected a bracketed vector such as "[0,1]", got {part!r}'
                )
            symbols.append(tuple(_number(v) for v in part[1:-1].split(",")))
    else:
        symbols = [(_number(item),) for item in body.split(",")]
    if len(set(symbols)) != len(symbols):
        raise UsageError("--alphabet", "a symbol is listed twice")
    if len({len(s) for s in symbols}) != 1:
        raise UsageError("--alphabet", "symbols of different lengths")
    return tuple(symbols)


def parse_units(text: str) -> tuple[int, ...]:
    try:
        units = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError(
            "--units", f"expected unit indices such as 0 or 0,2, got {text!r}"
        ) from None
    if len(set(units)) != len(units):
        raise UsageError("--units", "a unit is listed twice")
    return units


def run(args: argparse.Namespace) -> Output:
    one_hot = args.alphabet is not None and args.alphabet.strip() == "one-hot"
    options = ImportOptions(
        layer=args.layer,
        readout=args.readout,
        embedding=args.embedding,
        alphabet=None if args.alphabet is None or one_hot else parse_alphabet(args.alphabet),
        one_hot=one_hot,
        units=None if args.units is None else parse_units(args.units),
        name=args.name,
    )
    result = import_file(Path(args.file), options)
    return Output(result.text)
