"""The caseload site's work over worker processes: reading the case files, rendering the pages
(see :mod:`intervensi.site`).

:func:`digests` reads every file's digest here; :func:`parse` reads the files the manifest
does not know on the cohort's fast path over all cores.

:func:`render_all` renders each planned page with :func:`intervensi.site_pages.case_page`
and writes it atomically, in this process for a few pages and otherwise over
:func:`intervensi.procs.executor` workers (they die with the main process and ignore
Ctrl-C): on Ctrl-C or any error the main process sets a shared stop flag, each worker
finishes the page it is writing and stops, and every result already made is still passed
to ``record`` before the exception goes on.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import IntervensiError
from .procs import WORKER_STATE

if TYPE_CHECKING:
    from .anonymize import Anonymizer

#: Below this many pages to render, rendering in this process beats starting workers.
PARALLEL_MIN = 4


def _render_one(item: dict[str, Any], cases_dir: str, lang: str, rho: float, anonymizer: Anonymizer | None) -> dict[str, Any]:
    from .cohort import _problem
    from .site_pages import case_page
    from .store import atomic_write

    target = Path(cases_dir) / f"{item['stem']}.html"
    try:
        page, row, counts = case_page(item["path"], lang=lang, anonymizer=anonymizer, rho=rho)
        atomic_write(target, page)
        st = os.lstat(target)
    except IntervensiError as exc:
        return {**item, "problem": _problem(exc)}
    except OSError as exc:
        from .fsafe import os_error

        return {**item, "problem": _problem(os_error(exc, target, "fs_write"))}
    return {**item, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "row": row, "counts": counts}


def _render_chunk(items: list[dict[str, Any]], cases_dir: str, lang: str, rho: float) -> list[dict[str, Any]]:
    """Worker: render a chunk of pages, stopping between pages once the main process asks."""
    extra = WORKER_STATE.get("extra", (None, None))
    stop, anonymizer = extra[0], extra[1]
    out = []
    for item in items:
        if stop is not None and stop.is_set():
            break
        out.append(_render_one(item, cases_dir, lang, rho, anonymizer))
    return out


def render_all(todo: list[dict[str, Any]], cases_dir: Path, lang: str, rho: float, anonymizer: Anonymizer | None,
                jobs: int, record: Callable[[dict[str, Any]], None]) -> None:
    """Render every page of ``todo`` (``{"path", "stem", "key"}``) into ``cases_dir`` over ``jobs``
    processes, calling ``record`` with each result as it arrives: the item with ``size``,
    ``mtime_ns``, ``row`` and ``counts`` (see :func:`intervensi.site_pages.case_page`), or with
    ``problem`` (an error dict) when the page could not be made."""
    if len(todo) < PARALLEL_MIN or jobs <= 1:
        for item in todo:
            record(_render_one(item, str(cases_dir), lang, rho, anonymizer))
        return
    import multiprocessing

    from . import casefile, charts, cycle, evaluation, report  # noqa: F401  (forked workers inherit them)
    from .procs import executor

    stop = multiprocessing.get_context().Event()
    size = max(1, min(8, len(todo) // (jobs * 6)))
    chunks = [todo[k : k + size] for k in range(0, len(todo), size)]
    pool = executor(jobs, initargs=(stop, anonymizer))
    pending: list[Any] = []

    recorded: set[str] = set()

    def drain(fut: Any) -> None:
        for res in fut.result():
            if res["stem"] not in recorded:  # a chunk drained again after an interruption
                recorded.add(res["stem"])
                record(res)

    try:
        try:
            for chunk in chunks:
                pending.append(pool.submit(_render_chunk, chunk, str(cases_dir), lang, rho))
                if len(pending) >= jobs * 2:
                    drain(pending[0])  # popped only once drained: an interruption drains it again
                    pending.pop(0)
            while pending:
                drain(pending[0])
                pending.pop(0)
        except BaseException:
            stop.set()  # workers finish the page they are writing, then stop
            previous: dict[signal.Signals, Any] = {}
            for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C waits for the drain
                with contextlib.suppress(ValueError):
                    previous[sig] = signal.signal(sig, signal.SIG_IGN)
            try:
                for fut in pending:
                    fut.cancel()
                for fut in pending:
                    if not fut.cancelled():
                        with contextlib.suppress(Exception):
                            drain(fut)
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- reading the case files


def _scan_chunk(paths: list[str], with_case: bool) -> list[dict[str, Any]]:
    """Worker: each file's validity and id (and, ``with_case``, the case itself)."""
    from .cohort import read_one

    out: list[dict[str, Any]] = []
    for p in paths:
        row, case = read_one(Path(p), with_case=True)
        item: dict[str, Any] = {"path": p, "valid": row["valid"], "id": row.get("id"), "problems": row.get("problems", [])}
        if with_case and case is not None:
            item["case"] = case
        out.append(item)
    return out


def digests(files: list[str]) -> dict[str, dict[str, Any]]:
    """``{path: {"path", "digest"}}``: the BLAKE2b of each file's bytes, read here, first (a file
    changed after this is seen at the next run); an unreadable file is invalid at once."""
    from .cohort import _problem
    from .fsafe import read_bytes
    from .store import digest
    from .yamlio import MAX_BYTES

    facts: dict[str, dict[str, Any]] = {}
    for p in files:
        try:
            facts[p] = {"path": p, "digest": digest(read_bytes(p, MAX_BYTES + 1))}
        except IntervensiError as exc:
            facts[p] = {"path": p, "digest": None, "valid": False, "id": None, "problems": [_problem(exc)]}
    return facts


def parse(facts: dict[str, dict[str, Any]], paths: list[str], jobs: int | None, with_case: bool,
           progress: Callable[[str, int, int | None], None] | None) -> dict[str, Any]:
    """Read ``paths`` on the fast path over all cores into ``facts``; the cases by path (``with_case``)."""
    from .cohort import Pool

    cases: dict[str, Any] = {}
    with Pool(jobs) as pool:
        for item in pool.map(functools.partial(_scan_chunk, with_case=with_case), paths):
            case = item.pop("case", None)
            facts[item["path"]].update(item)
            if case is not None:
                cases[item["path"]] = case
            if progress:
                progress("scan", 1, len(paths))
    return cases


__all__ = ["PARALLEL_MIN", "digests", "parse", "render_all"]
