"""``agenda --format ics``: the caseload's coming dates as a calendar a phone imports (issue 16).

Every calendar is parsed back with the ``icalendar`` library, as a calendar program would.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from fixtures.helpers import wide_console  # noqa: F401

TODAY = dt.date.today()
NAME = "Siti Aminah"
CHILD = "Rahmat Hidayat"


def day(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def case_data(cid: str = "keluarga-siti", name: str = NAME) -> dict[str, Any]:
    """An open family case in intervention with every kind of coming date (and names in its text)."""
    first = name.split()[0]
    return {
        "schema_version": 1, "id": cid, "title": f"Pendampingan keluarga {name}", "level": "micro", "practice": "case_management",
        "opened": day(-60), "stage": "intervention",
        "client": {"kind": "family", "name": name, "initials": "SA", "sex": "female", "age": 34,
                   "members": [{"id": "rahmat", "name": CHILD, "role": "anak"}]},
        "worker": {"name": "Pendamping Dewi"},
        "engagement": {"contract": {"focus": ["keuangan"], "start": day(-50), "end": day(40), "review": day(10)}},
        "assessment": {"needs": [{"id": "uang", "text": "Tidak ada catatan keuangan"}]},
        "planning": {"goals": [{"id": "keuangan", "text": f"Bu {first} mengelola keuangan", "needs": ["uang"], "objectives": [
            {"id": "catat", "indicator": f"Minggu {first} mencatat", "unit": "minggu", "baseline": 0, "target": 5, "due": day(30)},
            {"id": "tabung", "indicator": "Tabungan", "baseline": 0, "target": 2.5, "unit": "juta", "due": day(-3)},
            {"id": "selesai", "indicator": "Sudah tercapai", "baseline": 0, "target": 1, "due": day(20)},
        ]}]},
        "intervention": {"sessions": [
            {"date": day(-14), "kind": "home_visit", "title": "Kunjungan lalu"},
            {"date": day(3), "kind": "home_visit", "title": f"Kunjungan ke Bu {first} dan {CHILD}"},
            {"date": day(17), "kind": "counselling"},
        ]},
        "evaluation": {"measurements": [{"objective": "selesai", "date": day(-5), "value": 1}]},
        "monitoring": {"enabled": True, "checks": [{"date": day(-20), "note": "lalu"}, {"date": day(60), "note": f"Cek {first} di rumah"}]},
    }


def write_case(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{name or data['id']}.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return p


def events(data: bytes | str) -> dict[str, Any]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    cal = Calendar.from_ical(raw)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def by_category(evs: dict[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for e in evs.values():
        cat = e.get("categories").cats[0]
        out.setdefault(str(cat), []).append(e)
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "kasus"
    write_case(d, case_data())
    closed = case_data("tutup", "Budi Santoso")
    closed["stage"] = "closed"
    write_case(d, closed)
    return d


def test_calendar_holds_coming_visits_objectives_contract_and_checks(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    r = run("agenda", folder, "--format", "ics", "-o", out)
    assert r.exit_code == 0, r.output
    evs = events(out.read_bytes())
    cats = by_category(evs)
    # visits from today on (not the past one); objectives not reached (the passed one is still due);
    # the contract's end and review; the coming monitoring check; nothing of the closed case
    assert sorted(e["dtstart"].dt for e in cats["visit"]) == [TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=17)]
    assert sorted(e["dtstart"].dt for e in cats["objective"]) == [TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=30)]
    assert [e["dtstart"].dt for e in cats["contract_end"]] == [TODAY + dt.timedelta(days=40)]
    assert [e["dtstart"].dt for e in cats["contract_review"]] == [TODAY + dt.timedelta(days=10)]
    assert [e["dtstart"].dt for e in cats["check"]] == [TODAY + dt.timedelta(days=60)]
    assert len(evs) == 7
    for e in evs.values():  # all-day events: a date, not a time, ending the next day
        start, end = e["dtstart"].dt, e["dtend"].dt
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert int(e["sequence"]) == 0 and e["dtstamp"].dt.tzinfo is not None
    visit = min(cats["visit"], key=lambda e: e["dtstart"].dt)
    assert str(visit["summary"]) == "Home visit · SA (keluarga-siti)"
    assert "Kunjungan ke Bu Siti" in str(visit["description"])
    assert str(visit["transp"]) == "OPAQUE" and str(cats["objective"][0]["transp"]) == "TRANSPARENT"
    assert "events of 1 cases written" in r.stderr


def test_summaries_in_the_users_language(run, folder: Path) -> None:
    r = run("--lang", "id", "agenda", folder, "--format", "ics")
    assert r.exit_code == 0, r.output
    evs = events(r.stdout)
    summaries = {str(e["summary"]).split(" · ")[0] for e in evs.values()}
    assert summaries == {"Kunjungan rumah", "Konseling", "Tenggat sasaran", "Kontrak berakhir", "Tinjauan kontrak", "Cek monitoring"}
    descriptions = "\n".join(str(e["description"]) for e in evs.values())
    assert "Target: 2,5 juta" in descriptions and "Tahap: intervensi" in descriptions  # numbers in Indonesian form
    r = run("agenda", folder, "--format", "ics")
    assert "Target: 2.5 juta" in "\n".join(str(e["description"]) for e in events(r.stdout).values())


def test_uids_stay_and_sequence_moves_when_an_event_changes(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    first_bytes = out.read_bytes()
    first = events(first_bytes)
    # a second run with nothing changed writes the same bytes (same SEQUENCE and DTSTAMP)
    r = run("agenda", folder, "--format", "ics", "-o", out, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["unchanged"] == 7 and out.read_bytes() == first_bytes
    # the worker moves the coming home visit by two days, renames the client, edits an objective
    data = case_data()
    data["client"]["name"] = "Siti Aminah Lubis"
    data["intervention"]["sessions"][1]["date"] = day(5)
    data["planning"]["goals"][0]["objectives"][0]["target"] = 6
    write_case(folder, data)
    r = run("agenda", folder, "--format", "ics", "-o", out, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["changed"] == 2 and json.loads(r.stdout)["new"] == 0
    second = events(out.read_bytes())
    assert set(second) == set(first)  # every UID kept: a re-import updates, never duplicates
    moved = [u for u in first if first[u]["dtstart"].dt != second[u]["dtstart"].dt]
    assert len(moved) == 1 and second[moved[0]]["dtstart"].dt == TODAY + dt.timedelta(days=5)
    for uid in first:
        changed = first[uid]["description"] != second[uid]["description"] or uid in moved
        assert int(second[uid]["sequence"]) == (1 if changed else 0)
        if changed:
            assert second[uid]["dtstamp"].dt >= first[uid]["dtstamp"].dt
            assert second[uid]["created"].dt == first[uid]["created"].dt
        else:
            assert second[uid]["dtstamp"].dt == first[uid]["dtstamp"].dt


def test_a_new_session_adds_one_event_and_keeps_the_others(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    first = events(out.read_bytes())
    data = case_data()
    data["intervention"]["sessions"].append({"date": day(24), "kind": "training"})
    write_case(folder, data)
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    second = events(out.read_bytes())
    assert set(first) < set(second) and len(second) == len(first) + 1


def test_uids_come_from_the_case_id_not_from_names(folder: Path) -> None:
    from intervensi.agenda_ics import calendar
    from intervensi.cohort import Cohort

    a = events(calendar(Cohort([folder], cache=False)).data)
    data = case_data(name="Nama Lain Sekali")
    write_case(folder, data)
    b = events(calendar(Cohort([folder], cache=False)).data)
    assert set(a) == set(b)
    # two files with one case id (two folders merged) never share an event
    write_case(folder / "salinan", case_data())
    cal = calendar(Cohort([folder], cache=False))
    assert cal.events == 2 * len(a) and len(events(cal.data)) == 2 * len(a)


def test_anonymised_calendar_holds_only_pseudonyms(run, folder: Path, tmp_path: Path) -> None:
    from intervensi.anon_text import fold

    out = tmp_path / "anon.ics"
    r = run("agenda", folder, "--format", "ics", "-o", out, "--anonymize")
    assert r.exit_code == 0, r.output
    raw = out.read_bytes().decode("utf-8")
    text = fold(raw.replace("\r\n ", ""))
    for secret in ["Siti", "Aminah", "Rahmat", "Hidayat", "keluarga-siti", "SA (", "Pendamping Dewi", "Kunjungan ke", "mencatat"]:
        assert fold(secret) not in text, secret
    evs = events(raw)
    assert len(evs) == 7
    pseudonyms = {str(e["summary"]).split(" · ")[1] for e in evs.values()}
    assert len(pseudonyms) == 1 and next(iter(pseudonyms)).startswith("Kasus-")
    # the pseudonym is the anonymiser's, the same as in an anonymised export
    r = run("export", folder, "--anonymize", "--format", "jsonl")
    assert json.loads(r.stdout.splitlines()[0])["case"] in pseudonyms
    # and the UIDs are not those of the plain calendar (they are keyed, not the case id's digest)
    plain = events(run("agenda", folder, "--format", "ics").stdout)
    assert not set(plain) & set(evs)


def test_an_existing_file_not_written_by_intervensi_is_kept(run, folder: Path, tmp_path: Path) -> None:
    mine = tmp_path / "personal.ics"
    original = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//Calendar//EN\r\nEND:VCALENDAR\r\n"
    mine.write_bytes(original)
    r = run("agenda", folder, "--format", "ics", "-o", mine)
    assert r.exit_code == 10 and "--force" in r.stderr
    assert mine.read_bytes() == original
    r = run("agenda", folder, "--format", "ics", "-o", mine, "--force")
    assert r.exit_code == 0 and len(events(mine.read_bytes())) == 7
    case_file = folder / "keluarga-siti.yaml"
    before = case_file.read_bytes()
    r = run("agenda", folder, "--format", "ics", "-o", case_file, "--force")
    assert r.exit_code == 10 and case_file.read_bytes() == before


def test_ics_reports_unreadable_files_and_bad_format(run, folder: Path, tmp_path: Path) -> None:
    (folder / "rusak.yaml").write_text("schema_version: 1\nid: rusak\nlevel: [\n", "utf-8")
    r = run("agenda", folder, "--format", "ics", "-o", tmp_path / "a.ics")
    assert r.exit_code == 3 and "rusak.yaml" in r.stderr
    assert len(events((tmp_path / "a.ics").read_bytes())) == 7
    r = run("agenda", folder, "--format", "ical")
    assert r.exit_code == 2 and "table or ics" in r.stderr


def test_within_limits_how_far_ahead(run, folder: Path) -> None:
    r = run("agenda", folder, "--format", "ics", "--within", "12")
    cats = by_category(events(r.stdout))
    assert set(cats) == {"visit", "objective", "contract_review"}  # day 3 visit, the passed objective, day 10 review


def test_a_link_in_place_of_the_calendar_is_never_followed(run, folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.ics"
    target.write_bytes(b"precious")
    link = tmp_path / "agenda.ics"
    link.symlink_to(target)
    r = run("agenda", folder, "--format", "ics", "-o", link, "--force")
    assert r.exit_code == 9 and target.read_bytes() == b"precious" and link.is_symlink()


def test_events_no_longer_coming_are_cancelled_once_then_kept(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    first = events(out.read_bytes())
    data = case_data()
    data["stage"] = "closed"  # the case is closed: none of its coming dates comes any more
    write_case(folder, data)
    r = run("agenda", folder, "--format", "ics", "-o", out, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["events"] == 0 and json.loads(r.stdout)["cancelled"] == 6
    second = events(out.read_bytes())
    # every event still ahead is sent as cancelled, with the same UID and a higher SEQUENCE;
    # the objective whose date has passed is simply left out
    assert set(second) == {u for u, e in first.items() if e["dtstart"].dt >= TODAY}
    for uid, e in second.items():
        assert str(e["status"]) == "CANCELLED" and int(e["sequence"]) == int(first[uid]["sequence"]) + 1
        assert e["dtstart"].dt == first[uid]["dtstart"].dt and e["summary"] == first[uid]["summary"]
    # a further run changes nothing
    before = out.read_bytes()
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    assert out.read_bytes() == before
    # the case reopened: the events come back with a higher SEQUENCE still, no longer cancelled
    write_case(folder, case_data())
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    third = events(out.read_bytes())
    assert set(third) == set(first)
    assert all(third[u].get("status") is None and int(third[u]["sequence"]) == 2 for u in second)


def test_another_selection_cancels_nothing(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert run("agenda", folder, "--format", "ics", "-o", out).exit_code == 0
    r = run("agenda", folder, "--format", "ics", "-o", out, "--worker", "Somebody Else", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["events"] == 0 and json.loads(r.stdout)["cancelled"] == 0
    assert events(out.read_bytes()) == {}


def test_json_needs_an_output_file(run, folder: Path) -> None:
    r = run("agenda", folder, "--format", "ics", "--json")
    assert r.exit_code == 2 and "--output" in r.stdout + r.stderr


def test_anonymised_calendar_of_the_apostrophe_field_case(run, tmp_path: Path) -> None:
    """shared/data/field-cases/anon-apostrophe.yaml, with a coming visit: no spelling of the names in the calendar."""
    from intervensi.anon_text import fold

    src = Path(__file__).parent / "fixtures" / "field-cases" / "anon-apostrophe.yaml"
    data = yaml.safe_load(src.read_text("utf-8"))
    data.setdefault("intervention", {}).setdefault("sessions", []).append({"date": day(2), "kind": "home_visit", "title": "Kunjungan ke Bu Nur’aini"})
    data["stage"] = "intervention"
    folder = tmp_path / "kasus"
    write_case(folder, data, name=src.stem)
    r = run("agenda", folder, "--format", "ics", "--anonymize")
    assert r.exit_code == 0, r.output
    assert events(r.stdout)
    text = fold(r.stdout.replace("\r\n ", ""))
    words = {w for m in [data["client"], *data["client"].get("members", [])] for w in str(m.get("name", "")).replace("’", "'").split()}
    for w in words | {data["id"]}:
        assert len(w) < 3 or fold(w) not in text, w
