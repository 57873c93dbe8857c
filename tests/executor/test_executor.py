"""Independent jobs on an executor: the same bytes in process, on local processes and on a
Dask cluster started as a user would (``dask scheduler``, two ``dask worker`` processes on
127.0.0.1); a worker killed mid-run loses no result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli

from symlstm.executor import ExecutorError, ExecutorSpec, InProcess, open_executor, run_jobs

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ["variants", "--count", "6", "--seed", "4", "--vary", "W_ch=-100:-10:10"]
VARIANTS += ["--vary", "b_o=-2:3:1", "--vary", "inputs=3:6", "--robust"]
HEAVY = ["variants", "--count", "30", "--seed", "9", "--vary", "W_ch=-100:-10:10"]
HEAVY += ["--vary", "b_o=1:3:1", "--vary", "inputs=12:16", "--questions", "states,info,compute"]
DASK = pytest.importorskip("distributed") if not os.environ.get("CI") else __import__("distributed")


def _square(x: int) -> int:
    return x * x


def test_results_come_back_in_order_whatever_finishes_first() -> None:
    assert run_jobs(InProcess(), _square, [3, 1, 2]) == [9, 1, 4]
    with open_executor(ExecutorSpec(workers=2)) as pool:
        assert run_jobs(pool, _square, list(range(20))) == [x * x for x in range(20)]


def test_bad_specs() -> None:
    with pytest.raises(ExecutorError, match="not both"):
        ExecutorSpec(workers=2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ExecutorError, match="expected a scheduler address"):
        ExecutorSpec(scheduler="127.0.0.1:8786")
    with pytest.raises(ExecutorError, match="1 to 256 workers"):
        ExecutorSpec(workers=0)


def test_local_processes_give_the_same_bytes() -> None:
    alone = run_cli([*VARIANTS, "-f", "moodle"])
    assert alone.status == 0, alone.stderr
    together = run_cli([*VARIANTS, "-f", "moodle", "--workers", "2"])
    assert together.stdout == alone.stdout
    grid = ["sweep", "--vary", "W_ch=-100:-20:20", "-f", "json"]
    assert run_cli([*grid, "--workers", "2"]).stdout == run_cli(grid).stdout


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    spec = ExecutorSpec(scheduler="tcp://127.0.0.1:9", timeout=1)
    wanted = "cannot reach the Dask scheduler at tcp://127\\.0\\.0\\.1:9"
    with pytest.raises(ExecutorError, match=wanted), open_executor(spec):
        pass


# ---------------------------------------------------------------------------- Dask


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}


def _dask_command(name: str) -> list[str]:
    """``dask scheduler`` / ``dask worker`` as a user types them (the ``dask`` script of this
    Python's environment), or the same module when the script is not on disk."""
    script = Path(sys.executable).parent / "dask"
    if script.exists():
        return [str(script), name]
    return [sys.executable, "-m", f"distributed.cli.dask_{name}"]


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(
        [*_dask_command(args[0]), *args[1:]],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env=_env(),
        cwd=ROOT,
        start_new_session=True,
    )


@pytest.fixture
def cluster() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and two single-threaded workers on 127.0.0.1, random free ports, torn
    down whatever happens; yields the address and the worker processes."""
    directory = Path(tempfile.mkdtemp(prefix="symlstm-dask-"))
    scheduler_file = directory / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            _dask(
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
                log=directory / "scheduler.log",
            )
        )
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            assert time.monotonic() < deadline, "the scheduler did not start"
            assert processes[0].poll() is None, (directory / "scheduler.log").read_text()
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        workers = [
            _dask(
                "worker",
                address,
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--name",
                f"w{k}",
                log=directory / f"worker{k}.log",
            )
            for k in range(2)
        ]
        processes += workers
        with DASK.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        for file in directory.iterdir():
            file.unlink()
        directory.rmdir()


def test_dask_gives_the_same_bytes_and_survives_a_lost_worker(
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
) -> None:
    address, workers = cluster
    alone = run_cli([*VARIANTS, "-f", "json"])
    assert alone.status == 0, alone.stderr
    on_dask = subprocess.run(
        [sys.executable, "-m", "symlstm", *VARIANTS, "-f", "json", "--scheduler", address],
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        timeout=300,
    )
    assert on_dask.returncode == 0, on_dask.stderr.decode()
    assert on_dask.stdout.decode() == alone.stdout

    # a heavier run; kill worker w0 once it is computing one of its jobs
    expected = run_cli([*HEAVY, "-f", "json"]).stdout
    run = subprocess.Popen(
        [sys.executable, "-m", "symlstm", *HEAVY, "-f", "json", "--scheduler", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        cwd=ROOT,
    )
    killed = False
    try:
        with DASK.Client(address, timeout=60) as client:
            deadline = time.monotonic() + 120
            while not killed and time.monotonic() < deadline and run.poll() is None:
                info = client.scheduler_info()["workers"]
                busy = client.processing()
                for worker, data in info.items():
                    if data.get("name") == "w0" and busy.get(worker):
                        os.kill(workers[0].pid, signal.SIGKILL)
                        killed = run.poll() is None
                        break
                time.sleep(0.02)
        out, err = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert killed, "the worker was not killed while the run was in progress"
    assert workers[0].wait(timeout=30) == -signal.SIGKILL
    assert run.returncode == 0, err.decode()
    assert out.decode() == expected
