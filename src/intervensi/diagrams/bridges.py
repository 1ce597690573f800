"""Union lines that would pass through a partner, lifted over the row (McGoldrick).

A person with three unions has two partners on one side: the straight union line to the
farther one would run through the nearer one (Graphviz draws flat edges straight). Such a
line is redrawn as a bracket over the row: up from the top of both partners, across above
everyone between them, and down at the union's own point to where Graphviz put it (its
slashes, years and children's line stay there).
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Protocol

from .geometry import Point, path_points, polyline_hits_box


class Router(Protocol):
    """What :func:`bridges` needs of :class:`.relations.Router`: the laid-out boxes by name
    (``x0, y0, x1, y1`` in points) and the lines already drawn, to which it adds its own."""

    boxes: list[tuple[str, tuple[float, float, float, float]]]
    lines: list[list[Point]]

def _union_edges(edge_list: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(tail, head, path) of the edges between people and union points."""
    out = []
    for title, d in edge_list:
        tail, _, head = title.partition("&#45;&gt;")
        if head[:2] in ("p:", "u:") and tail[:2] in ("p:", "u:") and tail[:2] != head[:2]:
            out.append((html.unescape(tail), html.unescape(head), d))
    return out


def crowded(edge_list: list[tuple[str, str]]) -> bool:
    """True when someone has three or more unions: only then can a union line meet a partner
    (``edge_list``: Graphviz's edges as :func:`.relations.edges_of` reads them)."""
    ends = Counter(x for a, b, _ in _union_edges(edge_list) for x in (a, b) if x.startswith("p:"))
    return any(n > 2 for n in ends.values())


def bridges(edge_list: list[tuple[str, str]], router: Router) -> list[tuple[str, str]]:
    """(old path, new path) for the union lines that pass through a person not their end."""
    halves: dict[str, list[tuple[str, str, list[Point]]]] = {}  # union -> (partner, d, points)
    for a, b, d in _union_edges(edge_list):
        if a.startswith("p:") and b.startswith("u:"):
            halves.setdefault(b, []).append((a, d, path_points(d, 0)))
        elif a.startswith("u:") and b.startswith("p:"):
            halves.setdefault(a, []).append((b, d, path_points(d, 0)))
    people = {name: box for name, box in router.boxes if name.startswith("p:") and "#" not in name}
    out: list[tuple[str, str]] = []
    for parts in halves.values():
        if len(parts) != 2:
            continue
        partners = {p for p, _, _ in parts}
        blocked = any(polyline_hits_box(pts, box, 1.0) for _, _, pts in parts for name, box in people.items() if name not in partners)
        if not blocked:
            continue
        (pa, da, ptsa), (pb, db, _) = sorted(parts, key=lambda p: people[p[0]][0] if p[0] in people else 0.0)
        sa, sb = people.get(pa), people.get(pb)
        if sa is None or sb is None:
            continue
        point = ptsa[-1] if ptsa[-1] != ptsa[0] else ptsa[0]
        ux = point[0]
        # above everyone between the two partners, clear of the lines arriving from above
        between = [box for name, box in router.boxes if box[2] > sa[0] and box[0] < sb[2] and box[3] > min(sa[1], sb[1]) - 30 and box[1] < max(sa[3], sb[3])]
        top = min(box[1] for box in between) - 10
        ax, bx = sa[2] - (sa[2] - sa[0]) * 0.25, sb[0] + (sb[2] - sb[0]) * 0.25
        left = [(ax, sa[1]), (ax, top), (ux, top), (ux, point[1])]
        right = [(ux, top), (bx, top), (bx, sb[1])]
        out.append((da, _d(left)))
        out.append((db, _d(right)))
        router.lines += [left, right]
    return out


def _d(line: list[Point]) -> str:
    return "M" + "L".join(f"{x:.2f},{y:.2f}" for x, y in line)
