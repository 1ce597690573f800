"""Exports of a cohort for spreadsheets, DuckDB, pandas or R: one table at a time, streaming.

Tables: ``cases`` (one row per case), ``sessions``, ``goals`` (one row per objective),
``measurements`` and ``history`` (one row per transition). Formats: ``csv`` (UTF-8,
header row), ``jsonl`` (one JSON object per line) and ``xlsx`` (openpyxl's write-only
mode, so rows are streamed to the file rather than held in memory). Columns are fixed
per table, so a file's shape does not depend on which cases it holds.

With ``anonymize`` every case goes through :class:`intervensi.anonymize.Anonymizer`
first: pseudonyms for the case id and names, ages instead of birth dates, identifying
fields left out.

Safe to open: every text cell stays text. In csv and xlsx a text that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (:func:`inert`,
the OWASP advice against formula injection), control characters become spaces in every
format (:func:`plain_text`), non-finite numbers are left empty, and moments (the history's
``at``) are written in UTC with a ``Z``.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol

from .jsonsafe import dumps

if TYPE_CHECKING:
    from .model import Case


class CaseSource(Protocol):
    """What an export reads: a :class:`~intervensi.cohort.Cohort`, or anything with its three members.

    Typed by this protocol rather than by ``Cohort``, so the export does not import the
    cohort module (imports run one way: ``cohort`` → ``export``).
    """

    today: dt.date

    def cases(self, progress: Callable[[int], None] | None = None) -> Iterator[Case]: ...

    def pairs(self, progress: Callable[[int], None] | None = None, *, invalid: bool = False) -> Iterator[tuple[dict[str, Any], Case | None]]: ...

TABLES: dict[str, list[str]] = {
    "cases": [
        "case", "client", "client_kind", "sex", "age", "region", "level", "practice", "stage", "closed",
        "opened", "entered_stage", "days_in_stage", "next_due", "next_due_what", "gate_ready", "worker",
        "needs", "goals", "sessions", "last_session", "measurements", "termination_kind",
    ],
    "sessions": ["case", "n", "date", "kind", "title", "goals", "minutes", "attendance", "by"],
    "goals": ["case", "goal", "text", "needs", "weight", "objective", "indicator", "unit", "baseline", "target", "due", "latest", "attainment"],
    "measurements": ["case", "objective", "goal", "date", "value"],
    "history": ["case", "n", "at", "from", "to", "kind", "by", "forced", "reason"],
}
FORMATS = ("csv", "jsonl", "xlsx")


def table_rows(case: Case, table: str, today: dt.date, anonymized: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of one case for one table (values are str, int, float, bool, date or None).

    ``anonymized``: the case came from :meth:`Anonymizer.case`; its client column is the pseudonym.
    """
    from .cycle import entered_stage_on, gate, next_due

    cid = case.id
    if table == "cases":
        due = next_due(case)
        last = max((s.date for s in case.sessions), default=None)
        entered = entered_stage_on(case)
        age = case.client.age
        if age is None and case.client.born is not None:
            from .anonymize import age_on

            age = age_on(case.client.born, today)
        yield {
            "case": cid,
            "client": case.client.name if anonymized else case.initials,
            "client_kind": case.client.kind.value,
            "sex": case.client.sex.value if case.client.sex else None,
            "age": age,
            "region": case.client.region,
            "level": case.level.value,
            "practice": case.practice.value,
            "stage": case.stage.value,
            "closed": case.closed,
            "opened": case.opened,
            "entered_stage": entered,
            "days_in_stage": (today - entered).days,
            "next_due": due[0] if due else None,
            "next_due_what": due[1] if due else None,
            "gate_ready": (not case.closed) and not gate(case),
            "worker": case.worker.name if case.worker else None,
            "needs": len(case.needs),
            "goals": len(case.goals),
            "sessions": len(case.sessions),
            "last_session": last,
            "measurements": len(case.measurements),
            "termination_kind": case.termination.kind.value if case.termination and case.termination.kind else None,
        }
    elif table == "sessions":
        for i, s in enumerate(case.sessions, 1):
            yield {
                "case": cid, "n": i, "date": s.date, "kind": s.kind.value, "title": s.title, "goals": ";".join(s.goals),
                "minutes": s.minutes, "attendance": len(s.attendance) if s.attendance is not None else None, "by": s.by,
            }
    elif table == "goals":
        latest: dict[str, tuple[dt.date, float]] = {}
        for m in case.measurements:
            if m.objective not in latest or m.date >= latest[m.objective][0]:
                latest[m.objective] = (m.date, m.value)
        scores = {a.goal: a.score for a in case.attainment}
        for g in case.goals:
            objs: list[Any] = list(g.objectives) or [None]
            for o in objs:
                yield {
                    "case": cid, "goal": g.id, "text": g.text, "needs": ";".join(g.needs), "weight": g.weight,
                    "objective": o.id if o else None, "indicator": o.indicator if o else None, "unit": o.unit if o else None,
                    "baseline": o.baseline if o else None, "target": o.target if o else None, "due": o.due if o else None,
                    "latest": latest[o.id][1] if o and o.id in latest else None, "attainment": scores.get(g.id),
                }
    elif table == "measurements":
        goal_of = {o.id: g.id for g in case.goals for o in g.objectives}
        for m in case.measurements:
            yield {"case": cid, "objective": m.objective, "goal": goal_of.get(m.objective), "date": m.date, "value": m.value}
    elif table == "history":
        for i, tr in enumerate(case.history, 1):
            yield {
                "case": cid, "n": i, "at": tr.at, "from": tr.from_.value if tr.from_ else None, "to": tr.to.value,
                "kind": tr.kind.value, "by": tr.by, "forced": tr.forced, "reason": tr.reason,
            }
    else:
        from .errors import UsageError

        raise UsageError(f"unknown table '{table}' (one of {', '.join(TABLES)})", key="usage", params={"problem": f"--table {table}"})


#: Characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: C0 control characters other than tab, line feed and carriage return, DEL and the C1
#: controls: XML (so xlsx) cannot hold the C0 ones at all, and none of them is text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(text: str) -> str:
    """``text`` with each control character (vertical tab, form feed, NUL, ...) made a space.

    Every format gets the same text, so a title reads alike in csv, jsonl and xlsx.
    """
    return _CONTROL.sub(" ", text)


def inert(text: str) -> str:
    """A text cell no spreadsheet runs: ``'`` before a text that begins with = + - @ tab or CR.

    The OWASP advice against CSV (formula) injection; Excel, LibreOffice and Google Sheets
    show the cell as text (``'=1+2`` shows ``=1+2`` in the formula bar and never 3).
    """
    text = plain_text(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def timestamp(v: dt.datetime) -> str:
    """One time-zone form for every exported moment: UTC, ``2026-03-02T01:30:00Z``.

    A time written without an offset is taken as this machine's local time.
    """
    return v.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def _cell(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return timestamp(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


class Writer:
    """Streams rows of one table to a text or binary stream in one format."""

    def __init__(self, out: IO[Any], fmt: str, columns: list[str], sheet: str = "data") -> None:
        self.fmt = fmt
        self.columns = columns
        self.out = out
        self.count = 0
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            self._csv.writeheader()
        elif fmt == "xlsx":
            from openpyxl import Workbook

            self._wb = Workbook(write_only=True)
            self._ws = self._wb.create_sheet(sheet)
            self._ws.append(columns)
        elif fmt != "jsonl":
            from .errors import UsageError

            raise UsageError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})", key="usage", params={"problem": f"--format {fmt}"})

    def write(self, row: dict[str, Any]) -> None:
        self.count += 1
        if self.fmt == "csv":
            self._csv.writerow({k: _text_cell(row.get(k), "") for k in self.columns})
        elif self.fmt == "jsonl":
            values = {k: _cell(row.get(k)) for k in self.columns}
            self.out.write(dumps({k: plain_text(v) if isinstance(v, str) else v for k, v in values.items()}, ensure_ascii=False) + "\n")
        else:
            self._ws.append([_text_cell(row.get(k), None) for k in self.columns])

    def summary(self, data: dict[str, Any]) -> None:
        """A ``summary`` sheet (xlsx only): one row per figure of :meth:`ExportResult.to_dict`."""
        if self.fmt != "xlsx":
            return
        ws = self._wb.create_sheet("summary")
        ws.append(["what", "value"])
        for k, v in data.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    ws.append([inert(f"{k}.{kk}"), vv])
            elif isinstance(v, list):
                ws.append([k, inert("; ".join(v))])
            else:
                ws.append([k, v])

    def close(self) -> None:
        if self.fmt == "xlsx":
            self._wb.save(self.out)


def _text_cell(v: Any, empty: Any) -> Any:
    """A csv or xlsx cell: strings made :func:`inert`, moments as UTC text (Excel has no time zones)."""
    if v is None:
        return empty
    if empty is None and isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v  # xlsx: a date cell
    v = _cell(v)
    if v is None:
        return empty
    return inert(v) if isinstance(v, str) else v


@dataclass
class ExportResult:
    """What an export wrote and removed: rows, counts by kind, and for a researcher export k.

    ``k``: the smallest number of cases sharing one age band, region and sex (``None`` when
    not a researcher export or no case); ``small_groups`` and ``small_group_cases``: the
    groups of fewer than 5 cases and the cases in them.
    """

    rows: int
    anonymised: bool = False
    research: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    k: int | None = None
    small_groups: int = 0
    small_group_cases: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows, "anonymised": self.anonymised, "research": self.research, "removed": self.counts,
            "k": self.k, "small_groups": self.small_groups, "small_group_cases": self.small_group_cases,
            "generalised": ["age: 10-year band", "region: kabupaten/kota", "dates: month", "days_in_stage: left out"] if self.research else [],
        }


def export(
    cohort: CaseSource,
    out: IO[Any],
    *,
    table: str = "cases",
    fmt: str = "csv",
    anonymize: bool | Any = False,
    progress: Any = None,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Write ``table`` of every case of ``cohort`` to ``out`` (binary for xlsx); rows written.

    ``anonymize``: ``True`` or an :class:`intervensi.anonymize.Anonymizer` (see :func:`export_table`).
    ``on_row`` is called with the summary row of every file read — a file that is not a
    valid case has ``valid`` false and its ``problems``: it is left out of the export, and
    the caller must say so (the command line names it and exits 3).
    """
    return export_table(cohort, out, table=table, fmt=fmt, anonymize=anonymize, progress=progress, on_row=on_row).rows


def export_table(cohort: CaseSource, out: IO[Any], *, table: str = "cases", fmt: str = "csv", anonymize: bool | Any = False,
                 research: bool = False, progress: Any = None, on_row: Callable[[dict[str, Any]], None] | None = None) -> ExportResult:
    """Write ``table`` of every case of ``cohort`` to ``out`` (binary for xlsx): :class:`ExportResult`.

    ``anonymize``: every case goes through an :class:`~intervensi.anonymize.Anonymizer`
    (the one given, or a new one under the workspace key) that also knows the names of
    every other case of the cohort, so a mention of one client in another's case is
    removed (the cohort is read twice). ``research`` (implies ``anonymize``): the
    quasi-identifiers are generalised (:mod:`intervensi.anon_research`) and ``k`` computed;
    an xlsx file gets a ``summary`` sheet with it. ``on_row``: as for :func:`export`.
    """
    if table not in TABLES:
        from .errors import UsageError

        raise UsageError(f"unknown table '{table}' (one of {', '.join(TABLES)})", key="usage", params={"problem": f"--table {table}"})
    anon = None
    if anonymize or research:
        from .anonymize import Anonymizer

        anon = anonymize if isinstance(anonymize, Anonymizer) else Anonymizer(research=research)
        anon.research = anon.research or research
        anon.know(cohort.cases())
    from .anon_research import generalise, group_key, smallest_group

    writer = Writer(out, fmt, TABLES[table], sheet=table)
    keys: list[tuple[str, str, str]] = []
    for row, case in cohort.pairs(progress, invalid=on_row is not None):
        if on_row is not None:
            on_row(row)
        if case is None:
            continue
        if anon is not None:
            case, _ = anon.case(case, cohort.today)
        if research:
            c = case.client
            keys.append(group_key(c.age, c.region, c.sex.value if c.sex else None))
        for row in table_rows(case, table, cohort.today, anonymized=anon is not None):
            writer.write(generalise(row) if research else row)
    result = ExportResult(writer.count, anonymised=anon is not None, research=research,
                          counts={k: v for k, v in (anon.counts if anon else {}).items() if v})
    if research:
        result.k, result.small_groups, result.small_group_cases = smallest_group(keys)
        writer.summary(result.to_dict())
    writer.close()
    return result


__all__ = ["FORMATS", "TABLES", "CaseSource", "ExportResult", "Writer", "export", "export_table", "inert", "plain_text", "table_rows"]
