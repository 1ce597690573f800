"""The error family of intervensi and its exit codes.

Every error a user can cause is an :class:`IntervensiError`; the command line catches it
once and prints :meth:`IntervensiError.line` on stderr. Messages carry the file, line,
column and field path, never the values in the file (client data stays out of terminals
and logs); ``--traceback`` is the only way to see more.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any


class ExitCode(IntEnum):
    """Exit codes of the ``intervensi`` command (documented in docs/reference/exit-codes.md)."""

    OK = 0
    FAILURE = 1  # an unexpected error (a bug): please report it
    USAGE = 2  # bad command-line usage (Typer/Click's own code)
    INVALID = 3  # a case file is not valid (YAML or schema)
    NOT_FOUND = 4  # a file or case does not exist
    GATE = 5  # a stage gate is not met
    CLOSED = 6  # the case is closed
    LOCKED = 7  # another process holds the case
    CONFLICT = 8  # the file changed on disk while we worked on it
    REFUSED = 9  # the input is refused as unsafe (aliases, tags, size, path)
    EXISTS = 10  # refusing to overwrite an existing file
    NOTHING_TO_DRAW = 11  # a diagram has nothing to draw yet (or does not apply to the case)
    INTERRUPTED = 130


class IntervensiError(Exception):
    """Base of every error that intervensi reports to a user."""

    exit_code: ExitCode = ExitCode.FAILURE
    key: str = "error"

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        key: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.field = field
        if key is not None:
            self.key = key
        self.params = params or {}

    def where(self) -> str:
        """``file:line:column`` as far as known."""
        parts = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def line_text(self, message: str | None = None) -> str:
        """The one line a user sees: ``file:line:col: field: message``."""
        msg = message if message is not None else self.message
        head = self.where()
        if self.field:
            msg = f"{self.field}: {msg}"
        return f"{head}: {msg}" if head else msg

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": type(self).__name__,
            "key": self.key,
            "message": self.message,
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "exit_code": int(self.exit_code),
        }


class CaseFileError(IntervensiError):
    """The file is not a valid case file: broken YAML, wrong type, unknown key..."""

    exit_code = ExitCode.INVALID
    key = "invalid"


class RefusedInput(CaseFileError):
    """The YAML uses something a case file never needs and that could hurt (alias, tag...)."""

    exit_code = ExitCode.REFUSED
    key = "refused"


class ValidationFailed(CaseFileError):
    """Several schema problems in one file, each with its own position."""

    def __init__(self, problems: list[CaseFileError], path: Path | str | None = None) -> None:
        first = problems[0]
        super().__init__(
            first.message,
            path=path or first.path,
            line=first.line,
            column=first.column,
            field=first.field,
            key=first.key,  # so the first line renders in the user's language
            params=first.params,
        )
        self.problems = problems


class NotFound(IntervensiError):
    exit_code = ExitCode.NOT_FOUND
    key = "not_found"


class AlreadyExists(IntervensiError):
    exit_code = ExitCode.EXISTS
    key = "exists"


class GateNotMet(IntervensiError):
    exit_code = ExitCode.GATE
    key = "gate"

    def __init__(self, message: str, unmet: list[str], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.unmet = unmet

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "unmet": self.unmet}


class TransitionError(IntervensiError):
    """A move the cycle does not allow (skipping a stage, going back without a reason)."""

    exit_code = ExitCode.USAGE
    key = "transition"


class CaseClosed(IntervensiError):
    exit_code = ExitCode.CLOSED
    key = "closed"


class Locked(IntervensiError):
    exit_code = ExitCode.LOCKED
    key = "locked"


class Conflict(IntervensiError):
    exit_code = ExitCode.CONFLICT
    key = "conflict"


class UsageError(IntervensiError):
    exit_code = ExitCode.USAGE
    key = "usage"
