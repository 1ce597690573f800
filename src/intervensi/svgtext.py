"""How wide a piece of text is drawn in our SVG pictures, estimated without a font engine.

The AB charts (and any picture that must fit its labels) place text before a renderer has
seen it: a browser, Word, resvg or a PDF engine each pick a font from the stack
``DejaVu Sans, Liberation Sans, Arial, sans-serif``. The widths below are the advance
widths of **DejaVu Sans**, the widest of that stack (Liberation Sans and Arial are
narrower), rounded up, in ems: a label laid out with them fits whichever of those fonts
draws it. Measured against DejaVu Sans through resvg in ``tests/test_charts_fit.py``.

Bold text is taken as 10 % wider (DejaVu Sans Bold's digits are 0.696 em against 0.636).
Characters outside the table count as 0.70 em, East Asian wide characters as 1.0 em.
"""

from __future__ import annotations

import unicodedata

#: Advance widths of DejaVu Sans in ems (units per em 2048), rounded up to the group's widest.
_GROUPS: tuple[tuple[str, float], ...] = (
    ("ijlI|'!:;.,` ", 0.32),
    ("ftJ()[]{}/\\-\"", 0.40),
    ("r", 0.42),
    ("sczx*^", 0.56),
    ("kvyLF_", 0.60),
    ("aeo?", 0.62),
    ("0123456789bdghnpquE$#PTSYZ", 0.64),
    ("ABCKRVXZ&", 0.70),
    ("DGHNOQU", 0.79),
    ("w~+=<>±×÷→←", 0.84),
    ("MŠ", 0.87),
    ("m%W—…", 1.00),
)
_WIDTH: dict[str, float] = {c: w for chars, w in _GROUPS for c in chars}
_DEFAULT = 0.70

#: Height above the baseline (ascent) and below it (descent) of a line of text, in ems.
ASCENT = 0.93
DESCENT = 0.24


def char_em(c: str) -> float:
    """The width of one character in ems (see the module's table)."""
    w = _WIDTH.get(c)
    if w is not None:
        return w
    if unicodedata.combining(c):
        return 0.0
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 1.0
    return _DEFAULT


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width ``text`` takes at font ``size`` (px), an upper estimate for our font stack."""
    return sum(char_em(c) for c in text) * size * (1.1 if bold else 1.0)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with "…" so that it takes at most ``width`` px (whole when it fits)."""
    if text_width(text, size, bold) <= width:
        return text
    out = text
    while out and text_width(out + "…", size, bold) > width:
        out = out[:-1]
    return out.rstrip() + "…" if out else ""


def wrap(text: str, width: float, size: float, bold: bool = False, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` px, broken at spaces; the last one
    ends in "…" when words were left over (a word longer than a line is cut with "…")."""
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            out.append(fit(current, width, size, bold))
        current = word
        if len(out) == lines - 1:
            rest = " ".join([current, *words[i + 1 :]])
            out.append(fit(rest, width, size, bold))
            return out
    if current:
        out.append(fit(current, width, size, bold))
    return out or [""]


__all__ = ["ASCENT", "DESCENT", "char_em", "fit", "text_width", "wrap"]
