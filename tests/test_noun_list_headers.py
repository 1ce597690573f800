"""``intervensi NOUN list`` heads its columns in the user's language; ``--json`` keeps the
YAML field names as keys. A file position like ``:100:7`` is printed as written (Rich once
turned ``:100:`` into an emoji)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from test_lang_id import english_words


@pytest.mark.parametrize(("noun", "heads_id", "heads_en"), [
    ("person", ["#", "id", "nama", "jenis kelamin", "lahir", "wafat"], ["#", "id", "name", "sex", "born", "died"]),
    ("system", ["#", "id", "jenis", "nama", "ikatan", "arah aliran"], ["#", "id", "kind", "name", "connection", "flow"]),
    ("session", ["#", "tanggal", "jenis"], ["#", "date", "kind"]),
])
def test_list_headers_are_translated(cases: Path, run, noun: str, heads_id: list[str], heads_en: list[str]) -> None:  # type: ignore[no-untyped-def]
    case = cases / "keluarga-h-2025.yaml"
    r = run("--lang", "id", noun, "list", case)
    assert r.exit_code == 0, r.output
    head = r.stdout.splitlines()[0].split("\t")  # through a pipe: tab-separated, in full
    for h in heads_id:
        assert h in head, (h, head)
    assert not english_words(r.stdout.splitlines()[0]), head
    assert "True" not in r.stdout and "False" not in r.stdout  # yes/no in words
    r = run("--lang", "en", noun, "list", case)
    head = r.stdout.splitlines()[0].split("\t")
    for h in heads_en:
        assert h in head, (h, head)
    r = run("--lang", "id", noun, "list", case, "--json")
    items = json.loads(r.stdout)["items"]
    assert "number" in items[0] and all(k.isascii() and " " not in k for k in items[0])


def test_a_position_with_100_is_not_an_emoji(cases: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((cases / "keluarga-h-2025.yaml").read_text(encoding="utf-8"))
    data["practice"] = "casework"  # a mezzo case: the practice line is reported
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    at = next(i for i, line in enumerate(body.splitlines()) if line.startswith("practice:"))
    bad = tmp_path / "b.yaml"
    bad.write_text("".join(f"# {i}\n" for i in range(99 - at)) + body, encoding="utf-8")  # practice on line 100
    for lang in ("en", "id"):
        r = run("--lang", lang, "check", bad)
        assert r.exit_code == 3
        assert "b.yaml:100:11: practice" in r.output, r.output
        assert "\U0001f4af" not in r.output  # the emoji :100:


@pytest.mark.parametrize(("section", "label_id", "label_en"), [
    ("client", "wilayah:", "region:"),
    ("engagement", "sumber rujukan:", "referral_source:"),
    ("evaluation", "yang belum berubah:", "unchanged:"),
])
def test_section_show_labels_are_translated(cases: Path, run, section: str, label_id: str, label_en: str) -> None:  # type: ignore[no-untyped-def]
    case = cases / "keluarga-h-2025.yaml"
    r = run("--lang", "id", section, "show", case)
    assert r.exit_code == 0, r.output
    assert label_id in r.stdout and label_en not in r.stdout, r.stdout
    r = run("--lang", "id", section, "show", case, "--json")
    assert label_en.rstrip(":") in json.loads(r.stdout)["facts"]  # JSON keys stay the field names


def test_closed_list_values_are_words_in_the_users_language(run) -> None:  # type: ignore[no-untyped-def]
    """`member list` said "female" and `system list` "tenuous" under --lang id; --json keeps the file's values."""
    root = Path(__file__).resolve().parents[1] / "cases"
    members = run("--lang", "id", "member", "list", root / "kube-melati-2025.yaml")
    assert members.exit_code == 0 and "perempuan" in members.output and "female" not in members.output
    systems = run("--lang", "id", "system", "list", root / "keluarga-h-2025.yaml")
    assert "lemah" in systems.output and "dari klien" in systems.output and "sekolah" in systems.output
    assert "tenuous" not in systems.output and "from_client" not in systems.output
    raw = json.loads(run("--lang", "id", "system", "list", root / "keluarga-h-2025.yaml", "--json").stdout)
    assert raw["items"][0]["connection"] == "tenuous" and raw["items"][0]["flow"] == "from_client"
