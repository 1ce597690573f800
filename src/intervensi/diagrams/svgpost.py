"""Marks Graphviz has no style for, drawn onto its SVG after layout.

* ``p.<id>.x…`` nodes (deceased, stillbirth): an X across the symbol.
* ``p.<id>.h.<household>`` nodes: the members of a household enclosed by one dotted
  outline (per row a box around each run of neighbouring members, joined to the row
  below where they overlap), drawn behind the symbols.
* ``zz-…`` edges (stressful ties, conflict, hostility, abuse): the laid-out path is
  redrawn as a zig-zag, keeping its colour, width and arrowheads; the ends stay straight
  so the arrows still meet the line.

Works on the SVG of either Graphviz version (it reads only ``g`` ids and the shapes'
geometry), and sets pixel sizes so that rasterisers accept the file.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)
_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _tag(name: str) -> str:
    return f"{{{SVG}}}{name}"


def _points(text: str) -> list[tuple[float, float]]:
    nums = [float(x) for x in _NUM.findall(text)]
    return list(zip(nums[0::2], nums[1::2], strict=False))


def _cross(g: ET.Element) -> str:
    boxes: list[tuple[float, float, float, float, float]] = []  # x0, y0, x1, y1, inset
    for el in g:
        if el.tag == _tag("ellipse"):
            cx, cy = float(el.get("cx", 0)), float(el.get("cy", 0))
            rx, ry = float(el.get("rx", 0)), float(el.get("ry", 0))
            boxes.append((cx - rx, cy - ry, cx + rx, cy + ry, 1 - 1 / math.sqrt(2)))
        elif el.tag == _tag("polygon"):
            pts = _points(el.get("points", ""))
            if not pts:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            # a diamond has no corner at its bounding box: cross the inner square
            corner = any(abs(x - x0) < 0.5 and abs(y - y0) < 0.5 for x, y in pts)
            boxes.append((x0, y0, x1, y1, 0.0 if corner else 0.25))
    if not boxes:
        return ""
    x0, y0, x1, y1, inset = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    dx, dy = (x1 - x0) * inset, (y1 - y0) * inset
    x0, x1, y0, y1 = x0 + dx, x1 - dx, y0 + dy, y1 - dy
    d = f"M{x0:.2f},{y0:.2f}L{x1:.2f},{y1:.2f}M{x0:.2f},{y1:.2f}L{x1:.2f},{y0:.2f}"
    return f'<path d="{d}" fill="none" stroke="black" stroke-width="1.2" class="deceased-mark"/>'


def _node_box(g: ET.Element) -> tuple[tuple[float, float, float, float], float] | None:
    """The box of a node's symbol and the text below it, and the symbol's centre height."""
    xs: list[float] = []
    ys: list[float] = []
    centre: float | None = None
    for el in g:
        if el.tag == _tag("ellipse"):
            cx, cy, rx, ry = (float(el.get(k, 0)) for k in ("cx", "cy", "rx", "ry"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
            centre = cy if centre is None else centre
        elif el.tag == _tag("polygon"):
            pts = _points(el.get("points", ""))
            for x, y in pts:
                xs.append(x)
                ys.append(y)
            if pts and centre is None:
                centre = (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2
        elif el.tag == _tag("text") and (el.text or "").strip():
            x, y = float(el.get("x", 0)), float(el.get("y", 0))
            size = float(el.get("font-size", 9))
            half = len(el.text or "") * size * 0.3
            xs += [x - half, x + half]
            ys += [y - size, y + 3]
    if not xs:
        return None
    box = (min(xs), min(ys), max(xs), max(ys))
    return box, centre if centre is not None else (box[1] + box[3]) / 2


def _outline_households(groups: list[tuple[str, ET.Element]]) -> str:
    nodes: list[tuple[str | None, tuple[float, float, float, float], float]] = []
    for gid, g in groups:
        if not gid.startswith(("p.", "u.", "a.")):
            continue
        parts = gid.split(".")
        hh = parts[parts.index("h", 2) + 1] if "h" in parts[2:-1] else None
        found = _node_box(g)
        if found is not None:
            nodes.append((hh, found[0], found[1]))
    households = sorted({hh for hh, _, _ in nodes if hh})
    if not households:
        return ""
    # rows: nodes whose symbol centres are (nearly) level
    rows: list[list[tuple[str | None, tuple[float, float, float, float]]]] = []
    level: float | None = None
    for hh_, box, cy in sorted(nodes, key=lambda n: n[2]):
        if rows and level is not None and abs(level - cy) < 12:
            rows[-1].append((hh_, box))
        else:
            rows.append([(hh_, box)])
            level = cy
    pad = 6.0
    layer: list[str] = []
    for hh in households:
        rects: list[tuple[float, float, float, float]] = []
        previous: list[tuple[float, float, float, float]] = []
        for row in rows:
            row = sorted(row, key=lambda n: n[1][0])
            runs: list[tuple[float, float, float, float]] = []
            run: list[tuple[float, float, float, float]] = []
            for who, box in [*row, (None, (0.0, 0.0, 0.0, 0.0))]:
                if who == hh:
                    run.append(box)
                elif run:
                    runs.append((min(b[0] for b in run) - pad, min(b[1] for b in run) - pad, max(b[2] for b in run) + pad, max(b[3] for b in run) + pad))
                    run = []
            for r in runs:
                rects.append(r)
                for up in previous:  # join to the run above: straight down where they overlap,
                    x0, x1 = max(up[0], r[0]), min(up[2], r[2])
                    if x1 - x0 > 4:
                        rects.append((x0, up[3], x1, r[1]))
                    elif r[1] > up[3]:  # else by a narrow band down, across and down again
                        w = 7.0
                        ux = min(max((up[0] + up[2]) / 2, up[0] + w), up[2] - w)
                        lx = min(max(ux, r[0] + w), r[2] - w)
                        mid = (up[3] + r[1]) / 2
                        rects.append((ux - w, up[3], ux + w, mid + w))
                        rects.append((min(ux, lx) - w, mid - w, max(ux, lx) + w, mid + w))
                        rects.append((lx - w, mid - w, lx + w, r[1]))
            if runs:
                previous = runs
        _draw_union_outline(layer, rects)
    return '<g class="households">' + "".join(layer) + "</g>"


def _draw_union_outline(layer: list[str], rects: list[tuple[float, float, float, float]]) -> None:
    """The outline of a union of rectangles, as the grid edges between inside and outside."""
    if not rects:
        return
    xs = sorted({v for r in rects for v in (r[0], r[2])})
    ys = sorted({v for r in rects for v in (r[1], r[3])})

    def inside(i: int, j: int) -> bool:
        if i < 0 or j < 0 or i >= len(xs) - 1 or j >= len(ys) - 1:
            return False
        cx, cy = (xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2
        return any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects)

    d: list[str] = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if not inside(i, j):
                continue
            if not inside(i, j - 1):
                d.append(f"M{xs[i]:.1f},{ys[j]:.1f}H{xs[i + 1]:.1f}")
            if not inside(i, j + 1):
                d.append(f"M{xs[i]:.1f},{ys[j + 1]:.1f}H{xs[i + 1]:.1f}")
            if not inside(i - 1, j):
                d.append(f"M{xs[i]:.1f},{ys[j]:.1f}V{ys[j + 1]:.1f}")
            if not inside(i + 1, j):
                d.append(f"M{xs[i + 1]:.1f},{ys[j]:.1f}V{ys[j + 1]:.1f}")
    layer.append(f'<path d="{"".join(d)}" fill="none" stroke="#555555" stroke-width="1.3" stroke-dasharray="2,3" class="household"/>')


def _bezier(d: str) -> list[tuple[float, float]]:
    """Sample the cubic Bézier path Graphviz writes for an edge (``M x,y C …``)."""
    pts = _points(d)
    if len(pts) < 4:
        return pts
    out = [pts[0]]
    start = pts[0]
    for i in range(1, len(pts) - 2, 3):
        p1, p2, p3 = pts[i], pts[i + 1], pts[i + 2]
        for k in range(1, 21):
            t = k / 20
            mt = 1 - t
            x = mt**3 * start[0] + 3 * mt * mt * t * p1[0] + 3 * mt * t * t * p2[0] + t**3 * p3[0]
            y = mt**3 * start[1] + 3 * mt * mt * t * p1[1] + 3 * mt * t * t * p2[1] + t**3 * p3[1]
            out.append((x, y))
        start = p3
    return out


def zigzag(points: list[tuple[float, float]], amplitude: float = 4.0, step: float = 5.0, margin: float = 0.12) -> str:
    """A zig-zag along a polyline, straight for ``margin`` of its length at each end."""
    if len(points) < 2:
        return ""
    seg = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    total = sum(seg)
    if total <= 0:
        return ""

    def at(s: float) -> tuple[float, float, float, float]:
        for (a, b), length in zip(itertools.pairwise(points), seg, strict=False):
            if s <= length or (length == 0 and s <= 0):
                f = s / length if length else 0
                ux, uy = ((b[0] - a[0]) / length, (b[1] - a[1]) / length) if length else (1.0, 0.0)
                return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, ux, uy
            s -= length
        a, b = points[-2], points[-1]
        length = seg[-1] or 1.0
        return b[0], b[1], (b[0] - a[0]) / length, (b[1] - a[1]) / length

    lo, hi = total * margin, total * (1 - margin)
    out = [points[0]]
    x, y, _, _ = at(lo)
    out.append((x, y))
    n = max(2, int((hi - lo) / step))
    for k in range(1, n):
        s = lo + (hi - lo) * k / n
        x, y, ux, uy = at(s)
        sign = 1 if k % 2 else -1
        out.append((x - uy * amplitude * sign, y + ux * amplitude * sign))
    x, y, _, _ = at(hi)
    out.append((x, y))
    out.append(points[-1])
    return "M" + "L".join(f"{px:.2f},{py:.2f}" for px, py in out)


_GROUP = re.compile(r'<g id="((?:[pua]\.|zz&#45;|zz-)[^"]*)" class="(?:node|edge)">(.*?)</g>', re.S)
_CHILD = re.compile(r"<(ellipse|polygon|text|path)\b([^>]*?)(?:/>|>([^<]*)</\1>)", re.S)
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')


def _groups(text: str) -> Iterator[tuple[str, ET.Element, int, int]]:
    """Our marked node and edge groups: (id, a small element tree, start, end of content).

    A regular-expression scan of Graphviz's flat SVG: parsing and re-serialising the whole
    document cost more than the layout itself.
    """
    for m in _GROUP.finditer(text):
        gid = html.unescape(m.group(1))
        g = ET.Element(_tag("g"), {"id": gid})
        for c in _CHILD.finditer(m.group(2)):
            el = ET.SubElement(g, _tag(c.group(1)), {k: html.unescape(v) for k, v in _ATTR.findall(c.group(2))})
            if c.group(3) is not None:
                el.text = html.unescape(c.group(3))
        yield gid, g, m.start(), m.end() - len("</g>")


def postprocess(svg: bytes) -> bytes:
    """Draw the X, zig-zag and household marks and give the SVG pixel sizes.

    The SVG is read with ElementTree for its geometry, but the marks are spliced into
    Graphviz's own text (serialising the tree again cost more than the layout).
    """
    text = svg.decode("utf-8")
    groups = list(_groups(text))
    inserts: list[tuple[int, str]] = []
    replaces: list[tuple[int, int, str]] = []
    for gid, g, at, end in groups:
        if gid.startswith("p.") and gid.split(".")[2:3] == ["x"]:
            mark = _cross(g)
            if mark:
                inserts.append((end, mark))
        elif gid.startswith("zz-"):
            for path in g.findall(_tag("path")):
                old = path.get("d", "")
                d = zigzag(_bezier(old))
                pos = text.find(f'd="{old}"', at, end)
                if d and pos > 0:
                    replaces.append((pos, pos + len(old) + 4, f'd="{d}" stroke-linejoin="round"'))
            cls = text.find('class="edge"', at, end)
            if cls > 0:
                replaces.append((cls, cls + len('class="edge"'), 'class="edge zigzag"'))
    layer = _outline_households([(gid, g) for gid, g, _, _ in groups])
    if layer:
        graph = text.find('class="graph"')
        poly = text.find("<polygon", graph)
        end = text.find("/>", poly)
        if graph > 0 and poly > 0 and end > 0:
            inserts.append((end + 2, layer))
    edits = [(a, a, t) for a, t in inserts] + replaces
    out: list[str] = []
    last = 0
    for a, b, t in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[last:a])
        out.append(t)
        last = b
    out.append(text[last:])
    result = "".join(out)
    head = result.find("<svg")
    tag_end = result.find(">", head)
    if head >= 0:
        tag = re.sub(r'(width|height)="([0-9.]+)pt"', lambda m: f'{m.group(1)}="{float(m.group(2)) * 4 / 3:.0f}px"', result[head:tag_end])
        result = result[:head] + tag + result[tag_end:]
    return result.encode("utf-8")
