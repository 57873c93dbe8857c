"""Independent jobs on an executor: in-process, local processes, or a Dask cluster.

``variants``, ``sweep`` and ``bench/soundness.py`` hand their jobs (a picklable top-level
function and a list of inputs) to :func:`run_jobs`; the results come back in the order of
the inputs whatever executed them, so a result never depends on the executor:

- :class:`InProcess` (the default): each job runs when submitted, in this process;
- ``workers=N``: a :class:`concurrent.futures.ProcessPoolExecutor` of N local processes
  (N = 1: in process);
- ``scheduler="tcp://HOST:PORT"``: the ``concurrent.futures`` executor of a
  ``distributed.Client`` connected to a running Dask scheduler (``pip install
  'symlstm[cluster]'``). Dask re-runs a job whose worker was lost; each job may be retried
  :data:`RETRIES` times more.

This module imports only :mod:`symlstm.errors`: every stage may use it.
"""

from __future__ import annotations

import concurrent.futures
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from symlstm.errors import SymlstmError

T = TypeVar("T")
R = TypeVar("R")

RETRIES = 3
MAX_WORKERS = 256
_ADDRESS = re.compile(r"(tcp|tls|inproc|ucx)://[A-Za-z0-9.\-\[\]:_]+")


class ExecutorError(SymlstmError, ValueError):
    """An executor cannot be set up as asked (bad address, Dask missing, no scheduler)."""


class InProcess(concurrent.futures.Executor):
    """Runs each job at submission, in the calling process (no pickling, no threads)."""

    def submit(
        self, fn: Callable[..., R], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[R]:
        future: concurrent.futures.Future[R] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the caller through the future
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class ExecutorSpec:
    """Where jobs run: ``workers`` local processes, or the Dask ``scheduler`` address;
    neither: in this process."""

    workers: int | None = None
    scheduler: str | None = None
    timeout: float = 30.0  # seconds to reach the scheduler

    def __post_init__(self) -> None:
        if self.workers is not None and self.scheduler is not None:
            raise ExecutorError("give either a number of workers or a scheduler, not both")
        if self.workers is not None and not 1 <= self.workers <= MAX_WORKERS:
            raise ExecutorError(f"expected 1 to {MAX_WORKERS} workers, got {self.workers}")
        if self.scheduler is not None and not _ADDRESS.fullmatch(self.scheduler):
            raise ExecutorError(
                f"expected a scheduler address such as tcp://127.0.0.1:8786, got {self.scheduler!r}"
            )

    @property
    def description(self) -> str:
        if self.scheduler is not None:
            return f"dask {self.scheduler}"
        if self.workers is not None and self.workers > 1:
            return f"{self.workers} local processes"
        return "in process"


def spec_of(workers: str | None, scheduler: str | None) -> ExecutorSpec:
    """The executor of the ``--workers N`` / ``--scheduler ADDRESS`` options (as text)."""
    count: int | None = None
    if workers is not None:
        try:
            count = int(workers)
        except ValueError:
            raise ExecutorError(f"--workers: expected a whole number, got {workers!r}") from None
    try:
        return ExecutorSpec(count, scheduler)
    except ExecutorError as error:
        option = "--scheduler" if scheduler is not None and count is None else "--workers"
        raise ExecutorError(f"{option}: {error}") from None


@contextmanager
def open_executor(
    spec: ExecutorSpec,
) -> Iterator[concurrent.futures.Executor]:
    """The executor ``spec`` names, shut down on leaving the block."""
    if spec.scheduler is not None:
        try:
            import distributed
        except ImportError:
            raise ExecutorError(
                "--scheduler needs Dask distributed: pip install 'symlstm[cluster]'"
            ) from None
        try:
            client = distributed.Client(spec.scheduler, timeout=spec.timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {spec.scheduler} ({error})"
            ) from None
        try:
            yield client.get_executor(pure=False, retries=RETRIES)
        finally:
            client.close()
        return
    if spec.workers is not None and spec.workers > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=spec.workers) as pool:
            yield pool
        return
    yield InProcess()


def run_jobs(
    executor: concurrent.futures.Executor,
    job: Callable[[T], R],
    items: Sequence[T],
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``[job(item) for item in items]``, computed on ``executor``; in the items' order."""
    futures = [executor.submit(job, item) for item in items]
    index = {id(f): k for k, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
        results[index[id(future)]] = future.result()
        if progress is not None:
            progress(done, len(futures))
    return results


__all__ = [
    "RETRIES",
    "ExecutorError",
    "ExecutorSpec",
    "InProcess",
    "open_executor",
    "run_jobs",
    "spec_of",
]
