"""What anonymisation costs: an anonymised (and a researcher) export against a plain one.

    python benchmarks/bench_anonymize.py [--n 2000] [--jobs 1]

Generates ``n`` synthetic cases (benchmarks/gen_cohort.py) and times ``export`` of the
``sessions`` table to CSV: plain, ``--anonymize`` (which reads the cohort twice to learn
every case's names, then scrubs every text) and ``--research``. Also the cost of one
name index lookup pass as the caseload grows (cross-case names are matched by word
n-grams, so the per-case cost should stay flat from 500 to ``n`` cases). Prints figures
and ratios; no pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import sys
import tempfile
import time
from pathlib import Path


def _gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_cohort", Path(__file__).with_name("gen_cohort.py"))
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_cohort"] = mod
    spec.loader.exec_module(mod)
    return mod


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    from intervensi.anonymize import Anonymizer
    from intervensi.cohort import Cohort
    from intervensi.export import export_table

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cases"
        _gen().generate(out, args.n, seed=7, errors=0.0)
        today = dt.date(2026, 6, 1)
        results: dict[str, float] = {}
        for label, kw in (("plain", {}), ("anonymize", {"anonymize": True}), ("research", {"research": True})):
            cohort = Cohort([out], cache=False, jobs=args.jobs, today=today)

            def run(kw: dict[str, object] = kw, cohort: Cohort = cohort) -> None:
                if kw:
                    kw = {**kw, "anonymize": Anonymizer(b"bench key", research="research" in kw)}
                export_table(cohort, io.StringIO(), table="sessions", fmt="csv", **kw)  # type: ignore[arg-type]

            results[label] = _time(run)
        n = args.n
        print(f"{n} cases, sessions table to CSV, jobs={args.jobs}")
        for label, secs in results.items():
            print(f"  {label:10s} {secs:7.2f} s  {secs / n * 1000:6.2f} ms/case  ×{secs / results['plain']:.1f} of plain")
        # Per-case cost of scrubbing as the number of known names grows.
        cases = list(Cohort([out], cache=False, jobs=args.jobs, today=today).cases())
        for size in sorted({min(500, n), n}):
            anon = Anonymizer(b"bench key")
            anon.know(cases[:size])
            sample = cases[:200]
            secs = _time(lambda anon=anon, sample=sample: [anon.case(c, today) for c in sample])
            print(f"  scrub with the names of {size:6d} cases known: {secs / len(sample) * 1000:6.2f} ms/case")


if __name__ == "__main__":
    main()
