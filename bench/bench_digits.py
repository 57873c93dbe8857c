"""Benchmark: ``symlstm solve --format json`` of a 10⁴-step word at 50 digits against a
hand-written arb loop that computes and prints the same ten quantities per step.

The reference is the homework LSTM step written by hand with python-flint ``arb``
(:func:`bench_trace.hand_written`) followed by ``arb.str(50, radius=False)`` of each of the
ten quantities of each step (arb's own decimal printing, not certified to be correctly
rounded). symlstm's side is the whole command: the convention check against exact
arithmetic, every value certified, and the JSON document, written to /dev/null. Both run in
this process, alternately, best CPU time of several repeats, for each convention asked
(default: saturate, then exact). Target (issue 12 item 7): ratio ≤ 3 for each.

The homework's exact trace settles into a cycle (f = sigmoid(-100) forgets c within a few
steps): its balls repeat in value, and solve steps each (state, input) once, so most of a
10⁴-step word is shared outcomes printed once. The hand-written loop steps every step.
``--no-reuse`` turns that off (every step stepped and printed anew): the cost for a cell
whose states never repeat (a trained net's), which the homework's ratio does not show.

    python bench/bench_digits.py [--steps 10000] [--digits 50] [--repeats 3]
                                 [--rounding saturate,exact] [--no-reuse]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import flint

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_trace import hand_written

from symlstm.cli import main as cli_main
from symlstm.numbers import bits_for_digits
from symlstm.numbers import rounding as rounding_module
from symlstm.numbers.trace import GUARD_BITS


def best_pair(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Best CPU times (``time.process_time``: the machine may be shared) of two functions,
    run alternately."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, bucket in ((first, times[0]), (second, times[1])):
            start = time.process_time()
            function()
            bucket.append(time.process_time() - start)
    return min(times[0]), min(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--digits", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--rounding",
        default="saturate,exact",
        help="the conventions solve checks, comma-separated (default saturate,exact)",
    )
    parser.add_argument(
        "--no-reuse",
        action="store_true",
        help="step every (state, input) anew, as for a cell whose states never repeat",
    )
    args = parser.parse_args()
    if args.no_reuse:
        rounding_module.MAX_VISITED = 0
    pattern = [0, 0, 1, 1, 1, 0]
    inputs = (pattern * (args.steps // len(pattern) + 1))[: args.steps]
    word = ",".join(map(str, inputs))
    bits = bits_for_digits(args.digits) + GUARD_BITS

    def arb_printed() -> object:
        rows = hand_written(inputs, bits)
        with flint.ctx.workprec(bits):
            return sum(len(v.str(args.digits, radius=False)) for row in rows for v in row)

    reuse = ", no reuse of repeated states" if args.no_reuse else ""
    print(f"homework LSTM, {args.steps} steps, {args.digits} digits, best of {args.repeats}{reuse}")
    for rounding in args.rounding.split(","):
        command = ["solve", "--inputs", word, "--dps", str(args.digits), "--format", "json"]
        command += ["--rounding", rounding]

        def symlstm_json(command: list[str] = command) -> object:
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink):
                status = cli_main(command)
            assert status == 0, status
            return len(sink.getvalue())

        symlstm_json()  # compile outside the timing
        ours, theirs = best_pair(symlstm_json, arb_printed, args.repeats)
        print(f"-r {rounding}")
        print(f"  symlstm solve -f json: {ours:.3f} s")
        print(f"  hand-written arb loop + arb printing: {theirs:.3f} s")
        print(f"  ratio: {ours / theirs:.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
