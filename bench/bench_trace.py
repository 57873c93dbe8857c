"""Benchmark: a 10⁴-step certified trace of the homework LSTM against a hand-written loop.

The hand-written loop computes the same equations (the homework's substituted LSTM step)
directly with python-flint ``arb`` at the same precision, with its constants bound once
and the constant forget gate computed once, and records the same ten quantities per step.
Both run in this process, alternately, best of several repeats. Prints the ratio
symlstm / hand-written at 15, 50 and 500 digits (target: ≤ 1.5 at 50 digits), and, for
reference, the same trace in the POINTS context (mpmath, not certified).

    python bench/bench_trace.py [--steps 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import flint

from symlstm.model import load_model
from symlstm.numbers import BALLS, POINTS, bits_for_digits
from symlstm.numbers.trace import GUARD_BITS, run_trace


def hand_written(inputs: list[int], bits: int) -> list[tuple[Any, ...]]:
    """The homework LSTM step written by hand in arb (W^{c,h} = -100, W^{c,x} = 50, …)."""
    arb = flint.arb
    with flint.ctx.workprec(bits):
        one = arb(1)
        k100, k50, km100 = arb(100), arb(50), arb(-100)
        xs = {0: arb(0), 1: arb(1)}
        z_f = km100
        f = one / (one + (-z_f).exp())
        h, c = arb(0), arb(0)
        rows = []
        for symbol in inputs:
            x = xs[symbol]
            z_i = k100 + k100 * x
            i = one / (one + (-z_i).exp())
            z_o = k100 * x
            o = one / (one + (-z_o).exp())
            z_c = -k100 * h + k50 * x
            ctilde = z_c.tanh()
            c = h_c = c * f + ctilde * i
            h = o * h_c.tanh()
            rows.append((z_f, f, z_i, i, z_o, o, z_c, ctilde, c, h))
        return rows


def best_pair(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Best times of two functions, run alternately so that load affects both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    model = load_model("homework")
    pattern = [0, 0, 1, 1, 1, 0]
    inputs = (pattern * (args.steps // len(pattern) + 1))[: args.steps]
    print(f"homework LSTM, {args.steps} steps, best of {args.repeats}")
    print(f"{'digits':>6} {'symlstm s':>10} {'arb loop s':>10} {'ratio':>6} {'mpmath s':>10}")
    for digits in (15, 50, 500):
        bits = bits_for_digits(digits) + GUARD_BITS
        run_trace(model, inputs[:10], digits, context=BALLS)  # compile outside the timing

        def symlstm_trace(d: int = digits) -> object:
            return run_trace(model, inputs, d, context=BALLS)

        def arb_loop(b: int = bits) -> object:
            return hand_written(inputs, b)

        ours, theirs = best_pair(symlstm_trace, arb_loop, args.repeats)
        start = time.perf_counter()
        run_trace(model, inputs, digits, context=POINTS)
        points = time.perf_counter() - start
        print(f"{digits:>6} {ours:>10.4f} {theirs:>10.4f} {ours / theirs:>6.2f} {points:>10.4f}")


if __name__ == "__main__":
    main()
