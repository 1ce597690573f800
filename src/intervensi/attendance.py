"""Group attendance: who was a member on a session's date, who came, and the rate over time.

A member belongs to the group on a date ``d`` when ``joined <= d`` (or no joining date is
known) and ``d <= left`` (or the member has not left): the day a member joins or leaves
still counts, so the last meeting she attended stays in the record. For each session with
an ``attendance`` list, :func:`attendance` gives the number present, the number of members
on that date and the rate ``present / members`` (``None`` when the group had no member).

:func:`check_attendance` refuses an attendance list that names someone not a member on
the session's date (:class:`NotAMember`, exit code 2, nothing written): the library ops
``add_session`` and ``change_item`` call it, so the CLI and a script get the same answer.
:func:`attendance_chart_svg` draws the rate over time, a small chart in the style of the
AB charts (:mod:`intervensi.charts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from .errors import UsageError

if TYPE_CHECKING:
    from .model import Case, Member


class NotAMember(UsageError):
    """An attendance names a person who was not a member of the group on the session's date (exit code 2)."""

    key = "attendance_not_member"


def is_member_on(m: Member, day: dt.date) -> bool:
    """Whether ``m`` belonged to the group on ``day`` (joining and leaving days included)."""
    return (m.joined is None or m.joined <= day) and (m.left is None or day <= m.left)


def members_on(members: Iterable[Member], day: dt.date) -> list[Member]:
    """The members who belonged to the group on ``day``, in the case file's order."""
    return [m for m in members if is_member_on(m, day)]


def check_attendance(members: Sequence[Member], day: dt.date, present: Iterable[str], field: str = "attendance",
                     path: Path | str | None = None) -> None:
    """Raise :class:`NotAMember` for the first id of ``present`` that is not a member on ``day``.

    An id that names nobody at all is left to the model's own check (a reference to a
    member that does not exist, exit code 3). The message names the id and the date, never
    the member's name.
    """
    by_id = {m.id: m for m in members}
    for who in present:
        m = by_id.get(who)
        if m is None or is_member_on(m, day):
            continue
        if m.joined is not None and day < m.joined:
            raise NotAMember(f"'{who}' had not yet joined the group on {day.isoformat()} (joined {m.joined.isoformat()})",
                             path=path, field=field, key="attendance_not_joined",
                             params={"id": who, "date": day.isoformat(), "joined": m.joined.isoformat()})
        assert m.left is not None
        raise NotAMember(f"'{who}' had already left the group on {day.isoformat()} (left {m.left.isoformat()})",
                         path=path, field=field, key="attendance_left",
                         params={"id": who, "date": day.isoformat(), "left": m.left.isoformat()})


def check_case(case: Case, path: Path | str | None = None) -> None:
    """:func:`check_attendance` for every session of ``case`` (after a member's dates change)."""
    for i, s in enumerate(case.sessions):
        if s.attendance:
            check_attendance(case.client.members, s.date, s.attendance, field=f"intervention.sessions.{i}.attendance", path=path)


@dataclass(frozen=True)
class Meeting:
    """One session's attendance: ``present`` of ``members`` (the group on that date)."""

    number: int  # 1-based, among all sessions
    date: dt.date
    title: str
    present: int
    members: int
    kind: str = "group_meeting"  # the session's kind (a referral visit by two members reads differently)

    @property
    def rate(self) -> float | None:
        """``present / members`` (0–1), ``None`` when the group had no member that day."""
        return self.present / self.members if self.members else None


def attendance(case: Case) -> list[Meeting]:
    """Every session that records attendance, in date order."""
    out = []
    for i, s in enumerate(case.sessions, 1):
        if s.attendance is None:
            continue
        out.append(Meeting(i, s.date, s.title or "", len(set(s.attendance)), len(members_on(case.client.members, s.date)),
                           str(getattr(s.kind, "value", s.kind))))
    return sorted(out, key=lambda m: (m.date, m.number))


LABELS = {
    "en": {"title": "Attendance rate per meeting", "axis": "% of members present"},
    "id": {"title": "Tingkat kehadiran per pertemuan", "axis": "% anggota yang hadir"},
}


def attendance_chart_svg(meetings: Sequence[Meeting], lang: str = "en") -> str:
    """The attendance rate (0–100 %) per meeting over time, as a standalone SVG (a ``str``)."""
    from .charts import short_date

    lab = LABELS.get(lang, LABELS["en"])
    w, h, x0, x1, y0, y1 = 640, 240, 56, 620, 40, 200
    pts = [(m.date, m.rate) for m in meetings if m.rate is not None]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="attendance-chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label={quoteattr(lab["title"])} font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(lab['title'])}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
        f'<text x="10" y="18" font-size="13" font-weight="bold" fill="#222">{escape(lab["title"])}</text>',
        f'<text x="10" y="32" fill="#555">{escape(lab["axis"])}</text>',
        f'<g class="axes" stroke="#999" stroke-width="1"><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/><line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}"/></g>',
    ]

    def ys(rate: float) -> float:
        return y1 - (y1 - y0) * rate

    for pct in (0, 25, 50, 75, 100):
        y = ys(pct / 100)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{pct}%</text>')
    if pts:
        d0, d1 = pts[0][0], pts[-1][0]
        days = max((d1 - d0).days, 1)

        def xs(d: dt.date) -> float:
            return (x0 + x1) / 2 if d0 == d1 else x0 + 16 + (x1 - x0 - 32) * (d - d0).days / days

        path = " ".join(f"{xs(d):.1f},{ys(r):.1f}" for d, r in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
        seen: set[dt.date] = set()
        for (d, r), m in zip(pts, [m for m in meetings if m.rate is not None], strict=True):
            out.append(f'<circle class="point" cx="{xs(d):.1f}" cy="{ys(r):.1f}" r="4" fill="#1f5fa8">'
                       f"<title>{escape(d.isoformat())}: {m.present}/{m.members}</title></circle>")
            if d not in seen:
                seen.add(d)
                out.append(f'<text x="{xs(d):.1f}" y="{y1 + 16}" text-anchor="middle" fill="#444">{escape(short_date(d, lang))}</text>')
    out.append("</svg>")
    return "\n".join(out)


MESSAGES: dict[str, dict[str, str]] = {
    "err.attendance_not_member": {"en": "'{id}' was not a member of the group on {date}",
                                  "id": "'{id}' bukan anggota kelompok pada {date}"},
    "err.attendance_not_joined": {"en": "'{id}' had not yet joined the group on {date} (joined {joined}); attendance not recorded",
                                  "id": "'{id}' belum bergabung dengan kelompok pada {date} (bergabung {joined}); kehadiran tidak dicatat"},
    "err.attendance_left": {"en": "'{id}' had already left the group on {date} (left {left}); attendance not recorded",
                            "id": "'{id}' sudah keluar dari kelompok pada {date} (keluar {left}); kehadiran tidak dicatat"},
}


def _register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()

__all__ = ["Meeting", "NotAMember", "attendance", "attendance_chart_svg", "check_attendance", "check_case", "is_member_on", "members_on"]
