"""The command line: ``symlstm COMMAND …``. A thin shell around the pipeline.

Each command is a module with ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> Output``; :data:`COMMANDS` lists them in the order ``--help`` shows them.
Bad input ends with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from symlstm import __version__

# in the order of the pipeline: the whole worked solution first, then each stage
COMMAND_MODULES: tuple[str, ...] = (
    "report_command",
    "models_command",
    "equations_command",
    "diagram_command",
    "solve_command",
    "gaps_command",
    "gates_command",
    "plot_command",
    "table_command",
    "prove_command",
    "check_command",
    "explain_command",
    "analyze_command",
    "import_command",
    "drift_command",
    "variants_command",
    "sweep_command",
)


def commands() -> tuple[ModuleType, ...]:
    """The command modules, imported on first use (``--version`` imports none)."""
    return tuple(importlib.import_module(f"symlstm.cli.{name}") for name in COMMAND_MODULES)


def __getattr__(name: str) -> object:
    if name == "COMMANDS":
        return commands()
    if name.endswith("_command") and name in COMMAND_MODULES:
        return importlib.import_module(f"symlstm.cli.{name}")
    raise AttributeError(f"module 'symlstm.cli' has no attribute {name!r}")


EXIT_OK = 0
MAX_INT_DIGITS = 100_000  # the longest integer the command line converts to text
EXIT_BAD_INPUT = 2
EXIT_BUDGET = 3  # a budget ran out: no answer (the prover's "unknown" has the same status)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error message (the usage is a ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        from symlstm.cli.common import one_line

        sys.stderr.write(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    from symlstm.cli.options import exit_status_help

    parser = _Parser(
        epilog=exit_status_help(),
        prog="symlstm",
        description="Symbolic and exact analysis of small recurrent cells (LSTM, GRU, "
        "gated and simple RNN): equations, certified values, rounding checks, "
        "finite-state machines with proofs, worked solutions.",
    )
    parser.add_argument("--version", action="version", version=f"symlstm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands():
        child = sub.add_parser(
            command.NAME,
            help=command.HELP,
            description=command.HELP,
            epilog=exit_status_help(),
        )
        command.add_arguments(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # --max-seconds bounds the command from here: reading the options (which imports every
    # command, SymPy among them) takes a few tenths of a second that a user's clock counts
    started = time.monotonic()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # fast: no command module, no SymPy
        sys.stdout.write(f"symlstm {__version__}\n")
        return EXIT_OK
    from symlstm.cli.common import Output, limits, one_line, write_output
    from symlstm.errors import BudgetExceeded, SymlstmError

    # model numbers have at most 14,000 digits (model/numbers.py), their products twice
    # that: printing them needs more than Python's default 4300 (a bound stays, for safety)
    if sys.get_int_max_str_digits() and sys.get_int_max_str_digits() < MAX_INT_DIGITS:
        sys.set_int_max_str_digits(MAX_INT_DIGITS)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_OK
    try:
        with limits(args, started=started):
            output: Output = args.run(args)
        write_output(output, getattr(args, "output", None))
    except BudgetExceeded as error:
        sys.stderr.write(f"symlstm: {args.command}: {one_line(str(error))}\n")
        return EXIT_BUDGET
    except MemoryError:
        megabytes = getattr(args, "memory_mb", None)
        sys.stderr.write(
            f"symlstm: {args.command}: the memory budget of {megabytes} MB (--max-memory) "
            "ran out; no answer\n"
        )
        return EXIT_BUDGET
    except SymlstmError as error:
        sys.stderr.write(f"symlstm: {one_line(str(error))}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("symlstm: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return output.status


__all__ = ["COMMANDS", "build_parser", "main"]
