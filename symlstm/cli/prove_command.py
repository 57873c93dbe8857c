"""``symlstm prove [MODEL] [-o cert.json]``: the machine the exact cell implements, proved.

Prints the verdict and the machine (text or JSON); with ``-o FILE`` also writes the
certificate (JSON, format ``symlstm-certificate`` version 2) that ``symlstm check``
re-verifies independently. With ``--claim MACHINE.toml`` the proof is checked against a
stated machine, which it proves or refutes with a certified counterexample.

Exit status: 0 proved, 1 refuted, 3 unknown, 4 bounded (the machine holds on every word up to
a length; 2 is bad input, as for every command).
"""

from __future__ import annotations

import argparse
import dataclasses

from symlstm.cli.common import (
    Output,
    add_model_argument,
)
from symlstm.cli.output_formats import DOT, TEXT_FORMATS, TIKZ, Produced, check_suffix, produce
from symlstm.cli.proving import (
    EXIT_STATUS,
    add_budget_arguments,
    proof_shown,
    run_prove,
    write_certificate,
)

NAME = "prove"
HELP = "prove which finite-state machine the exact cell implements, for every input word"

PROVE_FORMATS = (*TEXT_FORMATS, DOT, TIKZ)  # on stdout: -o is the certificate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_budget_arguments(parser)
    parser.add_argument(
        "--format",
        "-f",
        default="text",
        choices=PROVE_FORMATS,
        help="format of the summary on stdout (default: text; dot, tikz: the machine)",
    )
    parser.add_argument(
        "--output",
        "-o",
        dest="certificate",
        default=None,
        metavar="FILE",
        help="write the certificate (JSON) to FILE when the verdict is proved or bounded",
    )


def run(args: argparse.Namespace) -> Output:
    if args.certificate is not None:
        check_suffix(args.certificate, "json", ("json",))
    result = run_prove(args)
    write_certificate(result, args.certificate)
    shown = proof_shown(result, args, args.format)
    said = produce(Produced(shown, machine=lambda: result.machine), args.format, args)
    return dataclasses.replace(said, status=EXIT_STATUS[result.verdict])
