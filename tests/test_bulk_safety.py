"""Bulk runs under faults: exactly once across interruptions at every point of the write
sequence, one run per folder, journals that cannot be misapplied, each case counted once,
no silent skips, true interrupt reports, no orphan processes (issue 10, bulk half)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import helpers_bulk as hb

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _changed_files(files: list[Path], before: dict[Path, bytes]) -> set[str]:
    return {p.name for p in files if p.read_bytes() != before[p]}


def _listed(output: str, mark: str) -> set[str]:
    return {Path(line.strip()[2:]).name for line in output.splitlines() if line.strip().startswith(mark + " ")}


# --------------------------------------------------------------------------- each point of the write sequence


def _fail_on_call(n: int, real: Any, *, before: bool, when: Any = lambda *a, **k: True) -> Any:
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == n:
                if before:
                    raise KeyboardInterrupt
                real(*args, **kwargs)
                raise KeyboardInterrupt
        return real(*args, **kwargs)

    return wrapper


def _is_case(*args: Any, **kwargs: Any) -> bool:
    return str(args[-1] if args else "").endswith(".yaml")


POINTS = ["before the write", "after the rename", "after the directory fsync", "before the journal records it"]


def _inject(monkeypatch: pytest.MonkeyPatch, point: str) -> None:
    from intervensi import batch, store

    if point == "before the write":
        monkeypatch.setattr(store, "atomic_write", _fail_on_call(3, store.atomic_write, before=True, when=lambda p, *a, **k: str(p).endswith(".yaml")))
    elif point == "after the rename":
        monkeypatch.setattr(os, "replace", _fail_on_call(3, os.replace, before=False, when=_is_case))
    elif point == "after the directory fsync":
        from intervensi import fsafe  # the case writer's fsync of the folder (store.atomic_write -> fsafe.replace_file)

        monkeypatch.setattr(fsafe, "fsync_dir", _fail_on_call(3, fsafe.fsync_dir, before=False))
    else:
        monkeypatch.setattr(batch.Journal, "mark", _fail_on_call(3, batch.Journal.mark, before=True))


@pytest.mark.parametrize("point", POINTS)
def test_advance_ready_interrupted_at_each_point_reports_truly_and_moves_each_case_once(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 5)
    before = {p: p.read_bytes() for p in files}
    with monkeypatch.context() as m:
        _inject(m, point)
        first = run("advance-ready", tmp_path / "cohort", "--yes")
    assert first.exit_code == 130, first.output
    changed = _changed_files(files, before)
    assert _listed(first.output, "✓") == changed  # every file written is listed as changed ...
    assert _listed(first.output, "·") == {p.name for p in files} - changed  # ... and only the others as not yet
    second = run("advance-ready", tmp_path / "cohort", "--yes")
    assert second.exit_code == 0, second.output
    assert [hb.advances(p) for p in files] == [1] * 5  # nothing moved twice, nothing left behind
    assert not list((tmp_path / "cohort").glob(".intervensi-batch-*"))


@pytest.mark.parametrize("point", POINTS[:3])
def test_set_interrupted_never_lists_a_changed_file_as_not_yet(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 5)
    before = {p: p.read_bytes() for p in files}
    with monkeypatch.context() as m:
        _inject(m, point)
        r = run("set", tmp_path / "cohort", "--field", "worker", "--value", "Pendamping Baru", "--yes")
    assert r.exit_code == 130
    changed = _changed_files(files, before)
    assert _listed(r.output, "✓") == changed and not (_listed(r.output, "·") & changed)


def test_preview_and_dry_run_interrupted_do_not_claim_changes(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from intervensi import cohort, moves

    files = hb.make_cohort(tmp_path / "cohort", 5)
    before = {p: p.read_bytes() for p in files}
    for extra in ([], ["--dry-run"]):
        with monkeypatch.context() as m:
            m.setattr(moves, "advance", _fail_on_call(3, moves.advance, before=True))
            m.setattr(cohort, "read_one", _fail_on_call(3, cohort.read_one, before=True))
            r = run("advance-ready", tmp_path / "cohort", *extra)
        assert r.exit_code == 130
        assert "changed" not in r.output and "nothing was written" in r.output.lower()
    assert {p: p.read_bytes() for p in files} == before


def test_single_add_session_interrupted_after_the_write_says_it_was_written(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]

    case = hb.make_cohort(tmp_path / "one", 1)[0]
    text = case.read_bytes()
    with monkeypatch.context() as m:
        from intervensi import fsafe

        m.setattr(fsafe, "fsync_dir", _fail_on_call(1, fsafe.fsync_dir, before=False))
        r = run("add-session", case, "--date", "2026-01-05", "--kind", "home_visit")
    assert r.exit_code == 130 and case.read_bytes() != text
    assert "left as it was" not in r.output and "written" in r.output
    text = case.read_bytes()
    with monkeypatch.context() as m:
        m.setattr(os, "replace", _fail_on_call(1, os.replace, before=True, when=_is_case))
        r = run("add-session", case, "--date", "2026-01-06", "--kind", "home_visit")
    assert r.exit_code == 130 and case.read_bytes() == text and "left as it was" in r.output


# --------------------------------------------------------------------------- journals


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, n: int) -> Any:
    from intervensi import store

    return monkeypatch.context(), _fail_on_call(n, store.atomic_write, before=True, when=lambda p, *a, **k: str(p).endswith(".yaml"))


def _interrupted_run(run: Any, monkeypatch: pytest.MonkeyPatch, *args: Any, n: int = 3) -> None:
    from intervensi import store

    with monkeypatch.context() as m:
        m.setattr(store, "atomic_write", _fail_on_call(n, store.atomic_write, before=True, when=lambda p, *a, **k: str(p).endswith(".yaml")))
        assert run(*args).exit_code == 130


def test_a_case_moved_by_hand_since_the_interruption_is_not_moved_again(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 5)
    _interrupted_run(run, monkeypatch, "advance-ready", tmp_path / "cohort", "--yes")  # c000, c001 moved
    assert run("advance", files[3]).exit_code == 0  # by hand, meanwhile
    r = run("advance-ready", tmp_path / "cohort", "--yes")
    assert r.exit_code == 0, r.output
    assert "c003.yaml: changed since the plan" in r.output
    assert [hb.advances(p) for p in files] == [1] * 5
    assert "evaluation" in files[3].read_text() and "\nstage: evaluation" in files[3].read_text()


def test_a_stale_journal_is_set_aside_not_resumed(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 5)
    _interrupted_run(run, monkeypatch, "advance-ready", tmp_path / "cohort", "--yes")
    journal = next((tmp_path / "cohort").glob(".intervensi-batch-*"))
    lines = journal.read_text().splitlines()
    header = json.loads(lines[0])
    header["created"] -= 2 * 24 * 3600
    journal.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    r = run("advance-ready", tmp_path / "cohort", "--yes")
    assert r.exit_code == 0, r.output
    assert "set aside" in r.output and "Finishing an interrupted run" not in r.output
    # planned afresh: a new run, so the two moved before go on one more stage, the rest move once
    assert [hb.advances(p) for p in files] == [2, 2, 1, 1, 1]


def test_a_rerun_from_another_folder_never_touches_other_cases(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    village_a = hb.make_cohort(tmp_path / "a" / "cases", 5)
    village_b = hb.make_cohort(tmp_path / "b" / "cases", 5)
    b_before = {p: p.read_bytes() for p in village_b}
    monkeypatch.chdir(tmp_path / "a")
    _interrupted_run(run, monkeypatch, "advance-ready", "cases", "--yes")
    monkeypatch.chdir(tmp_path / "b")
    r = run("advance-ready", "cases")  # a preview in village B: its own plan
    assert "Finishing" not in r.output and r.output.count("intervention → evaluation") == 5
    assert {p: p.read_bytes() for p in village_b} == b_before
    monkeypatch.chdir(tmp_path)
    r = run("advance-ready", tmp_path / "a" / "cases", "--yes")  # the same folder by another path: resumed
    assert "Finishing an interrupted run: 2 of 5" in r.output
    assert [hb.advances(p) for p in village_a] == [1] * 5


def test_a_second_bulk_run_on_a_held_folder_is_refused_with_locked(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from intervensi.batch import BulkLock

    files = hb.make_cohort(tmp_path / "cohort", 3)
    before = {p: p.read_bytes() for p in files}
    with BulkLock([str(tmp_path / "cohort")]):
        for args in (["advance-ready", "--yes"], ["set", "--field", "worker", "--value", "X", "--yes"]):
            r = run(args[0], tmp_path / "cohort", *args[1:])
            assert r.exit_code == 7, r.output
            assert "another bulk change is running on this folder" in r.output and f"pid {os.getpid()}" in r.output
    assert {p: p.read_bytes() for p in files} == before
    assert run("advance-ready", tmp_path / "cohort", "--yes").exit_code == 0  # released


def test_a_run_over_a_parent_folder_is_refused_while_a_sub_folder_run_holds_its_files(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from intervensi.batch import BulkLock

    files = hb.make_cohort(tmp_path / "cases" / "kec-1", 3)
    before = {p: p.read_bytes() for p in files}
    with BulkLock([str(tmp_path / "cases" / "kec-1")]):
        r = run("advance-ready", tmp_path / "cases", "--yes")
        assert r.exit_code == 7 and "another bulk change is running" in r.output
    assert {p: p.read_bytes() for p in files} == before
    assert not list((tmp_path / "cases").glob(".intervensi-batch-*"))  # refused before any plan was recorded


def test_journals_of_other_runs_left_for_more_than_a_day_are_swept(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hb.make_cohort(tmp_path / "cohort", 2)
    old = tmp_path / "cohort" / ".intervensi-batch-0123456789abcdef.jsonl"
    old.write_text('{"version": 2}\n')
    os.utime(old, (time.time() - 3 * 24 * 3600,) * 2)
    assert run("set", tmp_path / "cohort", "--field", "worker", "--value", "B", "--yes").exit_code == 0
    assert not old.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_named_like_a_case_does_not_freeze_a_bulk_change(tmp_path: Path) -> None:
    files = hb.make_cohort(tmp_path / "cohort", 2)
    os.mkfifo(tmp_path / "cohort" / "x.yaml")
    for args in ([], ["--yes"]):
        r = subprocess.run([*hb.command(tmp_path / "cohort")[:-1], *args], env=hb.env(), capture_output=True, text=True, timeout=60)
        assert r.returncode == 3 and "x.yaml" in r.stderr
    assert [hb.advances(p) for p in files] == [1, 1]


def test_a_symlinked_journal_or_bulk_lock_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 2)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "cohort" / ".intervensi-bulk.lock").symlink_to(victim)
    r = run("advance-ready", tmp_path / "cohort", "--yes")
    assert r.exit_code == 9 and victim.read_text() == "precious"
    assert [hb.advances(p) for p in files] == [0, 0]


# --------------------------------------------------------------------------- each case once


def test_a_symlink_alias_is_counted_once_by_every_cohort_command(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 3)
    (tmp_path / "cohort" / "c000-alias.yaml").symlink_to("c000.yaml")
    data = json.loads(run("status", tmp_path / "cohort", "--json", "--no-cache").stdout)
    assert sorted(c["id"] for c in data["cases"]) == ["c000", "c001", "c002"]
    assert data["cases"][0]["path"].endswith("c000.yaml")  # the real name wins over the alias
    export = run("export", tmp_path / "cohort", "--format", "jsonl")
    assert export.exit_code == 0 and len(export.stdout.splitlines()) == 3
    assert run("set", tmp_path / "cohort", "--field", "worker", "--value", "B", "--yes", "--json").exit_code == 0
    r = run("advance-ready", tmp_path / "cohort", "--yes", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["changed"] == 3
    assert [hb.advances(p) for p in files] == [1, 1, 1]


def test_duplicate_ids_are_reported_by_every_cohort_command_and_no_output_is_overwritten(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(FIXTURES / "dup-ids", tmp_path / "dup")
    a, b = tmp_path / "dup" / "a", tmp_path / "dup" / "b"
    for args in (["status"], ["agenda"], ["export"], ["set", "--field", "worker", "--value", "W"], ["advance-ready"], ["render", "--what", "report", "-o", tmp_path / "out"]):
        r = run(args[0], a, b, *args[1:])
        assert "case id pkh-1 is used by 2 different files" in r.output, (args, r.output)
    reports = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(reports) == 2 and "pkh-1.report.html" in reports
    texts = {p.read_text("utf-8") for p in (tmp_path / "out").iterdir()}
    assert len(texts) == 2  # two clients, two reports
    data = json.loads(run("status", a, b, "--json").stdout)
    assert data["duplicate_ids"] == {"pkh-1": [str(a / "pkh-1.yaml"), str(b / "pkh-1.yaml")]}


# --------------------------------------------------------------------------- no silent skips


def test_export_names_every_file_left_out_and_exits_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hb.make_cohort(tmp_path / "cohort", 2)
    (tmp_path / "cohort" / "broken.yaml").write_text("id: [\n")
    for extra in ([], ["--stage", "intervention"]):
        r = run("export", tmp_path / "cohort", *extra)
        assert r.exit_code == 3, r.output
        assert "broken.yaml" in r.stderr and "1 file(s) left out" in r.stderr
        assert r.stdout.count("\n") == 3  # the header and both valid cases


def test_render_names_every_file_it_could_not_read_and_exits_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hb.make_cohort(tmp_path / "cohort", 1)
    (tmp_path / "cohort" / "broken.yaml").write_text("id: [\n")
    r = run("render", tmp_path / "cohort", "--what", "report", "-o", tmp_path / "out", "--stage", "intervention")
    assert r.exit_code == 3 and "broken.yaml" in r.output
    assert (tmp_path / "out" / "c000.report.html").exists()


def test_set_and_advance_ready_name_every_skipped_file_and_exit_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = hb.make_cohort(tmp_path / "cohort", 2)
    (tmp_path / "cohort" / "broken.yaml").write_text("id: [\n")
    r = run("set", tmp_path / "cohort", "--worker", "nobody", "--field", "worker", "--value", "B", "--yes")
    assert r.exit_code == 3 and "broken.yaml" in r.stderr and "1 file(s) skipped" in r.stderr
    r = run("advance-ready", tmp_path / "cohort", "--yes", "--json")
    assert r.exit_code == 3
    data = json.loads(r.stdout)
    assert data["changed"] == 2 and [Path(s["path"]).name for s in data["skipped"]] == ["broken.yaml"]
    assert [hb.advances(p) for p in files] == [1, 1]


# --------------------------------------------------------------------------- orphans and temporary files


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("cmd", [["export", "--table", "sessions"], ["advance-ready", "--yes"]])
def test_killing_the_main_process_leaves_no_worker_running(tmp_path: Path, cmd: list[str]) -> None:
    hb.make_cohort(tmp_path / "cohort", 150)
    argv = [sys.executable, "-m", "intervensi", cmd[0], str(tmp_path / "cohort"), *cmd[1:], "--jobs", "2"]
    proc = subprocess.Popen(argv, env=hb.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        workers |= _children(proc.pid)
        time.sleep(0.005)
    assert workers, "no worker process was seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone_by = time.monotonic() + 10
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.02)
    assert not any(_alive(w) for w in workers)
    assert proc.stdout is not None
    proc.stdout.read()  # the pipe ends: no worker holds it open
    proc.stdout.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM and a shell script")
def test_sigterm_during_a_pdf_report_removes_its_temporary_folder(tmp_path: Path) -> None:
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\nexec sleep 60\n")
    fake.chmod(0o755)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    case = hb.make_cohort(tmp_path / "cases", 1)[0]
    env = {**hb.env(), "INTERVENSI_CHROMIUM": str(fake), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "intervensi", "report", str(case), "--format", "pdf", "-o", str(tmp_path / "r.pdf")], env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90  # a loaded machine: generous, never waited out when it works
    while time.monotonic() < deadline and not any((d / "report.html").exists() for d in tmp.glob("intervensi-pdf-*")):
        time.sleep(0.02)
    assert list(tmp.glob("intervensi-pdf-*")), "the report never reached the PDF step"
    time.sleep(0.2)
    browser = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 130
    assert list(tmp.iterdir()) == []
    assert browser and not any(_alive(b) for b in browser)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_during_a_pdf_report_leaves_no_browser_running(tmp_path: Path) -> None:
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\nexec sleep 60\n")
    fake.chmod(0o755)
    case = hb.make_cohort(tmp_path / "cases", 1)[0]
    env = {**hb.env(), "INTERVENSI_CHROMIUM": str(fake)}
    proc = subprocess.Popen([sys.executable, "-m", "intervensi", "report", str(case), "--format", "pdf", "-o", str(tmp_path / "r.pdf")], env=env)
    deadline = time.monotonic() + 30
    browser: set[int] = set()
    while time.monotonic() < deadline and not browser:
        browser = _children(proc.pid)
        time.sleep(0.02)
    assert browser, "the report never started its browser"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone_by = time.monotonic() + 10
    while time.monotonic() < gone_by and any(_alive(b) for b in browser):
        time.sleep(0.02)
    assert not any(_alive(b) for b in browser)


# --------------------------------------------------------------------------- real signals, real concurrency


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="real signals")
def test_random_real_signals_over_many_cases_move_each_case_exactly_once(tmp_path: Path) -> None:
    hb.make_cohort(tmp_path / "cohort", 150)
    got = hb.interrupted_rounds(tmp_path / "cohort", 8, kinds=(signal.SIGINT, signal.SIGTERM, signal.SIGKILL), seed=7, max_delay=1.5)
    assert got["signals"] >= 3, got  # the runs get shorter as the plan is finished
    assert got["moved_twice"] == 0 and got["not_moved"] == 0 and got["moved_once"] == 150, got
    assert got["journals_left"] == 0


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="real processes")
def test_two_bulk_runs_at_once_the_second_is_refused_and_nothing_moves_twice(tmp_path: Path) -> None:
    hb.make_cohort(tmp_path / "cohort", 150)
    got = hb.concurrent_runs(tmp_path / "cohort")
    assert got["second_started_while_first_live"]
    assert got["first_exit"] == 0, got["first_stderr"]
    assert got["second_exit"] == 7 and "another bulk change is running" in got["second_stderr"]
    assert got["moved_twice"] == 0 and got["moved_once"] == 150


# --------------------------------------------------------------------------- the text splice behind fast applies


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ("  name: Praktikan PKL   # who holds the case\n", "Pendamping B", "  name: Pendamping B   # who holds the case\n"),
        ('  name: "Praktikan PKL"\n', "Pendamping B", "  name: Pendamping B\n"),
        ("  name: 'it''s'\n", "a: b # c", '  name: "a: b # c"\n'),
        ("  name: Praktikan PKL\n", "yes", "  name: yes\n"),
    ],
)
def test_set_changes_only_the_value_and_keeps_every_other_byte(run, tmp_path: Path, line: str, value: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    case = hb.make_cohort(tmp_path / "cohort", 1)[0]
    text = case.read_text("utf-8")
    old = "  name: Praktikan PKL\n"
    assert text.count(old) == 1
    case.write_text(text.replace(old, line), encoding="utf-8")
    before = case.read_text("utf-8")
    r = run("set", case, "--field", "worker", "--value", value, "--yes", "--json")
    assert r.exit_code == 0, r.output
    assert case.read_text("utf-8") == before.replace(line, expected)
    from intervensi import load_case

    assert load_case(case).worker is not None and load_case(case).worker.name == value


def test_set_falls_back_to_a_round_trip_where_a_splice_cannot_be_proved(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from intervensi import load_case

    case = hb.make_cohort(tmp_path / "cohort", 1)[0]
    text = case.read_text("utf-8")
    start = text.index("worker:\n")
    end = text.index("agency:", start)
    case.write_text(text[:start] + "worker: {name: Praktikan PKL,\n  role: x}\n" + text[end:], encoding="utf-8")
    assert run("set", case, "--field", "worker", "--value", "B", "--yes").exit_code == 0
    assert load_case(case).worker.name == "B" and load_case(case).worker.role == "x"  # type: ignore[union-attr]
    assert run("set", case, "--field", "supervisor", "--value", "Ibu C", "--yes").exit_code == 0  # a missing key
    assert load_case(case).worker.supervisor == "Ibu C"  # type: ignore[union-attr]
    r = run("set", case, "--field", "engagement.contract.end", "--value", "2027-01-31", "--yes")
    assert r.exit_code == 0, r.output
    import datetime as dt

    contract = load_case(case).engagement.contract  # type: ignore[union-attr]
    assert contract is not None and contract.end == dt.date(2027, 1, 31)


def test_bulk_set_never_changes_a_closed_case(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    """A closed case takes no change from any command, bulk ones included (issue 12)."""
    closed = cases / "pkh-s-2025.yaml"
    before = closed.read_bytes()
    r = run("set", cases, "--field", "worker", "--value", "Rina", "--yes")
    assert r.exit_code == 0, r.output  # the open cases change; the closed one is not in the run
    assert closed.read_bytes() == before
    r = run("set", cases, "--field", "worker", "--value", "Rina", "--closed", "--yes")
    assert r.exit_code != 0 and "closed" in r.output
    assert closed.read_bytes() == before


def test_the_other_bulk_changes_never_change_a_closed_case(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    closed = cases / "pkh-s-2025.yaml"
    before = closed.read_bytes()
    r = run("add-session-all", cases, "--date", "2026-03-02", "--kind", "group_meeting", "--yes", "--json")
    assert r.exit_code == 0 and __import__("json").loads(r.stdout)["changed"] >= 1, r.output  # the open cases take it
    r = run("advance-ready", cases, "--yes")
    assert r.exit_code == 0, r.output
    assert closed.read_bytes() == before
