"""``symlstm analyze [MODEL]``: table, machine, proof and explanation in one summary.

JSON (``--format json``) has at least ``verdict``, ``machine`` (``states``, ``initial``,
``transitions``, ``outputs``) and ``certificate`` (the path written with
``--certificate FILE``, else null). Exit status as ``symlstm prove``.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from symlstm.analysis.explain import explain
from symlstm.analysis.proof import Verdict
from symlstm.analysis.summary import Analysis, check_conventions
from symlstm.analysis.table import TableError, transition_table
from symlstm.cli.common import Output, add_model_argument, deadline_of, model_of
from symlstm.cli.output_formats import (
    MACHINE_FORMATS,
    Produced,
    add_output_arguments,
    check_suffix,
    output_format,
    produce,
)
from symlstm.cli.proving import (
    EXIT_STATUS,
    add_budget_arguments,
    analysis_shown,
    budget_of,
    run_prove,
    write_certificate,
)
from symlstm.errors import BudgetExceeded
from symlstm.numbers.rounding import CONVENTIONS

NAME = "analyze"
HELP = "analyse a cell: transition table, proved machine, certificate, explanation"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_budget_arguments(parser)
    parser.add_argument(
        "--certificate",
        default=None,
        metavar="FILE",
        help="write the proof certificate (JSON) to FILE when the verdict is proved or bounded",
    )
    add_output_arguments(parser, MACHINE_FORMATS)


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    if args.certificate is not None:
        check_suffix(args.certificate, "json", ("json",), option="--certificate")
    model = model_of(args)
    deadline = deadline_of(args)
    started = time.monotonic()
    result = run_prove(args)
    path = write_certificate(result, args.certificate)
    # the verdict is the answer: when the budget runs out after it, the parts that follow
    # are left out (None, or no convention checks) instead of the whole answer
    explanation = None
    if result.verdict is Verdict.PROVED and result.machine is not None:
        try:
            explanation = explain(result.machine, result.model_name, deadline=deadline)
        except BudgetExceeded:
            explanation = None
    try:
        table = transition_table(model, CONVENTIONS["saturate"], deadline=deadline)
    except (TableError, BudgetExceeded):
        table = None
    # --max-seconds bounds the whole command: the convention checks share what the proof
    # left (each rounding convention gets an equal part), never a fresh budget each
    budget = budget_of(args)
    rounding = sum(1 for convention in CONVENTIONS.values() if convention.round_state)
    left = min(budget.max_seconds - (time.monotonic() - started), deadline.remaining())
    share = dataclasses.replace(budget, max_seconds=max(left, 0.05) / max(rounding, 1))
    try:
        conventions = check_conventions(model, result, share, deadline=deadline)
    except BudgetExceeded:
        conventions = ()
    analysis = Analysis(result.model_name, result, explanation, table, conventions, path)
    shown = analysis_shown(analysis, args, chosen)
    said = produce(Produced(shown, machine=lambda: result.machine), chosen, args)
    return dataclasses.replace(said, status=EXIT_STATUS[result.verdict])
