"""One kind of bad input, one answer: whatever its size, and whichever layer notices it.

A dependency's own limits move between releases (libyaml 0.2.6 stops at a flow nesting
depth of 1,000 with a scanner error of its own; 0.2.5 walks 30,000 levels). What a user
sees must not move with them: the same exit code, the same message key, the same
file:line:column, the file byte-identical. These tests assert only that — never a
library's event counts or wording — so they hold with the newest releases and with the
oldest ones ``pyproject.toml`` declares (``python3 dev.py test-lowest``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intervensi import yamlio
from intervensi.errors import CaseFileError, ExitCode
from intervensi.yamlio import MAX_BYTES, parse

HEAD = "schema_version: 1\nid: c1\n"


def nested(kind: str, n: int) -> str:
    """A case-like file whose field ``x`` nests ``n`` levels deep."""
    if kind == "flow-seq":
        return HEAD + "x: " + "[" * n + "]" * n + "\n"
    if kind == "flow-map":
        return HEAD + "x: " + "{a: " * n + "}" * n + "\n"
    if kind == "compact-seq":
        return HEAD + "x:\n" + "- " * n + "v\n"
    if kind == "block-map":
        return HEAD + "x:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(n)) + " " * (n + 1) + "v\n"
    raise AssertionError(kind)


KINDS = ["flow-seq", "flow-map", "compact-seq", "block-map"]
DEPTHS = [49, 999, 1000, 1001, 5000, 30000]


def sizes_for(kind: str) -> list[int]:
    # a block mapping 5,000 levels deep is 12 MB of indentation: refused by size, tested below
    return [n for n in DEPTHS if kind != "block-map" or n <= 1001]


def answer(text: str) -> tuple[str, int | None, int | None]:
    try:
        parse(text)
    except CaseFileError as exc:
        return exc.key, exc.line, exc.column
    return "accepted", None, None


@pytest.mark.parametrize("kind", KINDS)
def test_depth_one_answer_at_every_size(kind: str) -> None:
    answers = {n: answer(nested(kind, n)) for n in sizes_for(kind)}
    assert {a[0] for a in answers.values()} == {"depth"}, answers
    assert len(set(answers.values())) == 1, answers  # same line and column whatever the depth


@pytest.mark.parametrize("kind", KINDS)
def test_depth_same_answer_from_either_parser(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml (whatever its limit) and the pure-Python parser (no limit) give one answer."""
    with_c = {n: answer(nested(kind, n)) for n in sizes_for(kind)}
    real = yamlio._events
    monkeypatch.setattr(yamlio, "_events", lambda text, pure=False: real(text, pure=True))
    pure = {n: answer(nested(kind, n)) for n in sizes_for(kind)}
    assert with_c == pure


def test_just_under_the_limit_is_a_valid_nesting() -> None:
    # depth 48 in all (the root mapping is level 1): parses
    assert answer("x: " + "[" * 47 + "]" * 47 + "\n")[0] == "accepted"
    assert answer("x: " + "[" * 48 + "]" * 48 + "\n")[0] == "depth"


def test_syntax_errors_keep_their_own_answer() -> None:
    """The second pass never turns a plain syntax error into something else."""
    for text in ("a: [unclosed\n", "a: b: c\n", "a:\n  - x\n y: z\n", "x: " + "[" * 20 + "\n"):
        assert answer(text)[0] == "yaml_syntax", text


# --------------------------------------------------------------------------- by command


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def cli_answer(run, path: Path, *cmd: str) -> tuple[int, str, int | None, int | None]:
    res = run(cmd[0], path, *cmd[1:], "--json")
    doc = json.loads(res.stdout)
    err = doc["files"][0]["problems"][0] if cmd[0] == "check" else doc["error"]
    assert "Traceback" not in res.stdout + res.stderr
    return res.exit_code, err["key"], err["line"], err["column"]


@pytest.mark.parametrize("n", [49, 1000, 1001, 30000])
def test_depth_by_command(run, tmp_path: Path, n: int) -> None:
    f = tmp_path / "deep.yaml"
    f.write_text(nested("flow-seq", n))
    before = sha(f)
    assert cli_answer(run, f, "check")[:2] == (ExitCode.INVALID, "depth")  # check: one code for "not all valid"
    code, key, line, col = cli_answer(run, f, "show")
    assert (code, key) == (ExitCode.REFUSED, "depth")
    assert (line, col) == answer(nested("flow-seq", 49))[1:]
    assert cli_answer(run, f, "add-need", "a need")[:2] == (ExitCode.REFUSED, "depth")
    assert sha(f) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".deep.yaml.lock") == ["deep.yaml"]


def big_file(tmp_path: Path, size: int, tail: bytes = b"") -> Path:
    f = tmp_path / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    body = HEAD.encode() + line * ((size - len(HEAD) - len(tail)) // len(line))
    body += b"#" * (size - len(body) - len(tail) - 1) + b"\n" + tail if size - len(body) - len(tail) >= 1 else tail
    f.write_bytes(body[:size] if len(body) > size else body)
    return f


@pytest.mark.parametrize(
    ("kind", "size", "want"),
    [
        ("size", MAX_BYTES + 1, "too_large"),
        ("size", MAX_BYTES + 4096, "too_large"),
        ("size", 50 * 1024 * 1024, "too_large"),
        ("binary", 100, "binary"),
        ("binary", MAX_BYTES - 10, "binary"),
        ("binary", MAX_BYTES + 10, "too_large"),  # the size is the first thing known
        ("alias", 100, "anchor"),
        ("alias", MAX_BYTES - 100, "anchor"),
        ("tag", 100, "tag"),
        ("tag", MAX_BYTES - 100, "tag"),
        ("utf16", 100, "wide_encoding"),
        ("utf16", 100_000, "wide_encoding"),
    ],
)
def test_one_answer_per_kind_and_size(run, tmp_path: Path, kind: str, size: int, want: str) -> None:
    if kind == "size":
        f = big_file(tmp_path, size)
    elif kind == "binary":
        f = big_file(tmp_path, size, b"x: a\x00b\n")
    elif kind == "alias":
        f = big_file(tmp_path, size, b"x: &a [1]\ny: *a\n")
    elif kind == "tag":
        f = big_file(tmp_path, size, b"x: !!python/object/apply:os.system ['true']\n")
    else:
        f = tmp_path / "big.yaml"
        f.write_bytes((HEAD + "# " + "x" * (size // 2) + "\n").encode("utf-16"))
    assert f.stat().st_size >= min(size, MAX_BYTES + 1) - 2048
    before = sha(f)
    code, key, line, _col = cli_answer(run, f, "check")
    assert (code, key) == (ExitCode.INVALID, want)
    assert line is not None or want == "too_large"
    code, key, _line, _col = cli_answer(run, f, "add-need", "a need")
    assert key == want and code in (ExitCode.INVALID, ExitCode.REFUSED)
    assert sha(f) == before


def test_deep_file_never_crashes_a_process(tmp_path: Path) -> None:
    """30,000 levels in a real process: a clean refusal, never a crash (the C composers segfault)."""
    deep = tmp_path / "deep.yaml"
    body = nested("flow-seq", 30000)
    deep.write_text(body)
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    for args, code in ((["check", str(deep)], 3), (["add-need", str(deep), "n"], 9)):
        out = subprocess.run([sys.executable, "-m", "intervensi", *args], capture_output=True, text=True, env=env, timeout=120)
        assert out.returncode == code, (out.returncode, out.stderr[-500:])
        assert "deep.yaml:3:" in out.stdout + out.stderr and "Traceback" not in out.stderr
    assert deep.read_text() == body
