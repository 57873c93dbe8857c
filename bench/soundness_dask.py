"""The soundness bench on a local Dask cluster, 1 worker against 2: the speed-up.

    python bench/soundness_dask.py --cells 2000 [--seed 1] [--max-seconds 5]

Starts, as a user would, ``dask scheduler`` and ``dask worker`` processes (one thread each,
no nanny) on 127.0.0.1 with free ports, runs ``bench/soundness.py --scheduler ADDRESS`` with
one worker and then with two, tears the cluster down, and prints both times and their
ratio. Both runs must print the same verdict counts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        str(p) for p in (ROOT, ROOT / "tests", ROOT / "tests" / "soundness")
    ),
}


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    # ``dask scheduler`` / ``dask worker``, the script of this Python's environment
    script = Path(sys.executable).parent / "dask"
    name = args[0].rsplit("_", 1)[1]
    command = [str(script), name] if script.exists() else [sys.executable, "-m", args[0]]
    return subprocess.Popen(
        [*command, *args[1:]],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=ENV,
        cwd=ROOT,
        start_new_session=True,
    )


def run_on_cluster(workers: int, bench_args: list[str]) -> tuple[float, str]:
    directory = Path(tempfile.mkdtemp(prefix="symlstm-bench-dask-"))
    file = directory / "scheduler.json"
    processes = []
    try:
        processes.append(
            _start(
                [
                    "distributed.cli.dask_scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(file),
                ],
                directory / "scheduler.log",
            )
        )
        while not file.exists() or not file.read_text().strip():
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        for k in range(workers):
            processes.append(
                _start(
                    [
                        "distributed.cli.dask_worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                    ],
                    directory / f"worker{k}.log",
                )
            )
        import distributed

        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=60)
        start = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "soundness.py"),
                *bench_args,
                "--scheduler",
                address,
            ],
            capture_output=True,
            env=ENV,
            cwd=ROOT,
            check=True,
            text=True,
        )
        return time.monotonic() - start, done.stdout.splitlines()[0]
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=int, default=5)
    args = parser.parse_args()
    bench_args = ["--cells", str(args.cells), "--seed", str(args.seed)]
    bench_args += ["--max-seconds", str(args.max_seconds)]
    one, summary_one = run_on_cluster(1, bench_args)
    two, summary_two = run_on_cluster(2, bench_args)

    def counts(line: str) -> str:
        return re.sub(r" (seconds|executor)=\S+", "", line)

    print(f"1 worker:  {one:.1f} s  {summary_one}")
    print(f"2 workers: {two:.1f} s  {summary_two}")
    print(f"speed-up: {one / two:.2f}x  (load average {os.getloadavg()[0]:.1f})")
    return 0 if counts(summary_one) == counts(summary_two) else 1


if __name__ == "__main__":
    sys.exit(main())
