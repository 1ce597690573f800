"""Interrupted bulk changes: say what was done, and a re-run finishes without doing it twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intervensi import load_case

REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "pkh-s-2025.yaml"


def _cohort(directory: Path, n: int) -> list[Path]:
    """Cases at intervention whose intervention AND evaluation gates both hold: a second
    advance-ready would move them on again, so doing anything twice would show."""
    directory.mkdir(parents=True, exist_ok=True)
    text = REFERENCE.read_text(encoding="utf-8").replace("\nstage: closed\n", "\nstage: intervention\n")
    history = text.index("history:\n")
    text = text[:history] + "history: []\n"
    out = []
    for i in range(n):
        p = directory / f"c{i:03d}.yaml"
        p.write_text(text.replace("id: pkh-s-2025", f"id: c{i:03d}"), encoding="utf-8")
        out.append(p)
    return out


def _advances(path: Path) -> int:
    return sum(1 for tr in load_case(path).history if tr.from_ is not None and tr.from_.value == "intervention")


def test_interrupted_advance_ready_reports_and_a_rerun_finishes_once(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files = _cohort(tmp_path / "cohort", 5)
    import intervensi.moves as cycle

    real = cycle.advance
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(cycle, "advance", flaky)
    first = run("advance-ready", tmp_path / "cohort", "--yes")
    assert first.exit_code == 130
    assert "Interrupted: 2 case(s) changed" in first.output and "3 not yet" in first.output
    assert "c000.yaml" in first.output and "c004.yaml" in first.output
    assert sorted(p.name for p in (tmp_path / "cohort").glob(".intervensi-batch-*")) != []
    monkeypatch.setattr(cycle, "advance", real)

    second = run("advance-ready", tmp_path / "cohort", "--yes")
    assert second.exit_code == 0, second.output
    assert "Finishing an interrupted run: 2 of 5" in second.output
    assert [_advances(p) for p in files] == [1] * 5
    assert [load_case(p).stage.value for p in files] == ["evaluation"] * 5
    assert list((tmp_path / "cohort").glob(".intervensi-batch-*")) == []

    third = run("advance-ready", tmp_path / "cohort", "--yes")  # a new run: the next stage, once
    assert third.exit_code == 0
    assert [load_case(p).stage.value for p in files] == ["termination"] * 5


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_bulk_run_is_finished_by_a_rerun_without_doing_anything_twice(tmp_path: Path) -> None:
    files = _cohort(tmp_path / "cohort", 40)
    env = {**os.environ, "INTERVENSI_LANG": "en", "INTERVENSI_WORKER": "tester"}
    cmd = [sys.executable, "-m", "intervensi", "advance-ready", str(tmp_path / "cohort"), "--yes", "--jobs", "1"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal_seen = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        journals = list((tmp_path / "cohort").glob(".intervensi-batch-*"))
        if journals and journals[0].read_text().count('"done"') >= 5:
            journal_seen = True
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert journal_seen, "the bulk run finished before it could be killed"
    before = [_advances(p) for p in files]
    assert 0 < sum(before) < len(files)  # killed part-way
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Finishing an interrupted run" in done.stderr
    assert [_advances(p) for p in files] == [1] * len(files)
    for p in files:
        load_case(p)  # every file parses
    assert not list((tmp_path / "cohort").glob(".*.tmp"))


def test_interrupted_run_says_so_in_json(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import json

    _cohort(tmp_path / "cohort", 3)
    import intervensi.ops as ops

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(ops, "add_session", boom)
    result = run("add-session-all", tmp_path / "cohort", "--date", "2025-06-01", "--yes", "--json")
    assert result.exit_code == 130
    payload = json.loads(result.stdout)
    assert payload["interrupted"] is True and payload["changed"] == [] and len(payload["not_done"]) == 3
