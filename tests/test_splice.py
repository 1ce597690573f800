"""Appending by splicing text: exact bytes elsewhere, the same data as a full round trip."""

from __future__ import annotations

import pytest

from intervensi.yamlio import parse
from intervensi.yamlrt import Layout, load_roundtrip, splice_append, to_plain

ITEM = {"date": "2025-06-01", "kind": "home_visit", "notes": "line one\nline <two> & 'three'"}

CASES = {
    "indented": "a:\n  s:\n    - date: 2025-01-01\n      kind: x\nb: 1\n",
    "indentless": "a:\n  s:\n  - date: 2025-01-01\n    kind: x\nb: 1\n",
    "block scalar last": "a:\n  s:\n    - date: 2025-01-01\n      notes: |\n        one\n\n        two\n# trailing comment\nb: 1\n",
    "flow item": "a:\n  s:\n    - {date: 2025-01-01, kind: x}   # keep me\n\n  t: 2\n",
    "no final newline": "a:\n  s:\n    - date: 2025-01-01",
    "crlf": "a:\r\n  s:\r\n    - date: 2025-01-01\r\n      kind: x\r\nb: 1\r\n",
    "end of file": "s:\n  - date: 2025-01-01\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_splice_matches_a_round_trip_and_keeps_the_rest(name: str) -> None:
    text = CASES[name]
    keys = ("s",) if name == "end of file" else ("a", "s")
    spliced = splice_append(text, keys, ITEM, Layout.guess(text, raw_crlf="\r\n" in text))
    assert spliced is not None
    data = parse(spliced)
    node = data
    for k in keys:
        node = node[k]
    assert node[-1]["notes"] == ITEM["notes"]
    assert str(node[-1]["date"]) == "2025-06-01"
    # everything that was there is still there, byte for byte, in order
    assert spliced.startswith(text.rstrip("\n").split("\nb: 1")[0].split("\n# trailing")[0].split("\n\n  t:")[0])
    assert to_plain(load_roundtrip(spliced)[0]) == data  # ruamel reads what libyaml reads
    if "\r\n" in text:
        assert "\n" not in spliced.replace("\r\n", "")


def test_flow_lists_and_missing_lists_fall_back() -> None:
    assert splice_append("a:\n  s: [1, 2]\n", ("a", "s"), 3, Layout()) is None
    assert splice_append("a:\n  s: []\n", ("a", "s"), 3, Layout()) is None
    assert splice_append("a:\n  t: 1\n", ("a", "s"), 3, Layout()) is None
    assert splice_append("a: [", ("a",), 3, Layout()) is None
