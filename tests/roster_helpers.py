"""Building rosters for the import tests: xlsx with openpyxl (numbers, dates, merged cells), csv as bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

HEADER = ["Nama Pengurus", "NIK", "No KK", "Jenis Kelamin", "Tanggal Lahir", "Alamat", "Desa", "Anggota Keluarga", "Komponen"]
#: NIK / KK numbers beginning 99: no province has that code.
NIK = [f"99010000000000{n:02d}" for n in range(100)]
KK = [f"99020000000000{n:02d}" for n in range(100)]


def family(n: int, **over: Any) -> list[Any]:
    """Row ``n`` of a small roster (fake people; NIKs 99…)."""
    base = {
        "Nama Pengurus": ["Siti Aminah", "Dewi Lestari", "Rina Wati", "Yuni Sari"][n % 4],
        "NIK": NIK[n * 10],
        "No KK": KK[n],
        "Jenis Kelamin": "P",
        "Tanggal Lahir": "11/06/1981",
        "Alamat": f"Dusun {n} RT 01/RW 02",
        "Desa": "Sukamaju",
        "Anggota Keluarga": f"Budi Santoso (suami, 1980, {NIK[n * 10 + 1]}); Ani (anak, P, 2012, {NIK[n * 10 + 2]})",
        "Komponen": "PKH, anak SD",
    }
    base.update(over)
    return [base[h] for h in HEADER]


def write_xlsx(path: Path, rows: list[list[Any]], *, header: list[str] | None = None, title: str | None = None,
               merges: list[str] = (), text_columns: str = "BC") -> Path:  # type: ignore[assignment]
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if title:
        ws.append([title])
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    for col in text_columns:
        for cell in ws[col]:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], *, header: list[str] | None = None, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header or HEADER)
    for r in rows:
        w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in r])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def digests(folder: Path) -> dict[str, str]:
    """Each file in ``folder`` (not hidden) and the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}
