"""The soundness bench, full profile: thousands of random and planted cells, every claim of
``symlstm analyze`` checked against the independent oracle (see
``tests/soundness/soundness_lib.py`` for what is checked).

    python bench/soundness.py --cells 10000 --seed 1 [--workers 2 | --scheduler ADDR] \
        [--max-seconds 5] [--family course|all]

``--family course`` (the default) draws the course's four cells (lstm, gated, rnn, gru) read
by rounding every unit, after the planted cells; ``--family all`` draws every cell kind of
the README's table (lstm-peephole and gru-reset-before too), half of them with another
readout (sign, threshold, argmax, logistic, or some units only), and plants nothing.

Prints one summary line:
``cells=… proved=… bounded=… refuted=… unknown=… false_verdicts=… overruns=…`` (false_verdicts must
be 0; overruns counts analyses that took longer than --max-seconds + 3 s), a line counting
the unknown verdicts by reason code (``unknown reasons: readout-boundary=… time=…``: what the
prover runs into most), then the details of every false verdict. Cells are independent
jobs on symlstm's executor (:mod:`symlstm.executor`): --workers N local processes (default
2), or --scheduler
tcp://HOST:PORT for a Dask cluster, whose workers must import this bench's helpers
(start them with PYTHONPATH=tests:tests/soundness:.). Cell i uses seed (seed, i), so a run is
reproducible whatever runs it, and any cell can be re-judged alone with --only I.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "soundness")]

import soundness_lib as bench  # noqa: E402

from symlstm.executor import ExecutorError, open_executor, spec_of  # noqa: E402


def _cell(seed: int, index: int, family: str) -> bench.Cell:
    if family == "course":
        planted = bench.planted_cells()
        if index < len(planted):
            return planted[index]
        return bench.random_cell(random.Random(f"{seed}/{index}"), f"cell-{index}")
    rng = random.Random(f"{family}/{seed}/{index}")
    return bench.random_cell(rng, f"cell-{index}", family)


Verdict = tuple[
    int, str, list[str], list[str], str, str
]  # index, verdict, false, notes, overrun, reason


def _judge(task: tuple[int, int, float, int, str]) -> Verdict:
    seed, index, max_seconds, random_count, family = task
    cell = _cell(seed, index, family)
    with tempfile.TemporaryDirectory() as directory:
        try:
            result = bench.judge(
                cell,
                Path(directory),
                seed=hash((seed, index)) & 0xFFFF,
                max_seconds=max_seconds,
                random_count=random_count,
            )
        except Exception as error:  # a crash of symlstm or the judge: report it, go on
            return index, "error", [f"{type(error).__name__}: {error}"], [], "", ""
    return index, result.verdict, result.false_verdicts, result.notes, result.overrun, result.reason


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=0, help="judge cells FIRST … FIRST+CELLS-1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default=None, help="local processes (default 2)")
    parser.add_argument("--jobs", default=None, help="the same as --workers (older name)")
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler, tcp://HOST:PORT")
    parser.add_argument("--max-seconds", type=int, default=5)
    parser.add_argument("--random-words", type=int, default=3)
    parser.add_argument("--only", type=int, default=None, help="judge only cell I")
    parser.add_argument("--family", choices=bench.FAMILIES, default="course")
    args = parser.parse_args()
    workers = args.workers or args.jobs
    if workers is None and args.scheduler is None:
        workers = "2"
    try:
        spec = spec_of(workers, args.scheduler)
    except ExecutorError as error:
        parser.error(str(error))
    indices = (
        [args.only] if args.only is not None else list(range(args.first, args.first + args.cells))
    )
    tasks = [
        (args.seed, i, float(args.max_seconds), args.random_words, args.family) for i in indices
    ]
    counts = {"proved": 0, "bounded": 0, "refuted": 0, "unknown": 0, "error": 0}
    false: list[str] = []
    overruns: list[str] = []
    reasons: dict[str, int] = {}
    start = time.monotonic()
    with open_executor(spec) as executor:
        futures = [executor.submit(_judge, task) for task in tasks]
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            index, verdict, problems, _notes, overrun, reason = future.result()
            counts[verdict] = counts.get(verdict, 0) + 1
            if verdict == "unknown":
                reasons[reason or "?"] = reasons.get(reason or "?", 0) + 1
            false += [f"cell {index} ({verdict}): {p}" for p in problems]
            if overrun:
                overruns.append(f"cell {index}: {overrun}")
            if done % 50 == 0:
                print(
                    f"... {done} cells, {time.monotonic() - start:.0f} s: "
                    + " ".join(f"{k}={v}" for k, v in counts.items())
                    + f" false_verdicts={len(false)}",
                    file=sys.stderr,
                    flush=True,
                )
    print(
        f"cells={len(tasks)} proved={counts['proved']} bounded={counts['bounded']} "
        f"refuted={counts['refuted']} "
        f"unknown={counts['unknown']} errors={counts['error']} false_verdicts={len(false)} "
        f"overruns={len(overruns)} seconds={time.monotonic() - start:.0f} "
        f"executor={spec.description.replace(' ', '-')}"
    )
    print(
        "unknown reasons: "
        + " ".join(
            f"{code}={n}" for code, n in sorted(reasons.items(), key=lambda r: (-r[1], r[0]))
        )
    )
    for line in false + overruns:
        print(line)
    return 1 if false else 0


if __name__ == "__main__":
    sys.exit(main())
