"""Small pieces of Graphviz SVG shared by the diagram post-processors.

The numbers of a ``points`` list or path, the cubic Bézier sampling of an edge's path and
the zig-zag drawn for stressful ties. Below :mod:`.svgpost`, :mod:`.ecopost` and
:mod:`.relations`, which all use them, so none of those imports another to get them.
"""

from __future__ import annotations

import math
import re

_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

#: One drawn element of a group, as a match of ``_CHILD``: the strings the marks need,
#: as written (``cx, cy, rx, ry`` of an ellipse; ``points`` of a polygon; ``x, y,
#: font-size, text`` of a text; ``d`` of a path), the others empty.
Child = tuple[str, str, str, str, str, str, str, str, str, str]


def _numbers(text: str) -> list[float]:
    """The numbers of a ``points`` list or an edge's path (Graphviz writes ``M x,y C x,y …``)."""
    try:  # splitting is several times faster than the regular expression
        return list(map(float, text.replace(",", " ").replace("M", " ").replace("C", " ").split()))
    except ValueError:
        return [float(x) for x in _NUM.findall(text)]


def _points(text: str) -> list[tuple[float, float]]:
    nums = _numbers(text)
    return list(zip(nums[0::2], nums[1::2], strict=False))


# The Bernstein weights of the 20 samples per cubic segment, computed once.
_BEZIER_T = [
    ((1 - t) ** 3, 3 * (1 - t) * (1 - t) * t, 3 * (1 - t) * t * t, t**3) for t in (k / 20 for k in range(1, 21))
]


def _bezier(d: str) -> list[tuple[float, float]]:
    """Sample the cubic Bézier path Graphviz writes for an edge (``M x,y C …``)."""
    pts = _points(d)
    if len(pts) < 4:
        return pts
    out = [pts[0]]
    sx, sy = pts[0]
    for i in range(1, len(pts) - 2, 3):
        (ax, ay), (bx, by), (cx, cy) = pts[i], pts[i + 1], pts[i + 2]
        out += [(w0 * sx + w1 * ax + w2 * bx + w3 * cx, w0 * sy + w1 * ay + w2 * by + w3 * cy) for w0, w1, w2, w3 in _BEZIER_T]
        sx, sy = cx, cy
    return out


def zigzag(points: list[tuple[float, float]], amplitude: float = 4.0, step: float = 5.0, margin: float = 0.12) -> str:
    """A zig-zag along a polyline, straight for ``margin`` of its length at each end."""
    if len(points) < 2:
        return ""
    seg = [math.dist(points[i], points[i + 1]) for i in range(len(points) - 1)]
    total = sum(seg)
    if total <= 0:
        return ""
    lo, hi = total * margin, total * (1 - margin)
    n = max(2, int((hi - lo) / step))
    last = len(seg) - 1
    flat = [points[0][0], points[0][1]]
    # The samples only move on along the line: walk it once, segment by segment.
    i, start, length = 0, 0.0, seg[0]
    ax, ay = points[0]
    bx, by = points[1]
    for k in range(n + 1):
        s = lo if k == 0 else hi if k == n else lo + (hi - lo) * k / n
        rest = s - start
        while rest > length and not (length == 0 and rest <= 0) and i <= last:
            start += length
            i += 1
            if i > last:
                break
            length = seg[i]
            ax, ay = bx, by
            bx, by = points[i + 1]
            rest = s - start
        if i <= last:
            f = rest / length if length else 0
            ux, uy = ((bx - ax) / length, (by - ay) / length) if length else (1.0, 0.0)
            x, y = ax + (bx - ax) * f, ay + (by - ay) * f
        else:
            (px, py), (qx, qy) = points[-2], points[-1]
            end = seg[-1] or 1.0
            x, y, ux, uy = qx, qy, (qx - px) / end, (qy - py) / end
        if 0 < k < n:
            off = amplitude if k % 2 else -amplitude
            flat += (x - uy * off, y + ux * off)
        else:
            flat += (x, y)
    flat += points[-1]
    return "M" + "L".join(["%.2f,%.2f"] * (len(flat) // 2)) % tuple(flat)
