"""Keeping case files safe on disk: locks, atomic writes, and edits that keep comments.

* :func:`atomic_write` writes a temporary file in the same directory (mode 0600 for new
  files, the old mode otherwise), flushes and fsyncs it, renames it over the target and
  fsyncs the directory. A crash leaves either the old file or the new one.
* :class:`~intervensi.locks.CaseLock` (in locks.py) is an exclusive lock on a sidecar ``.<name>.lock`` file (never the
  case file: its inode changes on every write). ``flock`` locks die with their process,
  so a killed writer never blocks anyone; waiting is bounded and the error names the
  holder (pid, host, since).
* :func:`edit` loads a case for editing under the lock in ruamel round-trip mode, hands
  out an :class:`Editor`, re-validates the result, refuses to overwrite a file that was
  changed by someone else meanwhile (content hash), and writes atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import CaseClosed, CaseFileError, Conflict, ExitCode, NotFound, RefusedInput
from .locks import DEFAULT_TIMEOUT, CaseLock, lock_path
from .yamlio import BOM, MAX_BYTES, decode, parse
from .yamlrt import Layout, dump_roundtrip, load_roundtrip, splice_append, splice_set_scalar, to_yaml_value

#: The last files this process replaced (:func:`atomic_write`), in order: what an interrupted
#: command reports as written (a Ctrl-C after the rename must not say "left as it was").
WRITTEN: deque[Path] = deque(maxlen=64)
FILE_MODE = 0o600
DIR_MODE = 0o700


def file_mode() -> int:
    """The mode of new files holding client data (cases, exports, reports, diagrams).

    0600 (the owner only) unless the user asks otherwise: ``INTERVENSI_FILE_MODE`` (octal,
    e.g. ``0640`` to share with an office group), else ``file_mode`` under ``[workspace]``
    in ``intervensi.toml``. Bits beyond read/write are ignored; the owner always keeps
    read and write. Internal files (locks, cache, batch journals, the anonymisation key)
    stay 0600 whatever this says.
    """
    raw = os.environ.get("INTERVENSI_FILE_MODE")
    if raw is None:
        from .config import load_config

        raw = load_config().file_mode
    if raw:
        try:
            return (int(str(raw), 8) & 0o666) | 0o600
        except ValueError:
            pass
    return FILE_MODE


def dir_mode() -> int:
    """The mode of new case directories: :func:`file_mode` with search (x) where read is set."""
    mode = file_mode()
    return mode | ((mode & 0o444) >> 2) | 0o700


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --------------------------------------------------------------------------- writing


def atomic_write(path: Path, text: str | bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never a mix.

    ``mode`` defaults to the old file's mode, else :func:`file_mode`. An existing ``path``
    that is a symbolic link, a folder, a FIFO or a device is refused
    (:class:`~intervensi.fsafe.NotRegularFile`, exit 9): a link is never written through.
    OS failures (disk full, read-only...) raise :class:`~intervensi.fsafe.FileSystemError`
    (exit 11) and leave the old file as it was.
    """
    from .fsafe import check_target, replace_file

    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if mode is None:
        st = check_target(path)
        mode = (st.st_mode & 0o777) if st is not None else file_mode()
    replace_file(path, data, mode, WRITTEN)


def fsync_dir(directory: Path) -> None:
    from .fsafe import fsync_dir as _fsync_dir

    _fsync_dir(directory)


def create_exclusive(path: Path, text: str, *, mode: int | None = None) -> None:
    """Create a new file atomically, failing if it exists (no clobbering a colleague's case)."""
    from .errors import AlreadyExists
    from .fsafe import create_new

    if not create_new(path, text.encode("utf-8"), file_mode() if mode is None else mode):
        raise AlreadyExists("already exists; refusing to overwrite", path=path, key="exists")


#: What each kind of output may replace: an existing file is overwritten only when its
#: name ends with one of these (a file of another kind was not written by intervensi).
OUTPUT_SUFFIXES: dict[str, frozenset[str]] = {
    "report": frozenset({".html", ".htm", ".md", ".markdown", ".txt", ".docx", ".pdf"}),
    "export": frozenset({".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".xlsx", ".parquet"}),
    "schema": frozenset({".json"}),
    "diagram": frozenset({".svg", ".png", ".pdf", ".dot", ".gv", ".json", ".txt"}),
    "chart": frozenset({".svg", ".png", ".pdf"}),
    "calendar": frozenset({".ics", ".ical", ".icalendar"}),
}
CASE_SUFFIXES = frozenset({".yaml", ".yml"})


def write_output(path: Path | str, data: str | bytes, *, kind: str, mode: int | None = None) -> None:
    """Write an output file (a report, an export, a diagram, the schema) safely.

    Never over a case file or a file of another kind: a target named ``.yaml``/``.yml``,
    one with a case lock beside it, or an existing file whose suffix is not one of
    ``OUTPUT_SUFFIXES[kind]`` is refused (:class:`~intervensi.errors.AlreadyExists`, exit
    10); a link, FIFO or folder in its place is refused (exit 9). Missing folders are
    created private (:func:`ensure_private_dir`); the write is atomic (:func:`atomic_write`).
    """
    path = Path(path)
    check_output(path, kind)
    ensure_private_dir(path.parent)
    atomic_write(path, data, mode=mode)


def check_output(path: Path, kind: str) -> None:
    """The refusals of :func:`write_output`, without writing (to check a target before other work)."""
    from .errors import AlreadyExists
    from .fsafe import check_target

    if path.suffix.lower() in CASE_SUFFIXES:
        raise AlreadyExists("an output never takes a case file's name (.yaml, .yml)", path=path, key="output_case_name")
    st = check_target(path)
    if st is not None and (
        path.suffix.lower() not in OUTPUT_SUFFIXES.get(kind, frozenset()) or os.path.lexists(lock_path(path))
    ):
        raise AlreadyExists("already exists and is not a file this command writes; nothing was written", path=path, key="output_not_ours")


def sweep_temporaries(path: Path) -> list[Path]:
    """Remove temporary files a killed writer of ``path`` left behind (call under the lock)."""
    removed = []
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


# --------------------------------------------------------------------------- paths


def safe_case_path(path: Path, root: Path | None = None) -> Path:
    """The real file behind ``path``, refusing symbolic links that lead out of its directory.

    ``root`` (a case directory) additionally confines the result to that directory tree.
    """
    path = Path(path)
    base = (root or path.parent).resolve()
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            raise NotFound("no such file", path=path, key="no_such_file") from None
        except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before Python 3.13)
            import errno

            from .fsafe import os_error

            err = exc if isinstance(exc, OSError) else OSError(errno.ELOOP, os.strerror(errno.ELOOP))
            raise os_error(err, path, "fs_read") from None
        if not _inside(target, base):
            raise RefusedInput(
                "refusing a symbolic link that points outside the case directory", path=path, key="symlink"
            )
        return target
    if root is not None and not _inside(path.resolve(), base):
        raise RefusedInput("refusing a path outside the case directory", path=path, key="outside")
    return path


def _inside(p: Path, base: Path) -> bool:
    try:
        p.relative_to(base)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- editing


class Editor:
    """A case loaded for editing: the validated ``case``, and the file as round-trip ``data``.

    Change ``data`` through the helpers (they keep the user's comments and key order);
    the edit is validated again as a whole before it is written. ``data`` is loaded on
    first use: an :meth:`append` to an existing block list is spliced into the text
    instead (:func:`intervensi.yamlrt.splice_append`), which keeps every other byte and
    spares a round-trip parse of the whole file — appending the 300th session is as
    cheap as the first.
    """

    def __init__(self, path: Path, text: str, layout: Layout, case: Any, original: bytes) -> None:
        self.path = path
        self.layout = layout
        self.case = case
        self.original = original
        self.changed = False
        self.result: Any = None
        self._text = text
        self._data: Any = None

    @property
    def data(self) -> Any:
        if self._data is None:
            data, layout = load_roundtrip(self._text, self.path)
            from .comments import hoist_section_comments

            hoist_section_comments(data)  # a section's heading comment stays with its section
            layout.bom = self.layout.bom
            self._data, self.layout = data, layout
        return self._data

    def section(self, *keys: str) -> Any:
        """The mapping at ``keys``, created (at the end, in order) when missing."""
        from ruamel.yaml.comments import CommentedMap

        node = self.data
        for key in keys:
            child = node.get(key)
            if child is None:
                child = CommentedMap()
                node[key] = child
                self.changed = True
            node = child
        return node

    def seq(self, *keys: str) -> Any:
        """The list at ``keys``, created when missing."""
        from ruamel.yaml.comments import CommentedSeq

        parent = self.section(*keys[:-1]) if len(keys) > 1 else self.data
        child = parent.get(keys[-1])
        if child is None:
            child = CommentedSeq()
            parent[keys[-1]] = child
            self.changed = True
        return child

    def append(self, keys: tuple[str, ...], item: Any) -> None:
        if self._data is None:
            spliced = splice_append(self._text, keys, item, self.layout)
            if spliced is not None:
                self._text = spliced
                self.changed = True
                return
        self.seq(*keys).append(to_yaml_value(item))
        self.changed = True

    def splice_scalars(self, changes: list[tuple[tuple[str | int, ...], Any]]) -> bool:
        """Replace each one-line scalar at ``keys`` (list indices as ints) in the text, all or
        none, without a round trip. False (nothing done) when the data is already loaded for
        editing, or a key is not in the file as a one-line scalar."""
        if self._data is not None:
            return False
        text = self._text
        for keys, value in changes:
            spliced = splice_set_scalar(text, keys, value)
            if spliced is None:
                return False
            text = spliced
        self._text = text
        self.changed = True
        return True

    def set(self, keys: tuple[str, ...], value: Any) -> None:
        if self.splice_scalars([(keys, value)]):  # a one-line scalar is replaced in the text (no round trip)
            return
        parent = self.section(*keys[:-1]) if len(keys) > 1 else self.data
        parent[keys[-1]] = to_yaml_value(value)
        self.changed = True

    def delete(self, keys: tuple[str, ...]) -> None:
        parent = self.section(*keys[:-1]) if len(keys) > 1 else self.data
        if keys[-1] in parent:
            del parent[keys[-1]]
            self.changed = True

    def render(self) -> str:
        if self._data is None:
            return (BOM if self.layout.bom else "") + self._text
        return dump_roundtrip(self._data, self.layout)


@contextlib.contextmanager
def edit(
    path: Path | str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    expected_digest: str | None = None,
    allow_closed: bool = False,
    dry_run: bool = False,
) -> Iterator[Editor]:
    """Edit one case file safely (see the module docstring).

    ``expected_digest`` lets a caller that read the file earlier (a prompt, a preview)
    insist that it has not changed since. ``dry_run`` validates but does not write.
    """
    from .casefile import validate_data
    from .fsafe import read_bytes

    path = safe_case_path(Path(path))
    if not path.exists():
        raise NotFound("no such file", path=path, key="no_such_file")
    with CaseLock(path, timeout=timeout):
        sweep_temporaries(path)
        raw = read_bytes(path, MAX_BYTES + 1)  # a huge file is refused by decode() without reading it all
        before = digest(raw)
        if expected_digest is not None and expected_digest != before:
            raise Conflict(
                "the file changed on disk while this command worked on it (edited elsewhere?); nothing was written — run the command again",
                path=path,
                key="conflict",
            )
        text = decode(raw, path)
        layout = Layout.guess(text, raw_crlf="\r\n" in text, bom=raw.startswith(b"\xef\xbb\xbf"))
        case = validate_data(parse(text, path), path, text)
        if case.closed and not allow_closed:
            raise CaseClosed(
                "the case is closed; reopen it with `intervensi reopen CASE --reason ...`", path=path, key="closed"
            )
        editor = Editor(path, text, layout, case, raw)
        yield editor
        if not editor.changed:
            return
        new_text = editor.render()
        try:
            editor.case = validate_data(parse(new_text, path), None, new_text)
        except CaseFileError as exc:
            # The file was valid when read: what the command was given makes it invalid.
            given_input_refused(exc, path)
            raise
        if dry_run:
            editor.result = editor.result if editor.result is not None else new_text
            return
        data = new_text.encode("utf-8")
        if len(data) > MAX_BYTES:
            raise RefusedInput(
                "the edit would make the file larger than the limit of a case file; nothing was written",
                path=path,
                key="too_large_after",
                params={"mb": MAX_BYTES // (1024 * 1024)},
            )
        _check_writable(path)
        if digest(read_bytes(path)) != before:
            raise Conflict(
                "the file changed on disk while this command worked on it (edited elsewhere?); nothing was written — run the command again",
                path=path,
                key="conflict",
            )
        atomic_write(path, data)


def given_input_refused(exc: CaseFileError, path: Path | str) -> None:
    """Make ``exc`` — the model refusing a case built from valid text plus what a command was
    given (a member or person that does not exist, a value the schema refuses) — the usage
    error it is: exit code 2, like a value refused when it is built (:func:`intervensi.ops.build`).
    Positions would point into text that is not on disk: the file and the field are kept."""
    for p in (exc, *getattr(exc, "problems", ())):
        p.path, p.line, p.column = Path(path), None, None
        p.exit_code = ExitCode.USAGE


def _check_writable(path: Path) -> None:
    """Refuse to replace a case file its owner made read-only (or that we may not write)."""
    from .errors import FileSystemError
    from .fsafe import guard

    with guard(path, "fs_write"):
        st = os.stat(path)
        writable = bool(st.st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)
    if not writable:
        raise FileSystemError(
            "the case file is read-only; it was not changed", path=path, key="read_only_case", params={"what": "fs_write"}
        )


def file_digest(path: Path) -> str:
    from .fsafe import read_bytes

    return digest(read_bytes(path))


def ensure_private_dir(path: Path) -> None:
    """Create a directory, and every missing parent, readable by its owner only (0700, or as
    :func:`dir_mode` says); an existing one is left as it is."""
    from .fsafe import make_dirs

    make_dirs(Path(path), dir_mode())


def current_user() -> str:
    """Who is recorded as doing a change when neither ``--by`` nor the workspace names a worker:
    ``$INTERVENSI_WORKER``, the login (``$USER``, ``$USERNAME``, ``$LOGNAME``, else the account
    of the process, as ``getpass.getuser`` finds it: a cron job or a container has no ``$USER``),
    and only when none is known ``"unknown"``."""
    for var in ("INTERVENSI_WORKER", "USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    import getpass

    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no passwd entry for the uid (some containers)
        return "unknown"
