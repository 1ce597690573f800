"""Single-case command latency beside its floor, measured in the same run (issue 12).

    python benchmarks/bench_commands.py [--runs 10]

The floor is a two-command Typer app that loads the same case file with PyYAML's C loader
and validates it with the same Pydantic model (what any single-case command must do at
least). Each of our commands and the floor run in turn (A B A B ...), each in a fresh
process; the figure is the median wall time, and the ratio the median of the pairwise
ratios (pairing keeps it meaningful when the machine's speed drifts). Target: reading
commands within 1.25x of the floor; ``--help`` within 1.25x of the two-command app's help.
Writing commands are shown for information (they also lock, round-trip and fsync).

Both sides run from bytecode, as after ``pip install`` (which compiles every module): the
benchmark compiles intervensi's sources first, so that a ``PYTHONDONTWRITEBYTECODE``
environment or a fresh checkout does not time Python compiling our source on every run.

The last lines show that adding commands does not make every command slower: the cost of
start-up with the one noun group a command needs, against start-up with every module of
commands imported and every command and group built (what Typer would do by itself).
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {out.stderr.strip()[:300]}")
    return took


def pair(ours: list[str], floor: list[str], runs: int) -> tuple[float, float, float]:
    timed(ours), timed(floor)  # warm the file-system cache
    a, b, r = [], [], []
    for _ in range(runs):
        x, y = timed(ours), timed(floor)
        a.append(x), b.append(y), r.append(x / y)
    return statistics.median(a), statistics.median(b), statistics.median(r)


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
    print(f"{'command':<38}{'ours ms':>9}{'floor ms':>10}{'ratio':>8}")
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
        ours, base, ratio = pair([*exe, *cmd], floor, args.runs)
        print(f"{' '.join(cmd).replace(str(case), 'CASE'):<38}{ours * 1000:>9.0f}{base * 1000:>10.0f}{ratio:>7.2f}x")
    ours, base, ratio = pair([*exe, "--help"], [sys.executable, str(floor_py), "--help"], args.runs)
    print(f"{'--help (floor: the two-command help)':<38}{ours * 1000:>9.0f}{base * 1000:>10.0f}{ratio:>7.2f}x")
    subprocess.run([*exe, "reopen", str(case), "--reason", "bench", "--to", "evaluation"], capture_output=True, check=True)
    ours, base, ratio = pair([*exe, "advance", str(case), "--dry-run"], floor, args.runs)
    print(f"{'advance CASE --dry-run':<38}{ours * 1000:>9.0f}{base * 1000:>10.0f}{ratio:>7.2f}x")
    writing = [
        ["client", "change", str(case), "--age", "33"],
        ["need", "change", str(case), "keuangan", "--area", "economic"],
        ["measurement", "add", str(case), "pencatatan", "5", "--date", "2025-04-29"],
    ]
    for cmd in writing:
        ours, base, ratio = pair([*exe, *cmd], floor, max(3, args.runs // 2))
        print(f"{' '.join(cmd[:2]):<38}{ours * 1000:>9.0f}{base * 1000:>10.0f}{ratio:>7.2f}x (writes)")
    one, every, ratio = pair([sys.executable, "-c", ONE_GROUP], [sys.executable, "-c", ALL_GROUPS], args.runs)
    print(f"{'start-up: one noun group built':<38}{one * 1000:>9.0f}")
    print(f"{'start-up: every module and group built':<38}{every * 1000:>9.0f}{'':>10}{1 / ratio:>7.2f}x the one-group start-up")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
