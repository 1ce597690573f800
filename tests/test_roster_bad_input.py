"""Rosters as offices make them: merged cells, empty rows, NIK as a number, dates of every kind, CSV encodings.

Each kind is either handled (the right case comes out) or refused with the row and the
column named, exit code 3 and nothing written; a refused cell's content is never printed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from roster_helpers import KK, NIK, digests, family, write_csv, write_xlsx


def _problems(result) -> list[tuple[int, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(p["row"], p["key"], p["column_letter"]) for p in json.loads(result.stdout)["problems"]]


def _refused(run, roster: Path, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    r = run("import", roster, "--dir", "cases", "--yes", "--json", *extra)
    assert r.exit_code == 3, r.output
    assert digests(tmp_path / "cases") == {}
    return r


# --------------------------------------------------------------------------- merged cells and empty rows


def test_merged_cells_spread_down_a_title_above_and_a_section_heading_row(run, tmp_path: Path) -> None:
    rows = [family(1), family(2, Desa=None), ["RT 02"] + [None] * 8, family(3, Desa=None), family(4, Desa="Cibatu")]
    # row 1: a title merged across; row 3..4: "Sukamaju" merged down column G; row 5: a heading merged across
    roster = write_xlsx(tmp_path / "m.xlsx", rows, title="DATA KPM PKH 2026", merges=["A1:I1", "G3:G4", "A5:I5"])
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["header_row"] == 2 and out["heading_rows"] == [5] and "G3:G4" in out["merged"]
    regions = [load_case(p).client.region for p in sorted((tmp_path / "cases").glob("*.yaml"))]
    assert regions == ["Sukamaju", "Sukamaju", None, "Cibatu"]


def test_a_table_that_starts_further_down_and_right_with_merged_empty_cells_below(run, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for col, text in zip("CDE", ["Nama", "No KK", "Desa"], strict=True):
        ws[f"{col}3"] = text
    ws["C4"], ws["D4"], ws["E4"] = "Siti", KK[1], "Sukamaju"
    ws.merge_cells("C9:E9")  # merged, empty, below the data
    wb.save(tmp_path / "off.xlsx")
    r = run("import", tmp_path / "off.xlsx", "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["columns"]["kk"] == {"header": "No KK", "column": "D"}
    assert load_case(tmp_path / "cases" / "kpm-0001.yaml").client.family_card == KK[1]


def test_a_merged_identifier_is_refused_with_row_and_column(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "m.xlsx", [family(1), family(2, **{"No KK": None})], merges=["C2:C3"])
    r = run("import", roster, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    err = json.loads(r.stdout)["error"]
    assert err["key"] == "roster_merged_id" and (err["line"], err["column"], err["field"]) == (2, 3, "No KK")
    assert "C2:C3" in r.stderr and KK[1] not in r.stderr
    assert digests(tmp_path / "cases") == {}


def test_empty_rows_are_skipped_and_later_rows_keep_their_numbers(run, tmp_path: Path) -> None:
    rows = [family(1), [None] * 9, ["  "] + [None] * 8, family(2, NIK="12345")]
    r = _refused(run, write_xlsx(tmp_path / "e.xlsx", rows), tmp_path)
    assert _problems(r) == [(5, "roster_id_length", "B")]
    assert json.loads(r.stdout)["counts"]["empty_rows"] == 2


# --------------------------------------------------------------------------- identifiers


def test_a_nik_stored_as_a_number_is_refused_naming_row_and_column(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "n.xlsx", [family(1), family(2, NIK=int(NIK[20]))])
    r = _refused(run, roster, tmp_path)
    assert _problems(r) == [(3, "roster_id_number", "B")]
    assert "row 3, column B (NIK)" in r.stderr and "15 digits" in r.stderr
    assert NIK[20] not in r.output and NIK[20][:15] not in r.output


def test_a_kk_in_scientific_notation_is_refused(run, tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "s.csv", [family(1), family(2, **{"No KK": "9.902E+15"})])
    r = _refused(run, csv, tmp_path)
    assert _problems(r) == [(3, "roster_id_scientific", "C")]


def test_a_nik_that_lost_its_leading_zero_is_refused(run, tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "z.csv", [family(1, NIK=NIK[10][1:])])
    r = _refused(run, csv, tmp_path)
    assert _problems(r) == [(2, "roster_id_length", "B")]
    assert "15 digits" in r.stderr


def test_a_nik_inside_the_household_members_cell_is_checked_too(run, tmp_path: Path) -> None:
    members = "Budi (suami, 1980, 3.2E+15)"
    r = _refused(run, write_xlsx(tmp_path / "h.xlsx", [family(1, **{"Anggota Keluarga": members})]), tmp_path)
    assert _problems(r) == [(2, "roster_id_scientific", "H")]


def test_spaces_and_an_apostrophe_around_a_nik_are_dropped(run, tmp_path: Path) -> None:
    spaced = "'" + " ".join(NIK[10][i:i + 4] for i in range(0, 16, 4))
    r = run("import", write_csv(tmp_path / "a.csv", [family(1, NIK=spaced)]), "--dir", "cases", "--yes")
    assert r.exit_code == 0, r.output
    assert load_case(tmp_path / "cases" / "kpm-0001.yaml").client.id_number == NIK[10]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("cell", "born"), [
    (dt.date(1981, 6, 11), "1981-06-11"),  # a date cell
    (29748, "1981-06-11"),  # an Excel serial number in a cell formatted as a number
    ("11/06/1981", "1981-06-11"),  # dd/mm/yyyy, the Indonesian order
    ("11-06-1981", "1981-06-11"),
    ("1981-06-11", "1981-06-11"),
    ("11 Juni 1981", "1981-06-11"),  # month names from CLDR
    ("11 Jun 1981", "1981-06-11"),
    (1981, "1981"),  # a bare year
])
def test_dates_in_every_form_an_office_writes_them(run, tmp_path: Path, cell: object, born: str) -> None:
    r = run("import", write_xlsx(tmp_path / "d.xlsx", [family(1, **{"Tanggal Lahir": cell})]), "--dir", "cases", "--yes")
    assert r.exit_code == 0, r.output
    value = load_case(tmp_path / "cases" / "kpm-0001.yaml").client.born
    assert str(value) == born


@pytest.mark.parametrize(("cell", "key"), [
    ("06/25/1981", "roster_date_month_first"),
    ("11/06/81", "roster_date_short_year"),
    ("31/02/1981", "roster_date"),
    ("kemarin", "roster_date"),
    ("01/01/2999", "roster_future"),
])
def test_dates_that_cannot_be_read_for_sure_are_refused(run, tmp_path: Path, cell: str, key: str) -> None:
    r = _refused(run, write_csv(tmp_path / "d.csv", [family(1), family(2, **{"Tanggal Lahir": cell})]), tmp_path)
    assert _problems(r) == [(3, key, "E")]


# --------------------------------------------------------------------------- CSV encodings


NAME = "Siti Ñurhayati"  # a letter outside ASCII, in both UTF-8 and Windows-1252


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_utf8_with_or_without_bom_or_windows_1252(run, tmp_path: Path, encoding: str) -> None:
    csv = write_csv(tmp_path / "e.csv", [family(1, **{"Nama Pengurus": NAME})], encoding=encoding, delimiter=";")
    r = run("import", csv, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["encoding"] == encoding
    assert load_case(tmp_path / "cases" / "kpm-0001.yaml").client.name == NAME


def test_csv_mixing_utf8_and_windows_1252_is_refused_at_the_cell(run, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "a.csv", [family(1, **{"Nama Pengurus": NAME})]).read_bytes()
    bad = write_csv(tmp_path / "b.csv", [family(2, **{"Desa": "Cañar"})], encoding="cp1252").read_bytes()
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(good + bad.split(b"\r\n", 1)[1])
    r = run("import", mixed, "--dir", "cases", "--yes", "--json")
    assert r.exit_code == 3
    err = json.loads(r.stdout)["error"]
    assert err["key"] == "roster_mixed_encoding" and (err["line"], err["column"], err["field"]) == (3, 7, "Desa")
    assert "UTF-8" in r.stderr and digests(tmp_path / "cases") == {}



def test_a_row_with_a_problem_still_counts_in_the_duplicate_checks(run, tmp_path: Path) -> None:
    rows = [family(1), family(2, **{"Tanggal Lahir": "06/25/1981", "No KK": KK[1]})]
    r = _refused(run, write_xlsx(tmp_path / "d.xlsx", rows), tmp_path, "--skip-bad-rows")
    assert sorted(_problems(r)) == [(2, "roster_dup_kk", "C"), (3, "roster_date_month_first", "E")]


def test_the_sheet_and_the_header_row_can_be_named(run, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "Petunjuk"
    first.append(["Isi lembar Data"])
    data = wb.create_sheet("Data")
    data.append(["Nama", "No KK"])  # a decoy header above the real one
    data.append(["Penerima", "Kartu"])
    data.append(["Siti", KK[1]])
    wb.save(tmp_path / "two.xlsx")
    r = run("import", tmp_path / "two.xlsx", "--dir", "cases", "--sheet", "Lain")
    assert r.exit_code == 3 and "Petunjuk, Data" in r.stderr
    mapping = tmp_path / "m.toml"
    mapping.write_text('sheet = "Data"\nheader_row = 2\n[columns]\nname = "Penerima"\nkk = "Kartu"\n', encoding="utf-8")
    r = run("import", tmp_path / "two.xlsx", "--dir", "cases", "--mapping", mapping, "--yes")
    assert r.exit_code == 0, r.output
    assert load_case(tmp_path / "cases" / "kpm-0001.yaml").client.family_card == KK[1]
