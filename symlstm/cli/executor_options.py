"""The ``--workers`` and ``--scheduler`` options of the commands that run independent jobs."""

from __future__ import annotations

import argparse

from symlstm.executor import ExecutorSpec, spec_of


def add_executor_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--workers",
        default=None,
        metavar="N",
        help="run the jobs on N local processes (default: in this process)",
    )
    group.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the jobs on a Dask distributed cluster, e.g. tcp://127.0.0.1:8786 "
        "(pip install 'symlstm[cluster]')",
    )


def executor_spec(args: argparse.Namespace) -> ExecutorSpec:
    return spec_of(args.workers, args.scheduler)
