"""Worker processes that die with their parent and leave Ctrl-C to it.

Every command that works over many files (``status``, ``export``, ``render``, the bulk
changes) reads or writes them in a :class:`concurrent.futures.ProcessPoolExecutor`. Its
workers are started through :func:`executor`, whose initialiser

* asks the Linux kernel to kill the worker when the process that started it dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)`` through :mod:`ctypes`), and elsewhere starts a
  daemon thread that polls :func:`os.getppid` once a second and exits when the parent is
  gone — so killing the main process (``kill -9``, a closed terminal) never leaves workers
  running, holding a pipe open;
* ignores SIGINT: a Ctrl-C reaches the whole process group, and the main process alone
  decides what to do (a bulk change lets each worker finish the file it is writing and
  then reports exactly which files were changed).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Any

PR_SET_PDEATHSIG = 1


def worker_init(parent: int) -> None:
    """Initialiser of every worker process (see the module docstring); ``parent`` is the pid
    of the process that starts the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            armed = False
    if os.getppid() != parent and parent != os.getpid():
        os._exit(1)  # the parent died before the guard was armed
    if not armed:  # pragma: no cover - other systems
        threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()


def die_with_parent() -> None:
    """For ``subprocess`` ``preexec_fn`` (Linux): the child (a browser printing a report) is
    killed when this process dies, even by SIGKILL. Does nothing elsewhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover
            pass


def _watch(parent: int) -> None:  # pragma: no cover - used where prctl is missing
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def executor(jobs: int, initargs: tuple[Any, ...] = ()) -> Any:
    """A :class:`ProcessPoolExecutor` of ``jobs`` workers set up by :func:`worker_init`
    (``initargs`` are passed on to :func:`_init_more` for callers that need more)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_all, initargs=(os.getpid(), initargs))


#: Extra per-worker state set by the bulk engine (a shared stop flag).
WORKER_STATE: dict[str, Any] = {}


def stopping() -> bool:
    """In a worker: whether the pool's stop flag (the first of its ``initargs``, set when the
    run is interrupted) is set. ``False`` in the main process and without a flag."""
    extra = WORKER_STATE.get("extra") or (None,)
    stop = extra[0]
    return bool(stop is not None and hasattr(stop, "is_set") and stop.is_set())


def _init_all(parent: int, extra: tuple[Any, ...]) -> None:
    worker_init(parent)
    if extra:
        WORKER_STATE["extra"] = extra


__all__ = ["die_with_parent", "executor", "stopping", "worker_init"]
