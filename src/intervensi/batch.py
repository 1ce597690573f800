"""The journal and the lock of a bulk change: exactly once, one run per folder at a time.

A bulk command (``set``, ``advance-ready``, ``add-session-all``) that applies a change

1. takes the **bulk lock** of every folder it works in (:class:`BulkLock`, an ``flock`` on
   ``.intervensi-bulk.lock`` naming its holder: pid, host, start time). A second bulk run
   on the same folder is refused at once with :class:`BulkLocked` (exit code 7), so a live
   run's journal is never mistaken for an interrupted one;
2. writes its **plan** to the journal before touching any case: for each file its real path
   (symbolic links resolved) and the digest of its bytes as planned (:func:`intervensi.store.digest`);
3. changes each file only if it is still exactly as planned (the edit is conditional on that
   digest, checked under the case lock), and appends a line per file done.

When the run is cut off — Ctrl-C, SIGTERM, SIGKILL, a power cut — the journal stays. The
same command run again (from any working folder: the journal is found by the real paths)
finishes the plan: a file recorded as done is not touched; a file no longer as planned —
changed by the interrupted run in the instant before it could record it, or by hand since —
is left alone and reported. A case is therefore never moved twice, whatever the timing.

The journal is a hidden ``.intervensi-batch-<key>.jsonl`` (mode 0600, never followed if it
is a link) in the first folder; ``key`` hashes the command, the change and the real paths
of the folders. A journal older than :data:`MAX_AGE` seconds (24 hours) or of another
format is set aside (removed, and said so), never resumed: the next run plans afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import socket
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Locked, RefusedInput

PREFIX = ".intervensi-batch-"
LOCK_NAME = ".intervensi-bulk.lock"
VERSION = 2
#: Seconds after which an interrupted run's journal is no longer resumed (24 hours).
MAX_AGE = 24 * 3600


class BulkLocked(Locked):
    """Another bulk change holds the folder (exit code 7, LOCKED)."""

    key = "bulk_locked"


def open_private(path: Path, flags: int) -> int:
    """``os.open`` for an internal file: mode 0600, never through a symbolic link, and only a
    regular file (:class:`~intervensi.errors.RefusedInput` otherwise)."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | nofollow | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0), 0o600)
    except OSError as exc:
        if nofollow and os.path.islink(path):
            raise RefusedInput("refusing to open a symbolic link", path=path, key="not_regular") from None
        raise exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RefusedInput("refusing to open a file that is not a regular file", path=path, key="not_regular")
    return fd


def holder_text() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()} since {dt.datetime.now().replace(microsecond=0).isoformat()}"


class BulkLock:
    """The bulk lock of several folders (each real folder once, in sorted order)."""

    def __init__(self, folders: list[str]) -> None:
        self.folders = sorted({os.path.realpath(f) for f in folders})
        self._fds: list[int] = []
        self._held: list[str] = []

    def acquire(self) -> None:
        self.extend(self.folders)

    def extend(self, folders: list[str]) -> None:
        """Also hold these folders (those already held are skipped): a run over ``cases/``
        holds every sub-folder with a planned file too, so a run over ``cases/kec-1`` alone
        cannot work on the same files at the same time."""
        from .locks import _lock, _read_holder

        wanted = sorted({os.path.realpath(f) for f in folders} - set(self._held))
        for folder in wanted:
            fd = open_private(Path(folder) / LOCK_NAME, os.O_RDWR | os.O_CREAT)
            try:
                _lock(fd)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                self.release()
                raise BulkLocked(
                    "another bulk change is running on this folder" + (f" ({holder})" if holder else "") + "; wait for it to finish",
                    path=folder,
                    key="bulk_locked",
                    params={"holder": f" ({holder})" if holder else ""},
                ) from None
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, holder_text().encode(), 0)
            self._fds.append(fd)
            self._held.append(folder)

    def release(self) -> None:
        from .locks import _unlock

        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                _unlock(fd)
            os.close(fd)
        self._fds = []
        self._held = []

    def __enter__(self) -> BulkLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass
class Journal:
    """One bulk run's plan and progress (see the module docstring).

    ``plan``: ``[{"path", "real", "before", ...}]`` in order; ``done``: ``{real: {"status", "after"}}``;
    ``resumed`` when an interrupted run's journal was found; ``set_aside`` says why an old
    one was removed instead (``"age"``, ``"format"``), with ``set_aside_since`` its start.
    """

    path: Path
    command: str
    plan: list[dict[str, Any]] = field(default_factory=list)
    done: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: float = 0.0
    resumed: bool = False
    set_aside: str | None = None
    set_aside_since: str | None = None
    _fd: int | None = None

    @classmethod
    def open(cls, home: Path | str, command: str, scope: dict[str, Any], *, now: float | None = None) -> Journal:
        """The journal of ``command`` with ``scope`` (folders' real paths, filters, the change)
        in folder ``home``: resumed when a recent one was left behind."""
        key = hashlib.sha256(json.dumps({"command": command, **scope}, sort_keys=True, default=str).encode()).hexdigest()[:16]
        journal = cls(Path(os.path.realpath(home)) / f"{PREFIX}{key}.jsonl", command)
        journal._load(time.time() if now is None else now)
        sweep_stale(journal.path.parent, time.time() if now is None else now)
        return journal

    def _load(self, now: float) -> None:
        try:
            fd = open_private(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            with os.fdopen(fd, "rb") as fh:
                raw = fh.read()
        except OSError:  # pragma: no cover
            return
        lines = raw.decode("utf-8", "replace").splitlines()
        header: dict[str, Any] = {}
        with contextlib.suppress(ValueError, IndexError):
            header = json.loads(lines[0])
        if not isinstance(header, dict) or header.get("version") != VERSION or not isinstance(header.get("plan"), list):
            self._set_aside("format", None)
            return
        created = float(header.get("created", 0))
        if not (now - MAX_AGE <= created <= now + 3600):
            self._set_aside("age", created)
            return
        self.plan = [p for p in header["plan"] if isinstance(p, dict) and "real" in p and "before" in p]
        self.created = created
        self.resumed = True
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash: that file is checked by its digest instead
            if isinstance(entry, dict) and "done" in entry:
                self.done[str(entry["done"])] = {"status": str(entry.get("status", "changed")), "after": entry.get("after")}

    def _set_aside(self, why: str, created: float | None) -> None:
        self.set_aside = why
        if created:
            self.set_aside_since = dt.datetime.fromtimestamp(created).replace(microsecond=0).isoformat()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def start(self, plan: list[dict[str, Any]]) -> None:
        """Record the plan (durably: written to a temporary file, fsynced, renamed)."""
        from .store import atomic_write

        self.plan = list(plan)
        self.created = time.time()
        header = {"version": VERSION, "command": self.command, "created": self.created, "by": holder_text(), "plan": self.plan}
        atomic_write(self.path, json.dumps(header, ensure_ascii=False) + "\n", mode=0o600)

    def mark(self, real: str, status: str, after: str | None = None) -> None:
        """Record one file as done (not fsynced: a lost line only makes the re-run check
        that file's digest, which gives the same answer)."""
        self.done[real] = {"status": status, "after": after}
        if self._fd is None:
            self._fd = open_private(self.path, os.O_WRONLY | os.O_APPEND)
        os.write(self._fd, (json.dumps({"done": real, "status": status, "after": after}, ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def finish(self) -> None:
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def sweep_stale(folder: Path, now: float) -> list[Path]:
    """Remove the journals of other bulk runs in ``folder`` not touched for :data:`MAX_AGE`
    (a run with other options that was never finished); call under the bulk lock."""
    removed = []
    for p in folder.glob(f"{PREFIX}*.jsonl"):
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if st.st_mtime < now - MAX_AGE or not stat.S_ISREG(st.st_mode):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


__all__ = ["LOCK_NAME", "MAX_AGE", "BulkLock", "BulkLocked", "Journal", "open_private", "sweep_stale"]
