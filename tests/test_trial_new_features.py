"""Found by trying this round's new commands as a new user would (import, agenda --format ics, export --format parquet, site, reports)."""

from __future__ import annotations

import json
from pathlib import Path

from roster_helpers import family, write_xlsx


def test_import_with_a_misspelt_practice_is_a_usage_error_naming_the_choices(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", [family(1), family(2)])
    for extra in ([], ["--yes"]):
        r = run("--lang", "id", "import", roster, "--dir", "cases", "--practice", "casemanagement", *extra)
        assert r.exit_code == 2, r.output
        assert "casemanagement" in r.stderr and "case_management" in r.stderr
        assert "tak terduga" not in r.output and "unexpected" not in r.output
    assert not (tmp_path / "cases").exists()
    r = run("import", roster, "--dir", "cases", "--practice", "nope", "--json")
    assert r.exit_code == 2 and json.loads(r.stdout)["error"]["key"] == "bad_choice"


def test_the_init_example_from_its_own_help_works(run, tmp_path: Path) -> None:
    """`init --help` shows `... --lang id`: that very line makes an Indonesian workspace (report and site take --lang too)."""
    r = run("init", "--help")
    assert "--lang id" in r.stdout
    r = run("init", "ws", "--worker", "Rina", "--agency", "Dinas Sosial", "--lang", "id")
    assert r.exit_code == 0, r.output
    assert 'language = "id"' in (tmp_path / "ws" / "intervensi.toml").read_text(encoding="utf-8")
