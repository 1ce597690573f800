"""Confidentiality: private file modes, and no client data in any error message.

A unique marker is planted in the client's name and in notes; every kind of error is
provoked and the marker must never reach stdout or stderr (only ``--traceback`` may
show values, and it says so). Also label injection: Rich markup in names prints as typed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from helpers_robust import DAY, make_case

MARK = "ZQX7MARKER"


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_case_config_and_lock_are_private(tmp_path: Path, run) -> None:
    os.umask(0o022)
    res = run("new-case", "c1", "--practice", "casework", "--client", "X", "--dir", tmp_path / "new" / "cases")
    assert res.exit_code == 0, res.output
    case = tmp_path / "new" / "cases" / "c1.yaml"
    assert mode(case) == 0o600
    assert mode(case.parent) == 0o700
    assert run("add-need", case, "n").exit_code == 0
    assert mode(case) == 0o600
    assert mode(case.parent / ".c1.yaml.lock") == 0o600
    res = run("init", tmp_path / "ws")
    if res.exit_code == 0:
        for f in (tmp_path / "ws").rglob("*"):
            assert mode(f) & 0o077 == 0, f
    assert "Traceback" not in res.output


def _planted(tmp_path: Path) -> Path:
    from intervensi import ops

    case = make_case(tmp_path / "cases", "c1", client=f"Ibu {MARK}")
    ops.add_session(case, date=DAY, notes=f"told us {MARK}")
    ops.add_need(case, f"need {MARK}")
    return case


BREAKS = {
    "sex": ("  kind: individual\n", f"  kind: individual\n  sex: {MARK}\n"),
    "age": ("  kind: individual\n", f"  kind: individual\n  age: {MARK}\n"),
    "opened": ("opened: 2026-01-01", f"opened: {MARK}"),
    "stage": ("stage: engagement", f"stage: {MARK}"),
    "unknown_value_type": ("  kind: individual\n", f"  kind: individual\n  programmes: {MARK}\n"),
    "tag": ("  kind: individual\n", f"  kind: individual\n  note: !evil {MARK}\n"),
    "syntax": ("  kind: individual\n", f"  kind: individual\n  name2: '{MARK}\n"),
    "date_in_notes": ("    notes: told", "    date: 2026-02-30\n    notes: told"),
}


@pytest.mark.parametrize("how", list(BREAKS))
def test_no_client_data_in_errors(tmp_path: Path, run, how: str) -> None:
    case = _planted(tmp_path)
    old, new = BREAKS[how]
    text = case.read_text()
    if old not in text:
        text = text.replace("  kind: individual\n", "  kind: individual\n" + new.split("\n", 1)[-1], 1)
    else:
        text = text.replace(old, new, 1)
    case.write_text(text)
    for args in (["check", case], ["show", case], ["add-need", case, "x"], ["advance", case], ["check", "--json", case]):
        res = run(*args)
        assert res.exit_code != 0, (how, args, res.output)
        assert MARK not in res.output, (how, args, res.output)
        assert "Traceback" not in res.output


def test_no_client_data_in_runtime_errors(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi import store

    case = _planted(tmp_path)
    outputs = [
        run("advance", case),  # gate not met
        run("add-goal", case, f"goal {MARK}", "--need", f"nope{MARK[:3]}"),  # unknown need
        run("add-need", case, f"dup {MARK}", "--id", "n1"),  # id taken
        run("add-strength", case, f"x {MARK}", "--kind", f"{MARK}"),  # bad enum
        run("add-session", case, "--date", "2026-13-45", "--note", MARK),  # bad date
    ]
    holder = store.CaseLock(case)
    holder.acquire()
    real_init = store.CaseLock.__init__
    monkeypatch.setattr(store.CaseLock, "__init__", lambda self, path, timeout=0.2: real_init(self, path, timeout=0.2))
    outputs.append(run("add-need", case, MARK))  # locked
    holder.release()
    for res in outputs:
        assert res.exit_code != 0, res.output
        assert MARK not in res.output, res.output
        assert "Traceback" not in res.output


def test_traceback_is_the_only_way_and_says_so(tmp_path: Path, run) -> None:
    case = _planted(tmp_path)
    case.write_text(case.read_text().replace("  kind: individual\n", f"  kind: individual\n  sex: {MARK}\n", 1))
    res = run("--traceback", "add-need", case, "x")
    assert res.exit_code != 0
    assert "client data" in res.output


@pytest.mark.parametrize("evil", ["[bold]X[/bold]", "[red]alarm[/]", '"]; evil [label="x', "<svg onload=alert(1)>", "**bold** `code` <b>&amp;", "\\[escaped]"])
def test_markup_in_names_prints_literally(tmp_path: Path, run, evil: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    from intervensi import ops

    case = make_case(tmp_path / "cases", "c1", client=evil, title=f"T {evil}")
    ops.add_need(case, f"need {evil}")
    res = run("show", case)
    assert res.exit_code == 0, res.output
    assert f"T {evil}" in res.output.replace("\n", "").replace("│", "") or evil in res.output, res.output
    res = run("history", case, "--json")
    assert res.exit_code == 0
    res = run("advance", case, "--force", "--reason", f"because {evil}", "--by", evil)
    assert res.exit_code == 0, res.output
    res = run("history", case)
    assert res.exit_code == 0 and evil[:8] in res.output, res.output
    assert "status" and run("status", case.parent).exit_code == 0
