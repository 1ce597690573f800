"""The warm cache: summary rows of case files that have not changed since the last run.

Each row is keyed by the file's absolute path and stored with its size, ``mtime_ns`` and
inode; a row is used only when all three still match what ``stat`` says now, so the
files are always the truth (an edited, replaced or touched file is read again).

Coarse clocks: FAT and exFAT keep modification times to 2 seconds, so an edit within
the same 2 s and of the same size leaves ``stat`` unchanged. A file whose ``mtime`` was
within :data:`RACY_NS` of the clock when its row was stored, or later than the clock
("racy", as git calls it), gets the hash of its content stored too, taken *before* it
was parsed; such a row is used only while the content still has that hash.

Every row read back is checked (:func:`row_ok`: the fields ``status`` and ``agenda``
use, with their types and ISO dates); a row of the wrong shape is read from the file
again, never served. The cache is an SQLite file ``.intervensi-cache/rows.sqlite``
beside ``intervensi.toml`` (or inside the first cohort folder when there is no
workspace), created 0600 in a 0700 folder, never through a symbolic link (a link in
its place is removed, a linked folder is not used). A missing, stale or corrupt cache
is rebuilt without a word; a cache that cannot be written (read-only folder) is simply
not used.

Rows are looked up in batches in file order, so memory stays flat however many files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .vocab import Stage

CACHE_DIR = ".intervensi-cache"
CACHE_FILE = "rows.sqlite"
#: Bump when the shape of a summary row changes: old caches are then dropped.
ROW_VERSION = 4
BATCH = 1024
#: Files modified this close to the clock when their row was stored get a content hash:
#: more than the 2 s of FAT/exFAT, with room for a clock that is a little off.
RACY_NS = 3_000_000_000

Row = dict[str, Any]
Sig = tuple[int, int, int]


def default_dir(paths: Iterable[Path]) -> Path:
    """Where the cache lives: beside the workspace's intervensi.toml, else in the first folder."""
    from .config import find_config

    cfg = find_config()
    if cfg is not None:
        return cfg.parent / CACHE_DIR
    for p in paths:
        p = Path(p)
        return (p if p.is_dir() else p.parent) / CACHE_DIR
    return Path(CACHE_DIR)


class RowCache:
    """Summary rows keyed by (path, size, mtime_ns, inode)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILE
        self.db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_paths(cls, paths: Iterable[Path], directory: Path | None = None) -> RowCache:
        return cls(directory or default_dir(list(paths)))

    # -- storage ----------------------------------------------------------------------

    def open(self) -> sqlite3.Connection | None:
        if self.db is not None:
            return self.db
        from .errors import IntervensiError
        from .fsafe import make_dirs

        if os.path.islink(self.directory):
            return None  # a linked cache folder could send rows anywhere: do without
        try:
            make_dirs(self.directory, 0o700)
            if not self._files_ok():
                self._drop()  # removes a planted link itself, never its target
            self._create()
            self.db = self._connect()
        except (OSError, sqlite3.Error, IntervensiError):
            self._drop()
            try:
                self._create()
                self.db = self._connect()
            except (OSError, sqlite3.Error, IntervensiError):
                self.db = None
        return self.db

    def _files_ok(self) -> bool:
        """The database and its -wal/-shm companions are regular files or absent (no links)."""
        for suffix in ("", "-wal", "-shm"):
            try:
                st = os.lstat(self.directory / (CACHE_FILE + suffix))
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(st.st_mode):
                return False
        return True

    def _create(self) -> None:
        from .fsafe import open_private

        os.close(open_private(self.path, os.O_CREAT | os.O_WRONLY, 0o600))

    def _connect(self) -> sqlite3.Connection:
        from urllib.parse import quote

        # nofollow=1: SQLite itself refuses a database that is a symbolic link.
        db = sqlite3.connect(f"file:{quote(str(self.path.absolute()))}?nofollow=1", uri=True, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        got = db.execute("SELECT v FROM meta WHERE k='row_version'").fetchone()
        if got is None or got[0] != str(ROW_VERSION):
            db.execute("DROP TABLE IF EXISTS rows")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('row_version', ?)", (str(ROW_VERSION),))
        db.execute(
            "CREATE TABLE IF NOT EXISTS rows (path TEXT PRIMARY KEY, size INT, mtime INT, ino INT, row TEXT, digest TEXT)"
        )
        # integrity: a corrupt file raises here and is rebuilt by open()
        db.execute("SELECT count(*) FROM rows LIMIT 1").fetchone()
        return db

    def _drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                (self.directory / (CACHE_FILE + suffix)).unlink()  # unlink never follows a link
            except OSError:
                pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def clear(self) -> None:
        self.close()
        self._drop()

    # -- lookups ----------------------------------------------------------------------

    def rows(self, files: Iterable[Path | str], read: Callable[[list[Path | str]], Iterable[Row]]) -> Iterator[Row]:
        """Rows for ``files`` in order: cached when unchanged, else ``read`` (and stored)."""
        db = self.open()
        batch: list[tuple[Path | str, str, Sig | None]] = []
        try:
            for f in files:
                batch.append((f, _key(f), _sig(f)))
                if len(batch) >= BATCH:
                    yield from self._batch(db, batch, read)
                    batch = []
            if batch:
                yield from self._batch(db, batch, read)
        finally:
            self.close()

    def _batch(self, db: sqlite3.Connection | None, batch: list[tuple[Path | str, str, Sig | None]], read: Callable[[list[Path | str]], Iterable[Row]]) -> Iterator[Row]:
        known: dict[str, tuple[Sig, str, str | None]] = {}
        if db is not None:
            keys = [k for _, k, _ in batch]
            try:
                q = "SELECT path, size, mtime, ino, row, digest FROM rows WHERE path IN ({})".format(",".join("?" * len(keys)))
                for path, size, mtime, ino, row, dig in db.execute(q, keys):
                    known[path] = ((size, mtime, ino), row, dig)
            except sqlite3.Error:
                db = None
        out: list[Row | None] = []
        missing: list[int] = []
        for i, (f, key, sig) in enumerate(batch):
            hit = known.get(key)
            if sig is not None and hit is not None and hit[0] == sig:
                cached = _decode(hit[1])
                if cached is not None and (hit[2] is None or hit[2] == _content_digest(f)):
                    cached["path"] = str(f)
                    out.append(cached)
                    self.hits += 1
                    continue
            out.append(None)
            missing.append(i)
        if missing:
            self.misses += len(missing)
            # A file modified within the clock's granularity of now: hash it before it is read.
            now = time.time_ns()
            digests = {
                i: _content_digest(batch[i][0]) for i in missing if batch[i][2] is not None and now - batch[i][2][1] < RACY_NS  # type: ignore[index]
            }
            fresh = list(read([batch[i][0] for i in missing]))
            store: list[tuple[str, int, int, int, str, str | None]] = []
            for i, row in zip(missing, fresh, strict=True):
                out[i] = row
                sig = batch[i][2]
                dig = digests.get(i)
                if i in digests and dig is None:
                    continue  # racy and its content could not be hashed: do not cache it
                # Re-stat after reading: a file changed meanwhile is not cached.
                if sig is not None and sig == _sig(batch[i][0]) and row_ok(row):
                    store.append((batch[i][1], *sig, json.dumps(row, ensure_ascii=False), dig))
            if db is not None and store:
                try:
                    db.executemany("INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?,?)", store)
                except sqlite3.Error:
                    pass
        for row in out:
            assert row is not None
            yield row


def _decode(text: Any) -> Row | None:
    """A cached row, or ``None`` when it is not JSON or not of the shape :func:`row_ok` wants."""
    try:
        row = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    return row if row_ok(row) else None


_STR = (str,)
_OPT = (str, type(None))
_DATES = ("entered", "opened")
_OPT_DATES = ("next_due", "last_session", "contract_end", "contract_review", "evaluation_due")
_TYPES: dict[str, tuple[type, ...]] = {
    "id": _STR, "level": _STR, "practice": _STR, "client_kind": _STR, "stage": _STR, "closed": (bool,),
    "next_stage": _OPT, "gate_ready": (bool,), "unmet": (list,), "next_due_what": _OPT, "worker": _OPT,
    "client": _OPT, "sessions": (int,), "stage_days": (dict,), "tags": (list,),
    **{k: _STR for k in _DATES}, **{k: _OPT for k in _OPT_DATES},
}


def row_ok(row: Any) -> bool:
    """Whether ``row`` has the shape of a summary row (:func:`intervensi.cohort.summary_row`).

    A valid row: every field of the summary with its JSON type, dates in ISO form, a known
    stage, ``unmet`` and ``tags`` lists of strings, ``stage_days`` a mapping of stage to
    whole days. An invalid row: ``valid`` false and a list of problem mappings.
    """
    if type(row) is not dict:
        return False
    valid = row.get("valid")
    if valid is False:
        problems = row.get("problems")
        return type(problems) is list and all(type(p) is dict for p in problems)
    if valid is not True:
        return False
    try:
        for key, types in _TYPES.items():
            if type(row[key]) not in types:  # exact types: a bool is not an int here
                return False
        for key in _DATES:
            _date(row[key])
        for key in _OPT_DATES:
            if row[key] is not None:
                _date(row[key])
    except (KeyError, ValueError):
        return False
    return (
        row["stage"] in _STAGES
        and (row["next_stage"] is None or row["next_stage"] in _STAGES)
        and all(type(u) is str for u in row["unmet"])
        and all(type(t) is str for t in row["tags"])
        and all(type(k) is str and type(v) is int for k, v in row["stage_days"].items())
    )


_date = dt.date.fromisoformat
_STAGES = frozenset(s.value for s in Stage)


def _content_digest(path: Path | str) -> str | None:
    from .errors import IntervensiError
    from .fsafe import read_bytes

    try:
        return hashlib.blake2b(read_bytes(path), digest_size=16).hexdigest()
    except IntervensiError:
        return None


def _key(path: Path | str) -> str:
    return os.path.abspath(path)


def _sig(path: Path | str) -> Sig | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


__all__ = ["CACHE_DIR", "RowCache", "default_dir"]
