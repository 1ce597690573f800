"""Correcting and removing every kind of list item by command (issue 12, item 3).

Each kind is changed and removed by id or number on a copy of the reference case; a bad
address or value is one error line with its exit code and leaves the file byte-identical;
every change or removal leaves an amendment (what, when, by whom, why) and never touches
the history.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixtures.helpers import fails, js, ok
from intervensi.casefile import load_case
from intervensi.errors import ExitCode


@pytest.fixture
def open_ref(reference: Path) -> Path:
    """The reference case, reopened at evaluation so it can be corrected (closed cases refuse edits)."""
    from intervensi.moves import reopen
    from intervensi.ops_items import add_referral

    reopen(reference, reason="corrections", to="evaluation", by="tester")  # sets the termination aside
    add_referral(reference, "Pendamping PKH", reason="bantuan lanjutan")
    return reference


def unchanged_after(path: Path, action: Any, code: int, *needles: str) -> None:
    before = path.read_bytes()
    fails(action(), code, *needles)
    assert path.read_bytes() == before


# (noun, address, options, (attribute path in the model, expected value))
CHANGES = [
    ("member", None, None, None),
    ("focus", "2", ["Motivasi diri"], ("engagement.contract.focus.1", "Motivasi diri")),
    ("role", "1", ["--role", "Mencatat setiap hari"], ("engagement.contract.roles.0.role", "Mencatat setiap hari")),
    ("need", "percaya-diri", ["--area", "education"], ("assessment.needs.1.area", "education")),
    ("strength", "2", ["--kind", "material"], ("assessment.strengths.1.kind", "material")),
    ("risk", "1", ["--level", "high", "--plan", "Rujuk ke KUBE"], ("assessment.risks.0.level", "high")),
    ("goal", "motivasi", ["--weight", "3", "--gas", "0=Dua langkah"], ("planning.goals.1.weight", 3.0)),
    ("objective", "pencatatan", ["--due", "2025-05-09"], ("planning.goals.0.objectives.0.due", "2025-05-09")),
    ("activity", "2", ["--goal", "keuangan", "--when", "minggu 3–9"], ("planning.goals.0.activities.1.when", "minggu 3–9")),
    ("session", "4", ["--date", "2025-04-01", "--note", ""], ("intervention.sessions.3.date", "2025-04-01")),
    ("measurement", "5", ["--value", "2.5"], ("evaluation.measurements.4.value", 2.5)),
    ("score", "2", ["--score", "0"], ("evaluation.attainment.1.score", 0)),
    ("referral", "1", ["--to", "Pendamping sosial PKH"], ("termination.referrals.0.to", "Pendamping sosial PKH")),
]


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


@pytest.mark.parametrize(("noun", "ref", "options", "expect"), [c for c in CHANGES if c[1]], ids=[c[0] for c in CHANGES if c[1]])
def test_change_each_kind(run: Any, open_ref: Path, noun: str, ref: str, options: list[str], expect: tuple[str, Any]) -> None:
    before = load_case(open_ref)
    out = js(run(noun, "change", open_ref, ref, *options, "--reason", "salah ketik", "--json"))
    after = load_case(open_ref)
    assert _get(after.model_dump(mode="json"), expect[0]) == expect[1]
    assert after.history == before.history
    amendment = after.amendments[-1]
    assert (amendment.action, amendment.item, amendment.reason, amendment.by) == ("change", out["item"], "salah ketik", "tester")


REMOVALS = [
    ("focus", "1", "engagement.contract.focus", 2),
    ("role", "2", "engagement.contract.roles", 2),
    ("need", "beban-peran", "assessment.needs", 3),
    ("strength", "pkh", "assessment.strengths", 3),
    ("risk", "1", "assessment.risks", 1),
    ("activity", "1", "planning.goals.0.activities", 2),
    ("session", "#8", "intervention.sessions", 8),
    ("measurement", "11", "evaluation.measurements", 11),
    ("score", "1", "evaluation.attainment", 2),
    ("referral", "1", "termination.referrals", 1),
]


@pytest.mark.parametrize(("noun", "ref", "where", "count"), REMOVALS, ids=[r[0] for r in REMOVALS])
def test_remove_each_kind(run: Any, open_ref: Path, noun: str, ref: str, where: str, count: int) -> None:
    extra = ["--goal", "keuangan"] if noun == "activity" else []
    args = [noun, "remove", open_ref, ref, *extra, "--reason", "dicatat dua kali"]
    if noun == "need":  # a need a goal answers: refused, then removed with its references
        unchanged_after(open_ref, lambda: run(*args), ExitCode.INVALID, "cascade")
        args.append("--cascade")
    ok(run(*args))
    after = load_case(open_ref)
    assert len(_get(after.model_dump(mode="json"), where)) == count - 1
    assert after.amendments[-1].action == "remove"
    if noun == "need":
        assert all("beban-peran" not in g.needs for g in after.goals)


def test_list_numbers_what_change_and_remove_take(run: Any, open_ref: Path) -> None:
    items = js(run("measurement", "list", open_ref, "--json"))["items"]
    assert [i["number"] for i in items] == list(range(1, 12))
    assert items[4] == {"number": 5, "objective": "pencatatan", "date": "2025-04-14", "value": 3.0}
    acts = js(run("activity", "list", open_ref, "--json"))["items"]
    assert [(a["goal"], a["number"]) for a in acts] == [("keuangan", 1), ("keuangan", 2), ("motivasi", 1)]
    res = ok(run("need", "list", open_ref))
    assert "keuangan" in res.stdout and "percaya-diri" in res.stdout


def test_a_mistyped_measurement_corrected_fixes_progress_and_nap(run: Any, open_ref: Path) -> None:
    ok(run("measurement", "add", open_ref, "pencatatan", "50", "--date", "2025-04-30"))  # meant 5
    wrong = js(run("evaluate", open_ref, "--json"))["evaluation"]["goals"][0]["objectives"][0]
    assert wrong["latest"] == 50.0 and wrong["progress"] == 10.0
    ok(run("measurement", "change", open_ref, "12", "--value", "5", "--reason", "typed 50"))
    right = js(run("evaluate", open_ref, "--json"))["evaluation"]["goals"][0]["objectives"][0]
    assert right["latest"] == 5.0 and right["progress"] == 1.0
    ok(run("measurement", "remove", open_ref, "12"))
    assert len(load_case(open_ref).measurements) == 11


def test_a_wrong_score_corrected_changes_the_t_score(run: Any, open_ref: Path) -> None:
    t_before = js(run("evaluate", open_ref, "--json"))["evaluation"]["t_score"]
    ok(run("score", "change", open_ref, "1", "--score", "-1"))
    assert js(run("evaluate", open_ref, "--json"))["evaluation"]["t_score"] < t_before


def test_goal_and_objective_removal_cascade(run: Any, open_ref: Path) -> None:
    unchanged_after(open_ref, lambda: run("objective", "remove", open_ref, "langkah-usaha"), ExitCode.INVALID, "cascade")
    ok(run("objective", "remove", open_ref, "langkah-usaha", "--cascade"))
    case = load_case(open_ref)
    assert all(m.objective != "langkah-usaha" for m in case.measurements)
    unchanged_after(open_ref, lambda: run("goal", "remove", open_ref, "motivasi"), ExitCode.INVALID, "cascade")
    out = js(run("goal", "remove", open_ref, "motivasi", "--cascade", "--json"))
    assert out["references"] == {"intervention.sessions.*.goals": 7, "evaluation.attainment": 1}
    case = load_case(open_ref)
    assert [g.id for g in case.goals] == ["keuangan"]
    assert all("motivasi" not in s.goals for s in case.sessions)


def test_monitoring_checks_add_change_remove(run: Any, cases: Path) -> None:
    path = cases / "keluarga-h-2025.yaml"
    n = len(load_case(path).monitoring.checks)  # type: ignore[union-attr]
    ok(run("monitoring-check", "add", path, "Masih bertahan", "--date", "2025-12-01", "--holding"))
    ok(run("monitoring-check", "change", path, str(n + 1), "--not-holding", "--note", "Mulai goyah"))
    check = load_case(path).monitoring.checks[-1]  # type: ignore[union-attr]
    assert (check.holding, check.note) == (False, "Mulai goyah")
    ok(run("monitoring-check", "remove", path, str(n + 1)))
    assert len(load_case(path).monitoring.checks) == n  # type: ignore[union-attr]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["need", "change", "{p}", "tidak-ada", "--area", "x"], ExitCode.NOT_FOUND, "tidak-ada"),
        (["measurement", "change", "{p}", "99", "--value", "1"], ExitCode.NOT_FOUND, "99"),
        (["measurement", "change", "{p}", "1", "--value", "banyak"], ExitCode.USAGE, "evaluation.measurements"),
        (["objective", "change", "{p}", "pencatatan", "--due", "2025-13-40"], ExitCode.USAGE, "due"),
        (["score", "change", "{p}", "1", "--score", "3"], ExitCode.USAGE, "score"),
        (["risk", "change", "{p}", "1", "--level", "extreme"], ExitCode.USAGE, "level"),
        (["risk", "change", "{p}", "1", "--text", ""], ExitCode.USAGE, "text"),
        (["session", "change", "{p}", "1", "--goal", "tidak-ada"], ExitCode.USAGE, "goals"),
        (["activity", "change", "{p}", "1", "--when", "x"], ExitCode.USAGE, "--goal"),
        (["need", "change", "{p}", "keuangan"], ExitCode.USAGE, ""),
        (["focus", "change", "{p}", "1", "   "], ExitCode.USAGE, "focus"),
        (["client", "change", "{p}", "--age", "-3"], ExitCode.USAGE, "client.age"),
        (["client", "change", "{p}", "--remove-programme", "BLT"], ExitCode.NOT_FOUND, "BLT"),
        (["client", "change", "{p}", "--name", ""], ExitCode.USAGE, "client.name"),
        (["engagement", "change", "{p}", "--first-contact", "kemarin"], ExitCode.USAGE, "engagement.first_contact"),
        (["engagement", "change", "{p}", "--contact-kind", "telepati"], ExitCode.USAGE, "engagement.contact_kind"),
        (["member", "add", "{p}", "  "], ExitCode.USAGE, "client.members"),
    ],
)
def test_bad_corrections_leave_the_file_unchanged(run: Any, open_ref: Path, args: list[str], code: int, needle: str) -> None:
    argv = [open_ref if a == "{p}" else a for a in args]
    unchanged_after(open_ref, lambda: run(*argv), code, needle)


def test_a_closed_case_refuses_corrections(run: Any, reference: Path) -> None:
    unchanged_after(reference, lambda: run("need", "change", reference, "keuangan", "--area", "x"), ExitCode.CLOSED, "")
    unchanged_after(reference, lambda: run("client", "change", reference, "--age", "33"), ExitCode.CLOSED, "")


def test_errors_in_indonesian(run: Any, open_ref: Path) -> None:
    res = run("--lang", "id", "measurement", "change", open_ref, "99", "--value", "1")
    assert res.exit_code == ExitCode.NOT_FOUND and "bukan id dan bukan nomor" in res.stderr


# --------------------------------------------------------------------------- section facts and lists


def test_list_fields_set_add_remove(run: Any, open_ref: Path) -> None:
    ok(run("client", "change", open_ref, "--programme", "PKH", "--programme", "BPNT"))
    assert load_case(open_ref).client.programmes == ["PKH", "BPNT"]
    ok(run("client", "change", open_ref, "--add-programme", "KIS", "--remove-programme", "1"))
    assert load_case(open_ref).client.programmes == ["BPNT", "KIS"]
    ok(run("assessment", "change", open_ref, "--remove-tool", "ecomap", "--add-tool", "wawancara"))
    assert load_case(open_ref).assessment.tools == ["genogram", "wawancara"]  # type: ignore[union-attr]
    ok(run("evaluation", "change", open_ref, "--add-unchanged", "Belum menabung", "--remove-changed", "2"))
    ev = load_case(open_ref).evaluation
    assert ev is not None and ev.unchanged[-1] == "Belum menabung" and len(ev.changed) == 3
    ok(run("engagement", "change", open_ref, "--add-observation", "Anak-anak membantu berjualan"))
    assert load_case(open_ref).engagement.observations[-1] == "Anak-anak membantu berjualan"  # type: ignore[union-attr]


def test_a_replaced_fact_is_an_amendment_a_new_one_is_not(run: Any, open_ref: Path) -> None:
    n = len(load_case(open_ref).amendments)
    ok(run("worker", "change", open_ref, "--supervisor", "Ibu K"))  # new: just recorded
    assert len(load_case(open_ref).amendments) == n
    ok(run("client", "change", open_ref, "--age", "33", "--reason", "KTP"))
    a = load_case(open_ref).amendments[-1]
    assert (a.action, a.fields, a.reason) == ("change", ["client.age"], "KTP")
    ok(run("client", "change", open_ref, "--region", ""))
    assert load_case(open_ref).client.region is None


def test_show_and_json_of_a_section(run: Any, open_ref: Path) -> None:
    data = js(run("engagement", "show", open_ref, "--json"))
    assert data["facts"]["referral_source"].startswith("Dinas Sosial") and "contract" not in data["facts"]
    assert js(run("client", "show", open_ref, "--json"))["facts"]["programmes"] == ["PKH"]


def test_headings_stay_with_their_sections(run: Any, tmp_path: Path) -> None:
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--dir", tmp_path))
    path = tmp_path / "c1.yaml"
    ok(run("client", "change", path, "--age", "32", "--programme", "PKH"))
    ok(run("contract", path, "--focus", "f", "--start", "2026-03-02"))
    ok(run("advance", path))
    ok(run("risk", "add", path, "r"))
    ok(run("risk", "remove", path, "1"))
    ok(run("engagement", "change", path, "--first-contact", "2026-03-02"))
    text = path.read_text(encoding="utf-8")
    for heading, key in (("# 1. Engagement", "engagement:"), ("# 2. Assessment", "assessment:"), ("# 3. Planning", "planning:")):
        between = text[text.index(heading):text.index("\n" + key)].splitlines()
        assert all(not line.strip() or line.startswith("#") for line in between), heading  # nothing but the heading
    assert text.index("programmes:") < text.index("# 1. Engagement")


def test_json_of_remove(run: Any, open_ref: Path) -> None:
    out = json.loads(ok(run("risk", "remove", open_ref, "1", "--json")).stdout)
    assert out["command"] == "risk remove" and out["item"] == "assessment.risks#1" and out["references"] == {}


def test_the_library_api_a_script_calls(open_ref: Path) -> None:
    import intervensi

    intervensi.change_facts(open_ref, {"client": {"age": 33}}, {"client": {"programmes": intervensi.ListEdit(add=["BPNT"])}}, by="script")
    assert load_case(open_ref).client.programmes == ["PKH", "BPNT"]
    label = intervensi.change_item(open_ref, "measurement", "5", {"value": 2.5}, by="script", reason="typo")
    assert label == "evaluation.measurements#5"
    out = intervensi.remove_item(open_ref, "need", "beban-peran", cascade=True, by="script")
    assert out["references"] == {"planning.goals.*.needs": 1}
    items = intervensi.list_items(load_case(open_ref), "need")
    assert [i["id"] for i in items] == ["keuangan", "percaya-diri"]
    assert [a.by for a in load_case(open_ref).amendments[-3:]] == ["script"] * 3


def test_headings_stay_when_adding_to_new_lists(run: Any, tmp_path: Path) -> None:
    # issue 12: after add-strength then add-risk, '# 3. Planning' sat inside assessment;
    # a second objective put '# 4. Intervention' between two objectives.
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--dir", tmp_path))
    path = tmp_path / "c1.yaml"
    ok(run("add-strength", path, "s1"))
    ok(run("add-risk", path, "r1"))
    ok(run("need", "add", path, "n"))
    ok(run("goal", "add", path, "g", "--need", "n1", "--indicator", "i", "--baseline", "0", "--target", "1", "--due", "2026-01-01"))
    ok(run("objective", "add", path, "g1", "--indicator", "j"))
    text = path.read_text(encoding="utf-8")
    for heading, key in (("# 3. Planning", "planning:"), ("# 4. Intervention", "intervention:")):
        between = text[text.index(heading):text.index("\n" + key)].splitlines()
        assert all(not line.strip() or line.startswith("#") for line in between), heading


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["client", "change", "{p}", "--name", "   "], "client.name"),
        (["member", "add", "{p}", "Ibu A", "--born", "2999"], "future"),
        (["client", "change", "{p}", "--born", str(__import__("datetime").date.today().year + 1)], "future"),
        (["person", "add", "{p}", "--name", "Budi", "--born", "2999"], "future"),
        (["person", "add", "{p}", "--name", "  "], "name"),
        (["system", "add", "{p}", "  "], "name"),
        (["referral", "add", "{p}", " "], "referrals"),
        (["role", "add", "{p}", " ", "keeps the book"], "party"),
    ],
)
def test_empty_names_and_future_births_are_refused(run: Any, open_ref: Path, args: list[str], needle: str) -> None:
    """Refused, file unchanged: a value typed on the command line that the schema refuses
    is a usage error (2), whether refused as it is built or when the edited case is
    validated as a whole."""
    argv = [open_ref if a == "{p}" else a for a in args]
    before = open_ref.read_bytes()
    res = run(*argv)
    assert res.exit_code == ExitCode.USAGE, (res.exit_code, res.stderr)
    assert needle in res.stderr and "Traceback" not in res.stderr
    assert open_ref.read_bytes() == before


def test_new_case_with_an_empty_client_name_is_refused(run: Any, tmp_path: Path) -> None:
    fails(run("new-case", "c1", "--practice", "casework", "--client", "  ", "--dir", tmp_path), ExitCode.USAGE, "client.name")
    assert not (tmp_path / "c1.yaml").exists()
    assert not (tmp_path / "c1.yaml").exists()


def test_a_pregnancy_may_carry_its_expected_date(run: Any, open_ref: Path) -> None:
    ok(run("person", "add", open_ref, "--kind", "pregnancy", "--born", "2999"))
