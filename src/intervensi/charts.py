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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from .evaluation import ObjectiveResult
from .svgtext import ASCENT, DESCENT, fit, text_width, wrap

LABELS: dict[str, dict[str, str]] = {
    "en": {"baseline": "baseline", "target": "target", "A": "A (baseline)", "B": "B (intervention)", "nodata": "no measurements yet", "nap": "NAP"},
    "id": {"baseline": "kondisi awal", "target": "target", "A": "A (kondisi awal)", "B": "B (intervensi)", "nodata": "belum ada pengukuran",
           "nap": "NAP"},
}

_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
}


@dataclass(frozen=True)
class Style:
    """Sizes in px. ``left``/``right`` are the least margins: each grows to fit its labels
    (tick labels and the unit on the left, baseline and target on the right), and the picture
    grows wider (never narrower than ``width``) to keep a plot at least ``min_plot`` wide."""

    width: int = 640
    height: int = 300
    left: int = 24
    right: int = 24
    top: int = 44
    bottom: int = 40
    pad: int = 6  # between any label and the picture's edge
    font_size: int = 11
    title_size: int = 13
    min_plot: int = 240
    font: str = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def short_date(d: dt.date, lang: str = "en") -> str:
    return f"{d.day} {_MONTHS.get(lang, _MONTHS['en'])[d.month - 1]}"


def _tick_step(lo: float, hi: float, n: int = 5) -> Decimal | None:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``n`` ticks over ``lo``…``hi``."""
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return None
    raw = Decimal(repr(span / n))
    mag = Decimal(1).scaleb(raw.adjusted())
    return next(m * mag for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * mag >= raw)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """The tick values over ``lo``…``hi``: whole multiples of a round step, exact at any magnitude."""
    step = _tick_step(lo, hi, n)
    if step is None:
        return [lo]
    k = math.ceil(Decimal(repr(lo)) / step)
    out = []
    while (v := step * k) <= Decimal(repr(hi)):
        out.append(float(v))
        k += 1
    return out


def _tick_digits(ticks: list[float]) -> int | None:
    """Decimals that tell the ticks apart (those of their step), ``None`` for a single tick."""
    if len(ticks) < 2:
        return None
    step = (Decimal(repr(ticks[1])) - Decimal(repr(ticks[0]))).normalize()
    return max(0, -int(step.as_tuple().exponent))


def _spread(ys: list[float], gap: float) -> list[float]:
    """``ys`` (ascending) moved apart so that neighbours are at least ``gap`` apart, kept centred."""
    out = list(ys)
    for i in range(1, len(out)):
        if out[i] - out[i - 1] < gap:
            mid = (out[i] + out[i - 1]) / 2
            out[i - 1], out[i] = mid - gap / 2, mid + gap / 2
    return out


def _date_labels(labels: list[tuple[str, float]], clamp_x: Callable[[float, float], float], size: float,
                 gap: float = 6) -> list[tuple[str, float]]:
    """The date labels that fit side by side (centre ``x`` each): the first and the last always,
    the ones between while they do not touch their neighbours (many measurements close together)."""
    placed = [(text, clamp_x(x, text_width(text, size)), text_width(text, size) / 2) for text, x in labels]
    if not placed:
        return []
    kept = [placed[0]]
    for item in placed[1:]:
        if item[1] - item[2] >= kept[-1][1] + kept[-1][2] + gap:
            kept.append(item)
    last = placed[-1]
    if kept[-1] is not last:
        while len(kept) > 1 and kept[-1][1] + kept[-1][2] + gap > last[1] - last[2]:
            kept.pop()
        if kept[-1][1] + kept[-1][2] + gap <= last[1] - last[2]:
            kept.append(last)
    return [(text, x) for text, x, _ in kept]


def ab_chart_svg(obj: ObjectiveResult, lang: str = "en", style: Style | None = None, title: str | None = None) -> str:
    """The AB chart of one objective as a standalone SVG document (a ``str``).

    Every figure is written by :mod:`intervensi.numfmt` in ``lang`` (``1.500.000`` in
    Indonesian); the objective's unit stands along the value axis. Margins are computed from
    the labels' widths (:mod:`intervensi.svgtext`), so labels fit at any magnitude.
    """
    from . import numfmt

    s = style or Style()
    lab = LABELS.get(lang, LABELS["en"])
    fs = s.font_size
    heading = title if title is not None else obj.indicator + (f" ({obj.unit})" if obj.unit else "")
    pts = obj.points
    values = [p.value for p in pts] + [v for v in (obj.baseline, obj.target) if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    ticks = _ticks(lo, hi)
    digits = _tick_digits(ticks)
    tick_text = [numfmt.number(tv, lang, digits) for tv in ticks]
    sides = [(key, val, f"{lab[key]} {numfmt.measure(val, lang)}", dash, colour)
             for key, val, dash, colour in (("baseline", obj.baseline, "2,3", "#777"), ("target", obj.target, "6,4", "#1b7f3b"))
             if val is not None and pts]
    dates = sorted({p.date for p in pts})
    date_text = {d: short_date(d, lang) for d in dates}
    line_h = fs * (ASCENT + DESCENT)
    unit_band = line_h + 4 if obj.unit and pts else 0.0
    left = max(s.left, math.ceil(s.pad + unit_band + max((text_width(t, fs) for t in tick_text), default=0) + 6))
    last_half = text_width(date_text[dates[-1]], fs) / 2 if dates else 0
    right = max(s.right, math.ceil(s.pad + 4 + max((text_width(t, fs) for _, _, t, _, _ in sides), default=0)),
                math.ceil(s.pad + last_half - 16))
    w = max(s.width, left + right + s.min_plot)
    lines = wrap(heading, w - 2 * s.pad - 4, s.title_size, bold=True, lines=2)
    h = s.height + 16 * (len(lines) - 1)
    x0, x1, y0, y1 = left, w - right, s.top + 16 * (len(lines) - 1), h - s.bottom
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ab-chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label={quoteattr(heading)} font-family={quoteattr(s.font)} font-size="{fs}">',
        f"<title>{escape(heading)}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    out += [f'<text x="{s.pad + 4}" y="{18 + 16 * i}" font-size="{s.title_size}" font-weight="bold" fill="#222">{escape(line)}</text>'
            for i, line in enumerate(lines)]
    if not pts:
        out.append(f'<text x="{(x0 + x1) / 2}" y="{(y0 + y1) / 2}" text-anchor="middle" fill="#666">{escape(lab["nodata"])}</text>')
        out.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none" stroke="#999"/>')
        out.append("</svg>")
        return "\n".join(out)
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

    def clamp_x(x: float, width: float) -> float:  # a centred label kept inside the picture
        return min(max(x, s.pad + width / 2), w - s.pad - width / 2)

    # axes, grid and the unit along the value axis
    out.append(f'<g class="axes" stroke="#999" stroke-width="1"><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/><line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}"/></g>')
    if obj.unit:
        cx, cy = s.pad + fs * ASCENT, (y0 + y1) / 2
        unit = fit(obj.unit, y1 - y0, fs)
        out.append(f'<text class="unit" x="{cx:.1f}" y="{cy:.1f}" transform="rotate(-90 {cx:.1f} {cy:.1f})" text-anchor="middle" '
                   f'fill="#444">{escape(unit)}</text>')
    for tv, text in zip(ticks, tick_text, strict=True):
        y = ys(tv)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{escape(text)}</text>')
    for text, x in _date_labels([(date_text[d], xs(d)) for d in dates], clamp_x, fs):
        out.append(f'<text x="{x:.1f}" y="{y1 + 16}" text-anchor="middle" fill="#444">{escape(text)}</text>')
    # baseline and target, their labels moved apart when the lines are close
    sides.sort(key=lambda side: -ys(side[1]))
    label_ys = _spread([ys(val) for _, val, _, _, _ in sides[::-1]], line_h + 1)[::-1]
    for (key, val, text, dash, colour), ly in zip(sides, label_ys, strict=True):
        y = ys(val)
        out.append(
            f'<g class="{key}"><line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
            f'<text x="{x1 + 4}" y="{ly + 4:.1f}" fill="{colour}">{escape(text)}</text></g>'
        )
    # phase line; each phase's name centred over its phase, or beside the line when that is too narrow
    a = [p for p in pts if p.phase == "A"]
    b = [p for p in pts if p.phase == "B"]
    if a and b:
        xp = (xs(a[-1].date) + xs(b[0].date)) / 2
        out.append(f'<line class="phase-line" x1="{xp:.1f}" y1="{y0 - 4}" x2="{xp:.1f}" y2="{y1}" stroke="#333" stroke-width="1.5" stroke-dasharray="5,3"/>')
        wa, wb = text_width(lab["A"], fs), text_width(lab["B"], fs)
        ax = (x0 + xp) / 2 if xp - x0 >= wa + 8 else xp - 4 - wa / 2
        ax = clamp_x(ax, wa)
        bx = (xp + x1) / 2 if x1 - xp >= wb + 8 else xp + 4 + wb / 2
        bx = clamp_x(max(bx, ax + wa / 2 + 8 + wb / 2), wb)
        out.append(f'<text x="{ax:.1f}" y="{y0 - 8}" text-anchor="middle" fill="#333">{escape(lab["A"])}</text>')
        out.append(f'<text x="{bx:.1f}" y="{y0 - 8}" text-anchor="middle" fill="#333">{escape(lab["B"])}</text>')
    # data, joined within each phase
    for phase, colour in ((a, "#555"), (b, "#1f5fa8")):
        if len(phase) > 1:
            path = " ".join(f"{xs(p.date):.1f},{ys(p.value):.1f}" for p in phase)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in phase:
            tip = f"{p.date.isoformat()}: {numfmt.measure(p.value, lang)}" + (f" — {p.note}" if p.note else "")
            out.append(
                f'<circle class="point" cx="{xs(p.date):.1f}" cy="{ys(p.value):.1f}" r="4" fill="{colour}"><title>{escape(tip)}</title></circle>'
            )
    if obj.nap is not None:
        out.append(f'<text x="{x1}" y="{h - 6}" text-anchor="end" fill="#333">{escape(lab["nap"])} = {escape(numfmt.nap(obj.nap, lang))}</text>')
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

__all__ = ["LABELS", "Style", "ab_chart", "ab_chart_svg", "short_date", "svg_to_png"]
