"""advance, reopen, terminate: a worker carries a case round the circle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fixtures.helpers import (  # noqa: F401
    STAGES_TO_CLOSED,
    case_at,
    fails,
    fill_engagement,
    fill_evaluation,
    history,
    js,
    new_case,
    ok,
    walk,
    wide_console,
)
from intervensi.errors import ExitCode


def test_full_walk_from_new_case_to_closed(run, tmp_path: Path) -> None:
    before = dt.datetime.now().astimezone() - dt.timedelta(seconds=2)
    path = walk(run, tmp_path / "cases", "termination")
    ok(run("terminate", path, "--kind", "planned", "--summary", "Goals met", "--follow-up", "PKH facilitator", "--date", "2026-05-05", "--by", "rina"))
    data = js(run("show", path, "--json"))["case"]
    assert data["stage"] == "closed" and data["closed"] is True and data["next_due"] is None
    h = history(path)
    assert [e["to"] for e in h] == STAGES_TO_CLOSED
    assert [e["from"] for e in h] == [None, *STAGES_TO_CLOSED[:-1]]
    assert [e["kind"] for e in h] == ["forward"] * 6 + ["close"]
    assert [e["by"] for e in h] == ["tester"] * 6 + ["rina"]
    assert not any(e["forced"] for e in h) and not any(e["reason"] for e in h)
    after = dt.datetime.now().astimezone() + dt.timedelta(seconds=2)
    # the case was opened on 2026-03-02 (an earlier day): its opening entry is dated then and
    # keeps when it was written (issue 12); every later move is stamped as it happens
    assert h[0]["at"].date() == dt.date(2026, 3, 2) and before <= h[0]["recorded"] <= after
    for e in h[1:]:
        assert before <= e["at"] <= after and e["recorded"] is None
    assert [e["at"] for e in h] == sorted(e["at"] for e in h)
    hist = js(run("history", path, "--json"))["history"]
    assert [e["to"] for e in hist] == STAGES_TO_CLOSED


def test_advance_moves_one_stage_and_reports(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    fill_engagement(run, path)
    res = ok(run("advance", path))
    assert "assessment" in res.stderr
    assert js(run("show", path, "--json"))["case"]["stage"] == "assessment"
    assert "stage: assessment\n" in path.read_text()


def test_failed_gate_lists_every_unmet_condition_and_writes_nothing(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    raw = path.read_bytes()
    res = run("advance", path)
    line = fails(res, ExitCode.GATE, str(path), "engagement")
    assert "2 condition(s)" in line
    assert "- the contract has no agreed focus" in res.stderr
    assert "- the contract has no start date" in res.stderr
    assert path.read_bytes() == raw


def test_failed_gate_json_lists_unmet(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    res = run("advance", path, "--json")
    assert res.exit_code == ExitCode.GATE
    import json

    data = json.loads(res.stdout)
    assert data["ok"] is False and data["error"]["key"] == "gate" and len(data["error"]["unmet"]) == 2


def test_force_needs_a_reason(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    raw = path.read_bytes()
    fails(run("advance", path, "--force"), ExitCode.USAGE, "reason")
    assert path.read_bytes() == raw


def test_force_with_reason_is_recorded_as_forced(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    res = ok(run("advance", path, "--force", "--reason", "contract signed on paper, start date tbc"))
    assert "2" in res.stderr  # "forced past 2 unmet condition(s)"
    last = history(path)[-1]
    assert last["forced"] is True and last["reason"] == "contract signed on paper, start date tbc"
    assert last["from"] == "engagement" and last["to"] == "assessment"
    assert last["unmet"] == ["the contract has no agreed focus", "the contract has no start date"]
    t = js(run("advance", path, "--force", "--reason", "x", "--dry-run", "--json"))["transition"]
    assert t["forced"] is True and t["dry_run"] is True


def test_force_when_gate_holds_is_not_marked_forced(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    fill_engagement(run, path)
    ok(run("advance", path, "--force", "--reason", "habit"))
    assert history(path)[-1]["forced"] is False


def test_dry_run_writes_nothing(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    fill_engagement(run, path)
    raw = path.read_bytes()
    t = js(run("advance", path, "--dry-run", "--json"))["transition"]
    assert (t["from"], t["to"], t["dry_run"]) == ("engagement", "assessment", True)
    assert path.read_bytes() == raw
    ok(run("advance", path, "--dry-run"))
    assert path.read_bytes() == raw


def test_back_round_the_circle_needs_a_reason(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")
    raw = path.read_bytes()
    fails(run("advance", path, "--to", "assessment"), ExitCode.USAGE, "reason")
    assert path.read_bytes() == raw
    t = js(run("advance", path, "--to", "asesmen", "--reason", "new need found: school fees", "--json"))["transition"]
    assert (t["from"], t["to"], t["kind"], t["reason"]) == ("evaluation", "assessment", "back", "new need found: school fees")
    assert history(path)[-1]["kind"] == "back"
    # and forward again, one stage at a time
    ok(run("advance", path))
    assert history(path)[-1]["to"] == "planning"


def test_to_a_later_stage_is_refused(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    fill_engagement(run, path)
    raw = path.read_bytes()
    fails(run("advance", path, "--to", "evaluation", "--reason", "hurry"), ExitCode.USAGE, "evaluation")
    fails(run("advance", path, "--to", "engagement", "--reason", "same"), ExitCode.USAGE)
    assert path.read_bytes() == raw


def test_to_next_stage_is_a_forward_move(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    fill_engagement(run, path)
    ok(run("advance", path, "--to", "assessment"))
    assert history(path)[-1]["kind"] == "forward"


def test_unknown_stage(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    raw = path.read_bytes()
    fails(run("advance", path, "--to", "nirvana", "--reason", "x"), ExitCode.USAGE, "nirvana")
    assert path.read_bytes() == raw


def test_monitoring_only_when_enabled(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")
    fill_evaluation(run, path)
    fails(run("advance", path, "--to", "monitoring"), ExitCode.USAGE, "monitoring")
    ok(run("advance", path))
    assert history(path)[-1]["to"] == "termination"
    ok(run("advance", path, "--to", "evaluation", "--reason", "want a follow-up period"))
    ok(run("monitoring", path, "--enable", "--plan", "monthly visit for 3 months"))
    ok(run("advance", path))
    assert history(path)[-1]["to"] == "monitoring"
    assert js(run("show", path, "--json"))["case"]["unmet"] == ["gate.monitoring_check"]
    fails(run("advance", path), ExitCode.GATE)
    ok(run("add-check", path, "Still keeps the cash book", "--holding", "--date", "2026-06-01"))
    ok(run("advance", path))
    assert [e["to"] for e in history(path)][-3:] == ["evaluation", "monitoring", "termination"]


def test_closed_case_refuses_edits_until_reopened(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    ok(run("terminate", path, "--kind", "planned", "--summary", "done"))
    raw = path.read_bytes()
    fails(run("add-need", path, "School fees"), ExitCode.CLOSED, "closed")
    fails(run("add-session", path, "--date", "2026-06-01"), ExitCode.CLOSED)
    fails(run("advance", path), ExitCode.CLOSED)
    fails(run("advance", path, "--to", "assessment", "--reason", "x"), ExitCode.CLOSED)
    fails(run("reopen", path), ExitCode.USAGE, "reason")
    assert path.read_bytes() == raw
    t = js(run("reopen", path, "--reason", "client asked for help again", "--to", "assessment", "--json"))["transition"]
    assert (t["from"], t["to"], t["kind"]) == ("closed", "assessment", "reopen")
    ok(run("add-need", path, "School fees"))
    fails(run("reopen", path, "--reason", "again"), ExitCode.FAILURE)  # not closed
    assert [e["kind"] for e in history(path)][-2:] == ["close", "reopen"]


def test_reopen_defaults_to_termination(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    ok(run("terminate", path, "--kind", "planned", "--summary", "done"))
    res = ok(run("reopen", path, "--reason", "one more referral"))
    assert "termination" in res.stderr
    assert history(path)[-1]["to"] == "termination"


def test_terminate_before_termination_only_records(run, tmp_path: Path) -> None:
    # A planned ending (or any kind with --no-close) before termination only records; an
    # early kind without --no-close ends the case there (issue 12, tests/test_early_endings.py).
    path = case_at(run, tmp_path, "evaluation")
    data = js(run("terminate", path, "--kind", "planned", "--summary", "moved away", "--json"))
    assert data["closed"] is False
    data = js(run("terminate", path, "--kind", "client_initiated", "--summary", "moved away", "--no-close", "--json"))
    assert data["closed"] is False
    assert js(run("show", path, "--json"))["case"]["stage"] == "evaluation"


def test_terminate_no_close_and_then_advance_closes(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    assert js(run("terminate", path, "--kind", "planned", "--summary", "ok", "--no-close", "--json"))["closed"] is False
    t = js(run("advance", path, "--json"))["transition"]
    assert (t["to"], t["kind"]) == ("closed", "close")


def test_terminate_without_summary_does_not_close(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "termination")
    assert js(run("terminate", path, "--kind", "planned", "--json"))["closed"] is False
    assert js(run("show", path, "--json"))["case"]["unmet"] == ["gate.termination_summary"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_gate_message_in_both_languages(run, tmp_path: Path, lang: str) -> None:
    path = new_case(run, tmp_path)
    res = run("--lang", lang, "advance", path)
    word = "contract" if lang == "en" else "kontrak"
    fails(res, ExitCode.GATE)
    assert word in res.stderr
