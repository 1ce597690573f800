"""Anonymised cases: pseudonyms stable under a key, identifying fields gone, ages not birth dates."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from intervensi.anonymize import Anonymizer, age_on, workspace_key
from intervensi.casefile import load_case


def test_pseudonyms_are_stable_and_keyed() -> None:
    a, b = Anonymizer(b"k1"), Anonymizer(b"k2")
    p = a.pseudonym("client", "Ibu S")
    assert p.startswith("Klien-") and len(p) == len("Klien-") + 6
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
    assert all(p.name is None or p.name.startswith("Orang-") for p in people)


def test_workspace_key_is_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / ".intervensi-secret"
    k1 = workspace_key(path)
    assert (os.stat(path).st_mode & 0o777) == 0o600
    assert workspace_key(path) == k1 and len(k1) == 32


def test_age_on() -> None:
    assert age_on(dt.date(1993, 5, 2), dt.date(2025, 5, 1)) == 31
    assert age_on(dt.date(1993, 5, 2), dt.date(2025, 5, 2)) == 32
    assert age_on(1993, dt.date(2025, 12, 1)) == 32
