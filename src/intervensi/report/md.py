"""Markdown building blocks the Markdown templates call (``facts``, ``table``, ``items``).

Each returns :class:`intervensi.report.Raw` Markdown whose every cell went through
:func:`intervensi.report.md_escape`, so a template prints them with ``{{ ... }}`` and user
text still cannot become markup. An empty value drops its fact; an empty table or list is
the empty string (the template then says "none recorded" in one line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def present(rows: Iterable[Sequence[Any]]) -> list[tuple[Any, Any]]:
    """The ``(name, value)`` pairs whose value is shown: not None, not empty."""
    return [(r[0], r[1]) for r in rows if r[1] not in (None, "", [], ())]


def _cell(value: Any) -> str:
    from . import md_escape

    return md_escape(value) if value is not None else ""


def facts(rows: Iterable[Sequence[Any]]) -> str:
    """Labelled facts as a two-column table without a header row (name | value)."""
    from . import Raw

    shown = present(rows)
    if not shown:
        return Raw("")
    lines = ["| | |", "|---|---|", *(f"| **{_cell(k)}** | {_cell(v)} |" for k, v in shown)]
    return Raw("\n".join(lines) + "\n")


def table(head: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A table with a header row; the empty string when there are no rows."""
    from . import Raw

    body = [r for r in rows]
    if not body:
        return Raw("")
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in body]
    return Raw("\n".join(lines) + "\n")


def items(values: Iterable[Any], numbered: bool = False) -> str:
    """A bulleted (or numbered) list; the empty string when there is nothing."""
    from . import Raw

    vals = [v for v in values if v not in (None, "")]
    return Raw("\n".join(f"{i}. {_cell(v)}" if numbered else f"- {_cell(v)}" for i, v in enumerate(vals, 1)) + ("\n" if vals else ""))
