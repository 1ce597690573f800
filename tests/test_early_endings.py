"""Early endings at any stage (issue 12, item 4): one honest history entry, no forced gates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fixtures.helpers import case_at, fails, history, js, ok
from intervensi.casefile import load_case
from intervensi.errors import ExitCode

EARLY_STAGES = ["engagement", "assessment", "planning", "intervention", "evaluation"]
KINDS = ["client_initiated", "unplanned", "referral", "transfer"]


@pytest.mark.parametrize("stage", EARLY_STAGES)
def test_terminate_with_an_early_kind_closes_from_any_stage(run: Any, tmp_path: Path, stage: str) -> None:
    path = case_at(run, tmp_path, stage)
    before = history(path)
    kind = KINDS[EARLY_STAGES.index(stage) % len(KINDS)]
    data = js(run("terminate", path, "--kind", kind, "--reason", "The family moved away", "--date", "2026-04-01", "--json"))
    assert data["closed"] is True and data["transition"]["ending"] == kind
    after = history(path)
    assert after[: len(before)] == before  # nothing rewritten
    [entry] = after[len(before):]  # one entry, not one per stage
    assert (entry["from"], entry["to"], entry["kind"], entry["forced"], entry["unmet"]) == (stage, "closed", "end", False, [])
    assert (entry["ending"], entry["reason"]) == (kind, "The family moved away")
    case = load_case(path)
    assert case.closed and case.termination is not None
    assert (case.termination.kind.value, case.termination.summary, str(case.termination.date)) == (kind, "The family moved away", "2026-04-01")


def test_end_case_records_summary_follow_up_and_referrals(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "assessment")
    ok(run("end-case", path, "--kind", "referral", "--reason", "Needs a mental-health service", "--summary", "Referred after two visits",
           "--follow-up", "Call in a month", "--refer", "Puskesmas=counselling"))
    t = load_case(path).termination
    assert t is not None and t.summary == "Referred after two visits" and t.follow_up == "Call in a month"
    assert [(r.to, r.reason) for r in t.referrals] == [("Puskesmas", "counselling")]
    assert history(path)[-1]["reason"] == "Needs a mental-health service"


def test_end_case_no_close_then_advance_closes(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    data = js(run("end-case", path, "--kind", "client_initiated", "--reason", "Withdrew", "--no-close", "--json"))
    assert data["closed"] is False and data["transition"]["to"] == "termination"
    assert js(run("show", path, "--json"))["case"]["unmet"] == []  # kind and summary recorded
    t = js(run("advance", path, "--json"))["transition"]
    assert (t["from"], t["to"], t["kind"], t["forced"]) == ("termination", "closed", "close", False)


def test_evaluation_gate_not_needed_for_an_early_ending(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")  # no measurement, no score: the gate fails
    assert js(run("show", path, "--json"))["case"]["unmet"]
    ok(run("end-case", path, "--kind", "unplanned", "--reason", "Lost contact"))
    assert load_case(path).closed


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["end-case", "{p}", "--kind", "planned", "--reason", "done"], ExitCode.USAGE, "planned"),
        (["end-case", "{p}", "--kind", "vanished", "--reason", "x"], ExitCode.USAGE, "--kind"),
        (["end-case", "{p}", "--kind", "unplanned", "--reason", "   "], ExitCode.USAGE, "reason"),
        (["end-case", "{p}", "--kind", "unplanned"], ExitCode.USAGE, "reason"),
        (["terminate", "{p}", "--kind", "unplanned"], ExitCode.USAGE, "reason"),
        (["end-case", "{p}", "--kind", "unplanned", "--reason", "x", "--date", "2026-02-30"], ExitCode.USAGE, "--date"),
    ],
)
def test_bad_endings_leave_the_file_unchanged(run: Any, tmp_path: Path, args: list[str], code: int, needle: str) -> None:
    path = case_at(run, tmp_path, "assessment")
    before = path.read_bytes()
    fails(run(*[path if a == "{p}" else a for a in args]), code, needle)
    assert path.read_bytes() == before


def test_a_planned_ending_keeps_its_gates(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "assessment")
    data = js(run("terminate", path, "--kind", "planned", "--summary", "ok", "--json"))
    assert data["closed"] is False and load_case(path).stage.value == "assessment"


def test_terminate_no_close_only_records_an_early_kind(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "intervention")
    data = js(run("terminate", path, "--kind", "client_initiated", "--summary", "may withdraw", "--no-close", "--json"))
    assert data["closed"] is False and load_case(path).stage.value == "intervention"


def test_at_termination_an_early_kind_closes_the_usual_way(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    before = path.read_bytes()
    fails(run("end-case", path, "--kind", "transfer", "--reason", "x"), ExitCode.USAGE, "termination")
    assert path.read_bytes() == before
    assert js(run("terminate", path, "--kind", "transfer", "--summary", "Transferred", "--json"))["closed"] is True
    assert history(path)[-1]["kind"] == "close"


def test_closed_case_cannot_end_again_but_can_reopen(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "assessment")
    ok(run("end-case", path, "--kind", "unplanned", "--reason", "Lost contact"))
    fails(run("end-case", path, "--kind", "unplanned", "--reason", "again"), ExitCode.CLOSED)
    ok(run("reopen", path, "--reason", "The family came back", "--to", "assessment"))
    assert load_case(path).stage.value == "assessment"


def test_history_and_messages_say_what_happened(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    res = ok(run("--lang", "id", "end-case", path, "--kind", "client_initiated", "--reason", "Mengundurkan diri"))
    assert "diakhiri lebih awal" in res.stderr and "perencanaan" in res.stderr.lower()
    entries = js(run("history", path, "--json"))["history"]
    assert entries[-1]["kind"] == "end" and not entries[-1]["forced"]
    shown = ok(run("show", path)).stdout
    assert "passed by force" not in shown
    lines = {ln.split("(")[0].strip(" ✓–▶·!"): ln for ln in shown.splitlines() if "(" in ln or ln.startswith(("✓", "–"))}
    assert "not reached" in lines["intervention"] and "not reached" in lines["termination"]
    assert "not reached" not in lines["engagement, intake, contract"] and "not reached" not in shown.split("planning")[0]


def test_library_end_case(tmp_path: Path, run: Any) -> None:
    from intervensi.ending import end_case

    path = case_at(run, tmp_path, "intervention")
    moved = end_case(path, kind="transfer", reason="Moved to another district", by="rina")
    assert moved.transition.kind.value == "end" and moved.transition.ending is not None
    assert load_case(path).closed
