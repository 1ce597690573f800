"""Emotional relationships of a genogram, routed and drawn after Graphviz's layout.

Graphviz routes an edge without knowing what a reader needs: a "distant" line between two
people in one row was laid straight through the person between them and then along the
couple's union line, so that it read as a tie between two other people. So relationships
are not Graphviz edges at all: the genogram's DOT lists them in comment lines
(``// rel <i> <kind> <a> <b>``), Graphviz lays out the family alone, and here each
relationship gets a route on the finished picture:

1. the straight line between the two symbols, when it passes through nobody's symbol or
   name, no union's years, and does not lie along another line;
2. else the shortest orthogonal route (bends cost extra) on a sparse grid made of the
   borders of every symbol and text box, kept ``CLEAR`` points off them; a step may
   cross another line but never run along one, and no step enters a box.

Routes already drawn count as lines for the next ones, so two relationships never share a
stretch. The drawing keeps the McGoldrick styles: parallel lines (close, fused), dots
(distant), zig-zags (conflict, hostile, abuse with an arrow at the person abused), a line
broken by two bars (cut off). The same drawing functions draw the legend's samples.
"""

from __future__ import annotations

import heapq
import math
import re

from .geometry import Box, Point, Scene, inflate, polyline_hits_box, runs_along, scene, segments
from .svgpost import zigzag

#: How far a routed line keeps from every box (points).
CLEAR = 5.0
BEND = 25.0  # the cost of a bend, in points of length
_SPEC = re.compile(r"^\s*// rel (\d+) (\w+) (\S+) (\S+)$", re.M)

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


def specs(dot: str) -> list[tuple[str, str, str, str]]:
    """The relationships listed in a genogram's DOT: (index, kind, person a, person b)."""
    return _SPEC.findall(dot) if "// rel " in dot else []


# --------------------------------------------------------------------------- routing


def _clip(node_box: Box, ellipse: bool, towards: Point) -> Point:
    """Where the line from a symbol's centre towards ``towards`` leaves the symbol."""
    x0, y0, x1, y1 = node_box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    rx, ry = (x1 - x0) / 2, (y1 - y0) / 2
    if ellipse:
        t = 1 / math.sqrt((dx / rx) ** 2 + (dy / ry) ** 2)
    else:
        t = min(rx / abs(dx) if dx else math.inf, ry / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


class Router:
    """Routes on one laid-out genogram; every route placed becomes a line to avoid."""

    def __init__(self, sc: Scene) -> None:
        self.sc = sc
        self.boxes: list[tuple[str, Box]] = []
        for n in sc.nodes.values():
            if n.symbol is not None and (n.name.startswith("p:") or n.name == "legend"):
                self.boxes.append((n.name, n.symbol))
            if n.name.startswith(("p:", "u:")):
                self.boxes.extend((n.name + "#text", b) for b in n.texts)
        self.lines: list[list[Point]] = [line for e in sc.edges for line in e.lines[:1]]

    def _free(self, line: list[Point], ends: set[str], pad: float) -> bool:
        for name, box in self.boxes:
            if name in ends:
                continue
            if polyline_hits_box(line, box, pad):
                return False
        mine = segments(line)
        return not any(runs_along(s, t) for other in self.lines for t in segments(other) for s in mine)

    def route(self, a: str, b: str) -> list[Point] | None:
        na, nb = self.sc.nodes.get(f"p:{a}"), self.sc.nodes.get(f"p:{b}")
        if na is None or nb is None or na.symbol is None or nb.symbol is None:
            return None
        ca = ((na.symbol[0] + na.symbol[2]) / 2, (na.symbol[1] + na.symbol[3]) / 2)
        cb = ((nb.symbol[0] + nb.symbol[2]) / 2, (nb.symbol[1] + nb.symbol[3]) / 2)
        straight = [_clip(na.symbol, na.ellipse, cb), _clip(nb.symbol, nb.ellipse, ca)]
        ends = {f"p:{a}", f"p:{b}"}
        if self._free(straight, ends, -CLEAR / 2):
            self.lines.append(straight)
            return straight
        path = self._grid(na.symbol, nb.symbol, na.ellipse, nb.ellipse)
        if path is None:
            path = straight  # nothing better exists; the checker will say so
        self.lines.append(path)
        return path

    def _grid(self, sa: Box, sb: Box, ea: bool, eb: bool) -> list[Point] | None:
        """The cheapest orthogonal route from ``sa`` to ``sb``, first near the two, then anywhere."""
        lo = (min(sa[0], sb[0]), min(sa[1], sb[1]), max(sa[2], sb[2]), max(sa[3], sb[3]))
        for margin in (60.0, None):
            region = self.sc.view if margin is None else inflate(lo, margin)
            path = self._search(sa, sb, region, ea, eb)
            if path is not None:
                return path
        return None

    def _search(self, sa: Box, sb: Box, region: Box, ea: bool, eb: bool) -> list[Point] | None:
        rx0, ry0, rx1, ry1 = region
        vx0, vy0, vx1, vy1 = self.sc.view
        rx0, ry0, rx1, ry1 = max(rx0, vx0 + 2), max(ry0, vy0 + 2), min(rx1, vx1 - 2), min(ry1, vy1 - 2)
        obstacles = [o for o in (inflate(box, CLEAR) for _, box in self.boxes) if o[2] > rx0 and o[0] < rx1 and o[3] > ry0 and o[1] < ry1]
        starts, goals = _ports(sa, ea), _ports(sb, eb)
        xs = _coords([v for o in obstacles for v in (o[0], o[2])] + [rx0, rx1], [p[1][0] for p in starts + goals], rx0, rx1)
        ys = _coords([v for o in obstacles for v in (o[1], o[3])] + [ry0, ry1], [p[1][1] for p in starts + goals], ry0, ry1)
        nx, ny = len(xs), len(ys)
        # per grid row / column: the obstacles and straight lines lying on it
        hlines: list[tuple[float, float, float]] = []
        vlines: list[tuple[float, float, float]] = []
        for line in self.lines:
            for (px, py), (qx, qy) in segments(line):
                if abs(py - qy) < 1.0:
                    hlines.append((py, min(px, qx), max(px, qx)))
                elif abs(px - qx) < 1.0:
                    vlines.append((px, min(py, qy), max(py, qy)))
        row_obs: dict[int, list[tuple[float, float]]] = {}
        col_obs: dict[int, list[tuple[float, float]]] = {}
        row_lines: dict[int, list[tuple[float, float]]] = {}
        col_lines: dict[int, list[tuple[float, float]]] = {}

        def on_row(j: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
            if j not in row_obs:
                y = ys[j]
                row_obs[j] = [(o[0], o[2]) for o in obstacles if o[1] < y < o[3]]
                row_lines[j] = [(lo, hi) for ly, lo, hi in hlines if abs(y - ly) < 3.0]
            return row_obs[j], row_lines[j]

        def on_col(i: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
            if i not in col_obs:
                x = xs[i]
                col_obs[i] = [(o[1], o[3]) for o in obstacles if o[0] < x < o[2]]
                col_lines[i] = [(lo, hi) for lx, lo, hi in vlines if abs(x - lx) < 3.0]
            return col_obs[i], col_lines[i]

        def step_ok(i: int, j: int, i2: int, j2: int) -> bool:
            if j == j2:
                obs, lines = on_row(j)
                a, b = (xs[i], xs[i2]) if i < i2 else (xs[i2], xs[i])
            else:
                obs, lines = on_col(i)
                a, b = (ys[j], ys[j2]) if j < j2 else (ys[j2], ys[j])
            m = (a + b) / 2
            if any(lo < m < hi for lo, hi in obs) or any(lo < b and hi > a and lo < m < hi for lo, hi in obs):
                return False
            return not any(min(b, hi) - max(a, lo) > 1.0 for lo, hi in lines)

        index_x = {v: k for k, v in enumerate(xs)}
        index_y = {v: k for k, v in enumerate(ys)}
        goal_at = {(index_x[q[0]], index_y[q[1]]): (border, q) for border, q in goals}
        steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
        best: dict[tuple[int, int, int], float] = {}
        prev: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}
        heap: list[tuple[float, float, int, int, int]] = []
        gx = sum(q[0] for _, q in goals) / len(goals)
        gy = sum(q[1] for _, q in goals) / len(goals)
        first: dict[tuple[int, int], Point] = {}
        for border, q in starts:
            i, j = index_x[q[0]], index_y[q[1]]
            if any(o[0] < q[0] < o[2] and o[1] < q[1] < o[3] for o in obstacles):
                continue
            d = 0 if q[0] > border[0] + 0.1 else 1 if q[0] < border[0] - 0.1 else 2 if q[1] > border[1] else 3
            best[(i, j, d)] = 0.0
            prev[(i, j, d)] = None
            first[(i, j)] = border
            heap.append((0.0, 0.0, i, j, d))
        heapq.heapify(heap)
        goal: tuple[int, int, int] | None = None
        while heap:
            _, cost, i, j, d = heapq.heappop(heap)
            if cost > best.get((i, j, d), math.inf):
                continue
            if (i, j) in goal_at:
                goal = (i, j, d)
                break
            for nd, (di, dj) in enumerate(steps):
                i2, j2 = i + di, j + dj
                if not (0 <= i2 < nx and 0 <= j2 < ny) or not step_ok(i, j, i2, j2):
                    continue
                c = cost + abs(xs[i2] - xs[i]) + abs(ys[j2] - ys[j]) + (BEND if nd != d else 0.0)
                key = (i2, j2, nd)
                if c < best.get(key, math.inf):
                    best[key] = c
                    prev[key] = (i, j, d)
                    heapq.heappush(heap, (c + abs(xs[i2] - gx) + abs(ys[j2] - gy), c, i2, j2, nd))
        if goal is None:
            return None
        cells: list[tuple[int, int]] = []
        node: tuple[int, int, int] | None = goal
        while node is not None:
            cells.append((node[0], node[1]))
            node = prev[node]
        cells.reverse()
        pts = [first[cells[0]], *((xs[i], ys[j]) for i, j in cells), goal_at[cells[-1]][0]]
        # keep the corners only
        simple = [pts[0]]
        for k in range(1, len(pts) - 1):
            (px, py), (qx, qy), (rx, ry) = simple[-1], pts[k], pts[k + 1]
            if not ((abs(px - qx) < 1e-6 and abs(qx - rx) < 1e-6) or (abs(py - qy) < 1e-6 and abs(qy - ry) < 1e-6)):
                simple.append(pts[k])
        simple.append(pts[-1])
        # a jog of a point or two (two grid lines that almost coincide) is straightened
        k = 1
        while k < len(simple) - 2:
            (px, py), (qx, qy) = simple[k], simple[k + 1]
            if abs(px - qx) + abs(py - qy) < 2.5:
                (_, ay), (bx, by) = simple[k - 1], simple[k + 2]
                if abs(ay - py) < 1e-6:  # came in horizontally: carry the jog's offset forward
                    simple[k + 2] = (bx, qy) if abs(bx - qx) < 1e-6 else (bx, by)
                    simple[k] = (px, qy) if abs(bx - qx) >= 1e-6 else simple[k]
                del simple[k + 1]
                simple = [p for n, p in enumerate(simple) if n == 0 or p != simple[n - 1]]
            k += 1
        return simple if len(simple) >= 2 else None


def _ports(box: Box, ellipse: bool) -> list[tuple[Point, Point]]:
    """Where a route may leave a symbol: (point on its border, point ``CLEAR`` outside),
    at the middle and the quarters of each side."""
    x0, y0, x1, y1 = box
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    out: list[tuple[Point, Point]] = []
    for f in (0.0, -0.5, 0.5):
        depth = math.sqrt(1 - f * f) if ellipse else 1.0
        top, bottom = cy - ry * depth, cy + ry * depth
        left, right = cx - rx * depth, cx + rx * depth
        x, y = cx + f * rx, cy + f * ry
        out += [((x, top), (x, y0 - CLEAR)), ((x, bottom), (x, y1 + CLEAR)), ((left, y), (x0 - CLEAR, y)), ((right, y), (x1 + CLEAR, y))]
    return out


def _coords(values: list[float], keep: list[float], lo: float, hi: float) -> list[float]:
    """Grid lines: the values within [lo, hi] with near duplicates merged, the middle of
    every gap wider than 12 points (a route may run between two rows), and ``keep`` exactly."""
    vs: list[float] = []
    for v in sorted(v for v in values if lo <= v <= hi):
        if not vs or v - vs[-1] > 1.5:
            vs.append(v)
    out: set[float] = set(keep)
    for k, v in enumerate(vs):
        if k and v - vs[k - 1] > 12:
            out.add((v + vs[k - 1]) / 2)
        if all(abs(v - w) > 1.5 for w in keep):
            out.add(v)
    return sorted(out)


def _leave(box: Box, centre: Point, nxt: Point) -> Point:
    """Where an axis-parallel line from a symbol's centre towards ``nxt`` leaves its box."""
    x, y = centre
    if abs(nxt[0] - x) < 1e-6:
        return (x, box[1] if nxt[1] < y else box[3])
    return (box[0] if nxt[0] < x else box[2], y)


# --------------------------------------------------------------------------- drawing


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
        zz = zigzag(line, amplitude=amp, step=5.0, margin=0.12 if kind != "abuse" else 0.18) or _d(line)
        out = f'<path d="{zz}" {stroke} stroke-linejoin="round"/>'
        if kind == "hostile":  # a second zig-zag beside the first: hostility is the heavier
            out += f'<path d="{zigzag(offset(line, 3.0), amplitude=amp, step=5.0) or _d(line)}" {stroke} stroke-linejoin="round"/>'
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


def relationships_layer(svg: str, rels: list[tuple[str, str, str, str]]) -> str:
    """The groups of the relationship lines for a laid-out genogram's SVG text."""
    if not rels:
        return ""
    router = Router(scene(svg))
    out: list[str] = []
    for i, kind, a, b in rels:
        line = router.route(a, b)
        if line is None:
            continue
        # the route itself first (not painted): what the geometry checks read
        route = f'<path d="{_d(line)}" fill="none" stroke="none" class="route"/>'
        out.append(f'<g id="rel.{i}" class="relationship {kind}"><title>p:{a}-&gt;p:{b}</title>{route}{draw(kind, line)}</g>')
    return "".join(out)
