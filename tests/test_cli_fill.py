"""The commands that fill a stage without hand-editing YAML, and their refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.helpers import case_at, fails, js, new_case, ok, wide_console  # noqa: F401
from intervensi.casefile import load_case
from intervensi.errors import ExitCode


@pytest.fixture
def case(run, tmp_path: Path) -> Path:
    return case_at(run, tmp_path, "intervention")


def unchanged_after(path: Path, result, code: int, *needles: str) -> None:  # type: ignore[no-untyped-def]
    raw = path.read_bytes()
    fails(result(), code, *needles)
    assert path.read_bytes() == raw


def test_contract(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    data = js(run("contract", path, "--focus", "household finances", "--focus", "self-motivation", "--role", "client=keeps a cash book",
                  "--role", "worker = weekly visit", "--frequency", "weekly home visits", "--length", "8 weeks", "--sessions", "8",
                  "--agreed", "2026-03-02", "--start", "2026-03-09", "--end", "2026-05-04", "--review", "2026-04-06", "--json"))
    assert data["command"] == "contract"
    c = load_case(path).engagement.contract
    assert c.focus == ["household finances", "self-motivation"]
    assert [(r.party, r.role) for r in c.roles] == [("client", "keeps a cash book"), ("worker", "weekly visit")]
    assert (c.frequency, c.length, c.sessions_planned, str(c.start), str(c.review)) == ("weekly home visits", "8 weeks", 8, "2026-03-09", "2026-04-06")
    unchanged_after(path, lambda: run("contract", path, "--role", "no-equals-sign"), ExitCode.USAGE, "--role")
    unchanged_after(path, lambda: run("contract", path, "--start", "9 March"), ExitCode.USAGE, "--start")


def test_add_need_strength_risk_summary(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "assessment")
    assert js(run("add-need", path, "No bookkeeping", "--area", "economic", "--json"))["id"] == "n1"
    assert js(run("add-need", path, "Low self-confidence", "--json"))["id"] == "n2"
    assert js(run("add-need", path, "School fees", "--id", "school", "--json"))["id"] == "school"
    ok(run("add-strength", path, "Neighbours", "--kind", "social"))
    assert js(run("add-strength", path, "Motivated", "--id", "motiv", "--json"))["number"] == 2
    assert js(run("add-risk", path, "Dependence on aid", "--level", "medium", "--plan", "build savings", "--json"))["number"] == 1
    ok(run("summary", path, "assessment", "Poverty is also low control over resources"))
    a = load_case(path).assessment
    assert [n.id for n in a.needs] == ["n1", "n2", "school"] and a.needs[0].area == "economic"
    assert [s.text for s in a.strengths] == ["Neighbours", "Motivated"] and a.strengths[1].id == "motiv"
    assert a.risks[0].plan == "build savings" and a.summary.startswith("Poverty")
    unchanged_after(path, lambda: run("add-need", path, "dup", "--id", "n1"), ExitCode.EXISTS, "n1")
    unchanged_after(path, lambda: run("add-need", path, "bad id", "--id", "Bad Id!"), ExitCode.USAGE, "assessment.needs.id")
    unchanged_after(path, lambda: run("add-strength", path, "x", "--kind", "magic"), ExitCode.USAGE, "kind")
    unchanged_after(path, lambda: run("add-risk", path, "x", "--level", "extreme"), ExitCode.USAGE, "level")
    unchanged_after(path, lambda: run("summary", path, "planning", "x"), ExitCode.USAGE)


def test_add_goal_objective_activity(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    data = js(run("add-goal", path, "Manage money", "--need", "n1", "--weight", "2", "--indicator", "weeks of bookkeeping",
                  "--baseline", "0", "--target", "5", "--due", "2026-05-01", "--unit", "weeks", "--gas", "0=5 weeks", "--gas", "2=8 weeks", "--json"))
    assert data["id"] == "g1"
    assert js(run("add-objective", path, "g1", "--indicator", "savings", "--baseline", "0", "--target", "200", "--due", "2026-05-01", "--json"))["id"] == "g1-o2"
    ok(run("add-activity", path, "g1", "Cash-book training", "--who", "worker", "--when", "weeks 1-2"))
    g = load_case(path).goals[0]
    assert g.needs == ["n1"] and g.weight == 2 and [o.id for o in g.objectives] == ["g1-o1", "g1-o2"]
    assert g.objectives[0].measurable and g.objectives[0].unit == "weeks"
    assert g.gas.expected == "5 weeks" and g.gas.much_more == "8 weeks"
    assert g.activities[0].who == "worker"
    assert js(run("show", path, "--json"))["case"]["gate_ready"] is True
    unchanged_after(path, lambda: run("add-goal", path, "x", "--need", "n9"), ExitCode.NOT_FOUND, "need", "n9")
    unchanged_after(path, lambda: run("add-goal", path, "x", "--need", "n1", "--gas", "3=too much"), ExitCode.USAGE, "--gas")
    unchanged_after(path, lambda: run("add-goal", path, "x", "--need", "n1", "--id", "g1"), ExitCode.EXISTS, "g1")
    unchanged_after(path, lambda: run("add-objective", path, "g7", "--indicator", "x"), ExitCode.NOT_FOUND, "g7")
    unchanged_after(path, lambda: run("add-activity", path, "g7", "x"), ExitCode.NOT_FOUND, "g7")
    unchanged_after(path, lambda: run("add-objective", path, "g1", "--indicator", "x", "--due", "2026-13-01"), ExitCode.USAGE, "--due")
    res = run("add-goal", path, "x")  # --need is required
    assert res.exit_code == ExitCode.USAGE


def test_add_session(run, case: Path) -> None:
    data = js(run("add-session", case, "--date", "2026-03-17", "-k", "training", "--title", "Week 2", "-g", "g1", "-a", "cash book",
                  "--minutes", "90", "-n", "Learning by doing", "--by", "rina", "--json"))
    assert data["number"] == 1
    s = load_case(case).sessions[-1]
    assert (str(s.date), s.kind.value, s.goals, s.minutes, s.by) == ("2026-03-17", "training", ["g1"], 90, "rina")
    unchanged_after(case, lambda: run("add-session", case, "--date", "2026-3-17"), ExitCode.USAGE, "--date")
    unchanged_after(case, lambda: run("add-session", case, "--date", "2026-03-17", "--goal", "g9"), ExitCode.USAGE, "g9")
    unchanged_after(case, lambda: run("add-session", case, "--date", "2026-03-17", "--kind", "party"), ExitCode.USAGE, "kind")
    unchanged_after(case, lambda: run("add-session", case, "--date", "2026-03-17", "--minutes", "5000"), ExitCode.USAGE, "minutes")


def test_add_session_attendance_for_groups(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path, "kube-1", "group_work")
    text = path.read_text()
    head, sep, rest = text.partition("  members: []")
    assert sep, "the group template has a members list"
    path.write_text(head + "  members:\n    - id: m1\n      name: A\n    - id: m2\n      name: B" + rest.partition("\n")[1] + rest.partition("\n")[2])
    ok(run("check", path))
    ok(run("add-session", path, "--date", "2026-03-10", "--kind", "group_meeting", "--attended", "m1", "--attended", "m2"))
    assert load_case(path).sessions[0].attendance == ["m1", "m2"]
    unchanged_after(path, lambda: run("add-session", path, "--date", "2026-03-11", "--attended", "m3"), ExitCode.USAGE, "attendance")


def test_measurement_and_score(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")
    assert js(run("add-measurement", path, "g1-o1", "3", "--date", "2026-04-07", "--note", "week 4", "--json"))["number"] == 1
    assert js(run("score-goal", path, "g1", "--date", "2026-04-28", "--json", "--", "-1"))["number"] == 1
    c = load_case(path)
    assert c.measurements[0].value == 3 and c.attainment[0].score == -1
    unchanged_after(path, lambda: run("add-measurement", path, "g1-o9", "3"), ExitCode.NOT_FOUND, "g1-o9")
    unchanged_after(path, lambda: run("score-goal", path, "g9", "1"), ExitCode.NOT_FOUND, "g9")
    res = run("score-goal", path, "g1", "3")
    assert res.exit_code == ExitCode.USAGE and "Traceback" not in res.stderr
    res = run("add-measurement", path, "g1-o1", "three")
    assert res.exit_code == ExitCode.USAGE


def test_monitoring_and_checks(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")
    assert js(run("monitoring", path, "--enable", "--plan", "monthly", "--json"))["enabled"] is True
    assert js(run("add-check", path, "Still keeps the cash book", "--holding", "--date", "2026-06-01", "--json"))["number"] == 1
    ok(run("add-check", path, "Stopped saving", "--not-holding", "--date", "2026-07-01"))
    m = load_case(path).monitoring
    assert m.enabled and m.plan == "monthly" and [c.holding for c in m.checks] == [True, False]
    ok(run("monitoring", path, "--disable"))
    assert load_case(path).monitoring_enabled is False


def test_terminate_records_everything(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    data = js(run("terminate", path, "--kind", "planned", "--summary", "Gradual, reflective ending", "--date", "2026-05-05",
                  "--follow-up", "may reach the PKH facilitator", "--sustain", "keep the cash book", "--sustain", "weekly targets",
                  "--refer", "Dinas Koperasi=business training", "--refer", "PEKKA", "--json"))
    assert data["closed"] is True
    t = load_case(path).termination
    assert t.kind.value == "planned" and t.sustainability == ["keep the cash book", "weekly targets"]
    assert [(r.to, r.reason) for r in t.referrals] == [("Dinas Koperasi", "business training"), ("PEKKA", None)]


def test_terminate_bad_kind(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    unchanged_after(path, lambda: run("terminate", path, "--kind", "vanished", "--summary", "x"), ExitCode.USAGE, "kind")


def test_fill_messages_for_people(run, case: Path) -> None:
    res = ok(run("add-session", case, "--date", "2026-03-17"))
    assert "pkh-b-2026" in res.stderr and res.stdout == ""
    res = ok(run("--lang", "id", "add-session", case, "--date", "2026-03-18"))
    assert "sesi" in res.stderr.lower()
