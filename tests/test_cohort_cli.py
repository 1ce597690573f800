"""The caseload commands: status, agenda, export, render, set, advance-ready, add-session-all."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fixtures.helpers import wide_console  # noqa: F401  (Rich tables as wide as a terminal)


@pytest.fixture
def broken(cases: Path) -> Path:
    p = cases / "broken.yaml"
    p.write_text("schema_version: 1\nid: broken\nlevel: [\n", "utf-8")
    return p


def test_status_json_and_summary(run, cases: Path) -> None:
    r = run("status", cases, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["version"] == 1 and data["command"] == "status" and data["ok"] is True
    assert set(data) >= {"cases", "summary", "per_stage", "invalid"}
    ids = [c["id"] for c in data["cases"]]
    assert "pkh-s-2025" in ids
    row = data["cases"][ids.index("pkh-s-2025")]
    assert {"id", "client", "level", "practice", "stage", "days_in_stage", "next_due", "gate_ready", "worker"} <= set(row)
    assert data["summary"]["total"] == len(ids)
    assert set(data["summary"]) == {"total", "invalid", "per_stage", "per_level", "per_practice", "median_days", "overdue", "gate_ready"}


def test_status_filters_and_sort(run, cases: Path) -> None:
    r = run("status", cases, "--closed", "--json")
    assert all(c["closed"] for c in json.loads(r.stdout)["cases"])
    r = run("status", cases, "--open", "--sort", "due", "--json")
    dues = [c["next_due"] or "9999" for c in json.loads(r.stdout)["cases"]]
    assert dues == sorted(dues)
    r = run("status", cases, "--where", "client.initials=S", "--json")
    assert [c["id"] for c in json.loads(r.stdout)["cases"]] == ["pkh-s-2025"]
    r = run("status", cases, "--sort", "nonsense")
    assert r.exit_code == 2


def test_status_table_and_invalid_exit_code(run, cases: Path, broken: Path) -> None:
    r = run("status", cases)
    assert r.exit_code == 3
    assert "pkh-s" in r.stdout and "cases per stage" in r.stderr  # through a pipe: data rows on stdout, the summary on stderr
    assert "broken.yaml" in r.stderr


def test_agenda(run, cases: Path) -> None:
    r = run("agenda", cases, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert all(c["items"] for c in data["cases"])
    assert "pkh-s-2025" not in {c["id"] for c in data["cases"]}  # closed


def test_agenda_items_rules() -> None:
    import datetime as dt

    from intervensi.cohort import agenda_items

    row = {
        "valid": True, "closed": False, "stage": "intervention", "contract_end": "2025-04-03", "contract_review": "2025-03-30",
        "last_session": "2025-03-01", "gate_ready": True, "next_stage": "evaluation", "evaluation_due": "2025-04-05",
        "next_due": "2025-03-30", "next_due_what": "contract review",
    }
    items = agenda_items(row, dt.date(2025, 4, 1), 7, 14, "en")
    assert items == [
        "contract ends 2025-04-03", "contract review was due 2025-03-30", "no session for 31 days",
        "ready to advance to evaluation", "evaluation due 2025-04-05",
    ]


@pytest.mark.parametrize("table", ["cases", "sessions", "goals", "measurements", "history"])
def test_export_csv_tables(run, cases: Path, table: str) -> None:
    from intervensi.export import TABLES

    r = run("export", cases, "--table", table)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0].keys()) == TABLES[table]
    assert any(row["case"] == "pkh-s-2025" for row in rows)


def test_export_anonymized_jsonl(run, cases: Path) -> None:
    r = run("export", cases, "--format", "jsonl", "--anonymize")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all(x["case"].startswith("Kasus-") and x["client"].startswith("Klien-") for x in rows)
    assert "pkh-s-2025" not in r.stdout
    again = run("export", cases, "--format", "jsonl", "--anonymize")
    assert again.stdout == r.stdout  # stable pseudonyms under the workspace key


def test_export_xlsx(run, cases: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "cases.xlsx"
    assert run("export", cases, "--format", "xlsx").exit_code == 2
    r = run("export", cases, "--format", "xlsx", "--table", "sessions", "-o", out)
    assert r.exit_code == 0, r.output
    ws = load_workbook(out, read_only=True)["sessions"]
    rows = list(ws.values)
    assert rows[0][0] == "case" and len(rows) > 8


def test_set_preview_dry_run_apply_rerun(run, cases: Path) -> None:
    reference = cases / "pkh-m-2025.yaml"  # an open case: a closed one takes no change (issue 12)
    sel = ["--where", "client.initials=M"]
    before = reference.read_bytes()
    r = run("set", cases, *sel, "--field", "worker", "--value", "Pendamping Baru")
    assert r.exit_code == 0 and "--yes" in r.stderr and reference.read_bytes() == before
    r = run("set", cases, *sel, "--field", "worker", "--value", "Pendamping Baru", "--dry-run")
    assert "+  name: Pendamping Baru" in r.stdout and reference.read_bytes() == before
    r = run("set", cases, *sel, "--field", "worker", "--value", "Pendamping Baru", "--yes")
    assert r.exit_code == 0, r.output
    assert "name: Pendamping Baru" in reference.read_text("utf-8")
    assert reference.read_text("utf-8").startswith('# Micro casework tha')  # comments kept
    r = run("set", cases, *sel, "--field", "worker", "--value", "Pendamping Baru", "--yes", "--json")
    assert json.loads(r.stdout)["same"] == 1
    assert run("set", cases, "--field", "nonsense", "--value", "x").exit_code == 2


def test_advance_ready(run, cases: Path) -> None:
    r = run("status", cases, "--json")
    ready = [c["id"] for c in json.loads(r.stdout)["cases"] if c["gate_ready"]]
    r = run("advance-ready", cases, "--json")
    data = json.loads(r.stdout)
    assert data["applied"] is False and data["changed"] == len(ready)
    r = run("advance-ready", cases, "--yes", "--json")
    assert r.exit_code == 0, r.output
    after = {c["id"]: c for c in json.loads(run("status", cases, "--json").stdout)["cases"]}
    for cid in ready:
        assert after[cid]["days_in_stage"] == 0 or after[cid]["stage"] == "closed"


def test_add_session_all_is_rerunnable(run, cases: Path) -> None:
    args = ["add-session-all", cases, "--stage", "intervention", "--date", "2026-03-02", "--kind", "group_meeting", "--title", "P2K2"]
    r = run(*args, "--dry-run")
    assert "+    - date: 2026-03-02" in r.stdout or "date: 2026-03-02" in r.stdout
    r = run(*args, "--yes", "--json")
    n = json.loads(r.stdout)["changed"]
    assert n >= 1
    r = run(*args, "--yes", "--json")
    assert json.loads(r.stdout)["changed"] == 0 and json.loads(r.stdout)["same"] == n


def test_render_skips_or_writes(run, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run("render", cases, "--what", "genogram", "--format", "dot", "-o", out, "--json")
    assert r.exit_code in (0, 3), r.output
    data = json.loads(r.stdout)
    assert data["command"] == "render"
    if data["files"]:
        assert (out / "pkh-s-2025.genogram.dot").exists()


def test_advance_ready_dry_run_prints_each_diff(run, cases: Path) -> None:
    before = {p: p.read_bytes() for p in cases.glob("*.yaml")}
    ready = {c["path"]: c for c in json.loads(run("status", cases, "--json").stdout)["cases"] if c["gate_ready"]}
    assert ready
    r = run("advance-ready", cases, "--dry-run")
    assert r.exit_code == 0, r.output
    for path in ready:
        assert f"--- a/{path}" in r.stdout and f"+++ b/{path}" in r.stdout
    assert r.stdout.count("\n-stage: ") == len(ready) and r.stdout.count("\n+stage: ") == len(ready)
    for c in ready.values():
        assert f"+stage: {c['next_stage']}" in r.stdout
    assert "to: " in r.stdout  # the new history entry is part of the diff
    assert {p: p.read_bytes() for p in cases.glob("*.yaml")} == before  # nothing written
    data = json.loads(run("advance-ready", cases, "--dry-run", "--json").stdout)
    assert all(e["diff"].startswith("--- a/") for e in data["cases"] if e["status"] == "changed")


def test_check_table_lists_what_each_case_lacks(run, cases: Path, broken: Path) -> None:
    r = run("check", cases)
    assert r.exit_code == 3
    out = r.stdout
    assert "what it lacks" in out
    # lansia-t-2026 is at engagement without a contract focus or start date: both listed, not only the first
    assert "lansia-t-2026" in out and "the contract has no agreed focus" in out and "the contract has no start date" in out
    assert "problem(s) in the file" in out and "broken.yaml" in out
    problem_lines = [ln for ln in out.splitlines() if ln.startswith("✗ ")]
    assert problem_lines and all(":" in ln for ln in problem_lines)
    quiet = run("check", cases, "--quiet").stdout
    assert "lansia-t-2026" not in quiet and "broken.yaml" in quiet


def test_check_many_files_in_parallel(run, tmp_path: Path, reference: Path) -> None:
    """Enough files for worker processes: every file reported once, in order, problems kept."""
    import shutil

    d = tmp_path / "many"
    d.mkdir()
    text = reference.read_text("utf-8")
    for i in range(70):
        cid = f"c-{i:03d}"
        (d / f"{cid}.yaml").write_text(text.replace("id: pkh-s-2025", f"id: {cid}"), "utf-8")
    (d / "c-050.yaml").write_text(text.replace("id: pkh-s-2025", "id: c-050").replace("stage: closed", "stagee: closed"), "utf-8")
    shutil.copy(reference, d / "zz-wrong-name.yaml")
    data = json.loads(run("check", d, "--jobs", "2", "--json").stdout)
    paths = [f["path"] for f in data["files"]]
    assert paths == sorted(paths) and len(paths) == 71
    assert data["invalid"] == 2 and data["valid"] == 69
    bad = {Path(f["path"]).name: f for f in data["files"] if not f["valid"]}
    assert set(bad) == {"c-050.yaml", "zz-wrong-name.yaml"}
    assert any("stagee" in p["message"] and p["line"] for p in bad["c-050.yaml"]["problems"])


def test_status_refuses_a_link_that_leads_out_of_the_folder(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """status reads a linked file only within its folder: a link out is reported, not read."""
    import json as _json

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text((cases / "pkh-s-2025.yaml").read_text().replace("id: pkh-s-2025", "id: secret"))
    (cases / "secret.yaml").symlink_to(secret)
    result = run("status", cases, "--json")
    assert result.exit_code == 3
    payload = _json.loads(result.stdout)
    assert "secret" not in [r["id"] for r in payload["cases"]]
    refused = [r for r in payload["invalid"] if r["path"].endswith("secret.yaml")]
    assert refused and "symbolic link" in _json.dumps(refused)


@pytest.mark.parametrize(("expr", "hint"), [("client.regoin~Humbang", "region"), ("clien.region=x", "client"), ("stagee=planning", "stage")])
def test_where_with_an_unknown_field_is_a_usage_error(run, cases: Path, expr: str, hint: str) -> None:
    """A misspelled --where field used to match nothing, silently (no rows, exit 0)."""
    r = run("status", cases, "--where", expr)
    assert r.exit_code == 2, r.output
    assert "not a field" in r.stderr and f"'{hint}'" in r.stderr


def test_where_on_real_fields_still_filters(run, cases: Path) -> None:
    r = run("status", cases, "--where", "client.region~Humbang", "--json")
    assert r.exit_code == 0, r.output
    assert {c["id"] for c in json.loads(r.stdout)["cases"]} >= {"pkh-s-2025"}
