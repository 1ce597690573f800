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

from .geometry import (
    Box,
    Node,
    Point,
    Scene,
    inflate,
    path_points,
    polyline_hits_box,
    runs_along,
    scene,
    scene_of,
    segments,
)
from .relstyle import WIDE, _d, draw
from .svgparts import Child

#: How far a routed line keeps from every box (points).
CLEAR = 5.0
BEND = 25.0  # the cost of a bend, in points of length
GAP = 5.0  # a route closer than this to a parallel line runs along it
TRIES = 40  # simple routes tried before the grid search
OUTSIDE = 40.0  # how far a route may go beyond Graphviz's picture (points)
_EDGE = re.compile(r'class="edge">\n?<title>([^<]*)</title>\n?<path[^>]*?\sd="([^"]*)"')


def edges_of(svg: str) -> list[tuple[str, str]]:
    """Graphviz's edges in a laid-out SVG: (title as written, e.g. ``p:a&#45;&gt;u:u1``, path)."""
    return _EDGE.findall(svg)
_SPEC = re.compile(r"^\s*// rel (\d+) (\w+) (\S+) (\S+)$", re.M)



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
        self.segs = [s for line in self.lines for s in segments(line)]
        self.extra = 0.0

    def descend(self, origin: str, pts: list[Point]) -> list[Point] | None:
        """A down–across–down path for a slanting line from a union point to its bar: the
        crossing runs between the parents' names and the bar, clear of every box and line."""
        (ux, uy), (bx, by) = pts[0], pts[-1]
        old = segments(pts)
        # the lowest text of the parents' row: the crossing runs below it
        low = max((b[3] for name, b in self.boxes if name.endswith("#text") and b[1] < by and b[3] > uy and b[1] < uy + 60), default=uy)
        mid = (max(low, uy) + by) / 2
        tries = sorted({mid, *(mid + k * 5.0 for k in range(-4, 5))}, key=lambda h: abs(h - mid))
        self.segs = [s for s in self.segs if s not in old]
        for h in tries:
            if not uy + 2 < h < by - 2:
                continue
            path = [(ux, uy), (ux, h), (bx, h), (bx, by)]
            if self._free(path, {f"{origin}#text"}, 0.0):
                self.lines.append(path)
                self.segs.extend(segments(path))
                return path
        self.segs.extend(old)
        return None

    def _stub_free(self, border: Point, outside: Point) -> bool:
        """The short line from a symbol's border to the grid lies along no line."""
        stub = (border, outside)
        return not any(runs_along(stub, other, gap=GAP, overlap=2.0) or runs_along(other, stub, gap=GAP, overlap=2.0) for other in self.segs)

    def _free(self, line: list[Point], ends: set[str], pad: float) -> bool:
        """True when ``line`` enters no box but its ends' (boxes grown by ``-pad``) and lies
        along no line drawn so far (closer than ``GAP``)."""
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        x0, y0, x1, y1 = min(xs) + pad, min(ys) + pad, max(xs) - pad, max(ys) - pad
        for name, box in self.boxes:
            if box[2] < x0 or box[0] > x1 or box[3] < y0 or box[1] > y1 or name in ends:
                continue
            if polyline_hits_box(line, box, pad):
                return False
        mine = segments(line)
        g = GAP + 1
        for other in self.segs:
            (px, py), (qx, qy) = other
            if max(px, qx) < x0 - g or min(px, qx) > x1 + g or max(py, qy) < y0 - g or min(py, qy) > y1 + g:
                continue
            if any(runs_along(s, other, gap=GAP) for s in mine):
                return False
        return True

    def _quick(self, na: Node, nb: Node) -> list[list[Point]]:
        """The first routes to try: straight between the middles of two sides facing each
        other, then an L from a side's middle to the top or bottom's middle."""
        sa, sb = na.symbol, nb.symbol
        assert sa is not None and sb is not None
        ca, cb = ((sa[0] + sa[2]) / 2, (sa[1] + sa[3]) / 2), ((sb[0] + sb[2]) / 2, (sb[1] + sb[3]) / 2)
        pa, pb = _ports(sa, na.ellipse)[:4], _ports(sb, nb.ellipse)[:4]
        out: list[list[Point]] = []
        ls: list[list[Point]] = []
        for ba, oa in pa:
            for bb, ob in pb:
                if (oa[0] - ba[0]) * (cb[0] - ca[0]) + (oa[1] - ba[1]) * (cb[1] - ca[1]) <= 0:
                    continue
                if (ob[0] - bb[0]) * (ca[0] - cb[0]) + (ob[1] - bb[1]) * (ca[1] - cb[1]) <= 0:
                    continue
                out.append([ba, bb])
                ha, hb = abs(oa[1] - ba[1]) < 1e-6, abs(ob[1] - bb[1]) < 1e-6
                if ha != hb:
                    corner = (bb[0], ba[1]) if ha else (ba[0], bb[1])
                    if _ahead(ba, oa, corner) and _ahead(bb, ob, corner):
                        ls.append([ba, corner, bb])
        out.sort(key=_length)
        ls.sort(key=_length)
        return out + ls

    def _candidates(self, na: Node, nb: Node) -> list[tuple[float, list[Point]]]:
        """Simple orthogonal routes between the two symbols' ports, cheapest first: an L
        (one bend), or a Z / U through a channel (two bends)."""
        sa, sb = na.symbol, nb.symbol
        assert sa is not None and sb is not None
        top = min(sa[1], sb[1])
        ca, cb = ((sa[0] + sa[2]) / 2, (sa[1] + sa[3]) / 2), ((sb[0] + sb[2]) / 2, (sb[1] + sb[3]) / 2)
        # ports facing the other symbol, and the tops (for a route over the row)
        pa = [(b, o) for b, o in _ports(sa, na.ellipse) if (o[0] - b[0]) * (cb[0] - ca[0]) + (o[1] - b[1]) * (cb[1] - ca[1]) > 0 or o[1] < b[1]]
        pb = [(b, o) for b, o in _ports(sb, nb.ellipse) if (o[0] - b[0]) * (ca[0] - cb[0]) + (o[1] - b[1]) * (ca[1] - cb[1]) > 0 or o[1] < b[1]]
        out: list[tuple[float, list[Point]]] = []
        for ba, oa in pa:
            ha = abs(oa[1] - ba[1]) < 1e-6  # leaves a sideways
            for bb, ob in pb:
                hb = abs(ob[1] - bb[1]) < 1e-6
                if ha != hb:  # an L
                    corner = (bb[0], ba[1]) if ha else (ba[0], bb[1])
                    if _ahead(ba, oa, corner) and _ahead(bb, ob, corner):
                        out.append((_length([ba, corner, bb]) + BEND, [ba, corner, bb]))
                elif ha:  # both sideways: a channel between them, or beside both
                    for v in {(oa[0] + ob[0]) / 2, oa[0], ob[0]}:
                        path = [ba, (v, ba[1]), (v, bb[1]), bb]
                        if _ahead(ba, oa, path[1]) and _ahead(bb, ob, path[2]):
                            out.append((_length(path) + 2 * BEND, path))
                else:  # both up or down: a channel above, or between the rows
                    for h in {(oa[1] + ob[1]) / 2, oa[1], ob[1], top - 2 * CLEAR, top - 4 * CLEAR}:
                        path = [ba, (ba[0], h), (bb[0], h), bb]
                        if _ahead(ba, oa, path[1]) and _ahead(bb, ob, path[2]):
                            out.append((_length(path) + 2 * BEND, path))
        out.sort(key=lambda c: c[0])
        return out

    def route(self, a: str, b: str, kind: str = "") -> list[Point] | None:
        na, nb = self.sc.nodes.get(f"p:{a}"), self.sc.nodes.get(f"p:{b}")
        if na is None or nb is None or na.symbol is None or nb.symbol is None:
            return None
        ca = ((na.symbol[0] + na.symbol[2]) / 2, (na.symbol[1] + na.symbol[3]) / 2)
        cb = ((nb.symbol[0] + nb.symbol[2]) / 2, (nb.symbol[1] + nb.symbol[3]) / 2)
        straight = [_clip(na.symbol, na.ellipse, cb), _clip(nb.symbol, nb.ellipse, ca)]
        ends = {f"p:{a}", f"p:{b}"}
        path: list[Point] | None = None
        # the drawing spreads beside its route (parallel lines, zig-zags): keep it off the boxes
        self.extra = WIDE.get(kind, 0.0)
        pad = -CLEAR / 2 - self.extra
        if self._free(straight, ends, pad):
            path = straight
        else:
            for candidate in self._quick(na, nb):
                if self._free(candidate, ends, pad):
                    path = candidate
                    break
            else:
                for _, candidate in self._candidates(na, nb)[:TRIES]:
                    if self._free(candidate, ends, pad):
                        path = candidate
                        break
        if path is None:
            path = self._grid(na.symbol, nb.symbol, na.ellipse, nb.ellipse) or straight  # straight: the checker will say so
        self.lines.append(path)
        self.segs.extend(segments(path))
        return path

    def _grid(self, sa: Box, sb: Box, ea: bool, eb: bool) -> list[Point] | None:
        """The cheapest orthogonal route from ``sa`` to ``sb``, first near the two, then anywhere."""
        lo = (min(sa[0], sb[0]), min(sa[1], sb[1]), max(sa[2], sb[2]), max(sa[3], sb[3]))
        for margin in (60.0, None):
            region = inflate(self.sc.view, OUTSIDE) if margin is None else inflate(lo, margin)
            path = self._search(sa, sb, region, ea, eb)
            if path is not None:
                return path
        return None

    def _search(self, sa: Box, sb: Box, region: Box, ea: bool, eb: bool) -> list[Point] | None:
        rx0, ry0, rx1, ry1 = region
        vx0, vy0, vx1, vy1 = self.sc.view
        # routes may leave the picture by up to OUTSIDE points (the canvas then grows)
        vx0, vy0, vx1, vy1 = inflate(self.sc.view, OUTSIDE)
        rx0, ry0, rx1, ry1 = max(rx0, vx0), max(ry0, vy0), min(rx1, vx1), min(ry1, vy1)
        obstacles = [o for o in (inflate(box, CLEAR if box in (sa, sb) else CLEAR + self.extra) for _, box in self.boxes) if o[2] > rx0 and o[0] < rx1 and o[3] > ry0 and o[1] < ry1]
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
            if any(o[0] < q[0] < o[2] and o[1] < q[1] < o[3] for o in obstacles) or not self._stub_free(border, q):
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
            if (i, j) in goal_at and self._stub_free(goal_at[(i, j)][0], (xs[i], ys[j])):
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


def _ahead(border: Point, outside: Point, nxt: Point) -> bool:
    """True when ``nxt`` lies beyond ``outside`` in the direction from ``border`` (a route
    leaves a symbol straight out of the port, at least ``CLEAR`` long)."""
    dx, dy = outside[0] - border[0], outside[1] - border[1]
    return (nxt[0] - outside[0]) * dx + (nxt[1] - outside[1]) * dy >= -1e-6 and abs((nxt[0] - border[0]) * dy - (nxt[1] - border[1]) * dx) < 1e-6


def _length(line: list[Point]) -> float:
    return sum(math.dist(line[i], line[i + 1]) for i in range(len(line) - 1))


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


def descents(edge_list: list[tuple[str, str]]) -> list[tuple[str, str, list[Point]]]:
    """The lines from a union point (or a single parent's anchor) down to its sibship bar
    that Graphviz drew slanting: (origin node, path as written, points)."""
    out = []
    for title, d in edge_list:
        origin, _, head = title.partition("&#45;&gt;")
        if not (head.startswith("b:") and origin[:2] in ("u:", "a:")):
            continue
        origin = origin.replace("&#45;", "-")
        pts = path_points(d, 0)
        if len(pts) >= 2 and abs(pts[0][0] - pts[-1][0]) > 1.5:
            out.append((origin, d, pts))
    return out


def lay_lines(
    svg: str, rels: list[tuple[str, str, str, str]], groups: list[tuple[str, list[Child]]] | None = None
) -> tuple[list[tuple[str, str]], str, Box | None]:
    """What the post-processor changes in a laid-out genogram's lines: the slanting lines
    down to a sibship bar redrawn as down–across–down (a slant crossed the partners' names),
    and the relationship lines routed and drawn. Returns (path replacements ``(old d, new
    d)``, the relationships' SVG groups, the box they cover); ``groups`` is what
    :mod:`.svgpost` read of the SVG."""
    from .bridges import bridges, crowded

    edge_list = edges_of(svg)
    slants = descents(edge_list)
    lift = crowded(edge_list)
    if not rels and not slants and not lift:
        return [], "", None
    # the genogram's edges are straight (splines=line): their curves' ends are exact
    router = Router(scene_of(svg, groups, edge_list) if groups is not None else scene(svg, steps=0))
    replaced: list[tuple[str, str]] = bridges(edge_list, router) if lift else []
    if lift:
        router.segs = [s for line in router.lines for s in segments(line)]
    for origin, d, pts in slants:
        path = router.descend(origin, pts)
        if path is not None:
            replaced.append((d, _d(path)))
    out: list[str] = []
    cover: Box | None = None
    for i, kind, a, b in rels:
        line = router.route(a, b, kind)
        if line is None:
            continue
        w = WIDE.get(kind, 0.0) + 10
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        here = (min(xs) - w, min(ys) - w, max(xs) + w, max(ys) + w)
        cover = here if cover is None else (min(cover[0], here[0]), min(cover[1], here[1]), max(cover[2], here[2]), max(cover[3], here[3]))
        # the route itself first (not painted): what the geometry checks read
        route = f'<path d="{_d(line)}" fill="none" stroke="none" class="route"/>'
        out.append(f'<g id="rel.{i}" class="relationship {kind}"><title>p:{a}-&gt;p:{b}</title>{route}{draw(kind, line)}</g>')
    return replaced, "".join(out), cover


def relationships_layer(svg: str, rels: list[tuple[str, str, str, str]], groups: list[tuple[str, list[Child]]] | None = None) -> str:
    """The relationships' SVG groups alone (see :func:`lay_lines`)."""
    return lay_lines(svg, rels, groups)[1]
