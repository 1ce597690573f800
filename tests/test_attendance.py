"""Group attendance: only members on the session's date may attend; the reports show who
came (present/members per meeting), the rate over time as a chart, and members' dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from intervensi.attendance import NotAMember, attendance, attendance_chart_svg
from intervensi.casefile import load_case
from intervensi.ops import add_session
from intervensi.report import render_report


def _kube(cases: Path) -> Path:
    return cases / "kube-melati-2025.yaml"


def test_cli_refuses_a_member_who_had_left(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = _kube(cases)
    assert run("member", "change", path, "m04", "--left", "2025-10-01").exit_code == 0
    before = path.read_bytes()
    r = run("session", "add", path, "--date", "2025-10-20", "--kind", "group_meeting", "--attended", "m01", "--attended", "m04", "--json")
    assert r.exit_code == 2, r.output
    assert '"key": "attendance_left"' in r.stdout and "m04" in r.stdout and "Ibu D" not in r.stdout
    assert path.read_bytes() == before
    # on her leaving day she still counts
    assert run("session", "add", path, "--date", "2025-10-01", "--attended", "m04").exit_code == 0


def test_cli_refuses_a_member_not_yet_joined_in_indonesian(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = _kube(cases)
    assert run("member", "add", path, "Ibu K.", "--id", "m11", "--joined", "2025-11-01").exit_code == 0
    before = path.read_bytes()
    r = run("--lang", "id", "session", "add", path, "--date", "2025-10-20", "--attended", "m11")
    assert r.exit_code == 2
    assert "belum bergabung" in r.output and "kube-melati-2025.yaml" in r.output and "Traceback" not in r.output
    assert path.read_bytes() == before


def test_a_leaving_date_before_attended_meetings_is_refused(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = _kube(cases)
    before = path.read_bytes()
    r = run("member", "change", path, "m10", "--left", "2025-09-15")  # m10 attended on 29 September
    assert r.exit_code == 2 and "already left" in r.output
    assert path.read_bytes() == before
    r = run("session", "change", path, "1", "--date", "2024-01-15")  # before anyone joined
    assert r.exit_code == 2 and "not yet joined" in r.output
    assert path.read_bytes() == before


def test_library_op_refuses_too(cases: Path) -> None:
    path = _kube(cases)
    before = path.read_bytes()
    with pytest.raises(NotAMember) as e:
        add_session(path, date=dt.date(2024, 3, 1), attendance=["m01", "m09"])  # m09 joined in May 2024
    assert e.value.exit_code == 2 and e.value.key == "attendance_not_joined"
    assert path.read_bytes() == before


def test_rate_counts_the_members_of_that_day(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = _kube(cases)
    assert run("member", "change", path, "m02", "--left", "2025-09-29").exit_code == 0
    assert run("member", "add", path, "Ibu K.", "--id", "m11", "--joined", "2025-09-20").exit_code == 0
    meetings = attendance(load_case(path))
    assert [(m.present, m.members) for m in meetings] == [(7, 10), (8, 10), (9, 10), (9, 10), (2, 10), (10, 11)]
    assert meetings[0].rate == pytest.approx(0.7)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_format_shows_members_and_attendance(cases: Path, lang: str) -> None:
    import io

    import docx

    case = load_case(_kube(cases))
    html = render_report(case, "html", lang=lang).decode()
    md = render_report(case, "md", lang=lang).decode()
    title = "Tingkat kehadiran per pertemuan" if lang == "id" else "Attendance rate per meeting"
    assert 'class="attendance-chart"' in html and title in html
    for text in (html, md):
        assert "7/10" in text and "10/10" in text
        assert ("1 Mei 2024" if lang == "id" else "1 May 2024") in text  # a joining date
    doc = docx.Document(io.BytesIO(render_report(case, "docx", lang=lang)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "7/10" in cells and "10/10" in cells
    assert len(doc.inline_shapes) == 4  # three AB charts and the attendance chart (a group has no genogram; its ecomap is not recorded)


def test_attendance_chart_is_escaped_and_scaled() -> None:
    from intervensi.attendance import Meeting

    svg = attendance_chart_svg([Meeting(1, dt.date(2025, 1, 6), "<b>", 3, 4), Meeting(2, dt.date(2025, 1, 20), "x", 4, 4)])
    assert "<b>" not in svg
    ys = [float(y) for y in re.findall(r'cy="([\d.]+)"', svg)]
    assert ys[1] < ys[0]  # a higher rate is drawn higher
