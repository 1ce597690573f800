"""Dates of what has happened (first contact, assessment, evaluation) cannot lie ahead; planned
dates (a contract's end, an objective's due date) may. A refusal is bad usage (exit 2), names
the option and the field, and leaves the file as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "pkh-m-2025.yaml"
    shutil.copy(ROOT / "cases" / "pkh-m-2025.yaml", path)
    return path


@pytest.mark.parametrize(("args", "option"), [
    (["engagement", "change", "{case}", "--first-contact", "2999-01-01"], "--first-contact"),
    (["assessment", "change", "{case}", "--date", "2999-01-01"], "--date"),
    (["evaluation", "change", "{case}", "--date", "2999-01-01"], "--date"),
])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_date_of_something_done_cannot_lie_ahead(run, case: Path, args: list[str], option: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    before = case.read_bytes()
    r = run("--lang", lang, *[str(case) if a == "{case}" else a for a in args])
    assert r.exit_code == 2, r.output
    assert option in r.output and "2999-01-01" in r.output
    assert ("future" if lang == "en" else "masa depan") in r.output
    assert case.read_bytes() == before


def test_today_and_planned_dates_are_accepted(run, case: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    assert run("engagement", "change", case, "--first-contact", dt.date.today().isoformat()).exit_code == 0
    r = run("contract", case, "--end", "2999-01-01")  # a contract may end years ahead
    assert r.exit_code == 0, r.output
