"""The errors symlstm raises: one base class, each subclass also a matching built-in.

A message speaks to the user: it names where the problem is (a file, a key, a command-line
option) and what was expected. The command line prints ``str(error)`` as its one line.
"""

from __future__ import annotations


class SymlstmError(Exception):
    """Base class of every error symlstm raises on purpose."""


class ModelError(SymlstmError, ValueError):
    """A model description is malformed: ``source: key: message``."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {message}")


class UnknownModelError(ModelError, LookupError):
    """A model name is neither a built-in model nor an existing file."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(
            name,
            "",
            "no such built-in model or file (built-in models: " + ", ".join(known) + ")",
        )


class UsageError(SymlstmError, ValueError):
    """An option or argument given to a command is malformed: ``option: message``."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(f"{option}: {message}")


class RenderError(SymlstmError, ValueError):
    """A renderer was asked for something it cannot write safely (e.g. a control character)."""


class BudgetExceeded(SymlstmError, TimeoutError):
    """A budget ran out: ``resource`` is ``"time"`` or ``"memory"``, ``limit`` its value in
    seconds or megabytes, ``option`` the command-line option that sets it, ``where`` the stage
    that noticed. The command line prints one line and exits with status 3 (unknown)."""

    def __init__(self, resource: str, limit: float, option: str, where: str = "") -> None:
        self.resource = resource
        self.limit = limit
        self.option = option
        self.where = where
        unit = "s" if resource == "time" else "MB"
        amount = f"{limit:g} {unit}"
        during = f" during {where}" if where else ""
        super().__init__(f"the {resource} budget of {amount} ({option}) ran out{during}")
