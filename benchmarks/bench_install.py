"""Cold install time: a fresh venv, an empty pip cache, `pip install <checkout>`.

    python benchmarks/bench_install.py [BEFORE_REV] [AFTER_REV] [--runs N]

Each revision is exported with `git archive` into a temporary folder and installed the way a
new machine would (PIP_NO_CACHE_DIR=1, a new venv, pip as Python ships it); before and after
alternate, so a busy machine slows both alike. Prints the wall time of each run, the medians
and their ratio. Defaults: BEFORE = 968c7ec (the dependency list with ruamel.yaml[libyaml],
whose ruamel.yaml.clibz is compiled with Zig on install), AFTER = HEAD.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def export(rev: str, dest: Path) -> None:
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def cold_install(src: Path, work: Path) -> float:
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    t = time.perf_counter()
    out = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(src)], env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"install of {src} failed:\n{out.stderr[-2000:]}")
    return took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", nargs="?", default="968c7ec")
    ap.add_argument("after", nargs="?", default="HEAD")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    times: dict[str, list[float]] = {args.before: [], args.after: []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for rev in times:
            export(rev, base / rev.replace("/", "_") / "src")
        for i in range(args.runs):
            for rev in times:
                work = base / rev.replace("/", "_") / f"run{i}"
                work.mkdir()
                took = cold_install(base / rev.replace("/", "_") / "src", work)
                times[rev].append(took)
                print(f"  {rev:>10}  run {i + 1}: {took:6.1f} s", flush=True)
    b, a = (statistics.median(times[r]) for r in (args.before, args.after))
    print(f"cold install, median of {args.runs}: before ({args.before}) {b:.1f} s, after ({args.after}) {a:.1f} s, ratio {a / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
