"""``symlstm explain [MODEL] [--machine FILE]…``: what the cell's output carries.

Proves the machine the exact cell implements (as ``symlstm prove``), then compares it with
the library of named properties of binary words and with user machines (TOML files; the
format is described in :mod:`symlstm.analysis.explain`). A property is *carried* when it is
a function of the rounded output after every non-empty word; otherwise two shortest words
with the same output and different property values are shown.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from symlstm.analysis.explain import (
    MACHINE_FILE_FORMAT,
    Explanation,
    explain,
    read_property_file,
)
from symlstm.analysis.proof import ProofResult, Verdict
from symlstm.cli.common import Output, add_model_argument, deadline_of
from symlstm.cli.output_formats import Produced, add_output_arguments, output_format, produce
from symlstm.cli.proving import EXIT_STATUS, add_budget_arguments, proof_shown, run_prove
from symlstm.errors import UsageError

NAME = "explain"
HELP = "say what the cell's rounded output carries (named properties, user machines)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = MACHINE_FILE_FORMAT + "\n\n" + (parser.epilog or "")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_model_argument(parser)
    add_budget_arguments(parser)
    parser.add_argument(
        "--machine",
        action="append",
        default=[],
        metavar="FILE",
        help="also compare with the Moore machine in FILE (TOML; repeatable)",
    )
    add_output_arguments(parser)


def explanation_of(args: argparse.Namespace) -> tuple[Explanation | None, ProofResult]:
    result = run_prove(args)
    if result.verdict is not Verdict.PROVED or result.machine is None:
        return None, result
    extra = tuple(read_property_file(Path(p)) for p in args.machine)
    for path, prop in zip(args.machine, extra, strict=True):
        if prop.machine.alphabet != result.machine.alphabet:
            raise UsageError(
                "--machine", f"{path}: the machine reads another alphabet than the model"
            )
    return explain(result.machine, result.model_name, extra, deadline=deadline_of(args)), result


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    explanation, result = explanation_of(args)
    if explanation is None:
        # no proved machine: say why, with the prover's verdict and status
        said = produce(Produced(proof_shown(result, args, chosen)), chosen, args)
        return dataclasses.replace(said, status=EXIT_STATUS[result.verdict])
    return produce(Produced(explanation), chosen, args)
