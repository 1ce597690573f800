"""`intervensi import ROSTER`: one case per family, preview, idempotence, mapping, duplicates (docs/how-to/import-roster.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from roster_helpers import HEADER, KK, NIK, digests, family, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[1]


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)


def test_one_case_per_family_with_the_household_as_genogram_people(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "kpm.xlsx", [family(1), family(2, **{"Anggota Keluarga": ""})])
    r = run("import", roster, "--dir", "cases", "--yes")
    assert r.exit_code == 0, r.output
    files = sorted((tmp_path / "cases").glob("*.yaml"))
    assert [f.name for f in files] == ["kpm-0001.yaml", "kpm-0002.yaml"]
    case = load_case(files[0])
    assert case.client.kind.value == "family"
    assert case.client.name == family(1)[0]
    assert case.client.family_card == KK[1] and case.client.id_number == NIK[10]
    assert case.client.region == "Sukamaju" and case.client.programmes == ["PKH", "anak SD"]
    assert case.client.born.isoformat() == "1981-06-11"  # type: ignore[union-attr]
    gen = case.assessment.genogram  # type: ignore[union-attr]
    assert gen is not None
    assert [(p.name, p.index, p.id_number, p.household) for p in gen.people] == [
        (family(1)[0], True, NIK[10], "rumah"), ("Budi Santoso", False, NIK[11], "rumah"), ("Ani", False, NIK[12], "rumah")]
    assert gen.people[1].sex.value == "male" and gen.people[2].sex.value == "female"
    assert [u.partners for u in gen.unions] == [["p2", "p1"]]  # husband left
    assert [(c.child, c.union) for c in gen.children] == [("p3", "u1")]
    lone = load_case(files[1]).assessment.genogram  # type: ignore[union-attr]
    assert lone is not None and [p.index for p in lone.people] == [True]
    # the comments of the template are in each new case, and `check` accepts every file
    assert "# 2. Assessment" in files[0].read_text(encoding="utf-8")
    assert run("check", "cases").exit_code == 0


def test_preview_writes_nothing_and_never_prompts_without_a_terminal(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "kpm.xlsx", [family(1), family(2)])
    r = run("import", roster, "--dir", "cases")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "cases").exists() or not list((tmp_path / "cases").glob("*.yaml"))
    assert "kpm-0001" in r.stdout and "kpm-0002" in r.stdout
    assert "--yes" in r.stderr and "Nothing written" in r.stderr


@pytest.mark.parametrize(("answer", "written"), [("n\n", False), ("\n", False), ("y\n", True)])
def test_at_a_terminal_the_preview_asks_before_writing(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, written: bool) -> None:
    from intervensi.cli import roster as cli_roster

    monkeypatch.setattr(cli_roster, "_interactive", lambda: True)
    r = run("import", write_xlsx(tmp_path / "kpm.xlsx", [family(1)]), "--dir", "cases", input=answer)
    assert r.exit_code == 0, r.output
    assert "Apply these changes?" in r.output
    assert (tmp_path / "cases" / "kpm-0001.yaml").exists() is written


def test_a_second_run_with_the_same_roster_creates_and_changes_nothing(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "kpm.xlsx", [family(1), family(2), family(3)])
    assert run("import", roster, "--dir", "cases", "--yes").exit_code == 0
    before = digests(tmp_path / "cases")
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 0, r.output
    out = _json(r)
    assert out["counts"]["new"] == 0 and out["counts"]["changed"] == 0 and out["counts"]["same"] == 3
    assert digests(tmp_path / "cases") == before
    # the same families from a CSV export of the roster are the same families
    csv = write_csv(tmp_path / "kpm.csv", [family(1), family(2), family(3)])
    r = run("import", csv, "--dir", "cases", "--yes")
    assert r.exit_code == 0 and "Nothing to do" in r.stderr
    assert digests(tmp_path / "cases") == before


def test_an_updated_roster_shows_new_families_and_changed_fields_and_changes_only_with_yes(run, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "v1.xlsx", [family(1), family(2)])
    assert run("import", first, "--dir", "cases", "--yes").exit_code == 0
    case1 = tmp_path / "cases" / "kpm-0001.yaml"
    case1.write_text(case1.read_text(encoding="utf-8").replace("stage: engagement", "stage: engagement  # kept by hand"), encoding="utf-8")
    members = family(1)[7] + f"; Tono (anak, L, 2015, {NIK[13]})"
    second = write_xlsx(tmp_path / "v2.xlsx", [family(1, Alamat="Dusun 9 RT 03/RW 01", **{"Anggota Keluarga": members}), family(2), family(3)])
    before = digests(tmp_path / "cases")
    r = run("import", second, "--dir", "cases", "--json")
    assert r.exit_code == 0, r.output
    out = _json(r)
    assert out["counts"] == {"new": 1, "changed": 1, "same": 1, "closed": 0, "bad_rows": 0, "empty_rows": 0}
    changed = next(f for f in out["families"] if f["status"] == "changed")
    assert changed["id"] == "kpm-0001" and changed["row"] == 2
    assert {c["field"] for c in changed["changes"]} == {"client.address", "genogram.people p4"}
    assert digests(tmp_path / "cases") == before  # a preview
    r = run("import", second, "--dir", "cases", "--yes")
    assert r.exit_code == 0, r.output
    case = load_case(case1)
    assert case.client.address == "Dusun 9 RT 03/RW 01"
    assert [p.name for p in case.assessment.genogram.people][-1] == "Tono"  # type: ignore[union-attr]
    assert "# kept by hand" in case1.read_text(encoding="utf-8")
    assert (tmp_path / "cases" / "kpm-0003.yaml").exists()
    assert run("import", second, "--dir", "cases", "--yes").stderr.count("Nothing to do") == 1


def test_english_headers_and_a_mapping_file_for_others(run, tmp_path: Path) -> None:
    english = ["Head of household", "National ID", "Family card number", "Sex", "Date of birth", "Address", "Village", "Household members", "Benefits"]
    r = run("import", write_csv(tmp_path / "en.csv", [family(1)], header=english), "--dir", "en", "--yes")
    assert r.exit_code == 0, r.output
    assert load_case(tmp_path / "en" / "kpm-0001.yaml").client.family_card == KK[1]
    odd = ["Penerima Manfaat", "Nomor Identitas", "Nomor Keluarga", "JK", "Lahir", "Alamat", "Desa", "ART", "Komponen"]
    roster = write_csv(tmp_path / "odd.csv", [family(1)], header=odd)
    r = run("import", roster, "--dir", "odd")
    assert r.exit_code == 3 and "roster" not in r.stdout  # no header row recognised
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nname = "Penerima Manfaat"\nnik = "Nomor Identitas"\nkk = "Nomor Keluarga"\nborn = "Lahir"\n', encoding="utf-8")
    r = run("import", roster, "--dir", "odd", "--mapping", mapping, "--yes")
    assert r.exit_code == 0, r.output
    case = load_case(tmp_path / "odd" / "kpm-0001.yaml")
    assert case.client.id_number == NIK[10] and case.client.born.isoformat() == "1981-06-11"  # type: ignore[union-attr]
    yaml_mapping = tmp_path / "map.yaml"
    yaml_mapping.write_text("columns:\n  name: Penerima Manfaat\n  nik: Nomor Identitas\n  kk: Nomor Keluarga\n", encoding="utf-8")
    r = run("import", roster, "--dir", "odd-yaml", "--mapping", yaml_mapping, "--yes")
    assert r.exit_code == 0, r.output
    assert load_case(tmp_path / "odd-yaml" / "kpm-0001.yaml").client.family_card == KK[1]
    mapping.write_text('[columns]\nnama = "Penerima Manfaat"\n', encoding="utf-8")
    r = run("import", roster, "--dir", "odd", "--mapping", mapping)
    assert r.exit_code == 2 and "nama" in r.stderr


def test_a_roster_without_a_kk_column_is_refused_naming_what_is_missing(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "x.xlsx", [["Siti", NIK[1], "Sukamaju"]], header=["Nama", "NIK", "Desa"])
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    assert _json(r)["error"]["key"] == "roster_missing_column" and "kk" in r.stderr
    assert not (tmp_path / "cases").exists()


def test_not_a_spreadsheet_is_refused_with_exit_code_3(run, tmp_path: Path) -> None:
    bad = tmp_path / "roster.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run("import", bad, "--dir", "cases")
    assert r.exit_code == 3 and "unexpected" not in r.output


# --------------------------------------------------------------------------- duplicates


def test_duplicate_kk_in_the_roster_refuses_both_rows_and_writes_nothing(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "d.xlsx", [family(1), family(2), family(3, **{"No KK": KK[1]})])
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    problems = _json(r)["problems"]
    assert {(p["row"], p["key"], p["column_letter"]) for p in problems} == {(2, "roster_dup_kk", "C"), (4, "roster_dup_kk", "C")}
    assert not list((tmp_path / "cases").glob("*.yaml")) if (tmp_path / "cases").exists() else True
    assert KK[1] not in r.stderr
    # the other rows are imported on request, the duplicates still listed (exit code 3)
    r = run("import", roster, "--dir", "cases", "--yes", "--skip-bad-rows")
    assert r.exit_code == 3
    assert [load_case(p).client.family_card for p in sorted((tmp_path / "cases").glob("*.yaml"))] == [KK[2]]
    assert "row 2, column C (No KK)" in r.stderr and "row 4, column C (No KK)" in r.stderr


def test_duplicate_nik_in_the_roster_and_against_another_familys_case_is_never_merged(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "a.xlsx", [family(1), family(2, NIK=NIK[11])])  # row 3's head is row 2's husband
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    assert {(p["row"], p["key"]) for p in _json(r)["problems"]} == {(2, "roster_dup_nik"), (3, "roster_dup_nik")}
    assert run("import", write_xlsx(tmp_path / "b.xlsx", [family(1)]), "--dir", "cases", "--yes").exit_code == 0
    before = digests(tmp_path / "cases")
    other = write_xlsx(tmp_path / "c.xlsx", [family(5, NIK=NIK[12])])  # Ani, a child in kpm-0001, as the head of another family
    r = run("import", other, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    (p,) = _json(r)["problems"]
    assert p["key"] == "roster_nik_case" and p["row"] == 2 and "kpm-0001" in p["message"]
    assert digests(tmp_path / "cases") == before


def test_a_closed_case_is_left_alone_and_said_so(run, tmp_path: Path) -> None:
    assert run("import", write_xlsx(tmp_path / "a.xlsx", [family(1)]), "--dir", "cases", "--yes").exit_code == 0
    path = tmp_path / "cases" / "kpm-0001.yaml"
    text = path.read_text(encoding="utf-8").replace("termination: {}", "termination:\n  date: 2026-01-05\n  kind: transfer\n  summary: moved away")
    path.write_text(text.replace("stage: engagement", "stage: closed"), encoding="utf-8")
    assert load_case(path).closed
    before = digests(tmp_path / "cases")
    r = run("import", write_xlsx(tmp_path / "b.xlsx", [family(1, Alamat="elsewhere")]), "--dir", "cases", "--yes")
    assert r.exit_code == 0, r.output
    assert "closed" in r.stderr and digests(tmp_path / "cases") == before


# --------------------------------------------------------------------------- output


def test_json_output_has_a_stable_shape(run, tmp_path: Path) -> None:
    r = run("import", write_xlsx(tmp_path / "a.xlsx", [family(1)]), "--dir", "cases", "--json")
    out = _json(r)
    assert set(out) == {"version", "command", "ok", "roster", "sheet", "header_row", "encoding", "columns", "ignored_columns", "merged",
                        "heading_rows", "folder", "counts", "families", "problems", "unreadable_cases", "applied", "failed"}
    assert out["command"] == "import" and out["applied"] is False
    assert out["columns"]["kk"] == {"header": "No KK", "column": "C"}
    assert set(out["families"][0]) == {"row", "status", "id", "path", "people", "changes", "written"}


def test_messages_in_indonesian(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "a.xlsx", [family(1, NIK="123")])
    r = run("--lang", "id", "import", roster, "--dir", "cases")
    assert r.exit_code == 3
    assert "baris 2, kolom B (NIK): 3 digit" in r.stderr and "tidak ada yang ditulis" in r.stderr


def test_the_example_roster_imports_300_families(tmp_path: Path) -> None:
    from intervensi.roster import import_roster

    plan, result = import_roster(ROOT / "docs" / "examples" / "roster-pkh-300.xlsx", tmp_path / "cases")
    assert plan.ok and len(result.created) == 300 and not result.failed
    again, _ = import_roster(ROOT / "docs" / "examples" / "roster-pkh-300.csv", tmp_path / "cases")
    assert again.counts()["same"] == 300 and again.counts()["new"] == 0
    # the NIKs are visibly fake: 16 digits beginning 99
    assert all(s.family.nik and s.family.nik.startswith("99") and s.family.kk.startswith("99") for s in again.steps)



@pytest.mark.parametrize("name", ["family_card", "id_number"])
def test_anonymised_copies_drop_nik_and_kk_and_scrub_them_from_text(run, tmp_path: Path, name: str) -> None:
    from intervensi.anonymize import Anonymizer

    assert run("import", write_xlsx(tmp_path / "a.xlsx", [family(1)]), "--dir", "cases", "--yes").exit_code == 0
    path = tmp_path / "cases" / "kpm-0001.yaml"
    text = path.read_text(encoding="utf-8").replace("  sessions: []", f"  sessions:\n    - date: 2026-01-05\n      kind: home_visit\n      notes: KK {KK[1]} / NIK anak {NIK[12]}")
    path.write_text(text, encoding="utf-8")
    anon, removed = Anonymizer(b"k" * 32).case(load_case(path))
    dumped = anon.model_dump_json()
    for number in (KK[1], NIK[10], NIK[11], NIK[12]):
        assert number not in dumped
    assert anon.client.family_card is None and all(p.id_number is None for p in anon.assessment.genogram.people)  # type: ignore[union-attr]
    assert any(name in r for r in removed)


def test_case_ids_from_the_roster_are_used_and_never_clash(run, tmp_path: Path) -> None:
    header = [*HEADER, "ID Kasus"]
    roster = write_csv(tmp_path / "a.csv", [[*family(1), "pkh-a"], [*family(2), "pkh-b"]], header=header)
    assert run("import", roster, "--dir", "cases", "--yes").exit_code == 0
    assert digests(tmp_path / "cases").keys() == {"pkh-a.yaml", "pkh-b.yaml"}
    before = digests(tmp_path / "cases")
    assert run("import", roster, "--dir", "cases", "--yes").exit_code == 0  # the same families: nothing clashes
    clash = write_csv(tmp_path / "b.csv", [[*family(3), "pkh-a"], [*family(4), "pkh-c"], [*family(5), "pkh-c"]], header=header)
    r = run("import", clash, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    assert sorted((p["row"], p["key"]) for p in json.loads(r.stdout)["problems"]) == [
        (2, "roster_case_id_taken"), (3, "roster_case_id_twice"), (4, "roster_case_id_twice")]
    assert digests(tmp_path / "cases") == before


def test_a_member_found_by_nik_gets_the_rosters_corrections_and_empty_cells_erase_nothing(run, tmp_path: Path) -> None:
    assert run("import", write_xlsx(tmp_path / "a.xlsx", [family(1)]), "--dir", "cases", "--yes").exit_code == 0
    members = f"Budi Santoso (suami, 1979, {NIK[11]}); Ani Rahma (anak, P, 2012, {NIK[12]})"  # a birth year and a name corrected
    roster = write_xlsx(tmp_path / "b.xlsx", [family(1, Alamat=None, Komponen=None, **{"Anggota Keluarga": members})])
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 0, r.output
    (fam,) = json.loads(r.stdout)["families"]
    assert {c["field"] for c in fam["changes"]} == {"genogram.people p2.born", "genogram.people p3.name"}
    case = load_case(tmp_path / "cases" / "kpm-0001.yaml")
    people = case.assessment.genogram.people  # type: ignore[union-attr]
    assert (people[1].born, people[2].name) == (1979, "Ani Rahma")
    assert case.client.address == "Dusun 1 RT 01/RW 02" and case.client.programmes == ["PKH", "anak SD"]  # empty cells: kept


def test_a_run_cut_off_half_way_is_finished_by_running_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import intervensi.store as store
    from intervensi.roster import apply_import, plan_import

    roster = write_xlsx(tmp_path / "a.xlsx", [family(n) for n in range(1, 9)])
    real = store.create_exclusive
    calls = {"n": 0}

    def cut(path: Path, text: str, **kw: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # Ctrl-C while writing the 4th file
        real(path, text)

    monkeypatch.setattr(store, "create_exclusive", cut)
    with pytest.raises(KeyboardInterrupt):
        apply_import(plan_import(roster, tmp_path / "cases"))
    written = digests(tmp_path / "cases")
    assert 0 < len(written) < 8
    for name in written:  # whole files only
        load_case(tmp_path / "cases" / name)
    monkeypatch.setattr(store, "create_exclusive", real)
    plan = plan_import(roster, tmp_path / "cases")
    assert plan.counts()["new"] == 8 - len(written) and plan.counts()["same"] == len(written)
    apply_import(plan)
    after = digests(tmp_path / "cases")
    assert len(after) == 8 and all(after[k] == v for k, v in written.items())
    assert plan_import(roster, tmp_path / "cases").counts()["same"] == 8


def test_every_roster_message_is_in_both_languages_with_the_same_placeholders() -> None:
    import re

    from intervensi.roster_msgs import MESSAGES

    for key, texts in MESSAGES.items():
        assert set(texts) == {"en", "id"} and all(t.strip() for t in texts.values()), key
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["id"])), key
    # every key raised in the roster modules has its words
    src = (ROOT / "src" / "intervensi")
    raised = set()
    for name in ("roster.py", "roster_read.py", "roster_rows.py", "roster_values.py"):
        text = (src / name).read_text(encoding="utf-8")
        raised |= set(re.findall(r'key="(roster_\w+)"', text)) | set(re.findall(r'(?:Bad|Problem)\([^"]*"(roster_\w+)"', text))
    assert raised and all(f"err.{k}" in MESSAGES for k in raised), sorted(k for k in raised if f"err.{k}" not in MESSAGES)


def test_help_in_indonesian(run) -> None:
    import os
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "intervensi", "import", "--help"], capture_output=True, text=True,
                         env={**os.environ, "INTERVENSI_LANG": "id"})
    assert out.returncode == 0 and "satu kasus per keluarga" in out.stdout


def test_an_unreadable_case_in_the_folder_stops_the_import_so_no_family_is_created_twice(run, tmp_path: Path) -> None:
    assert run("import", write_xlsx(tmp_path / "a.xlsx", [family(1)]), "--dir", "cases", "--yes").exit_code == 0
    broken = tmp_path / "cases" / "kpm-0001.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("stage: engagement", "stage: [broken"), encoding="utf-8")
    before = digests(tmp_path / "cases")
    roster = write_xlsx(tmp_path / "b.xlsx", [family(1), family(2)])
    r = run("import", roster, "--dir", "cases", "--yes")
    assert r.exit_code == 3 and "kpm-0001.yaml" in r.stderr and "twice" in r.stderr
    assert digests(tmp_path / "cases") == before
