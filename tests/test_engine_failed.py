"""An engine that fails on an input (the PDF engine, Graphviz, the rasteriser) is exit 13, in the
user's language, with nothing half-written — not exit 1, which asks the user to report a bug."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def failing_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    exe = tmp_path / "bin" / "chromium"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\necho 'crashed' >&2\nexit 1\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("INTERVENSI_CHROMIUM", str(exe))
    return exe


@pytest.mark.parametrize(("lang", "words"), [("en", "PDF engine failed"), ("id", "mesin PDF gagal")])
def test_a_failing_pdf_engine_is_exit_13_and_writes_nothing(run, tmp_path: Path, failing_chromium: Path, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    case = tmp_path / "pkh-s-2025.yaml"
    shutil.copy(ROOT / "cases" / "pkh-s-2025.yaml", case)
    before = case.read_bytes()
    out = tmp_path / "r.pdf"
    r = run("--lang", lang, "report", case, "--format", "pdf", "--pdf-engine", "chromium", "-o", out)
    assert r.exit_code == 13, r.output
    assert words in r.output and "report it" not in r.output and "laporkan" not in r.output
    assert not out.exists() and case.read_bytes() == before


def test_exit_13_is_the_engine_code() -> None:
    from intervensi.diagrams.backend import LayoutFailed
    from intervensi.errors import EngineFailed, ExitCode
    from intervensi.raster import RasterError
    from intervensi.report.data import PdfFailed

    for cls in (LayoutFailed, PdfFailed, RasterError):
        assert issubclass(cls, EngineFailed) and cls("x").exit_code == ExitCode.ENGINE_FAILED == 13
