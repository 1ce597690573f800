"""Anonymised cases: pseudonyms stable under a key, identifying fields gone, ages not birth dates."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import os
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from intervensi.anonymize import Anonymizer, Scrubber, age_on, workspace_key
from intervensi.casefile import load_case
from intervensi.cohort import Cohort
from intervensi.export import TABLES, export
from intervensi.yamlio import parse

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "cases").glob("*.yaml"))
KEY = b"test key"


def test_pseudonyms_are_stable_and_keyed() -> None:
    a, b = Anonymizer(b"k1"), Anonymizer(b"k2")
    p = a.pseudonym("client", "Ibu S")
    assert re.fullmatch(r"Klien-[A-Z2-7]{13}", p)  # 64 bits (and one more) in base32
    assert a.pseudonym("client", "ibu  s") == p  # spacing and case do not matter
    assert Anonymizer(b"k1").pseudonym("client", "Ibu S") == p
    assert b.pseudonym("client", "Ibu S") != p
    assert a.pseudonym("client", "Ibu T") != p


def test_case_is_anonymised(reference: Path) -> None:
    case = load_case(reference)
    data = case.model_dump(mode="python")
    data["client"].update(name="Siti Aminah", phone="0812345678", address="Jl. Mawar 1", born=dt.date(1993, 5, 2), age=None)
    data["client"]["members"] = [{"id": "m1", "name": "Budi", "born": 2015}]
    case = type(case).model_validate(data)
    anon, removed = Anonymizer(b"key").case(case, today=dt.date(2025, 6, 1))
    dumped = anon.model_dump_json()
    for secret in ("Siti Aminah", "0812345678", "Mawar", "Budi", "1993-05-02", "pkh-s-2025"):
        assert secret not in dumped
    assert anon.client.age == 32
    assert anon.client.name.startswith("Klien-")
    assert anon.client.members[0].name.startswith("Anggota-") and anon.client.members[0].born is None
    assert {"client.name", "client.phone", "client.address", "client.born", "client.members.0.name", "id"} <= set(removed)
    assert all(s.notes is None for s in anon.sessions)
    people = anon.assessment.genogram.people if anon.assessment and anon.assessment.genogram else []
    # The index person is the client: same pseudonym in the genogram as in the case.
    assert all(p.name is None or p.name.startswith("Orang-") or p.name == anon.client.name for p in people)
    assert any(p.index and p.name == anon.client.name for p in people)


def test_workspace_key_is_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / ".intervensi-secret"
    k1 = workspace_key(path)
    assert (os.stat(path).st_mode & 0o777) == 0o600
    assert workspace_key(path) == k1 and len(k1) == 32


def test_age_on() -> None:
    assert age_on(dt.date(1993, 5, 2), dt.date(2025, 5, 1)) == 31
    assert age_on(dt.date(1993, 5, 2), dt.date(2025, 5, 2)) == 32
    assert age_on(1993, dt.date(2025, 12, 1)) == 32


# --------------------------------------------------------------------------- names in free text


def _source_secrets(path: Path) -> tuple[list[str], list[str]]:
    """Names and other identifying strings, and birth dates, read from the source YAML itself."""
    data = parse(path.read_text("utf-8"))
    client = data["client"]
    personal = client["kind"] in ("individual", "family")
    names: list[str] = [client["name"]]
    words: list[str] = []
    if client.get("initials"):
        names.append(client["initials"])
    names += [client[k] for k in ("address", "phone", "id_number") if client.get(k)]
    borns: list[Any] = [client.get("born")]
    for m in client.get("members") or []:
        names.append(m["name"])
        borns.append(m.get("born"))
        if client["kind"] in ("individual", "family", "group"):
            words += m["name"].split()
    genogram = (data.get("assessment") or {}).get("genogram") or {}
    for p in genogram.get("people") or []:
        if p.get("name"):
            names.append(p["name"])
            words += p["name"].split()
        borns.append(p.get("born"))
    if personal:
        words += client["name"].split()
    # A given name alone ("Ibu Siti" for "Siti Aminah"): capitalised words that are not a title.
    titles = {"Ibu", "Bapak", "Nenek", "Kakek", "Paman", "Anak", "Keluarga"}
    names += [w for w in words if len(w) > 3 and w[:1].isupper() and w not in titles]
    dates = [b.isoformat() for b in borns if isinstance(b, dt.date)]
    return names, dates


def _leaks(text: str, names: list[str], dates: list[str]) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    found = []
    for name in names:
        flags = 0 if sum(ch.isalnum() for ch in name) <= 2 else re.IGNORECASE
        if re.search(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", text, flags):
            found.append(name)
    return found + [d for d in dates if d in text]


def _anonymised_outputs(path: Path, tmp_path: Path) -> dict[str, str]:
    """``Anonymizer.case()`` as JSON, and every table of the anonymised export in csv and jsonl."""
    anon = Anonymizer(KEY)
    case = load_case(path)
    new, _removed = anon.case(case, today=dt.date(2026, 1, 1))
    out = {"case.json": new.model_dump_json(by_alias=True)}
    cohort = Cohort([path], cache=False, jobs=1, today=dt.date(2026, 1, 1))
    for table in TABLES:
        for fmt in ("csv", "jsonl"):
            buf = io.StringIO()
            export(cohort, buf, table=table, fmt=fmt, anonymize=anon)
            out[f"{table}.{fmt}"] = buf.getvalue()
    return out


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_cases_leak_no_name_or_birth_date(path: Path, tmp_path: Path) -> None:
    names, dates = _source_secrets(path)
    assert names
    for what, text in _anonymised_outputs(path, tmp_path).items():
        assert not _leaks(text, names, dates), f"{path.name}: {what} still holds a name or birth date"


def _gen() -> Any:
    spec = importlib.util.spec_from_file_location("gen_cohort", ROOT / "benchmarks" / "gen_cohort.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_cohort"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_generated_cases_leak_no_name_or_birth_date(tmp_path: Path) -> None:
    gen = _gen()
    rng = random.Random(11)
    checked = with_dates = 0
    for i in range(60):
        path = tmp_path / f"case-{i}.yaml"
        path.write_text(gen.case_text(i, rng, dt.date(2026, 6, 1)), "utf-8")
        names, dates = _source_secrets(path)
        source = path.read_text("utf-8")
        # The generator writes names inside free text: the test must have something to find.
        assert sum(len(re.findall(re.escape(n), source)) for n in names) > len(names) - 1
        outputs = _anonymised_outputs(path, tmp_path)
        for what, text in outputs.items():
            assert not _leaks(text, names, dates), f"generated case {i}: {what} still holds a name or birth date"
        checked += 1
        with_dates += bool(dates)
    assert checked == 60 and with_dates >= 5


# --------------------------------------------------------------------------- the scrubber


def _case_with_text(reference: Path, **extra: Any) -> Any:
    case = load_case(reference)
    data = case.model_dump(mode="python", by_alias=True)
    data["client"].update(name="Siti Aminah", initials="SA", born=dt.date(1990, 2, 3), age=None, kind="individual")
    data["client"]["members"] = [{"id": "budi", "name": "Bapak Budi", "born": 1985}]
    for k, v in extra.items():
        node = data
        *head, last = k.split(".")
        for h in head:
            node = node[int(h)] if isinstance(node, list) else node[h]
        node[last] = v
    return type(case).model_validate(data)


def test_names_in_free_text_become_the_same_pseudonym(reference: Path) -> None:
    case = _case_with_text(
        reference,
        title="Pendampingan Ibu Siti Aminah",
        **{
            "engagement.referral_source": "Tetangga SITI aminah dan bapak budi",
            "engagement.presenting_problem": "Siti\n  Aminah cemas; Budiman (bukan klien) membantu; lahir 3 Februari 1990 (1990-02-03)",
            "assessment.summary": "SA dan Pak Budi; a note in English with a word a",
        },
    )
    anon = Anonymizer(KEY)
    new, removed = anon.case(case, today=dt.date(2026, 1, 1))
    client, budi = new.client.name, new.client.members[0].name
    assert new.title == f"Pendampingan Ibu {client}"
    assert new.engagement is not None and new.assessment is not None
    assert new.engagement.referral_source == f"Tetangga {client} dan {budi}"
    problem = new.engagement.presenting_problem or ""
    assert problem.startswith(f"{client} cemas") and "Budiman" in problem  # whole words only
    assert "1990" not in problem and "Februari" not in problem
    assert new.assessment.summary == f"{client} dan Pak {budi}; a note in English with a word a"
    assert {"title", "engagement.referral_source", "assessment.summary"} <= set(removed)
    assert new.client.age == 35


def test_ids_are_renumbered_and_references_follow(reference: Path) -> None:
    case = load_case(reference)
    new, _ = Anonymizer(KEY).case(case)
    assert [g.id for g in new.goals] == [f"g{i}" for i in range(1, len(case.goals) + 1)]
    goal_map = {old.id: g.id for old, g in zip(case.goals, new.goals, strict=True)}
    assert [s.goals for s in new.sessions] == [[goal_map[x] for x in s.goals] for s in case.sessions]
    people = lambda c: [(p.id, p.household) for p in c.assessment.genogram.people]  # noqa: E731
    old_people, new_people = people(case), people(new)
    assert len(new_people) == len(old_people) and all(pid.startswith(("p", "m")) for pid, _ in new_people)
    assert not {pid for pid, _ in old_people if not pid.startswith("p")} & {pid for pid, _ in new_people}
    assert [m.value for m in new.measurements] == [m.value for m in case.measurements]
    objectives = {o.id for g in new.goals for o in g.objectives}
    assert {m.objective for m in new.measurements} <= objectives

def test_family_case_members_and_genogram(cases: Path) -> None:
    case = load_case(cases / "keluarga-h-2025.yaml")
    new, _ = Anonymizer(KEY).case(case)
    members = {m.id: m.name for m in new.client.members}
    people = {p.id: p.name for p in new.assessment.genogram.people}  # type: ignore[union-attr]
    drawn = {m.id for m in case.client.members} & {p.id for p in case.assessment.genogram.people}  # type: ignore[union-attr]
    assert len(drawn) >= 2
    both = set(members) & set(people)
    assert len(both) == len(drawn)  # a member drawn in the genogram keeps one id...
    assert all(people[k] == members[k] for k in both)  # ...and one pseudonym
    systems = new.assessment.ecomap.systems  # type: ignore[union-attr]
    old = case.assessment.ecomap.systems  # type: ignore[union-attr]
    i = next(i for i, s in enumerate(old) if s.id == "ibu-kandung")
    assert systems[i].name == "Extended family" or systems[i].name.startswith("Extended family ")  # its kind, not a name
    assert systems[i].member is not None and systems[i].member in members and members[systems[i].member] == people[systems[i].member]
    dumped = new.model_dump_json()
    assert "Ibu Y" not in dumped and "Nenek S" not in dumped and "Bapak H" not in dumped


def test_scrubber_rules() -> None:
    sc = Scrubber()
    sc.add("Nenek S", "P1")
    sc.add("S", "P2")
    sc.add("Ani", "P3")
    sc.add("José", "P4")
    assert sc("nenek s dan S, s; Nenek S") == "P1 dan P2, s; P1"  # a short name matches as written only
    assert sc("ANI, ani dan Anita") == "P3, P3 dan Anita"
    nfd = unicodedata.normalize("NFD", "bertemu Jose\u0301 kemarin")
    assert sc(nfd) == "bertemu P4 kemarin"
    assert sc("JOSÉ") == "P4"
    assert Scrubber()("nothing to do") == "nothing to do"


def test_anonymised_export_has_pseudonym_in_client_column(cases: Path) -> None:
    buf = io.StringIO()
    export(Cohort([cases], cache=False, jobs=1), buf, table="cases", fmt="jsonl", anonymize=Anonymizer(KEY))
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert rows and all(r["client"].startswith("Klien-") and r["case"].startswith("Kasus-") for r in rows)


def test_generated_cases_anonymised_reports_leak_no_name_or_birth_date(tmp_path: Path) -> None:
    """The same scan over anonymised reports (HTML, Markdown, DOCX, care plan) of generated cases."""
    import html as htmllib

    import docx

    from intervensi.report import render_report

    gen = _gen()
    rng = random.Random(23)
    phase_labels = re.compile(r"(?:Phase|Fase) [AB]\b|A \(baseline\)|B \(interven(?:tion|si)\)|\\?\(A→B\\?\)")
    for i in range(12):
        path = tmp_path / f"case-{i}.yaml"
        path.write_text(gen.case_text(i, rng, dt.date(2026, 6, 1)), "utf-8")
        names, dates = _source_secrets(path)
        case = load_case(path)
        html = render_report(case, "html", anonymize=True).decode()
        outputs = {
            "html": htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", " ", html, flags=re.S))),
            "md": render_report(case, "md", anonymize=True).decode(),
            "care-plan": htmllib.unescape(re.sub(r"<[^>]+>", " ", render_report(case, "html", anonymize=True, kind="care-plan").decode())),
        }
        document = docx.Document(io.BytesIO(render_report(case, "docx", anonymize=True)))
        outputs["docx"] = "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])
        for what, text in outputs.items():
            assert not _leaks(phase_labels.sub(" ", text), names, dates), f"generated case {i}: anonymised {what} report still holds a name or birth date"
