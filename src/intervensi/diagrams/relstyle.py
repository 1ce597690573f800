"""How each emotional relationship of a genogram is drawn along its route (McGoldrick).

Close: two parallel lines; fused: three; distant: dots; conflict: a zig-zag; hostile: two
heavier zig-zags; abuse: a zig-zag with an arrow at the person abused; cut off: a line
broken by two bars. The legend draws its samples with the same functions.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .geometry import Point

#: Colour, width and dashes of each relationship kind (the legend draws the same).
STYLE: dict[str, tuple[str, float]] = {
    "close": ("#2e7d32", 1.2),
    "fused": ("#2e7d32", 1.1),
    "distant": ("#616161", 2.0),
    "conflict": ("#c62828", 1.3),
    "hostile": ("#8e0000", 2.2),
    "cut_off": ("#424242", 1.3),
    "abuse": ("#6a1b9a", 1.4),
}

#: How far each kind's drawing spreads to either side of its route (points).
WIDE: dict[str, float] = {"close": 2.5, "fused": 3.5, "conflict": 4.0, "hostile": 8.5, "abuse": 4.0, "cut_off": 6.5}



def offset(line: list[Point], d: float) -> list[Point]:
    """The polyline moved ``d`` points to its left (mitred corners)."""
    out: list[Point] = []
    n = len(line)
    for k in range(n):
        normals = []
        for seg in ((line[k - 1], line[k]) if k > 0 else None, (line[k], line[k + 1]) if k < n - 1 else None):
            if seg is None:
                continue
            (ax, ay), (bx, by) = seg
            length = math.hypot(bx - ax, by - ay) or 1.0
            normals.append((-(by - ay) / length, (bx - ax) / length))
        if len(normals) == 1:
            nx, ny = normals[0]
            out.append((line[k][0] + nx * d, line[k][1] + ny * d))
        else:
            (ax, ay), (bx, by) = normals
            s = 1 + ax * bx + ay * by
            mx, my = (ax + bx) / s if s > 1e-6 else ax, (ay + by) / s if s > 1e-6 else ay
            out.append((line[k][0] + mx * d, line[k][1] + my * d))
    return out


def _at(line: list[Point], cum: list[float], s: float) -> tuple[Point, Point, int]:
    """The point ``s`` points along ``line``, the unit direction there, and its segment."""
    k = max(0, min(len(cum) - 2, bisect_right(cum, s) - 1))
    (ax, ay), (bx, by) = line[k], line[k + 1]
    length = cum[k + 1] - cum[k] or 1.0
    f = (s - cum[k]) / length
    return (ax + (bx - ax) * f, ay + (by - ay) * f), ((bx - ax) / length, (by - ay) / length), k


def zig(line: list[Point], amplitude: float, step: float = 5.0, margin: float = 0.12) -> str:
    """A zig-zag along a polyline, which follows the polyline exactly (corners included)
    for ``margin`` of its length at each end, so that the ends meet the symbols."""
    cum = [0.0]
    for i in range(len(line) - 1):
        cum.append(cum[-1] + math.dist(line[i], line[i + 1]))
    total = cum[-1]
    if total <= 0:
        return _d(line)
    lo, hi = total * margin, total * (1 - margin)
    n = max(2, int((hi - lo) / step))
    start, _, k0 = _at(line, cum, lo)
    pts = [*line[: k0 + 1], start]
    for k in range(1, n):
        (x, y), (ux, uy), _ = _at(line, cum, lo + (hi - lo) * k / n)
        off = amplitude if k % 2 else -amplitude
        pts.append((x - uy * off, y + ux * off))
    end, _, k1 = _at(line, cum, hi)
    pts += [end, *line[k1 + 1 :]]
    return _d(pts)


def _d(line: list[Point]) -> str:
    return "M" + "L".join(f"{x:.2f},{y:.2f}" for x, y in line)


def _arrow(line: list[Point], colour: str) -> str:
    (ax, ay), (bx, by) = line[-2], line[-1]
    length = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    w, h = 3.5, 8.0
    p = [(bx, by), (bx - ux * h - uy * w, by - uy * h + ux * w), (bx - ux * h + uy * w, by - uy * h - ux * w)]
    return f'<polygon points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in p)}" fill="{colour}" stroke="{colour}"/>'


def _midpoint(line: list[Point]) -> tuple[Point, Point]:
    """The point halfway along a polyline and the unit direction there."""
    seg = [math.dist(line[i], line[i + 1]) for i in range(len(line) - 1)]
    half = sum(seg) / 2
    for i, s in enumerate(seg):
        if half <= s and s > 0:
            (ax, ay), (bx, by) = line[i], line[i + 1]
            f = half / s
            return (ax + (bx - ax) * f, ay + (by - ay) * f), ((bx - ax) / s, (by - ay) / s)
        half -= s
    return line[-1], (1.0, 0.0)


def draw(kind: str, line: list[Point]) -> str:
    """The SVG elements of one relationship line of ``kind`` along ``line``."""
    colour, width = STYLE.get(kind, ("black", 1.2))
    stroke = f'fill="none" stroke="{colour}" stroke-width="{width:g}"'
    if kind == "close":
        return "".join(f'<path d="{_d(offset(line, s))}" {stroke}/>' for s in (-1.8, 1.8))
    if kind == "fused":
        return "".join(f'<path d="{_d(offset(line, s))}" {stroke}/>' for s in (-3.0, 0.0, 3.0))
    if kind == "distant":
        return f'<path d="{_d(line)}" {stroke} stroke-linecap="round" stroke-dasharray="0.1,5"/>'
    if kind in ("conflict", "hostile", "abuse"):
        amp = 4.5 if kind == "hostile" else 3.5
        zz = zig(line, amp, 5.0, 0.12 if kind != "abuse" else 0.18)
        out = f'<path d="{zz}" {stroke} stroke-linejoin="round"/>'
        if kind == "hostile":  # a second zig-zag beside the first: hostility is the heavier
            out += f'<path d="{zig(offset(line, 3.0), amp)}" {stroke} stroke-linejoin="round"/>'
        if kind == "abuse":
            out += _arrow(line, colour)
        return out
    if kind == "cut_off":
        (mx, my), (ux, uy) = _midpoint(line)
        bars = "".join(
            f'<path d="M{mx + ux * s - uy * 6:.2f},{my + uy * s + ux * 6:.2f}L{mx + ux * s + uy * 6:.2f},{my + uy * s - ux * 6:.2f}" {stroke}/>'
            for s in (-3.0, 3.0)
        )
        return f'<path d="{_d(line)}" {stroke}/>' + bars
    return f'<path d="{_d(line)}" {stroke}/>'


