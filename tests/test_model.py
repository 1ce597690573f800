"""The case model's own rules: consistency across fields, ISO dates, safe ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervensi.casefile import load_case, load_text
from intervensi.errors import CaseFileError, ValidationFailed

BASE = """\
schema_version: 1
id: m1
level: micro
practice: casework
opened: 2025-03-03
client:
  kind: family
  name: S
assessment:
  needs:
    - {id: n1, text: no bookkeeping}
  genogram:
    people:
      - {id: s, sex: female, index: true}
      - {id: h, sex: male}
      - {id: c1, sex: male}
    unions:
      - {id: u1, partners: [s, h]}
    children:
      - {child: c1, union: u1}
    relationships:
      - {a: s, b: c1, kind: close}
planning:
  goals:
    - {id: g1, text: money, needs: [n1]}
"""


def problems_of(text: str) -> list[CaseFileError]:
    with pytest.raises(ValidationFailed) as info:
        load_text(text, Path("m1.yaml"))
    return info.value.problems


def test_base_is_valid() -> None:
    case = load_text(BASE)
    assert case.assessment.genogram.children[0].union == "u1"


@pytest.mark.parametrize(
    ("old", "new", "field", "line"),
    [
        ("{child: c1, union: u1}", "{child: c1, union: u9}", "assessment.genogram.children.0.union", 20),
        ("{id: h, sex: male}", "{id: s, sex: male}", "assessment.genogram.people", 14),
        ("{a: s, b: c1, kind: close}", "{a: s, b: nobody, kind: close}", "assessment.genogram.relationships.0.b", 22),
        ("{a: s, b: c1, kind: close}", "{a: s, b: s, kind: close}", "assessment.genogram.relationships.0", 22),
        ("partners: [s, h]", "partners: [s, x]", "assessment.genogram.unions.0.partners.1", 18),
        ("needs: [n1]", "needs: [n7]", "planning.goals.0.needs.0", 25),
        ("{child: c1, union: u1}", "{child: h, union: u1}", "assessment.genogram.children.0.child", 20),
        ("practice: casework", "practice: community_organization", "practice", 4),
        ("  kind: family", "  kind: community", "client.kind", 7),
    ],
)
def test_consistency_problems_point_to_their_line(old: str, new: str, field: str, line: int) -> None:
    assert old in BASE
    found = problems_of(BASE.replace(old, new))
    assert any(p.field == field for p in found), [(p.field, p.message) for p in found]
    p = next(p for p in found if p.field == field)
    assert p.line == line, (p.line, p.field)
    assert p.path == Path("m1.yaml")


@pytest.mark.parametrize("bad", ["2025-3-4", "03/04/2025", "2025", "'2025-03'", "20250304", "'4 March 2025'", "2025-02-30"])
def test_dates_are_iso_only(bad: str) -> None:
    with pytest.raises(CaseFileError) as info:
        load_text(BASE.replace("opened: 2025-03-03", f"opened: {bad}"))
    assert "opened" in (info.value.field or "") or "date" in info.value.message


def test_quoted_iso_date_is_accepted() -> None:
    assert str(load_text(BASE.replace("opened: 2025-03-03", "opened: '2025-03-03'")).opened) == "2025-03-03"


@pytest.mark.parametrize("bad", ["../evil", "a/b", ".x", "..", "a b", "x" * 65, "'a\\\\b'", "-x"])
def test_case_ids_that_could_name_a_path_are_refused(bad: str) -> None:
    found = problems_of(BASE.replace("id: m1", f"id: {bad}"))
    assert any(p.field == "id" for p in found)


def test_genogram_year_or_date() -> None:
    ok = load_text(BASE.replace("{id: h, sex: male}", "{id: h, sex: male, born: 1990, died: 2020-05-01}"))
    assert ok.assessment.genogram.people[1].is_deceased
    found = problems_of(BASE.replace("{id: h, sex: male}", "{id: h, sex: male, born: 1990, died: 1980}"))
    assert any(p.field == "assessment.genogram.people.1.died" for p in found)


def test_mezzo_group_attendance_must_name_members() -> None:
    text = BASE.replace("level: micro", "level: mezzo").replace("practice: casework", "practice: group_work").replace("  kind: family", "  kind: group")
    text += "  members:\n" if False else ""
    text = text.replace("  name: S\n", "  name: KUBE\n  members:\n    - {id: m1, name: A}\n")
    text += "intervention:\n  sessions:\n    - {date: 2025-03-10, kind: group_meeting, attendance: [m1, m2]}\n"
    found = problems_of(text)
    assert [p.field for p in found] == ["intervention.sessions.0.attendance.1"]


def test_strategy_only_for_macro() -> None:
    found = problems_of(BASE.replace("opened:", "strategy: social_action\nopened:"))
    assert any(p.field == "strategy" for p in found)


def test_reference_case_holds_the_seed(reference: Path) -> None:
    c = load_case(reference)
    assert (c.level.value, c.practice.value, c.client.kind.value) == ("micro", "casework", c.client.kind.value)
    systems = c.assessment.ecomap.systems
    assert any(s.kind.value == "training" and s.connection.value == "none" for s in systems), "the missing tie to training"
    assert any(p.index for p in c.assessment.genogram.people)
    assert len(c.sessions) == 8 and c.termination.kind is not None
