"""Bulk changes over a caseload: plan fast, apply once, say exactly what happened.

``set``, ``advance-ready`` and ``add-session-all`` share one engine:

* **Plan** (:func:`plan`): every file is read on the fast path (libyaml events + Pydantic,
  over all cores, as ``status`` reads it) together with the digest of its bytes. The plan
  is what a preview shows: no round-trip parse, so a preview costs about a ``status``.
  Files that cannot be read are named in the plan (``invalid``), never skipped silently.
* **Apply** (:func:`apply`): each planned file is changed under its case lock, only if it is
  still exactly as planned (:class:`~intervensi.errors.Conflict` otherwise), over all cores
  (:mod:`intervensi.procs`: workers die with the main process and leave Ctrl-C to it).
  With ``journal`` (see :mod:`intervensi.batch`) the plan is recorded first and each file
  done after, so a run cut off at any instant is finished by the same command without
  changing any file twice.
* **Interrupted** (Ctrl-C, SIGTERM): workers finish the file they are writing and stop;
  every file the run did not hear back from is checked by its digest, so the report
  (changed / not yet) is true whatever the instant of the signal.

Steps are plain dicts (they cross process boundaries): ``path`` (as listed), ``real`` (real
path), ``before`` (digest as planned), ``id``, ``label`` (what would change), ``old``,
``status`` (``planned``, ``same``, ``invalid``, ``unmatched`` — read, but not selected by
the filter; after applying ``changed``, ``moved`` —
no longer as planned, left alone — ``failed``, ``done`` — by an earlier interrupted run —
or ``not_yet``), ``problem`` (an error dict) and, for a dry run, ``diff``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .procs import WORKER_STATE

Step = dict[str, Any]
#: Below this many files a change is applied in this process (workers cost ~50 ms to start).
APPLY_PARALLEL_MIN = 8


# --------------------------------------------------------------------------- operations


@dataclass
class SetField:
    """``set``: one field (dotted ``keys``) to ``value`` (already parsed from YAML)."""

    keys: tuple[str, ...]
    value: Any
    command = "set"

    def probe(self, case: Any) -> Any:
        from .cohort_views import _lookup

        values = _lookup(case.model_dump(mode="json", by_alias=True), list(self.keys))
        return values[0] if values else None

    def decide(self, row: dict[str, Any], probe: Any) -> tuple[bool, str, Any]:
        return _json(probe) != _json(self.value), f"{'.'.join(self.keys)} = {_json(self.value)}", probe

    def apply(self, path: Path, before: str, dry_run: bool) -> tuple[str, str | None]:
        from .store import edit

        # a closed case refuses changes here as it does to every single-case command
        # (reopen it first); the refusal is reported for that file, the others go on
        with edit(path, dry_run=dry_run, expected_digest=before) as ed:
            ed.set(self.keys, self.value)
        return "changed", ed.result if dry_run else None


@dataclass
class AdvanceReady:
    """``advance-ready``: one stage forward where the gate holds (checked again under the lock)."""

    by: str | None
    lang: str = "en"
    command = "advance-ready"

    def probe(self, case: Any) -> Any:
        return None

    def decide(self, row: dict[str, Any], probe: Any) -> tuple[bool, str, Any]:
        return bool(row.get("gate_ready")), f"{row['stage']} → {row['next_stage']}", row.get("stage")

    def apply(self, path: Path, before: str, dry_run: bool) -> tuple[str, str | None]:
        from .moves import advance

        moved = advance(path, by=self.by, dry_run=dry_run, lang=self.lang, expected_digest=before)
        return "changed", moved.text


@dataclass
class AddSessionAll:
    """``add-session-all``: one session in each case (not twice: same date, kind and title)."""

    date: dt.date
    kind: str
    title: str | None = None
    minutes: int | None = None
    by: str | None = None
    command = "add-session-all"

    def probe(self, case: Any) -> Any:
        return any(s.date == self.date and s.kind.value == self.kind and s.title == self.title for s in case.sessions)

    def decide(self, row: dict[str, Any], probe: Any) -> tuple[bool, str, Any]:
        return not probe, f"session {self.date.isoformat()} {self.kind}", None

    def apply(self, path: Path, before: str, dry_run: bool) -> tuple[str, str | None]:
        from . import ops
        from .model import Session
        from .store import edit

        if not dry_run:
            ops.add_session(path, date=self.date, kind=self.kind, title=self.title, minutes=self.minutes, by=self.by, expected_digest=before)
            return "changed", None
        with edit(path, dry_run=True, expected_digest=before) as ed:
            item = ops.build(Session, "intervention.sessions", date=self.date, kind=self.kind, title=self.title, minutes=self.minutes, by=self.by)
            ed.append(("intervention", "sessions"), ops._dump(item))
        return "changed", ed.result


Operation = SetField | AdvanceReady | AddSessionAll


def _json(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


# --------------------------------------------------------------------------- planning


def _plan_chunk(paths: list[str], op: Operation, criteria: Any) -> list[Step]:
    """Worker: read each file on the fast path with its digest; the plan's raw material."""
    from .cohort import read_one
    from .store import digest
    from .yamlio import MAX_BYTES

    out: list[Step] = []
    for p in paths:
        step: Step = {"path": p, "real": os.path.realpath(p)}
        raw = _read_regular(p, MAX_BYTES + 1)  # the digest first: a file changed while read is refused at apply
        if raw is None:
            step.update(status="invalid", before="", problem={"key": "not_regular", "text": "not a regular file", "params": {}, "exit_code": 9})
            out.append(step)
            continue
        step["before"] = digest(raw)
        row, case = read_one(Path(p), with_case=True)
        if not row["valid"]:
            step.update(status="invalid", problem=row["problems"][0] if row.get("problems") else {"key": "unreadable"})
            out.append(step)
            continue
        if not criteria.matches_row(row) or (criteria.where and (case is None or not criteria.matches_case(case))):
            out.append({"path": p, "real": step["real"], "id": row["id"], "status": "unmatched"})  # kept for duplicate ids
            continue
        change, label, old = op.decide(row, op.probe(case))
        step.update(id=row["id"], label=label, old=old, status="planned" if change else "same")
        out.append(step)
    return out


def _read_regular(path: str, limit: int) -> bytes | None:
    """The first ``limit`` bytes of a regular file; None for a FIFO, device or socket (never
    blocks on them). An unreadable file gives ``b""`` (the reader reports why)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, left = [], limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def plan(cohort: Any, op: Operation, progress: Callable[[int], None] | None = None) -> list[Step]:
    """The steps of ``op`` over every file of ``cohort``, in file order: ``unmatched`` (not selected by its filter), ``planned``
    (would change), ``same`` (already so) and ``invalid`` (could not be read: named, never
    skipped silently). Reads like ``status`` does: fast parser, all cores, no round trip."""
    from .cohort import Pool, _file_strings

    steps: list[Step] = []
    with Pool(cohort.jobs) as pool:
        for step in pool.map(functools.partial(_plan_chunk, op=op, criteria=cohort.criteria), _file_strings(cohort.paths)):
            steps.append(step)
            if progress:
                progress(1)
    return steps


# --------------------------------------------------------------------------- applying


def apply_one(op: Operation, step: Step, dry_run: bool) -> Step:
    """Apply ``op`` to one planned step (in a worker or here): the step with its outcome."""
    from .cohort import _problem
    from .errors import Conflict, IntervensiError
    from .store import file_digest

    out = dict(step)
    path = Path(step["path"])
    try:
        status, text = op.apply(path, step["before"], dry_run)
        out["status"] = status
        if dry_run and text is not None:
            out["diff"] = _diff(path, text)
        elif status == "changed":
            out["after"] = _digest_or_none(file_digest, step["real"])
    except Conflict as exc:
        out.update(status="moved", problem=_problem(exc))
    except IntervensiError as exc:
        out.update(status="failed", problem=_problem(exc))
    return out


def _digest_or_none(fn: Callable[[Path], str], path: str) -> str | None:
    try:
        return fn(Path(path))
    except OSError:
        return None


def _diff(path: Path, after: str) -> str:
    import difflib

    before = path.read_bytes().decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"))


def _apply_chunk(steps: list[Step], op: Operation, dry_run: bool) -> list[Step]:
    """Worker: apply a chunk, stopping between files once the main process asks."""
    stop = WORKER_STATE.get("extra", (None,))[0]
    out = []
    for step in steps:
        if stop is not None and stop.is_set():
            break
        out.append(apply_one(op, step, dry_run))
    return out


def apply(
    op: Operation,
    steps: list[Step],
    *,
    dry_run: bool = False,
    jobs: int | None = None,
    on_result: Callable[[Step], None] | None = None,
) -> list[Step]:
    """Apply ``op`` to every ``planned`` step, over ``jobs`` worker processes (all cores).

    Returns the steps with their outcome, in order. On Ctrl-C or SIGTERM (raised here as
    :class:`KeyboardInterrupt`): workers finish their current file, every result is passed
    to ``on_result``, the other steps are settled by :func:`settle` (``changed`` when the
    file is no longer as planned, else ``not_yet``), and :class:`Interrupted` is raised
    carrying all the steps.
    """
    results: dict[int, Step] = {}
    todo = [i for i, s in enumerate(steps) if s.get("status") == "planned"]
    n_jobs = max(1, jobs or os.cpu_count() or 1)

    def record(i: int, res: Step) -> None:
        results[i] = res
        if on_result:
            on_result(res)

    def finished() -> list[Step]:
        return [results.get(i, s) for i, s in enumerate(steps)]

    previous = None
    if not dry_run:
        with contextlib.suppress(ValueError):  # not the main thread: signals stay as they are
            previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if len(todo) < APPLY_PARALLEL_MIN or n_jobs <= 1:
            try:
                for i in todo:
                    record(i, apply_one(op, steps[i], dry_run))
            except KeyboardInterrupt:
                raise Interrupted(settle(finished(), dry_run)) from None
        else:
            _apply_parallel(op, steps, todo, dry_run, n_jobs, record, finished)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return finished()


def _apply_parallel(
    op: Operation, steps: list[Step], todo: list[int], dry_run: bool, jobs: int, record: Callable[[int, Step], None], finished: Callable[[], list[Step]]
) -> None:
    import multiprocessing

    from .procs import executor

    stop = multiprocessing.get_context().Event()
    size = max(1, min(16, len(todo) // (jobs * 6)))
    chunks = [todo[k : k + size] for k in range(0, len(todo), size)]
    # Import the heavy modules once here: forked workers inherit them.
    from . import casefile, cycle, ops  # noqa: F401

    pool = executor(jobs, initargs=(stop,))
    pending: list[tuple[list[int], Any]] = []
    it = iter(chunks)
    try:
        try:
            for chunk in it:
                pending.append((chunk, pool.submit(_apply_chunk, [steps[i] for i in chunk], op, dry_run)))
                if len(pending) >= jobs * 2:
                    idx, fut = pending.pop(0)
                    for i, res in zip(idx, fut.result(), strict=False):
                        record(i, res)
            while pending:
                idx, fut = pending.pop(0)
                for i, res in zip(idx, fut.result(), strict=False):
                    record(i, res)
        except (KeyboardInterrupt, Exception) as exc:
            stop.set()
            old = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for the drain
            try:
                for _idx, fut in pending:
                    fut.cancel()
                for idx, fut in pending:
                    if fut.cancelled():
                        continue
                    try:
                        for i, res in zip(idx, fut.result(), strict=False):
                            record(i, res)
                    except Exception:
                        continue
            finally:
                signal.signal(signal.SIGINT, old)
            if isinstance(exc, KeyboardInterrupt):
                raise Interrupted(settle(finished(), dry_run)) from None
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def settle(steps: list[Step], dry_run: bool = False) -> list[Step]:
    """After an interruption: each step still ``planned`` becomes ``changed`` when its file
    is no longer as planned (the write happened) and ``not_yet`` otherwise."""
    from .store import file_digest

    out = []
    for s in steps:
        if s.get("status") == "planned":
            s = dict(s)
            now = None if dry_run else _digest_or_none(file_digest, s["real"])
            s["status"] = "changed" if now is not None and now != s["before"] else "not_yet"
            if s["status"] == "changed":
                s["after"] = now
        out.append(s)
    return out


class Interrupted(Exception):
    """A bulk apply stopped by Ctrl-C or SIGTERM; ``steps`` say what was and was not done."""

    def __init__(self, steps: list[Step]) -> None:
        super().__init__("interrupted")
        self.steps = steps


def resume_steps(journal: Any) -> list[Step]:
    """The steps of an interrupted run's plan: ``done`` for those it recorded, else ``planned``
    (to be applied only if the file is still as planned)."""
    out = []
    for p in journal.plan:
        s = dict(p, path=p["real"])  # the real path: the first run may have been started from another folder
        done = journal.done.get(p["real"])
        if done is not None and done["status"] in ("changed", "same", "moved"):
            s["status"] = "done"
        else:
            s["status"] = "planned"
        out.append(s)
    return out


@dataclass
class Outcome:
    """What a bulk run did: the ``steps`` with their status, whether it ``resumed`` an
    interrupted run's plan, and why an old journal was ``set_aside`` (``"age"``, ``"format"``)
    with that journal's start (``set_aside_since``, ISO)."""

    steps: list[Step]
    resumed: bool = False
    set_aside: str | None = None
    set_aside_since: str | None = None


class PlanInterrupted(Exception):
    """Ctrl-C or SIGTERM before any case was written (while reading or planning)."""


def run(
    op: Operation,
    cohort: Any,
    roots: list[str],
    *,
    scope: dict[str, Any],
    apply_changes: bool = False,
    dry_run: bool = False,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_resume: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """A whole bulk run over ``cohort`` (whose folders or files are ``roots``).

    Without ``apply_changes`` or ``dry_run``: the plan only (a preview). With ``dry_run``:
    each planned file's diff, nothing written. With ``apply_changes``: under the bulk lock
    of every folder involved (:class:`~intervensi.batch.BulkLocked`, exit code 7, when
    another run holds one), resuming an interrupted run's journal when there is one (its
    key: ``op.command`` and ``scope``, e.g. the filters and the change), else planning and
    recording the plan first; ``on_resume`` is called once the journal is known (to say
    "finishing an interrupted run" or "set aside"). Raises :class:`PlanInterrupted` when
    stopped before any case was written and :class:`Interrupted` (with every step's
    status) when stopped while applying.
    """
    from .batch import BulkLock, Journal

    lock = BulkLock(folders_of(roots)) if apply_changes else None
    if lock is not None:
        lock.acquire()
    journal: Journal | None = None
    try:
        outcome = Outcome([])
        try:
            if apply_changes:
                real_roots = sorted(os.path.realpath(r) for r in roots)
                journal = Journal.open(folders_of(roots)[0], op.command, {"roots": real_roots, **scope})
                outcome.resumed, outcome.set_aside, outcome.set_aside_since = journal.resumed, journal.set_aside, journal.set_aside_since
            if journal is not None and journal.resumed:
                outcome.steps = resume_steps(journal)
                if on_resume:
                    on_resume(outcome)
                if lock is not None:
                    lock.extend(folders_of(s["real"] for s in outcome.steps))
            else:
                if on_resume and outcome.set_aside:
                    on_resume(outcome)
                outcome.steps = plan(cohort, op, progress)
                if lock is not None:  # every folder with a planned file: sub-folder runs cannot overlap
                    lock.extend(folders_of(s["real"] for s in outcome.steps if s["status"] == "planned"))
                if journal is not None:
                    keep = ("path", "real", "before", "id", "label", "old")
                    journal.start([{k: s.get(k) for k in keep} for s in outcome.steps if s["status"] == "planned"])
        except KeyboardInterrupt:
            raise PlanInterrupted from None
        if apply_changes or dry_run:
            current = journal

            def mark(step: Step) -> None:
                if current is not None and step["status"] in ("changed", "same", "moved"):
                    current.mark(step["real"], step["status"], step.get("after"))

            outcome.steps = apply(op, outcome.steps, dry_run=dry_run, jobs=jobs, on_result=mark)
        if journal is not None:
            journal.finish()
        return outcome
    finally:
        if journal is not None:
            journal.close()
        if lock is not None:
            lock.release()


def folders_of(paths: Iterable[Path | str]) -> list[str]:
    """The real folders a bulk run works in (a file's parent for a file)."""
    return [os.path.realpath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))) for p in paths]


__all__ = [
    "APPLY_PARALLEL_MIN",
    "AddSessionAll",
    "AdvanceReady",
    "Interrupted",
    "Outcome",
    "PlanInterrupted",
    "SetField",
    "apply",
    "apply_one",
    "folders_of",
    "plan",
    "resume_steps",
    "run",
    "settle",
]
