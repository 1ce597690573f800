"""Markdown building blocks the Markdown templates call (``facts``, ``table``, ``items``).

Each returns :class:`Raw` Markdown whose every cell went through
:func:`md_escape`, so a template prints them with ``{{ ... }}`` and user
text still cannot become markup. An empty value drops its fact; an empty table or list is
the empty string (the template then says "none recorded" in one line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any


class Raw(str):
    """A value already safe for Markdown (an image link we made): not escaped again."""


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")


def md_escape(value: Any) -> str:
    """Markdown-escape every value a template prints (``finalize``), except :class:`Raw`."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)
    text = re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", text, flags=re.M)
    text = re.sub(r"^(\s*)-", r"\1\\-", text, flags=re.M)
    return text.replace("\n", " ")


def present(rows: Iterable[Sequence[Any]]) -> list[tuple[Any, Any]]:
    """The ``(name, value)`` pairs whose value is shown: not None, not empty."""
    return [(r[0], r[1]) for r in rows if r[1] not in (None, "", [], ())]


def _cell(value: Any) -> str:
    return md_escape(value) if value is not None else ""


def facts(rows: Iterable[Sequence[Any]]) -> str:
    """Labelled facts as a two-column table without a header row (name | value)."""
    shown = present(rows)
    if not shown:
        return Raw("")
    lines = ["| | |", "|---|---|", *(f"| **{_cell(k)}** | {_cell(v)} |" for k, v in shown)]
    return Raw("\n".join(lines) + "\n")


def table(head: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A table with a header row; the empty string when there are no rows."""
    body = [r for r in rows]
    if not body:
        return Raw("")
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in body]
    return Raw("\n".join(lines) + "\n")


def items(values: Iterable[Any], numbered: bool = False) -> str:
    """A bulleted (or numbered) list; the empty string when there is nothing."""
    vals = [v for v in values if v not in (None, "")]
    return Raw("\n".join(f"{i}. {_cell(v)}" if numbered else f"- {_cell(v)}" for i, v in enumerate(vals, 1)) + ("\n" if vals else ""))
