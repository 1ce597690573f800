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
    OS_ERROR = 11  # the operating system refused: disk full, read-only, permission, link loop
    NOTHING_TO_DRAW = 12  # a diagram has nothing to draw yet (or does not apply to the case)
    ENGINE_FAILED = 13  # an outside engine (Graphviz layout, PDF engine, rasteriser) failed on this input
    INTERRUPTED = 130
    PIPE_CLOSED = 141  # the reader of stdout (| head, a pager) closed the pipe early: ended quietly


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

    def params_in(self, lang: str) -> dict[str, Any]:
        """The message parameters for ``lang``: a ``problem`` given in both languages
        (``problem_en``/``problem_id``) becomes ``problem`` in that language."""
        params = dict(self.params)
        if f"problem_{lang}" in params:
            params["problem"] = params[f"problem_{lang}"]
        return params

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

    def line_text(self, message: str | None = None, field: str | None = None) -> str:
        """The one line a user sees: ``file:line:col: field: message`` (``field``: shown instead of ours)."""
        msg = message if message is not None else self.message
        head = self.where()
        if field or self.field:
            msg = f"{field or self.field}: {msg}"
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


class NotRegularFile(RefusedInput):
    """A path that is a symbolic link (where intervensi writes), a folder, a FIFO, a device, a socket.

    ``params["what"]`` names the kind (``fs_symlink``, ``fs_fifo``, ``fs_directory``,
    ``fs_device``, ``fs_socket``, ``fs_special``); ``key`` is ``not_regular_read``,
    ``not_regular_write`` or ``symlink_write``. Exit code ``REFUSED`` (9). A
    :class:`CaseFileError`, so cohort commands list such a file as one they could not read
    and go on. Raised by :mod:`intervensi.fsafe`.
    """

    key = "not_regular_read"


class FileSystemError(IntervensiError):
    """The operating system refused: disk full, read-only disk or file, permission, a link loop...

    ``params``: ``what`` (the operation: ``fs_read``, ``fs_write``, ``fs_create``,
    ``fs_lock``, ``fs_mkdir``, ``fs_access``), and for errors from the system ``code``
    (the errno name, e.g. ``ENOSPC``) and ``reason`` (the system's words). ``key`` is one
    of ``os_no_space``, ``os_read_only_fs``, ``os_permission``, ``os_loop``,
    ``os_no_such``, ``os_not_folder``, ``os_other``, ``read_only_case``. Exit code
    ``OS_ERROR`` (11). Made by :func:`intervensi.fsafe.os_error`.
    """

    exit_code = ExitCode.OS_ERROR
    key = "os_other"


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


class EngineFailed(IntervensiError):
    """An engine intervensi drives (Graphviz's layout, the PDF engine, the PNG rasteriser) failed
    on this input: not bad usage, not a bug of ours to report as such (exit 13)."""

    exit_code = ExitCode.ENGINE_FAILED
