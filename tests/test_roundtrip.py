"""Commands keep the user's file: every line outside the edited region stays byte-identical."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from fixtures.helpers import ok, wide_console  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "commented.yaml"

#: (mapping, sequence, offset) indentation styles people and editors use.
STYLES = {
    "map2-seq-flush": (2, 2, 0),
    "map2-seq-indented": (2, 4, 2),
    "map4-seq-flush": (4, 4, 2),  # dash two in, content at four
    "map4-seq-indented": (4, 6, 4),
}


def styled(mapping: int, sequence: int, offset: int) -> str:
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    data = y.load(FIXTURE.read_text(encoding="utf-8"))
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def write_case(directory: Path, text: str, *, crlf: bool = False, bom: bool = False) -> Path:
    path = directory / "commented.yaml"
    raw = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw.encode("utf-8"))
    return path


def changed_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    """Lines removed from ``before`` and lines added in ``after`` (byte-exact, line ends included)."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed: list[bytes] = []
    added: list[bytes] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def test_fixture_is_a_valid_case(run) -> None:
    from intervensi.casefile import load_case

    assert load_case(FIXTURE).id == "commented"


@pytest.mark.parametrize("style", list(STYLES))
def test_add_need_touches_only_the_new_item(run, tmp_path: Path, style: str) -> None:
    path = write_case(tmp_path, styled(*STYLES[style]))
    before = path.read_bytes()
    ok(run("add-need", path, "Low self-confidence", "--area", "psychosocial"))
    after = path.read_bytes()
    removed, added = changed_lines(before, after)
    assert removed == [], f"lines changed or lost: {removed}"
    text = b"".join(added).decode()
    assert "id: n2" in text and "Low self-confidence" in text and "psychosocial" in text
    assert len(added) == 3


@pytest.mark.parametrize("style", list(STYLES))
def test_advance_touches_only_stage_and_history(run, tmp_path: Path, style: str) -> None:
    path = write_case(tmp_path, styled(*STYLES[style]))
    before = path.read_bytes()
    ok(run("advance", path))
    removed, added = changed_lines(before, path.read_bytes())
    assert removed == [b"stage: assessment\n"], removed
    assert added[0] == b"stage: planning\n"
    new_entry = b"".join(added[1:]).decode()
    assert "from: assessment" in new_entry and "to: planning" in new_entry and "by: tester" in new_entry


@pytest.mark.parametrize(("crlf", "bom"), [(True, False), (False, True), (True, True)])
def test_crlf_and_bom_are_kept(run, tmp_path: Path, crlf: bool, bom: bool) -> None:
    path = write_case(tmp_path, FIXTURE.read_text(encoding="utf-8"), crlf=crlf, bom=bom)
    before = path.read_bytes()
    ok(run("add-need", path, "School fees"))
    ok(run("advance", path))
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    body = after.removeprefix(b"\xef\xbb\xbf")
    if crlf:
        assert body.count(b"\n") == body.count(b"\r\n")
    else:
        assert b"\r" not in body
    removed, _added = changed_lines(before, after)
    eol = b"\r\n" if crlf else b"\n"
    assert [r.removeprefix(b"\xef\xbb\xbf") for r in removed] == [b"stage: assessment" + eol], removed


def test_comments_quotes_flow_lists_survive_verbatim(run, tmp_path: Path) -> None:
    path = write_case(tmp_path, FIXTURE.read_text(encoding="utf-8"))
    ok(run("add-need", path, "School fees"))
    ok(run("add-strength", path, "Motivated"))
    ok(run("add-session", path, "--date", "2025-03-17"))
    text = path.read_text(encoding="utf-8")
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        assert line in text.splitlines(), f"lost or changed: {line!r}"


def test_append_keeps_every_other_byte(run, tmp_path: Path) -> None:
    """Appends are spliced into the text: even flow-list spacing ruamel would normalise stays."""
    original = FIXTURE.read_text(encoding="utf-8").replace("humbahas, ", "humbahas,   ")
    path = write_case(tmp_path, original)
    ok(run("add-need", path, "School fees"))
    after = path.read_text(encoding="utf-8")
    assert "tags: [pkh, humbahas,   'doloksanggul']\n" in after
    added = [line for line in difflib.ndiff(original.splitlines(), after.splitlines()) if line.startswith("+ ")]
    removed = [line for line in difflib.ndiff(original.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []
    assert any("School fees" in line for line in added)


@pytest.mark.xfail(strict=True, reason="ruamel.yaml normalises the spacing inside flow collections ([a,   b] -> [a, b]) when it rewrites a file")
def test_spacing_inside_flow_lists_is_kept_by_a_full_rewrite(run, tmp_path: Path) -> None:
    from intervensi.store import edit

    path = write_case(tmp_path, FIXTURE.read_text(encoding="utf-8").replace("humbahas, ", "humbahas,   "))
    with edit(path, allow_closed=True) as ed:
        assert ed.data is not None  # loads the round-trip tree: the file is re-emitted whole
        ed.changed = True
    assert "tags: [pkh, humbahas,   'doloksanggul']\n" in path.read_text()


def test_advance_keeps_spacing_inside_flow_lists(run, tmp_path: Path) -> None:
    """``advance`` splices the stage and the history entry into the text: nothing else is re-emitted."""
    path = write_case(tmp_path, FIXTURE.read_text(encoding="utf-8").replace("humbahas, ", "humbahas,   "))
    ok(run("advance", path, "--force", "--reason", "test"))
    assert "tags: [pkh, humbahas,   'doloksanggul']\n" in path.read_text()


def test_hand_edit_then_command_then_hand_edit(run, tmp_path: Path) -> None:
    """Hand-editing stays first-class: a comment added by hand survives the next command."""
    path = write_case(tmp_path, FIXTURE.read_text(encoding="utf-8"))
    ok(run("add-need", path, "School fees"))
    text = path.read_text().replace("  strengths:\n", "  strengths:  # added by hand on the visit\n")
    path.write_text(text)
    ok(run("add-strength", path, "Motivated"))
    assert "  strengths:  # added by hand on the visit\n" in path.read_text()
