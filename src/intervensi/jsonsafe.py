"""JSON that every parser reads: no ``NaN``, ``Infinity`` or ``-Infinity``, ever.

Python's :func:`json.dumps` writes non-finite floats as the bare words ``NaN`` and
``Infinity`` by default; RFC 8259 has no such values and strict parsers (JavaScript's
``JSON.parse``, ``jq``, Go, DuckDB) refuse the whole document. :func:`finite` turns every
non-finite float inside a structure into ``None`` (``null``), and :func:`dumps` then
writes with ``allow_nan=False``, so a non-finite value that slipped through raises
instead of producing invalid JSON.

    >>> dumps({"t": float("nan"), "w": [1.5, float("inf")]})
    '{"t": null, "w": [1.5, null]}'
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every NaN or ±infinity (in dicts, lists, tuples) replaced by ``None``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """:func:`json.dumps` of :func:`finite` ``(value)`` with ``allow_nan=False`` (other keywords passed on)."""
    return json.dumps(finite(value), allow_nan=False, **kwargs)


__all__ = ["dumps", "finite"]
