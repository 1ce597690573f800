"""Everything a person reads exists in English and Bahasa Indonesia."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import intervensi.cli
from intervensi.i18n import CATALOG, stage_label, t
from intervensi.vocab import Stage

SRC = Path(__file__).resolve().parents[1] / "src" / "intervensi"

# Commands load only their own module (cli/_index.py): load them all, and every library module
# with words of its own, so the catalogue checked here is the whole one whatever ran before.
intervensi.cli.load_all()
for _module in sorted(p.stem for p in SRC.glob("*.py") if p.stem != "__main__" and "CATALOG" in p.read_text(encoding="utf-8")):
    __import__(f"intervensi.{_module}")


def test_every_key_has_english_and_indonesian() -> None:
    missing = [k for k, v in CATALOG.items() if not v.get("en") or not v.get("id")]
    assert missing == []


def test_placeholders_match_between_languages() -> None:
    fmt = string.Formatter()
    for key, v in CATALOG.items():
        en = {f for _, f, _, _ in fmt.parse(v["en"]) if f}
        id_ = {f for _, f, _, _ in fmt.parse(v["id"]) if f}
        assert en == id_, key


GATE_PARAMS = {"goal": "g1"}


@pytest.mark.parametrize("key", sorted(k for k in CATALOG if k.startswith("gate.")))
def test_every_gate_message_renders_in_both_languages(key: str) -> None:
    en, id_ = t(key, "en", **GATE_PARAMS), t(key, "id", **GATE_PARAMS)
    assert en and id_ and "{" not in en + id_
    assert en != id_


def test_every_gate_the_cycle_raises_has_a_message() -> None:
    used = set(re.findall(r'Unmet\("(gate\.[a-z_]+)"', (SRC / "cycle.py").read_text()))
    assert used and used <= set(CATALOG)


def test_every_error_key_raised_has_a_message() -> None:
    keys: set[str] = set()
    for f in [SRC / n for n in ("cycle.py", "store.py", "yamlio.py", "yamlrt.py", "casefile.py", "ops.py", "newcase.py", "config.py")] + list((SRC / "cli").glob("*.py")):
        if f.name in ("case.py", "cycle.py", "fill.py", "_common.py", "__init__.py") or f.parent == SRC:
            keys |= set(re.findall(r'key="([a-z_]+)"', f.read_text()))
    keys |= set(re.findall(r'"([a-z_]+)",\s*ev\.start_mark', (SRC / "yamlio.py").read_text()))
    missing = sorted(k for k in keys if f"err.{k}" not in CATALOG)
    assert missing == []


@pytest.mark.parametrize("stage", list(Stage))
def test_stage_labels(stage: Stage) -> None:
    assert stage_label(stage, "en") and stage_label(stage, "id")


def test_indonesian_stage_names() -> None:
    assert stage_label(Stage.ASSESSMENT, "id") == "asesmen" and stage_label(Stage.PLANNING, "id") == "perencanaan"
