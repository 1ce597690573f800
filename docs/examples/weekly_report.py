"""Weekly report of a caseload to CSV: one line per open case that needs a visit this week.

    python docs/examples/weekly_report.py cases/ weekly.csv

Uses exactly what `intervensi status` and `intervensi agenda` use: ``Cohort.rows`` and
``intervensi.cohort.agenda_items`` (``Cohort.agenda()`` gives both at once).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from intervensi import Cohort
from intervensi.cohort import agenda_items


def weekly_report(folder: Path, out: Path, today: dt.date | None = None) -> int:
    cohort = Cohort([folder], today=today).filter(closed=False)
    written = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["case", "client", "stage", "days_in_stage", "next_due", "to_do"])
        for row in cohort.rows(include_invalid=False):
            items = agenda_items(row, cohort.today, within=7, quiet_days=14, lang="en")
            if items:
                w.writerow([row["id"], row["client"], row["stage"], row["days_in_stage"], row["next_due"] or "", "; ".join(items)])
                written += 1
    print(cohort.summary()["per_stage"], file=sys.stderr)
    return written


if __name__ == "__main__":
    n = weekly_report(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{n} cases need a visit this week")
