"""The bundled cases: all valid, every level, each at its own stage, and the reference
case of seed 001 holding every fact of DOMAIN.md §3 in a field."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from intervensi.casefile import check_file, load_case
from intervensi.cycle import gate, stages_of
from intervensi.model import Case
from intervensi.vocab import (
    ClientKind,
    Connection,
    Level,
    Practice,
    RelationKind,
    SessionKind,
    Stage,
    Strategy,
    TerminationKind,
    TransitionKind,
    UnionKind,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "cases").glob("*.yaml"))


def _load(name: str) -> Case:
    return load_case(ROOT / "cases" / f"{name}.yaml")


def _all() -> list[Case]:
    return [load_case(p) for p in BUNDLED]


def test_there_are_bundled_cases() -> None:
    assert len(BUNDLED) >= 4


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_case_is_valid(path: Path) -> None:
    case, problems = check_file(path)
    assert problems == [], [p.line_text() for p in problems]
    assert case is not None
    assert case.id == path.stem, "a case's id names its file"


def test_check_command_passes_on_cases_dir(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", cases)
    assert result.exit_code == 0, result.output


def test_at_least_one_case_per_level() -> None:
    assert {c.level for c in _all()} == set(Level)


def test_each_case_stands_at_its_own_stage() -> None:
    stages = [c.stage for c in _all()]
    assert len(stages) == len(set(stages)), stages


def test_history_ends_where_the_case_stands() -> None:
    for case in _all():
        assert case.history, case.id
        assert case.history[0].from_ is None and case.history[0].to is Stage.ENGAGEMENT
        assert case.history[-1].to is case.stage, case.id
        for before, after in zip(case.history, case.history[1:], strict=False):
            assert after.from_ is before.to, case.id
            assert after.at >= before.at, case.id


# ------------------------------------------------------------------ mezzo and macro cases


def test_group_work_case_has_members_and_attendance() -> None:
    case = _load("kube-melati-2025")
    assert (case.level, case.practice, case.client.kind) == (Level.MEZZO, Practice.GROUP_WORK, ClientKind.GROUP)
    assert case.stage in (Stage.INTERVENTION, Stage.EVALUATION)
    member_ids = {m.id for m in case.client.members}
    assert len(member_ids) >= 5
    meetings = [s for s in case.sessions if s.kind is SessionKind.GROUP_MEETING]
    assert len(meetings) >= 3
    for s in meetings:
        assert s.attendance and set(s.attendance) <= member_ids


def test_community_organization_case_has_strategy_and_plan() -> None:
    case = _load("desa-sukamaju-air-2026")
    assert (case.level, case.practice, case.client.kind) == (
        Level.MACRO,
        Practice.COMMUNITY_ORGANIZATION,
        ClientKind.COMMUNITY,
    )
    assert case.strategy in (Strategy.LOCAL_DEVELOPMENT, Strategy.SOCIAL_PLANNING)
    assert case.stage in (Stage.ASSESSMENT, Stage.PLANNING)
    assert len(case.needs) >= 2 and case.goals
    # standing at planning with one goal still lacking an objective: the gate says so
    assert [u.params.get("goal") for u in gate(case)] == ["usaha-pemuda"]


def test_family_therapy_case_genogram_three_generations() -> None:
    case = _load("keluarga-h-2025")
    assert (case.level, case.practice) == (Level.MEZZO, Practice.FAMILY_THERAPY)
    assert case.monitoring_enabled and case.stage is Stage.MONITORING
    assert Stage.MONITORING in stages_of(case)
    assert case.monitoring and case.monitoring.checks
    assert case.assessment and case.assessment.genogram and case.assessment.ecomap
    g = case.assessment.genogram
    people = {p.id: p for p in g.people}
    parents = {c.child: c.union for c in g.children}
    unions = {u.id: u for u in g.unions}

    def generation(pid: str) -> int:
        union = parents.get(pid)
        if union is None:
            return 0
        return 1 + max(generation(p) for p in unions[union].partners)

    assert max(generation(p) for p in people) >= 2, "three generations"
    grandparents = unions["u-kakek-nenek"].partners
    assert [people[p].is_deceased for p in grandparents].count(True) == 1
    kinds = [u.kind for u in g.unions]
    assert UnionKind.DIVORCED in kinds and UnionKind.MARRIED in kinds
    # a divorce and a remarriage of the same person, with children from both unions
    divorced = next(u for u in g.unions if u.kind is UnionKind.DIVORCED)
    remarried = [u for u in g.unions if u.kind is UnionKind.MARRIED and set(u.partners) & set(divorced.partners)]
    assert remarried
    assert any(c.union == divorced.id for c in g.children)
    assert any(c.union == remarried[0].id for c in g.children)
    household = [p for p in g.people if p.household == "rumah-h"]
    assert {generation(p.id) for p in household} == {0, 1, 2}
    assert {RelationKind.CONFLICT, RelationKind.CLOSE, RelationKind.CUT_OFF} <= {r.kind for r in g.relationships}
    assert any(s.connection is Connection.STRESSFUL for s in case.assessment.ecomap.systems)


def test_back_round_the_circle_and_forced_move_in_history() -> None:
    case = _load("pkh-m-2025")
    back = [t for t in case.history if t.kind is TransitionKind.BACK]
    assert back and all(t.reason for t in back)
    forced = [t for t in case.history if t.forced]
    assert forced and all(t.reason and t.unmet for t in forced)


def test_case_management_case_just_opened() -> None:
    case = _load("lansia-t-2026")
    assert (case.practice, case.stage) == (Practice.CASE_MANAGEMENT, Stage.ENGAGEMENT)
    assert gate(case), "the contract is still being agreed"


# ------------------------------------------------------------------ the reference case


@pytest.fixture(scope="module")
def ref() -> Case:
    return _load("pkh-s-2025")


def test_reference_client(ref: Case) -> None:
    c = ref.client
    assert c.age == 32 and c.sex is not None and c.sex.value == "female"
    assert c.kind is ClientKind.INDIVIDUAL and c.name == "S"
    assert "PKH" in c.programmes
    assert c.region and "Humbang Hasundutan" in c.region
    assert c.description and "kepala keluarga" in c.description
    assert (ref.level, ref.practice) == (Level.MICRO, Practice.CASEWORK)
    assert ref.agency and "Dinas Sosial" in ref.agency.name
    assert ref.agency.address and "Doloksanggul" in ref.agency.address
    assert ref.opened.year == 2025 and ref.opened.month == 3
    assert ref.termination and ref.termination.date and ref.termination.date.month == 5


def test_reference_engagement(ref: Case) -> None:
    e = ref.engagement
    assert e is not None and e.contact_kind is SessionKind.HOME_VISIT
    assert e.approach and "empatik" in e.approach
    assert any("cemas" in o and "percaya diri" in o for o in e.observations)
    contract = e.contract
    assert contract is not None
    focus = " ".join(contract.focus)
    assert "keuangan" in focus and "motivasi" in focus and "makanan ringan" in focus
    assert {r.party for r in contract.roles} >= {"klien", "praktikan"}
    assert contract.frequency and "mingguan" in contract.frequency
    assert contract.length == "8 minggu" and contract.sessions_planned == 8


def test_reference_two_children_in_genogram(ref: Case) -> None:
    assert ref.assessment and ref.assessment.genogram
    g = ref.assessment.genogram
    index = [p for p in g.people if p.index]
    assert [p.id for p in index] == ["s"]
    children = [c.child for c in g.children if c.parent == "s"]
    assert len(children) == 2
    notes = " ".join(p.note or "" for p in g.people if p.id in children)
    assert "dasar" in notes and "menengah" in notes


def test_reference_ecomap_ties(ref: Case) -> None:
    assert ref.assessment and ref.assessment.ecomap
    systems = {s.id: s for s in ref.assessment.ecomap.systems}
    for strong in ("peserta-pkh", "tetangga", "pendamping-pkh"):
        assert systems[strong].connection is Connection.STRONG, strong
    assert systems["lembaga-pelatihan"].connection is Connection.NONE
    assert systems["lembaga-pelatihan"].kind.value == "training"
    assert systems["pemberdayaan-perempuan"].connection is Connection.NONE


def test_reference_needs(ref: Case) -> None:
    needs = " ".join(n.text for n in ref.needs)
    assert "pencatatan keuangan" in needs  # no bookkeeping
    assert "kemampuan sendiri" in needs  # doubts about her own ability
    assert "peran ganda" in needs.lower()  # mother and main earner


def test_reference_plan(ref: Case) -> None:
    goals = {g.id: g for g in ref.goals}
    assert set(goals) == {"keuangan", "motivasi"}
    assert "buku keuangan sederhana" in goals["keuangan"].text
    motivation = " ".join(a.text for a in goals["motivasi"].activities)
    assert "cerita" in motivation and "afirmasi" in motivation
    assert not gate(ref, Stage.PLANNING)


def test_reference_intervention_eight_weekly_visits(ref: Case) -> None:
    sessions = ref.sessions
    assert len(sessions) == 8
    gaps = {(b.date - a.date).days for a, b in itertools.pairwise(sessions)}
    assert gaps == {7}
    assert [s.kind for s in sessions[:2]] == [SessionKind.TRAINING] * 2
    assert all(s.kind is SessionKind.HOME_VISIT for s in sessions[2:])
    week4 = sessions[3]
    assert week4.notes and "kebutuhan dan keinginan" in week4.notes


def test_reference_evaluation(ref: Case) -> None:
    ev = ref.evaluation
    assert ev is not None
    bookkeeping = [m for m in ev.measurements if m.objective == "pencatatan"]
    assert max(m.value for m in bookkeeping) == 5
    changed = " ".join(ev.changed)
    assert "lima minggu berturut-turut" in changed
    assert "jadwal produksi" in changed and "pengeluaran tidak penting" in changed
    assert "tetangga" in changed
    assert any("belum meningkat secara signifikan" in u for u in ev.unchanged)


def test_reference_termination(ref: Case) -> None:
    term = ref.termination
    assert term is not None and term.kind is TerminationKind.PLANNED
    assert term.summary and "bertahap" in term.summary and "reflektif" in term.summary
    assert term.follow_up and "pendamping" in term.follow_up.lower() and "PKH" in term.follow_up
    sustain = " ".join(term.sustainability)
    assert "buku keuangan" in sustain and "target mingguan" in sustain
    assert ref.stage is Stage.CLOSED
    assert ref.history[-1].kind is TransitionKind.CLOSE


def test_reference_case_dates_are_march_to_may_2025(ref: Case) -> None:
    dates = [s.date for s in ref.sessions]
    assert min(dates) >= dt.date(2025, 3, 1) and max(dates) <= dt.date(2025, 5, 31)
