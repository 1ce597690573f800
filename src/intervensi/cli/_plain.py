"""Output for a pipe or a file without importing Rich (a third of a reading command's start-up).

Rich draws what a person reads at a terminal. Through a pipe or into a file it prints no
colour, and what it prints can be written directly: a message, tab-separated table rows,
``show``'s small panel. Each function here gives exactly what Rich would print there, or
``None`` when only Rich can tell — a terminal (or colour forced), a character whose width
is not plainly one column, an emoji code (Rich turns ``:smile:`` into 😄), a line longer
than the width, a link or handler in the markup. The caller then uses Rich as before.
``tests/test_plain_output.py`` compares the two for every bundled case, in both languages
and at several widths. The markup rules and ``escape`` are Rich's (``rich.markup``, MIT).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

_TAG = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
_EMOJI = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
_NOT_EMOJI = re.compile(r"\d{1,2}")  # no emoji is named by one or two digits (times: 09:30:00)
#: Characters outside ASCII that are one column wide in Rich and in every terminal.
_ONE_COLUMN = set("✓✗▶·—–’‘“”…•█▁▂▃▄▅▆▇") | {chr(c) for c in range(0xC0, 0x250) if c not in (0xD7, 0xF7)}


def escape(markup: str) -> str:
    """``markup`` with square brackets escaped, as :func:`rich.markup.escape` does."""

    def escape_backslashes(match: re.Match[str]) -> str:
        backslashes, text = match.groups()
        return f"{backslashes}{backslashes}\\{text}"

    markup = _ESCAPE.sub(escape_backslashes, markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


def _is_emoji(name: str) -> bool:
    if not name or _NOT_EMOJI.fullmatch(name):
        return False
    from rich._emoji_codes import EMOJI  # a table only: not the rest of Rich

    return name.lower() in EMOJI


def plain(markup: str, *, one_column: bool = True) -> str | None:
    """The text Rich shows for ``markup`` with its styles dropped, or ``None`` (see the module).

    ``one_column``: also ``None`` for a character that is not plainly one column wide
    (where the width matters: a panel, a wrapped line)."""
    out: list[str] = []
    pos = 0
    for match in _TAG.finditer(markup):
        full, escapes, tag = match.groups()
        start, end = match.span()
        if start > pos:
            out.append(markup[pos:start])
        pos = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            if backslashes:
                out.append("\\" * backslashes)
            if escaped:
                out.append(full[len(escapes):])
                continue
        if tag.startswith("@") or tag.split("=", 1)[0].strip() == "link" or " link" in tag:
            return None
    if pos < len(markup):
        out.append(markup[pos:])
    text = "".join(out)
    if any(_is_emoji(m.group(2)) for m in _EMOJI.finditer(text)):
        return None
    if one_column and not all(" " <= ch <= "~" or ch == "\n" or ch in _ONE_COLUMN for ch in text):
        return None
    return text


def to_pipe(stream: Any) -> bool:
    """Whether Rich would treat ``stream`` as no terminal (no colour, nothing forced) that takes
    UTF-8 (for another encoding Rich draws ASCII boxes: left to Rich)."""
    env = os.environ
    if "TTY_COMPATIBLE" in env or "FORCE_COLOR" in env or "JUPYTER_COLUMNS" in env or "JUPYTER_LINES" in env:
        return False
    if not (getattr(stream, "encoding", "utf-8") or "utf-8").lower().startswith("utf"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:
        return False


def width() -> int:
    """The width Rich gives a console that is not a terminal (``COLUMNS``, else the first
    standard stream that is a terminal, else 80)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    found = None
    for fd in (0, 1, 2):
        try:
            found = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return found or 80


def say(text: str) -> bool:
    """Write a message (markup) to stderr as Rich would when stderr is no terminal; whether done."""
    if not to_pipe(sys.stderr):
        return False
    shown = plain(text, one_column=False)
    if shown is None:
        return False
    sys.stderr.write(shown + "\n")
    return True


def grid_lines(rows: list[tuple[str, str]], gap: int) -> list[str] | None:
    """The lines of a two-column ``Table.grid`` (cells already plain), padded as Rich pads them."""
    if not rows or any("\n" in a or "\n" in b for a, b in rows):
        return None
    w1 = max(len(a) for a, _ in rows)
    w2 = max(len(b) for _, b in rows)
    return [a.ljust(w1) + " " * gap + b.ljust(w2) for a, b in rows]


def panel(title: str, lines: list[str], max_width: int) -> list[str] | None:
    """A Rich ``Panel(..., expand=False)`` of plain one-column ``lines`` under ``title``."""
    inner = max([len(ln) for ln in lines] or [0]) + 2  # the panel's padding (0, 1)
    inner = min(max_width - 2, max(inner, len(title) + 2 + 2))
    if len(title) + 2 > inner - 2 or any(len(ln) + 2 > inner for ln in lines) or inner + 2 > max_width:
        return None
    excess = inner - 2 - (len(title) + 2)
    left = excess // 2
    top = "╭─" + "─" * left + f" {title} " + "─" * (excess - left) + "─╮"
    body = ["│ " + ln.ljust(inner - 2) + " │" for ln in lines]
    return [top, *body, "╰" + "─" * inner + "╯"]


def line(markup: str, *, soft_wrap: bool = False) -> bool:
    """Print one ``console().print(markup)`` to stdout as Rich would through a pipe; whether done
    (not when a line is longer than the width and Rich would wrap it)."""
    if not to_pipe(sys.stdout):
        return False
    shown = plain(markup, one_column=not soft_wrap)
    if shown is None or (not soft_wrap and any(len(ln) > width() for ln in shown.split("\n"))):
        return False
    sys.stdout.write(shown + "\n")
    return True


class Table:
    """The part of :class:`rich.table.Table` our lists use, its cells kept as markup: written
    as tab-separated lines through a pipe (no Rich), drawn by Rich at a terminal."""

    def __init__(self, title: str | None = None, show_header: bool = True, **options: Any) -> None:
        self.title, self.show_header, self.options = title, show_header, options
        self.columns: list[tuple[str, dict[str, Any]]] = []
        self.rows: list[tuple[Any, ...]] = []

    def add_column(self, header: str = "", **options: Any) -> None:
        self.columns.append((header, options))

    def add_row(self, *cells: Any) -> None:
        self.rows.append(cells)

    def rich(self) -> Any:
        from rich.table import Table as RichTable

        table = RichTable(title=self.title, show_header=self.show_header, **self.options)
        for header, options in self.columns:
            table.add_column(header, **options)
        for row in self.rows:
            table.add_row(*row)
        return table

    def tsv(self) -> str | None:
        """The lines :func:`intervensi.cli._common.print_table` writes for a pipe, or ``None``."""

        def cell(value: Any) -> str | None:
            text = plain(str(value), one_column=False)
            if text is None:
                return None
            return "; ".join(" ".join(ln.replace("\t", " ").split()) for ln in text.splitlines() if ln.strip())

        lines: list[list[str | None]] = []
        if self.title:
            lines.append([cell(self.title)])
        if self.show_header:
            lines.append([cell(h) for h, _ in self.columns])
        for row in self.rows:
            lines.append([cell(row[i]) if i < len(row) else "" for i in range(len(self.columns))])
        if any(c is None for ln in lines for c in ln):
            return None
        return "".join("\t".join(str(c) for c in ln) + "\n" for ln in lines)
