"""What the Parquet export costs per case, against reading the cases alone and against CSV.

    python benchmarks/bench_parquet.py [--n 300,10000] [--jobs 2] [--keep DIR]

For each size, generates ``n`` synthetic cases (benchmarks/gen_cohort.py, seed 7, no broken
files) and times, each on a fresh cohort (no warm cache):

- ``read``: every case read and validated, nothing written (the floor: what any export pays);
  an untimed read first, so imports are not counted;
- ``parquet``: ``export_parquet`` of all five tables into a folder (one pass over the cases);
- ``parquet anon``: the same with ``--anonymize`` (reads the cohort twice, scrubs every text);
- ``csv x5``: the five tables as CSV, one ``export_table`` each (five passes, as the command
  line does it one ``--table`` at a time).

Prints seconds, milliseconds per case, ratios to ``read``, the bytes per case on disk and
the rows per table. ``--keep DIR`` leaves the plain Parquet tables of the largest size in
``DIR`` (benchmarks/bench_province.py replicates them). No pass/fail. Figures measured:
docs/scaling.md, "Parquet: a province in DuckDB".
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _gen() -> Any:
    spec = importlib.util.spec_from_file_location("gen_cohort", Path(__file__).with_name("gen_cohort.py"))
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_cohort"] = mod
    spec.loader.exec_module(mod)
    return mod


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(n: int, jobs: int | None, keep: Path | None, repeat: int) -> None:
    from intervensi.anonymize import Anonymizer
    from intervensi.cohort import Cohort
    from intervensi.export import TABLES, export_table
    from intervensi.export_parquet import export_parquet

    today = dt.date(2026, 6, 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = root / "cases"
        t = time.perf_counter()
        _gen().generate(cases, n, seed=7, errors=0.0)
        gen_s = time.perf_counter() - t

        def cohort() -> Cohort:
            return Cohort([cases], cache=False, jobs=jobs, today=today)

        sum(1 for _ in Cohort([cases], cache=False, jobs=1, today=today).cases())  # imports and caches warm, untimed
        read = sum(1 for _ in cohort().cases())
        out: dict[str, Any] = {}

        def csv_all() -> None:
            out["csv_bytes"] = 0
            for table in TABLES:
                buf = io.StringIO()
                export_table(cohort(), buf, table=table, fmt="csv")
                out["csv_bytes"] += len(buf.getvalue().encode("utf-8"))

        runs: dict[str, Any] = {
            "read": lambda: sum(1 for _ in cohort().cases()),
            "parquet": lambda: out.__setitem__("result", export_parquet(cohort(), root / "parquet")),
            "parquet anon": lambda: export_parquet(cohort(), root / "parquet-anon", anonymize=Anonymizer(b"bench key")),
            "csv x5": csv_all,
        }
        times: dict[str, float] = {}
        for label, fn in runs.items():
            best = float("inf")
            for _ in range(repeat):
                t = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - t)
            times[label] = best
        result, csv_bytes = out["result"], out["csv_bytes"]
        pq_bytes = _size(root / "parquet")
        yaml_bytes = _size(cases)
        print(f"{n} cases ({read} valid; generated in {gen_s:.1f} s; {yaml_bytes / n / 1024:.1f} KB of YAML per case), "
              f"jobs={jobs or 'all cores'}, best of {repeat}")
        for label, secs in times.items():
            print(f"  {label:13s} {secs:7.2f} s  {secs / n * 1000:6.2f} ms/case  x{secs / times['read']:.2f} of read")
        print(f"  parquet beyond reading: {(times['parquet'] - times['read']) / n * 1000:.2f} ms/case")
        print(f"  on disk: parquet {pq_bytes / n:.0f} B/case (all five tables), csv {csv_bytes / n:.0f} B/case, ratio {pq_bytes / csv_bytes:.2f}")
        print("  rows: " + ", ".join(f"{k} {v}" for k, v in result.rows.items()))
        if keep is not None:
            if keep.exists():
                shutil.rmtree(keep)
            shutil.copytree(root / "parquet", keep)
            print(f"  plain tables kept in {keep}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", default="300,10000", help="comma-separated cohort sizes")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure, the best kept (default: 3 up to 1,000 cases, else 1)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.n.split(",") if s]
    for i, n in enumerate(sizes):
        repeat = args.repeat or (3 if n <= 1000 else 1)
        measure(n, args.jobs, args.keep if i == len(sizes) - 1 else None, repeat)


if __name__ == "__main__":
    main()
