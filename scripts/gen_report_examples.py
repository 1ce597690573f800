#!/usr/bin/env python3
"""Render the example reports into docs/examples/ (both languages), with pictures.

    python scripts/gen_report_examples.py

Writes, from ``cases/pkh-s-2025.yaml`` (the reference casework case) and
``cases/kube-melati-2025.yaml`` (group work: members, attendance, its chart):

- ``docs/examples/report-<case>.en.html`` and ``.id.html``: the HTML report, exactly
  as ``intervensi report cases/<case>.yaml --lang en|id`` makes it, except that the
  "generated" date is the day of the case's last move, so the files change only when the
  report does;
- ``docs/examples/report-<case>.en.png`` and ``.id.png``: the first screen of each,
  as headless Chromium shows it (needs Chromium; skipped with a note without it);
- ``docs/examples/ab-chart-pencatatan.en.svg``: one AB chart, for docs/explanation/evaluation.md.

Run it again after changing a report template, the charts or the diagrams.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "pkh-s-2025.yaml"
CASES = [CASE, ROOT / "cases" / "kube-melati-2025.yaml"]
OUT = ROOT / "docs" / "examples"


def _show(p: Path) -> str:
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


def main() -> int:
    os.environ["INTERVENSI_LANG"] = "en"
    from intervensi.casefile import load_case
    from intervensi.charts import ab_chart_svg
    from intervensi.report import collect, render_text
    from intervensi.report.pdf import find_chromium

    OUT.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    for case_path, lang in ((c, lang) for c in CASES for lang in ("en", "id")):
        case = load_case(case_path)
        closed = max(h.at for h in case.history)
        data = collect(case, lang=lang)
        data.generated = closed.date() if hasattr(closed, "date") else closed
        path = OUT / f"report-{case.id}.{lang}.html"
        path.write_text(render_text(data, fmt="html"), encoding="utf-8")
        pages.append(path)
        print(f"wrote {_show(path)}")
        if lang == "en" and case_path == CASE:
            obj = next(o for o in data.ev.objectives if o.id == "pencatatan")
            chart = OUT / "ab-chart-pencatatan.en.svg"
            chart.write_text(ab_chart_svg(obj, lang="en"), encoding="utf-8")
            print(f"wrote {_show(chart)}")
    if find_chromium() is None:
        print("no Chromium: screenshots not made", file=sys.stderr)
        return 0
    from intervensi.report.browser import Browser, inspect_page

    with Browser() as b:
        for page in pages:
            seen = inspect_page(page, width=1024, height=1300, full_page=False, browser=b)
            if seen.errors:
                print(f"{page.name}: {seen.errors}", file=sys.stderr)
                return 1
            png = page.with_suffix(".png")
            png.write_bytes(seen.screenshot)
            print(f"wrote {_show(png)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
