"""Harnesses for the reliability tests and ``benchmarks/bench_reliability.py``.

* :func:`crash_rounds` forks a writer that loops over real edits (``ops.add_session``,
  ``moves.advance`` forth and back, a batch over several files, or bare ``atomic_write``)
  and SIGKILLs it after a random delay. The writer logs the digest of every file it is
  about to write (``O_APPEND``, before the rename), so afterwards each file must be
  exactly the content before its last write or after it: old or new, never torn.
* :func:`concurrent_appends` forks N processes that append sessions to one case at once.
* :func:`cli_kill` runs the real ``intervensi`` command (with the same digest log) and
  kills it at a random offset.

Forking a process that already imported intervensi makes a kill cost milliseconds, not
the ~1 s start-up of a fresh interpreter, so hundreds of kills fit in the test budget.
Run as a script, it is the CLI shim: ``python helpers_robust.py cli LOG -- add-session …``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DAY = dt.date(2026, 1, 5)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def make_case(directory: Path, case_id: str = "c1", client: str = "Klien Uji", **kw: Any) -> Path:
    """A fresh open case (engagement stage) made through the library."""
    from intervensi.newcase import new_case

    directory.mkdir(parents=True, exist_ok=True)
    return new_case(directory, case_id, practice="casework", client_name=client, opened=dt.date(2026, 1, 1), by="tester", **kw)


def hold_lock_in_child(case: Path) -> int:
    """Fork a child that takes the case's lock and sleeps holding it; returns its pid once
    the lock is held (the caller kills it)."""
    from intervensi.store import CaseLock

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            CaseLock(case).acquire()
            os.write(w, b"x")
            time.sleep(60)
        finally:
            os._exit(0)
    os.read(r, 1)
    os.close(r)
    os.close(w)
    return pid


def ready_for_advance(path: Path) -> None:
    """Fill the engagement gate so ``advance`` can move on (used by the advance loop)."""
    from intervensi import ops

    ops.set_contract(path, focus=["money"], start=dt.date(2026, 1, 2))


def install_digest_log(log: Path) -> None:
    """Make every ``atomic_write`` log ``name digest`` before it renames (in this process)."""
    from intervensi import store

    real = store.atomic_write
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def logged(path: Path, text: str | bytes, *, mode: int | None = None) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        os.write(fd, f"{Path(path).name} {digest(data)}\n".encode())
        real(path, data, mode=mode)

    store.atomic_write = logged  # type: ignore[assignment]


def read_log(log: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not log.exists():
        return out
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            out.setdefault(parts[0], []).append(parts[1])
    return out


def temporaries(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


# --------------------------------------------------------------------------- writers


def _writer(kind: str, files: list[Path], log: Path) -> Callable[[], None]:
    from intervensi import moves, ops, store

    install_digest_log(log)
    counter = [0]

    def session() -> None:
        counter[0] += 1
        ops.add_session(files[0], date=DAY, kind="home_visit", notes=f"note {os.getpid()}-{counter[0]}")

    def advance() -> None:
        counter[0] += 1
        if counter[0] % 2:
            moves.advance(files[0], by="tester", reason="crash test", force=True)
        else:
            moves.advance(files[0], by="tester", to="engagement", reason="crash test")

    def batch() -> None:
        counter[0] += 1
        for f in files:
            ops.add_session(f, date=DAY, notes=f"batch {counter[0]}")

    versions = [f.read_bytes() for f in files]
    versions.append(versions[0] + b"# padding\n" * 400)

    def raw() -> None:
        counter[0] += 1
        store.atomic_write(files[0], versions[counter[0] % len(versions)])

    return {"session": session, "advance": advance, "batch": batch, "raw": raw}[kind]


def _warm(path: Path) -> None:
    """Import and exercise the edit path once, so forked writers start writing at once."""
    from intervensi import moves, ops  # noqa: F401
    from intervensi.store import edit

    with edit(path, dry_run=True, allow_closed=True) as ed:
        ed.set(("title",), "warm")


def crash_rounds(kind: str, files: list[Path], rounds: int, max_delay: float, seed: int = 0) -> dict[str, Any]:
    """Kill a looping writer ``rounds`` times; return what was found after each kill.

    Before each round every file is reset to its starting content. After the kill every
    file must load as a case and equal the content before or after its last logged write.
    """
    from intervensi.casefile import load_case
    from intervensi.store import atomic_write

    rng = random.Random(seed)
    base = {f: f.read_bytes() for f in files}
    _warm(files[0])
    log = files[0].parent / f".digests-{kind}.log"
    torn: list[str] = []
    unparsable: list[str] = []
    with_tmp = 0
    seen_tmp: set[Path] = set()
    writes_logged = 0
    changed = 0
    for r in range(rounds):
        for f, data in base.items():
            if f.read_bytes() != data:
                atomic_write(f, data)
        log.write_bytes(b"")
        pid = os.fork()
        if pid == 0:  # the writer: loop until killed
            try:
                step = _writer(kind, files, log)
                while True:
                    step()
            except BaseException:
                os._exit(3)
            os._exit(0)
        time.sleep(rng.uniform(0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        logged = read_log(log)
        writes_logged += sum(len(v) for v in logged.values())
        left = set(temporaries(files[0].parent))
        if left - seen_tmp:
            with_tmp += 1
        seen_tmp |= left
        for f in files:
            now = f.read_bytes()
            trail = [digest(base[f]), *logged.get(f.name, [])]
            if digest(now) not in trail[-2:]:
                torn.append(f"round {r}: {f.name}")
            if now != base[f]:
                changed += 1
            try:
                load_case(f)
            except Exception as exc:
                unparsable.append(f"round {r}: {f.name}: {type(exc).__name__}")
    log.unlink(missing_ok=True)
    return {
        "kind": kind,
        "kills": rounds,
        "torn": torn,
        "unparsable": unparsable,
        "rounds_with_temporaries": with_tmp,
        "writes_started": writes_logged,
        "files_changed": changed,
    }


# --------------------------------------------------------------------------- concurrency


def concurrent_appends(path: Path, procs: int, each: int) -> dict[str, Any]:
    """``procs`` forked processes each append ``each`` sessions to ``path`` at once."""
    from intervensi.casefile import load_case
    from intervensi.errors import Locked

    _warm(path)
    start = path.parent / f".go-{procs}"
    pids = []
    for p in range(procs):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                from intervensi import ops

                while not start.exists():
                    time.sleep(0.001)
                for i in range(each):
                    while True:
                        try:
                            ops.add_session(path, date=DAY, notes=f"p{p}-{i}")
                            break
                        except Locked:  # bounded wait expired under heavy load: try again
                            continue
            except BaseException:
                code = 3
            os._exit(code)
        pids.append(pid)
    t0 = time.perf_counter()
    start.touch()
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    seconds = time.perf_counter() - t0
    start.unlink()
    notes = [s.notes for s in load_case(path).intervention.sessions if s.notes and s.notes[0] == "p"]
    expected = {f"p{p}-{i}" for p in range(procs) for i in range(each)}
    seen: dict[str, int] = {}
    for n in notes:
        seen[n] = seen.get(n, 0) + 1
    return {
        "procs": procs,
        "each": each,
        "made": procs * each,
        "found": len(notes),
        "lost": sorted(expected - set(seen)),
        "twice": sorted(n for n, c in seen.items() if c > 1),
        "exit_codes": codes,
        "seconds": round(seconds, 1),
    }


# --------------------------------------------------------------------------- real CLI


def cli_kill(args: list[str], path: Path, delay: float, cwd: Path) -> dict[str, Any]:
    """Run ``intervensi ARGS`` (digest-logged) and SIGKILL it after ``delay`` seconds."""
    from intervensi.casefile import load_case

    log = path.parent / ".digests-cli.log"
    log.write_bytes(b"")
    before = path.read_bytes()
    env = {**os.environ, "INTERVENSI_LANG": "en", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "cli", str(log), "--", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    trail = [digest(before), *read_log(log).get(path.name, [])]
    now = path.read_bytes()
    ok_parse = True
    try:
        load_case(path)
    except Exception:
        ok_parse = False
    return {"torn": digest(now) not in trail[-2:], "parses": ok_parse, "finished": proc.returncode != -signal.SIGKILL, "changed": now != before, "stderr": err.decode(errors="replace")}


def fresh_copy(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(src, dest_dir / src.name))


def _cli_main(argv: list[str]) -> None:
    log = Path(argv[0])
    rest = argv[argv.index("--") + 1 :]
    install_digest_log(log)
    from intervensi.cli import app

    app(args=rest, prog_name="intervensi")


if __name__ == "__main__":  # pragma: no cover - subprocess entry
    if sys.argv[1] == "cli":
        _cli_main(sys.argv[2:])
    elif sys.argv[1] == "crash":
        # crash KIND DIR ROUNDS MAX_DELAY [N_FILES]
        kind, d, rounds, delay = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
        n = int(sys.argv[6]) if len(sys.argv) > 6 else 1
        fs = [make_case(d, f"k{i}") for i in range(n)]
        if kind == "advance":
            ready_for_advance(fs[0])
        print(json.dumps(crash_rounds(kind, fs, rounds, delay)))
    elif sys.argv[1] == "append":
        d = Path(sys.argv[2])
        p = make_case(d, "shared")
        print(json.dumps(concurrent_appends(p, int(sys.argv[3]), int(sys.argv[4]))))
