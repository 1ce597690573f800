"""Drivers for the bulk-run attacks, shared by tests/test_bulk_safety.py and
benchmarks/bench_reliability.py: real signals at random moments over hundreds of cases,
and two bulk runs at once. Every case of :func:`make_cohort` has two gates that hold, so
a case moved twice shows in its history."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "cases" / "pkh-s-2025.yaml"


def make_cohort(directory: Path, n: int, prefix: str = "c") -> list[Path]:
    """``n`` cases at intervention whose intervention AND evaluation gates both hold."""
    directory.mkdir(parents=True, exist_ok=True)
    text = REFERENCE.read_text(encoding="utf-8").replace("\nstage: closed\n", "\nstage: intervention\n")
    # the history up to intervention (a block list: an advance splices its entry in)
    text = text[: text.index("  - {at: \"2025-04-28")]
    out = []
    for i in range(n):
        p = directory / f"{prefix}{i:03d}.yaml"
        p.write_text(text.replace("id: pkh-s-2025", f"id: {prefix}{i:03d}"), encoding="utf-8")
        out.append(p)
    return out


#: History entries of a case as :func:`make_cohort` writes it (up to intervention).
INITIAL_HISTORY = 4


def advances(path: Path) -> int:
    """How many moves the runs made on this case: history entries added since
    :func:`make_cohort` (1 after one ``advance-ready``; a step applied twice shows as 2,
    whatever stage it started from)."""
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))
    return len(data.get("history") or []) - INITIAL_HISTORY


def env() -> dict[str, str]:
    return {**os.environ, "INTERVENSI_LANG": "en", "INTERVENSI_WORKER": "tester", "PYTHONPATH": str(ROOT / "src")}


def command(directory: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "intervensi", "advance-ready", str(directory), "--yes", *extra]


def interrupted_rounds(directory: Path, signals: int, *, kinds: tuple[int, ...] = (signal.SIGINT,), seed: int = 0, max_delay: float = 2.5, jobs: int = 2) -> dict[str, Any]:
    """Run ``advance-ready --yes`` over ``directory``, sending a real signal (chosen from
    ``kinds``) at a random moment of each of ``signals`` runs, then run it until it exits 0.
    Returns the counts: signals sent, runs, and cases moved 0, 1 or 2+ times."""
    rng = random.Random(seed)
    files = sorted(directory.glob("*.yaml"))
    sent = runs = 0
    codes: list[int] = []
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        proc = subprocess.Popen(command(directory, "--jobs", str(jobs)), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs += 1
        if sent < signals:
            time.sleep(rng.uniform(0.2, max_delay))
            if proc.poll() is None:
                proc.send_signal(rng.choice(kinds))
                sent += 1
        codes.append(proc.wait(timeout=120))
        # Done when the plan is complete: a journal exists from before the first write to
        # after the last, and a fresh run would move every case. Running again after
        # that would be a new run (moving every case a second stage), not a resume.
        if not list(directory.glob(".intervensi-batch-*")) and all(advances(f) >= 1 for f in files):
            break
    moved = [advances(f) for f in files]
    return {
        "signals": sent,
        "runs": runs,
        "exit_codes": sorted(set(codes)),
        "moved_once": sum(1 for m in moved if m == 1),
        "moved_twice": sum(1 for m in moved if m > 1),
        "not_moved": sum(1 for m in moved if m == 0),
        "journals_left": len(list(directory.glob(".intervensi-batch-*"))),
    }


def concurrent_runs(directory: Path, *, jobs: int = 2) -> dict[str, Any]:
    """Start one ``advance-ready --yes``; once its journal exists (it is live and writing),
    start the same command again. Returns both exit codes, the second's stderr and the
    cases moved 0, 1 or 2+ times after both ended."""
    files = sorted(directory.glob("*.yaml"))
    first = subprocess.Popen(command(directory, "--jobs", str(jobs)), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None and not list(directory.glob(".intervensi-batch-*")):
        time.sleep(0.005)
    live = first.poll() is None
    second = subprocess.run(command(directory, "--jobs", str(jobs)), env=env(), capture_output=True, text=True, timeout=300)
    first_err = first.communicate(timeout=300)[1]
    moved = [advances(f) for f in files]
    return {
        "second_started_while_first_live": live,
        "first_exit": first.returncode,
        "second_exit": second.returncode,
        "second_stderr": second.stderr,
        "first_stderr": first_err,
        "moved_once": sum(1 for m in moved if m == 1),
        "moved_twice": sum(1 for m in moved if m > 1),
        "not_moved": sum(1 for m in moved if m == 0),
    }
