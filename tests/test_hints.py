"""Hints name today's commands (the noun groups), and the words inside them are in the user's language."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_genogram_of_a_group_says_so_in_indonesian(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case = tmp_path / "kube.yaml"
    shutil.copy(ROOT / "cases" / "kube-melati-2025.yaml", case)
    r = run("--lang", "id", "genogram", case, "--render", "-o", tmp_path / "g.svg")
    assert r.exit_code == 12, r.output
    assert "kasus kelompok" in r.output and "group" not in r.output
    r = run("--lang", "en", "genogram", case, "--render", "-o", tmp_path / "g.svg")
    assert "group case" in r.output


def test_empty_diagram_hints_name_the_noun_commands() -> None:
    from intervensi.cli import diagram  # noqa: F401  (registers its words)
    from intervensi.i18n import CATALOG

    for key in ("err.genogram_empty", "err.ecomap_empty", "dg.empty_genogram"):
        for lang in ("en", "id"):
            text = CATALOG[key][lang]
            assert "add-person" not in text and "add-system" not in text, (key, lang)
            assert "person add" in text or "system add" in text, (key, lang)
