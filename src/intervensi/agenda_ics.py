"""The caseload's coming dates as an iCalendar file (RFC 5545) a phone or a desktop calendar imports.

What goes in, for every open case read from a cohort (closed cases have no events):

- **visits**: every session dated today or later (a planned home visit, counselling, ...);
- **objectives due**: every objective not yet reached with a due date (one passed is kept
  at its date: it is still due);
- **contract ends** (not once the case is in termination) and **contract reviews**;
- **monitoring checks** dated today or later.

Everything is dated, none has a time of day, so every event is an all-day event
(``DTSTART;VALUE=DATE``); deadlines are marked free time (``TRANSP:TRANSPARENT``), visits
and checks busy. Events from ``today`` to ``today + within`` days are written.

**Stable UIDs.** An event's UID is a digest of the case id and the item's identity —
``session:<n>`` (its place in the case's sessions, the ``n`` of the ``sessions`` export),
``objective:<id>``, ``contract-end``, ``contract-review``, ``check:<n>`` — never of a name
or a date, so a visit moved to another day, a renamed client or an edited title keeps its
UID, and importing the new file updates the event instead of adding a second one. When
two files share a case id, the second one's events are keyed ``<id>--2`` (as ``render``
names its files), so they never merge. An anonymised calendar's UIDs are an HMAC under the
workspace key (:class:`~intervensi.anonymize.Anonymizer`): nobody can tell from them which
case id they came from.

**SEQUENCE and DTSTAMP.** Given the previous calendar (``previous``: the bytes of the file
being replaced), an event whose content did not change keeps its ``SEQUENCE``,
``DTSTAMP`` and ``LAST-MODIFIED``; a changed one gets ``SEQUENCE`` + 1 and the new
moment; a new one starts at 0. The digest of each event's content is kept in
``X-INTERVENSI-DIGEST``. So a calendar nothing changed in is written byte for byte the same.
An event of the previous calendar that no longer comes (a planned session removed, a case
closed) is written once more with ``STATUS:CANCELLED`` and ``SEQUENCE`` + 1 while its date
is ahead, so a re-import takes it off — only when the previous calendar was made from the
same selection of folders and filters (``X-INTERVENSI-SELECTION``).

**Anonymised** (``anonymize``): the events name only the case pseudonym of
:meth:`Anonymizer.case_pseudonym` and what is due (its kind, in the user's language):
no initials, titles, indicators or notes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import CATALOG, t

if TYPE_CHECKING:
    from .anonymize import Anonymizer
    from .export import CaseSource
    from .model import Case

#: The PRODID of every calendar intervensi writes; an existing file without it is not ours.
PRODID = "-//intervensi//agenda//EN"
#: The UID's domain part (RFC 5545 §3.8.4.7 recommends a globally unique right-hand side).
UID_DOMAIN = "intervensi.agenda"
#: Days ahead a calendar covers by default.
WITHIN = 365
#: The largest previous calendar read back for its SEQUENCE numbers (bytes).
PREVIOUS_LIMIT = 64 * 1024 * 1024
#: What an event can be about (``CATEGORIES``, and the ``what`` of :class:`Event`).
KINDS = ("visit", "objective", "contract_end", "contract_review", "check")

MESSAGES: dict[str, dict[str, str]] = {
    "cal.name": {"en": "Caseload agenda", "id": "Agenda kasus"},
    "cal.name_anon": {"en": "Caseload agenda (anonymised)", "id": "Agenda kasus (dianonimkan)"},
    "cal.objective": {"en": "Objective due", "id": "Tenggat sasaran"},
    "cal.contract_end": {"en": "Contract ends", "id": "Kontrak berakhir"},
    "cal.contract_review": {"en": "Contract review", "id": "Tinjauan kontrak"},
    "cal.check": {"en": "Monitoring check", "id": "Cek monitoring"},
    "cal.case": {"en": "Case", "id": "Kasus"},
    "cal.stage": {"en": "Stage", "id": "Tahap"},
    "cal.worker": {"en": "Worker", "id": "Pekerja sosial"},
    "cal.indicator": {"en": "Indicator", "id": "Indikator"},
    "cal.target": {"en": "Target", "id": "Target"},
    "cal.title": {"en": "Title", "id": "Judul"},
    "cal.note": {"en": "Note", "id": "Catatan"},
    "err.calendar_not_ours": {
        "en": "already exists and is not a calendar intervensi wrote; nothing was written — choose another name, or add --force to replace it",
        "id": "sudah ada dan bukan kalender yang ditulis intervensi; tidak ada yang ditulis — pilih nama lain, atau tambahkan --force untuk menggantinya",
    },
}
CATALOG.update(MESSAGES)


@dataclass(frozen=True)
class Event:
    """One all-day event: ``uid`` (stable), ``date``, ``what`` (one of :data:`KINDS`), the text."""

    uid: str
    date: dt.date
    what: str
    summary: str
    description: str
    status: str | None = None

    @property
    def busy(self) -> bool:
        """Visits and checks take the worker's day; deadlines do not."""
        return self.what in ("visit", "check")

    def digest(self) -> str:
        """A digest of everything shown, to tell a changed event from an unchanged one."""
        data = json.dumps([self.date.isoformat(), self.what, self.summary, self.description, self.status], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


@dataclass
class CalendarResult:
    """What :func:`calendar` made: the file's bytes and counts of events and cases.

    ``new``, ``changed``, ``unchanged``: events against the previous calendar (all new
    without one); ``cancelled``: events of the previous calendar written as cancelled; ``invalid``: the summary rows of files that could not be read (left out).
    """

    data: bytes
    events: int = 0
    cases: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    cancelled: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events, "cases": self.cases, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "cancelled": self.cancelled}


# --------------------------------------------------------------------------- events of one case


def _kind_label(kind: str, lang: str) -> str:
    from .report.labels import value_label

    text = value_label("session", kind, lang)
    return text[:1].upper() + text[1:]


def case_events(case: Case, *, today: dt.date, within: int = WITHIN, lang: str = "en",
                uid: Callable[[str], str] | None = None, who: str | None = None, anonymised: bool = False) -> list[Event]:
    """The events of one case from ``today`` to ``today + within`` days (none for a closed case).

    ``uid`` turns an item identity (``session:3``) into the event's UID (default: a digest
    of the case id and the identity, see :func:`plain_uid`); ``who`` names the case in
    every summary (default: the client's initials and the case id); ``anonymised``: the
    text holds ``who`` and the kind of item only.
    """
    from .cycle import reached_objectives
    from .i18n import stage_label

    if case.closed:
        return []
    uid = uid or (lambda item: plain_uid(case.id, item))
    who = who or f"{case.initials} ({case.id})"
    until = today + dt.timedelta(days=within)
    head = [f"{t('cal.case', lang)}: {who}"]
    if not anonymised:
        head.append(f"{t('cal.stage', lang)}: {stage_label(case.stage.value, lang)}")
        if case.worker:
            head.append(f"{t('cal.worker', lang)}: {case.worker.name}")
    out: list[Event] = []

    def add(item: str, date: dt.date, what: str, title: str, details: Iterable[str | None] = ()) -> None:
        lines = [*head, *([d for d in details if d] if not anonymised else [])]
        out.append(Event(uid(item), date, what, f"{title} · {who}", "\n".join(lines)))

    for n, s in enumerate(case.sessions, 1):
        if today <= s.date <= until:
            add(f"session:{n}", s.date, "visit", _kind_label(s.kind.value, lang),
                [f"{t('cal.title', lang)}: {s.title}" if s.title else None])
    reached = reached_objectives(case)
    for g in case.goals:
        for o in g.objectives:
            if o.due and o.id not in reached and o.due <= until:
                target = f"{t('cal.target', lang)}: {_number(o.target, lang)}{' ' + o.unit if o.unit else ''}" if o.target is not None else None
                add(f"objective:{o.id}", o.due, "objective", t("cal.objective", lang),
                    [f"{t('cal.indicator', lang)}: {o.indicator}", target])
    contract = case.engagement.contract if case.engagement else None
    if contract and contract.end and today <= contract.end <= until and case.stage.value != "termination":
        add("contract-end", contract.end, "contract_end", t("cal.contract_end", lang))
    if contract and contract.review and today <= contract.review <= until:
        add("contract-review", contract.review, "contract_review", t("cal.contract_review", lang))
    for n, c in enumerate(case.monitoring.checks if case.monitoring else [], 1):
        if today <= c.date <= until:
            add(f"check:{n}", c.date, "check", t("cal.check", lang), [f"{t('cal.note', lang)}: {c.note}"])
    return out


def _number(v: float, lang: str) -> str:
    """A number as the language writes it (CLDR, through Babel): ``2.5`` in English, ``2,5`` in Indonesian."""
    from babel.numbers import format_decimal

    return str(format_decimal(v, locale="id" if lang == "id" else "en", decimal_quantization=False))


def plain_uid(case_id: str, item: str) -> str:
    """The UID of an item of a case: a digest of the case id and the item's identity."""
    digest = hashlib.sha256(f"{case_id}\x00{item}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def keyed_uid(key: bytes, case_id: str, item: str) -> str:
    """The UID of an item in an anonymised calendar: an HMAC under the workspace key."""
    digest = hmac.new(key, f"calendar\x00{case_id}\x00{item}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


# --------------------------------------------------------------------------- the calendar


def calendar(
    cohort: CaseSource,
    *,
    within: int = WITHIN,
    lang: str = "en",
    anonymize: bool | Anonymizer = False,
    previous: bytes | None = None,
    selection: str | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> CalendarResult:
    """The calendar of every open case of ``cohort`` (see the module): :class:`CalendarResult`.

    ``within``: days ahead (from ``cohort.today``). ``anonymize``: ``True`` or an
    :class:`~intervensi.anonymize.Anonymizer` (pseudonyms under its key). ``previous``:
    the calendar being replaced, for SEQUENCE and DTSTAMP continuity (ignored when it is
    not an intervensi calendar or cannot be parsed). ``selection``: what the caller read
    (folders, filters) as a string; when the previous calendar was made from the same
    selection, its events that no longer come are written once more as ``STATUS:CANCELLED``
    (``SEQUENCE`` + 1), so a re-import takes them off. ``now``: the moment of the changes
    (default: now, UTC). Files that cannot be read are left out and listed in ``invalid``;
    ``on_row`` is called with the summary row of every file read (as for the export).
    """
    from icalendar import Calendar

    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    anon: Anonymizer | None = None
    if anonymize:
        from .anonymize import Anonymizer as _Anonymizer

        anon = anonymize if isinstance(anonymize, _Anonymizer) else _Anonymizer(lang=lang)
    chosen = _selection_digest(selection, anon is not None) if selection is not None else None
    old_selection, old = previous_calendar(previous) if previous else (None, {})
    result = CalendarResult(b"")
    events: list[Event] = []
    seen: dict[str, int] = {}
    for row, case in cohort.pairs(progress, invalid=True):
        if on_row is not None:
            on_row(row)
        if case is None:
            result.invalid.append(row)
            continue
        seen[case.id] = seen.get(case.id, 0) + 1
        scope = case.id if seen[case.id] == 1 else f"{case.id}--{seen[case.id]}"
        if anon is not None:
            evs = case_events(case, today=cohort.today, within=within, lang=lang, anonymised=True,
                              who=anon.case_pseudonym(case), uid=functools.partial(keyed_uid, anon.key, scope))
        else:
            evs = case_events(case, today=cohort.today, within=within, lang=lang, uid=functools.partial(plain_uid, scope))
        if evs:
            result.cases += 1
            events += evs
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("cal.name_anon" if anon else "cal.name", lang))
    if chosen is not None:
        cal.add("x-intervensi-selection", chosen)
    written: list[tuple[dt.date, str, Any]] = []
    for e in events:
        seq, stamp, created = 0, now, now
        prev = old.get(e.uid)
        if prev is not None:
            created = prev.created or now
            if prev.digest == e.digest() and prev.stamp is not None:
                seq, stamp = prev.sequence, prev.stamp
                result.unchanged += 1
            else:
                seq = prev.sequence + 1
                result.changed += 1
        else:
            result.new += 1
        written.append((e.date, e.uid, _vevent(e, seq, stamp, created)))
    # An event of the previous calendar that no longer comes (a session removed, a case closed)
    # is sent once more as cancelled, so a re-import takes it off the calendar — only when the
    # previous file was made from the same selection (other folders or another worker's cases
    # are not "no longer coming") and while its date is still ahead within the window.
    if chosen is not None and old_selection == chosen:
        until = cohort.today + dt.timedelta(days=within)
        current = {e.uid for e in events}
        for uid, prev in old.items():
            if uid in current or prev.event is None or not (cohort.today <= prev.event.date <= until):
                continue
            gone = dataclasses.replace(prev.event, status="CANCELLED")
            if prev.cancelled and prev.digest == gone.digest() and prev.stamp is not None:
                seq, stamp = prev.sequence, prev.stamp
            else:
                seq, stamp = prev.sequence + 1, now
            result.cancelled += 1
            written.append((gone.date, uid, _vevent(gone, seq, stamp, prev.created or now)))
    for _date, _uid, v in sorted(written, key=lambda w: (w[0], w[1])):
        cal.add_component(v)
    result.events = len(events)
    result.data = cal.to_ical()
    return result


def _vevent(e: Event, seq: int, stamp: dt.datetime, created: dt.datetime) -> Any:
    from icalendar import Event as VEvent

    v = VEvent()
    v.add("uid", e.uid)
    v.add("dtstamp", stamp)
    v.add("created", created)
    v.add("last-modified", stamp)
    v.add("sequence", seq)
    v.add("dtstart", e.date)
    v.add("dtend", e.date + dt.timedelta(days=1))
    v.add("summary", e.summary)
    v.add("description", e.description)
    v.add("categories", [e.what])
    v.add("transp", "OPAQUE" if e.busy else "TRANSPARENT")
    if e.status:
        v.add("status", e.status)
    v.add("x-intervensi-digest", e.digest())
    return v


def _selection_digest(selection: str, anonymised: bool) -> str:
    return hashlib.sha256(f"{selection}\x00{anonymised}".encode()).hexdigest()[:16]


@dataclass
class Previous:
    """One event of the calendar being replaced (see :func:`previous_calendar`)."""

    digest: str | None
    sequence: int
    stamp: dt.datetime | None
    created: dt.datetime | None
    event: Event | None
    cancelled: bool


def previous_calendar(data: bytes) -> tuple[str | None, dict[str, Previous]]:
    """``(selection, {uid: Previous})`` of an intervensi calendar (``(None, {})`` for any other)."""
    if not is_ours(data):
        return None, {}
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError):
        return None, {}
    out: dict[str, Previous] = {}
    for ev in cal.walk("VEVENT"):
        uid = ev.get("uid")
        if uid is None:
            continue
        try:
            seq = int(ev.get("sequence", 0))
        except (TypeError, ValueError):
            seq = 0
        digest = ev.get("x-intervensi-digest")
        out[str(uid)] = Previous(str(digest) if digest is not None else None, seq, _moment(ev.get("dtstamp")),
                                 _moment(ev.get("created")), _event_of(str(uid), ev), str(ev.get("status", "")).upper() == "CANCELLED")
    selection = cal.get("x-intervensi-selection")
    return (str(selection) if selection is not None else None), out


def _event_of(uid: str, ev: Any) -> Event | None:
    """The :class:`Event` a VEVENT of ours was written from (``None`` if it is not one)."""
    start = getattr(ev.get("dtstart"), "dt", None)
    cats = ev.get("categories")
    what = str(cats.cats[0]) if cats is not None and getattr(cats, "cats", None) else ""
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime) or what not in KINDS:
        return None
    return Event(uid, start, what, str(ev.get("summary", "")), str(ev.get("description", "")))


def _moment(prop: Any) -> dt.datetime | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


def is_ours(data: bytes) -> bool:
    """Whether ``data`` is a calendar intervensi wrote (its ``PRODID``)."""
    head = data[:4096].replace(b"\r\n ", b"").replace(b"\n ", b"")
    return data.lstrip().startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head


def write_calendar(path: Path | str, data: bytes, *, force: bool = False) -> None:
    """Write a calendar to ``path`` safely (:func:`intervensi.store.write_output`, atomic).

    An existing file is replaced only when intervensi wrote it (:func:`is_ours`), or with
    ``force``; otherwise :class:`~intervensi.errors.AlreadyExists` (exit 10, key
    ``calendar_not_ours``) and nothing is written. Links, FIFOs and folders are refused
    (exit 9), a case file's name too (exit 10).
    """
    from .errors import AlreadyExists
    from .store import write_output

    path = Path(path)
    old = read_previous(path)
    if old is not None and not force and not is_ours(old):
        raise AlreadyExists("already exists and is not a calendar intervensi wrote; nothing was written", path=path, key="calendar_not_ours")
    write_output(path, data, kind="calendar")


def read_previous(path: Path | str) -> bytes | None:
    """The bytes of the calendar at ``path`` (``None`` when there is none); a link, FIFO or folder is refused."""
    from .fsafe import check_target, read_bytes

    if check_target(path) is None:
        return None
    return read_bytes(path, PREVIOUS_LIMIT, follow=False)


__all__ = [
    "KINDS",
    "PRODID",
    "WITHIN",
    "CalendarResult",
    "Event",
    "Previous",
    "calendar",
    "case_events",
    "is_ours",
    "keyed_uid",
    "plain_uid",
    "previous_calendar",
    "read_previous",
    "write_calendar",
]
