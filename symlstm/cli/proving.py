"""What the commands that run the prover share (prove, analyze, explain): the budget
options, the progress bar, the certificate, and the exit status of each verdict."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from symlstm import __version__
from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.explain import read_machine_file
from symlstm.analysis.proof import Budget, Progress, ProofResult, Verdict, prove
from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    deadline_of,
    model_of,
    positive_int,
    positive_seconds,
    write_output,
)
from symlstm.errors import UsageError
from symlstm.model import Model

EXIT_STATUS = {Verdict.PROVED: 0, Verdict.REFUTED: 1, Verdict.UNKNOWN: 3, Verdict.BOUNDED: 4}
MAX_STATES = 10_000_000
MAX_SECONDS = 7 * 24 * 3600


def add_budget_arguments(parser: argparse.ArgumentParser) -> None:
    default = Budget()
    parser.add_argument(
        "--max-states",
        default=str(default.max_states),
        metavar="N",
        help=f"give up after N boxes (abstract states; default {default.max_states})",
    )
    parser.add_argument(
        "--max-seconds",
        default=str(int(default.max_seconds)),
        metavar="S",
        help=f"give up after S seconds, a decimal such as 0.5 (default {int(default.max_seconds)})",
    )
    parser.add_argument(
        "--precision",
        default=str(default.bits),
        metavar="BITS",
        help=f"bits of the ball arithmetic (default {default.bits})",
    )
    parser.add_argument(
        "--claim",
        default=None,
        metavar="MACHINE",
        help="a Moore machine file (TOML, see `symlstm explain --help`) to prove or refute",
    )
    add_limit_arguments(parser, seconds=False)


def budget_of(args: argparse.Namespace) -> Budget:
    bits = positive_int("--precision", args.precision, 100_000)
    if bits < 53:
        raise UsageError("--precision", f"expected at least 53 bits, got {bits}")
    return Budget(
        max_states=positive_int("--max-states", args.max_states, MAX_STATES),
        max_seconds=positive_seconds("--max-seconds", args.max_seconds, MAX_SECONDS),
        bits=bits,
    )


def claim_of(args: argparse.Namespace, alphabet: object) -> MooreMachine | None:
    if args.claim is None:
        return None
    machine = read_machine_file(Path(args.claim))
    if machine.alphabet != alphabet:
        raise UsageError(
            "--claim", f"{args.claim}: the machine reads another alphabet than the model"
        )
    return machine


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal and the work has
    taken more than a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, known: int, frontier: int) -> None:
        if not self.enabled:
            return
        seconds = time.monotonic() - self.start
        if seconds < 1.0:
            return
        sys.stderr.write(
            f"\r{self.label}: {done} boxes done of {known}, frontier {frontier}, "
            f"{seconds:.0f} s\x1b[K"
        )
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run_prove(args: argparse.Namespace) -> ProofResult:
    model = model_of(args)
    budget = budget_of(args)
    claim = claim_of(args, model.alphabet)
    bar = ProgressBar(f"proving {model.name}")
    progress: Progress = bar
    try:
        return prove(
            model, claim=claim, budget=budget, progress=progress, deadline=deadline_of(args)
        )
    except OverflowError:
        raise too_large_for_the_prover(model) from None
    finally:
        bar.close()


def write_certificate(result: ProofResult, path: str | None) -> str | None:
    """Write the certificate atomically when there is one and a path; the path written."""
    if path is None or result.certificate is None:
        return None
    try:
        data = result.certificate.to_data(__version__)
    except (OverflowError, MemoryError):
        # a bound such as 10^(-4.3e399) written out as an integer (the proof stands)
        raise UsageError(
            "--output",
            f"{path}: the certificate's exact bounds are too large to write out "
            "(a parameter or input beyond about 1e300); without -o, prove gives the verdict",
        ) from None
    write_output(Output(json.dumps(data, indent=1) + "\n"), path)
    return path


def too_large_for_the_prover(model: Model) -> UsageError:
    """The one line for the prover's exact bounds of a product such as 1e300 · 1e300."""
    return UsageError(
        model.source,
        "parameters or inputs too large for the prover (a product beyond about "
        "10^4300); scale the model down",
    )
