"""Exports of a cohort for spreadsheets, DuckDB, pandas or R: one table at a time, streaming.

Tables: ``cases`` (one row per case), ``sessions``, ``goals`` (one row per objective),
``measurements`` and ``history`` (one row per transition). Formats: ``csv`` (UTF-8,
header row), ``jsonl`` (one JSON object per line) and ``xlsx`` (openpyxl's write-only
mode, so rows are streamed to the file rather than held in memory). Columns are fixed
per table, so a file's shape does not depend on which cases it holds.

With ``anonymize`` every case goes through :class:`intervensi.anonymize.Anonymizer`
first: pseudonyms for the case id and names, ages instead of birth dates, identifying
fields left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cohort import Cohort
    from .model import Case

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


def _cell(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
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
            self._csv.writerow({k: ("" if row.get(k) is None else _cell(row.get(k))) for k in self.columns})
        elif self.fmt == "jsonl":
            self.out.write(json.dumps({k: _cell(row.get(k)) for k in self.columns}, ensure_ascii=False) + "\n")
        else:
            self._ws.append([_xl(row.get(k)) for k in self.columns])

    def close(self) -> None:
        if self.fmt == "xlsx":
            self._wb.save(self.out)


def _xl(v: Any) -> Any:
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.isoformat()  # Excel has no time zones
    return v


def export(
    cohort: Cohort,
    out: IO[Any],
    *,
    table: str = "cases",
    fmt: str = "csv",
    anonymize: bool | Any = False,
    progress: Any = None,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Write ``table`` of every case of ``cohort`` to ``out`` (binary for xlsx); rows written.

    ``on_row`` is called with the summary row of every file read — a file that is not a
    valid case has ``valid`` false and its ``problems``: it is left out of the export, and
    the caller must say so (the command line names it and exits 3).
    """
    if table not in TABLES:
        from .errors import UsageError

        raise UsageError(f"unknown table '{table}' (one of {', '.join(TABLES)})", key="usage", params={"problem": f"--table {table}"})
    anon = None
    if anonymize:
        from .anonymize import Anonymizer

        anon = anonymize if isinstance(anonymize, Anonymizer) else Anonymizer()
    writer = Writer(out, fmt, TABLES[table], sheet=table)
    for row, case in cohort.pairs(progress, invalid=on_row is not None):
        if on_row is not None:
            on_row(row)
        if case is None:
            continue
        if anon is not None:
            case, _ = anon.case(case, cohort.today)
        for row in table_rows(case, table, cohort.today, anonymized=anon is not None):
            writer.write(row)
    writer.close()
    return writer.count


__all__ = ["FORMATS", "TABLES", "Writer", "export", "table_rows"]
