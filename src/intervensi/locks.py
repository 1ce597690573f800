"""The lock of one case file: an exclusive ``flock`` on a sidecar ``.<name>.lock`` file
(never the case file itself: its inode changes on every write). ``flock`` locks die with their
process, so a killed writer never blocks anyone; waiting is bounded and the error names the
holder (pid, host, since). Used by :func:`intervensi.store.edit` and the bulk runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import time
from pathlib import Path

from .errors import Locked

#: Seconds a command waits for another holder of the lock before it gives up (exit 7).
DEFAULT_TIMEOUT = 10.0
#: A lock file holds who holds it (pid, host): the owner's only, whatever the workspace's file mode.
LOCK_MODE = 0o600


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


class CaseLock:
    """An exclusive, process-level lock on one case file (a sidecar file, ``flock``)."""

    def __init__(self, path: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path)
        self.lock_file = lock_path(self.path)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        from .fsafe import open_private

        fd = open_private(self.lock_file, os.O_RDWR | os.O_CREAT, LOCK_MODE, what="fs_lock")
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                _lock(fd)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise Locked(
                        "the case is being changed by another process"
                        + (f" ({holder})" if holder else "")
                        + "; try again in a moment",
                        path=self.path,
                        key="locked",
                        params={"holder": f" ({holder})" if holder else ""},
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        self._fd = fd
        info = f"pid {os.getpid()} on {socket.gethostname()} since {dt.datetime.now().replace(microsecond=0).isoformat()}"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:  # pragma: no cover
        return ""


if os.name == "posix":
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    _FAR = 1 << 30  # lock a byte far from the holder text, so it stays readable

    def _lock(fd: int) -> None:
        os.lseek(fd, _FAR, 0)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            raise BlockingIOError from None

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, 0)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


