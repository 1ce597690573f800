"""The export as Apache Parquet: one file per table, typed columns, for DuckDB, pandas, Polars, R, Spark or Dask.

``export --format parquet -o DIR`` writes ``DIR/cases.parquet``, ``sessions.parquet``,
``goals.parquet``, ``measurements.parquet`` and ``history.parquet`` — the tables and
columns of :data:`intervensi.export.TABLES`, read in one pass over the cohort. Each
column has one type whatever the cases (:func:`schema`): text as ``string``, counts as
``int64``, numbers as ``double``, flags as ``bool``, dates as ``date32`` (a date, not a
text), the history's moments as ``timestamp[us, tz=UTC]``; an empty value is a null.
A researcher export (``research``) cuts dates to the month and ages to ten-year bands:
those columns are then text (``2026-03``, ``30-39``).

Text is written as in JSON lines: control characters become spaces
(:func:`intervensi.export.plain_text`); a Parquet file is not a spreadsheet, so no
``'`` is put before a leading ``=``. Rows go to the files in row groups of
:data:`BATCH` rows, so memory holds one batch per table and the compressed files
(zstd). Each file is written atomically (:func:`intervensi.store.write_output`).

pyarrow is the optional extra ``parquet`` (``pip install 'intervensi[parquet]'``);
without it :class:`ParquetMissing` (exit 4, key ``parquet_missing``) says so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NotFound
from .export import TABLES, plain_text

if TYPE_CHECKING:
    from .export import CaseSource

#: Rows per row group (and per batch held in memory, per table).
BATCH = 64_000
#: The type of every column that is not text (text: ``string``).
TYPES: dict[str, str] = {
    "age": "int64", "closed": "bool", "opened": "date", "entered_stage": "date", "days_in_stage": "int64",
    "next_due": "date", "gate_ready": "bool", "needs": "int64", "goals": "int64", "sessions": "int64",
    "last_session": "date", "measurements": "int64", "n": "int64", "date": "date", "minutes": "int64",
    "attendance": "int64", "weight": "double", "baseline": "double", "target": "double", "due": "date",
    "latest": "double", "attainment": "int64", "value": "double", "at": "timestamp", "forced": "bool",
}
#: Columns that are counted, not measured, in tables where the name means a list elsewhere.
_TEXT_IN = {("sessions", "goals"), ("goals", "needs")}
#: What a researcher export makes of a typed column (see :mod:`intervensi.anon_research`).
_RESEARCH = {"date": "string", "timestamp": "string"}

MESSAGES: dict[str, dict[str, str]] = {
    "err.parquet_missing": {
        "en": "Parquet needs pyarrow, which is not installed: pip install 'intervensi[parquet]' (nothing was written)",
        "id": "Parquet memerlukan pyarrow, yang belum terpasang: pip install 'intervensi[parquet]' (tidak ada yang ditulis)",
    },
    "err.parquet_needs_folder": {
        "en": "--format parquet writes one file per table: give a folder with --output DIR",
        "id": "--format parquet menulis satu berkas per tabel: sebutkan folder dengan --output FOLDER",
    },
}


def _register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()


class ParquetMissing(NotFound):
    """pyarrow (the extra ``parquet``) is not installed: exit 4, as for a missing PDF engine."""

    key = "parquet_missing"


def column_type(table: str, column: str, research: bool = False) -> str:
    """``string``, ``int64``, ``double``, ``bool``, ``date`` or ``timestamp`` (UTC, microseconds)."""
    kind = "string" if (table, column) in _TEXT_IN else TYPES.get(column, "string")
    if research:
        if column == "age":
            return "string"
        kind = _RESEARCH.get(kind, kind)
    return kind


def schema(table: str, research: bool = False) -> Any:
    """The ``pyarrow.Schema`` of ``table`` (raises :class:`ParquetMissing` without pyarrow)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "timestamp": pa.timestamp("us", tz="UTC")}
    return pa.schema([pa.field(c, types[column_type(table, c, research)]) for c in TABLES[table]])


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # the writer: a separate module, missing from some builds
    except ImportError:
        _register()
        raise ParquetMissing("Parquet needs pyarrow: pip install 'intervensi[parquet]'") from None
    return pa


def _value(kind: str, v: Any) -> Any:
    """One cell in the column's type (a non-finite number or a wrong type becomes null)."""
    if v is None:
        return None
    if kind == "string":
        return plain_text(v if isinstance(v, str) else str(v))
    if kind == "timestamp":
        return v.astimezone(dt.UTC) if isinstance(v, dt.datetime) else None
    if kind == "date":
        return v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else None
    if kind == "double":
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None
    if kind == "int64":
        return int(v) if isinstance(v, int) and not isinstance(v, bool) else None
    if kind == "bool":
        return bool(v)
    return v


class _TableWriter:
    """Rows of one table, batched into row groups of a Parquet file held in memory."""

    def __init__(self, table: str, research: bool) -> None:
        pa = _pyarrow()
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = schema(table, research)
        self.kinds = [column_type(table, c, research) for c in TABLES[table]]
        self.columns = TABLES[table]
        self.buffer = pa.BufferOutputStream()
        self.writer = pq.ParquetWriter(self.buffer, self.schema, compression="zstd")
        self.pending: list[list[Any]] = [[] for _ in self.columns]
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        for i, (c, kind) in enumerate(zip(self.columns, self.kinds, strict=True)):
            self.pending[i].append(_value(kind, row.get(c)))
        self.count += 1
        if len(self.pending[0]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending[0]:
            arrays = [self.pa.array(col, type=f.type) for col, f in zip(self.pending, self.schema, strict=True)]
            self.writer.write_batch(self.pa.RecordBatch.from_arrays(arrays, schema=self.schema))
            self.pending = [[] for _ in self.columns]

    def close(self) -> bytes:
        self.flush()
        self.writer.close()
        return bytes(self.buffer.getvalue().to_pybytes())


@dataclass
class ParquetResult:
    """What :func:`export_parquet` wrote: ``files`` (table → path), ``rows`` (table → rows), and as :class:`~intervensi.export.ExportResult`."""

    files: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    anonymised: bool = False
    research: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    k: int | None = None
    small_groups: int = 0
    small_group_cases: int = 0

    def to_dict(self) -> dict[str, Any]:
        from .export import ExportResult

        base = ExportResult(sum(self.rows.values()), self.anonymised, self.research, self.counts, self.k,
                            self.small_groups, self.small_group_cases).to_dict()
        return {**base, "files": self.files, "table_rows": self.rows}


def export_parquet(
    cohort: CaseSource,
    folder: Path | str,
    *,
    tables: list[str] | None = None,
    anonymize: bool | Any = False,
    research: bool = False,
    progress: Callable[[int], None] | None = None,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> ParquetResult:
    """Write every table (or ``tables``) of ``cohort`` as ``folder/<table>.parquet``: :class:`ParquetResult`.

    ``anonymize``, ``research`` and ``on_row`` as for :func:`intervensi.export.export_table`
    (the cohort is read once, twice when anonymising). Raises :class:`ParquetMissing`
    without pyarrow (before anything is read or written), and the errors of
    :func:`intervensi.store.write_output` (an existing file that is not ``.parquet``, a
    link in the way: nothing replaced). Files are written only after every case was read.
    """
    from .anon_research import generalise, group_key, smallest_group
    from .errors import UsageError
    from .fsafe import check_target

    tables = list(tables or TABLES)
    for t in tables:
        if t not in TABLES:
            raise UsageError(f"unknown table '{t}' (one of {', '.join(TABLES)})", key="usage", params={"problem": f"--table {t}"})
        check_target(Path(folder) / f"{t}.parquet")  # a link or a folder in the way: refused before any file is written
    writers = {t: _TableWriter(t, research) for t in tables}
    anon = None
    if anonymize or research:
        from .anonymize import Anonymizer

        anon = anonymize if isinstance(anonymize, Anonymizer) else Anonymizer(research=research)
        anon.research = anon.research or research
        anon.know(cohort.cases())
    from .export import table_rows

    keys: list[tuple[str, str, str]] = []
    for row, case in cohort.pairs(progress, invalid=on_row is not None):
        if on_row is not None:
            on_row(row)
        if case is None:
            continue
        if anon is not None:
            case, _ = anon.case(case, cohort.today)
        if research:
            c = case.client
            keys.append(group_key(c.age, c.region, c.sex.value if c.sex else None))
        for t, w in writers.items():
            for r in table_rows(case, t, cohort.today, anonymized=anon is not None):
                w.write(generalise(r) if research else r)
    from .store import write_output

    folder = Path(folder)
    result = ParquetResult(anonymised=anon is not None, research=research, counts={k: v for k, v in (anon.counts if anon else {}).items() if v})
    for t, w in writers.items():
        path = folder / f"{t}.parquet"
        write_output(path, w.close(), kind="export")
        result.files[t] = str(path)
        result.rows[t] = w.count
    if research:
        result.k, result.small_groups, result.small_group_cases = smallest_group(keys)
    return result


__all__ = ["BATCH", "ParquetMissing", "ParquetResult", "column_type", "export_parquet", "schema"]
