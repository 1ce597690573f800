"""intervensi.Cohort: lazy iteration, filters, summaries, the warm cache, parallel reading."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from intervensi.cache import RowCache
from intervensi.cohort import Cohort, where_matches

TODAY = dt.date(2025, 4, 1)


@pytest.fixture
def cohort_dir(tmp_path: Path, cases: Path) -> Path:
    """The bundled cases plus a broken file, in a sub-folder."""
    d = tmp_path / "caseload"
    shutil.copytree(cases, d / "a")
    (d / "b").mkdir()
    (d / "b" / "broken.yaml").write_text("schema_version: 1\nid: broken\nlevel: [\n", "utf-8")
    return d


def test_rows_and_summary(cohort_dir: Path) -> None:
    c = Cohort([cohort_dir], today=TODAY, cache=False)
    rows = list(c.rows())
    valid = [r for r in rows if r["valid"]]
    assert "pkh-s-2025" in {r["id"] for r in valid}
    bad = [r for r in rows if not r["valid"]]
    assert len(bad) == 1 and bad[0]["problems"][0]["key"] == "yaml_syntax"
    ref = next(r for r in valid if r["id"] == "pkh-s-2025")
    assert ref["stage"] == "closed" and ref["client"] == "S"
    assert ref["stage_days"]["intervention"] == 50
    s = c.summary()
    assert s["invalid"] == 1 and s["total"] == len(valid)
    assert s["per_stage"]["closed"] >= 1
    assert sum(s["per_stage"].values()) == s["total"]


def test_filters(cohort_dir: Path) -> None:
    c = Cohort(cohort_dir, today=TODAY, cache=False)
    assert "pkh-s-2025" in [r["id"] for r in c.filter(closed=True).rows()]
    assert all(r["closed"] for r in c.filter(closed=True).rows())
    assert all(r["stage"] != "closed" for r in c.filter(closed=False).rows())
    assert [x.id for x in c.filter(where="client.initials=S").cases()] == ["pkh-s-2025"]
    assert list(c.filter(level="macro", closed=True).rows()) == []
    micro = [x for x in c.filter(where="intervention.sessions.kind=home_visit", level="micro")]
    assert "pkh-s-2025" in {x.id for x in micro} and all(x.level == "micro" for x in micro)


def test_where_operators(reference: Path) -> None:
    from intervensi.casefile import load_case

    case = load_case(reference)
    assert where_matches(case, "client.age>=30")
    assert not where_matches(case, "client.age<30")
    assert where_matches(case, "engagement.contract.end<2025-06-01")
    assert where_matches(case, "client.region~humbang")
    assert where_matches(case, "worker.name")
    assert not where_matches(case, "client.phone")


def test_parallel_equals_serial(tmp_path: Path, reference: Path) -> None:
    d = tmp_path / "many"
    d.mkdir()
    text = reference.read_text("utf-8")
    for i in range(60):
        (d / f"c{i:03d}.yaml").write_text(text.replace("id: pkh-s-2025", f"id: c{i:03d}"), "utf-8")
    serial = list(Cohort(d, jobs=1, cache=False, today=TODAY).rows())
    parallel = list(Cohort(d, jobs=2, cache=False, today=TODAY).rows())
    assert serial == parallel and len(parallel) == 60 and all(r["valid"] for r in parallel)


def test_cache_is_used_and_never_trusted_over_files(cohort_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    c = Cohort(cohort_dir, today=TODAY, cache_dir=cache_dir)
    first = list(c.rows())
    db = cache_dir / "rows.sqlite"
    assert db.exists() and (os.stat(db).st_mode & 0o777) == 0o600
    assert list(c.rows()) == first
    # edit a file: the new stage is seen at once
    f = cohort_dir / "a" / "pkh-s-2025.yaml"
    f.write_text(f.read_text("utf-8").replace("title: Kemandirian", "title: Kemandirian!"), "utf-8")
    os.utime(f, ns=(1, 1))
    rows = list(c.rows())
    assert rows == first  # same summary, re-read
    # corrupt cache: rebuilt transparently
    db.write_bytes(b"not a database" * 100)
    assert list(c.rows()) == first


def test_cache_hits_counted(cohort_dir: Path, tmp_path: Path) -> None:
    from intervensi.cohort import iter_files, read_one

    cache = RowCache(tmp_path / "cache")
    files = list(iter_files([cohort_dir]))
    read = lambda fs: [read_one(f)[0] for f in fs]  # noqa: E731
    list(cache.rows(files, read))
    assert cache.misses == len(files)
    cache2 = RowCache(tmp_path / "cache")
    list(cache2.rows(files, read))
    assert cache2.hits == len(files) and cache2.misses == 0


def test_weekly_report_example_runs(cases: Path, tmp_path: Path) -> None:
    import csv
    import runpy

    script = Path(__file__).resolve().parents[1] / "docs" / "examples" / "weekly_report.py"
    ns = runpy.run_path(str(script))
    out = tmp_path / "weekly.csv"
    n = ns["weekly_report"](cases, out, today=dt.date(2025, 4, 1))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == n and n >= 1
    assert all(r["to_do"] for r in rows) and "pkh-s-2025" not in {r["case"] for r in rows}  # the closed case needs nothing


def test_agenda_from_the_library(cohort_dir: Path) -> None:
    from intervensi.cohort import agenda_items

    c = Cohort([cohort_dir], today=TODAY, cache=False)
    listed = {row["id"]: items for row, items in c.agenda(lang="id")}
    assert listed, "the bundled open cases need something on 2025-04-01"
    for row in c.rows(include_invalid=False):
        items = agenda_items(row, TODAY, 7, 14, "id")
        assert listed.get(row["id"], []) == items
        if row["closed"]:
            assert not items
