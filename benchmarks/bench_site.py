"""Benchmark: ``intervensi site`` over a synthetic caseload, cold, warm and after one change.

    python benchmarks/bench_site.py                 # 300 cases (a PKH facilitator's caseload)
    python benchmarks/bench_site.py --n 1000 --anonymize
    python benchmarks/bench_site.py --n 10000 --no-floor

Generates ``--n`` cases with ``benchmarks/gen_cohort.py`` (seed 1, no broken files) in a
temporary folder, then times the command as a user runs it (a fresh process each time,
all cores) and prints, with ratios from the same run:

* **cold**: the first run into an empty folder (every page rendered);
* **warm**: the same command again, nothing changed (nothing rendered, nothing written);
* **one changed**: one case file edited (one page rendered, the manifest rewritten);
* the floor for cold: ``intervensi render --what report`` of the same cases into a folder
  (the same reports, with no index, no manifest and no skipping);
* references for warm: starting the program (``--version``) and ``status`` from its warm cache.

Figures, not a pass/fail; the results are in docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], cwd: Path) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "intervensi", *args], capture_output=True, text=True, cwd=cwd, env=env)
    took = time.perf_counter() - t
    if out.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)}: exit {out.returncode}\n{out.stderr}")
    try:
        data = json.loads(out.stdout) if out.stdout.strip().startswith("{") else {}
    except ValueError:
        data = {}
    return took, data


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--anonymize", action="store_true", help="measure the anonymised site as well")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--no-floor", action="store_true", help="skip the render floor (halves the time of a large run)")
    args = ap.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        (work / "intervensi.toml").write_text("", encoding="utf-8")  # a workspace: the anonymisation key lives here
        cases = work / "cases"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_cohort.py"), str(cases), "--n", str(args.n), "--errors", "0"],
                       check=True, capture_output=True)
        files = sorted(cases.rglob("*.yaml"))
        print(f"{len(files)} cases, {sum(f.stat().st_size for f in files) / len(files) / 1024:.1f} KB each on average; "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
        print(f"{'run':<34}{'seconds':>9}{'ms/case':>9}{'pages written':>15}")

        def row(label: str, took: float, data: dict[str, object]) -> None:
            written = data.get("written")
            n = len(written) if isinstance(written, list) else "—"
            print(f"{label:<34}{took:9.2f}{1000 * took / len(files):9.1f}{n!s:>15}")

        floor = float("nan")
        if not args.no_floor:
            floor, _ = timed(["render", str(cases), "-o", str(work / "render"), "--what", "report", *jobs], work)
            row("floor: render --what report", floor, {})
        start, _ = timed(["--version"], work)
        row("reference: intervensi --version", start, {})
        timed(["status", str(cases), "--json", *jobs], work)  # fills the warm cache
        status, _ = timed(["status", str(cases), "--json", *jobs], work)
        row("reference: status (warm cache)", status, {})
        variants = [("", [])] + ([("anonymised ", ["--anonymize"])] if args.anonymize else [])
        for name, extra in variants:
            out = work / f"site{len(extra)}"
            cold, data = timed(["site", str(cases), "-o", str(out), "--json", *extra, *jobs], work)
            row(f"{name}cold", cold, data)
            warm, data = timed(["site", str(cases), "-o", str(out), "--json", *extra, *jobs], work)
            row(f"{name}warm (nothing changed)", warm, data)
            victim = files[len(files) // 2]
            victim.write_text(victim.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited ", 1), encoding="utf-8")
            one, data = timed(["site", str(cases), "-o", str(out), "--json", *extra, *jobs], work)
            row(f"{name}one case changed", one, data)
            print(f"  {name}site size {du(out) / 1e6:.1f} MB ({du(out) / len(files) / 1024:.0f} KB per case); "
                  f"cold / floor {cold / floor:.2f}x; cold / warm {cold / warm:.1f}x; one changed / warm {one / warm:.2f}x; "
                  f"warm / warm status {warm / status:.2f}x")


if __name__ == "__main__":
    main()
