"""Changing a one-line fact (`client change --region`, `engagement change --first-contact`) splices
the value into the text: every other byte of the file stays as it was, comments included, and the
correction is recorded in `amendments`. A field not yet in the file, a list or a cleared value goes
through the round trip, which keeps comments and key order too."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from intervensi.casefile import load_case

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "pkh-m-2025.yaml"
    text = (ROOT / "cases" / "pkh-m-2025.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("  region:", "  # where the family lives\n  region:", 1), encoding="utf-8")
    return path


def _changed_lines(before: str, after: str) -> list[str]:
    return [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_a_scalar_change_touches_only_its_line_and_the_amendments(run, case: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("client", "change", case, "--region", "Desa A").exit_code == 0  # first: creates amendments
    before = case.read_text(encoding="utf-8")
    r = run("client", "change", case, "--region", "Desa B", "--reason", "typo")
    assert r.exit_code == 0, r.output
    after = case.read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert "-  region: Desa A" in changed and "+  region: Desa B" in changed
    assert all(ln.startswith("+") for ln in changed if "region" not in ln)  # the rest only adds the amendment
    assert "# where the family lives" in after
    c = load_case(case)
    assert c.client.region == "Desa B"
    assert c.amendments[-1].fields == ["client.region"] and c.amendments[-1].reason == "typo"


def test_a_field_not_yet_in_the_file_and_a_date_are_written_as_yaml(run, case: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("engagement", "change", case, "--first-contact", "2025-01-06", "--referral-source", "Puskesmas")
    assert r.exit_code == 0, r.output
    text = case.read_text(encoding="utf-8")
    assert "first_contact: 2025-01-06" in text and "'2025-01-06'" not in text
    c = load_case(case)
    assert str(c.engagement.first_contact) == "2025-01-06" and c.engagement.referral_source == "Puskesmas"  # type: ignore[union-attr]
    assert "# where the family lives" in text


def test_an_item_field_change_touches_only_its_line(run, case: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("need", "change", case, "1", "--area", "health").exit_code == 0  # first: creates amendments
    before = case.read_text(encoding="utf-8")
    r = run("need", "change", case, "sekolah", "--area", "education", "--reason", "wrong area")
    assert r.exit_code == 0, r.output
    changed = _changed_lines(before, case.read_text(encoding="utf-8"))
    assert "-      area: health" in changed and "+      area: education" in changed
    assert all(ln.startswith("+") for ln in changed if "area:" not in ln)
    c = load_case(case)
    assert c.assessment.needs[0].area == "education"  # type: ignore[union-attr]
    assert c.amendments[-1].item == "assessment.needs[sekolah]" and c.amendments[-1].reason == "wrong area"


def test_a_scalar_inside_a_list_is_spliced_and_checked() -> None:
    from intervensi.yamlio import parse
    from intervensi.yamlrt import splice_set_scalar

    text = "a:\n  - id: x  # keep\n    v: 1\n  - id: y\n    v: 2\n"
    out = splice_set_scalar(text, ("a", 1, "v"), 5)
    assert out == "a:\n  - id: x  # keep\n    v: 1\n  - id: y\n    v: 5\n"
    assert parse(out) == {"a": [{"id": "x", "v": 1}, {"id": "y", "v": 5}]}
    assert splice_set_scalar(text, ("a", 2, "v"), 5) is None  # no such item: the caller falls back
    assert splice_set_scalar(text, ("a", 0, "w"), 5) is None  # no such field on its own line
