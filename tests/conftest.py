"""Shared fixtures: a private copy of the bundled cases, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "cases"
REFERENCE = BUNDLED / "pkh-s-2025.yaml"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test runs in its own directory, in English, as worker 'tester'."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTERVENSI_LANG", "en")
    monkeypatch.setenv("INTERVENSI_WORKER", "tester")
    monkeypatch.delenv("INTERVENSI_CONFIG", raising=False)
    from intervensi.cli._common import STATE

    STATE.lang, STATE.json, STATE.traceback, STATE.lang_given = "en", False, False, False
    yield


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A copy of the bundled cases in a temporary directory."""
    dest = tmp_path / "cases"
    # only the case files: a run of `dev.py demo` leaves a cache (.intervensi-cache) and
    # lock sidecars in the bundled folder, which a test must not inherit
    shutil.copytree(BUNDLED, dest, ignore=shutil.ignore_patterns(".*"))
    return dest


@pytest.fixture
def reference(cases: Path) -> Path:
    return cases / REFERENCE.name


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # noqa: A002
        from intervensi.cli import app

        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def run() -> Run:
    return Run()
