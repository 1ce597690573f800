"""What writing figures through CLDR (Babel) costs: numfmt against plain f-strings, and charts.

    python benchmarks/bench_numbers.py [--n 20000]

Prints: the import time of ``babel.numbers`` (paid once, only by commands that print
figures); microseconds per figure for ``numfmt.number`` / ``percent`` / ``t_score`` in
``en`` and ``id`` against ``f"{v:g}"``; milliseconds per AB chart (label widths measured,
margins computed) at 7 and at 10^9; and the reference case's HTML report in both languages.
Figures and ratios only; no pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _per_call(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    n = ap.parse_args().n

    code = "import time; t = time.perf_counter(); import babel.numbers; print((time.perf_counter() - t) * 1000)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(5)]
    print(f"import babel.numbers: {min(runs):.1f} ms (best of 5)")

    from intervensi import numfmt

    values = [i * 1234.5678 for i in range(1000)]
    base = _per_call(lambda i: f"{values[i % 1000]:g}", n)
    print(f"f-string:              {base * 1e6:7.2f} µs per figure")
    for lang in ("en", "id"):
        for name, fn in (("number", lambda i, lang=lang: numfmt.number(values[i % 1000], lang)),
                         ("number(2)", lambda i, lang=lang: numfmt.number(values[i % 1000], lang, 2)),
                         ("percent", lambda i, lang=lang: numfmt.percent(values[i % 1000] / 1e6, lang)),
                         ("t_score", lambda i, lang=lang: numfmt.t_score(50 + values[i % 1000] / 1e5, lang))):
            per = _per_call(fn, n)
            print(f"numfmt.{name:<10} {lang}:   {per * 1e6:7.2f} µs per figure ({per / base:.0f}× an f-string)")

    from intervensi.charts import ab_chart_svg
    from intervensi.evaluation import ObjectiveResult, Point

    def objective(top: float) -> ObjectiveResult:
        d0 = dt.date(2025, 3, 3)
        vals = [0, 0, top * 0.2, top * 0.5, top * 0.8, top]
        pts = [Point(d0 + dt.timedelta(days=7 * i), v, "A" if i < 2 else "B") for i, v in enumerate(vals)]
        return ObjectiveResult(goal="g", id="o", indicator="Pendapatan", unit="Rp", baseline=0, target=top, due=None,
                               latest=top, latest_date=None, progress=1.0, direction="up", points=pts, nap=1.0)

    for top in (7, 10**9):
        obj = objective(top)
        per = _per_call(lambda i, obj=obj: ab_chart_svg(obj, lang="id"), 500)
        print(f"AB chart, values to {top:>10}: {per * 1e3:6.2f} ms")

    from intervensi.casefile import load_case
    from intervensi.report import render_report

    case = load_case(ROOT / "cases" / "pkh-s-2025.yaml")
    render_report(case, fmt="html", lang="id")  # warm: diagrams engine, templates
    for lang in ("en", "id"):
        t = time.perf_counter()
        for _ in range(5):
            render_report(case, fmt="html", lang=lang)
        print(f"HTML report of the reference case ({lang}): {(time.perf_counter() - t) / 5 * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
