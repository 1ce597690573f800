"""Ecomap ties that belong to one member of the household, drawn to that member.

Graphviz ends every tie on the household circle. A tie recorded for one person (``member``
in the case file) carries the id ``tie.<row>.<system>`` (``zz-tie…`` when stressful): here
it is redrawn from the end of that person's line inside the circle, across the circle's
edge at that height, straight to the system, with a dot at the person and the arrowheads
moved along (Hartman draws a tie to the member it concerns).
"""

from __future__ import annotations

import math
import re

from .svgparts import Child, _points, zigzag

_HOUSEHOLD = re.compile(r'<g id="household" class="node">(.*?)</g>', re.S)
_ELLIPSE = re.compile(r'<ellipse[^>]*\scx="([^"]*)"\scy="([^"]*)"\srx="([^"]*)"')
_TEXT = re.compile(r'<text[^>]*\sx="([^"]*)"\sy="([^"]*)"[^>]*font-size="([^"]*)"[^>]*>([^<]*)</text>')


def _length(text: str) -> int:
    import html

    return len(html.unescape(text)) if "&" in text else len(text)


def member_ties(text: str, groups: list[tuple[str, list[Child], int, int]]) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """(replacements, insertions) in ``text`` for every member tie among ``groups``."""
    ties = [g for g in groups if g[0].startswith(("tie.", "zz-tie."))]
    found = _HOUSEHOLD.search(text) if ties else None
    if found is None:
        return [], []
    circles = _ELLIPSE.findall(found.group(1))
    rows = _TEXT.findall(found.group(1))
    if not circles:
        return [], []
    cx, cy, r = float(circles[-1][0]), float(circles[-1][1]), float(circles[-1][2])
    replaces: list[tuple[int, int, str]] = []
    inserts: list[tuple[int, str]] = []
    for gid, children, at, end in ties:
        row = int(gid.split(".")[1])
        paths = [c[9] for c in children if c[9]]
        if row >= len(rows) or not paths:
            continue
        x, y, size, label = float(rows[row][0]), float(rows[row][1]), float(rows[row][2]), rows[row][3]
        old = _points(paths[0])
        start, far = old[0], old[-1]
        right = far[0] >= cx
        ty = y - size * 0.35
        half = _length(label) * size * 0.3
        tx = x + half + 3 if right else x - half - 3
        across = math.sqrt(max(r * r - (ty - cy) ** 2, 0.0))
        sx = cx + across if right else cx - across
        outer = [(sx, ty), far]
        if gid.startswith("zz-"):
            d = f"M{tx:.2f},{ty:.2f}L" + zigzag(outer)[1:]
            cls = text.find('class="edge"', at, at + 300)
            if cls > 0:
                replaces.append((cls, cls + len('class="edge"'), 'class="edge zigzag"'))
        else:
            d = f"M{tx:.2f},{ty:.2f}L{sx:.2f},{ty:.2f}L{far[0]:.2f},{far[1]:.2f}"
        pos = text.find(f'd="{paths[0]}"', at, end)
        if pos > 0:
            replaces.append((pos, pos + len(paths[0]) + 4, f'd="{d}" stroke-linejoin="round"'))
        # an arrowhead at the household's end moves to where the tie now crosses the circle
        old_dir = math.atan2(start[1] - far[1], start[0] - far[0])
        new_dir = math.atan2(ty - far[1], sx - far[0])
        for c in children:
            pts = _points(c[4]) if c[4] else []
            if not pts or math.dist(pts[0], start) > 20:
                continue
            turn = new_dir - old_dir
            moved = []
            for px, py in pts:
                dx, dy = px - start[0], py - start[1]
                moved.append((sx + dx * math.cos(turn) - dy * math.sin(turn), ty + dx * math.sin(turn) + dy * math.cos(turn)))
            p = text.find(f'points="{c[4]}"', at, end)
            if p > 0:
                new = " ".join(f"{a:.2f},{b:.2f}" for a, b in moved)
                replaces.append((p, p + len(c[4]) + 9, f'points="{new}"'))
        inserts.append((end, f'<circle cx="{tx:.2f}" cy="{ty:.2f}" r="2" fill="black" class="member-tie"/>'))
    return replaces, inserts
