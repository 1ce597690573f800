"""Crash safety: SIGKILL a writer at random moments; every file is old or new, never torn.

The default run kills ~230 times (forked writers, see ``helpers_robust.crash_rounds``)
plus a few kills of the real ``intervensi`` command; ``-m slow`` adds more CLI kills.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from helpers_robust import DAY, crash_rounds, hold_lock_in_child, make_case, ready_for_advance, temporaries

ROUNDS = {"raw": 100, "session": 50, "advance": 40, "batch": 40}
DELAY = {"raw": 0.004, "session": 0.15, "advance": 0.15, "batch": 0.2}


@pytest.mark.parametrize("kind", list(ROUNDS))
def test_kills_never_tear_a_file(tmp_path: Path, kind: str) -> None:
    files = [make_case(tmp_path / "cases", f"k{i}") for i in range(3 if kind == "batch" else 1)]
    if kind == "advance":
        ready_for_advance(files[0])
    got = crash_rounds(kind, files, ROUNDS[kind], DELAY[kind], seed=len(kind))
    assert got["torn"] == [] and got["unparsable"] == [], got
    # the kills really landed while writing: files changed in some rounds but not all
    assert got["files_changed"] > 0, got
    assert got["writes_started"] > 0, got


def test_kill_leaves_temporaries_that_the_next_edit_sweeps(tmp_path: Path, run) -> None:
    from intervensi import ops

    case = make_case(tmp_path / "cases")
    got = crash_rounds("raw", [case], 60, 0.003, seed=7)
    assert got["torn"] == []
    # plant one more, exactly as mkstemp names them, in case no kill left one behind
    (case.parent / f".{case.name}.abc123.tmp").write_bytes(b"half a case")
    assert temporaries(case.parent)
    # a later command is not tripped by them ...
    res = run("check", case.parent)
    assert res.exit_code == 0, res.output
    # ... and the next edit removes them under the lock
    ops.add_session(case, date=DAY, notes="after the crash")
    assert temporaries(case.parent) == []
    assert run("check", case.parent).exit_code == 0


def test_lock_of_a_killed_writer_does_not_block(tmp_path: Path) -> None:
    import signal

    from intervensi import ops
    from intervensi.store import CaseLock

    case = make_case(tmp_path / "cases")
    pid = hold_lock_in_child(case)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    t = time.perf_counter()
    with CaseLock(case, timeout=1.0):
        pass
    assert time.perf_counter() - t < 0.5
    ops.add_need(case, "still writable")


def _cli_kills(tmp_path: Path, n: int, seed: int) -> list[dict]:
    from helpers_robust import cli_kill

    rng = random.Random(seed)
    out = []
    for i in range(n):
        d = tmp_path / f"cli{i}"
        case = make_case(d, "c1")
        if i % 2:
            ready_for_advance(case)
            args = ["advance", str(case)]
        else:
            args = ["add-session", str(case), "--date", "2026-01-05", "--note", f"cli {i}"]
        out.append(cli_kill(args, case, rng.uniform(0.3, 2.5), d))
    return out


def test_kill_the_real_command(tmp_path: Path) -> None:
    got = _cli_kills(tmp_path, 4, seed=1)
    assert all(not g["torn"] and g["parses"] for g in got), got


@pytest.mark.slow
def test_kill_the_real_command_many_times(tmp_path: Path) -> None:
    got = _cli_kills(tmp_path, 30, seed=2)
    assert all(not g["torn"] and g["parses"] for g in got), got
    assert any(g["changed"] for g in got) and any(not g["changed"] for g in got)
