"""Ctrl-C over a caseload of 100 cases: the real command stops soon, exits 130 and leaves
nothing half-written (no temporary file, every output whole, every case file valid).

The bound is generous (a loaded 2-core machine); the figures are in
``benchmarks/bench_interrupt.py`` and docs/reliability.md. Before the stop flag, ``render``
over 100 cases took about 40 s to stop: each worker finished its whole chunk of 64 cases.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_interrupt  # noqa: E402

BOUND_S = 15.0


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bench_interrupt.make_cohort(tmp_path_factory.mktemp("cohort"), 100)


@pytest.mark.slow
@pytest.mark.parametrize(("command", "delay"), [("render", 3.0), ("set", 1.5)])
def test_ctrl_c_stops_soon_and_leaves_nothing_half_written(cohort: Path, tmp_path: Path, command: str, delay: float) -> None:
    r: dict[str, Any] = bench_interrupt.run_once(cohort, command, delay, tmp_path / "work")
    if r["finished_first"]:
        pytest.skip(f"{command} finished within {delay} s: nothing to interrupt on this machine")
    assert r["exit"] in (130, -signal.SIGINT), r
    assert r["stop_s"] < BOUND_S, r
    assert not r["traceback"], r["stderr"]
    assert r["tmp"] == 0 and r["partial"] == 0 and r["broken"] == 0, r
    if command == "render":
        assert r["outputs"] < 300, r  # it did stop: not every case was drawn
        assert "every file written to" in r["stderr"] and "complete" in r["stderr"], r["stderr"]


def _slow(paths: list[str]) -> list[str]:
    import time

    time.sleep(60)  # a worker stuck in one long file (a huge layout)
    return paths


def test_a_stuck_worker_is_killed_after_the_drain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a worker is stuck in one file: the pool waits ``DRAIN_S`` and then kills
    it, so the command exits instead of waiting for the file to end."""
    import os
    import threading
    import time

    from intervensi import procs

    monkeypatch.setattr(procs, "DRAIN_S", 1.0)
    pids: list[int] = []

    def ctrl_c_once_working(pool: procs.Pool) -> None:
        for _ in range(600):  # the workers are started (and busy) first, however loaded the machine
            procs = (getattr(pool._pool, "_processes", None) or {}) if pool._pool is not None else {}
            if len(procs) >= 2:
                pids.extend(p.pid for p in procs.values())
                break
            time.sleep(0.1)
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)

    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt), procs.Pool(2) as pool:
        threading.Thread(target=ctrl_c_once_working, args=(pool,), daemon=True).start()
        next(pool.map(_slow, [str(i) for i in range(procs.PARALLEL_MIN)]))
    took = time.monotonic() - t0
    assert took < 30, took  # not the 60 s of the stuck file
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
