"""The warm cache: summary rows of case files that have not changed since the last run.

Each row is keyed by the file's absolute path and stored with its size, ``mtime_ns`` and
inode; a row is used only when all three still match what ``stat`` says now, so the
files are always the truth (an edited, replaced or touched file is read again). The
cache is an SQLite file ``.intervensi-cache/rows.sqlite`` beside ``intervensi.toml`` (or
inside the first cohort folder when there is no workspace), created 0600 in a 0700
folder. A missing, stale or corrupt cache is rebuilt without a word; a cache that cannot
be written (read-only folder) is simply not used.

Rows are looked up in batches in file order, so memory stays flat however many files.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

CACHE_DIR = ".intervensi-cache"
CACHE_FILE = "rows.sqlite"
#: Bump when the shape of a summary row changes: old caches are then dropped.
ROW_VERSION = 3
BATCH = 1024

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
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self.path.exists():
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            self.db = self._connect()
        except (OSError, sqlite3.Error):
            self._drop()
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
                self.db = self._connect()
            except (OSError, sqlite3.Error):
                self.db = None
        return self.db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        got = db.execute("SELECT v FROM meta WHERE k='row_version'").fetchone()
        if got is None or got[0] != str(ROW_VERSION):
            db.execute("DROP TABLE IF EXISTS rows")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('row_version', ?)", (str(ROW_VERSION),))
        db.execute("CREATE TABLE IF NOT EXISTS rows (path TEXT PRIMARY KEY, size INT, mtime INT, ino INT, row TEXT)")
        # integrity: a corrupt file raises here and is rebuilt by open()
        db.execute("SELECT count(*) FROM rows LIMIT 1").fetchone()
        return db

    def _drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                (self.directory / (CACHE_FILE + suffix)).unlink()
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
        known: dict[str, tuple[Sig, str]] = {}
        if db is not None:
            keys = [k for _, k, _ in batch]
            try:
                q = "SELECT path, size, mtime, ino, row FROM rows WHERE path IN ({})".format(",".join("?" * len(keys)))
                for path, size, mtime, ino, row in db.execute(q, keys):
                    known[path] = ((size, mtime, ino), row)
            except sqlite3.Error:
                db = None
        out: list[Row | None] = []
        missing: list[int] = []
        for i, (_f, key, sig) in enumerate(batch):
            hit = known.get(key)
            if sig is not None and hit is not None and hit[0] == sig:
                try:
                    cached = json.loads(hit[1])
                    cached["path"] = str(_f)
                    out.append(cached)
                    self.hits += 1
                    continue
                except ValueError:
                    pass
            out.append(None)
            missing.append(i)
        if missing:
            self.misses += len(missing)
            fresh = list(read([batch[i][0] for i in missing]))
            store: list[tuple[str, int, int, int, str]] = []
            for i, row in zip(missing, fresh, strict=True):
                out[i] = row
                sig = batch[i][2]
                # Re-stat after reading: a file changed meanwhile is not cached.
                if sig is not None and sig == _sig(batch[i][0]):
                    store.append((batch[i][1], *sig, json.dumps(row, ensure_ascii=False)))
            if db is not None and store:
                try:
                    db.executemany("INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?)", store)
                except sqlite3.Error:
                    pass
        for row in out:
            assert row is not None
            yield row


def _key(path: Path | str) -> str:
    return os.path.abspath(path)


def _sig(path: Path | str) -> Sig | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


__all__ = ["CACHE_DIR", "RowCache", "default_dir"]
