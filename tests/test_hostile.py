"""Broken and hostile input: every file gets a one-line error with file and line, a
non-zero exit code, no traceback, and is left byte-identical.

The corpus is the YAML test suite's error cases (``tests/yaml-test-suite-errors/``, a
copy of ``../shared/data``) plus our own hostile files built below and in
``tests/hostile/``. libyaml or ruamel accept some of the suite's cases; those must still
be refused cleanly (as "not a case file" or a schema error) — which kind is not asserted.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers_robust import make_case

HERE = Path(__file__).resolve().parent
CORPUS = sorted((HERE / "yaml-test-suite-errors").glob("*/in.yaml"))
OWN = sorted((HERE / "hostile").glob("*.yaml"))
CLEAN_CODES = {3, 4, 9}  # INVALID, NOT_FOUND, REFUSED (docs/reference exit codes)
WHERE = re.compile(r"\.yaml:\d+(:\d+)?: ")


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def assert_clean(result, path: Path, codes: set[int] = CLEAN_CODES) -> str:
    """Non-zero documented exit, no traceback, an error line naming the file and line."""
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    out = result.output
    assert "Traceback" not in out
    lines = [ln for ln in out.splitlines() if path.name in ln and ("error:" in ln or "✗" in ln)]
    assert lines, out
    assert WHERE.search(lines[0]), f"no file:line in {lines[0]!r}"
    return lines[0]


def test_corpus_is_here() -> None:
    assert len(CORPUS) >= 94
    assert len(OWN) >= 5


@pytest.mark.parametrize("src", CORPUS + OWN, ids=[p.parent.name if p.name == "in.yaml" else p.stem for p in CORPUS + OWN])
def test_broken_yaml_check_and_write(src: Path, tmp_path: Path, run) -> None:
    target = tmp_path / "broken.yaml"
    target.write_bytes(src.read_bytes())
    before = sha(target)
    assert_clean(run("check", target), target)
    assert_clean(run("add-need", target, "some need"), target)
    assert sha(target) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- hostile files


def test_object_tags_never_execute(tmp_path: Path, run) -> None:
    case = make_case(tmp_path / "c")
    pwned = tmp_path / "pwned"
    text = case.read_text() + f'evil: !!python/object/apply:os.system ["touch {pwned}"]\n'
    case.write_text(text)
    for cmd in (["check", case], ["add-need", case, "x"], ["show", case]):
        res = run(*cmd)
        assert res.exit_code == (3 if cmd[0] == "check" else 9), res.output
        assert "tag" in res.output and not pwned.exists()
    assert case.read_text() == text


def test_billion_laughs_refused_fast_and_small(tmp_path: Path) -> None:
    levels = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("schema_version: 1\n" + "\n".join(levels) + "\n")
    code = textwrap.dedent(
        f"""
        import resource, time, json
        from intervensi.casefile import check_file
        from intervensi.store import edit
        from intervensi.errors import IntervensiError
        from pathlib import Path
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        case, problems = check_file(Path({str(bomb)!r}))
        try:
            with edit(Path({str(bomb)!r})) as ed:
                pass
            edited = "accepted"
        except IntervensiError as exc:
            edited = exc.key
        took = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"keys": [p.key for p in problems], "edit": edited, "s": took, "kb": after - before, "peak_kb": after}}))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    got = json.loads(out.stdout)
    assert got["keys"] == ["anchor"] and got["edit"] == "anchor"
    assert got["s"] < 0.5, got
    assert got["kb"] < 100 * 1024, got


def test_50_mb_file_refused_by_size(tmp_path: Path, run) -> None:
    big = tmp_path / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with open(big, "wb") as fh:
        fh.write(b"schema_version: 1\n")
        for _ in range(50 * 1024):
            fh.write(line)
    before = sha(big)
    for cmd in (["check", big], ["add-need", big, "n"]):
        res = run(*cmd)
        assert res.exit_code == (3 if cmd[0] == "check" else 9), res.output
        assert "larger than" in res.output and "Traceback" not in res.output
    assert sha(big) == before


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("nul", b"schema_version: 1\nid: c\x00\n", "binary"),
        ("latin1", "schema_version: 1\nid: c1\nclient:\n  name: Jos\xe9\n".encode("latin-1"), "UTF-8"),
        ("utf16", "schema_version: 1\n".encode("utf-16"), "UTF-16"),
        ("random", bytes(range(256)) * 8, ""),
        ("dupkey", b"schema_version: 1\nid: a\nid: b\n", "duplicate key"),
    ],
)
def test_binary_encoding_duplicates(tmp_path: Path, run, name: str, data: bytes, key: str) -> None:
    f = tmp_path / f"{name}.yaml"
    f.write_bytes(data)
    line = assert_clean(run("check", f), f)
    assert key in line
    assert_clean(run("add-need", f, "n"), f)
    assert f.read_bytes() == data


def test_bom_and_crlf_still_work(tmp_path: Path, run) -> None:
    case = make_case(tmp_path / "c")
    raw = b"\xef\xbb\xbf" + case.read_bytes().replace(b"\n", b"\r\n")
    case.write_bytes(raw)
    res = run("check", case)
    assert res.exit_code == 0, res.output
    res = run("add-need", case, "Tidak ada pencatatan keuangan")
    assert res.exit_code == 0, res.output
    after = case.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line end is still CRLF
    assert after.startswith(raw[: raw.index(b"engagement:")])  # the untouched head is byte-identical
    assert run("check", case).exit_code == 0


@pytest.mark.parametrize("bad", ["../evil", "../../etc/passwd", "/tmp/evil", "a/../../b", ".."])
def test_case_ids_with_paths_refused(tmp_path: Path, run, bad: str) -> None:
    (tmp_path / "cases").mkdir()
    res = run("new-case", bad, "--practice", "casework", "--client", "X", "--dir", tmp_path / "cases")
    assert res.exit_code in (2, 3, 9), res.output
    assert "Traceback" not in res.output
    assert list((tmp_path / "cases").iterdir()) == []
    assert not Path("/tmp/evil.yaml").exists() or Path("/tmp/evil.yaml").stat().st_mtime < 0


@pytest.mark.parametrize("bad", ["../evil", "/etc/passwd", "..", "a/b"])
def test_case_id_with_path_inside_file(tmp_path: Path, run, bad: str) -> None:
    case = make_case(tmp_path / "c")
    text = case.read_text().replace("id: c1", f"id: '{bad}'")
    case.write_text(text)
    assert_clean(run("check", case), case)
    assert_clean(run("add-need", case, "n"), case)
    assert case.read_text() == text


def test_symlink_outside_case_directory(tmp_path: Path, run) -> None:
    outside = make_case(tmp_path / "outside", "c9")
    before = sha(outside)
    cases = tmp_path / "cases"
    make_case(cases, "c1")
    link = cases / "c9.yaml"
    link.symlink_to(outside)
    res = run("check", cases)
    assert res.exit_code == 3, res.output
    assert "symbolic link" in res.output and "Traceback" not in res.output
    res = run("add-need", link, "n")
    assert res.exit_code == 9, res.output
    assert "symbolic link" in res.output
    assert sha(outside) == before
    # a link to a sibling inside the directory is fine
    inner = cases / "alias.yaml"
    inner.symlink_to(cases / "c1.yaml")
    assert run("add-need", inner, "n").exit_code == 0


def test_directory_given_as_case(tmp_path: Path, run) -> None:
    d = tmp_path / "x.yaml"
    d.mkdir()
    res = run("add-need", d, "n")
    assert res.exit_code == 3 and "Traceback" not in res.output
