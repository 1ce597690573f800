"""Looking at a caseload's summary rows: filters (``--stage``, ``--overdue``, ``--where``),
the aggregate :class:`Summary` and the agenda lines. Works on the rows
:mod:`intervensi.cohort` reads; never reads a file itself.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .i18n import CATALOG
from .vocab import STAGE_ORDER, Stage

if TYPE_CHECKING:
    from .model import Case

Row = dict[str, Any]


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


