"""Single-case command latency beside its floor, measured in the same run (issue 12).

    python benchmarks/bench_commands.py [--runs 10]

The floor is a two-command Typer app that loads the same case file with PyYAML's C loader
and validates it with the same Pydantic model (what any single-case command must do at
least). Each of our commands and the floor run in turn (A B A B ...), each in a fresh
process; the figure is the median wall time, and the ratio the median of the pairwise
ratios (pairing keeps it meaningful when the machine's speed drifts), for wall time and for
CPU time (user + system of the child: on a shared, loaded machine the wall time is mostly
waiting for a core, and the CPU ratio is the steadier figure). Target: reading
commands within 1.25x of the floor; ``--help`` within 1.25x of the two-command app's help.
Writing commands are shown for information (they also lock, round-trip and fsync).

Both sides run from bytecode, as after ``pip install`` (which compiles every module): the
benchmark compiles intervensi's sources first, so that a ``PYTHONDONTWRITEBYTECODE``
environment or a fresh checkout does not time Python compiling our source on every run.

Through a pipe (as here) a reading command writes its output without Rich when that is what
Rich would print (``cli/_plain.py``); at a terminal Rich draws it: ``show`` and ``history``
are also timed with their output on a pseudo-terminal (the floor's too).

The last lines show that adding commands does not make every command slower: the cost of
start-up with the one noun group a command needs, against start-up with every module of
commands imported and every command and group built (what Typer would do by itself).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import pty
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "pkh-s-2025.yaml"

FLOOR_APP = """
import sys
import typer

app = typer.Typer(add_completion=False)


@app.command()
def show(path: str) -> None:
    import yaml
    from intervensi.model import Case

    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=yaml.CSafeLoader)
    case = Case.model_validate(data)
    print(case.id, case.stage.value)


@app.command()
def other() -> None:
    pass


app()
"""


ONE_GROUP = """
import sys
from typer.main import get_command
from intervensi.cli import app
group = get_command(app)
group.commands["need"]
"""
ALL_GROUPS = ONE_GROUP + """
for name in group.list_commands(None):
    group.commands[name]
"""


def _drain(fd: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 65536):
            pass


def timed(cmd: list[str], tty: bool = False) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the operating system's account of the child);
    ``tty``: its output goes to a pseudo-terminal, as when a person runs it (Rich draws)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if tty:
        master, slave = pty.openpty()
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env={**os.environ, "COLUMNS": "100"})
        os.close(slave)
        reader.join(5)
        os.close(master)
    else:
        out = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {str(out.stderr or '').strip()[:300]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Pair:
    """Medians of A and B, and the medians of the pairwise ratios A/B, for wall and CPU time."""

    def __init__(self, ours: list[str], floor: list[str], runs: int, tty: bool = False) -> None:
        timed(ours, tty), timed(floor, tty)  # warm the file-system cache
        a, b = [], []
        for _ in range(runs):
            a.append(timed(ours, tty))
            b.append(timed(floor, tty))
        self.ours = statistics.median(x[0] for x in a)
        self.floor = statistics.median(y[0] for y in b)
        self.ratio = statistics.median(x[0] / y[0] for x, y in zip(a, b, strict=True))
        self.ours_cpu = statistics.median(x[1] for x in a)
        self.floor_cpu = statistics.median(y[1] for y in b)
        self.ratio_cpu = statistics.median(x[1] / y[1] for x, y in zip(a, b, strict=True) if y[1] > 0)

    def line(self, label: str, note: str = "") -> str:
        return (f"{label:<38}{self.ours * 1000:>9.0f}{self.floor * 1000:>10.0f}{self.ratio:>7.2f}x"
                f"{self.ours_cpu * 1000:>10.0f}{self.floor_cpu * 1000:>10.0f}{self.ratio_cpu:>7.2f}x{note}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    exe = [sys.executable, "-m", "intervensi"]
    compileall.compile_dir(str(ROOT / "src" / "intervensi"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-commands-"))
    case = work / CASE.name
    shutil.copy(CASE, case)
    floor_py = work / "floor.py"
    floor_py.write_text(FLOOR_APP, encoding="utf-8")
    floor = [sys.executable, str(floor_py), "show", str(case)]
    print(f"{'command':<38}{'wall ms':>9}{'floor':>10}{'ratio':>8}{'cpu ms':>10}{'floor':>10}{'ratio':>8}")
    reading = [
        ["show", str(case)],
        ["status", str(case)],
        ["check", str(case)],
        ["history", str(case)],
        ["need", "list", str(case)],
        ["client", "show", str(case)],
        ["evaluate", str(case), "--json"],
        ["show", str(case), "--json"],
    ]
    for cmd in reading:
        print(Pair([*exe, *cmd], floor, args.runs).line(" ".join(cmd).replace(str(case), "CASE")))
    for cmd in (["show", str(case)], ["history", str(case)]):  # drawn by Rich, as a person sees them
        print(Pair([*exe, *cmd], floor, args.runs, tty=True).line(" ".join(cmd).replace(str(case), "CASE") + " (terminal)"))
    print(Pair([*exe, "--help"], [sys.executable, str(floor_py), "--help"], args.runs).line("--help (floor: the two-command help)"))
    subprocess.run([*exe, "reopen", str(case), "--reason", "bench", "--to", "evaluation"], capture_output=True, check=True)
    print(Pair([*exe, "advance", str(case), "--dry-run"], floor, args.runs).line("advance CASE --dry-run"))
    writing = [
        ["client", "change", str(case), "--age", "33"],
        ["need", "change", str(case), "keuangan", "--area", "economic"],
        ["measurement", "add", str(case), "pencatatan", "5", "--date", "2025-04-29"],
    ]
    for cmd in writing:
        print(Pair([*exe, *cmd], floor, max(3, args.runs // 2)).line(" ".join(cmd[:2]), " (writes)"))
    both = Pair([sys.executable, "-c", ONE_GROUP], [sys.executable, "-c", ALL_GROUPS], args.runs)
    print(f"{'start-up: one noun group built':<38}{both.ours * 1000:>9.0f}{'':>18}{both.ours_cpu * 1000:>10.0f}")
    print(f"{'start-up: every module and group built':<38}{both.floor * 1000:>9.0f}{'':>18}{both.floor_cpu * 1000:>10.0f}"
          f"   {1 / both.ratio:.2f}x wall, {1 / both.ratio_cpu:.2f}x cpu the one-group start-up")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
