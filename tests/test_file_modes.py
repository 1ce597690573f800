"""Files with client data are private unless the user asks otherwise (issue 6, confidentiality)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_outputs_are_private_by_default(run, cases: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    os.umask(0o022)
    assert run("new-case", "c-1", "--practice", "casework", "--client", "Ibu Z", "--dir", tmp_path / "new").exit_code == 0
    assert _mode(tmp_path / "new") == 0o700 and _mode(tmp_path / "new" / "c-1.yaml") == 0o600
    assert run("export", cases, "--format", "csv", "--output", tmp_path / "out.csv").exit_code == 0
    assert _mode(tmp_path / "out.csv") == 0o600
    assert run("report", cases / "pkh-s-2025.yaml", "--output", tmp_path / "rep" / "r.html").exit_code == 0
    assert _mode(tmp_path / "rep") == 0o700 and _mode(tmp_path / "rep" / "r.html") == 0o600


def test_a_workspace_can_ask_for_group_readable_files(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    os.umask(0o022)
    assert run("init", tmp_path / "ws", "--worker", "W").exit_code == 0
    cfg = tmp_path / "ws" / "intervensi.toml"
    cfg.write_text(cfg.read_text().replace('# file_mode = "0640"', 'file_mode = "0640"'))
    os.chdir(tmp_path / "ws")
    assert run("new-case", "c-2", "--practice", "casework", "--client", "Ibu Z", "--dir", "shared").exit_code == 0
    assert _mode(tmp_path / "ws" / "shared") == 0o750
    assert _mode(tmp_path / "ws" / "shared" / "c-2.yaml") == 0o640
    # an edit keeps the file's mode
    assert run("add-need", "shared/c-2.yaml", "School fees").exit_code == 0
    assert _mode(tmp_path / "ws" / "shared" / "c-2.yaml") == 0o640


def test_the_environment_can_ask_too_but_never_less_than_owner_read_write(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INTERVENSI_FILE_MODE", "0044")
    assert run("new-case", "c-3", "--practice", "casework", "--client", "Ibu Z", "--dir", tmp_path / "d").exit_code == 0
    assert _mode(tmp_path / "d" / "c-3.yaml") == 0o644
