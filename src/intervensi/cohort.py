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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import CATALOG
from .vocab import STAGE_ORDER, Stage

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .model import Case

Row = dict[str, Any]
#: Files per task sent to a worker process.
CHUNK = 64
#: Below this many files, reading in this process beats starting workers.
PARALLEL_MIN = 48
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


class Pool:
    """Worker processes started on first need and shared by every batch of one run."""

    def __init__(self, jobs: int | None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Import the heavy modules once here: forked workers inherit them.
            from . import casefile, cycle  # noqa: F401
            from .procs import executor

            self._pool = executor(self.jobs)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            pending.append(pool.submit(fn, chunk))
            if len(pending) >= self.jobs * 3:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


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


# --------------------------------------------------------------------------- filters


@dataclass
class Filter:
    """Which cases a cohort keeps. Every criterion given must hold."""

    stage: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    practice: list[str] = field(default_factory=list)
    worker: list[str] = field(default_factory=list)
    overdue: bool | None = None
    closed: bool | None = None
    gate_ready: bool | None = None
    where: list[str] = field(default_factory=list)
    today: dt.date | None = None

    def matches_row(self, row: Row) -> bool:
        if not row.get("valid"):
            return not (self.stage or self.level or self.practice or self.worker or self.where) and self.overdue is None and self.closed is None and self.gate_ready is None
        if self.stage and row["stage"] not in self.stage:
            return False
        if self.level and row["level"] not in self.level:
            return False
        if self.practice and row["practice"] not in self.practice:
            return False
        if self.worker and (row["worker"] or "").casefold() not in {w.casefold() for w in self.worker}:
            return False
        if self.closed is not None and row["closed"] != self.closed:
            return False
        if self.gate_ready is not None and row["gate_ready"] != self.gate_ready:
            return False
        return not (self.overdue is not None and is_overdue(row, self.today) != self.overdue)

    @property
    def needs_case(self) -> bool:
        return bool(self.where)

    def matches_case(self, case: Case) -> bool:
        return all(where_matches(case, w) for w in self.where)


def is_overdue(row: Row, today: dt.date | None = None) -> bool:
    due = row.get("next_due")
    return due is not None and str(due) < (today or dt.date.today()).isoformat()


_OPS = ("!=", ">=", "<=", "~", "=", ">", "<")


def check_where(expr: str) -> None:
    """Refuse a ``--where`` whose field path is not a field of a case file (a misspelled
    field would otherwise match nothing, silently). Raises :class:`~intervensi.errors.UsageError`
    naming the unknown part and, where one is close, the field meant."""
    import difflib

    from .casefile import fields_at
    from .errors import UsageError

    name = expr
    for op in _OPS:
        if op in expr:
            name = expr.partition(op)[0]
            break
    parts = [p for p in name.strip().split(".") if p]
    for i, part in enumerate(parts):
        allowed = fields_at(tuple(parts[:i]))
        if not allowed:
            return  # a free-form value (a mapping without a schema): anything may follow
        if part not in allowed:
            near = difflib.get_close_matches(part, allowed, n=1, cutoff=0.6)
            path = ".".join(parts[: i + 1])
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise UsageError(
                f"--where: '{path}' is not a field of a case file{hint}",
                key="where_field",
                params={"path": path, "hint_name": near[0] if near else ""},
            )


def where_matches(case: Case, expr: str) -> bool:
    """A free filter on any field: ``client.region~Humbang``, ``engagement.contract.end<2025-06-01``.

    Operators: ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` (numbers and ISO dates compare as
    such), ``~`` (contains, case-insensitive). A list field matches when any item does; a
    bare field name matches when the field is present and not empty.
    """
    from .errors import UsageError

    for op in _OPS:
        if op in expr:
            name, _, want = expr.partition(op)
            break
    else:
        name, op, want = expr, "", ""
    name = name.strip()
    if not name:
        raise UsageError(f"--where {expr}: no field name", key="usage", params={"problem": f"--where {expr}"})
    data = case.model_dump(mode="json", by_alias=True)
    values = _lookup(data, name.split("."))
    if not op:
        return any(v not in (None, "", [], {}) for v in values)
    return any(_compare(v, op, want.strip()) for v in values)


def _lookup(node: Any, parts: list[str]) -> list[Any]:
    if not parts:
        return node if isinstance(node, list) else [node]
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        if head.isdigit():
            i = int(head)
            return _lookup(node[i], rest) if i < len(node) else []
        return [v for item in node for v in _lookup(item, parts)]
    if isinstance(node, dict):
        return _lookup(node[head], rest) if head in node else []
    return []


def _compare(value: Any, op: str, want: str) -> bool:
    if value is None:
        return op == "!=" and want not in ("", "null")
    if op == "~":
        return want.casefold() in str(value).casefold()
    left: Any = value
    right: Any = want
    if isinstance(value, bool):
        right = want.lower() in ("true", "yes", "1")
    elif isinstance(value, (int, float)):
        try:
            right = float(want)
        except ValueError:
            left = str(value)
    else:
        left = str(value)
    if op == "=":
        return bool(left == right) if not isinstance(left, str) else left.casefold() == str(right).casefold()
    if op == "!=":
        return bool(left != right) if not isinstance(left, str) else left.casefold() != str(right).casefold()
    try:
        return bool({"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op])
    except TypeError:
        return False


# --------------------------------------------------------------------------- summary


class Summary:
    """Aggregates over rows as they stream by: the funnel, levels, practices, medians."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self.total = 0
        self.invalid = 0
        self.per_stage: Counter[str] = Counter()
        self.per_level: Counter[str] = Counter()
        self.per_practice: Counter[str] = Counter()
        self.overdue = 0
        self.gate_ready = 0
        self._days: dict[str, array[int]] = {}

    def add(self, row: Row) -> None:
        if not row.get("valid"):
            self.invalid += 1
            return
        self.total += 1
        self.per_stage[row["stage"]] += 1
        self.per_level[row["level"]] += 1
        self.per_practice[row["practice"]] += 1
        if is_overdue(row, self.today):
            self.overdue += 1
        if row["gate_ready"]:
            self.gate_ready += 1
        for stage, days in row.get("stage_days", {}).items():
            self._days.setdefault(stage, array("i")).append(days)

    def median_days(self) -> dict[str, float | None]:
        """Median days spent in each stage by cases that left it (history)."""
        import statistics  # not at start-up: ``show`` imports this module for one row

        return {s.value: (statistics.median(self._days[s.value]) if self._days.get(s.value) else None) for s in STAGE_ORDER if s is not Stage.CLOSED}

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "invalid": self.invalid,
            "per_stage": {s.value: self.per_stage.get(s.value, 0) for s in STAGE_ORDER},
            "per_level": dict(sorted(self.per_level.items())),
            "per_practice": dict(sorted(self.per_practice.items())),
            "median_days": self.median_days(),
            "overdue": self.overdue,
            "gate_ready": self.gate_ready,
        }


def days_in_stage(row: Row, today: dt.date | None = None) -> int:
    return ((today or dt.date.today()) - dt.date.fromisoformat(row["entered"])).days


def with_days(row: Row, today: dt.date | None = None) -> Row:
    """The row with ``days_in_stage`` and ``overdue`` for today."""
    if row.get("valid"):
        row = dict(row)
        row["days_in_stage"] = days_in_stage(row, today)
        row["overdue"] = is_overdue(row, today)
    return row


# --------------------------------------------------------------------------- agenda

#: Messages of the agenda, merged into the catalogue (the library speaks both languages).
AGENDA_MESSAGES: dict[str, dict[str, str]] = {
    "agenda.contract_end": {"en": "contract ends {date}", "id": "kontrak berakhir {date}"},
    "agenda.review": {"en": "contract review was due {date}", "id": "tinjauan kontrak jatuh tempo {date}"},
    "agenda.no_session": {"en": "no session for {days} days", "id": "tidak ada sesi selama {days} hari"},
    "agenda.no_session_ever": {"en": "no session yet", "id": "belum ada sesi"},
    "agenda.gate_ready": {"en": "ready to advance to {stage}", "id": "siap maju ke {stage}"},
    "agenda.evaluation": {"en": "evaluation due {date}", "id": "evaluasi jatuh tempo {date}"},
    "agenda.overdue": {"en": "overdue: {what} ({date})", "id": "lewat tenggat: {what} ({date})"},
}
CATALOG.update(AGENDA_MESSAGES)


def agenda_items(row: Row, today: dt.date, within: int = 7, quiet_days: int = 14, lang: str = "en") -> list[str]:
    """What one case (its summary row) needs this week, in ``lang``; empty when nothing.

    Contracts ending within ``within`` days, contract reviews passed, no session for
    ``quiet_days`` days (cases in intervention or monitoring), a gate ready to advance,
    evaluations due, and any other due date passed.
    """
    from .i18n import due_label, stage_label, t

    if not row.get("valid") or row["closed"]:
        return []
    soon = (today + dt.timedelta(days=within)).isoformat()
    now = today.isoformat()
    items: list[str] = []
    end = row.get("contract_end")
    if end and now <= end <= soon and row["stage"] != "termination":
        items.append(t("agenda.contract_end", lang, date=end))
    review = row.get("contract_review")
    if review and review <= now:
        items.append(t("agenda.review", lang, date=review))
    if row["stage"] in ("intervention", "monitoring"):
        last = row.get("last_session")
        if last is None:
            items.append(t("agenda.no_session_ever", lang))
        elif (today - dt.date.fromisoformat(last)).days >= quiet_days:
            items.append(t("agenda.no_session", lang, days=(today - dt.date.fromisoformat(last)).days))
    if row["gate_ready"] and row.get("next_stage"):
        items.append(t("agenda.gate_ready", lang, stage=stage_label(row["next_stage"], lang)))
    ev = row.get("evaluation_due")
    if ev and row["stage"] == "intervention" and ev <= soon:
        items.append(t("agenda.evaluation", lang, date=ev))
    due = row.get("next_due")
    if due and due < now and not any(due in i for i in items):
        items.append(t("agenda.overdue", lang, what=due_label(row.get("next_due_what") or "", lang), date=due))
    return items


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
