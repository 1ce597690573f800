"""The `--json` shapes scripts rely on: pinned key sets (change them only with a version bump)."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures.helpers import case_at, js, wide_console  # noqa: F401

ENVELOPE = {"version", "command", "ok"}
CASE_KEYS = {"id", "path", "title", "client", "level", "practice", "client_kind", "stage", "closed", "next_stage", "days_in_stage",
             "gate_ready", "unmet", "unmet_text", "next_due", "next_due_what", "worker", "monitoring", "opened"}
TRANSITION_KEYS = {"case", "path", "from", "to", "kind", "forced", "reason", "by", "at", "unmet", "dry_run"}
HISTORY_KEYS = {"at", "from", "to", "kind", "by", "reason", "forced", "unmet", "ending", "recorded"}
ERROR_KEYS = {"error", "key", "message", "path", "line", "column", "field", "exit_code"}


def test_show(run, reference: Path) -> None:
    data = js(run("show", reference, "--json"))
    assert set(data) == ENVELOPE | {"case"} and data["command"] == "show"
    assert set(data["case"]) == CASE_KEYS


def test_status(run, cases: Path) -> None:
    data = js(run("status", cases, "--json"))
    assert set(data) == ENVELOPE | {"cases", "per_stage", "invalid", "summary", "duplicate_ids"}
    # `status` now belongs to the cohort commands, which add their own columns: pin the core ones.
    core = {"id", "path", "stage", "closed", "next_stage", "gate_ready", "unmet", "next_due", "next_due_what", "worker", "level", "practice", "opened"}
    assert all(core <= set(c) for c in data["cases"])
    assert set(data["per_stage"]) == {"engagement", "assessment", "planning", "intervention", "evaluation", "monitoring", "termination", "closed"}


def test_check(run, cases: Path) -> None:
    (cases / "junk.yaml").write_text("schema_version: 1\n")
    res = run("check", cases, "--json")
    data = json.loads(res.stdout)
    assert set(data) == ENVELOPE | {"files", "valid", "invalid"}
    good = [f for f in data["files"] if f["valid"]]
    bad = [f for f in data["files"] if not f["valid"]]
    assert good and bad
    assert all(set(f) == {"path", "valid", "id", "stage", "gate_ready", "unmet"} for f in good)
    assert all(set(f) == {"path", "valid", "problems"} for f in bad)
    assert all(set(p) == ERROR_KEYS for f in bad for p in f["problems"])


def test_history(run, reference: Path) -> None:
    data = js(run("history", reference, "--json"))
    assert set(data) == ENVELOPE | {"case", "history"}
    assert all(set(e) == HISTORY_KEYS for e in data["history"])


def test_advance(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "engagement")
    data = js(run("advance", path, "--force", "--reason", "r", "--json"))
    assert set(data) == ENVELOPE | {"transition"}
    assert set(data["transition"]) == TRANSITION_KEYS


def test_error_envelope(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "engagement")
    res = run("advance", path, "--json")
    data = json.loads(res.stdout)
    assert set(data) == {"version", "ok", "error"} and data["ok"] is False
    assert set(data["error"]) == ERROR_KEYS | {"unmet"}
