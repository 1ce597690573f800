"""Round-trip editing of case-file YAML: ruamel.yaml's round-trip mode plus splices.

:func:`load_roundtrip` / :func:`dump_roundtrip` keep comments, key order, quoting and the
file's indentation; every input is first checked by :func:`intervensi.yamlio.parse`, so the
same rules (no aliases, tags, duplicate keys or absurd depth) hold for edits. The splices
(:func:`splice_append`, :func:`splice_set_scalar`) change one place of the text and keep
every other byte. Split from :mod:`intervensi.yamlio` (the read-only fast path), which does
not import this module.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from .errors import CaseFileError, RefusedInput
from .yaml_words import problem_words
from .yamlio import _DATE_ONLY, BOM, Positions, parse


class Layout:
    """How a file is laid out, so a rewrite keeps it: indentation, line ends, BOM."""

    def __init__(self, mapping: int = 2, sequence: int = 4, offset: int = 2, crlf: bool = False, bom: bool = False) -> None:
        self.mapping = mapping
        self.sequence = sequence
        self.offset = offset
        self.crlf = crlf
        self.bom = bom

    @classmethod
    def guess(cls, text: str, raw_crlf: bool = False, bom: bool = False) -> Layout:
        mapping, offset = 2, 2
        lines = text.splitlines()
        found_map = found_seq = False
        for prev, line in itertools.pairwise(lines):
            stripped = prev.lstrip(" ")
            if not stripped or stripped.startswith("#") or not prev.rstrip().endswith(":"):
                continue
            p_ind = len(prev) - len(stripped)
            content = line.lstrip(" ")
            ind = len(line) - len(content)
            if content.startswith("- ") or content == "-":
                if not found_seq:
                    offset = max(0, ind - p_ind)
                    found_seq = True
            elif content and not content.startswith("#") and ind > p_ind and not found_map:
                mapping = ind - p_ind
                found_map = True
            if found_map and found_seq:
                break
        if mapping < 1:
            mapping = 2
        return cls(mapping=mapping, sequence=offset + 2, offset=offset, crlf=raw_crlf, bom=bom)


def _yaml(layout: Layout) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.allow_duplicate_keys = False
    y.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return y


def load_roundtrip(text: str, path: Path | None = None) -> tuple[Any, Layout]:
    """Load for editing: ruamel round-trip data plus the file's layout.

    The document is first checked by :func:`parse`, so everything refused there (aliases,
    tags, depth, duplicates) is refused here before ruamel sees it.
    """
    parse(text, path)
    layout = Layout.guess(text, raw_crlf="\r\n" in text)
    try:
        # ruamel drops a blank line after a flow collection when lines end in CRLF; the
        # line ends are put back by dump_roundtrip (layout.crlf).
        data = _yaml(layout).load(text.replace("\r\n", "\n") if layout.crlf else text)
    except Exception as exc:  # ruamel raises non-YAML errors on a few inputs
        # some ruamel errors carry only a context mark (S98Z of the YAML test suite)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or type(exc).__name__
        raise CaseFileError(
            f"not valid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else 1,
            column=mark.column + 1 if mark else None,
            key="yaml_syntax",
            params=problem_words(str(problem)),
        ) from None
    return data, layout


def dump_roundtrip(data: Any, layout: Layout | None = None) -> str:
    import io

    layout = layout or Layout()
    buf = io.StringIO()
    _yaml(layout).dump(data, buf)
    text = buf.getvalue()
    if layout.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if layout.bom:
        text = BOM + text
    return text


def to_plain(node: Any) -> Any:
    """Round-trip data (CommentedMap, ScalarInt, TimeStamp...) as plain Python values."""
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(node, dict):
        return {_plain_key(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(
            node.year, node.month, node.day, node.hour, node.minute, node.second, node.microsecond, tzinfo=node.tzinfo
        )
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, TaggedScalar):
        raise RefusedInput("tagged values are not allowed in a case file", key="tag", params={"tag": str(node.tag)})
    return node


def _plain_key(k: Any) -> Any:
    if isinstance(k, bool) or k is None:
        return k
    if isinstance(k, int):
        return int(k)
    return str(k) if isinstance(k, str) else k


def to_yaml_value(value: Any) -> Any:
    """Plain data (from ``model_dump(mode='json')``) ready to insert into a round-trip tree."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = to_yaml_value(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        s.extend(to_yaml_value(v) for v in value)
        return s
    if isinstance(value, str) and _DATE_ONLY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def splice_append(text: str, keys: tuple[str, ...], item: Any, layout: Layout) -> str | None:
    """``text`` with ``item`` appended to the block list at ``keys``, or ``None``.

    The new item is rendered by ruamel with the file's layout and inserted right after the
    last line of the list's last item, so every other byte of the file stays as it was.
    Returns ``None`` (the caller falls back to a full round trip) unless the list exists,
    is a non-empty block list whose items start on their own ``-`` line, and the spliced
    text parses to exactly the old data plus the new item.
    """
    import io
    import textwrap

    positions = Positions()
    try:
        data = parse(text, None, positions)
    except CaseFileError:
        return None
    node: Any = data
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if not isinstance(node, list) or not node:
        return None
    lines = text.splitlines(keepends=True)
    seq_pos = positions.values.get(tuple(keys))
    last_pos = positions.values.get((*keys, len(node) - 1))
    if seq_pos is None or last_pos is None:
        return None
    if lines[seq_pos[0] - 1][seq_pos[1] - 1 : seq_pos[1]] == "[":
        return None  # a flow list: [a, b]
    line_i, col_i = last_pos
    first = lines[line_i - 1]
    dash = first.rfind("-", 0, col_i - 1)
    if dash < 0 or first[:dash].strip() or first[dash + 1 : col_i - 1].strip():
        return None
    end = line_i - 1
    for j in range(line_i, len(lines)):
        content = lines[j].strip()
        if not content:
            continue
        if len(lines[j]) - len(lines[j].lstrip(" ")) <= dash:
            break
        end = j
    buf = io.StringIO()
    _yaml(layout).dump([to_yaml_value(item)], buf)
    block = textwrap.indent(textwrap.dedent(buf.getvalue()), " " * dash)
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        block = block.replace("\n", newline)
    before = "".join(lines[: end + 1])
    if before and not before.endswith(("\n", "\r")):
        before += newline
    spliced = before + block + "".join(lines[end + 1 :])
    try:
        expected_item = parse(textwrap.dedent(buf.getvalue()))[0]
        if parse(spliced) != _appended(data, keys, expected_item):
            return None
    except CaseFileError:
        return None
    return spliced


def _appended(data: Any, keys: tuple[str, ...], item: Any) -> Any:
    import copy

    out = copy.deepcopy(data)
    node = out
    for key in keys:
        node = node[key]
    node.append(item)
    return out


def _scalar_text(value: Any) -> str | None:
    """``value`` as a one-line YAML scalar that reads back as itself, or None."""
    import json

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and value == value and value not in (float("inf"), float("-inf")):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        if "\n" in value or "\r" in value:
            return None
        try:
            if value and value == value.strip() and parse("v: " + value) == {"v": value}:
                return value
        except CaseFileError:
            pass
        return json.dumps(value, ensure_ascii=False)
    return None


def _scalar_end(line: str, start: int) -> int | None:
    """Where the scalar starting at ``start`` of ``line`` ends (before a comment or the line end)."""
    rest = line[start:]
    if rest[:1] == '"':
        i = 1
        while i < len(rest):
            if rest[i] == "\\":
                i += 2
                continue
            if rest[i] == '"':
                return start + i + 1
            i += 1
        return None
    if rest[:1] == "'":
        i = 1
        while i < len(rest):
            if rest[i] == "'":
                if rest[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return start + i + 1
            i += 1
        return None
    if rest[:1] in ("[", "{", "|", ">", "&", "*", "!"):
        return None
    body = rest.rstrip("\r\n")
    cut = body.find(" #")
    if cut >= 0:
        body = body[:cut]
    return start + len(body.rstrip())


def splice_set_scalar(text: str, keys: tuple[str | int, ...], value: Any) -> str | None:
    """``text`` with the one-line scalar at ``keys`` replaced by ``value``, or ``None``.

    Like :func:`splice_append`, every other byte of the file stays as it was (the comment
    at the end of the line too), and no round-trip parse is needed. Returns ``None`` (the
    caller falls back to a full round trip) unless the key exists with a one-line plain
    or quoted scalar value and the spliced text parses to exactly the old data with that
    one value changed. A ``YYYY-MM-DD`` string becomes a date, as :func:`to_yaml_value` does.
    """
    import copy

    if isinstance(value, str) and _DATE_ONLY.match(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    rendered = _scalar_text(value)
    if rendered is None:
        return None
    positions = Positions()
    try:
        data = parse(text, None, positions)
    except CaseFileError:
        return None
    node: Any = data
    for key in keys[:-1]:  # mappings, and lists by index (an item of a list: assessment.needs.0.area)
        child = node.get(key) if isinstance(node, dict) else node[key] if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node) else None
        if not isinstance(child, (dict, list)):
            return None
        node = child
    if not isinstance(node, dict) or keys[-1] not in node or isinstance(node[keys[-1]], (dict, list)):
        return None
    pos = positions.values.get(tuple(keys))
    if pos is None:
        return None
    lines = text.splitlines(keepends=True)
    line_i, col = pos[0] - 1, pos[1] - 1
    if line_i >= len(lines) or col >= len(lines[line_i].rstrip("\r\n")):
        return None  # an empty value (``key:``) has no scalar on its line to replace
    line = lines[line_i]
    end = _scalar_end(line, col)
    if end is None:
        return None
    lines[line_i] = line[:col] + rendered + line[end:]
    spliced = "".join(lines)
    expected = copy.deepcopy(data)
    target = expected
    for key in keys[:-1]:
        target = target[key]
    try:
        target[keys[-1]] = parse("v: " + rendered)["v"]
        if target[keys[-1]] != value or parse(spliced) != expected:
            return None
    except CaseFileError:
        return None
    return spliced
