"""Concurrency: simultaneous appends are all kept once; locks are bounded and name their
holder; a file edited by hand while a command works on it is never overwritten.

The default run appends a few dozen sessions per process count; the ``slow`` tests (and
``benchmarks/bench_reliability.py``) do 200 appends per process. Each append re-reads and
re-writes the whole file in ruamel round-trip mode, so the cost grows with the file.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from helpers_robust import DAY, concurrent_appends, hold_lock_in_child, make_case

QUICK = {2: 15, 4: 6}


@pytest.mark.parametrize("procs", [2, 4])
def test_concurrent_appends_all_kept_once(tmp_path: Path, procs: int) -> None:
    case = make_case(tmp_path / "cases")
    got = concurrent_appends(case, procs, QUICK[procs])
    assert got["exit_codes"] == [0] * procs, got
    assert got["lost"] == [] and got["twice"] == [] and got["found"] == got["made"], got


@pytest.mark.slow
@pytest.mark.parametrize("procs", [2, 4])
def test_concurrent_appends_200_each(tmp_path: Path, procs: int) -> None:
    case = make_case(tmp_path / "cases")
    got = concurrent_appends(case, procs, int(os.environ.get("INTERVENSI_STRESS_APPENDS", "200")))
    assert got["lost"] == [] and got["twice"] == [] and got["found"] == got["made"], got


def test_lock_timeout_names_the_holder(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi import store
    from intervensi.errors import Locked

    case = make_case(tmp_path / "cases")
    before = case.read_bytes()
    holder = store.CaseLock(case)
    holder.acquire()  # another open file description: flock conflicts even in one process
    try:
        t = time.perf_counter()
        with pytest.raises(Locked) as info, store.edit(case, timeout=0.3):
            pass
        assert 0.25 < time.perf_counter() - t < 3
        assert f"pid {os.getpid()}" in str(info.value) and socket.gethostname() in str(info.value)

        real_init = store.CaseLock.__init__

        def short(self: store.CaseLock, path: Path, timeout: float = 0.3) -> None:
            real_init(self, path, timeout=0.3)

        monkeypatch.setattr(store.CaseLock, "__init__", short)
        res = run("add-need", case, "n")
        assert res.exit_code == 7, res.output
        assert f"pid {os.getpid()}" in res.output and socket.gethostname() in res.output
        assert "Traceback" not in res.output
    finally:
        holder.release()
    assert case.read_bytes() == before


def test_lock_of_killed_holder_is_free(tmp_path: Path) -> None:
    from intervensi import ops
    from intervensi.store import CaseLock

    case = make_case(tmp_path / "cases")
    pid = hold_lock_in_child(case)
    with pytest.raises(Exception, match="pid"):
        CaseLock(case, timeout=0.1).acquire()
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    ops.add_session(case, date=DAY, notes="after the kill")


HAND_EDIT = "\n# edited by hand in an editor meanwhile\n"


def test_hand_edit_during_library_edit_is_not_overwritten(tmp_path: Path) -> None:
    from intervensi.errors import Conflict
    from intervensi.store import edit

    case = make_case(tmp_path / "cases")
    with pytest.raises(Conflict), edit(case) as ed:
        ed.set(("title",), "changed by the command")
        with open(case, "a") as fh:  # the person saves in the editor
            fh.write(HAND_EDIT)
    assert case.read_text().endswith(HAND_EDIT)
    assert "changed by the command" not in case.read_text()


def test_hand_edit_from_another_process_during_cli_edit(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi import store

    case = make_case(tmp_path / "cases")
    real_render = store.Editor.render

    def render_while_someone_saves(self: store.Editor) -> str:
        pid = os.fork()
        if pid == 0:  # another process writes the file by hand (no lock: an editor)
            try:
                with open(case, "a") as fh:
                    fh.write(HAND_EDIT)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        return real_render(self)

    monkeypatch.setattr(store.Editor, "render", render_while_someone_saves)
    res = run("add-need", case, "a need")
    assert res.exit_code == 8, res.output
    assert "changed on disk" in res.output and "Traceback" not in res.output
    text = case.read_text()
    assert text.endswith(HAND_EDIT) and "a need" not in text


def test_expected_digest_refuses_a_stale_preview(tmp_path: Path) -> None:
    from intervensi.errors import Conflict
    from intervensi.store import edit, file_digest

    case = make_case(tmp_path / "cases")
    seen = file_digest(case)
    with open(case, "a") as fh:
        fh.write(HAND_EDIT)
    with pytest.raises(Conflict), edit(case, expected_digest=seen) as ed:
        ed.set(("title",), "x")
    assert case.read_text().endswith(HAND_EDIT)
