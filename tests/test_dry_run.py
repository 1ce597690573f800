"""A dry run says what it would do, in words that cannot be read as done, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(("lang", "word"), [("en", "would move"), ("id", "akan berpindah")])
def test_advance_dry_run_says_would(run, cases: Path, lang: str, word: str) -> None:
    case = cases / "keluarga-h-2025.yaml"
    before = case.read_bytes()
    res = run("--lang", lang, "advance", case, "--dry-run")
    assert res.exit_code == 0, res.output
    assert word in res.stderr and "→" in res.stderr
    assert case.read_bytes() == before
    real = run("--lang", lang, "advance", case)
    assert real.exit_code == 0 and word not in real.stderr
