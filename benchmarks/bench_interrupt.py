"""Ctrl-C over a caseload: how fast each long command stops, and what it leaves behind.

    python benchmarks/bench_interrupt.py                 # 100 cases, SIGINT after 1, 2 and 4 s
    python benchmarks/bench_interrupt.py --n 300 --delays 2,5 --commands render,set

Each run copies a synthetic cohort (``gen_cohort.py``), starts the real ``intervensi``
command in its own process group, sends SIGINT to the whole group after the delay (what a
terminal's Ctrl-C does) and measures the time from the signal to the exit. Afterwards it
counts temporary files left (``.NAME.*.tmp``), output files that are not whole (an SVG
without ``</svg>``, an HTML page without ``</html>``, a CSV without its last newline), case
files that no longer validate, and bulk journals (kept on purpose: the next run finishes
the plan). Prints a Markdown table; exits 1 when a run did not exit with 130 in time, or
left a temporary file, a partial output or a broken case.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: command name -> arguments (``{cases}`` and ``{out}`` are filled in)
COMMANDS: dict[str, list[str]] = {
    "render": ["render", "{cases}", "-o", "{out}"],
    "report-all": ["render", "{cases}", "-o", "{out}", "--what", "report"],
    "export": ["export", "{cases}", "--table", "sessions", "-o", "{out}/sessions.csv"],
    "check": ["check", "{cases}"],
    "set": ["set", "{cases}", "--field", "worker", "--value", "Pendamping Baru", "--yes"],
    "add-session-all": ["add-session-all", "{cases}", "--date", "2026-03-02", "--kind", "group_meeting",
                        "--title", "Pertemuan", "--yes"],
}


def make_cohort(base: Path, n: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from gen_cohort import generate

    cases = base / "cohort"
    generate(cases, n, seed=7, errors=0.0)
    return cases


def whole(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    if path.suffix in (".html", ".htm"):
        return data.rstrip().endswith(b"</html>")
    if path.suffix in (".csv", ".jsonl"):
        return data.endswith(b"\n")
    return len(data) > 0


def run_once(cohort: Path, command: str, delay: float, work: Path, python: str = sys.executable) -> dict[str, Any]:
    """One interrupted run; the figures and what it left behind."""
    if work.exists():
        shutil.rmtree(work)
    cases = work / "cases"
    shutil.copytree(cohort, cases)
    out = work / "out"
    out.mkdir()
    args = [a.format(cases=cases, out=out) for a in COMMANDS[command]]
    env = {**os.environ, "INTERVENSI_LANG": "en", "INTERVENSI_WORKER": "bench", "COLUMNS": "100"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([python, "-m", "intervensi", *args], cwd=work, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(delay)
    finished_before = proc.poll() is not None
    t1 = time.perf_counter()
    if not finished_before:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate()
    t2 = time.perf_counter()
    with_tmp = [p for p in work.rglob("*.tmp")]
    outputs = [p for p in out.rglob("*") if p.is_file()]
    partial = [p for p in outputs if not whole(p)]
    from intervensi.casefile import problems

    broken = [p for p in cases.rglob("*.yaml") if problems(p)]
    journals = list(cases.rglob(".intervensi-batch-*.jsonl"))
    return {
        "command": command, "delay": delay, "finished_first": finished_before, "stop_s": t2 - t1, "total_s": t2 - t0,
        "exit": proc.returncode, "tmp": len(with_tmp), "outputs": len(outputs), "partial": len(partial),
        "broken": len(broken), "journals": len(journals), "traceback": b"Traceback" in err,
        "stderr": err.decode("utf-8", "replace")[-300:],
    }


def ok(r: dict[str, Any], bound: float) -> bool:
    if r["finished_first"]:
        return r["exit"] in (0, 3) and not r["tmp"] and not r["partial"] and not r["broken"]
    # 130, or killed by the SIGINT itself (-2) when it arrived as the command was exiting: a shell sees 130 for both
    return (r["exit"] in (130, -signal.SIGINT) and r["stop_s"] <= bound and not r["tmp"] and not r["partial"] and not r["broken"]
            and not r["traceback"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="cases in the cohort (default 100)")
    ap.add_argument("--delays", default="1,2,4", help="seconds before SIGINT, comma-separated")
    ap.add_argument("--commands", default=",".join(COMMANDS), help="which commands, comma-separated")
    ap.add_argument("--bound", type=float, default=2.0, help="seconds allowed from SIGINT to exit (default 2)")
    args = ap.parse_args()
    delays = [float(d) for d in args.delays.split(",")]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cohort = make_cohort(base, args.n)
        print(f"{args.n} cases, {os.cpu_count()} cores, SIGINT to the process group; bound {args.bound:.1f} s\n")
        print("| command | SIGINT after | stop time | exit | temp files | outputs (partial) | cases broken | journals kept |")
        print("|---|---|---|---|---|---|---|---|")
        for command in args.commands.split(","):
            for delay in delays:
                r = run_once(cohort, command, delay, base / "work")
                good = ok(r, args.bound)
                bad += not good
                stop = "finished first" if r["finished_first"] else f"{r['stop_s']:.2f} s"
                print(f"| {command} | {delay:.1f} s | {stop} | {r['exit']} | {r['tmp']} | {r['outputs']} ({r['partial']}) "
                      f"| {r['broken']} | {r['journals']} |{'' if good else ' **FAIL**'}")
                if not good:
                    print(f"<!-- {r['stderr']!r} -->")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
