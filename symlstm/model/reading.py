"""Reading a user's file with limits: regular files only, a size cap per kind of file.

Every file symlstm reads (a model, a stated machine, a certificate) goes through
:func:`read_text_limited`. It opens the path with ``O_NONBLOCK`` (so a FIFO without a writer
never blocks the open), checks with ``fstat`` on the open descriptor that it is a regular file
(a symlink to ``/dev/zero`` or ``/dev/urandom`` resolves to a character device and is refused,
as are FIFOs, sockets and directories), refuses a file larger than the cap of its kind before
reading it, and never reads more than the cap even if the file grows meanwhile.

Public API::

    LIMITS: dict[FileKind, int]                          # bytes, per kind of file
    read_text_limited(path, kind, *, source=None) -> str # ModelError(source, "", message)
"""

from __future__ import annotations

import os
import stat
from enum import Enum
from pathlib import Path

from symlstm.errors import ModelError


class FileKind(Enum):
    """What a file is read as; each kind has its own size cap in :data:`LIMITS`."""

    MODEL = "model file"
    MACHINE = "machine file"
    CERTIFICATE = "certificate"


MIB = 1 << 20

LIMITS: dict[FileKind, int] = {
    # the largest models symlstm accepts (hidden = inputs = 64, 10⁵ symbols) are under 4 MB
    FileKind.MODEL: 16 * MIB,
    # a 100,000-state machine over two symbols is about 6 MB of TOML
    FileKind.MACHINE: 64 * MIB,
    # the prover's default of 20,000 boxes of a hidden = 8 LSTM is about 30 MB of JSON
    FileKind.CERTIFICATE: 256 * MIB,
}

_CHUNK = 1 << 20


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _size_text(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB else f"{size} bytes"


def read_bytes_limited(path: str | Path, kind: FileKind, *, source: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``LIMITS[kind]`` of them."""
    where = source if source is not None else str(path)
    limit = LIMITS[kind]
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise ModelError(where, "", f"cannot read the file ({error.strerror or error})") from None
    try:
        _check_descriptor(fd, kind, where)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ModelError(
                    where, "", f"the file grew past {_size_text(limit)} while being read"
                )
        return b"".join(chunks)
    except OSError as error:
        raise ModelError(where, "", f"cannot read the file ({error.strerror or error})") from None
    finally:
        os.close(fd)


def check_readable(path: str | Path, kind: FileKind, *, source: str | None = None) -> None:
    """Refuse ``path`` as :func:`read_bytes_limited` would, without reading it (for a reader
    that takes a path itself)."""
    where = source if source is not None else str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise ModelError(where, "", f"cannot read the file ({error.strerror or error})") from None
    try:
        _check_descriptor(fd, kind, where)
    finally:
        os.close(fd)


def _check_descriptor(fd: int, kind: FileKind, where: str) -> None:
    limit = LIMITS[kind]
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(
            where, "", f"expected a regular {kind.value}, got {_file_type(info.st_mode)}"
        )
    if info.st_size > limit:
        raise ModelError(
            where,
            "",
            f"the file is {_size_text(info.st_size)}; a {kind.value} may have at most "
            f"{_size_text(limit)}",
        )


def read_text_limited(path: str | Path, kind: FileKind, *, source: str | None = None) -> str:
    """The UTF-8 text of the regular file ``path`` (see :func:`read_bytes_limited`)."""
    raw = read_bytes_limited(path, kind, source=source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        where = source if source is not None else str(path)
        raise ModelError(where, "", "expected a UTF-8 text file") from None


__all__ = ["LIMITS", "FileKind", "check_readable", "read_bytes_limited", "read_text_limited"]
