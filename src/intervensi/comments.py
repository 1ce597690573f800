"""Keeping a section's heading comment with its section when commands edit a case file.

ruamel attaches a comment to the node *before* it: the heading of a section
(``# 3. Planning: ...`` at column 0) becomes the trailing comment of the last value of
the section above — the last risk, the client's name. A command that then adds a key to
that mapping prints the heading inside the wrong section, and one that removes the last
item loses the heading with it. :func:`hoist_section_comments` moves every such
column-0 comment to the top-level key it heads (ruamel keeps it there, before the key),
leaving an end-of-line comment where it was. Call it on round-trip data before changing it.
"""

from __future__ import annotations

import itertools
from typing import Any


def _tail(node: Any) -> tuple[list[Any], int] | None:
    """The comment slot after the last line of ``node``: ``(slot, index)`` or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node):
        key = list(node.keys())[-1]
        deeper = _tail(node[key])
        if deeper:
            return deeper
        slot = node.ca.items.get(key)
        return (slot, 2) if slot and len(slot) > 2 and slot[2] is not None else None
    if isinstance(node, CommentedSeq) and len(node):
        last = len(node) - 1
        deeper = _tail(node[last])
        if deeper:
            return deeper
        slot = node.ca.items.get(last)
        return (slot, 0) if slot and slot[0] is not None else None
    return None


def _text(token: Any) -> str:
    return str(getattr(token, "value", token) or "")


def hoist_section_comments(data: Any) -> int:
    """Move column-0 comments trailing one top-level section to the key they head; returns how many moved."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not isinstance(data, CommentedMap):
        return 0
    keys = list(data.keys())
    moved = 0
    for before, after in itertools.pairwise(keys):
        found = _tail(data[before])
        if found is None:
            slot = data.ca.items.get(before)
            found = (slot, 2) if slot and len(slot) > 2 and slot[2] is not None else None
        if found is None:
            continue
        slot, i = found
        text = _text(slot[i])
        first, sep, rest = text.partition("\n")
        lines = rest.splitlines(keepends=True)
        if not sep or not any(line.startswith("#") for line in lines):
            continue
        if any(line.strip() and not line.startswith("#") for line in lines):
            continue  # an indented comment belongs inside the section: leave it
        keep = first + "\n"
        if hasattr(slot[i], "value"):
            slot[i].value = keep
        else:
            slot[i] = keep
        tokens = [CommentToken(line if line.endswith("\n") else line + "\n", CommentMark(0), None) for line in lines]
        target = data.ca.items.setdefault(after, [None, None, None, None])
        target[1] = tokens + list(target[1] or [])
        moved += 1
    return moved


__all__ = ["hoist_section_comments"]
