"""A broken workspace config is an error naming its line, never silently replaced by
defaults (which created cases in English with no worker or agency, exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.helpers import fails
from intervensi.errors import ExitCode


@pytest.fixture
def workspace(run, tmp_path: Path) -> Path:
    res = run("init", "--worker", "Rina", "--language", "id")
    assert res.exit_code == 0, res.output
    return tmp_path / "intervensi.toml"


@pytest.mark.parametrize(
    ("edit", "where", "key"),
    [
        (lambda t: t.replace('name = "Rina"', 'name = "Rina'), ":8:", "not valid TOML"),
        (lambda t: t.replace('language = "id"', 'language = "fr"'), ":4", "language"),
        (lambda t: t.replace("[worker]", "[worker"), ":7:", "not valid TOML"),
    ],
    ids=["unclosed-quote", "unknown-language", "unclosed-table"],
)
def test_broken_config_is_an_error_with_its_line(run, workspace: Path, tmp_path: Path, edit, where: str, key: str) -> None:
    workspace.write_text(edit(workspace.read_text()))
    before = workspace.read_bytes()
    fails(run("new-case", "c1", "--practice", "casework", "--client", "X"), ExitCode.INVALID, f"intervensi.toml{where}", key)
    assert not (tmp_path / "cases" / "c1.yaml").exists()
    assert workspace.read_bytes() == before


def test_help_still_works_with_a_broken_config(run, workspace: Path) -> None:
    workspace.write_text(workspace.read_text().replace('name = "Rina"', 'name = "Rina'))
    assert run("--help").exit_code == 0
    assert run("new-case", "--help").exit_code == 0


def test_config_not_utf8(run, workspace: Path) -> None:
    workspace.write_bytes(workspace.read_bytes().replace(b"Rina", b"Jos\xe9"))
    fails(run("status"), ExitCode.INVALID, "intervensi.toml", "UTF-8")


def test_no_workspace_says_how_to_make_one(run, tmp_path: Path) -> None:
    fails(run("show", "pkh-b-2026"), ExitCode.NOT_FOUND, "no case 'pkh-b-2026'", "intervensi init")
    run("init", "--worker", "Rina")
    res = run("show", "pkh-b-2026")
    assert res.exit_code == ExitCode.NOT_FOUND and "intervensi init" not in res.stderr
