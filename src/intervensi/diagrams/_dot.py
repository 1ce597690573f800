"""DOT text helpers: quoting, HTML-like labels, attribute lists. Every label goes through here."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
FONT = "DejaVu Sans"


#: The longest line and the most lines a label shows; longer text ends in "…". A case file
#: allows 20,000 characters in a field; Graphviz in WebAssembly traps on labels that long
#: while the system Graphviz draws them, so the cap gives one answer on every backend.
MAX_LINE = 100
MAX_LINES = 12


def clean(text: str) -> str:
    """Drop control characters (tabs and carriage returns become spaces), keep newlines;
    cut lines to :data:`MAX_LINE` characters and labels to :data:`MAX_LINES` lines."""
    if len(text) > MAX_LINE or text.count("\n") >= MAX_LINES:
        lines = text.split("\n")
        cut = [ln if len(ln) <= MAX_LINE else ln[: MAX_LINE - 1] + "…" for ln in lines[:MAX_LINES]]
        if len(lines) > MAX_LINES:
            cut[-1] = cut[-1][: MAX_LINE - 1] + "…"
        text = "\n".join(cut)
    if text.isprintable() or ("\n" in text and "\r" not in text and text.replace("\n", "").isprintable()):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


@lru_cache(maxsize=8192)
def q(text: str) -> str:
    """A DOT quoted string whose label shows ``text`` as typed (newlines become line breaks).

    In a quoted DOT string only ``\\"`` is special to the parser, but labels then interpret
    backslash escapes (``\\N``, ``\\l``...): every backslash is doubled so none survives as
    an escape, and a newline becomes the centred line break ``\\n``. Graphviz also turns
    entities (``&amp;``) into characters in plain labels, so ``&`` is written ``&amp;``.
    """
    s = clean(text)
    if "\n\n" in s or s.startswith("\n") or s.endswith("\n"):
        # An empty line holds a space: the WebAssembly Graphviz (16.1) traps on some
        # labels with runs of empty lines (name-ampersand.yaml), the same height either way.
        s = "\n".join(line or " " for line in s.split("\n"))
    s = s.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def h(text: str) -> str:
    """Text for an HTML-like label: entities escaped, newlines as ``<BR/>``."""
    return "<BR/>".join(html.escape(line, quote=True) for line in clean(text).split("\n"))


_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?[0-9.]+")


@lru_cache(maxsize=8192, typed=True)
def value(v: str | int | float) -> str:
    """One attribute value as DOT text (cached per process: the same styles, ids and words
    come back in every diagram)."""
    if isinstance(v, str):
        return v if v[:1] in ('"', "<") or _BARE.fullmatch(v) else q(v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def attrs(a: Mapping[str, str | int | float | None]) -> str:
    """``[k=v, ...]`` in the given order; values already quoted stay as they are."""
    parts = [f"{k}={value(v)}" for k, v in a.items() if v is not None]
    return "[" + ", ".join(parts) + "]" if parts else ""


@lru_cache(maxsize=8192)
def nid(prefix: str, ident: str) -> str:
    """A quoted node id; ids are slugs, so this never needs escaping beyond quoting."""
    return q(f"{prefix}:{ident}")


#: The longest name a picture shows (characters); longer ones end in "…" (a 5,000-character
#: name made the rasteriser ask for tens of GB).
NAME_MAX = 48


@lru_cache(maxsize=4096)
def shorten(text: str, limit: int = NAME_MAX) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…" when longer."""
    one = " ".join(clean(text).split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=4096)
def wrap(text: str, width: int = 18) -> str:
    """Wrap a system name for a round node (on spaces; a word longer than the line is cut
    into pieces; at most ``NAME_MAX`` characters shown)."""
    words = [w[i : i + width] for w in shorten(text, NAME_MAX + width).split() for i in range(0, len(w), width)]
    lines: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "\n".join(lines)
