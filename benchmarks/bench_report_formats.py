"""Benchmark: one report in every format, and what Markdown's pictures weigh.

For each bundled case (or ``--case``) it prints the time to render the report as HTML,
Markdown (to stdout, no pictures), Markdown written with its pictures beside it
(``write_report``: SVG and PNG files), DOCX and PDF (builtin engine), median of ``-r``
runs; then the Markdown report's size against what the same pictures would have added as
base64 ``data:`` URIs (the former way), and the size of the picture folder. Figures, not
a pass/fail.

    python benchmarks/bench_report_formats.py
    python benchmarks/bench_report_formats.py -r 3 --case kube-melati-2025
"""

from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-r", "--runs", type=int, default=3)
    ap.add_argument("--case", action="append")
    ap.add_argument("--lang", default="id")
    args = ap.parse_args()
    from intervensi.casefile import load_case
    from intervensi.report import collect, render_report
    from intervensi.report.files import pictures, write_report

    names = args.case or sorted(p.stem for p in (ROOT / "cases").glob("*.yaml"))
    print(f"{'case':26} {'html':>7} {'md':>7} {'md+pics':>8} {'docx':>7} {'pdf':>7}   {'md KB':>6} {'+base64 KB':>10} {'pics KB':>8}")
    for name in names:
        case = load_case(ROOT / "cases" / f"{name}.yaml")
        t = {fmt: median_time(lambda f=fmt, c=case: render_report(c, fmt=f, lang=args.lang, pdf_engine="builtin"), args.runs)
             for fmt in ("html", "md", "docx", "pdf")}
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "r.md"
            t["md+pics"] = median_time(lambda o=out, c=case: write_report(c, o, fmt="md", lang=args.lang), args.runs)
            md_kb = out.stat().st_size / 1024
            pics_kb = sum(p.stat().st_size for p in (Path(tmp) / "r_files").glob("*")) / 1024
        data = collect(case, lang=args.lang)
        b64_kb = sum(len(base64.b64encode(svg.encode())) for svg in pictures(data).values()) / 1024
        print(f"{name:26} {t['html']:7.2f} {t['md']:7.2f} {t['md+pics']:8.2f} {t['docx']:7.2f} {t['pdf']:7.2f}   "
              f"{md_kb:6.1f} {b64_kb:10.1f} {pics_kb:8.1f}")
    print("times in seconds (median); md KB: the Markdown report now; +base64 KB: what data URIs would add")


if __name__ == "__main__":
    main()
