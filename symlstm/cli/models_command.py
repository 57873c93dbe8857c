"""``symlstm models``: the built-in models with a line each."""

from __future__ import annotations

import argparse

from symlstm.cli.common import Output
from symlstm.model import DEFAULT_MODEL, builtin_model, builtin_names

NAME = "models"
HELP = "list the built-in models"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> Output:
    names = builtin_names()
    width = max(len(name) for name in names)
    lines = []
    for name in names:
        model = builtin_model(name)
        default = " (default)" if name == DEFAULT_MODEL else ""
        lines.append(f"{name:<{width}}  {model.kind.name:<5}  {model.description}{default}")
    return Output("\n".join(lines) + "\n")
