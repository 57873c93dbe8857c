"""What the commands that run the prover share (prove, analyze, explain): the budget
options, the progress bar, the certificate, and the exit status of each verdict."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

from symlstm import __version__
from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.explain import read_machine_file
from symlstm.analysis.proof import (
    ATTEMPT_BOXES,
    Attempt,
    Budget,
    Exhausted,
    Progress,
    ProofResult,
    Verdict,
    prove,
)
from symlstm.analysis.reasons import Reason, ReasonCode
from symlstm.analysis.summary import Analysis
from symlstm.cli.common import (
    Output,
    add_limit_arguments,
    deadline_of,
    model_of,
    positive_int,
    positive_seconds,
    write_output,
)
from symlstm.errors import BudgetExceeded, UsageError
from symlstm.model import DEFAULT_MODEL, Model
from symlstm.render import tree
from symlstm.render.build import analysis_document, proof_document
from symlstm.render.reasons import word_text

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
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="do not re-verify a proved or bounded verdict's certificate with the "
        "independent checker before saying so (faster; `symlstm check` verifies a "
        "certificate written with -o later)",
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


def attempt_phrase(attempt: Attempt) -> str:
    """The prover's attempt in words."""
    if attempt.kind == "drift":
        return "drift attempt, a bounded horizon"
    if attempt.kind == "cover":
        return f"cover attempt, grid side 2^-{attempt.grid}"
    if attempt.kind == "check":
        return "the independent checker re-verifying the certificate"
    return "boxes"


def progress_line(
    label: str, done: int, known: int, frontier: int, attempt: Attempt, seconds: float
) -> str:
    """One state of the progress bar: carriage return, the line, erase to its end."""
    where = "" if attempt == ATTEMPT_BOXES else f" ({attempt_phrase(attempt)})"
    return (
        f"\r{label}{where}: {done} boxes done of {known}, frontier {frontier}, "
        f"{seconds:.0f} s\x1b[K"
    )


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal and the work has
    taken more than a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, known: int, frontier: int, attempt: Attempt) -> None:
        if not self.enabled:
            return
        seconds = time.monotonic() - self.start
        if seconds < 1.0:
            return
        sys.stderr.write(progress_line(self.label, done, known, frontier, attempt, seconds))
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
    started = time.monotonic()
    try:
        return prove(
            model,
            claim=claim,
            budget=budget,
            progress=progress,
            deadline=deadline_of(args),
            check=args.check,
        )
    except OverflowError:
        raise too_large_for_the_prover(model) from None
    except BudgetExceeded as error:
        if error.resource != "time":
            raise
        # the backstop alarm stopped the prover well past its deadline (a process starved
        # of CPU, seen on a loaded machine): still an answer — unknown, the time ran out
        return ProofResult(
            model.name,
            Verdict.UNKNOWN,
            None,
            None,
            Reason(ReasonCode.TIME, limit=error.limit),
            exhausted=Exhausted.MAX_SECONDS,
            budget=budget,
            alphabet=model.alphabet,
            seconds=time.monotonic() - started,
        )
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


# ---------------------------------------------------------------------------- what only the
# command line says: how to replay a word, which option raises the limit that ran out

# the option that raises each budget limit (the analysis stage names the limit, not the flag)
LIMIT_OPTIONS: dict[ReasonCode, str] = {
    ReasonCode.MAX_BOXES: "--max-states",
    ReasonCode.TIME: "--max-seconds",
}


def replay_command(model_argument: str | None, word: str) -> str:
    """The ``symlstm solve`` command line that runs the exact cell on ``word``."""
    model = model_argument if model_argument is not None else DEFAULT_MODEL
    return f"symlstm solve {shlex.quote(model)} --inputs {shlex.quote(word)}"


def proof_hints(result: ProofResult, model_argument: str | None) -> tuple[tree.Block, ...]:
    """The command line's own notes on a proof: the ``solve`` command that replays the
    refuting word (or, for ``unknown``, the word that reaches the failing image), and the
    option that raises the limit that ran out."""
    hints: list[tree.Block] = []
    reason = result.reason
    replay = None
    if result.verdict is Verdict.REFUTED and result.word is not None:
        replay = ("Replay the counterexample: ", result.word)
    elif result.verdict is Verdict.UNKNOWN and reason.boundary is not None:
        boundary = reason.boundary
        replay = (
            "Replay the word that reaches the failing image: ",
            (*boundary.word, boundary.symbol),
        )
    elif result.verdict is Verdict.UNKNOWN and result.word:
        replay = ("Replay the word shown: ", result.word)
    if replay is not None:
        label, word = replay
        command = replay_command(model_argument, word_text(result.alphabet, word))
        hints.append(tree.Paragraph((tree.Text(label), tree.Code(command))))
    option = LIMIT_OPTIONS.get(reason.code)
    if result.verdict is Verdict.UNKNOWN and option is not None:
        hints.append(
            tree.Paragraph(
                (
                    tree.Text("More may be proved with a larger "),
                    tree.Code(option),
                    tree.Text(f" than {_limit(reason.limit)}."),
                )
            )
        )
    return tuple(hints)


def _limit(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def timed(args: argparse.Namespace, chosen: str | None) -> bool:
    """Whether the document shows how long the proof took: only as text on a terminal. A
    file (-o), a pipe or another format gets the same bytes for the same input."""
    return (
        chosen in (None, "text") and getattr(args, "output", None) is None and sys.stdout.isatty()
    )


def proof_shown(result: ProofResult, args: argparse.Namespace, chosen: str) -> object:
    """What a command prints of a proof: the result itself as JSON (data, no hints), else
    its document with the command line's hints (and the run's duration, on a terminal)."""
    if chosen == "json":
        return result
    return proof_document(
        result, seconds=timed(args, chosen), extra=proof_hints(result, args.model)
    )


def analysis_shown(value: Analysis, args: argparse.Namespace, chosen: str) -> object:
    """:func:`proof_shown` for ``analyze``: also how to check the certificate written."""
    if chosen == "json":
        return value
    hints = list(proof_hints(value.proof, args.model))
    if value.certificate_path:
        check = f"symlstm check {shlex.quote(value.certificate_path)}"
        hints.append(tree.Paragraph((tree.Text("Check the certificate: "), tree.Code(check))))
    return analysis_document(value, seconds=timed(args, chosen), extra=tuple(hints))
