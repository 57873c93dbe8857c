"""What the commands share: model and format options, and writing output safely."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from symlstm.budget import NEVER, Deadline
from symlstm.errors import BudgetExceeded, UsageError
from symlstm.model import DEFAULT_MODEL, Model, load_model
from symlstm.render import FORMATS, NOTATIONS, Notation


@dataclass(frozen=True)
class Output:
    """What a command produced: text (or bytes, for a PDF or PNG), the exit status, and
    the format of the content when a command chose one (checked against ``-o``'s suffix)."""

    content: str | bytes
    status: int = 0
    format: str | None = None


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "model",
        nargs="?",
        default=None,
        metavar="MODEL",
        help=f"a built-in model name (see `symlstm models`) or a model file; "
        f"default: {DEFAULT_MODEL}",
    )


def add_format_arguments(
    parser: argparse.ArgumentParser,
    formats: tuple[str, ...] | None = None,
    *,
    default: str | None = "text",
    default_help: str = "text",
    output_help: str | None = None,
) -> None:
    """``default=None`` lets a command choose the format from ``-o``'s suffix (see
    :mod:`symlstm.cli.output_formats`)."""
    choices = formats or tuple(FORMATS)
    parser.add_argument(
        "--format",
        "-f",
        default=default,
        choices=choices,
        help=f"output format (default: {default_help})",
    )
    parser.add_argument(
        "--notation",
        default="course",
        choices=tuple(NOTATIONS),
        help="notation for weights and products (default: course, W^{f,h} and ⊙)",
    )
    parser.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help=output_help or "write to FILE instead of stdout (created with the umask's mode)",
    )


def one_line(text: str) -> str:
    """A message as one printable line: a control character (a newline in a file name or a
    model name given on the command line) is written as its escape, ``\\n``."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def model_of(args: argparse.Namespace) -> Model:
    return load_model(args.model)


def notation_of(args: argparse.Namespace) -> Notation:
    return NOTATIONS[args.notation]


def positive_int(option: str, text: str, largest: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(option, f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= largest:
        raise UsageError(option, f"expected a whole number from 1 to {largest}, got {value}")
    return value


_SECONDS = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


def positive_seconds(option: str, text: str, largest: int) -> float:
    """A positive number of seconds written as a plain decimal (``2``, ``0.5``)."""
    if not _SECONDS.fullmatch(text):
        raise UsageError(option, f"expected a number of seconds such as 2 or 0.5, got {text!r}")
    value = Fraction(text)
    if not 0 < value <= largest:
        raise UsageError(option, f"expected more than 0 and at most {largest} seconds, got {text}")
    return float(value)


def _mode_for(target: Path) -> int:
    """The permission bits of a file written to ``target``: the existing file's, else
    0666 less the umask (read without changing it where /proc says it)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux: the umask without setting it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def write_output(output: Output, path: str | None) -> None:
    """Write to stdout, or atomically to ``path``: a file appears whole or not at all."""
    if path is None:
        if isinstance(output.content, bytes):
            sys.stdout.buffer.write(output.content)
        else:
            sys.stdout.write(output.content)
        sys.stdout.flush()
        return
    target = Path(path)
    if not path or target.is_dir():
        raise UsageError("--output", f"expected a file name, got the directory {path!r}")
    directory = target.parent
    if not directory.is_dir():
        raise UsageError("--output", f"no such directory: {directory}")
    if output.format is not None and target.suffix:
        from symlstm.cli.output_formats import SUFFIX_FORMATS, check_suffix

        offered = (output.format, *SUFFIX_FORMATS.get(target.suffix.lower(), "").split())
        check_suffix(path, output.format, offered)
    data = output.content if isinstance(output.content, bytes) else output.content.encode()
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise UsageError("--output", f"cannot write to {directory} ({error.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # mkstemp makes the file 0600: give it the mode a plain open() would (an
            # existing file keeps its own)
            os.fchmod(handle.fileno(), _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError("--output", f"cannot write {path} ({error.strerror})") from None
        raise


# ------------------------------------------------------------------ the budget of a command

DEFAULT_MAX_SECONDS = 300
DEFAULT_MAX_MEMORY = 4096  # MB of address space
LARGEST_SECONDS = 7 * 24 * 3600
LARGEST_MEMORY = 1 << 22  # MB (4 TB)
MB = 1 << 20


def add_limit_arguments(parser: argparse.ArgumentParser, *, seconds: bool = True) -> None:
    """``--max-seconds`` (unless the command has its own) and ``--max-memory``."""
    if seconds:
        parser.add_argument(
            "--max-seconds",
            default=str(DEFAULT_MAX_SECONDS),
            metavar="S",
            help=f"give up after S seconds, a decimal such as 0.5, with exit status 3 "
            f"(default {DEFAULT_MAX_SECONDS})",
        )
    parser.add_argument(
        "--max-memory",
        default=None,
        metavar="MB",
        help=f"give up, with exit status 3, when the process would use more than MB "
        f"megabytes of memory (address space; default {DEFAULT_MAX_MEMORY})",
    )


def deadline_of(args: argparse.Namespace) -> Deadline:
    """The command's deadline (set by :func:`limits` from ``--max-seconds``)."""
    deadline = getattr(args, "deadline", NEVER)
    return deadline if isinstance(deadline, Deadline) else NEVER


def _address_space() -> int:
    """Bytes of address space the process uses now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _on_alarm(signum: int, frame: object) -> None:
    raise BudgetExceeded("time", _ALARM_SECONDS[0], "--max-seconds")


_ALARM_SECONDS = [0.0]


@contextlib.contextmanager
def limits(args: argparse.Namespace, *, started: float | None = None) -> Iterator[None]:
    """Apply the command's budget while it runs: ``args.deadline`` for the stages to check,
    a backstop alarm a little after it (code that does not check is still stopped), and
    ``RLIMIT_AS`` at ``--max-memory`` so that memory runs out as a ``MemoryError`` (exit 3)
    instead of the machine's memory. Everything is restored on exit. ``started``: the
    ``time.monotonic()`` the command started at (the budget counts from there; default
    now)."""
    seconds_text = getattr(args, "max_seconds", None)
    memory_text = getattr(args, "max_memory", None)
    seconds = (
        positive_seconds("--max-seconds", seconds_text, LARGEST_SECONDS)
        if isinstance(seconds_text, str)
        else float(DEFAULT_MAX_SECONDS)
    )
    memory = (
        positive_int("--max-memory", memory_text, LARGEST_MEMORY)
        if isinstance(memory_text, str)
        else DEFAULT_MAX_MEMORY
    )
    now = time.monotonic()
    spent = 0.0 if started is None else min(max(now - started, 0.0), seconds / 2)
    args.deadline = Deadline(now + seconds - spent, seconds, "--max-seconds")
    with contextlib.ExitStack() as stack:
        explicit = isinstance(memory_text, str)
        args.memory_mb = stack.enter_context(_memory_ceiling(memory, explicit=explicit))
        if threading.current_thread() is threading.main_thread():
            stack.enter_context(_alarm(seconds, grace=1.0 + seconds / 10, after=seconds - spent))
        yield


@contextlib.contextmanager
def _memory_ceiling(megabytes: int, *, explicit: bool = True) -> Iterator[int]:
    """RLIMIT_AS at ``megabytes`` (or the tighter ceiling already in force); yields the
    ceiling in force, in MB. The default ceiling (not ``explicit``) is raised above what a
    host process (a test run, a notebook calling ``main``) already uses."""
    ceiling = megabytes * MB
    used = _address_space()
    if not explicit and used:
        ceiling = max(ceiling, used + DEFAULT_MAX_MEMORY * MB // 4)
    if used and used + 64 * MB > ceiling:
        raise UsageError(
            "--max-memory",
            f"expected more than the {used // MB + 64} MB this process already needs, "
            f"got {megabytes}",
        )
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    new_soft = ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft < new_soft:
        new_soft = soft  # never loosen a ceiling set from outside
    resource.setrlimit(resource.RLIMIT_AS, (new_soft, hard))
    try:
        yield new_soft // MB
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _alarm(seconds: float, grace: float, after: float | None = None) -> Iterator[None]:
    """SIGALRM ``grace`` seconds after the deadline (``after`` seconds from now, by default
    the budget of ``seconds``) raises BudgetExceeded wherever the command is (stages that
    check the deadline stop first, with a better message)."""
    _ALARM_SECONDS[0] = seconds
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, (seconds if after is None else after) + grace)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
