"""Importing a programme roster: one case per family, previewed, idempotent, never half-written.

    >>> from intervensi.roster import plan_import, apply_import
    >>> plan = plan_import("kpm-desa.xlsx", "cases/")        # reads, checks, writes nothing
    >>> plan.counts()                                         # {'new': 298, 'changed': 0, ...}
    >>> if plan.ok: apply_import(plan)                        # or apply_import(plan, skip_bad=True)

**Plan** (:func:`plan_import`): the roster is read (:mod:`intervensi.roster_read`), each row
becomes a :class:`Family` or a list of :class:`Problem` (row, column, reason), the cases
already in the folder are read on the fast path (in parallel) and indexed by family card
number (KK) and NIK, and each family becomes a step: ``new`` (a case to create, its text
built and validated now), ``changed`` (the fields that differ), ``same`` or ``closed``
(differs, but the case is closed: left alone, reopen it first).

**Duplicates are never merged**: two rows with the same KK, one NIK in two rows (as head or
member), a NIK that an existing case of another family holds, a KK held by two case files:
every row involved is a problem, and none of them is imported.

**Apply** (:func:`apply_import`): refused when any row has a problem, unless ``skip_bad``
(then the good rows are imported and the bad ones listed). Each case is written on its own,
atomically (a new file created exclusively, a change through the round-trip editor, only if
the file is still as planned): a run cut off half-way leaves whole files only, and running
the same import again creates the rest and changes nothing twice. Under the folder's bulk
lock, so two imports (or an import and ``set``) never interleave.

A second run with the same roster plans nothing; an updated roster plans the new families
and the changed fields — what ``intervensi import`` previews before ``--yes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .roster_read import Mapping, RosterError, Table, column_letter, read_roster
from .roster_rows import Family, Problem, families_of

# --------------------------------------------------------------------------- the cases already there


def _index_chunk(paths: list[str]) -> list[dict[str, Any]]:
    """Read case files for the index: id, digest, KK, NIKs, closed, what an import compares
    (:func:`~intervensi.roster_case.facts_of`: plain data, cheap to send back from a worker), or the problem."""
    from .casefile import load_text
    from .errors import IntervensiError
    from .fsafe import read_bytes
    from .roster_case import facts_of
    from .store import digest
    from .yamlio import MAX_BYTES, decode

    out: list[dict[str, Any]] = []
    for p in paths:
        path = Path(p)
        try:
            raw = read_bytes(path, MAX_BYTES + 1)
            case = load_text(decode(raw, path), path)
        except IntervensiError as exc:
            out.append({"path": p, "problem": exc.key})
            continue
        except Exception as exc:  # a loader crash on hostile input: reported, never fatal
            out.append({"path": p, "problem": type(exc).__name__})
            continue
        genogram = case.assessment.genogram if case.assessment else None
        niks = [n for n in [case.client.id_number, *(q.id_number for q in (genogram.people if genogram else []))] if n]
        out.append({"path": p, "id": case.id, "digest": digest(raw), "kk": case.client.family_card,
                    "niks": sorted(set(niks)), "closed": case.closed, "facts": facts_of(case)})
    return out


def index_existing(folder: Path, jobs: int | None = None, progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Every case file under ``folder`` read for matching (see :func:`_index_chunk`)."""
    from .cohort import _map_chunks, iter_files

    if not folder.exists():
        return []
    out = []
    for entry in _map_chunks(_index_chunk, iter_files([folder]), jobs):
        out.append(entry)
        if progress:
            progress(1)
    return out


# --------------------------------------------------------------------------- the plan


@dataclass
class Step:
    """What the import does for one family: ``status`` new, changed, same or closed."""

    family: Family
    status: str
    case_id: str
    path: Path
    changes: list[Any] = field(default_factory=list)
    text: str | None = None
    digest: str | None = None
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.family.row, "status": self.status, "id": self.case_id, "path": str(self.path),
                "people": 1 + len([m for m in self.family.members if m.relation != "head"]),
                "changes": [c.to_dict() for c in self.changes], "written": self.done}


@dataclass
class ImportPlan:
    """The whole import, read and checked, nothing written (see the module docstring)."""

    roster: Table
    folder: Path
    steps: list[Step]
    problems: list[Problem]
    unreadable: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No row has a problem and every case in the folder could be read (an unreadable file
        may be a family's case, which would be created twice): the import may be applied as a whole."""
        return not self.problems and not self.unreadable

    def by_status(self, status: str) -> list[Step]:
        return [s for s in self.steps if s.status == status]

    def counts(self) -> dict[str, int]:
        return {"new": len(self.by_status("new")), "changed": len(self.by_status("changed")),
                "same": len(self.by_status("same")), "closed": len(self.by_status("closed")),
                "bad_rows": len({p.row for p in self.problems}), "empty_rows": self.roster.skipped_empty}

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        t = self.roster
        return {
            "roster": str(t.path), "sheet": t.sheet, "header_row": t.header_row, "encoding": t.encoding,
            "columns": {f: {"header": t.headers[f], "column": column_letter(c)} for f, c in t.columns.items()},
            "ignored_columns": t.ignored, "merged": t.merged, "heading_rows": t.headings,
            "folder": str(self.folder), "counts": self.counts(),
            "families": [s.to_dict() for s in self.steps if s.status != "same"],
            "problems": [p.to_dict(lang) for p in self.problems],
            "unreadable_cases": self.unreadable,
        }


def plan_import(
    roster: Path | str,
    folder: Path | str,
    *,
    mapping: Mapping | Path | str | None = None,
    sheet: str | None = None,
    prefix: str = "kpm",
    practice: str = "case_management",
    opened: dt.date | None = None,
    worker: str | None = None,
    worker_role: str | None = None,
    agency: str | None = None,
    language: str | None = None,
    by: str | None = None,
    workspace: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Read ``roster`` and plan its import into ``folder`` (nothing is written).

    Raises :class:`~intervensi.roster_read.RosterError` when the roster as a whole cannot be
    read (not a spreadsheet, no header row, a required column missing, a merged identifier,
    mixed encodings) and :class:`~intervensi.errors.UsageError` for a bad ``prefix`` or
    mapping file or a ``practice`` that is not a practice form; a row's own problems are in :attr:`ImportPlan.problems`.
    """
    from .errors import UsageError
    from .model_base import CASE_ID
    from .roster_read import load_mapping

    today = today or dt.date.today()
    folder = Path(folder)
    if not CASE_ID.match(f"{prefix}-1"):
        raise UsageError("bad prefix", key="roster_prefix", params={"prefix": prefix})
    from .vocab import Practice

    forms = [p.value for p in Practice]
    if practice not in forms:  # checked before reading: a typo is a usage error, not a crash at the first new family
        raise UsageError(f"'{practice}' is not one of: {', '.join(forms)}", key="bad_choice",
                         params={"value": practice, "choices": ", ".join(forms)})
    if folder.exists() and not folder.is_dir():  # a case file given as --dir: refused before 300 cases are planned into it
        raise UsageError("the cases folder is a file", path=folder, key="roster_dir_not_folder")
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    table = read_roster(roster, mapping, sheet)
    families, problems = families_of(table, today)
    existing = index_existing(folder, jobs, progress)
    unreadable = [{"path": e["path"], "key": e["problem"]} for e in existing if "problem" in e]
    cases = [e for e in existing if "problem" not in e]
    families, dup = _duplicates(families, cases, table)
    problems += dup
    families, taken = _ids_taken(families, {c["id"] for c in existing if "id" in c}, {c["kk"] for c in cases if c["kk"]}, folder, table)
    problems += taken
    steps = _steps(families, cases, folder, prefix, practice, opened or today, worker, worker_role, agency, language, by, workspace, today,
                   progress, jobs)
    problems.sort(key=lambda p: (p.row, p.column or 0))
    return ImportPlan(table, folder, steps, problems, unreadable)


def _duplicates(families: list[Family], cases: list[dict[str, Any]], table: Table) -> tuple[list[Family], list[Problem]]:
    """Families whose KK or NIK is not unique are taken out, each occurrence a problem."""
    problems: list[Problem] = []
    kk_col, kk_head = table.columns["kk"], table.headers["kk"]
    rows_of_kk: dict[str, list[int]] = {}
    rows_of_nik: dict[str, list[tuple[int, int]]] = {}
    for f in families:
        if f.kk:
            rows_of_kk.setdefault(f.kk, []).append(f.row)
        for nik, col in f.nik_columns.items():
            rows_of_nik.setdefault(nik, []).append((f.row, col))
    case_kk: dict[str, list[str]] = {}
    case_nik: dict[str, list[tuple[str, str | None]]] = {}
    for c in cases:
        if c["kk"]:
            case_kk.setdefault(c["kk"], []).append(c["id"])
        for nik in c["niks"]:
            case_nik.setdefault(nik, []).append((c["id"], c["kk"]))
    bad: set[int] = set()
    header = {c: h for f, c in table.columns.items() for h in [table.headers[f]]}
    for f in families:
        if f.bad:
            continue  # its own problem is listed already; the rows it clashes with are named below
        others = [r for r in rows_of_kk[f.kk] if r != f.row]
        if others:
            problems.append(Problem(f.row, "roster_dup_kk", kk_col, kk_head, {"rows": ", ".join(map(str, others))}))
            bad.add(f.row)
        if len(case_kk.get(f.kk, [])) > 1:
            problems.append(Problem(f.row, "roster_kk_cases", kk_col, kk_head, {"cases": ", ".join(case_kk[f.kk])}))
            bad.add(f.row)
        for nik, col in f.nik_columns.items():
            others_n = sorted({r for r, _ in rows_of_nik[nik] if r != f.row})
            if others_n or len([1 for r, _ in rows_of_nik[nik] if r == f.row]) > 1:
                problems.append(Problem(f.row, "roster_dup_nik", col, header.get(col), {"rows": ", ".join(map(str, others_n or [f.row]))}))
                bad.add(f.row)
            elsewhere = sorted({cid for cid, kk in case_nik.get(nik, []) if kk != f.kk})
            if elsewhere:
                problems.append(Problem(f.row, "roster_nik_case", col, header.get(col), {"cases": ", ".join(elsewhere)}))
                bad.add(f.row)
    return [f for f in families if f.row not in bad and not f.bad], problems


def _ids_taken(families: list[Family], ids: set[str], kks: set[str], folder: Path, table: Table) -> tuple[list[Family], list[Problem]]:
    """A new family's case id (from the roster's id column) already used by a file or another row.

    A family that already has its case (its KK is known) keeps that case: its id column is not checked.
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    bad: set[int] = set()
    for f in families:
        if not f.case_id:
            continue
        col, head = table.columns["case_id"], table.headers["case_id"]
        other = seen.setdefault(f.case_id, f.row)
        if other != f.row:
            problems += [Problem(r, "roster_case_id_twice", col, head, {"rows": str(o)}) for r, o in ((other, f.row), (f.row, other))]
            bad |= {other, f.row}
    for f in families:
        if f.case_id and f.row not in bad and f.kk not in kks and (f.case_id in ids or (folder / f"{f.case_id}.yaml").exists()):
            problems.append(Problem(f.row, "roster_case_id_taken", table.columns["case_id"], table.headers["case_id"], {"id": f.case_id}))
            bad.add(f.row)
    return [f for f in families if f.row not in bad], problems


def _steps(families: list[Family], cases: list[dict[str, Any]], folder: Path, prefix: str, practice: str, opened: dt.date,
           worker: str | None, worker_role: str | None, agency: str | None, language: str | None, by: str | None,
           workspace: Path | None, today: dt.date, progress: Callable[[int], None] | None = None, jobs: int | None = None) -> list[Step]:
    from .cycle import opening_entry
    from .roster_case import Skeleton, changes_for

    by_kk = {c["kk"]: c for c in cases if c["kk"]}
    taken = {c["id"] for c in cases} | ({p.stem for p in folder.glob("*.y*ml")} if folder.exists() else set())
    taken |= {f.case_id for f in families if f.case_id}
    number = 0
    width = max(4, len(str(len(families))))
    steps: list[Step] = []
    new: list[tuple[str, dt.date, Family, list[dict[str, Any]], Path]] = []
    for f in families:
        case = by_kk.get(f.kk)
        if case is not None:
            changes = changes_for(case["facts"], f)
            status = "same" if not changes else ("closed" if case["closed"] else "changed")
            steps.append(Step(f, status, case["id"], Path(case["path"]), changes, digest=case["digest"]))
            if progress:
                progress(1)
            continue
        if f.case_id:
            cid = f.case_id
        else:
            while True:
                number += 1
                cid = f"{prefix}-{number:0{width}d}"
                if cid not in taken:
                    break
            taken.add(cid)
        day = f.opened or opened
        at = dt.datetime(day.year, day.month, day.day, 12, 0).astimezone() if day < today else None
        path = folder / f"{cid}.yaml"
        new.append((cid, day, f, [opening_entry(by or worker, at=at)], path))
        steps.append(Step(f, "new", cid, path))
    if new:
        skeleton = Skeleton.build(practice=practice, worker=worker, worker_role=worker_role, agency=agency,
                                  language=language, workspace=workspace)
        texts = iter(_build(skeleton, new, jobs, progress))
        for step in steps:
            if step.status == "new":
                step.text = next(texts)
    return steps


#: Below this many new cases they are built in this process (workers cost ~50 ms to start).
BUILD_PARALLEL_MIN = 200
BUILD_CHUNK = 100


def _build_chunk(skeleton: Any, items: list[tuple[str, dt.date, Family, list[dict[str, Any]], Path]]) -> list[str]:
    """The texts of new cases, each parsed and validated like any case file (a family that
    cannot make a valid case stops the plan here, not half-way through writing)."""
    from .casefile import load_text

    out = []
    for cid, day, family, history, path in items:
        text = skeleton.fill(cid, day, family, history)
        load_text(text, path)
        out.append(text)
    return out


def _build(skeleton: Any, items: list[tuple[str, dt.date, Family, list[dict[str, Any]], Path]], jobs: int | None,
           progress: Callable[[int], None] | None) -> list[str]:
    import os

    chunks = [items[i:i + BUILD_CHUNK] for i in range(0, len(items), BUILD_CHUNK)]
    workers = max(1, jobs or os.cpu_count() or 1)
    out: list[str] = []
    if len(items) < BUILD_PARALLEL_MIN or workers <= 1:
        for chunk in chunks:
            out += _build_chunk(skeleton, chunk)
            if progress:
                progress(len(chunk))
        return out
    from . import casefile  # noqa: F401  (imported once here: forked workers inherit it)
    from .procs import executor

    with executor(workers) as pool:
        futures = [pool.submit(_build_chunk, skeleton, chunk) for chunk in chunks]
        for fut, chunk in zip(futures, chunks, strict=True):
            out += fut.result()
            if progress:
                progress(len(chunk))
    return out


# --------------------------------------------------------------------------- apply


#: Threads writing new case files at once.
WRITE_THREADS = 4


@dataclass
class ImportResult:
    """What :func:`apply_import` wrote: ``created`` and ``changed`` case paths, ``failed`` (path, error)."""

    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, Any]] = field(default_factory=list)


def apply_import(plan: ImportPlan, *, skip_bad: bool = False, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Write the plan: create the new cases, change the changed ones (see the module docstring).

    Raises :class:`~intervensi.roster_read.RosterError` (``roster_has_problems``, or
    ``roster_cases_unreadable`` when a case file in the folder cannot be read; nothing
    written) unless ``skip_bad``;
    :class:`~intervensi.batch.BulkLocked` when another bulk change holds the folder. A case
    that changed on disk since the plan, or cannot be written, is in ``failed`` and the
    others go on.
    """
    from .batch import BulkLock
    from .errors import IntervensiError
    from .roster_case import apply_changes
    from .store import create_exclusive, ensure_private_dir

    if plan.problems and not skip_bad:
        raise RosterError("rows with problems: nothing written", path=plan.roster.path, key="roster_has_problems",
                          params={"rows": len({p.row for p in plan.problems})})
    if plan.unreadable and not skip_bad:
        raise RosterError("case files that cannot be read: nothing written", path=plan.folder, key="roster_cases_unreadable",
                          params={"count": len(plan.unreadable)})
    result = ImportResult()
    todo = [s for s in plan.steps if s.status in ("new", "changed")]
    if not todo:
        return result
    ensure_private_dir(plan.folder)

    def create(step: Step) -> IntervensiError | None:
        assert step.text is not None
        try:
            create_exclusive(step.path, step.text)
        except IntervensiError as exc:
            return exc
        step.done = True
        return None

    with BulkLock([str(plan.folder)]):
        # New files in a few threads: each is written, fsynced, linked into place and its
        # folder fsynced, and the threads overlap those waits (the GIL is free meanwhile).
        new = [s for s in todo if s.status == "new"]
        pool = ThreadPoolExecutor(max_workers=WRITE_THREADS)
        try:
            for step, err in zip(new, pool.map(create, new), strict=True):
                if err is None:
                    result.created.append(step.path)
                else:
                    result.failed.append((step.path, err))
                if progress:
                    progress(1)
        finally:  # Ctrl-C: the files being written finish, the others are not started
            pool.shutdown(wait=True, cancel_futures=True)
        for step in (s for s in todo if s.status == "changed"):
            try:
                assert step.digest is not None
                apply_changes(step.path, step.digest, step.changes)
                result.changed.append(step.path)
                step.done = True
            except IntervensiError as exc:
                result.failed.append((step.path, exc))
            if progress:
                progress(1)
    return result


def import_roster(roster: Path | str, folder: Path | str, *, skip_bad: bool = False, **options: Any) -> tuple[ImportPlan, ImportResult]:
    """:func:`plan_import` then :func:`apply_import`, for a script that has already looked."""
    plan = plan_import(roster, folder, **options)
    return plan, apply_import(plan, skip_bad=skip_bad)


__all__ = ["Family", "ImportPlan", "ImportResult", "Problem", "RosterError", "Step", "apply_import", "families_of",
           "import_roster", "index_existing", "plan_import"]
