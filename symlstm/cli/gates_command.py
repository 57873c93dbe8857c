"""``symlstm gates``: what the update becomes when each gate is exactly 0 or 1."""

from __future__ import annotations

import argparse

from symlstm.cli.common import Output, add_model_argument, model_of
from symlstm.cli.output_formats import Produced, add_output_arguments, output_format, produce
from symlstm.equations.gates import gate_semantics

NAME = "gates"
HELP = (
    "state, for each gate, what the update becomes when the gate is exactly 0 or 1 "
    "(derived by substitution), and whether the state then keeps its previous value"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_argument(parser)
    add_output_arguments(parser)


def run(args: argparse.Namespace) -> Output:
    chosen = output_format(args)
    model = model_of(args)
    semantics = gate_semantics(model.kind, model.name)
    return produce(Produced(semantics), chosen, args)
