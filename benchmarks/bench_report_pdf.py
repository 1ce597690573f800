"""Benchmark: the two PDF engines of ``report --format pdf`` on the bundled cases.

For each case and language it prints, for headless Chromium (when installed) and the
builtin engine (xhtml2pdf): the time to print the HTML report (median of ``-r`` runs,
the HTML rendered once beforehand), the PDF's size, its pages and its pictures, and the
ratio builtin / Chromium. Figures, not a pass/fail: see docs/how-to/reports.md.

    python benchmarks/bench_report_pdf.py
    python benchmarks/bench_report_pdf.py -r 5 --case pkh-s-2025
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(fn, runs: int) -> tuple[float, bytes]:  # type: ignore[no-untyped-def]
    times, data = [], b""
    for _ in range(runs):
        t = time.perf_counter()
        data = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), data


def describe(data: bytes) -> tuple[int, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), sum(len(p.images) for p in reader.pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-r", "--runs", type=int, default=3)
    ap.add_argument("--case", action="append", help="case name in cases/ (default: pkh-s-2025 and kube-melati-2025)")
    args = ap.parse_args()
    from intervensi.casefile import load_case
    from intervensi.report import collect, render_text
    from intervensi.report.pdf import chromium_pdf, find_chromium
    from intervensi.report.pdf_builtin import html_to_pdf_builtin

    chromium = find_chromium()
    print(f"Chromium: {chromium or 'not found'}; runs per figure: {args.runs}")
    print(f"{'case':<18}{'lang':<5}{'engine':<10}{'seconds':>8}{'KB':>7}{'pages':>6}{'pictures':>9}")
    for name in args.case or ["pkh-s-2025", "kube-melati-2025"]:
        case = load_case(ROOT / "cases" / f"{name}.yaml")
        for lang in ("en", "id"):
            html = render_text(collect(case, lang=lang), fmt="pdf")
            rows = {}
            engines = [("builtin", html_to_pdf_builtin)]
            if chromium:
                engines.insert(0, ("chromium", chromium_pdf))
            for engine, fn in engines:
                secs, data = measure(lambda fn=fn, html=html: fn(html), args.runs)
                pages, pictures = describe(data)
                rows[engine] = secs
                print(f"{name:<18}{lang:<5}{engine:<10}{secs:>8.2f}{len(data) / 1024:>7.0f}{pages:>6}{pictures:>9}")
            if "chromium" in rows:
                print(f"{'':<23}builtin / chromium time: {rows['builtin'] / rows['chromium']:.2f}")


if __name__ == "__main__":
    main()
