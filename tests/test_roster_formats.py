"""Rosters as an office keeps them: the same families in xls (Excel 97-2003) and ods (LibreOffice)
import exactly as from xlsx. The files are made from an xlsx by LibreOffice Calc, as an office
saving "as" another format would (tests/setup/libreoffice.py installs it; skipped without it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from roster_helpers import family, write_xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CALC = Path("/usr/lib/libreoffice/program/libsclo.so")
pytestmark = pytest.mark.skipif(SOFFICE is None or not CALC.exists(), reason="no LibreOffice Calc (tests/setup/libreoffice.py installs it)")


def _convert(xlsx: Path, fmt: str, out: Path) -> Path:
    profile = out / "profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(out)})
    made = out / f"{xlsx.stem}.{fmt}"
    assert made.exists(), f"LibreOffice made no {fmt}"
    return made


def _facts(folder: Path) -> list[tuple[object, ...]]:
    out = []
    for f in sorted(folder.glob("*.yaml")):
        c = load_case(f)
        gen = c.assessment.genogram if c.assessment else None
        out.append((f.name, c.client.name, c.client.family_card, c.client.id_number, str(c.client.born), c.client.region,
                    tuple(c.client.programmes), tuple((p.name, p.id_number) for p in (gen.people if gen else []))))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_rosters_import_as_the_xlsx_does(run, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    xlsx = write_xlsx(src / "kpm.xlsx", [family(1), family(2), family(3, **{"Anggota Keluarga": ""})])
    other = _convert(xlsx, fmt, src)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert run("import", xlsx, "--dir", str(tmp_path / "a" / "cases"), "--yes").exit_code == 0
    r = run("import", other, "--dir", str(tmp_path / "b" / "cases"), "--yes")
    assert r.exit_code == 0, r.output
    got, want = _facts(tmp_path / "b" / "cases"), _facts(tmp_path / "a" / "cases")
    assert len(got) == 3 and got == want
    # and a second run with the same roster changes nothing
    before = {f: f.read_bytes() for f in (tmp_path / "b" / "cases").glob("*.yaml")}
    assert run("import", other, "--dir", str(tmp_path / "b" / "cases"), "--yes").exit_code == 0
    assert {f: f.read_bytes() for f in (tmp_path / "b" / "cases").glob("*.yaml")} == before
