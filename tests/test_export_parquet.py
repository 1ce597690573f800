"""``export --format parquet``: typed tables read back by DuckDB, with the joins of docs/how-to/analysis.md (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import ROOT
from fixtures.helpers import wide_console  # noqa: F401

ANALYSIS = ROOT / "docs" / "how-to" / "analysis.md"
TABLES = ("cases", "sessions", "goals", "measurements", "history")


def doc_queries() -> list[str]:
    """The SQL blocks of the how-to, in order (the first names the files as views)."""
    return re.findall(r"^```sql\n(.*?)^```", ANALYSIS.read_text("utf-8"), re.M | re.S)


def connect(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(doc_queries()[0].replace("'tables/", f"'{folder.as_posix()}/"))
    return con


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@pytest.fixture
def tables(run, cases: Path, tmp_path: Path) -> Path:
    out = tmp_path / "tables"
    r = run("export", cases, "--format", "parquet", "-o", out)
    assert r.exit_code == 0, r.output
    return out


def test_one_typed_file_per_table(tables: Path) -> None:
    assert sorted(p.name for p in tables.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    con = duckdb.connect()
    types = {t: {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{tables / t}.parquet'").fetchall()} for t in TABLES}
    assert types["cases"]["opened"] == "DATE" and types["cases"]["next_due"] == "DATE" and types["cases"]["age"] == "BIGINT"
    assert types["cases"]["closed"] == "BOOLEAN" and types["cases"]["case"] == "VARCHAR"
    assert types["sessions"]["date"] == "DATE" and types["sessions"]["minutes"] == "BIGINT" and types["sessions"]["goals"] == "VARCHAR"
    assert types["goals"]["due"] == "DATE" and types["goals"]["target"] == "DOUBLE" and types["goals"]["attainment"] == "BIGINT"
    assert types["measurements"]["value"] == "DOUBLE"
    assert types["history"]["at"] == "TIMESTAMP WITH TIME ZONE" and types["history"]["forced"] == "BOOLEAN"
    # the values are those of the case files: the reference case's sessions, dates as dates
    dates = [r[0] for r in con.execute(f"SELECT date FROM '{tables}/sessions.parquet' WHERE \"case\" = 'pkh-s-2025' ORDER BY n").fetchall()]
    assert dates[0] == dt.date(2025, 3, 10) and len(dates) == 8
    # the same columns as the csv export
    from intervensi.export import TABLES as COLUMNS

    for t in TABLES:
        assert list(types[t]) == COLUMNS[t]


def test_documented_joins_run_and_agree_with_the_cases(tables: Path) -> None:
    con = connect(tables)
    q = doc_queries()
    assert len(q) == 7
    per_case = {r["case"]: r for r in rows(con, q[1])}
    assert per_case["pkh-s-2025"]["sessions"] == 8 and per_case["pkh-s-2025"]["first_session"] == dt.date(2025, 3, 10)
    assert per_case["lansia-t-2026"]["sessions"] == 0  # a case without sessions is kept by the LEFT JOIN
    visits = rows(con, q[2])
    assert visits and all(r["home_visits"] > 0 for r in visits)
    progress = {(r["case"], r["objective"]): r for r in rows(con, q[3])}
    assert progress[("pkh-s-2025", "pencatatan")]["progress_pct"] == 100
    gas = {r["case"]: r["gas_t"] for r in rows(con, q[4])}
    from intervensi.evaluation import gas_t_score

    assert gas["pkh-s-2025"] == round(gas_t_score([1, 1], [2, 1]) or 0, 1)  # the same T-score as `evaluate`
    stages = {r["stage"]: r for r in rows(con, q[5])}
    assert "engagement" in stages and all(r["median_days"] >= 0 for r in stages.values())
    workers = rows(con, q[6])
    assert sum(r["open_cases"] for r in workers) == 5  # six bundled cases, one closed


def test_anonymised_parquet_joins_on_pseudonyms_and_holds_no_name(run, cases: Path, tmp_path: Path, tables: Path) -> None:
    out = tmp_path / "anon"
    r = run("export", cases, "--format", "parquet", "-o", out, "--anonymize")
    assert r.exit_code == 0, r.output
    assert "anonymised:" in r.stderr
    con = connect(out)
    plain = connect(tables)
    q = doc_queries()
    anon_counts = sorted(r["sessions"] for r in rows(con, q[1]))
    assert anon_counts == sorted(r["sessions"] for r in rows(plain, q[1]))  # the joins hold on pseudonyms
    ids = {r[0] for r in con.execute("SELECT \"case\" FROM cases UNION SELECT \"case\" FROM sessions UNION SELECT \"case\" FROM history").fetchall()}
    assert all(i.startswith("Kasus-") for i in ids)
    text = " ".join(str(v) for t in TABLES for row in con.execute(f"SELECT * FROM {t}").fetchall() for v in row)
    for secret in ["pkh-s-2025", "lansia-t-2026", "Bapak T", "kube-melati"]:
        assert secret not in text
    # the same anonymised rows as the jsonl export of the same workspace (same pseudonyms, same scrubbed text)
    for table in ("cases", "sessions"):
        r = run("export", cases, "--anonymize", "--format", "jsonl", "--table", table)
        expected = sorted((d["case"], d.get("n"), d.get("title"), d["client"] if table == "cases" else None)
                          for d in map(json.loads, r.stdout.splitlines()))
        got = sorted((d["case"], d.get("n"), d.get("title"), d["client"] if table == "cases" else None) for d in rows(con, f"SELECT * FROM {table}"))
        assert got == expected


def test_research_parquet_has_months_and_bands(run, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "research"
    r = run("export", cases, "--format", "parquet", "-o", out, "--research", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["format"] == "parquet" and data["research"] is True and data["table_rows"]["cases"] == 6
    assert json.loads((out / "summary.json").read_text("utf-8"))["k"] == data["k"]
    con = duckdb.connect()
    opened = [r[0] for r in con.execute(f"SELECT opened FROM '{out}/cases.parquet'").fetchall()]
    assert all(re.fullmatch(r"\d{4}-\d{2}", o) for o in opened)
    ages = {r[0] for r in con.execute(f"SELECT age FROM '{out}/cases.parquet' WHERE age IS NOT NULL").fetchall()}
    assert ages and all(re.fullmatch(r"\d+-\d+|80\+", a) for a in ages)


def test_one_table_and_replacing_an_earlier_export(run, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "t"
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine", "utf-8")
    assert run("export", cases, "--format", "parquet", "-o", out, "--table", "sessions").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "sessions.parquet"]
    assert run("export", cases, "--format", "parquet", "-o", out, "--table", "sessions").exit_code == 0
    assert keep.read_text("utf-8") == "mine"
    r = run("export", cases, "--format", "parquet", "-o", out, "--table", "nonsense")
    assert r.exit_code == 2


def test_parquet_needs_a_folder(run, cases: Path, tmp_path: Path) -> None:
    r = run("export", cases, "--format", "parquet")
    assert r.exit_code == 2 and "--output" in r.stderr
    f = tmp_path / "file.parquet"
    f.write_bytes(b"x")
    r = run("export", cases, "--format", "parquet", "-o", f)
    assert r.exit_code == 2 and f.read_bytes() == b"x"


def test_without_pyarrow_a_clear_message_and_exit_4(run, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    out = tmp_path / "tables"
    r = run("export", cases, "--format", "parquet", "-o", out)
    assert r.exit_code == 4
    assert "pip install 'intervensi[parquet]'" in r.stderr and "Traceback" not in r.output
    assert not out.exists()
    r = run("--lang", "id", "export", cases, "--format", "parquet", "-o", out)
    assert r.exit_code == 4 and "belum terpasang" in r.stderr


def test_unreadable_file_is_named_and_the_rest_exported(run, cases: Path, tmp_path: Path) -> None:
    (cases / "rusak.yaml").write_text("schema_version: 1\nid: rusak\nlevel: [\n", "utf-8")
    out = tmp_path / "tables"
    r = run("export", cases, "--format", "parquet", "-o", out)
    assert r.exit_code == 3 and "rusak.yaml" in r.stderr
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}/cases.parquet'").fetchone() == (6,)


def test_control_characters_and_non_finite_values(tmp_path: Path) -> None:
    """Text as in jsonl (control characters made spaces); nothing that is not a value of the column's type."""
    from intervensi.export_parquet import _value

    assert _value("string", "a\x0bb") == "a b"
    assert _value("double", float("inf")) is None and _value("int64", True) is None
    assert _value("date", dt.datetime(2026, 1, 1, 10, 0)) is None
    moment = _value("timestamp", dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    assert moment == dt.datetime(2026, 1, 1, 3, 0, tzinfo=dt.UTC)


def test_the_export_modules_do_not_import_the_cohort() -> None:
    """Imports run one way, cohort → export: the export modules name a CaseSource, never the cohort module
    (not even for type checking), so no import circle joins them."""
    import ast

    for name in ("export.py", "export_parquet.py", "agenda_ics.py"):
        tree = ast.parse((ROOT / "src" / "intervensi" / name).read_text("utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
        assert not {m for m in imported if m.split(".")[-1] == "cohort"}, name


def test_a_link_in_place_of_a_table_writes_nothing(run, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    out.mkdir()
    target = tmp_path / "precious.bin"
    target.write_bytes(b"precious")
    (out / "history.parquet").symlink_to(target)
    r = run("export", cases, "--format", "parquet", "-o", out)
    assert r.exit_code == 9 and target.read_bytes() == b"precious"
    assert sorted(p.name for p in out.iterdir()) == ["history.parquet"]  # no table written before the refusal


# --------------------------------------------------------------------------- field cases (shared/data/field-cases)

FIELD = Path(__file__).parent / "fixtures" / "field-cases"


def _field(tmp_path: Path, name: str) -> Path:
    import shutil

    dest = tmp_path / "field"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIELD / name, dest / name)
    return dest


def test_control_characters_and_formula_text_read_as_in_jsonl(run, tmp_path: Path) -> None:
    """The same text as the jsonl export: control characters made spaces, a leading = kept as typed (Parquet has types)."""
    for name, expected in (("xlsx-ctrl.yaml", ["Kunjungan rumah"]), ("xlsx-formula.yaml", ["== Rapat evaluasi ==", "=1+2"])):
        folder = _field(tmp_path / name, name)
        out = tmp_path / name / "tables"
        r = run("export", folder, "--format", "parquet", "-o", out)
        assert r.exit_code == 0, r.output
        titles = [t for (t,) in duckdb.connect().execute(f"SELECT title FROM '{out}/sessions.parquet' ORDER BY n").fetchall()]
        assert titles == expected
        jsonl = run("export", folder, "-t", "sessions", "-f", "jsonl")
        assert titles == [json.loads(line)["title"] for line in jsonl.stdout.splitlines()]


def test_two_files_with_one_case_id_stay_two_cases(run, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "dup"
    shutil.copytree(FIELD / "dup-ids", folder)
    out = tmp_path / "tables"
    r = run("export", folder / "a", folder / "b", "--format", "parquet", "-o", out, "--anonymize")
    assert r.exit_code == 0, r.output
    assert "used by 2 different files" in r.stderr
    ids = [i for (i,) in duckdb.connect().execute(f"SELECT \"case\" FROM '{out}/cases.parquet'").fetchall()]
    assert len(ids) == 2 and len(set(ids)) == 2  # two clients, two pseudonyms: keys never merge them
