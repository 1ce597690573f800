"""Through a pipe, reading commands write their output without Rich (cli/_plain.py): it must
be exactly what Rich prints there, for every bundled case, in both languages, at several
widths, and for text only Rich can render (emoji codes, wide characters, markup-like text)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from intervensi.cli import _plain

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "cases").glob("*.yaml"))


def both(run: Any, monkeypatch: pytest.MonkeyPatch, *args: Any) -> tuple[str, str, str, str]:
    """(stdout, stderr) written directly, then (stdout, stderr) drawn by Rich."""
    from intervensi.cli import _common

    monkeypatch.setattr(_common, "_console", None)  # a console cached at another width by an earlier run
    monkeypatch.setattr(_common, "_err", None)
    fast = run(*args)
    with monkeypatch.context() as m:
        m.setattr(_plain, "to_pipe", lambda stream: False)
        m.setattr(_common, "_console", None)
        m.setattr(_common, "_err", None)
        slow = run(*args)
    assert fast.exit_code == slow.exit_code
    return fast.stdout, fast.stderr, slow.stdout, slow.stderr


@pytest.mark.parametrize("columns", ["40", "80", "200"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_show_through_a_pipe_is_what_rich_prints(run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, columns: str) -> None:
    from intervensi.cli import case as case_cli

    monkeypatch.setenv("COLUMNS", columns)
    written: list[bool] = []
    original = case_cli._show_plain
    monkeypatch.setattr(case_cli, "_show_plain", lambda *a: written.append(original(*a)) or written[-1])
    for case in CASES:
        copy = tmp_path / case.name
        shutil.copy(case, copy)
        out, err, rich_out, rich_err = both(run, monkeypatch, "--lang", lang, "show", copy)
        assert out == rich_out, case.name
        assert err == rich_err, case.name
    if columns != "40":
        assert written.count(True) >= len(CASES) // 2, written  # most are written directly, not only by Rich


@pytest.mark.parametrize(
    "title",
    ["Keluarga :smile: bahagia", "家族の支援", "Ibu [red]B[/] dan \\[anak]", "tab\there", "a" * 150, "café — São Paulo · ok…", "e\u0301 combining"],
)
def test_show_with_text_only_rich_can_render(run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, title: str) -> None:
    copy = tmp_path / "pkh-s-2025.yaml"
    text = (ROOT / "cases" / copy.name).read_text(encoding="utf-8")
    import re

    text = re.sub(r"(?m)^title: .*$", lambda _: "title: " + __import__("json").dumps(title), text, count=1)
    copy.write_text(text, encoding="utf-8")
    for columns in ("60", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        out, _, rich_out, _ = both(run, monkeypatch, "show", copy)
        assert out == rich_out, (title, columns)


def test_plain_markup_follows_rich() -> None:
    from rich.markup import escape as rich_escape
    from rich.text import Text

    for s in ["plain", "[bold]b[/] x", "\\[not a tag]", "\\\\[bold]b[/]", "a [b] c", "ends with \\", "x[/]", "[dim](n)[/]"]:
        assert _plain.escape(s) == rich_escape(s), s
        try:
            expected = Text.from_markup(s).plain
        except Exception:  # markup Rich refuses (an unmatched closing tag): never ours
            continue
        got = _plain.plain(s)
        assert got is None or got == expected, s
    assert _plain.plain(":smile: today") is None and _plain.plain("at 09:30:00") == "at 09:30:00"


LISTS = [["history"], ["check"], ["need", "list"], ["goal", "list"], ["session", "list"], ["client", "show"], ["engagement", "show"], ["person", "list"]]


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_lists_and_messages_through_a_pipe_are_what_rich_prints(run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str], lang: str) -> None:
    for columns in ("50", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        for case in CASES:
            copy = tmp_path / case.name
            shutil.copy(case, copy)
            out, err, rich_out, rich_err = both(run, monkeypatch, "--lang", lang, *command, copy)
            assert out == rich_out, (case.name, columns)
            assert err == rich_err, (case.name, columns)


def test_a_list_with_an_emoji_code_or_markup_like_text(run: Any, monkeypatch: pytest.MonkeyPatch, reference: Path) -> None:
    ok_ = run("reopen", reference, "--reason", "more :smile: work [red]x[/]", "--to", "evaluation")
    assert ok_.exit_code == 0, ok_.stderr
    assert run("need", "add", reference, "Needs :+1: and \\[b] [bold]").exit_code == 0
    for args in (["history", reference], ["need", "list", reference], ["risk", "list", reference]):
        out, err, rich_out, rich_err = both(run, monkeypatch, *args)
        assert (out, err) == (rich_out, rich_err), args
