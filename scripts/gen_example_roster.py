"""Write the anonymous example roster: docs/examples/roster-pkh-300.xlsx and .csv.

Every family is made up: names drawn (seed fixed) from a short list of common Indonesian
names, villages of an imaginary kecamatan, and NIK/KK numbers that cannot be real: they
start with 99 (no province has that code) and carry the row number, so anyone reading the
file sees they are fake. Run again to rebuild the same files:

    python scripts/gen_example_roster.py            # 300 families into docs/examples/
    python scripts/gen_example_roster.py --n 10000 --out /tmp/roster-10000   # for benchmarks
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEN = ["Agus", "Budi", "Dedi", "Eko", "Hendra", "Joko", "Rahmat", "Slamet", "Wahyu", "Yusuf", "Asep", "Ujang", "Darto", "Iwan"]
WOMEN = ["Siti", "Sri", "Dewi", "Rina", "Yuni", "Nur", "Wati", "Ani", "Lilis", "Euis", "Tini", "Ratna", "Sumarni", "Ida"]
FAMILY = ["Sutrisno", "Lestari", "Hidayat", "Rahayu", "Saputra", "Wulandari", "Kurniawan", "Permata", "Nugroho", "Susanti"]
VILLAGES = ["Sukamaju", "Sukamulya", "Mekarsari", "Cibatu", "Karanganyar", "Sindangsari"]
COMPONENTS = ["ibu hamil", "anak usia dini", "anak SD", "anak SMP", "anak SMA", "lansia", "disabilitas berat"]
HEADERS = ["No", "Nama Pengurus", "NIK", "No KK", "Jenis Kelamin", "Tanggal Lahir", "Alamat", "Desa/Kelurahan",
           "Kecamatan", "Anggota Keluarga", "Komponen Bantuan", "No HP"]


def fake_id(kind: int, n: int) -> str:
    """16 digits beginning 99 (no such province): ``99`` + kind + zero-padded number."""
    return f"99{kind:02d}{n:012d}"


def families(n: int, seed: int = 1) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = []
    person = 0
    for i in range(1, n + 1):
        woman = rnd.random() < 0.8  # PKH is paid to the mother of the family
        head = f"{rnd.choice(WOMEN if woman else MEN)} {rnd.choice(FAMILY)}"
        person += 1
        nik = fake_id(1, person)
        born = dt.date(1970, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 30))
        members = []
        if rnd.random() < 0.75:
            person += 1
            spouse = "suami" if woman else "istri"
            members.append(f"{rnd.choice(MEN if woman else WOMEN)} {rnd.choice(FAMILY)} ({spouse}, {born.year + rnd.randint(-5, 5)}, {fake_id(1, person)})")
        for _ in range(rnd.randint(1, 4)):
            person += 1
            sex = rnd.choice("LP")
            first = rnd.choice(MEN if sex == "L" else WOMEN)
            members.append(f"{first} ({'anak'}, {sex}, {rnd.randint(born.year + 18, 2024)}, {fake_id(1, person)})")
        if rnd.random() < 0.1:
            person += 1
            members.append(f"{rnd.choice(WOMEN)} (ibu, {born.year - rnd.randint(20, 30)}, {fake_id(1, person)})")
        comps = sorted(rnd.sample(COMPONENTS, rnd.randint(1, 3)), key=COMPONENTS.index)
        village = rnd.choice(VILLAGES)
        rows.append([
            str(i), head, nik, fake_id(2, i), "P" if woman else "L", born.strftime("%d/%m/%Y"),
            f"Dusun {rnd.randint(1, 5)} RT {rnd.randint(1, 9):02d}/RW {rnd.randint(1, 5):02d}", village, "Kecamatan Contoh",
            "; ".join(members), ", ".join(["PKH", *comps]), f"0812{rnd.randint(0, 99_999_999):08d}",
        ])
    return rows


def write(out: Path, rows: list[list[str]]) -> None:
    import openpyxl

    out.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KPM"
    ws.append(["DATA KPM PKH - CONTOH (SEMUA DATA FIKTIF)"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.number_format = "@"  # text: identifiers keep their 16 digits
    wb.properties.creator = "intervensi scripts/gen_example_roster.py"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    wb.save(out.with_suffix(".xlsx"))
    _fix_zip_times(out.with_suffix(".xlsx"))
    with out.with_suffix(".csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(rows)


def _fix_zip_times(path: Path) -> None:
    """Give every member of the xlsx (a zip) one fixed time, so the same seed gives the same bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="path without suffix (default docs/examples/roster-pkh-N)")
    a = ap.parse_args()
    out = a.out or ROOT / "docs" / "examples" / f"roster-pkh-{a.n}"
    write(out, families(a.n, a.seed))
    print(f"{out}.xlsx, {out}.csv: {a.n} families")


if __name__ == "__main__":
    main()
