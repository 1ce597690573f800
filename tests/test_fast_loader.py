"""The fast read path (yamlio.parse on libyaml events) reads files exactly as ruamel round-trip does."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path

import pytest

from intervensi.yamlio import parse
from intervensi.yamlrt import load_roundtrip, to_plain

ROOT = Path(__file__).resolve().parents[1]


def _gen() -> object:
    spec = importlib.util.spec_from_file_location("gen_cohort", ROOT / "benchmarks" / "gen_cohort.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_cohort"] = mod
    spec.loader.exec_module(mod)
    return mod


def _same(text: str) -> None:
    fast = parse(text)
    slow = to_plain(load_roundtrip(text)[0])
    assert fast == slow
    assert _types(fast) == _types(slow)


def _types(node: object) -> object:
    if isinstance(node, dict):
        return {k: _types(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_types(v) for v in node]
    return type(node).__name__


@pytest.mark.parametrize("path", sorted((ROOT / "cases").glob("*.yaml")) + sorted((ROOT / "templates" / "cases").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_files_read_as_roundtrip_does(path: Path) -> None:
    _same(path.read_text("utf-8"))


def test_generated_cases_read_as_roundtrip_does() -> None:
    gen = _gen()
    rng = random.Random(7)
    for i in range(40):
        _same(gen.case_text(i, rng, dt.date(2026, 6, 1)))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "scalar, expected",
    [
        ("NO", "NO"),
        ("on", "on"),
        ("yes", "yes"),
        ("0123", 123),
        ("1:20", "1:20"),
        ("0o17", 15),
        ("1e3", 1000.0),
        ("2025-03-04", dt.date(2025, 3, 4)),
        (".inf", float("inf")),
        ("-.inf", float("-inf")),
        ("~", None),
        ("true", True),
        ("0x1F", 31),
        ("'0123'", "0123"),
    ],
)
def test_tricky_scalars(scalar: str, expected: object) -> None:
    text = f"a: {scalar}\n"
    assert parse(text) == {"a": expected}
    _same(text)


def test_c_event_parser_is_present() -> None:
    import yaml._yaml  # type: ignore[import-not-found,unused-ignore]

    assert hasattr(yaml._yaml, "CParser")
    assert hasattr(yaml, "CSafeLoader")
