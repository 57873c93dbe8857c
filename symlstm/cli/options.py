"""Options every command spells the same way, with the same defaults.

``--rounding/-r NAME`` (default :data:`DEFAULT_ROUNDING`, the course's convention) and
``--dps N`` (default :data:`DEFAULT_DPS` certified significant digits) mean one thing on
every command that takes them; the exit statuses are listed once, in :data:`EXIT_STATUSES`,
for ``--help`` and the README.
"""

from __future__ import annotations

import argparse
from fractions import Fraction

from symlstm.errors import UsageError
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.numbers.rounding import CONVENTIONS, RoundingConvention, TieRule

MAX_DPS = 100_000

DEFAULT_ROUNDING = "saturate"
DEFAULT_DPS = 30

# every exit status a command uses, in order (``symlstm --help`` prints them)
EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (0, "success; for prove/analyze/explain --machine: proved"),
    (1, "refuted (prove, analyze, explain --machine), invalid certificate (check)"),
    (2, "bad input: a malformed model or option, a file that cannot be written"),
    (3, "unknown: the proof, or any command's --max-seconds/--max-memory budget, ran out"),
    (4, "bounded: the machine is proved for every word up to a length (prove, analyze)"),
    (130, "interrupted"),
)


def exit_status_help() -> str:
    return "exit status: " + "; ".join(f"{code} {what}" for code, what in EXIT_STATUSES)


def add_rounding_argument(parser: argparse.ArgumentParser, help_prefix: str = "") -> None:
    parser.add_argument(
        "--rounding",
        "-r",
        default=DEFAULT_ROUNDING,
        metavar="NAME",
        help=(help_prefix or "the rounding convention: ")
        + "; ".join(f"{c.name}: {c.description}" for c in CONVENTIONS.values())
        + f" (default: {DEFAULT_ROUNDING})",
    )


def add_dps_argument(
    parser: argparse.ArgumentParser, largest: int = 100_000, extra: str = ""
) -> None:
    parser.add_argument(
        "--dps",
        default=str(DEFAULT_DPS),
        metavar="N",
        help=f"significant digits to compute and certify (1 to {largest}; "
        f"default {DEFAULT_DPS}){extra}",
    )


def parse_dps(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError("--dps", f"expected a whole number of digits, got {text!r}") from None
    if not 1 <= value <= MAX_DPS:
        raise UsageError("--dps", f"expected 1 to {MAX_DPS} digits, got {value}")
    return value


def _number(option: str, text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError(option, str(error)) from None
    return Fraction(int(value.p), int(value.q))


def convention_of(args: argparse.Namespace) -> RoundingConvention:
    name = args.rounding
    if name not in CONVENTIONS:
        raise UsageError(
            "--rounding",
            f"unknown rounding convention {name!r}; expected one of {', '.join(CONVENTIONS)}",
        )
    convention = CONVENTIONS[name]
    if args.threshold is not None:
        if args.threshold.strip().lower() == "none":
            convention = convention.with_(threshold=None)
        else:
            threshold = _number("--threshold", args.threshold)
            if threshold <= 0:
                raise UsageError("--threshold", f"expected a positive number, got {threshold}")
            convention = convention.with_(threshold=threshold)
    if args.tie is not None:
        rules = {t.value: t for t in TieRule}
        if args.tie not in rules:
            raise UsageError(
                "--tie", f"unknown tie rule {args.tie!r}; expected one of {', '.join(rules)}"
            )
        convention = convention.with_(tie=rules[args.tie])
    return convention
