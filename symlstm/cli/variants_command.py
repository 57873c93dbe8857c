"""``symlstm variants``: homework variants with verified answer keys, and their exports."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

from symlstm.cli.common import Output, add_model_argument, model_of, positive_int
from symlstm.cli.executor_options import add_executor_arguments, executor_spec
from symlstm.cli.pdf import compile_pdf, require_engine
from symlstm.errors import UsageError
from symlstm.executor import open_executor
from symlstm.exports import EXPORTS, FOLDER_FORMATS, export
from symlstm.exports.common import Export
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.numbers.rounding import CONVENTIONS
from symlstm.variants.generate import MachineRule, VariantOptions, generate
from symlstm.variants.questions import QuestionKind
from symlstm.variants.templates import parse_vary

NAME = "variants"
HELP = "homework variants with verified answer keys; exports to Moodle, Canvas, PrairieLearn, edX"
MAX_COUNT = 100_000
PDF = "pdf"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    parser.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="a parameter template: W_ch=-100:-10:10 (range LO:HI:STEP), W_ch=-100,-50 "
        "(list), scale=1/2:2:1/4 (a factor of every weight and bias), inputs=3:6 (the "
        "length of each question's input word, drawn from the alphabet); repeatable",
    )
    parser.add_argument("--count", "-n", default="10", metavar="N", help="variants (default 10)")
    parser.add_argument("--seed", default="1", metavar="S", help="random seed (default 1)")
    parser.add_argument(
        "--rounding",
        "-r",
        default="saturate",
        metavar="NAME",
        help="the rounding convention the questions state, every answer verified under it "
        f"({', '.join(CONVENTIONS)}; default saturate, as on every command)",
    )
    parser.add_argument(
        "--also-check",
        default="nearest,exact",
        metavar="NAMES",
        help="further conventions every answer is verified under (default nearest,exact; "
        "'none' for none)",
    )
    parser.add_argument(
        "--questions",
        default=",".join(k.value for k in QuestionKind),
        metavar="KINDS",
        help="question kinds: " + ", ".join(k.value for k in QuestionKind) + " (default: all)",
    )
    parser.add_argument(
        "--robust",
        action="store_true",
        help="keep only variants where every convention and the exact cell agree, with no tie "
        "and every saturated activation at margin ≥ --margin",
    )
    parser.add_argument(
        "--margin", default="0", metavar="M", help="least saturation margin of --robust (default 0)"
    )
    parser.add_argument(
        "--distinct", action="store_true", help="no two variants with the same answer key"
    )
    parser.add_argument(
        "--machine",
        default="any",
        choices=[r.value for r in MachineRule],
        help="same: keep the proved machine of the model; any: let it change (default)",
    )
    parser.add_argument(
        "--format",
        "-f",
        default="json",
        choices=(*EXPORTS, PDF),
        help="json (default); moodle (XML), qti (zip for Canvas), prairielearn and olx "
        "(folders, need -o DIR); all (a folder: the JSON key and the four exports); markdown, "
        "html, pdf (the sheet chosen by --sheet)",
    )
    parser.add_argument(
        "--sheet",
        default="key",
        choices=("key", "student"),
        help="for markdown, html, pdf: the answer key with worked solutions (default) or the "
        "student sheet",
    )
    parser.add_argument(
        "--output", "-o", default=None, metavar="PATH", help="a file, or a directory for folders"
    )
    add_executor_arguments(parser)


def _names(option: str, text: str, known: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    if not names:
        raise UsageError(option, "expected at least one name")
    for name in names:
        if name not in known:
            raise UsageError(option, f"unknown name {name!r}; expected one of {', '.join(known)}")
    return names


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError("--seed", f"expected a whole number, got {text!r}") from None


def _margin(text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError("--margin", str(error)) from None
    if value < 0:
        raise UsageError("--margin", f"expected a number ≥ 0, got {text}")
    return Fraction(int(value.p), int(value.q))


def _check_folder(path: str) -> None:
    target = Path(path)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise UsageError("--output", f"{path} exists and is not an empty directory")
    if not target.parent.is_dir():
        raise UsageError("--output", f"no such directory: {target.parent}")


def write_folder(result: Export, path: str) -> None:
    """Write a folder export atomically: built beside ``path``, then renamed onto it (which
    must not exist, or be an empty directory)."""
    _check_folder(path)
    target = Path(path)
    parent = target.parent
    try:
        temporary = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as error:
        raise UsageError("--output", f"cannot write to {parent} ({error.strerror})") from None
    try:
        for name, data in result.files:
            file = temporary / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        os.replace(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            raise UsageError("--output", f"cannot write {path} ({error.strerror})") from None
        raise


def run(args: argparse.Namespace) -> Output:
    model = model_of(args)
    count = positive_int("--count", args.count, MAX_COUNT)
    seed = _seed(args.seed)
    templates, lengths = parse_vary(model, args.vary)
    conventions = _names("--rounding", args.rounding, tuple(CONVENTIONS))
    if args.also_check.strip().lower() != "none":
        for name in _names("--also-check", args.also_check, tuple(CONVENTIONS)):
            if name not in conventions:
                conventions = (*conventions, name)
    kinds = tuple(
        QuestionKind(k)
        for k in _names("--questions", args.questions, tuple(k.value for k in QuestionKind))
    )
    margin = _margin(args.margin)
    chosen = args.format
    if chosen in FOLDER_FORMATS:
        if not args.output:
            raise UsageError("--output", f"the {chosen} export is a folder: add -o DIR")
        _check_folder(args.output)  # before the work, not after
    if chosen == PDF:
        if not args.output:
            raise UsageError("--format", "a PDF is written to a file: add -o FILE.pdf")
        require_engine()
    options = VariantOptions(
        count=count,
        seed=seed,
        templates=templates,
        lengths=lengths,
        conventions=conventions,
        robust=args.robust,
        margin=margin,
        distinct=args.distinct,
        machine=MachineRule(args.machine),
        kinds=kinds,
    )
    spec = executor_spec(args)
    with open_executor(spec) as executor:
        variants = generate(model, options, executor)
    if chosen == PDF:
        return Output(compile_pdf(export(variants, "latex", sheet=args.sheet).content.decode()))
    result = export(variants, chosen, sheet=args.sheet)
    if result.folder:
        write_folder(result, args.output)
        sys.stderr.write(f"symlstm: wrote {len(result.files)} files to {args.output}\n")
        args.output = None  # written: nothing left for the file output of the command line
        return Output("")
    if chosen == "qti":
        return Output(result.content)
    return Output(result.content.decode())
