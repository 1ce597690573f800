"""``export --format parquet -o DIR``: one typed Parquet file per table (the logic is in :mod:`intervensi.export_parquet`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import CATALOG
from ._common import STATE, emit_json, msg, say

if TYPE_CHECKING:
    from ..export import CaseSource
    from ..export_parquet import ParquetResult

MESSAGES: dict[str, dict[str, str]] = {
    "msg.exported_parquet": {"en": "{rows} rows in {files} Parquet files written to {out}: {tables}.",
                             "id": "{rows} baris dalam {files} berkas Parquet ditulis ke {out}: {tables}."},
}
CATALOG.update(MESSAGES)


def check_parquet_output(output: Path | None, table: str | None) -> None:
    """Refuse, before anything is read: no pyarrow (exit 4), no folder given or a file in its place (exit 2), an unknown table."""
    from ..errors import UsageError
    from ..export import TABLES
    from ..export_parquet import _pyarrow
    from ..fsafe import check_target

    _pyarrow()
    if output is None:
        raise UsageError("--format parquet needs --output DIR", key="parquet_needs_folder")
    if table is not None and table not in TABLES:
        raise UsageError(f"--table {table}", key="usage", params={"problem": f"--table: {', '.join(TABLES)}"})
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        check_target(output)  # a link or a FIFO: its own error (exit 9)
        raise UsageError("--format parquet needs a folder", key="parquet_needs_folder")


def write_parquet(cohort: CaseSource, output: Path | None, *, table: str | None, anonymize: Any, research: bool,
                  progress: Any, on_row: Any) -> ParquetResult:
    """Write the tables, the researcher summary (``summary.json``), and say what was written."""
    from ..export_parquet import export_parquet

    assert output is not None  # checked by check_parquet_output
    result = export_parquet(cohort, output, tables=[table] if table else None, anonymize=anonymize, research=research,
                            progress=progress, on_row=on_row)
    if research:
        from ..jsonsafe import dumps
        from ..store import write_output

        write_output(output / "summary.json", dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", kind="export")
    if STATE.json:
        emit_json("export", {"path": str(output), "format": "parquet", **result.to_dict()})
    else:
        tables = ", ".join(f"{t} {n}" for t, n in result.rows.items())
        say(msg("msg.exported_parquet", rows=sum(result.rows.values()), files=len(result.files), out=output, tables=tables))
    return result


__all__ = ["check_parquet_output", "write_parquet"]
