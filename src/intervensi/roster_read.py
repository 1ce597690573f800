"""Reading a programme roster (xlsx, xls, ods, csv) into rows of cells named by field.

A roster is one table: a header row, then one row per family. :func:`read_roster` finds the
header row (the first of the top 20 rows naming at least two known columns; title rows
above it are skipped), maps each header to a field (:data:`HEADERS`, Indonesian and
English, or a mapping file, see :func:`load_mapping`) and returns a :class:`Table`.

Spreadsheets are read with python-calamine (xlsx, xlsm, xls, ods), values typed as the
spreadsheet holds them (text, float, date). CSV is read with the csv module after
decoding: UTF-8 (with or without a byte-order mark) or Windows-1252; a file mixing the two
is refused at the first cell that is not UTF-8. What is handled on the way:

* **merged cells**: a block merged down several rows gives its value to each row (a
  village written once for five families); a row that is only one cell merged across the
  table is a section heading (``RT 01``) and is skipped; a merged block in an identifier
  column (NIK, KK) is refused, since an identifier belongs to one family;
* **empty rows** are skipped and counted.

Errors are :class:`RosterError` (exit code 3) with ``line`` = the row and ``column`` = the
column number a spreadsheet program shows; no cell value is ever in a message.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CaseFileError, UsageError
from .roster_msgs import register as _register

_register()  # the words of RosterError, whoever raises it

#: Largest roster read (bytes): 10,000 families are about 3 MB of CSV.
MAX_BYTES = 200 * 1024 * 1024
SPREADSHEET = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
#: Fields an identifier: never merged, never a number.
ID_FIELDS = ("nik", "kk")

#: Each field and the headers that name it (compared folded: case, accents and punctuation ignored).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("nama", "nama kepala keluarga", "nama krt", "nama pengurus", "nama penerima", "nama kpm",
             "nama lengkap", "name", "full name", "head of household", "household head", "recipient", "recipient name"),
    "nik": ("nik", "nik pengurus", "nik kepala keluarga", "nik krt", "nik penerima", "nomor induk kependudukan",
            "national id", "national id number", "nin", "id number"),
    "kk": ("kk", "no kk", "nomor kk", "nomor kartu keluarga", "no kartu keluarga", "kartu keluarga", "no kk kpm",
           "family card", "family card number", "kk number", "family number"),
    "address": ("alamat", "alamat lengkap", "alamat rumah", "address", "home address"),
    "village": ("desa", "kelurahan", "desa kelurahan", "desa kel", "nama desa", "village"),
    "district": ("kecamatan", "kec", "district", "subdistrict", "sub district"),
    "members": ("anggota keluarga", "anggota rumah tangga", "art", "daftar anggota", "daftar anggota keluarga",
                "household members", "members", "family members"),
    "components": ("komponen", "komponen bantuan", "komponen pkh", "bantuan", "program", "program bantuan",
                   "benefit components", "components", "benefits", "programmes", "programs"),
    "sex": ("jenis kelamin", "jk", "l p", "sex", "gender"),
    "born": ("tanggal lahir", "tgl lahir", "tgl lhr", "date of birth", "birth date", "born", "dob"),
    "phone": ("no hp", "nomor hp", "no telepon", "nomor telepon", "telepon", "hp", "phone", "phone number", "mobile"),
    "case_id": ("id kasus", "case id"),
    "opened": ("tanggal terdaftar", "tanggal mulai", "tgl terdaftar", "terdaftar", "opened", "registered", "start date"),
}
REQUIRED = ("name", "kk")


class RosterError(CaseFileError):
    """A roster that cannot be read, or a row that cannot become a case (exit code 3).

    ``line`` is the row, ``column`` the column number (1-based, as a spreadsheet shows
    them); ``field`` the column's header; ``key`` one of the ``roster_*`` message keys
    (:data:`intervensi.roster_msgs.MESSAGES`). Never holds a cell's value.
    """

    key = "roster_unreadable"


def fold(text: str) -> str:
    """A header folded for comparison: ``No. KK`` → ``no kk``, ``Desa/Kelurahan`` → ``desa kelurahan``."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_ALIASES = {fold(h): f for f, hs in HEADERS.items() for h in hs}


def column_letter(col: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA`` (1-based)."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class Mapping:
    """How a roster's headers map to fields: ``columns`` field → header, plus where the table is."""

    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    source: Path | None = None


#: The settings a mapping file may hold.
MAPPING_KEYS = ("columns", "sheet", "header_row")


def load_mapping(path: Path | str) -> Mapping:
    """A mapping file, TOML (or YAML for a ``.yaml``/``.yml`` file): ``columns`` maps each field
    to the header in the roster; optional ``sheet`` and ``header_row``.

    Raises :class:`~intervensi.errors.UsageError` (``roster_mapping``) naming the file and
    the unknown field or wrong value (``roster_mapping_key`` for a setting other than
    :data:`MAPPING_KEYS`, such as a field written above ``[columns]``).
    """
    import tomllib

    from .fsafe import read_bytes

    path = Path(path)
    try:
        text = read_bytes(path, 1024 * 1024).decode("utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            from .yamlio import parse

            data = parse(text, path)  # the safe reader of case files: no tags, no aliases
        else:
            data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, CaseFileError) as exc:
        if isinstance(exc, CaseFileError) and exc.key in ("is_folder", "not_regular_read"):
            raise UsageError(exc.message, path=path, key=exc.key, params=exc.params) from None
        raise UsageError(str(exc), path=path, key="roster_mapping", params={"problem": "syntax"}) from None
    if not isinstance(data, dict):
        raise UsageError("not a table of settings", path=path, key="roster_mapping", params={"problem": "columns"})
    for name in data:  # `name = "Nama"` written above [columns] would otherwise be ignored without a word
        if name not in MAPPING_KEYS:
            raise UsageError(f"unknown setting {name}", path=path, field=str(name), key="roster_mapping_key",
                             params={"name": name, "known": ", ".join(MAPPING_KEYS)})
    cols = data.get("columns", {})
    if not isinstance(cols, dict):
        raise UsageError("[columns] is not a table", path=path, key="roster_mapping", params={"problem": "columns"})
    for name, header in cols.items():
        if name not in HEADERS:
            raise UsageError(f"unknown field {name}", path=path, field=name, key="roster_mapping_field",
                             params={"name": name, "known": ", ".join(HEADERS)})
        if not isinstance(header, str) or not header.strip():
            raise UsageError("a header is text", path=path, field=name, key="roster_mapping", params={"problem": "header"})
    sheet, row = data.get("sheet"), data.get("header_row")
    if (sheet is not None and not isinstance(sheet, str)) or (row is not None and (not isinstance(row, int) or row < 1)):
        raise UsageError("sheet is text, header_row a row number", path=path, key="roster_mapping", params={"problem": "options"})
    return Mapping({k: str(v) for k, v in cols.items()}, sheet, row, path)


@dataclass
class Table:
    """A roster read: ``rows`` of (row number, {field: value}) and what was seen on the way.

    ``columns`` maps each field to its 1-based column; ``headers`` field → header text;
    ``ignored`` the headers no field claims; ``skipped_empty`` / ``headings`` the rows left
    out as empty or as section headings; ``merged`` the merged blocks spread over their rows
    (A1 ranges); ``encoding`` for CSV.
    """

    path: Path
    sheet: str | None
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, Any]]]
    ignored: list[str] = field(default_factory=list)
    skipped_empty: int = 0
    headings: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    encoding: str | None = None
    spreadsheet: bool = True


def read_roster(path: Path | str, mapping: Mapping | None = None, sheet: str | None = None) -> Table:
    """Read ``path`` (xlsx, xlsm, xls, ods or csv) into a :class:`Table`.

    Raises :class:`RosterError` (a file that is not a roster, no header row, a required column
    missing, a merged identifier, a mixed-encoding CSV) and
    :class:`~intervensi.errors.NotFound` / :class:`~intervensi.errors.FileSystemError`.
    """
    from .errors import NotFound
    from .fsafe import read_bytes

    path = Path(path)
    mapping = mapping or Mapping()
    if not path.exists():
        raise NotFound("no such file", path=path, key="no_such_file")
    raw = read_bytes(path, MAX_BYTES)
    if path.suffix.lower() in SPREADSHEET or raw[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        grid, merges, sheet_name = _read_spreadsheet(path, raw, sheet or mapping.sheet)
        table = _table(path, grid, mapping, sheet_name, merges, spreadsheet=True)
    else:
        grid, encoding = _read_csv(path, raw)
        table = _table(path, grid, mapping, None, [], spreadsheet=False)
        table.encoding = encoding
    return table


# --------------------------------------------------------------------------- spreadsheets


def _read_spreadsheet(path: Path, raw: bytes, sheet: str | None) -> tuple[list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]], str]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        if sheet is not None:
            if sheet not in book.sheet_names:
                raise RosterError("no such sheet", path=path, key="roster_no_sheet", params={"sheet": sheet, "sheets": ", ".join(book.sheet_names)})
            ws = book.get_sheet_by_name(sheet)
        else:
            ws = book.get_sheet_by_index(0)
        grid = ws.to_python(skip_empty_area=False)
        merges = list(ws.merged_cell_ranges or [])
        return grid, merges, ws.name
    except RosterError:
        raise
    except Exception as exc:  # calamine raises its own errors, ValueError, OSError...: not a spreadsheet
        raise RosterError(f"not a spreadsheet calamine can read ({type(exc).__name__})", path=path, key="roster_unreadable") from None


# --------------------------------------------------------------------------- CSV

_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BAD = re.compile("[\udc80-\udcff]")


def _read_csv(path: Path, raw: bytes) -> tuple[list[list[Any]], str]:
    """Decode (UTF-8 with or without BOM, else Windows-1252; mixed refused) and split a CSV."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    if b"\x00" in raw[:4096]:
        raise RosterError("not a text file (UTF-16 or binary)", path=path, key="roster_unreadable")
    text = raw.decode("utf-8", errors="surrogateescape")
    grid = _split_csv(text)
    bad = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if _BAD.search(v)]
    if bad:
        if encoding == "utf-8-sig" or _UTF8_MULTI.search(raw):
            r, c = bad[0]
            where = _where_params(r + 1, c + 1, grid, None)
            raise RosterError("mixed encodings: this cell is not UTF-8 while the rest of the file is", path=path,
                              line=r + 1, column=c + 1, field=where["header"] or None, key="roster_mixed_encoding", params=where)
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise RosterError("neither UTF-8 nor Windows-1252", path=path, line=line, key="roster_encoding",
                              params={"row": line}) from None
        grid, encoding = _split_csv(text), "cp1252"
    return grid, encoding


def _split_csv(text: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _where_params(row: int, col: int, grid: list[list[Any]], header_row: int | None) -> dict[str, Any]:
    header = ""
    hr = header_row if header_row is not None else 1
    if 0 < hr <= len(grid) and col - 1 < len(grid[hr - 1]):
        header = str(grid[hr - 1][col - 1]).strip()
    if _BAD.search(header):
        header = ""
    return {"row": row, "col": column_letter(col), "header": header}


# --------------------------------------------------------------------------- the table


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _find_header(grid: list[list[Any]], mapping: Mapping) -> int:
    """0-based index of the header row."""
    if mapping.header_row is not None:
        return mapping.header_row - 1
    wanted = {fold(h) for h in mapping.columns.values()}
    for i, row in enumerate(grid[:20]):
        names = {fold(v) for v in row if isinstance(v, str) and v.strip()}
        if len([n for n in names if n in _ALIASES or n in wanted]) >= 2:
            return i
    return -1


def _table(path: Path, grid: list[list[Any]], mapping: Mapping, sheet: str | None,
           merges: list[tuple[tuple[int, int], tuple[int, int]]], *, spreadsheet: bool) -> Table:
    h = _find_header(grid, mapping)
    if h < 0 or h >= len(grid):
        raise RosterError("no header row", path=path, key="roster_no_header", params={"required": ", ".join(REQUIRED)})
    header = [str(v).strip() if not _empty(v) else "" for v in grid[h]]
    by_header = {fold(v): f for f, v in mapping.columns.items()}
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for c, text in enumerate(header):
        if not text:
            continue
        f = by_header.get(fold(text)) or (None if fold(text) in by_header else _ALIASES.get(fold(text)))
        if mapping.columns and fold(text) not in by_header and f in mapping.columns:
            f = None  # the mapping names another header for this field
        if f is None or f in columns:
            ignored.append(text)
            continue
        columns[f], headers[f] = c + 1, text
    for f, wanted in mapping.columns.items():
        if f not in columns:
            raise RosterError("a column named in the mapping is missing", path=path, line=h + 1, field=wanted,
                              key="roster_mapping_missing", params={"header": wanted, "row": h + 1})
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise RosterError("a required column is missing", path=path, line=h + 1, key="roster_missing_column",
                          params={"fields": ", ".join(missing), "row": h + 1})
    table = Table(path, sheet, h + 1, columns, headers, [], ignored, spreadsheet=spreadsheet)
    _spread_merges(table, grid, merges, h)
    width = max(columns.values())
    for r in range(h + 1, len(grid)):
        row = grid[r]
        if all(_empty(v) for v in row):
            table.skipped_empty += 1
            continue
        if r + 1 in table.headings:
            continue
        values = {f: (row[c - 1] if c - 1 < len(row) else None) for f, c in columns.items()}
        if all(_empty(v) for v in values.values()) and len(row) >= width:
            table.skipped_empty += 1  # text only in columns no field claims: nothing to import
            continue
        table.rows.append((r + 1, values))
    return table


def _spread_merges(table: Table, grid: list[list[Any]], merges: list[tuple[tuple[int, int], tuple[int, int]]], h: int) -> None:
    """Give a merged block's value to each of its rows; refuse merged identifiers; find heading rows."""
    id_cols = {table.columns[f]: f for f in ID_FIELDS if f in table.columns}
    data_cols = set(table.columns.values())
    for (r0, c0), (r1, c1) in merges:
        if r1 <= h or r0 >= len(grid):
            continue  # a title above the table or a merged header; or merged empty cells below the data
        r1 = min(r1, len(grid) - 1)
        where = f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"
        cols = set(range(c0 + 1, c1 + 2))
        if r0 == r1 and len(cols & data_cols) > 1 and all(_empty(v) for i, v in enumerate(grid[r0]) if i + 1 not in cols):
            table.headings.append(r0 + 1)  # one cell across the table: a section heading
            continue
        hit = sorted(cols & set(id_cols))
        if hit and (r1 > r0 or len(cols & data_cols) > 1):
            c = hit[0]
            raise RosterError("a merged cell in an identifier column", path=table.path, line=r0 + 1, column=c,
                              field=table.headers[id_cols[c]], key="roster_merged_id",
                              params={"row": r0 + 1, "col": column_letter(c), "header": table.headers[id_cols[c]], "range": where})
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(max(r0, h + 1), r1 + 1):
            row = grid[r]
            for c in range(c0, c1 + 1):
                while len(row) <= c:
                    row.append("")
                row[c] = value
        table.merged.append(where)


__all__ = ["HEADERS", "Mapping", "RosterError", "Table", "column_letter", "fold", "load_mapping", "read_roster"]
