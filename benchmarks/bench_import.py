"""Roster import beside its floor, measured in the same run (issue 16).

    python benchmarks/bench_import.py                       # 300 and 10,000 families
    python benchmarks/bench_import.py --n 300 --repeat 3

Rosters come from scripts/gen_example_roster.py (seed 1, made-up families, 1–6 people each).
Every figure is a whole command in a fresh process (interpreter start included):

* ``import ROSTER.xlsx`` preview into an empty folder (read, check, build and validate
  every new case: everything but the writes);
* ``import ROSTER.xlsx --yes`` into an empty folder (the writes, atomic, under the bulk lock);
* the second run with the same roster (reads every case back, plans nothing);
* the same roster as CSV, a second time (CSV reading instead of calamine);
* the floor: ``new_case`` (the library function behind ``new-case``) for a sample of 50
  families with the same data put in by the round-trip editor, extrapolated to N — what a
  script calling the existing API once per family would cost, in one process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
ENV = {**os.environ, "INTERVENSI_LANG": "en", "INTERVENSI_WORKER": "bench"}
EXE = [sys.executable, "-m", "intervensi"]


def timed(*args: str | Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*EXE, *map(str, args)], env=ENV, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(map(str, args))}\n{done.stderr[-2000:]}")
    return took


def floor(roster: Path, sample: int, work: Path) -> float:
    """Seconds per family for new_case + the genogram people added through edit() (one process)."""
    from intervensi.newcase import new_case
    from intervensi.roster import families_of
    from intervensi.roster_case import client_data, genogram_data
    from intervensi.roster_read import read_roster
    from intervensi.store import edit

    families, _ = families_of(read_roster(roster))
    folder = work / f"floor-{len(families)}"
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    for i, f in enumerate(families[:sample]):
        path = new_case(folder, f"f-{i}", practice="case_management", client_name=f.name, client_kind="family")
        with edit(path) as ed:
            for key, value in client_data(f).items():
                if key not in ("kind", "name"):
                    ed.set(("client", key), value.isoformat() if hasattr(value, "isoformat") else value)
            gen = genogram_data(f)
            ed.section("assessment")["genogram"] = _plain(gen)
            ed.changed = True
    return (time.perf_counter() - start) / min(sample, len(families))


def _plain(v: object) -> object:
    from intervensi.yamlio import to_yaml_value

    def walk(x: object) -> object:
        if isinstance(x, dict):
            return {k: walk(y) for k, y in x.items()}
        if isinstance(x, list):
            return [walk(y) for y in x]
        return x.isoformat() if hasattr(x, "isoformat") else x

    return to_yaml_value(walk(v))


def bench(n: int, repeat: int, work: Path) -> None:
    from gen_example_roster import families, write

    base = work / f"roster-{n}"
    write(base, families(n))
    xlsx, csv = base.with_suffix(".xlsx"), base.with_suffix(".csv")
    best: dict[str, float] = {}

    def keep(name: str, value: float) -> None:
        best[name] = min(best.get(name, value), value)

    for _ in range(repeat):
        cases = work / f"cases-{n}"
        shutil.rmtree(cases, ignore_errors=True)
        keep("preview (empty folder)", timed("import", xlsx, "--dir", cases))
        keep("import --yes", timed("import", xlsx, "--dir", cases, "--yes"))
        keep("second run, same roster (xlsx)", timed("import", xlsx, "--dir", cases, "--yes"))
        keep("second run, same roster (csv)", timed("import", csv, "--dir", cases, "--yes"))
        keep("status (the floor of reading them back)", timed("status", cases))
    per = floor(xlsx, 50, work)
    print(f"\n{n} families ({xlsx.stat().st_size / 1024:.0f} KB xlsx, {csv.stat().st_size / 1024:.0f} KB csv), best of {repeat}:")
    for name, value in best.items():
        print(f"  {name:42s} {value:8.2f} s   {value / n * 1000:7.2f} ms per family")
    print(f"  {'floor: new_case + edit, extrapolated':42s} {per * n:8.2f} s   {per * 1000:7.2f} ms per family")
    print(f"  ratio import --yes / floor: {best['import --yes'] / (per * n):.2f}x (lower is better)")
    print(f"  ratio second run / status: {best['second run, same roster (xlsx)'] / best['status (the floor of reading them back)']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="families (repeatable; default 300 and 10000)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--dir", type=Path, default=None)
    a = ap.parse_args()
    work = a.dir or Path(tempfile.mkdtemp(prefix="intervensi-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, work folder: {work}")
    for n in a.n or [300, 10_000]:
        bench(n, a.repeat, work)


if __name__ == "__main__":
    main()
