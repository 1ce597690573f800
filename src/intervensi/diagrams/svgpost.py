"""Marks Graphviz has no style for, drawn onto its SVG after layout.

* ``p.<id>.x…`` nodes (deceased, stillbirth): an X across the symbol.
* ``p.<id>.h.<household>`` nodes: the members of a household enclosed by one dotted
  outline (per row a box around each run of neighbouring members, joined to the row
  below where they overlap), drawn behind the symbols.
* ``zz-…`` edges (stressful ties, conflict, hostility, abuse): the laid-out path is
  redrawn as a zig-zag, keeping its colour, width and arrowheads; the ends stay straight
  so the arrows still meet the line.
* edges whose id ends ``.up`` (an emotional relationship between partners): lifted
  ``LIFT`` points so that it runs above the couple's union line instead of on it.

Works on the SVG of either Graphviz version (it reads only ``g`` ids and the shapes'
geometry), and sets pixel sizes so that rasterisers accept the file.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Iterator

from .svgparts import Child, _bezier, _numbers, _points, zigzag

_CIRCLE_INSET = 1 - 1 / math.sqrt(2)
#: How far a relationship line between partners is drawn above their union line (points).
LIFT = 10.0



def _cross(children: list[Child]) -> str:
    boxes: list[tuple[float, float, float, float, float]] = []  # x0, y0, x1, y1, inset
    for cx_, cy_, rx_, ry_, points, *_ in children:
        if cx_:
            cx, cy, rx, ry = float(cx_), float(cy_), float(rx_), float(ry_)
            boxes.append((cx - rx, cy - ry, cx + rx, cy + ry, _CIRCLE_INSET))
        elif points:
            pts = _points(points)
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


def _length(text: str) -> int:
    """The length of SVG text as shown (Graphviz writes runs of spaces as ``&#160;``,
    which ``html.unescape`` is slow to replace one by one)."""
    spaces = text.count("&#160;")
    rest = text.replace("&#160;", "") if spaces else text
    return spaces + (len(html.unescape(rest)) if "&" in rest else len(rest))


def _node_box(children: list[Child]) -> tuple[tuple[float, float, float, float], float] | None:
    """The box of a node's symbol and the text below it, and the symbol's centre height."""
    inf = math.inf
    x0, y0, x1, y1 = inf, inf, -inf, -inf
    centre: float | None = None
    size_was, size, x_was, x = "", 9.0, "", 0.0  # a node's texts share their size and x
    for cx_, cy_, rx_, ry_, points, x_, y_, size_, text, _ in children:
        if x_:
            if text and not text.isspace():
                if size_ != size_was:
                    size_was, size = size_, float(size_) if size_ else 9.0
                if x_ != x_was:
                    x_was, x = x_, float(x_)
                y = float(y_)
                half = (_length(text) if "&" in text else len(text)) * size * 0.3
                if x - half < x0:
                    x0 = x - half
                if x + half > x1:
                    x1 = x + half
                if y - size < y0:
                    y0 = y - size
                if y + 3 > y1:
                    y1 = y + 3
        elif cx_:
            cx, cy, rx, ry = float(cx_), float(cy_), float(rx_), float(ry_)
            x0, x1 = min(x0, cx - rx), max(x1, cx + rx)
            y0, y1 = min(y0, cy - ry), max(y1, cy + ry)
            if centre is None:
                centre = cy
        elif points:
            nums = _numbers(points)
            if len(nums) < 2:
                continue
            xs, ys = nums[0 : len(nums) // 2 * 2 : 2], nums[1::2]
            x0, x1 = min(x0, *xs), max(x1, *xs)
            lo, hi = min(ys), max(ys)
            y0, y1 = min(y0, lo), max(y1, hi)
            if centre is None:
                centre = (lo + hi) / 2
    if x0 == inf:
        return None
    return (x0, y0, x1, y1), centre if centre is not None else (y0 + y1) / 2


def _household(gid: str) -> str | None:
    parts = gid.split(".")
    return parts[parts.index("h", 2) + 1] if "h" in parts[2:-1] else None


def _outline_households(groups: list[tuple[str, list[Child]]], extent: list[float] | None = None) -> str:
    marked = [(gid, _household(gid), children) for gid, children in groups if gid.startswith(("p.", "u.", "a."))]
    if not any(hh for _, hh, _ in marked):
        return ""  # no household: no node's geometry is needed
    nodes: list[tuple[str | None, tuple[float, float, float, float], float]] = []
    for _, hh, children in marked:
        found = _node_box(children)
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
        others = [box for who, box, _ in nodes if who != hh]
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
                for up in previous:  # join to the run above, round other people's names
                    rects.extend(_join(up, r, others))
            if runs:
                previous = runs
        _draw_union_outline(layer, rects)
        if extent is not None and rects:  # the box the outlines take: the canvas must hold it
            extent[:] = [
                min([r[0] for r in rects] + extent[:1]), min([r[1] for r in rects] + extent[1:2]),
                max([r[2] for r in rects] + extent[2:3]), max([r[3] for r in rects] + extent[3:4]),
            ]  # fmt: skip
    return '<g class="households">' + "".join(layer) + "</g>"


Rect = tuple[float, float, float, float]


def _clear(rects: list[Rect], others: list[Rect]) -> bool:
    return not any(r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3] for r in rects for o in others)


def _join(up: Rect, r: Rect, others: list[Rect]) -> list[Rect]:
    """Rectangles joining a household's run ``up`` to its run ``r`` below: straight down
    where they overlap, else a narrow band down, across and down again; placed where they
    cross nobody else's symbol or name (the first clear place, else the plain one)."""
    w = 7.0
    x0, x1 = max(up[0], r[0]), min(up[2], r[2])
    if x1 - x0 > 4:
        whole = [(x0, up[3], x1, r[1])]
        if _clear(whole, others):
            return whole
        middle = (x0 + x1) / 2
        for x in sorted((x0 + w + 4 * k for k in range(int((x1 - x0 - 2 * w) / 4) + 1)), key=lambda v: abs(v - middle)):
            band = [(x - w, up[3], x + w, r[1])]
            if _clear(band, others):
                return band
    if r[1] <= up[3]:
        return [(x0, up[3], x1, r[1])] if x1 - x0 > 4 else []
    centre = min(max((up[0] + up[2]) / 2, up[0] + w), up[2] - w)
    plain: list[Rect] | None = None
    for ux in (centre, up[0] + w, up[2] - w):
        for lx in (min(max(ux, r[0] + w), r[2] - w), r[0] + w, r[2] - w):
            for mid in ((up[3] + r[1]) / 2, up[3] + w + 2, r[1] - w - 2):
                pieces = [(ux - w, up[3], ux + w, mid + w), (min(ux, lx) - w, mid - w, max(ux, lx) + w, mid + w), (lx - w, mid - w, lx + w, r[1])]
                if plain is None:
                    plain = pieces
                if _clear(pieces, others):
                    return pieces
    return plain or []


def _draw_union_outline(layer: list[str], rects: list[tuple[float, float, float, float]]) -> None:
    """The outline of a union of rectangles, as the grid edges between inside and outside."""
    if not rects:
        return
    xs = sorted({v for r in rects for v in (r[0], r[2])})
    ys = sorted({v for r in rects for v in (r[1], r[3])})
    # Which grid cells lie inside a rectangle: every rectangle's sides are grid lines, so
    # a cell is inside exactly when it lies between a rectangle's sides.
    # Each column of grid cells as a bit mask (bit j: the cell between ys[j] and ys[j+1]
    # lies inside a rectangle); the sides of the outline are then a few integer operations
    # per column, and only the cells on the outline are visited.
    nx = len(xs) - 1
    cols = [0] * (nx + 2)  # with an empty column either side
    for r in rects:
        i0, i1 = bisect.bisect_left(xs, r[0]), bisect.bisect_left(xs, r[2])
        j0, j1 = bisect.bisect_left(ys, r[1]), bisect.bisect_left(ys, r[3])
        run = ((1 << (j1 - j0)) - 1) << j0
        for i in range(i0 + 1, i1 + 1):
            cols[i] |= run
    fx = [f"{v:.1f}" for v in xs]  # each grid line formatted once (formatting floats is slow)
    fy = [f"{v:.1f}" for v in ys]
    d: list[str] = []
    for i in range(nx):
        col = cols[i + 1]
        if not col:
            continue
        top, bottom = col & ~(col << 1), col & ~(col >> 1)
        left, right = col & ~cols[i], col & ~cols[i + 2]
        edges = top | bottom | left | right
        xa, xb = fx[i], fx[i + 1]
        while edges:
            low = edges & -edges
            edges ^= low
            j = low.bit_length() - 1
            ya, yb = fy[j], fy[j + 1]
            if top & low:
                d.append(f"M{xa},{ya}H{xb}")
            if bottom & low:
                d.append(f"M{xa},{yb}H{xb}")
            if left & low:
                d.append(f"M{xa},{ya}V{yb}")
            if right & low:
                d.append(f"M{xb},{ya}V{yb}")
    layer.append(f'<path d="{"".join(d)}" fill="none" stroke="#555555" stroke-width="1.3" stroke-dasharray="6,3" class="household"/>')


# The group's content is matched up to the first ``</g>`` without a lazy ``.*?`` (which
# Python's engine walks one character at a time); the children by the attributes the
# marks need, in the order both Graphviz 2.43 and 16.1 write them.
_GROUP = re.compile(r'<g id="((?:[pua]\.|zz&#45;|zz-|rel&#45;|rel-|tw\.|tie\.)[^"]*)" class="(?:node|edge)">([^<]*(?:<(?!/g>)[^<]*)*)</g>')
_A = r'(?:\s[\w:-]+="[^"]*")*?'  # other attributes, skipped a whole attribute at a time
_CHILD = re.compile(
    r"<ellipse" + _A + r'\scx="([^"]*)"\scy="([^"]*)"\srx="([^"]*)"\sry="([^"]*)"[^>]*>'
    r"|<polygon" + _A + r'\spoints="([^"]*)"[^>]*>'
    r"|<text" + _A + r'\sx="([^"]*)"\sy="([^"]*)"(?:' + _A + r'\sfont-size="([^"]*)")?[^>]*>([^<]*)</text>'
    r"|<path" + _A + r'\sd="([^"]*)"[^>]*>'
)
_SIZE = re.compile(r'(width|height)="([0-9.]+)pt"')


def _groups(text: str) -> Iterator[tuple[str, list[Child], int, int]]:
    """Our marked node and edge groups: (id, their drawn elements, start, end of content).

    A regular-expression scan of Graphviz's flat SVG: parsing and re-serialising the whole
    document cost more than the layout itself. Values are kept as written (the geometry
    needs no unescaping; text is unescaped where its length is measured).
    """
    for m in _GROUP.finditer(text):
        gid = m.group(1)
        if "&" in gid:
            gid = html.unescape(gid)
        children: list[Child] = _CHILD.findall(m.group(2))
        yield gid, children, m.start(), m.end() - len("</g>")


def _twins(text: str, lines: list[tuple[str, int, int]], identical: bool, replaces: list[tuple[int, int, str]]) -> str:
    """Twins' lines from one point centred above them (symmetric), and for identical twins
    the bar between the two lines; returns the marks to add (an extension of the sibship
    bar to the centred point, the bar)."""
    paths = [(d, _points(d), at, end) for d, at, end in lines]
    paths = [p for p in paths if len(p[1]) >= 2]
    if len(paths) < 2:
        return ""
    (ax, ay) = paths[0][1][0]
    ends = [pts[-1] for _, pts, _, _ in paths]
    cx = (min(e[0] for e in ends) + max(e[0] for e in ends)) / 2
    for d, pts, at, end in paths:
        pos = text.find(f'd="{d}"', at, end)
        if pos > 0:
            ex, ey = pts[-1]
            replaces.append((pos, pos + len(d) + 4, f'd="M{cx:.2f},{ay:.2f}L{ex:.2f},{ey:.2f}"'))
    out = []
    if abs(cx - ax) > 0.5:
        out.append(f'<path d="M{ax:.2f},{ay:.2f}H{cx:.2f}" fill="none" stroke="black" stroke-width="1.2" class="twin-point"/>')
    if identical:
        (lx, ly), (rx, ry) = min(ends), max(ends)
        t = 0.45
        x0, y0 = cx + (lx - cx) * t, ay + (ly - ay) * t
        x1, y1 = cx + (rx - cx) * t, ay + (ry - ay) * t
        out.append(f'<path d="M{x0:.2f},{y0:.2f}L{x1:.2f},{y1:.2f}" fill="none" stroke="black" stroke-width="1.2" class="identical-twins"/>')
    return "".join(out)


def _px(m: re.Match[str]) -> str:
    return f'{m.group(1)}="{float(m.group(2)) * 4 / 3:.0f}px"'


def postprocess(svg: bytes, rels: list[tuple[str, str, str, str]] | None = None, legend: tuple[str, tuple[str, ...]] | None = None) -> bytes:
    """Draw the X, zig-zag and household marks and give the SVG pixel sizes.

    ``rels`` are a genogram's relationships (index, kind, person, person; see
    :mod:`.relations`), routed on the laid-out picture and drawn on top of it; ``legend``
    (language, keys) is drawn below a genogram or beside an ecomap (:mod:`.legend`).

    Only our marked groups are read (by regular expressions, for their geometry), and the
    marks are spliced into Graphviz's own text (parsing and serialising a tree again cost
    more than the layout).
    """
    text = svg.decode("utf-8")
    groups = list(_groups(text))
    inserts: list[tuple[int, str]] = []
    cover: tuple[float, float, float, float] | None = None
    replaces: list[tuple[int, int, str]] = []
    for gid, children, at, end in groups:
        if gid.endswith(".up"):  # a line between partners: lifted off their union line
            inserts.append((at + 2, f' transform="translate(0,{-LIFT:g})"'))
        if gid.startswith("p.") and gid.split(".")[2:3] == ["x"]:
            mark = _cross(children)
            if mark:
                inserts.append((end, mark))
        elif gid.startswith("zz-") and not gid.startswith("zz-tie."):
            for *_, old in children:
                if not old:
                    continue
                d = zigzag(_bezier(old))
                pos = text.find(f'd="{old}"', at, end)
                if d and pos > 0:
                    replaces.append((pos, pos + len(old) + 4, f'd="{d}" stroke-linejoin="round"'))
            cls = text.find('class="edge"', at, end)
            if cls > 0:
                replaces.append((cls, cls + len('class="edge"'), 'class="edge zigzag"'))
    if 'id="ecomap"' in text[:1500]:
        from .ecopost import member_ties

        more, marks = member_ties(text, groups)
        replaces += more
        inserts += marks
    extent: list[float] = []
    layer = _outline_households([(gid, children) for gid, children, _, _ in groups], extent)
    if extent:
        box = (extent[0] - 3, extent[1] - 3, extent[2] + 3, extent[3] + 3)
        cover = box if cover is None else (min(cover[0], box[0]), min(cover[1], box[1]), max(cover[2], box[2]), max(cover[3], box[3]))
    if layer:
        graph = text.find('class="graph"')
        poly = text.find("<polygon", graph)
        end = text.find("/>", poly)
        if graph > 0 and poly > 0 and end > 0:
            inserts.append((end + 2, layer))
    twins: dict[str, list[tuple[str, int, int]]] = {}
    for gid, children, at, end in groups:
        if gid.startswith("tw."):
            for *_, d in children:
                if d:
                    parts = gid.split(".")  # tw.<sibship>.<slot>.<child>[.i]
                    twins.setdefault(".".join(parts[:3]) + (".i" if len(parts) == 5 else ""), []).append((d, at, end))
    for key, lines in twins.items():
        twin_marks = _twins(text, lines, key.endswith(".i"), replaces)
        if twin_marks:
            inserts.append((lines[-1][2] + len("</g>"), twin_marks))
    if rels or 'id="genogram"' in text[:1500]:
        from .relations import lay_lines

        moved, drawn, routes = lay_lines(text, rels or [], [(gid, children) for gid, children, _, _ in groups])
        if routes is not None:
            cover = routes if cover is None else (min(cover[0], routes[0]), min(cover[1], routes[1]), max(cover[2], routes[2]), max(cover[3], routes[3]))
        for old, new in moved:
            pos = text.find(f'd="{old}"')
            if pos > 0:
                replaces.append((pos, pos + len(old) + 4, f'd="{new}"'))
        close = text.rfind("</g>")
        if drawn and close > 0:
            inserts.append((close, drawn))
    edits = [(pos, pos, t) for pos, t in inserts] + replaces
    out: list[str] = []
    last = 0
    for lo, hi, t in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[last:lo])
        out.append(t)
        last = hi
    out.append(text[last:])
    result = "".join(out)
    if cover is not None:  # a route or an outline beyond the picture's edge: grow the canvas
        from .legend import grow

        result = grow(result, cover)
    if legend is not None:
        from .legend import attach

        result = attach(result, legend[0], legend[1], "beside" if 'id="ecomap"' in result[:2000] else "below")
    head = result.find("<svg")
    tag_end = result.find(">", head)
    if head >= 0:
        tag = _SIZE.sub(_px, result[head:tag_end])
        result = result[:head] + tag + result[tag_end:]
    return result.encode("utf-8")
