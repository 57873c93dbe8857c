"""Benchmark: ``symlstm report`` of the n-unit shift register (a 2ⁿ-state machine).

Issue 12 asks for the 10-unit report in at most 10 s and under 5,000 lines (it took 33 s
and printed 114,000 lines when the document listed every state and table row). The
reference in the same run is the proof alone (``prove``), which the report must include;
the ratio report/proof says what the document adds.

    python bench/bench_report_scale.py [--units 10]
"""

from __future__ import annotations

import argparse
import time

from bench_prove import shift_register

from symlstm.analysis import prove
from symlstm.derivation import DEFAULT_BUDGET, derive
from symlstm.render import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10)
    args = parser.parse_args()
    model = shift_register(args.units)
    start = time.perf_counter()
    prove(model, budget=DEFAULT_BUDGET)
    proof_seconds = time.perf_counter() - start
    start = time.perf_counter()
    text = render(derive(model), "text")
    report_seconds = time.perf_counter() - start
    lines = text.count("\n")
    print(
        f"shift register n={args.units}: report {report_seconds:.2f} s, {lines} lines; "
        f"proof alone {proof_seconds:.2f} s; ratio {report_seconds / proof_seconds:.2f}"
    )


if __name__ == "__main__":
    main()
