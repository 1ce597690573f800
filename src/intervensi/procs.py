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

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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


# --------------------------------------------------------------------------- a pool for one run

#: Files per task sent to a worker process.
CHUNK = 64
#: Below this many files, reading in this process beats starting workers.
PARALLEL_MIN = 48
DRAIN_S = 5.0


class Pool:
    """Worker processes started on first need and shared by every batch of one run.

    Ctrl-C (or SIGTERM, raised as :class:`KeyboardInterrupt` by the command line) reaches
    the main process only (workers ignore SIGINT). Leaving the ``with`` block on an
    exception sets a stop flag shared with the workers: each finishes the file it is on —
    every output is written whole by :func:`intervensi.store.atomic_write` or not at all —
    and takes no other; queued chunks are cancelled. So a run over hundreds of cases stops
    within about the time of one case (``benchmarks/bench_interrupt.py`` measures it). A
    worker still busy after :data:`DRAIN_S` seconds is killed (a temporary file it was
    writing at that instant may stay behind; the output itself is never torn).
    """

    def __init__(self, jobs: int | None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._stop: Any = None

    def executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # Import the heavy modules once here: forked workers inherit them.
            from . import casefile, cycle  # noqa: F401

            self._stop = multiprocessing.get_context().Event()
            self._pool = executor(self.jobs, initargs=(self._stop,))
        return self._pool

    def close(self, interrupted: bool = False) -> None:
        """Shut the workers down; ``interrupted``: tell them to stop after their current file
        (a second Ctrl-C meanwhile is ignored: the drain takes about one file's time)."""
        if self._pool is None:
            return
        if not interrupted:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            return
        import signal

        if self._stop is not None:
            self._stop.set()
        old = None
        with contextlib.suppress(ValueError):  # not the main thread: signals stay as they are
            old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        pool, self._pool = self._pool, None
        try:
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + DRAIN_S
            for proc in workers:
                proc.join(max(0.0, deadline - time.monotonic()))
            for proc in workers:  # a worker stuck in one long file (a huge layout) is not waited for
                if proc.is_alive():
                    proc.kill()
                    proc.join(1.0)
            pool.shutdown(wait=True)
        finally:
            if old is not None:
                signal.signal(signal.SIGINT, old)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close(interrupted=exc_type is not None)

    def map(self, fn: Callable[[list[str]], list[Any]], files: Iterable[Path | str]) -> Iterator[Any]:
        """``fn`` over chunks of ``files``, results in file order, a bounded number in flight."""
        it = iter(files)
        first: list[str] = []
        for f in it:
            first.append(str(f))
            if len(first) >= PARALLEL_MIN:
                break
        if len(first) < PARALLEL_MIN or self.jobs <= 1:
            yield from fn(first)
            for chunk in _chunks(it, CHUNK):
                yield from fn(chunk)
            return
        pool = self.executor()
        size = CHUNK
        pending: list[Future[list[Any]]] = []
        for chunk in _chunks_with_head(first, it, size):
            pending.append(pool.submit(_until_stopped, fn, chunk))
            if len(pending) >= self.jobs * 3:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def _until_stopped(fn: Callable[[list[str]], list[Any]], chunk: list[str]) -> list[Any]:
    """Worker: ``fn`` over a chunk one file at a time, stopping before the next file once the
    pool's stop flag is set (the run was interrupted; the results are not read then)."""

    if not WORKER_STATE.get("extra"):
        return fn(chunk)
    out: list[Any] = []
    for item in chunk:
        if stopping():
            break
        out.extend(fn([item]))
    return out


def _map_chunks(fn: Callable[[list[str]], list[Any]], files: Iterable[Path | str], jobs: int | None) -> Iterator[Any]:
    with Pool(jobs) as pool:
        yield from pool.map(fn, files)


def _chunks(files: Iterable[Path | str], size: int) -> Iterator[list[str]]:
    buf: list[str] = []
    for f in files:
        buf.append(str(f))
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def _chunks_with_head(head: list[str], rest: Iterator[Path | str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(head), size):
        yield head[i : i + size]
    yield from _chunks(rest, size)
