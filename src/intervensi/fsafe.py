"""Opening files without surprises: every file intervensi reads, writes or locks goes through here.

The promises (docs/reliability.md, "Files the tool opens"):

* **No link is followed when writing or locking.** Sidecar locks, journals, the cache,
  the anonymisation key and temporary files are opened with ``O_NOFOLLOW`` (and
  ``O_CLOEXEC``); a final file is put in place with ``rename``, which replaces a link
  instead of writing through it — and an existing target that is a link, a folder, a
  FIFO or a device is refused before anything is written (:class:`NotRegularFile`).
* **Only regular files are read.** A FIFO, a device or a socket named like a case file is
  refused after a ``stat`` and an ``O_NONBLOCK`` open checked again with ``fstat``, so
  no command blocks on it (:func:`read_bytes`).
* **OS errors are errors of the user's world, not bugs.** :func:`os_error` turns an
  :class:`OSError` (disk full, read-only file system, permission, a link loop, a missing
  folder) into a :class:`FileSystemError`: one line naming the file, what failed and
  what to do, exit code ``OS_ERROR`` (11). :func:`guard` does it for a block of code.
* **Folders are created private**, every missing level with the same mode
  (:func:`make_dirs`), not only the innermost one.

Nothing here imports the model, ruamel or pydantic: it is on the path of every command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator, MutableSequence
from pathlib import Path

from .errors import FileSystemError, NotFound, NotRegularFile

NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
BINARY: int = getattr(os, "O_BINARY", 0)

MESSAGES: dict[str, dict[str, str]] = {
    "err.is_folder": {"en": "is a folder, not a file", "id": "ini folder, bukan berkas"},
    "err.not_regular_read": {
        "en": "is a {what}, not a regular file: not read",
        "id": "ini {what}, bukan berkas biasa: tidak dibaca",
    },
    "err.not_regular_write": {
        "en": "is a {what}, not a regular file: nothing was written to it (remove it or choose another name)",
        "id": "ini {what}, bukan berkas biasa: tidak ada yang ditulis ke sana (hapus atau pilih nama lain)",
    },
    "err.symlink_write": {
        "en": "is a symbolic link: intervensi never writes through a link (remove the link, or name the real file)",
        "id": "ini tautan simbolik: intervensi tidak pernah menulis melalui tautan (hapus tautannya, atau sebut berkas aslinya)",
    },
    "err.os_no_space": {
        "en": "{what} failed: the disk is full; nothing was changed — free some space and run the command again",
        "id": "gagal {what}: disk penuh; tidak ada yang diubah — kosongkan sebagian ruang lalu jalankan perintah lagi",
    },
    "err.os_read_only_fs": {
        "en": "{what} failed: the disk or folder is read-only; copy the files to a writable place or remount it",
        "id": "gagal {what}: disk atau folder hanya-baca; salin berkas ke tempat yang dapat ditulisi atau pasang ulang disknya",
    },
    "err.os_permission": {
        "en": "{what} failed: permission denied (the file or its folder belongs to someone else or is read-only); check with `ls -l`",
        "id": "gagal {what}: akses ditolak (berkas atau foldernya milik orang lain atau hanya-baca); periksa dengan `ls -l`",
    },
    "err.os_loop": {
        "en": "{what} failed: symbolic links that point at each other (a loop); remove the link",
        "id": "gagal {what}: tautan simbolik yang saling menunjuk (berputar); hapus tautannya",
    },
    "err.os_no_such": {
        "en": "{what} failed: no such file or folder; check the name (a folder must exist first)",
        "id": "gagal {what}: berkas atau folder tidak ada; periksa namanya (foldernya harus sudah ada)",
    },
    "err.os_not_folder": {
        "en": "{what} failed: a part of the path is a file, not a folder; check the name",
        "id": "gagal {what}: sebagian dari path adalah berkas, bukan folder; periksa namanya",
    },
    "err.os_other": {
        "en": "{what} failed: {reason} ({code}); nothing was changed — check the disk and run the command again",
        "id": "gagal {what}: {reason} ({code}); tidak ada yang diubah — periksa disk lalu jalankan perintah lagi",
    },
    "err.read_only_case": {
        "en": "the case file is read-only (no write permission); it was not changed — make it writable (chmod u+w) to edit it",
        "id": "berkas kasus hanya-baca (tanpa izin tulis); berkas tidak diubah — jadikan dapat ditulisi (chmod u+w) untuk menyuntingnya",
    },
    "err.too_large_after": {
        "en": "the edit would make the file larger than {mb} MB, the limit of a case file; nothing was written",
        "id": "suntingan ini akan membuat berkas lebih besar dari {mb} MB, batas berkas kasus; tidak ada yang ditulis",
    },
    "err.output_not_ours": {
        "en": "already exists and is not a file this command writes (a case file, or a file of another kind); nothing was written — choose another name or remove it",
        "id": "sudah ada dan bukan berkas yang ditulis perintah ini (berkas kasus, atau berkas jenis lain); tidak ada yang ditulis — pilih nama lain atau hapus berkas itu",
    },
    "err.output_case_name": {
        "en": "an output never takes a case file's name (.yaml, .yml); nothing was written — choose another name",
        "id": "berkas keluaran tidak pernah memakai nama berkas kasus (.yaml, .yml); tidak ada yang ditulis — pilih nama lain",
    },
    "err.secret_invalid": {
        "en": "the anonymisation key file is damaged (empty, short or not a key); it was not used — restore it from a backup, or delete it to start a new key (pseudonyms then change)",
        "id": "berkas kunci anonimisasi rusak (kosong, terlalu pendek, atau bukan kunci); kunci tidak dipakai — pulihkan dari cadangan, atau hapus untuk membuat kunci baru (nama samaran lalu berubah)",
    },
    "what.fs_read": {"en": "reading", "id": "membaca"},
    "what.fs_write": {"en": "writing", "id": "menulis"},
    "what.fs_create": {"en": "creating the file", "id": "membuat berkas"},
    "what.fs_lock": {"en": "locking", "id": "mengunci"},
    "what.fs_mkdir": {"en": "creating the folder", "id": "membuat folder"},
    "what.fs_access": {"en": "a file operation", "id": "operasi berkas"},
    "what.fs_symlink": {"en": "symbolic link", "id": "tautan simbolik"},
    "what.fs_fifo": {"en": "named pipe (FIFO)", "id": "pipa bernama (FIFO)"},
    "what.fs_directory": {"en": "folder", "id": "folder"},
    "what.fs_device": {"en": "device", "id": "berkas perangkat"},
    "what.fs_socket": {"en": "socket", "id": "soket"},
    "what.fs_special": {"en": "special file", "id": "berkas khusus"},
}


def _register_messages() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register_messages()


_ERRNO_KEYS = {
    errno.ENOSPC: "os_no_space",
    errno.EDQUOT: "os_no_space",
    errno.EROFS: "os_read_only_fs",
    errno.EACCES: "os_permission",
    errno.EPERM: "os_permission",
    errno.ELOOP: "os_loop",
    errno.ENOENT: "os_no_such",
    errno.ENOTDIR: "os_not_folder",
}


def kind(mode: int) -> str:
    """The ``what`` name of a non-regular file's type (for :class:`NotRegularFile`)."""
    if stat.S_ISLNK(mode):
        return "fs_symlink"
    if stat.S_ISFIFO(mode):
        return "fs_fifo"
    if stat.S_ISDIR(mode):
        return "fs_directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "fs_device"
    if stat.S_ISSOCK(mode):
        return "fs_socket"
    return "fs_special"


def not_regular(path: Path | str, mode: int, *, writing: bool) -> NotRegularFile:
    what = kind(mode)
    if writing and what == "fs_symlink":
        return NotRegularFile(
            "is a symbolic link: intervensi never writes through a link", path=path, key="symlink_write", params={"what": what}
        )
    if writing:
        return NotRegularFile(f"is a {what[3:]}, not a regular file: nothing was written", path=path, key="not_regular_write", params={"what": what})
    return NotRegularFile(f"is a {what[3:]}, not a regular file: not read", path=path, key="not_regular_read", params={"what": what})


def os_error(exc: OSError, path: Path | str | None = None, what: str = "fs_access") -> FileSystemError:
    """The :class:`FileSystemError` for ``exc`` (the file is ``path``, else the error's own)."""
    code = errno.errorcode.get(exc.errno, type(exc).__name__) if exc.errno else type(exc).__name__
    where = path if path is not None else (exc.filename if isinstance(exc.filename, (str, Path)) else None)
    key = _ERRNO_KEYS.get(exc.errno or 0, "os_other")
    reason = exc.strerror or type(exc).__name__
    return FileSystemError(f"{what[3:]} failed: {reason} ({code})", path=where, key=key, params={"what": what, "code": code, "reason": reason})


@contextlib.contextmanager
def guard(path: Path | str | None, what: str = "fs_access") -> Iterator[None]:
    """Turn an :class:`OSError` raised in the block into a :class:`FileSystemError`."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc, path, what) from None


# --------------------------------------------------------------------------- reading


def read_bytes(path: Path | str, limit: int | None = None, *, follow: bool = True) -> bytes:
    """The bytes of a regular file (at most ``limit``), in bounded time whatever ``path`` is.

    ``follow=False`` refuses a symbolic link too (for internal files such as the key).
    Raises :class:`~intervensi.errors.NotFound`, :class:`NotRegularFile` (a FIFO, device,
    socket, folder — never opened for long, never blocked on) or :class:`FileSystemError`.
    """
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        raise NotFound("no such file", path=path, key="no_such_file") from None
    except OSError as exc:
        raise os_error(exc, path, "fs_read") from None
    if stat.S_ISDIR(st.st_mode):
        from .errors import CaseFileError

        raise CaseFileError("is a folder, not a file", path=path, key="is_folder")  # a roster, a mapping, a calendar: not only case files
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(path, st.st_mode, writing=False)  # a FIFO or device is not even opened
    flags = os.O_RDONLY | CLOEXEC | NONBLOCK | BINARY | (0 if follow else NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFound("no such file", path=path, key="no_such_file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow and os.path.islink(path):
            raise not_regular(path, stat.S_IFLNK, writing=False) from None
        raise os_error(exc, path, "fs_read") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between stat and open
            raise not_regular(path, st.st_mode, writing=False)
        chunks = []
        left = limit if limit is not None else -1
        while left != 0:
            chunk = os.read(fd, 1 << 20 if left < 0 else min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            if left > 0:
                left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise os_error(exc, path, "fs_read") from None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- writing


def open_private(path: Path | str, flags: int, mode: int = 0o600, *, what: str = "fs_write") -> int:
    """``os.open`` that never follows a link and only ever returns a regular file's descriptor.

    For sidecar locks, journals and other internal files. ``O_NOFOLLOW | O_CLOEXEC`` are
    added; a FIFO is opened non-blocking and refused. Raises :class:`NotRegularFile` or
    :class:`FileSystemError`.
    """
    try:
        fd = os.open(path, flags | NOFOLLOW | CLOEXEC | NONBLOCK | BINARY, mode)
    except OSError as exc:
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise not_regular(path, st.st_mode, writing=True) from None
        raise os_error(exc, path, what) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(path, st.st_mode, writing=True)
        if NONBLOCK and os.name == "posix":
            import fcntl

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_target(path: Path | str) -> os.stat_result | None:
    """The ``lstat`` of an existing file about to be replaced (``None`` when there is none).

    Refuses a target that is a symbolic link, a folder, a FIFO, a device or a socket.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(exc, path, "fs_write") from None
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(path, st.st_mode, writing=True)
    return st


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` (``os.write`` may write less than asked)."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _temp(path: Path, data: bytes, mode: int) -> str:
    """A complete, fsynced temporary copy of ``data`` beside ``path`` (O_EXCL, no link followed)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # O_EXCL|O_NOFOLLOW
    try:
        write_all(fd, data)
        os.fsync(fd)
        if os.name == "posix":
            os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    if os.name != "posix":  # pragma: no cover
        os.chmod(tmp, mode)
    return tmp


def replace_file(path: Path | str, data: bytes, mode: int, written: MutableSequence[Path] | None = None) -> None:
    """Put ``data`` at ``path`` atomically: temp file, fsync, ``rename`` over it, fsync the folder.

    An existing ``path`` must be a regular file (a link is refused, never written through).
    Raises :class:`NotRegularFile` or :class:`FileSystemError`; on any failure the old file
    is untouched and the temporary file is gone. ``written``, when given, gets ``path``
    appended as soon as the new file is in place — even when a signal arrives right after
    the rename — so an interrupted command can say truly whether it wrote.
    """
    path = Path(path)
    check_target(path)
    tmp: str | None = None
    done = False
    try:
        tmp = _temp(path, data, mode)
        os.replace(tmp, path)
        done = True
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error(exc, path, "fs_write") from None
    finally:
        if tmp is not None and not done and not os.path.lexists(tmp):
            done = True  # renamed just before an interrupt
        if tmp is not None and not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if done and written is not None and (not written or written[-1] != path):
            written.append(path)


def create_new(path: Path | str, data: bytes, mode: int) -> bool:
    """Create ``path`` with ``data``, complete or not at all; ``False`` if it already exists.

    The data is written and fsynced to a temporary file first and then linked into place
    (``link`` fails atomically when the name is taken), so no reader ever sees a partly
    written file — a full disk leaves no file behind at all.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        tmp = _temp(path, data, mode)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as exc:  # file systems without hard links (FAT, exFAT)
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
                raise
            if os.path.lexists(path):
                return False
            os.rename(tmp, path)
            tmp = None
        fsync_dir(path.parent)
        return True
    except OSError as exc:
        raise os_error(exc, path, "fs_create") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def fsync_dir(directory: Path | str) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(directory, os.O_RDONLY | CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: Path | str, mode: int = 0o700) -> None:
    """Create ``path`` and every missing parent with ``mode`` (the umask can only narrow it)."""
    path = Path(path)
    missing: list[Path] = []
    p = path
    while not os.path.lexists(p):
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, mode)
        except FileExistsError:
            pass
        except OSError as exc:
            raise os_error(exc, d, "fs_mkdir") from None
    if not path.is_dir():
        try:
            st = os.lstat(path)
        except OSError as exc:
            raise os_error(exc, path, "fs_mkdir") from None
        raise not_regular(path, st.st_mode, writing=True) if stat.S_ISLNK(st.st_mode) else os_error(
            OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)), path, "fs_mkdir"
        )


__all__ = [
    "FileSystemError",
    "NotRegularFile",
    "check_target",
    "create_new",
    "guard",
    "make_dirs",
    "open_private",
    "os_error",
    "read_bytes",
    "replace_file",
    "write_all",
]
