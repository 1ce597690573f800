"""A cohort: every case file of one or more folders, read fast, in parallel, streaming.

A PKH facilitator follows 200–300 families, a district office thousands. :class:`Cohort`
opens folders (and single files), lists the case files lazily and reads them over all
cores with :class:`concurrent.futures.ProcessPoolExecutor` (a crashed worker is reported
as ``BrokenProcessPool``, never a hang). The read path is the fast one:
:func:`intervensi.yamlio.parse` (libyaml events, YAML 1.2) plus Pydantic validation;
ruamel round-trip is used only by the bulk changes, which write through
:func:`intervensi.store.edit`.

Everything streams: :meth:`Cohort.rows` yields one small summary row per file (what
``status`` and ``agenda`` print), :meth:`Cohort.cases` yields validated
:class:`~intervensi.model.Case` objects, and :class:`Summary` aggregates as rows go by.
Rows come from the warm cache (:mod:`intervensi.cache`) when the file is unchanged.

    >>> from intervensi import Cohort
    >>> cohort = Cohort(["cases/"]).filter(stage="intervention", overdue=True)
    >>> for row in cohort.rows():
    ...     print(row["id"], row["next_due"])
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cohort_views import Filter, Summary, agenda_items, check_where, is_overdue, where_matches, with_days
from .procs import Pool, _map_chunks

if TYPE_CHECKING:

    from .model import Case

Row = dict[str, Any]
CASE_SUFFIXES = (".yaml", ".yml")


# --------------------------------------------------------------------------- finding files


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Case files named by ``paths``: files as given, directories walked in sorted order.

    Lazy (one directory listing at a time); hidden files and folders (``.intervensi-cache``)
    and symbolic links to directories are skipped. Each file is named once, by the first
    path that reaches it: a symbolic link (or hard link) to a file already listed — an
    alias inside the folder, or a folder given twice — is left out. Links found while
    walking come after the plain files, so the real name wins over an alias.
    """
    return (Path(f) for f in _file_strings(paths))


def _file_strings(paths: Iterable[Path | str]) -> Iterator[str]:
    """:func:`iter_files` as plain strings: building 10,000 ``Path`` objects costs more than
    the whole warm-cache lookup, so the read paths work on strings."""
    seen: set[tuple[int, int]] = set()
    links: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for path, key in _walk(os.fspath(p)):
                if key is None:
                    links.append(path)
                elif key not in seen:
                    seen.add(key)
                    yield path
        else:
            key = _identity(os.fspath(p))
            if key is None or key not in seen:
                if key is not None:
                    seen.add(key)
                yield os.fspath(p)
    for path in links:
        key = _identity(path)
        if key is None or key not in seen:  # a dangling link is read (and reported) once
            if key is not None:
                seen.add(key)
            yield path


def _identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the file behind ``path`` (links followed), or None."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _walk(directory: str) -> Iterator[tuple[str, tuple[int, int] | None]]:
    """``(path, (device, inode))`` of the case files under ``directory``; the key is None
    for a symbolic link (resolved later, after every plain file)."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
        device = os.stat(directory).st_dev
    except OSError:
        return
    subdirs: list[str] = []
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.is_dir(follow_symlinks=False):
            subdirs.append(e.path)
        elif e.name.endswith(CASE_SUFFIXES):
            yield e.path, (None if e.is_symlink() else (device, e.inode()))
    for d in subdirs:
        yield from _walk(d)


def duplicate_ids(rows: Iterable[Row]) -> dict[str, list[str]]:
    """Case ids used by more than one file among ``rows``: ``{id: [path, ...]}`` (paths as listed).

    Two files with one id are two different cases (two folders merged, a copy edited on
    its own): every cohort command names them, and outputs named after the id are kept
    apart (see ``render``).
    """
    by_id: dict[str, list[str]] = {}
    for row in rows:
        if row.get("valid") and row.get("id"):
            by_id.setdefault(str(row["id"]), []).append(str(row["path"]))
    return {k: v for k, v in by_id.items() if len(v) > 1}


# --------------------------------------------------------------------------- one file


def summary_row(case: Case, path: Path | str) -> Row:
    """The facts about one case that ``status``, ``agenda`` and the summaries need.

    Only JSON values (dates as ISO strings) so that the row can be cached; nothing
    depends on today's date (``days_in_stage`` is computed from ``entered`` when read).
    """
    from .cycle import entered_stage_on, gate, next_due, next_stage

    due = next_due(case)
    unmet = gate(case) if not case.closed else []
    nxt = next_stage(case)
    contract = case.engagement.contract if case.engagement else None
    sessions = case.sessions
    last_session = max((s.date for s in sessions), default=None)
    evaluation_due = None
    if not case.closed:
        dues = [o.due for g in case.goals for o in g.objectives if o.due]
        evaluation_due = max(dues).isoformat() if dues else None
    return {
        "id": case.id,
        "path": str(path),
        "valid": True,
        "client": case.initials,
        "level": case.level.value,
        "practice": case.practice.value,
        "client_kind": case.client.kind.value,
        "stage": case.stage.value,
        "closed": case.closed,
        "next_stage": nxt.value if nxt else None,
        "entered": entered_stage_on(case).isoformat(),
        "gate_ready": not unmet and not case.closed,
        "unmet": [u.key for u in unmet],
        "next_due": due[0].isoformat() if due else None,
        "next_due_what": due[1] if due else None,
        "worker": case.worker.name if case.worker else None,
        "opened": case.opened.isoformat(),
        "sessions": len(sessions),
        "last_session": last_session.isoformat() if last_session else None,
        "contract_end": contract.end.isoformat() if contract and contract.end else None,
        "contract_review": contract.review.isoformat() if contract and contract.review else None,
        "evaluation_due": evaluation_due,
        "stage_days": _stage_days(case),
        "tags": list(case.tags),
    }


def _stage_days(case: Case) -> dict[str, int]:
    """Days spent in each *completed* stage, from the history (a stage visited twice adds up)."""
    out: dict[str, int] = {}
    hist = case.history
    for a, b in itertools.pairwise(hist):
        days = (b.at.date() - a.at.date()).days
        if days >= 0:
            out[a.to.value] = out.get(a.to.value, 0) + days
    return out


def invalid_row(path: Path | str, problems: list[dict[str, Any]]) -> Row:
    return {"id": None, "path": str(path), "valid": False, "problems": problems}


def _problem(err: Any) -> dict[str, Any]:
    d = err.to_dict() if hasattr(err, "to_dict") else {"error": type(err).__name__}
    d["key"] = getattr(err, "key", "error")
    d["params"] = {k: v for k, v in getattr(err, "params", {}).items() if isinstance(v, (str, int, float, bool)) or v is None}
    d["text"] = getattr(err, "message", str(err))
    return d


def read_one(path: Path, with_case: bool = False) -> tuple[Row, Case | None]:
    """Read one file on the fast path: its summary row (or problems) and the case."""
    from .casefile import check_file
    from .errors import IntervensiError
    from .store import safe_case_path

    problems: list[Any]
    try:
        # a symbolic link is followed only within its own folder (store.safe_case_path)
        case, problems = check_file(safe_case_path(path) if path.is_symlink() else path)
    except IntervensiError as exc:
        case, problems = None, [exc]
    except Exception as exc:  # a loader crash on hostile input: report, never stop the run
        from .errors import CaseFileError

        case, problems = None, [CaseFileError(f"could not be read ({type(exc).__name__})", path=path, key="unreadable")]
    if case is None or problems:
        return invalid_row(path, [_problem(p) for p in problems]), None
    return summary_row(case, path), (case if with_case else None)


def check_one(path: Path, root: Path | None = None, lang: str = "en") -> Row:
    """Validate one file for ``check``: every problem found (not only the first) and, when
    the case loads, what its gate still lacks.

    ``{"path", "valid", "problems"?, "id"?, "stage"?, "gate_ready"?, "unmet"?, "unmet_keys"?}``;
    each problem is an error's ``to_dict()`` plus its ``params`` (for messages in another
    language). ``root`` confines the file (and a symbolic link's target) to that folder.
    """
    from .casefile import check_file
    from .cycle import gate
    from .errors import CaseFileError, IntervensiError
    from .store import safe_case_path

    problems: list[Any]
    try:
        case, problems = check_file(safe_case_path(path, root))
    except IntervensiError as exc:
        case, problems = None, [exc]
    except Exception as exc:  # a loader crash on hostile input: report, never stop the run
        case, problems = None, [CaseFileError(f"could not be read ({type(exc).__name__})", path=path, key="unreadable")]
    entry: Row = {"path": str(path), "valid": not problems}
    if problems:
        entry["problems"] = [_problem(p) for p in problems]
    if case is not None:
        unmet = gate(case) if not case.closed else []
        entry.update(
            id=case.id,
            stage=case.stage.value,
            gate_ready=not unmet and not case.closed,
            unmet=[u.text(lang) for u in unmet],
            unmet_keys=[u.key for u in unmet],
        )
    return entry


def _check_chunk(args: list[str]) -> list[Row]:
    out: list[Row] = []
    for arg in args:
        path, root, lang = arg.split("\x00")
        out.append(check_one(Path(path), Path(root) if root else None, lang))
    return out


def _read_rows(paths: list[str]) -> list[Row]:
    return [read_one(Path(p))[0] for p in paths]


def _read_cases(paths: list[str]) -> list[tuple[Row, Any]]:
    return [read_one(Path(p), with_case=True) for p in paths]


#: Seconds an interrupted run waits for its workers to finish the file they are on before it
#: kills them (one file takes well under a second; this bounds a pathological one).
# --------------------------------------------------------------------------- the cohort


class Cohort:
    """The case files under one or more folders (or single files), read lazily.

    ``jobs`` is the number of worker processes (all cores by default); ``cache`` turns the
    warm cache on (rows of unchanged files are not re-read); ``today`` fixes the date for
    days-in-stage and overdue (tests, reports as of a date).
    """

    def __init__(
        self,
        paths: Iterable[Path | str] | Path | str,
        *,
        jobs: int | None = None,
        cache: bool = True,
        cache_dir: Path | None = None,
        today: dt.date | None = None,
        filter: Filter | None = None,  # noqa: A002
    ) -> None:
        if isinstance(paths, (str, Path)):
            paths = [paths]
        self.paths = [Path(p) for p in paths]
        self.jobs = jobs
        self.use_cache = cache
        self.cache_dir = cache_dir
        self.today = today or dt.date.today()
        self.criteria = filter or Filter(today=self.today)
        if self.criteria.today is None:
            self.criteria.today = self.today

    def filter(
        self,
        *,
        stage: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        practice: str | Iterable[str] | None = None,
        worker: str | Iterable[str] | None = None,
        overdue: bool | None = None,
        closed: bool | None = None,
        gate_ready: bool | None = None,
        where: str | Iterable[str] | None = None,
    ) -> Cohort:
        """A narrower cohort (the criteria add up); nothing is read until iterated.

        Raises :class:`~intervensi.errors.UsageError` for a ``where`` naming a field that a
        case file does not have (:func:`check_where`).
        """
        f = self.criteria
        for expr in [where] if isinstance(where, str) else list(where or []):
            check_where(expr)

        def more(old: list[str], new: str | Iterable[str] | None) -> list[str]:
            if new is None:
                return list(old)
            return [*old, *([new] if isinstance(new, str) else list(new))]

        g = Filter(
            stage=more(f.stage, stage),
            level=more(f.level, level),
            practice=more(f.practice, practice),
            worker=more(f.worker, worker),
            overdue=f.overdue if overdue is None else overdue,
            closed=f.closed if closed is None else closed,
            gate_ready=f.gate_ready if gate_ready is None else gate_ready,
            where=more(f.where, where),
            today=self.today,
        )
        return Cohort(self.paths, jobs=self.jobs, cache=self.use_cache, cache_dir=self.cache_dir, today=self.today, filter=g)

    # -- iteration ------------------------------------------------------------------

    def files(self) -> Iterator[Path]:
        """Every case file, lazily, in sorted order."""
        return iter_files(self.paths)

    def rows(self, *, include_invalid: bool | None = None, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
        """One summary row per file (``valid`` false with ``problems`` for broken ones).

        ``include_invalid``: True yields every file that cannot be read whatever the filter
        (nobody can tell whether it would have matched: the commands name them all); False
        never; None (the default) only when no criterion is set.
        Rows carry ``days_in_stage`` and ``overdue`` for :attr:`today`.
        """
        if self.criteria.needs_case:
            for row, _case in self._pairs(progress, bool(include_invalid)):
                if row["valid"] or include_invalid is not False:
                    yield with_days(row, self.today)
            return
        source = self._cached_rows() if self.use_cache else _map_chunks(_read_rows, _file_strings(self.paths), self.jobs)
        for row in source:
            if progress:
                progress(1)
            if not row["valid"] and include_invalid is not None:
                if include_invalid:  # whatever the filter: nobody can tell whether it would match
                    yield row
                continue
            if self.criteria.matches_row(row):
                yield with_days(row, self.today)

    def cases(self, progress: Callable[[int], None] | None = None) -> Iterator[Case]:
        """Every valid case that passes the filter, as a validated :class:`Case`."""
        for _row, case in self._pairs(progress):
            if case is not None:
                yield case

    def pairs(self, progress: Callable[[int], None] | None = None, *, invalid: bool = False) -> Iterator[tuple[Row, Case | None]]:
        """``(row, case)`` for every file passing the filter (case ``None`` when invalid).

        ``invalid``: yield every file that could not be read, whatever the filter (nobody can
        tell whether it would have matched: a caller that must not skip silently names it).
        """
        for row, case in self._pairs(progress, invalid):
            yield with_days(row, self.today), case

    def _pairs(self, progress: Callable[[int], None] | None, invalid: bool = False) -> Iterator[tuple[Row, Case | None]]:
        for row, case in _map_chunks(_read_cases, _file_strings(self.paths), self.jobs):
            if progress:
                progress(1)
            if invalid and not row["valid"]:
                yield row, None
                continue
            if not self.criteria.matches_row(row):
                continue
            if case is not None and self.criteria.where and not self.criteria.matches_case(case):
                continue
            yield row, case

    def _cached_rows(self) -> Iterator[Row]:
        from .cache import RowCache

        cache = RowCache.for_paths(self.paths, self.cache_dir)
        with Pool(self.jobs) as pool:
            yield from cache.rows(_file_strings(self.paths), lambda files: pool.map(_read_rows, files))

    def check(self, *, lang: str = "en", progress: Callable[[int], None] | None = None) -> Iterator[Row]:
        """Every file validated (filters do not apply), in file order, over all cores: see :func:`check_one`."""
        def args() -> Iterator[str]:
            for p in self.paths:
                root = str(p) if p.is_dir() else ""
                for f in iter_files([p]):
                    yield f"{f}\x00{root}\x00{lang}"

        with Pool(self.jobs) as pool:
            for entry in pool.map(_check_chunk, args()):
                if progress:
                    progress(1)
                yield entry

    def __iter__(self) -> Iterator[Case]:
        return self.cases()

    def count(self) -> int:
        return sum(1 for _ in _file_strings(self.paths))

    # -- summaries and exports --------------------------------------------------------

    def agenda(self, *, within: int = 7, quiet_days: int = 14, lang: str = "en") -> Iterator[tuple[Row, list[str]]]:
        """``(row, items)`` for every valid open case that needs the worker (what ``agenda`` prints)."""
        for row in self.rows(include_invalid=False):
            items = agenda_items(row, self.today, within, quiet_days, lang)
            if items:
                yield row, items

    def summary(self) -> dict[str, Any]:
        """Cases per stage, level and practice; median days in each stage; overdue count."""
        s = Summary(self.today)
        for row in self.rows():
            s.add(row)
        return s.to_dict()

    def export(self, out: Any, *, table: str = "cases", fmt: str = "csv", anonymize: bool | Any = False) -> int:
        """Write one table (cases, sessions, goals, measurements, history) to ``out``; rows written."""
        from .export import export

        return export(self, out, table=table, fmt=fmt, anonymize=anonymize)


__all__ = ["Cohort", "Filter", "Summary", "agenda_items", "check_one", "duplicate_ids", "is_overdue", "iter_files", "read_one", "summary_row", "where_matches"]
