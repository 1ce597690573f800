"""The YAML parser's syntax messages under --lang id: the 94 error cases of the YAML test
suite (``tests/yaml-test-suite-errors/``) and a few everyday slips are described in
Indonesian; only a rare message not in the table keeps the parser's words, quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervensi.errors import CaseFileError
from intervensi.yaml_words import problem_id
from intervensi.yamlio import parse
from test_lang_id import english_words

SUITE = Path(__file__).resolve().parent / "yaml-test-suite-errors"


def test_the_suite_errors_are_described_in_indonesian() -> None:
    seen = fallback = 0
    for p in sorted(x for x in SUITE.rglob("*") if x.is_file()):
        try:
            parse(p.read_text(encoding="utf-8", errors="replace"), p)
        except CaseFileError as exc:
            if exc.key != "yaml_syntax":
                continue
            seen += 1
            words = exc.params["problem_id"]
            assert exc.params["problem_en"] == exc.params["problem"]
            if words == f"'{exc.params['problem']}'":
                fallback += 1
                continue
            assert not english_words(words), (p.name, words)
    assert seen > 50
    assert fallback == 0, fallback


@pytest.mark.parametrize(("text", "needle"), [
    ("schema_version: 1\nid: x\n  bad: [\n", "pasangan kunci: nilai tidak boleh di sini"),
    ('schema_version: 1\nid: "x\n', "berkas berakhir sebelum waktunya"),
    ("schema_version: 1\nid:\tx\n\tfoo: 1\n", "karakter tab"),
    ("schema_version: 1\nid: [a, b\n", "',' atau ']' yang diharapkan tidak ditemukan"),
    ("schema_version: 1\nfoo: @bar\n", "tidak boleh mengawali nilai"),
])
def test_everyday_slips_in_indonesian(tmp_path: Path, run, text: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    before = f.read_bytes()
    r = run("--lang", "id", "show", f)
    assert r.exit_code == 3, r.output
    assert needle in r.stderr, r.stderr
    assert not english_words(r.stderr), (english_words(r.stderr), r.stderr)
    r = run("--lang", "en", "show", f)
    assert "not valid YAML" in r.stderr and needle not in r.stderr
    assert f.read_bytes() == before


def test_an_unknown_message_keeps_the_parser_words_quoted() -> None:
    assert problem_id("something new") == "'something new'"
