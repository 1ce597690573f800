"""Single-system (AB) charts: one objective over time, with the phase line, baseline and target.

A small SVG writer of our own rather than matplotlib: the picture is a handful of lines,
points and labels, matplotlib would add ~40 MB and ~0.5 s of import to every report, and
its SVG embeds font paths and ids that make the output hard to check. Every piece of text
(indicator, unit, labels) goes through :func:`xml.sax.saxutils.escape`, so a ``<script>``
typed into a case file is drawn as text. PNG is the same SVG rasterised by ``resvg-py``
(no system libraries), at twice the size for sharp printing.

Phase A points and phase B points are joined within their phase only, as single-system
designs are drawn; the phase line stands half-way between the last A and first B point.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .evaluation import ObjectiveResult

LABELS: dict[str, dict[str, str]] = {
    "en": {"baseline": "baseline", "target": "target", "A": "A (baseline)", "B": "B (intervention)", "nodata": "no measurements yet", "nap": "NAP"},
    "id": {"baseline": "baseline", "target": "target", "A": "A (baseline)", "B": "B (intervensi)", "nodata": "belum ada pengukuran", "nap": "NAP"},
}

_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
}


@dataclass(frozen=True)
class Style:
    width: int = 640
    height: int = 300
    left: int = 52
    right: int = 86
    top: int = 44
    bottom: int = 40
    font: str = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def short_date(d: dt.date, lang: str = "en") -> str:
    return f"{d.day} {_MONTHS.get(lang, _MONTHS['en'])[d.month - 1]}"


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = int(lo // step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        if v >= lo - 1e-9:
            out.append(round(v, 6))
        v += step
    return out


def ab_chart_svg(obj: ObjectiveResult, lang: str = "en", style: Style | None = None, title: str | None = None) -> str:
    """The AB chart of one objective as a standalone SVG document (a ``str``)."""
    s = style or Style()
    lab = LABELS.get(lang, LABELS["en"])
    w, h = s.width, s.height
    heading = title if title is not None else obj.indicator + (f" ({obj.unit})" if obj.unit else "")
    lines = textwrap.wrap(heading, width=max(20, (w - 20) // 8))[:2] or [""]
    if len(lines) == 2 and len(" ".join(lines)) < len(heading):
        lines[1] = lines[1][:-1] + "…"
    h += 16 * (len(lines) - 1)
    x0, x1, y0, y1 = s.left, w - s.right, s.top + 16 * (len(lines) - 1), h - s.bottom
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ab-chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label={quoteattr(heading)} font-family={quoteattr(s.font)} font-size="11">',
        f"<title>{escape(heading)}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    out += [f'<text x="10" y="{18 + 16 * i}" font-size="13" font-weight="bold" fill="#222">{escape(line)}</text>' for i, line in enumerate(lines)]
    pts = obj.points
    values = [p.value for p in pts] + [v for v in (obj.baseline, obj.target) if v is not None]
    if not pts:
        out.append(f'<text x="{(x0 + x1) / 2}" y="{(y0 + y1) / 2}" text-anchor="middle" fill="#666">{escape(lab["nodata"])}</text>')
        out.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none" stroke="#999"/>')
        out.append("</svg>")
        return "\n".join(out)
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    lo_v, hi_v = lo - pad, hi + pad
    d0, d1 = pts[0].date, pts[-1].date
    days = max((d1 - d0).days, 1)

    def xs(d: dt.date) -> float:
        if d0 == d1:
            return (x0 + x1) / 2
        return x0 + 16 + (x1 - x0 - 32) * (d - d0).days / days

    def ys(v: float) -> float:
        return y1 - (y1 - y0) * (v - lo_v) / (hi_v - lo_v)

    # axes and grid
    out.append(f'<g class="axes" stroke="#999" stroke-width="1"><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/><line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}"/></g>')
    for tv in _ticks(lo, hi):
        y = ys(tv)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{escape(_num(tv))}</text>')
    seen: set[dt.date] = set()
    for p in pts:
        if p.date in seen:
            continue
        seen.add(p.date)
        out.append(f'<text x="{xs(p.date):.1f}" y="{y1 + 16}" text-anchor="middle" fill="#444">{escape(short_date(p.date, lang))}</text>')
    # baseline and target
    for key, val, dash, colour in (("baseline", obj.baseline, "2,3", "#777"), ("target", obj.target, "6,4", "#1b7f3b")):
        if val is None:
            continue
        y = ys(val)
        out.append(
            f'<g class="{key}"><line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
            f'<text x="{x1 + 4}" y="{y + 4:.1f}" fill="{colour}">{escape(lab[key])} {escape(_num(val))}</text></g>'
        )
    # phase line
    a = [p for p in pts if p.phase == "A"]
    b = [p for p in pts if p.phase == "B"]
    if a and b:
        xp = (xs(a[-1].date) + xs(b[0].date)) / 2
        out.append(f'<line class="phase-line" x1="{xp:.1f}" y1="{y0 - 4}" x2="{xp:.1f}" y2="{y1}" stroke="#333" stroke-width="1.5" stroke-dasharray="5,3"/>')
        out.append(f'<text x="{(x0 + xp) / 2:.1f}" y="{y0 - 8}" text-anchor="middle" fill="#333">{escape(lab["A"])}</text>')
        out.append(f'<text x="{(xp + x1) / 2:.1f}" y="{y0 - 8}" text-anchor="middle" fill="#333">{escape(lab["B"])}</text>')
    # data, joined within each phase
    for phase, colour in ((a, "#555"), (b, "#1f5fa8")):
        if len(phase) > 1:
            path = " ".join(f"{xs(p.date):.1f},{ys(p.value):.1f}" for p in phase)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in phase:
            tip = f"{p.date.isoformat()}: {_num(p.value)}" + (f" — {p.note}" if p.note else "")
            out.append(
                f'<circle class="point" cx="{xs(p.date):.1f}" cy="{ys(p.value):.1f}" r="4" fill="{colour}"><title>{escape(tip)}</title></circle>'
            )
    if obj.nap is not None:
        out.append(f'<text x="{x1}" y="{h - 6}" text-anchor="end" fill="#333">{escape(lab["nap"])} = {obj.nap:.2f}</text>')
    out.append("</svg>")
    return "\n".join(out)


def svg_to_png(svg: str, zoom: float = 2.0) -> bytes:
    """Rasterise an SVG string (see :func:`intervensi.raster.svg_to_png`)."""
    from .raster import svg_to_png as rasterise

    return rasterise(svg, zoom)


def ab_chart(obj: ObjectiveResult, fmt: str = "svg", lang: str = "en") -> bytes:
    """The AB chart of ``obj`` as ``svg`` or ``png`` bytes."""
    svg = ab_chart_svg(obj, lang=lang)
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return svg_to_png(svg)
    from .errors import UsageError

    raise UsageError(f"unknown chart format {fmt!r}", key="chart_format", params={"fmt": fmt})


MESSAGES: dict[str, dict[str, str]] = {
    "err.chart_format": {"en": "unknown chart format '{fmt}' (svg or png)", "id": "format grafik '{fmt}' tidak dikenal (svg atau png)"},
}


def _register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()

__all__ = ["LABELS", "ab_chart", "ab_chart_svg", "short_date", "svg_to_png"]
