"""Bad input gets one line: file:line:column, the field, what is wrong — never a traceback or client data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fixtures.helpers import fails, wide_console  # noqa: F401
from intervensi.errors import ExitCode

SECRET = "Siti Rahmawati"  # a client's name: must never appear in an error


def case_text(**changes: str) -> str:
    base = (
        "schema_version: 1\n"
        "id: bad\n"
        "level: micro\n"
        "practice: casework\n"
        "opened: 2025-03-03\n"
        "stage: engagement\n"
        "client:\n"
        "  kind: individual\n"
        f"  name: {SECRET}\n"
        "history: []\n"
    )
    for old, new in changes.items():
        base = base.replace(old.replace("_", " ") if False else old, new)
    return base


BAD = {
    "malformed": ("schema_version: 1\nid: bad\nclient: [unclosed\n", ExitCode.INVALID, ":4:", "not valid YAML"),
    "wrong_type": (case_text().replace("opened: 2025-03-03", "opened: [2025]"), ExitCode.INVALID, ":5:9:", "opened"),
    "unknown_key": (case_text().replace("stage: engagement", "stgae: engagement"), ExitCode.INVALID, ":6:1:", "did you mean 'stage'"),
    "unknown_nested_key": (case_text().replace("  kind: individual", "  knd: individual\n  kind: individual"), ExitCode.INVALID, ":8:3:", "did you mean 'kind'"),
    "unknown_stage": (case_text().replace("stage: engagement", "stage: nirvana"), ExitCode.INVALID, ":6:8:", "stage"),
    "not_a_case": ("shopping:\n  - rice\n  - eggs\n", ExitCode.INVALID, ":1", "schema_version"),
    "a_list": ("- a\n- b\n", ExitCode.INVALID, ":1", "mapping"),
    "empty": ("", ExitCode.INVALID, ":1", "empty"),
    "future_version": (case_text().replace("schema_version: 1", "schema_version: 7"), ExitCode.INVALID, ":1:17:", "schema_version"),
    "duplicate_key": (case_text() + "stage: planning\n", ExitCode.INVALID, ":11:1:", "duplicate"),
    "alias": (case_text().replace("opened: 2025-03-03", "opened: &d 2025-03-03\ntitle: *d"), ExitCode.REFUSED, ":5:9:", "anchor"),
    "python_tag": (case_text().replace("opened: 2025-03-03", "opened: !!python/object/apply:os.system ['true']"), ExitCode.REFUSED, ":5:9:", "tag"),
    "deep": ("a: " + "[" * 5000 + "]" * 5000 + "\n", ExitCode.REFUSED, ":1:", "nested"),
    "impossible_date": (case_text().replace("opened: 2025-03-03", "opened: 2025-02-30"), ExitCode.INVALID, ":5:9:", "date"),
    "binary": ("schema_version: 1\n\x00\n", ExitCode.INVALID, ":2", "binary"),
}


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize("command", ["show", "advance", "add-session", "history"])
def test_bad_files(run, tmp_path: Path, name: str, command: str) -> None:
    text, code, where, what = BAD[name]
    path = write(tmp_path, text)
    raw = path.read_bytes()
    args = [command, path] + (["--date", "2025-03-10"] if command == "add-session" else [])
    line = fails(run(*args), code, str(path) + where, what)
    assert SECRET not in line and "rice" not in line
    assert path.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir()] in (["bad.yaml"], ["bad.yaml", ".bad.yaml.lock"], [".bad.yaml.lock", "bad.yaml"])


@pytest.mark.parametrize("name", list(BAD))
def test_check_reports_bad_files_on_stdout(run, tmp_path: Path, name: str) -> None:
    text, _code, where, what = BAD[name]
    path = write(tmp_path, text)
    res = run("check", path)
    assert res.exit_code == ExitCode.INVALID  # check: one code for "not all valid"
    assert f"{path}{where}" in res.stdout and what in res.stdout
    assert SECRET not in res.stdout + res.stderr and "Traceback" not in res.stdout + res.stderr


def test_bad_value_message_does_not_echo_client_data(run, tmp_path: Path) -> None:
    path = write(tmp_path, case_text().replace("  kind: individual", f"  kind: individual\n  age: {SECRET}"))
    line = fails(run("show", path), ExitCode.INVALID, "client.age")
    assert SECRET not in line


@pytest.mark.parametrize("command", ["show", "advance", "history", "add-session"])
def test_missing_file_and_directory(run, tmp_path: Path, command: str) -> None:
    fails(run(command, tmp_path / "nope.yaml"), ExitCode.NOT_FOUND, "nope.yaml")
    d = tmp_path / "dir.yaml"
    d.mkdir()
    fails(run(command, d), ExitCode.INVALID, "directory")
    fails(run(command, str(tmp_path) + os.sep), ExitCode.INVALID, "directory")


@pytest.mark.parametrize("ref", ["../pkh-s-2025", "..", "a..b/c", "~root"])
def test_case_ids_cannot_escape_the_case_directory(run, cases: Path, ref: str) -> None:
    res = run("show", ref)
    assert res.exit_code in (ExitCode.USAGE, ExitCode.NOT_FOUND, ExitCode.INVALID)
    assert "Traceback" not in res.stderr


def test_symlink_out_of_the_case_directory_is_refused(run, cases: Path, tmp_path: Path, reference: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "pkh-x.yaml"
    target.write_bytes(reference.read_bytes().replace(b"id: pkh-s-2025", b"id: pkh-x"))
    (cases / "pkh-x.yaml").symlink_to(target)
    res = run("check", cases)
    assert res.exit_code == ExitCode.INVALID and "symbolic link" in res.stdout


def test_traceback_flag_shows_one(run, tmp_path: Path) -> None:
    path = write(tmp_path, BAD["malformed"][0])
    res = run("--traceback", "show", path)
    assert res.exit_code != 0 and res.exception is not None and not isinstance(res.exception, SystemExit)


def test_error_in_indonesian(run, tmp_path: Path) -> None:
    path = write(tmp_path, case_text().replace("stage: engagement", "stgae: engagement"))
    fails(run("--lang", "id", "show", path), ExitCode.INVALID, "tidak dikenal", "maksud Anda 'stage'")


def test_json_error_envelope(run, tmp_path: Path) -> None:
    import json

    path = write(tmp_path, case_text().replace("stage: engagement", "stgae: engagement"))
    res = run("show", path, "--json")
    data = json.loads(res.stdout)
    assert data["ok"] is False and data["version"] == 1
    err = data["error"]
    assert (err["key"], err["line"], err["column"], err["exit_code"]) == ("unknown_key", 6, 1, int(ExitCode.INVALID))
