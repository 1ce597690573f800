"""Anonymisation field cases (issue 11), copied from shared/data/field-cases: every spelling
of a known name, duplicate case ids, ids and places in diagrams, cross-case mentions, the
user's list, identifiers in free text, pseudonym width, and the researcher export."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervensi.anonymize import Anonymizer

FIELD = Path(__file__).parent / "fixtures" / "field-cases"
KEY = b"field key"


def _folder(tmp_path: Path, *names: str) -> Path:
    dest = tmp_path / "cases"
    dest.mkdir(exist_ok=True)
    for n in names:
        shutil.copy(FIELD / n, dest / Path(n).name)
    return dest


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_every_spelling_of_a_member_is_replaced(tmp_path: Path, run, fmt: str) -> None:
    folder = _folder(tmp_path, "anon-apostrophe.yaml")
    out = tmp_path / f"s.{fmt}"
    res = run("export", folder, "-t", "sessions", "-f", fmt, "--anonymize", "-o", out)
    assert res.exit_code == 0, res.output
    if fmt == "xlsx":
        import openpyxl

        text = "\n".join(str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row)
    else:
        text = out.read_text("utf-8")
    for word in ("Nur", "aini", "Nuraini", "Siregar"):
        assert not re.search(rf"(?i)(?<!\w){word}", text), (word, text)
    assert text.count("Anggota-") == 2  # both titles name the member, by one pseudonym
    assert "Kunjungan ke Bu Anggota-" in text


def test_pseudonyms_are_64_bits_and_do_not_collide(tmp_path: Path) -> None:
    anon = Anonymizer(KEY)
    names = [f"Ibu {i}" for i in range(20_000)]
    pseudonyms = {anon.pseudonym("client", n) for n in names}
    assert len(pseudonyms) == len(names)  # 24-bit pseudonyms gave 12 collisions here
    assert all(re.fullmatch(r"Klien-[A-Z2-7]{13}", p) for p in list(pseudonyms)[:50])


def test_two_files_with_one_case_id_get_two_pseudonyms(tmp_path: Path, run) -> None:
    shutil.copytree(FIELD / "dup-ids", tmp_path / "dup-ids")
    res = run("export", tmp_path / "dup-ids" / "a", tmp_path / "dup-ids" / "b", "-t", "cases", "-f", "jsonl", "--anonymize")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 2
    assert rows[0]["case"] != rows[1]["case"] and rows[0]["client"] != rows[1]["client"]
    again = run("export", tmp_path / "dup-ids" / "a", tmp_path / "dup-ids" / "b", "-t", "cases", "-f", "jsonl", "--anonymize")
    assert again.stdout == res.stdout  # still stable under the workspace key


def test_no_id_made_from_a_name_reaches_a_diagram(tmp_path: Path, run) -> None:
    folder = _folder(tmp_path, "xlsx-ctrl.yaml")
    case = folder / "xlsx-ctrl.yaml"
    # The ids `add-person --name "Siti Aminah"` and `add-system "Puskesmas Cibatu"` make.
    case.write_text(case.read_text("utf-8") + (
        "assessment:\n"
        "  genogram:\n"
        "    people:\n"
        "      - {id: siti-aminah, name: Siti Aminah, sex: female, index: true, household: rumah-siti}\n"
        "      - {id: budi-santoso, name: Budi Santoso, sex: male, household: rumah-siti}\n"
        "    unions:\n"
        "      - {id: siti-aminah-budi-santoso, partners: [siti-aminah, budi-santoso]}\n"
        "  ecomap:\n"
        "    systems:\n"
        "      - {id: puskesmas-cibatu, kind: health, name: Puskesmas Cibatu, connection: strong, member: siti-aminah}\n"
        "      - {id: masjid-al-ikhlas-sukamulya, kind: religion, name: Masjid Al-Ikhlas Sukamulya}\n"
    ), "utf-8")
    assert run("check", case).exit_code == 0
    for fmt in ("html", "md"):
        res = run("report", case, "--anonymize", "-f", fmt)
        assert res.exit_code == 0, res.output
        body = res.stdout
        import base64

        body += "".join(base64.b64decode(b).decode("utf-8", "replace") for b in re.findall(r"base64,([A-Za-z0-9+/=]+)", body))
        for leak in ("siti", "aminah", "budi", "santoso", "puskesmas", "cibatu", "ikhlas", "sukamulya"):
            assert not re.search(rf"(?<![a-z]){leak}(?![a-z])", body.lower()), (fmt, leak)


def test_places_become_their_kind(reference: Path) -> None:
    from intervensi.casefile import load_case

    case = load_case(reference)
    data = case.model_dump(mode="json", by_alias=True)
    data["assessment"]["ecomap"] = {"systems": [
        {"id": "puskesmas-cibatu", "kind": "health", "name": "Puskesmas Cibatu"},
        {"id": "sdn-3", "kind": "school", "name": "SDN 3 Sukamulya"},
        {"id": "sdn-4", "kind": "school", "name": "SDN 4 Sukamulya"},
    ]}
    data["assessment"]["summary"] = "Anak bersekolah di SDN 3 Sukamulya, ibu berobat ke puskesmas cibatu."
    new, _ = Anonymizer(KEY, lang="id").case(type(case).model_validate(data))
    assert new.assessment is not None and new.assessment.ecomap is not None
    assert [s.name for s in new.assessment.ecomap.systems] == ["Layanan kesehatan", "Sekolah 1", "Sekolah 2"]
    assert [s.id for s in new.assessment.ecomap.systems] == ["s1", "s2", "s3"]
    assert new.assessment.summary == "Anak bersekolah di Sekolah 1, ibu berobat ke Layanan kesehatan."


def test_cross_case_mentions_and_the_users_list(tmp_path: Path, run) -> None:
    folder = _folder(tmp_path, "dup-ids/a/pkh-1.yaml")
    other = folder / "pkh-2.yaml"
    other.write_text((FIELD / "dup-ids/b/pkh-1.yaml").read_text("utf-8").replace("id: pkh-1", "id: pkh-2"), "utf-8")
    first = folder / "pkh-1.yaml"
    first.write_text(first.read_text("utf-8") + "engagement:\n  referral_source: \"Ibu Wati (tetangga) dan Pak RT Darmono; juga Sutarjo\"\n", "utf-8")
    names = tmp_path / "names.txt"
    names.write_text("# third parties\nSutarjo Wibisono\n\n", "utf-8")
    res = run("export", folder, "-t", "cases", "-f", "csv", "--anonymize")
    assert res.exit_code == 0
    res = run("report", first, "--anonymize", "--also-remove", names, "-f", "md")
    assert res.exit_code == 0, res.output
    for name in ("Wati", "Darmono", "Sutarjo", "Ani"):
        assert name not in res.stdout, name
    assert "names from other cases" in res.output and "names from your list" in res.output  # the summary on stderr
    res = run("report", first, "--anonymize", "--also-remove", tmp_path / "missing.txt")
    assert res.exit_code == 4 and "Traceback" not in res.output
    (tmp_path / "latin1.txt").write_bytes("Sutarjo Wibisono\nJos\xe9\n".encode("latin-1"))
    for bad in (tmp_path / "latin1.txt", tmp_path):  # not UTF-8; a folder
        res = run("export", folder, "--also-remove", bad)
        assert res.exit_code == 2 and "list of names" in res.output and "Traceback" not in res.output, res.output


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("hubungi 0812-3456-7890", "phone"), ("HP +62 812 3456 7890", "phone"), ("wa 081234567890", "phone"),
        ("NIK 3201 2345 6789 0001", "id_number"), ("KK 3201.2345.6789.0002", "id_number"), ("3201-2345-6789-0003", "id_number"),
        ("lahir 2 Mei 1993", "birth_date"), ("tgl lahir 02/05/1993", "birth_date"), ("born May 2, 1993", "birth_date"),
        ("Jl. Mawar No. 5 RT 03/RW 02", "address"), ("Gg. Melati 4", "address"), ("jalan ke Jalan Merdeka Raya 10", "address"),
        ("tetangga Bu Ijah", "unknown_name"), ("Op. Sinta", "unknown_name"), ("Nai Ucok", "unknown_name"), ("boru Simbolon", "unknown_name"),
    ],
)
def test_identifiers_in_their_written_forms(written: str, kind: str) -> None:
    from intervensi.anon_text import Scrubber

    sc = Scrubber()
    out = sc(written)
    digits = re.sub(r"\D", "", written)
    assert sc.counts[kind] >= 1, (written, out, sc.counts)
    assert not re.search(r"\d{4}", out) or not digits, out
    for word in ("Mawar", "Melati", "Merdeka", "Ijah", "Sinta", "Ucok", "Simbolon"):
        assert word not in out


@pytest.mark.parametrize("text", ["Rp 1.500.000 per bulan", "tahun 2026, 3 anak", "Ibu Kota Jakarta", "Pak Kepala Desa", "pada 12 Maret 2026 sesi"])
def test_ordinary_text_stays(text: str) -> None:
    from intervensi.anon_text import Scrubber

    assert Scrubber()(text) == text


def test_researcher_export_generalises_and_states_k(tmp_path: Path, run) -> None:
    folder = _folder(tmp_path, "xlsx-ctrl.yaml", "gas-inf.yaml")
    (folder / "gas-inf.yaml").write_text((folder / "gas-inf.yaml").read_text("utf-8").replace("weight: .inf", "weight: 2"), "utf-8")
    for p, age, region in ((folder / "xlsx-ctrl.yaml", 34, "Desa Sukamulya, Kecamatan Cibatu, Kab. Garut"), (folder / "gas-inf.yaml", 37, "Kabupaten Garut, Jawa Barat")):
        p.write_text(p.read_text("utf-8").replace("client: {kind: individual,", f"client: {{kind: individual, sex: female, age: {age}, region: '{region}',"), "utf-8")
    out = tmp_path / "r.xlsx"
    res = run("export", folder, "-t", "cases", "-f", "xlsx", "--research", "-o", out)
    assert res.exit_code == 0, res.output
    assert "k = 2" in res.output
    import openpyxl

    wb = openpyxl.load_workbook(out)
    rows = list(wb["cases"].iter_rows(values_only=True))
    head = rows[0]
    data = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    assert {d["age"] for d in data} == {"30-39"}
    assert {d["region"] for d in data} == {"Kabupaten Garut"}
    assert all(re.fullmatch(r"\d{4}-\d{2}", d["opened"]) for d in data) and all(d["days_in_stage"] is None for d in data)
    summary = dict(wb["summary"].iter_rows(values_only=True))
    assert summary["k"] == 2 and summary["research"] is True
    side = json.loads((tmp_path / "r.xlsx.summary.json").read_text("utf-8"))
    assert side["k"] == 2
    res = run("export", folder, "-t", "cases", "-f", "csv", "--research", "-o", tmp_path / "r.csv", "--json")
    envelope = json.loads(res.stdout)
    assert envelope["command"] == "export" and envelope["k"] == 2 and envelope["research"] is True
    assert envelope["removed"]["name"] >= 2 and "age: 10-year band" in envelope["generalised"]
    assert run("export", folder, "--json").exit_code == 2  # stdout holds the table
    res = run("export", folder, "-t", "sessions", "-f", "csv", "--research")
    dates = [r["date"] for r in csv.DictReader(io.StringIO(res.stdout))]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}", d) for d in dates)
    assert "k = 2" in res.output


def test_researcher_k_of_one_is_said(tmp_path: Path, run) -> None:
    folder = _folder(tmp_path, "xlsx-ctrl.yaml", "anon-apostrophe.yaml")
    p = folder / "xlsx-ctrl.yaml"
    p.write_text(p.read_text("utf-8").replace("client: {kind: individual,", "client: {kind: individual, sex: male, age: 71,"), "utf-8")
    res = run("export", folder, "-t", "cases", "-f", "jsonl", "--research")
    assert res.exit_code == 0 and "k = 1" in res.output


# --------------------------------------------------------------------------- properties

_FILLER = st.text(alphabet=st.sampled_from([*list("abcdefghij klmnop,.;:\n\t"), "é", "’", "🌸", "1", "2"]), max_size=40)


@st.composite
def _spelling(draw: st.DrawFn) -> tuple[str, str]:
    """A name and one way a worker might write it."""
    first = draw(st.sampled_from(["Nur'aini", "Siti", "José", "Ucok", "Dewi"]))
    last = draw(st.sampled_from(["Siregar", "Simbolon", "Aminah"]))
    form = draw(st.sampled_from(["full", "first", "last", "upper", "curly", "plain", "nfd", "nya", "possessive", "honorific", "emoji"]))
    written = {
        "full": f"{first} {last}", "first": first, "last": last, "upper": f"{first} {last}".upper(),
        "curly": first.replace("'", "’"), "plain": first.replace("'", ""),
        "nfd": unicodedata.normalize("NFD", first), "nya": f"{first}nya", "possessive": f"{last}'s",
        "honorific": f"{draw(st.sampled_from(['Bu', 'Ibu', 'Pak', 'Kak', 'Op.', 'Nai', 'br.', 'Mbak']))} {first}", "emoji": f"{first}🌸",
    }[form]
    return f"{first} {last}", written


@settings(max_examples=300, deadline=None)
@given(_spelling(), _FILLER, _FILLER)
def test_no_spelling_of_a_known_name_survives(name_and_form: tuple[str, str], before: str, after: str) -> None:
    from intervensi.anon_text import Scrubber, fold, name_variants, name_words

    name, written = name_and_form
    sc = Scrubber()
    for term in [*name_variants(name), *name_words(name)]:
        sc.add(term, "PSEUDO")
    out = sc(f"{before} {written} {after}")
    folded = fold(out)[0]
    for word in name_words(name):
        w = fold(word)[0]
        assert not re.search(rf"(?<![^\W_]){re.escape(w)}(?![^\W_])", folded), (written, out)
