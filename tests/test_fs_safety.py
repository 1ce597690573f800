"""Files the tool opens (issue 10, file safety): links, pipes, outputs, the cache, the key, OS errors.

Each test is a way a file was lost, a command froze or an OS error was reported as a bug
before ``intervensi.fsafe``; each asserts what the user sees (exit code, error key, the
files on disk byte for byte), not how the library does it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intervensi.errors import ExitCode

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX links, FIFOs and modes")

OPEN = "pkh-m-2025"  # a bundled case at intervention: edits succeed
OTHER = "lansia-t-2026"


def _md5(p: Path) -> str:
    return hashlib.md5(p.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file but the lock sidecars (an empty lock left behind is by design)."""
    return {p.name: _md5(p) for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink() and not p.name.endswith(".lock")}


def _error(res) -> dict:  # type: ignore[no-untyped-def]
    """The JSON error envelope a --json command printed."""
    return json.loads(res.stdout.strip().splitlines()[-1])["error"]


def _cli(*args: str | Path, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "intervensi", *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd
    )


# --------------------------------------------------------------------------- 1. no link followed when writing


@pytest.mark.parametrize("outside", [False, True])
def test_a_lock_sidecar_that_is_a_link_is_refused_and_its_target_kept(run, cases: Path, tmp_path: Path, outside: bool) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "elsewhere.txt" if outside else cases / f"{OTHER}.yaml"
    if outside:
        target.write_text("a file outside the folder\n")
    before_target, before_case = _md5(target), _md5(cases / f"{OPEN}.yaml")
    (cases / f".{OPEN}.yaml.lock").symlink_to(target)
    res = run("add-session", cases / f"{OPEN}.yaml", "--note", "visit", "--json")
    assert res.exit_code == ExitCode.REFUSED
    assert _error(res)["key"] == "symlink_write"
    assert _md5(target) == before_target  # before: emptied to 0 bytes
    assert _md5(cases / f"{OPEN}.yaml") == before_case


def test_a_journal_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from intervensi.batch import Journal
    from intervensi.errors import IntervensiError

    precious = tmp_path / "precious.yaml"
    precious.write_text("do not touch\n")
    journal = Journal.open(tmp_path, "set", {"x": 1})
    journal.path.symlink_to(precious)
    with pytest.raises(IntervensiError) as info:
        Journal.open(tmp_path, "set", {"x": 1}).start(["a.yaml"])
    assert info.value.exit_code == ExitCode.REFUSED
    assert precious.read_text() == "do not touch\n"  # before: truncated and overwritten


def test_the_cache_never_writes_through_a_link(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # the database file itself is a link to an empty file elsewhere
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    empty = elsewhere / "notes.txt"
    empty.write_bytes(b"")
    (cases / ".intervensi-cache").mkdir()
    (cases / ".intervensi-cache" / "rows.sqlite").symlink_to(empty)
    first = run("status", cases, "--json")
    assert first.exit_code == 0
    assert empty.read_bytes() == b""  # before: an SQLite database was written into it
    assert not (cases / ".intervensi-cache" / "rows.sqlite").is_symlink()
    # the cache folder is a link: not used at all
    other = tmp_path / "cases2"
    other.mkdir()
    (other / f"{OPEN}.yaml").write_bytes((cases / f"{OPEN}.yaml").read_bytes())
    target = tmp_path / "linked-cache"
    target.mkdir()
    (other / ".intervensi-cache").symlink_to(target)
    res = run("status", other, "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["summary"]["total"] == 1
    assert list(target.iterdir()) == []
    assert json.loads(run("status", other, "--json").stdout) == json.loads(res.stdout)


def test_an_output_that_is_a_link_is_refused(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    out.symlink_to(cases / f"{OTHER}.yaml")
    before = _snapshot(cases)
    for args in (
        ("report", cases / f"{OPEN}.yaml", "-o", out),
        ("export", cases, "--format", "csv", "-o", out.with_name("rows.csv")),
        ("schema", "-o", out.with_name("schema.json")),
        ("genogram", cases / f"{OPEN}.yaml", "--render", "--format", "dot", "-o", out.with_name("g.dot")),
    ):
        if args[-1] != out:
            args[-1].symlink_to(cases / f"{OTHER}.yaml")
        res = run(*args, "--json") if args[0] in ("report", "genogram") else run(*args)
        assert res.exit_code == ExitCode.REFUSED, (args, res.output)
        assert args[-1].is_symlink()  # before: the link was replaced by the output
    assert _snapshot(cases) == before


def test_the_key_is_never_read_through_a_link(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    known = tmp_path / "known-key"
    known.write_text("00" * 32 + "\n")  # a key anyone can guess
    (tmp_path / ".intervensi-secret").symlink_to(known)
    res = run("report", cases / f"{OPEN}.yaml", "--anonymize", "-o", tmp_path / "anon.html", "--json")
    assert res.exit_code == ExitCode.REFUSED  # before: pseudonyms made with the planted key
    assert not (tmp_path / "anon.html").exists()


# --------------------------------------------------------------------------- 2. only regular files read


FIFO_COMMANDS = [
    ("show", "{fifo}"),
    ("check", "{dir}"),
    ("status", "{dir}"),
    ("status", "{dir}", "--no-cache"),
    ("agenda", "{dir}"),
    ("export", "{dir}"),
    ("render", "{dir}", "-o", "{out}", "--what", "genogram", "--format", "dot"),
    ("set", "{dir}", "--field", "worker.name", "--value", "B"),
    ("add-session", "{fifo}", "--note", "visit"),
    ("history", "{fifo}"),
]


@pytest.mark.parametrize("args", FIFO_COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_a_fifo_named_like_a_case_never_blocks(cases: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    fifo = cases / "x.yaml"
    os.mkfifo(fifo)
    argv = [a.format(fifo=fifo, dir=cases, out=tmp_path / "out") for a in args]
    try:
        res = _cli(*argv, timeout=60)  # before: blocked forever (the add-session holding the lock)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)} blocked on a FIFO")
    if "{fifo}" in args:
        assert res.returncode == ExitCode.REFUSED
        assert "x.yaml: is a named pipe (FIFO), not a regular file" in res.stderr
        assert not (cases / ".x.yaml.lock").exists() or (cases / ".x.yaml.lock").read_bytes() == b""  # released
    elif args[0] in ("check", "status"):
        assert res.returncode == ExitCode.INVALID and "x.yaml" in res.stdout + res.stderr
    else:
        assert res.returncode in (0, ExitCode.INVALID, ExitCode.REFUSED), res.stderr


def test_a_fifo_found_by_case_id_is_named(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(cases / "x.yaml")
    res = run("show", "x", "--json")
    assert res.exit_code == ExitCode.REFUSED  # before: 4, "no case 'x'"
    assert _error(res)["key"] == "not_regular_read" and _error(res)["path"] == "cases/x.yaml"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod of a device needs root")
def test_a_device_named_like_a_case_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dev = tmp_path / "null.yaml"
    os.mknod(dev, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    for args in (("show", dev), ("add-session", dev, "--note", "x")):
        res = run(*args, "--json")
        assert res.exit_code == ExitCode.REFUSED  # before: read as an empty case file (exit 3)
        assert _error(res)["key"] == "not_regular_read" and _error(res)["path"] == str(dev)


# --------------------------------------------------------------------------- 3. outputs over case files


@pytest.mark.parametrize(
    "args",
    [
        ("report", "{case}", "-o", "{victim}"),
        ("export", "{dir}", "--format", "csv", "-o", "{victim}"),
        ("schema", "-o", "{victim}"),
        ("ecomap", "{case}", "--render", "--format", "dot", "-o", "{victim}"),
    ],
    ids=lambda a: a[0],
)
def test_an_output_never_overwrites_a_case_file(run, cases: Path, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    victim = cases / f"{OTHER}.yaml"
    before = _snapshot(cases)
    res = run(*[a.format(case=cases / f"{OPEN}.yaml", dir=cases, victim=victim) for a in args])
    assert res.exit_code == ExitCode.EXISTS, res.output
    assert _snapshot(cases) == before  # before: the case file became HTML, CSV or JSON


def test_an_output_replaces_its_own_kind_only(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.html"
    assert run("report", cases / f"{OPEN}.yaml", "-o", report).exit_code == 0
    assert run("report", cases / f"{OPEN}.yaml", "-o", report).exit_code == 0  # re-running a report is fine
    notes = tmp_path / "notes.odt"
    notes.write_text("my own notes")
    res = run("report", cases / f"{OPEN}.yaml", "-o", notes, "--json")
    assert res.exit_code == ExitCode.EXISTS and _error(res)["key"] == "output_not_ours"
    assert notes.read_text() == "my own notes"
    new_yaml = tmp_path / "new.yaml"
    res = run("export", cases, "--format", "csv", "-o", new_yaml)
    assert res.exit_code == ExitCode.EXISTS and not new_yaml.exists()


# --------------------------------------------------------------------------- 4. the cache


BAD_ROWS = [
    "[]",
    '"a string"',
    '{"valid": true}',
    '{"valid": "yes"}',
    '{"valid": false, "problems": 3}',
    "{{ROW|stage=5}}",
    "{{ROW|entered=not a date}}",
    "{{ROW|sessions=true}}",
    "{{ROW|stage=nowhere}}",
    "{{ROW|unmet=[1]}}",
    "{{ROW|stage_days={\"planning\": \"x\"}}}",
]


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_cache_row_of_the_wrong_shape_is_never_served(run, cases: Path, bad: str) -> None:  # type: ignore[no-untyped-def]
    fresh = run("status", cases, "--json", "--no-cache")
    assert fresh.exit_code == 0
    assert run("status", cases, "--json").exit_code == 0  # fills the cache
    db = sqlite3.connect(cases / ".intervensi-cache" / "rows.sqlite")
    (path, row) = db.execute("SELECT path, row FROM rows WHERE path LIKE ?", (f"%{OPEN}.yaml",)).fetchone()
    if bad.startswith("{{ROW|"):
        key, value = bad[6:-2].split("=", 1)
        data = json.loads(row)
        try:
            data[key] = json.loads(value)
        except ValueError:
            data[key] = value
        bad = json.dumps(data)
    db.execute("UPDATE rows SET row=? WHERE path=?", (bad, path))
    db.commit()
    db.close()
    for command in ("status", "agenda"):
        res = run(command, cases, "--json")
        assert res.exit_code == 0, (command, res.output)  # before: a crash on every run
    assert json.loads(run("status", cases, "--json").stdout) == json.loads(fresh.stdout)


@pytest.mark.parametrize("offset", [0, 3600], ids=["now", "clock-ahead"])
def test_the_cache_is_right_on_a_coarse_clock(run, cases: Path, offset: int) -> None:  # type: ignore[no-untyped-def]
    """FAT/exFAT keep mtimes to 2 s: an edit of the same size in the same 2 s keeps stat unchanged.

    ``clock-ahead``: the disk's times are an hour ahead of the computer's (a stick written
    in another time zone), so "just saved" is in the future.
    """
    f = cases / f"{OPEN}.yaml"
    now = time.time_ns() + offset * 1_000_000_000
    os.utime(f, ns=(now, now))  # the file was just saved
    st = os.stat(f)
    assert json.loads(run("status", cases, "--json").stdout)  # caches the row
    data = f.read_bytes()
    changed = data.replace(b"  name: Pendamping PKH", b"  name: Pendamping XYZ", 1)
    assert len(changed) == len(data) and changed != data
    with open(f, "r+b") as fh:  # in place: same inode, same size
        fh.write(changed)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same timestamp, as a 2 s clock would give
    rows = {r["id"]: r for r in json.loads(run("status", cases, "--json").stdout)["cases"]}
    no_cache = {r["id"]: r for r in json.loads(run("status", cases, "--json", "--no-cache").stdout)["cases"]}
    assert rows[OPEN]["worker"] == no_cache[OPEN]["worker"] == "Pendamping XYZ"  # before: the old name, stale


# --------------------------------------------------------------------------- 5. the key


def _enospc_for(suffix: str):  # type: ignore[no-untyped-def]
    """An ``os.write`` that fails with ENOSPC for files whose name contains ``suffix``."""
    real = os.write

    def write(fd: int, data: bytes) -> int:
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if suffix in name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    return write


def test_a_full_disk_while_the_key_is_made_leaves_no_key(run, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:
        m.setattr(os, "write", _enospc_for(".intervensi-secret"))
        res = run("report", cases / f"{OPEN}.yaml", "--anonymize", "-o", tmp_path / "a.html", "--json")
    assert res.exit_code == ExitCode.OS_ERROR
    assert _error(res)["key"] == "os_no_space"
    assert "unexpected" not in res.output
    assert not (tmp_path / ".intervensi-secret").exists()  # before: an empty key, then used
    assert not any(p.name.startswith(".intervensi-secret.") for p in tmp_path.iterdir())  # no temporary left
    assert run("report", cases / f"{OPEN}.yaml", "--anonymize", "-o", tmp_path / "a.html").exit_code == 0
    key = (tmp_path / ".intervensi-secret").read_text().strip()
    assert len(bytes.fromhex(key)) == 32 and stat.S_IMODE(os.stat(tmp_path / ".intervensi-secret").st_mode) == 0o600


@pytest.mark.parametrize("content", [b"", b"\n", b"abcd\n", b"zz" * 32 + b"\n", b"00" * 31 + b"\n"])
def test_a_damaged_key_is_never_used(run, cases: Path, tmp_path: Path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".intervensi-secret").write_bytes(content)
    res = run("report", cases / f"{OPEN}.yaml", "--anonymize", "-o", tmp_path / "a.html", "--json")
    assert res.exit_code == ExitCode.REFUSED  # before: an empty key was used (exit 0)
    assert _error(res)["key"] == "secret_invalid"
    assert not (tmp_path / "a.html").exists()
    assert (tmp_path / ".intervensi-secret").read_bytes() == content


# --------------------------------------------------------------------------- 6. OS errors


def test_a_full_disk_while_editing_a_case(run, cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(cases)
    with monkeypatch.context() as m:
        m.setattr(os, "write", _enospc_for(f".{OPEN}.yaml."))
        res = run("add-session", cases / f"{OPEN}.yaml", "--note", "visit", "--json")
    assert res.exit_code == ExitCode.OS_ERROR  # before: 1, "unexpected error (OSError) ... report it"
    err = _error(res)
    assert err["key"] == "os_no_space" and err["path"].endswith(f"{OPEN}.yaml")
    assert "disk is full" in err["message"]
    assert _snapshot(cases) == before
    assert not [p for p in cases.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("code", "key"),
    [(errno.EROFS, "os_read_only_fs"), (errno.EACCES, "os_permission"), (errno.EIO, "os_other"), (errno.EDQUOT, "os_no_space")],
)
def test_os_errors_are_one_line_with_their_own_exit_code(run, cases: Path, monkeypatch: pytest.MonkeyPatch, code: int, key: str) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    def refuse(*a: object, **k: object) -> None:
        raise OSError(code, os.strerror(code))

    before = _snapshot(cases)
    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkstemp", refuse)
        res = run("add-session", cases / f"{OPEN}.yaml", "--note", "visit", "--json")
    assert res.exit_code == ExitCode.OS_ERROR
    assert _error(res)["key"] == key
    assert "unexpected" not in res.output and "Traceback" not in res.output
    assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == 1 if res.stderr else True
    assert _snapshot(cases) == before


def test_a_stray_os_error_at_the_cli_boundary(run, cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import intervensi.casefile

    def broken(path: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(intervensi.casefile, "load_case", broken)
    res = run("show", cases / f"{OPEN}.yaml", "--json")
    assert res.exit_code == ExitCode.OS_ERROR
    err = _error(res)
    assert err["key"] == "os_permission" and err["path"].endswith(f"{OPEN}.yaml")


def test_a_case_file_we_may_not_read(run, cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A file owned by someone else (simulated: the tests may run as root, who reads anything)."""
    real = os.open

    def guarded(path: object, flags: int, *a: object, **k: object) -> int:
        if str(path).endswith(f"{OPEN}.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *a, **k)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setattr(os, "open", guarded)
        shown = run("show", cases / f"{OPEN}.yaml", "--json")
        checked = run("check", cases, "--json", "--jobs", "1")
    assert shown.exit_code == ExitCode.OS_ERROR  # before: read with open(), or "permission" as an invalid file
    assert _error(shown)["key"] == "os_permission"
    assert checked.exit_code == ExitCode.INVALID
    bad = [f for f in json.loads(checked.stdout)["files"] if not f["valid"]]
    assert [Path(f["path"]).name for f in bad] == [f"{OPEN}.yaml"] and bad[0]["problems"][0]["key"] == "os_permission"


def test_a_symlink_loop(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    for args in (("show", tmp_path / "a.yaml"), ("add-session", tmp_path / "a.yaml", "--note", "x")):
        res = run(*args, "--json")
        assert res.exit_code == ExitCode.OS_ERROR, res.output  # before: 1, unexpected error
        assert _error(res)["key"] == "os_loop"


def test_a_missing_output_folder_is_created_private(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0)
    try:
        for args, top in (
            (("export", cases, "--format", "csv", "-o", tmp_path / "e1" / "e2" / "rows.csv"), "e1"),
            (("schema", "-o", tmp_path / "s1" / "s2" / "schema.json"), "s1"),
            (("report", cases / f"{OPEN}.yaml", "-o", tmp_path / "r1" / "r2" / "r.html"), "r1"),
            (("new-case", "c-9", "--practice", "casework", "--client", "Ibu Z", "--dir", tmp_path / "n1" / "n2"), "n1"),
            (("init", tmp_path / "w1" / "w2", "--worker", "W"), "w1"),
        ):
            res = run(*args)
            assert res.exit_code == 0, (args, res.output)  # before: export/schema ended in exit 1
            for d in (tmp_path / top, *[p for p in (tmp_path / top).rglob("*") if p.is_dir()]):
                assert stat.S_IMODE(os.stat(d).st_mode) == 0o700, d  # before: 0777 under umask 000
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- 7. read-only files, the size limit


def test_a_read_only_case_file_is_not_rewritten(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    f = cases / f"{OPEN}.yaml"
    f.chmod(0o444)
    before, ino = _md5(f), os.stat(f).st_ino
    res = run("add-session", f, "--note", "visit", "--json")
    assert res.exit_code == ExitCode.OS_ERROR  # before: 0, and the file was replaced
    assert _error(res)["key"] == "read_only_case"
    assert _md5(f) == before and os.stat(f).st_ino == ino and stat.S_IMODE(os.stat(f).st_mode) == 0o444


def test_an_edit_that_would_pass_the_size_limit_is_refused_before_writing(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    from intervensi.yamlio import MAX_BYTES

    f = cases / f"{OPEN}.yaml"
    text = f.read_bytes()
    pad = MAX_BYTES - len(text) - 40
    line = b"# " + b"x" * 1021 + b"\n"
    f.write_bytes(text + line * (pad // len(line)) + b"#" * (pad % len(line) - 1) + b"\n")
    assert MAX_BYTES - 200 < f.stat().st_size <= MAX_BYTES
    assert run("show", f).exit_code == 0
    before = _md5(f)
    res = run("add-session", f, "--note", "a long note " * 20, "--json")
    assert res.exit_code == ExitCode.REFUSED  # before: 0, and then every command refused the file
    assert _error(res)["key"] == "too_large_after"
    assert _md5(f) == before
    assert run("show", f).exit_code == 0


def test_a_reader_that_stops_reading_is_not_an_error(cases: Path, tmp_path: Path) -> None:
    """``intervensi export | head``: the pipe closes early; a quiet stop, not "a bug"."""
    many = tmp_path / "many"
    many.mkdir()
    text = (cases / f"{OPEN}.yaml").read_text("utf-8")
    for i in range(400):  # more than a pipe buffer of CSV
        (many / f"c{i:03d}.yaml").write_text(text.replace(f"id: {OPEN}", f"id: c{i:03d}"), "utf-8")
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "intervensi", "export", str(many), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)
    proc.stdout.close()  # as `head -c 100` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == ExitCode.PIPE_CLOSED  # before: 1, "unexpected error (BrokenPipeError) ... report it"
    assert "error" not in err and "Traceback" not in err
