"""A province's caseload as Parquet: the export of 10,000 cases replicated, queried with the documented joins.

    python benchmarks/bench_parquet.py --n 10000 --keep /tmp/pq10k      # the tables of 10,000 synthetic cases
    python benchmarks/bench_province.py /tmp/pq10k /tmp/province [--copies 150] [--districts 27]

Writes ``OUT/<table>/district-NN.parquet``: ``copies`` copies of every table (case ids made
unique: ``case-0000001~17``), spread over ``districts`` files per table — the layout a
province gets when each kabupaten runs ``intervensi export --format parquet`` and the files
are put side by side. The files are written with intervensi's own schema
(:func:`intervensi.export_parquet.schema`), so they are the files the export writes.

Then, in DuckDB: the queries of docs/how-to/analysis.md over ``read_parquet('OUT/<table>/*.parquet')``,
each run twice in a fresh connection (first and second run), with the rows they return; a
scan of the same folders with ``pyarrow.dataset`` (what Dask's ``read_parquet`` uses); and
Dask or PySpark themselves when they are installed (skipped otherwise, and said so).
Prints figures; no pass/fail. Figures measured: docs/scaling.md, "Parquet: a province in DuckDB".
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("cases", "sessions", "goals", "measurements", "history")


def replicate(src: Path, out: Path, copies: int, districts: int) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from intervensi.export_parquet import schema

    rows: dict[str, int] = {}
    if out.exists():
        shutil.rmtree(out)
    for table in TABLES:
        base = pq.read_table(src / f"{table}.parquet")
        assert base.schema.equals(schema(table)), f"{table}: not the schema intervensi writes"
        (out / table).mkdir(parents=True)
        rows[table] = 0
        per = -(-copies // districts)
        for d in range(districts):
            ks = range(d * per, min(copies, (d + 1) * per))
            if not ks:
                break
            with pq.ParquetWriter(out / table / f"district-{d + 1:02d}.parquet", base.schema, compression="zstd") as w:
                for k in ks:
                    ids = pc.binary_join_element_wise(base.column("case"), pa.scalar(f"~{k}"), "")
                    part = base.set_column(0, "case", ids)
                    w.write_table(part)
                    rows[table] += part.num_rows
    return rows


def doc_queries() -> list[str]:
    text = (ROOT / "docs" / "how-to" / "analysis.md").read_text("utf-8")
    return re.findall(r"^```sql\n(.*?)^```", text, re.M | re.S)


def run_duckdb(out: Path) -> None:
    import duckdb

    queries = doc_queries()
    views = queries[0]
    for table in TABLES:
        views = views.replace(f"'tables/{table}.parquet'", f"read_parquet('{out.as_posix()}/{table}/*.parquet')")
    names = ["sessions per case", "home visits per worker and month", "objective progress", "GAS T per case",
             "days per stage (window)", "open and overdue per worker"]
    print("DuckDB", duckdb.__version__, "(documented queries, fresh connection each; first run, second run)")
    for name, sql in zip(names, queries[1:], strict=True):
        times = []
        n = 0
        for _ in range(2):
            con = duckdb.connect()
            con.execute(views)
            t = time.perf_counter()
            n = con.sql(sql).to_arrow_table().num_rows  # the rows as an Arrow table: the query's time, not Python's row objects
            times.append(time.perf_counter() - t)
            con.close()
        print(f"  {name:34s} {times[0]:6.2f} s  {times[1]:6.2f} s  ({n} rows)")


def run_dataset(out: Path) -> None:
    import pyarrow.dataset as ds

    t = time.perf_counter()
    sessions = ds.dataset(out / "sessions", format="parquet").to_table(columns=["case", "date", "kind"])
    per_kind = sessions.group_by("kind").aggregate([("case", "count")])
    print(f"pyarrow.dataset: sessions folder read ({sessions.num_rows} rows, 3 columns) and counted by kind in "
          f"{time.perf_counter() - t:.2f} s; date column type: {sessions.schema.field('date').type} ({per_kind.num_rows} kinds)")


def run_dask(out: Path) -> None:
    try:
        import dask.dataframe as dd
    except ImportError:
        print("Dask: not installed here, skipped (dd.read_parquet('OUT/sessions/') reads the folder as it is)")
        return
    import dask

    t = time.perf_counter()
    sessions = dd.read_parquet(str(out / "sessions"))
    cases = dd.read_parquet(str(out / "cases"), columns=["case", "worker"])
    counts = sessions.groupby("kind").size().compute()
    mid = time.perf_counter()
    per_worker = sessions.merge(cases, on="case").groupby("worker").size().compute()
    print(f"Dask {dask.__version__}: {sessions.npartitions} partitions; sessions by kind in {mid - t:.2f} s ({len(counts)} kinds), "
          f"sessions joined to cases and counted per worker in {time.perf_counter() - mid:.2f} s ({len(per_worker)} workers); "
          f"date column dtype: {sessions.dtypes['date']}")


def run_spark(out: Path) -> None:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print("PySpark: not installed here, skipped (spark.read.parquet('OUT/sessions/') reads the folder as it is)")
        return
    spark = (SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    t = time.perf_counter()
    sessions = spark.read.parquet(str(out / "sessions"))
    cases = spark.read.parquet(str(out / "cases"))
    n = sessions.groupBy("kind").count().count()
    mid = time.perf_counter()
    workers = sessions.join(cases.select("case", "worker"), "case").groupBy("worker").count().count()
    history = spark.read.parquet(str(out / "history"))
    types = {f.name: f.dataType.simpleString() for f in [*sessions.schema.fields, *history.schema.fields]}
    print(f"PySpark {spark.version}: sessions by kind in {mid - t:.2f} s ({n} kinds), sessions joined to cases per worker in "
          f"{time.perf_counter() - mid:.2f} s ({workers} workers); types: date {types['date']}, at {types['at']}, n {types['n']}")
    spark.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tables", type=Path, help="a folder of intervensi's Parquet tables (export --format parquet)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--copies", type=int, default=150)
    ap.add_argument("--districts", type=int, default=27)
    ap.add_argument("--reuse", action="store_true", help="query OUT as it is when it exists (no new copies)")
    ap.add_argument("--readers-only", action="store_true",
                    help="only read OUT (already written) with pyarrow.dataset, Dask and PySpark: for a separate environment that has them")
    args = ap.parse_args()
    if args.readers_only:
        run_dataset(args.out)
        run_dask(args.out)
        run_spark(args.out)
        return
    if args.reuse and args.out.exists():
        print(f"reusing {args.out}")
    else:
        t = time.perf_counter()
        rows = replicate(args.tables, args.out, args.copies, args.districts)
        size = sum(p.stat().st_size for p in args.out.rglob("*.parquet"))
        print(f"{args.copies} copies in {args.districts} district files per table, written in {time.perf_counter() - t:.1f} s; "
              f"{size / 2**20:.0f} MB on disk")
        print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    run_duckdb(args.out)
    run_dataset(args.out)
    run_dask(args.out)
    run_spark(args.out)


if __name__ == "__main__":
    main()
