"""Benchmark: peak memory and seconds of the hostile inputs of issue 15, as a table.

Each case runs ``python -m symlstm …`` in a child process under an address-space ceiling
(RLIMIT_AS, default 1536 MB) and a wall-clock timeout, so a regression is a row of the
table, not a machine out of memory. Prints every case (or the worst ``--top`` by seconds)
with its exit status, seconds, peak RSS and the first line of stderr.

    python bench/bench_hostile.py [--memory-mb 1536] [--timeout 60] [--top 10] [--only TEXT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "robustness"))

from hostile_lib import CASES, run_limited, write_case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=1536)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--top", type=int, default=0, help="only the worst N by seconds")
    parser.add_argument("--only", default="", help="only cases whose name contains TEXT")
    options = parser.parse_args()
    rows = []
    for case in CASES:
        if options.only not in case.name:
            continue
        with tempfile.TemporaryDirectory() as directory:
            write_case(case, Path(directory))
            result = run_limited(
                case.args, memory_mb=options.memory_mb, timeout=options.timeout, cwd=Path(directory)
            )
        message = (result.stderr.strip().splitlines() or [""])[-1][:90]
        rows.append((case.name, result.status, result.seconds, result.peak_mb, message))
        print(f"... {case.name}: {result.status} {result.seconds:.1f} s", file=sys.stderr)
    if options.top:
        rows = sorted(rows, key=lambda r: -r[2])[: options.top]
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  exit  seconds  peak MB  stderr")
    for name, status, seconds, peak, message in rows:
        print(f"{name:<{width}}  {status:>4}  {seconds:7.2f}  {peak:7.0f}  {message}")


if __name__ == "__main__":
    main()
