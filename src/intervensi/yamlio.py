"""Reading and writing case-file YAML, safely and fast.

Two ways in, one set of rules:

* :func:`parse` builds plain Python data from libyaml's C *event* parser with our own
  small composer. It reads YAML 1.2 exactly as ruamel's round-trip loader does (``NO`` is
  a string, ``0123`` is 123, ``1:20`` is a string), refuses anchors and aliases (an alias
  bomb is refused at its first ``&``), refuses object-constructing and unknown tags,
  refuses duplicate keys and nesting deeper than :data:`MAX_DEPTH` (the C composers
  crash on absurd depth; ours never recurses), and can record the line and column of
  every node so that schema errors point into the file. It is the read-only fast path.
* :func:`load_roundtrip` / :func:`dump_roundtrip` use ruamel.yaml's round-trip mode for
  edits, so comments, key order, quoting and the file's indentation survive. The same
  rules are enforced by running :func:`parse` first.

Both take text from :func:`read_text`, which caps the size and decodes UTF-8 (a BOM is
accepted, other encodings get a clear error). Nothing here imports the model.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import CaseFileError, RefusedInput
from .yaml_words import problem_words

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 48
BOM = "\ufeff"

Pos = tuple[int, int]  # 1-based line and column
PathKey = tuple[str | int, ...]

_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?)?$""",
    re.X,
)
_DATE_ONLY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


# --------------------------------------------------------------------------- text


def read_text(path: Path) -> str:
    """Read a case file as text: size-capped, UTF-8 (BOM allowed), no NUL bytes.

    Only a regular file is read: a FIFO, device or socket is refused at once
    (:func:`intervensi.fsafe.read_bytes`), never waited on.
    """
    from .fsafe import read_bytes

    return decode(read_bytes(path, MAX_BYTES + 1), path)


def decode(raw: bytes, path: Path | None = None) -> str:
    if len(raw) > MAX_BYTES:
        raise RefusedInput(
            f"file larger than {MAX_BYTES // (1024 * 1024)} MB: not a case file",
            path=path,
            key="too_large",
            params={"mb": MAX_BYTES // (1024 * 1024)},
        )
    wide = _wide_encoding(raw)
    if wide:
        raise CaseFileError(
            f"{wide} text, not UTF-8 (save the file as UTF-8)", path=path, line=1, key="wide_encoding", params={"encoding": wide}
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise CaseFileError(
            "binary data (a NUL byte): not a YAML text file", path=path, line=line, key="binary"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CaseFileError(
            "not UTF-8 text (save the file as UTF-8)", path=path, line=line, column=col, key="not_utf8"
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    return text


def _wide_encoding(raw: bytes) -> str | None:
    """``UTF-16``/``UTF-32`` when ``raw`` is text in one of them (by its BOM, or by the NUL
    bytes beside every ASCII character that such text without a BOM has), else ``None``."""
    import codecs

    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = raw[:64]
    if len(head) >= 8 and len(head) % 2 == 0:
        if all(b == 0 for b in head[1::4]) and all(b == 0 for b in head[2::4]) and all(b == 0 for b in head[3::4]):
            return "UTF-32"
        if all(b == 0 for b in head[1::2]) != all(b == 0 for b in head[0::2]):
            return "UTF-16"
    return None


# --------------------------------------------------------------------------- fast parse


def _resolve_plain(value: str) -> Any:
    """Resolve a plain scalar the way ruamel.yaml's YAML 1.2 round-trip loader does."""
    if value in _NULL:
        return None
    first = value[0]
    if first in "tTfF" and value in _BOOL:
        return _BOOL[value]
    if first in "-+0123456789.":
        if first.isdigit() and len(value) >= 10 and _TIMESTAMP.match(value):
            return _timestamp(value)
        if _INT.match(value):
            return _int(value)
        if _FLOAT.match(value):
            v = value.replace("_", "").lower()
            if v.endswith("inf"):
                return -math.inf if v.startswith("-") else math.inf
            if v.endswith("nan"):
                return math.nan
            return float(v)
    return value


def _int(value: str) -> int:
    v = value.replace("_", "")
    sign = -1 if v.startswith("-") else 1
    v = v.lstrip("+-")
    if v.startswith("0b"):
        return sign * int(v[2:], 2)
    if v.startswith("0o"):
        return sign * int(v[2:], 8)
    if v.startswith("0x"):
        return sign * int(v[2:], 16)
    return sign * int(v)


def _timestamp(value: str) -> Any:
    m = _TIMESTAMP.match(value)
    assert m is not None
    g = m.groupdict()
    if g["hour"] is None:
        if not _DATE_ONLY.match(value):
            return value  # ruamel resolves only YYYY-MM-DD as a date
        try:
            return dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None
    frac = int((g["fraction"] or "0")[:6].ljust(6, "0"))
    tz: dt.tzinfo | None = None
    if g["tz"]:
        if g["tz"] == "Z":
            tz = dt.timezone(dt.timedelta(0), "Z")
        else:
            delta = dt.timedelta(hours=int(g["tz_hour"]), minutes=int(g["tz_minute"] or 0))
            if g["tz_sign"] == "-":
                delta = -delta
            tz = dt.timezone(delta, g["tz"])
    return dt.datetime(
        int(g["year"]),
        int(g["month"]),
        int(g["day"]),
        int(g["hour"]),
        int(g["minute"]),
        int(g["second"]),
        frac,
        tzinfo=tz,
    )


def _tagged(tag: str, value: str, plain: bool) -> Any:
    kind = tag[len(_STD) :]
    if kind == "str":
        return value
    resolved = _resolve_plain(value)
    expect = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[kind]
    if isinstance(resolved, bool) and kind in ("int", "float"):
        raise ValueError(f"'!!{kind}' on a value that is not one")
    if not isinstance(resolved, expect):  # type: ignore[arg-type]
        raise ValueError(f"'!!{kind}' on a value that is not one")
    return float(resolved) if kind == "float" else resolved


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path")

    def __init__(self, container: Any, is_map: bool, path: PathKey) -> None:
        self.container = container
        self.is_map = is_map
        self.key: Any = _NOKEY
        self.key_pos: Pos | None = None
        self.path = path


_NOKEY = object()


class Positions:
    """Where each node of a parsed document starts: ``path -> (line, column)``, 1-based."""

    def __init__(self) -> None:
        self.values: dict[PathKey, Pos] = {}
        self.keys: dict[PathKey, Pos] = {}

    def find(self, path: PathKey, *, key: bool = False) -> Pos | None:
        """The position of ``path`` or, failing that, of its nearest ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        if p in table:
            return table[p]
        while p:
            if p in self.keys:
                return self.keys[p]
            p = p[:-1]
            if p in self.values:
                return self.values[p]
        return self.values.get((), None)


def _events(text: str, *, pure: bool = False) -> Iterator[Any]:
    """YAML events of ``text``: libyaml's C event parser, or PyYAML's pure-Python one.

    Both emit the same events with the same marks; the pure parser is ~35x slower but has
    no limits of its own (libyaml 0.2.6 stops at a flow nesting depth of 1000 with its own
    scanner error, 0.2.5 does not), so it is the referee when the C parser fails.
    """
    try:
        if pure:
            raise ImportError
        from yaml._yaml import CParser  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # PyYAML without libyaml, or asked for
        import yaml

        yield from yaml.parse(text, Loader=yaml.SafeLoader)
        return
    parser = CParser(text)
    try:
        while True:
            ev = parser.get_event()
            if ev is None:
                return
            yield ev
    finally:
        parser.dispose()


def parse(text: str, path: Path | None = None, positions: Positions | None = None) -> Any:
    """Parse one YAML document into plain Python data, enforcing the case-file rules.

    Raises :class:`CaseFileError` (broken YAML, duplicate key) or :class:`RefusedInput`
    (anchors, aliases, tags, depth) with the file, line and column.

    One kind of input gets one answer whichever parser build is installed: when libyaml
    stops on an error of its own (for instance its nesting limit, which it reaches while
    looking ahead up to 1,024 characters past the last event it gave us), the text up to
    that error is composed again from the pure-Python parser, and a rule of ours broken
    before that point (depth, anchor, tag, duplicate key) is the answer. Only files that
    are not valid YAML pay for the second pass.
    """
    import yaml

    try:
        return _compose(_events(text), path, positions)
    except _ParserError as first:
        exc = first.exc
        mark = exc.problem_mark or exc.context_mark if isinstance(exc, yaml.MarkedYAMLError) else None
        if mark is not None:
            try:
                _compose(_events(_through_line(text, mark.line), pure=True), path, None)
            except _ParserError:
                pass  # the pure parser fails too: libyaml's own answer stands
            except CaseFileError as ours:
                if ours.line is None or (ours.line, ours.column or 0) <= (mark.line + 1, mark.column + 1):
                    raise ours from None
        raise _syntax_error(exc, path) from None


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML 1.1 parsers count


def _through_line(text: str, line: int) -> str:
    """``text`` up to the end of its ``line`` (0-based, as a YAML mark counts lines)."""
    for i, m in enumerate(_BREAK.finditer(text)):
        if i == line:
            return text[: m.end()]
    return text


class _ParserError(Exception):
    """A YAML error raised by the parser itself (not by a rule of ours)."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        self.exc = exc


def _syntax_error(exc: Exception, path: Path | None) -> CaseFileError:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        return CaseFileError(
            f"not valid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            key="yaml_syntax",
            params=problem_words(str(problem)),
        )
    return CaseFileError(f"not valid YAML: {exc}", path=path, key="yaml_syntax", params=problem_words(str(exc)))


def _compose(events: Iterator[Any], path: Path | None, positions: Positions | None) -> Any:
    """Build plain data from YAML ``events`` without recursion, enforcing the case-file rules."""
    import yaml
    from yaml import events as ev_mod

    scalar_ev = ev_mod.ScalarEvent
    map_start = ev_mod.MappingStartEvent
    seq_start = ev_mod.SequenceStartEvent
    map_end = ev_mod.MappingEndEvent
    seq_end = ev_mod.SequenceEndEvent
    alias_ev = ev_mod.AliasEvent
    doc_start = ev_mod.DocumentStartEvent
    stack: list[_Frame] = []
    root: Any = None
    docs = 0
    track = positions is not None

    def fail(cls: type[CaseFileError], msg: str, mark: Any, key: str, **params: Any) -> CaseFileError:
        return cls(
            msg,
            path=path,
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
            key=key,
            params=params,
        )

    try:
        for ev in _iterate(events):
            cls = type(ev)
            if cls is scalar_ev or cls is map_start or cls is seq_start:
                if ev.anchor is not None:
                    raise fail(RefusedInput, "anchors (&) are not allowed in a case file", ev.start_mark, "anchor")
                tag = ev.tag
                if cls is scalar_ev:
                    plain = ev.implicit[0]
                    if tag is None or tag == "!":
                        if plain and tag is None:
                            try:
                                value: Any = _resolve_plain(ev.value)
                            except ValueError as exc:
                                raise fail(CaseFileError, str(exc), ev.start_mark, "bad_value", problem=str(exc)) from None
                        else:
                            value = ev.value
                    elif tag in _ALLOWED_TAGS:
                        try:
                            value = _tagged(tag, ev.value, plain)
                        except ValueError as exc:
                            raise fail(CaseFileError, str(exc), ev.start_mark, "bad_value", problem=str(exc)) from None
                    else:
                        raise fail(RefusedInput, f"the tag '{tag}' is not allowed in a case file", ev.start_mark, "tag", tag=tag)
                else:
                    if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                        raise fail(RefusedInput, f"the tag '{tag}' is not allowed in a case file", ev.start_mark, "tag", tag=tag)
                    if len(stack) >= MAX_DEPTH:
                        raise fail(RefusedInput, f"nested deeper than {MAX_DEPTH} levels", ev.start_mark, "depth", depth=MAX_DEPTH)
                    value = {} if cls is map_start else []
                # place the node
                if not stack:
                    if docs > 1:
                        raise fail(CaseFileError, "more than one YAML document in the file", ev.start_mark, "multi_doc")
                    root = value
                    node_path: PathKey = ()
                else:
                    top = stack[-1]
                    if top.is_map:
                        if top.key is _NOKEY:
                            if cls is not scalar_ev:
                                raise fail(CaseFileError, "a key must be a plain value, not a list or mapping", ev.start_mark, "complex_key")
                            if value in top.container and not isinstance(value, float):
                                raise fail(CaseFileError, f"duplicate key '{value}'", ev.start_mark, "duplicate_key", name=str(value))
                            if not isinstance(value, (str, int, bool)) and value is not None:
                                value = str(ev.value)
                            top.key = value
                            if track:
                                top.key_pos = (ev.start_mark.line + 1, ev.start_mark.column + 1)
                                assert positions is not None
                                positions.keys[(*top.path, _k(value))] = top.key_pos
                            continue
                        node_path = (*top.path, _k(top.key))
                        top.container[top.key] = value
                        top.key = _NOKEY
                    else:
                        node_path = (*top.path, len(top.container))
                        top.container.append(value)
                if track:
                    assert positions is not None
                    positions.values[node_path] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
                if cls is not scalar_ev:
                    stack.append(_Frame(value, cls is map_start, node_path))
            elif cls is map_end or cls is seq_end:
                stack.pop()
            elif cls is alias_ev:
                raise fail(RefusedInput, "aliases (*) are not allowed in a case file", ev.start_mark, "alias")
            elif cls is doc_start:
                docs += 1
                if docs > 1:
                    raise fail(CaseFileError, "more than one YAML document in the file", ev.start_mark, "multi_doc")
    except yaml.YAMLError as exc:
        raise _ParserError(exc) from None
    except ValueError as exc:  # a scalar that resolves to an impossible value (2025-02-30)
        raise CaseFileError(str(exc), path=path, key="bad_value", params={"problem": str(exc)}) from None
    return root


def _iterate(events: Iterator[Any]) -> Iterator[Any]:
    """``events``, with any parser failure (a YAML error) marked as the parser's own."""
    import yaml

    while True:
        try:
            ev = next(events)
        except StopIteration:
            return
        except yaml.YAMLError as exc:
            raise _ParserError(exc) from None
        yield ev


def _k(key: Any) -> str | int:
    return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
