"""``symlstm check CERT.json``: verify a proof certificate with the independent checker.

Prints ``valid`` (exit 0) or ``invalid: <the first failing obligation>`` (exit 1). A file
that cannot be read or is not a certificate at all is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse

from symlstm.analysis.check import (
    MAX_PRECISION_BITS,
    MIN_PRECISION_BITS,
    PRECISION_BITS,
    check_certificate,
    load_certificate,
)
from symlstm.cli.common import Output, add_limit_arguments, positive_int
from symlstm.errors import UsageError
from symlstm.model.reading import FileKind, check_readable
from symlstm.render.reasons import check_failure_text

NAME = "check"
HELP = "verify a proof certificate (JSON) with the independent interval-arithmetic checker"

EXIT_INVALID = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("certificate", metavar="CERT", help="a certificate file (JSON)")
    parser.add_argument(
        "--precision",
        default=None,
        metavar="BITS",
        help="working precision of the interval arithmetic in bits (default: "
        f"{PRECISION_BITS}, or 64 bits beyond the finest box bound's denominator)",
    )
    add_limit_arguments(parser)
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of stdout"
    )


def run(args: argparse.Namespace) -> Output:
    bits = None
    if args.precision is not None:
        bits = positive_int("--precision", args.precision, MAX_PRECISION_BITS)
    if bits is not None and bits < MIN_PRECISION_BITS:
        raise UsageError(
            "--precision",
            f"expected a whole number from {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}, "
            f"got {bits}",
        )
    check_readable(args.certificate, FileKind.CERTIFICATE)
    data = load_certificate(args.certificate)
    result = check_certificate(data, precision_bits=bits)
    if result.valid and result.horizon is not None:
        return Output(f"valid for every input word of length at most {result.horizon}\n")
    if result.valid:
        return Output("valid\n")
    assert result.failure is not None
    return Output(f"invalid: {check_failure_text(result.failure)}\n", status=EXIT_INVALID)
