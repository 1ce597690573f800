"""The geometry of a laid-out diagram, read from its SVG, and checks on it.

Graphviz writes every node and edge as a ``<g class="node|edge">`` with a ``<title>``
naming it (``p:ayah``, ``p:ayah->u:u1``); our own relationship lines are
``<g class="relationship …">`` groups titled the same way. :func:`scene` reads them into
boxes and polylines (SVG user units, i.e. points, in the graph group's coordinates), and
:func:`problems` lists what a reader would misread:

* a line that passes through a person's symbol or name, or a union's years, that is not
  one of its own ends (``through``);
* a relationship line that runs along another line (``along``);
* a mark or text outside the picture's viewBox (``outside``).

The same readings serve the relationship router (:mod:`.relations`) and the tests.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (y grows downwards, as in SVG)
Point = tuple[float, float]
Segment = tuple[Point, Point]

_GROUP = re.compile(r'<g id="([^"]*)" class="(node|edge|relationship[^"]*)">([^<]*(?:<(?!/g>)[^<]*)*)</g>')
_TITLE = re.compile(r"<title>([^<]*)</title>")
_ELLIPSE = re.compile(r'<ellipse[^>]*\scx="([^"]*)"\scy="([^"]*)"\srx="([^"]*)"\sry="([^"]*)"')
_POLY = re.compile(r'<polygon[^>]*\spoints="([^"]*)"')
_TEXT = re.compile(r'<text[^>]*\sx="([^"]*)"\sy="([^"]*)"[^>]*?(?:font-size="([^"]*)")?[^>]*>([^<]*)</text>')
_ANCHOR = re.compile(r'text-anchor="(\w+)"')
_PATH = re.compile(r'<path[^>]*\sd="([^"]*)"')
_VIEWBOX = re.compile(r'viewBox="([^"]*)"')
_TRANSLATE = re.compile(r'class="graph" transform="[^"]*translate\(([-\d.]+)[ ,]([-\d.]+)\)')
_EDGE = re.compile(r'class="edge">\n?<title>([^<]*)</title>\n?<path[^>]*?\sd="([^"]*)"')
_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class Node:
    """A drawn node: its symbol's box (shape kind ``ellipse`` or ``polygon``) and its texts."""

    name: str
    gid: str
    symbol: Box | None = None
    ellipse: bool = False
    texts: list[Box] = field(default_factory=list)
    inner: list[Box] = field(default_factory=list)  # texts inside the symbol (the age)


@dataclass
class Edge:
    """A drawn line: its ends (node names), its polylines (one per ``path``) and kind."""

    tail: str
    head: str
    gid: str
    kind: str  # "edge" (Graphviz) or "relationship"
    lines: list[list[Point]] = field(default_factory=list)


@dataclass
class Scene:
    nodes: dict[str, Node]
    edges: list[Edge]
    view: Box  # the viewBox in graph coordinates


def _numbers(text: str) -> list[float]:
    try:  # splitting is several times faster than the regular expression
        return list(map(float, text.replace(",", " ").replace("M", " ").replace("C", " ").replace("L", " ").split()))
    except ValueError:
        return [float(x) for x in _NUM.findall(text)]


def text_box(x: float, y: float, size: float, text: str, anchor: str = "middle") -> Box:
    """The box a line of text takes as drawn: DejaVu Sans averages about 0.6 em per
    character and 0.318 em per space; leading spaces (Graphviz writes ``&#160;``, used to
    pad union years right of the children's line) shift the visible text, not widen it."""
    body = text.lstrip(" ")
    lead = len(text) - len(body)
    while body.startswith("&#160;"):
        body = body[6:].lstrip(" ")
        lead = lead + 1
    rest = body
    if "&" in rest:
        spaces = rest.count("&#160;")
        rest = rest.replace("&#160;", "") if spaces else rest
        n = spaces + len(html.unescape(rest) if "&" in rest else rest)
    else:
        n = len(rest)
    shift, width = lead * size * 0.318, n * size * 0.6
    start = x - (shift + width) / 2 if anchor == "middle" else x if anchor == "start" else x - shift - width
    x0 = start + shift
    return (x0, y - size * 0.8, x0 + width, y + size * 0.25)


def path_points(d: str, steps: int = 12) -> list[Point]:
    """A path's points: Graphviz's ``M x,y C …`` cubic Béziers sampled (``steps`` per
    curve; 0 takes the curves' ends only, exact for ``splines=line``), or our ``M…L…``."""
    if "C" in d:
        nums = _numbers(d)
        pts = list(zip(nums[0::2], nums[1::2], strict=False))
        if len(pts) < 4 or steps == 0:
            return pts[0::3] if steps == 0 else pts
        out = [pts[0]]
        for i in range(1, len(pts) - 2, 3):
            (sx, sy), (ax, ay), (bx, by), (cx, cy) = out[-1], pts[i], pts[i + 1], pts[i + 2]
            for k in range(1, steps + 1):
                t = k / steps
                u = 1 - t
                out.append((u**3 * sx + 3 * u * u * t * ax + 3 * u * t * t * bx + t**3 * cx, u**3 * sy + 3 * u * u * t * ay + 3 * u * t * t * by + t**3 * cy))
        return out
    nums = _numbers(d.replace("H", " H ").replace("V", " V "))
    return list(zip(nums[0::2], nums[1::2], strict=False))


def scene(svg: str, steps: int = 12) -> Scene:
    """Nodes, edges and viewBox of a laid-out SVG (ours or Graphviz's); ``steps`` as in
    :func:`path_points`."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for m in _GROUP.finditer(svg):
        gid, cls, body = m.group(1), m.group(2), m.group(3)
        t = _TITLE.search(body)
        title = (html.unescape(t.group(1)) if "&" in t.group(1) else t.group(1)) if t else gid
        if cls == "node":
            if not title.startswith(("p:", "u:")):
                continue  # bar points, anchors: nothing a line could cross
            node = Node(title, html.unescape(gid) if "&" in gid else gid)
            boxes: list[Box] = []
            for cx_, cy_, rx_, ry_ in _ELLIPSE.findall(body):
                cx, cy, rx, ry = float(cx_), float(cy_), float(rx_), float(ry_)
                boxes.append((cx - rx, cy - ry, cx + rx, cy + ry))
                node.ellipse = True
            for pts in _POLY.findall(body):
                nums = _numbers(pts)
                xs, ys = nums[0::2], nums[1::2]
                if xs and ys:
                    boxes.append((min(xs), min(ys), max(xs), max(ys)))
            if boxes:
                node.symbol = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            for tm in _TEXT.finditer(body):
                text = tm.group(4)
                if not text.replace("&#160;", "").strip():
                    continue
                anchor = _ANCHOR.search(tm.group(0))
                box = text_box(float(tm.group(1)), float(tm.group(2)), float(tm.group(3) or 9), text, anchor.group(1) if anchor else "middle")
                s = node.symbol
                if s is not None and box[0] >= s[0] - 1 and box[2] <= s[2] + 1 and box[1] >= s[1] - 1 and box[3] <= s[3] + 1:
                    node.inner.append(box)
                else:
                    node.texts.append(box)
            nodes[title] = node
        else:
            tail, _, head = title.partition("->")
            e = Edge(tail, head, html.unescape(gid), "relationship" if cls.startswith("relationship") else "edge")
            for d in _PATH.findall(body):
                e.lines.append(path_points(d, steps))
            edges.append(e)
    return Scene(nodes, edges, view_box(svg))


def scene_of(svg: str, groups: Sequence[tuple[str, Sequence[tuple[str, ...]]]], edge_list: list[tuple[str, str]] | None = None) -> Scene:
    """The router's scene from the groups :mod:`.svgpost` has already read (people, union
    points, edges): parsing the SVG a second time cost more than routing."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for gid, children in groups:
        if gid[:2] not in ("p.", "u."):
            continue
        name = f"{gid[0]}:{gid.split('.')[1]}"
        node = Node(name, gid)
        x0 = y0 = math.inf
        x1 = y1 = -math.inf
        lines: list[tuple[float, float, float, str]] = []
        for cx_, cy_, rx_, ry_, points, x_, y_, size_, text, _ in children:
            if cx_:
                cx, cy, rx, ry = float(cx_), float(cy_), float(rx_), float(ry_)
                x0, y0, x1, y1 = min(x0, cx - rx), min(y0, cy - ry), max(x1, cx + rx), max(y1, cy + ry)
                node.ellipse = True
            elif points:
                nums = [float(v) for v in points.replace(",", " ").split()]
                xs, ys = nums[0::2], nums[1::2]
                x0, y0, x1, y1 = min(x0, *xs), min(y0, *ys), max(x1, *xs), max(y1, *ys)
            elif x_ and text.strip() and text.replace("&#160;", "").strip():
                lines.append((float(x_), float(y_), float(size_ or 9), text))
        if x0 != math.inf:
            node.symbol = (x0, y0, x1, y1)
        for x, y, size, text in lines:
            box = text_box(x, y, size, text)
            inside = node.symbol is not None and y0 - 1 <= box[1] and box[3] <= y1 + 1 and x0 - 1 <= box[0] and box[2] <= x1 + 1
            (node.inner if inside else node.texts).append(box)
        nodes[name] = node
    # Graphviz's own edges (union, sibship and child lines): their paths only
    for _, d in _EDGE.findall(svg) if edge_list is None else edge_list:
        edges.append(Edge("", "", "", "edge", [path_points(d, 0)]))
    return Scene(nodes, edges, view_box(svg))


def view_box(svg: str) -> Box:
    """The picture's viewBox in the graph group's coordinates."""
    head = svg[:3000]
    found = _VIEWBOX.search(head)
    vb = _numbers(found.group(1)) if found else [0.0, 0.0, 0.0, 0.0]
    tr = _TRANSLATE.search(head)
    tx, ty = (float(tr.group(1)), float(tr.group(2))) if tr else (0.0, 0.0)
    return (vb[0] - tx, vb[1] - ty, vb[0] + vb[2] - tx, vb[1] + vb[3] - ty)


# --------------------------------------------------------------------------- primitives


def segment_hits_box(a: Point, b: Point, box: Box, pad: float = 0.0) -> bool:
    """True when the segment ``a``–``b`` passes through the inside of ``box`` shrunk by
    ``pad`` (Liang–Barsky clipping; touching the border does not count)."""
    x0, y0, x1, y1 = box[0] + pad, box[1] + pad, box[2] - pad, box[3] - pad
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        r = q / p
        if p < 0:
            if r > t1:
                return False
            t0 = max(t0, r)
        else:
            if r < t0:
                return False
            t1 = min(t1, r)
    return t1 - t0 > 1e-9


def polyline_hits_box(line: list[Point], box: Box, pad: float = 0.0) -> bool:
    return any(segment_hits_box(line[i], line[i + 1], box, pad) for i in range(len(line) - 1))


def runs_along(s: Segment, t: Segment, gap: float = 2.5, overlap: float = 4.0) -> bool:
    """True when two segments lie on each other: nearly parallel, within ``gap`` points of
    each other, sharing more than ``overlap`` points of length."""
    (ax, ay), (bx, by) = s
    (cx, cy), (dx, dy) = t
    ls, lt = math.hypot(bx - ax, by - ay), math.hypot(dx - cx, dy - cy)
    if ls < overlap or lt < overlap:
        return False
    ux, uy = (bx - ax) / ls, (by - ay) / ls
    if abs(ux * (dy - cy) / lt - uy * (dx - cx) / lt) > 0.14:  # more than ~8° apart
        return False
    # distance of t's ends from s's line, and the shared stretch along s
    if abs((cx - ax) * uy - (cy - ay) * ux) > gap or abs((dx - ax) * uy - (dy - ay) * ux) > gap:
        return False
    p0, p1 = sorted(((cx - ax) * ux + (cy - ay) * uy, (dx - ax) * ux + (dy - ay) * uy))
    return min(ls, p1) - max(0.0, p0) > overlap


def segments(line: list[Point]) -> list[Segment]:
    return [(line[i], line[i + 1]) for i in range(len(line) - 1)]


def inflate(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


# --------------------------------------------------------------------------- checks

_OUTLINE = re.compile(r'<path d="([^"]*)"[^>]*class="household"')
_STEP = re.compile(r"([MHV])([-\d.]+)(?:,([-\d.]+))?")


def _outline_segments(d: str) -> list[Segment]:
    """The segments of a household outline path (``M x,y H x`` / ``M x,y V y`` pieces)."""
    out: list[Segment] = []
    x = y = 0.0
    for cmd, a, b in _STEP.findall(d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "H":
            out.append(((x, y), (float(a), y)))
            x = float(a)
        else:
            out.append(((x, y), (x, float(a))))
            y = float(a)
    return out



def _is_person(name: str) -> bool:
    return name.startswith("p:")


def problems(svg: str | bytes, *, pad: float = 1.5) -> list[str]:
    """What a reader would misread in a laid-out genogram or ecomap (empty when none).

    Each problem is one line: ``through <edge> <node> [symbol|name]``, ``along <edge>
    <edge>`` or ``outside <node|edge>``. ``pad`` points are forgiven at every box's border
    (anti-aliasing, the estimate of text widths).
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    sc = scene(text)
    out: list[str] = []
    for e in sc.edges:
        ends = {e.tail, e.head}
        for n in sc.nodes.values():
            if n.name in ends or n.name == "legend":
                continue
            if _is_person(n.name) and n.symbol is not None and any(polyline_hits_box(line, n.symbol, pad) for line in e.lines):
                out.append(f"through {e.tail}->{e.head} {n.name} symbol")
            for box in n.texts:
                if (_is_person(n.name) or n.name.startswith("u:")) and any(polyline_hits_box(line, box, pad) for line in e.lines):
                    out.append(f"through {e.tail}->{e.head} {n.name} name")
                    break
        # a line never crosses its own people's names either
        for end in ends:
            own = sc.nodes.get(end)
            if own is not None and _is_person(end):
                for box in own.texts:
                    if any(polyline_hits_box(line, box, pad) for line in e.lines):
                        out.append(f"through {e.tail}->{e.head} {end} name")
                        break
    rel = [e for e in sc.edges if e.kind == "relationship"]
    for e in rel:
        mine = [s for line in e.lines[:1] for s in segments(line)]
        for other in sc.edges:
            if other is e:
                continue
            theirs = [s for line in other.lines[:1] for s in segments(line)]
            if any(runs_along(s, t) for s in mine for t in theirs):
                out.append(f"along {e.tail}->{e.head} {other.tail}->{other.head}")
    # the household outlines: inside the picture, across nobody's name or symbol
    for d in _OUTLINE.findall(text):
        nums = _numbers(d.replace("H", " H ").replace("V", " V "))
        pieces = _outline_segments(d)
        for n in sc.nodes.values():
            if not (_is_person(n.name) or n.name.startswith("u:")):
                continue
            boxes = [*n.texts, *([n.symbol] if n.symbol else [])]
            if any(segment_hits_box(a, b, box, pad) for a, b in pieces for box in boxes):
                out.append(f"outline through {n.name}")
        vx0, vy0, vx1, vy1 = sc.view
        if nums and any(not (vx0 - pad <= x <= vx1 + pad and vy0 - pad <= y <= vy1 + pad) for a, b in pieces for x, y in (a, b)):
            out.append("outside household outline")
    x0, y0, x1, y1 = sc.view
    for n in sc.nodes.values():
        for b in [*([n.symbol] if n.symbol else []), *n.texts]:
            if b[0] < x0 - pad or b[1] < y0 - pad or b[2] > x1 + pad or b[3] > y1 + pad:
                out.append(f"outside {n.name}")
                break
    for e in sc.edges:
        if any(not (x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad) for line in e.lines for x, y in line):
            out.append(f"outside {e.tail}->{e.head}")
    return out


__all__ = ["Box", "Edge", "Node", "Point", "Scene", "inflate", "path_points", "polyline_hits_box", "problems", "runs_along", "scene", "segment_hits_box", "text_box", "view_box"]
