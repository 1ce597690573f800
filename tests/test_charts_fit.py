"""AB charts fit their labels at any magnitude, in both languages.

Values from 0.5 to 10^9 (an objective in Rupiah reaches millions): every label lies inside
the SVG's viewBox (extents estimated from the font size and the characters), no two labels
overlap, and — drawn by resvg with the real font inside a larger canvas — no ink falls
outside the chart, so no label is cut.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from intervensi.charts import ab_chart_svg
from intervensi.evaluation import ObjectiveResult, Point, nap
from intervensi.svgtext import ASCENT, DESCENT, text_width

NS = "{http://www.w3.org/2000/svg}"
MAGNITUDES = [0.5, 7, 1_500_000, 10**9]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def objective(top: float, unit: str | None = "Rp", a_points: int = 2, baseline: float = 0) -> ObjectiveResult:
    d0 = dt.date(2025, 3, 3)
    values = [baseline] * a_points + [baseline + (top - baseline) * f for f in (0.2, 0.5, 0.8, 1.0)]
    pts = [Point(d0 + dt.timedelta(days=7 * i), v, "A" if i < a_points else "B") for i, v in enumerate(values)]
    obj = ObjectiveResult(goal="g", id="o", indicator="Pendapatan usaha per bulan dari warung makanan ringan", unit=unit,
                          baseline=baseline, target=top, due=None, latest=values[-1], latest_date=pts[-1].date,
                          progress=1.0, direction="up", points=pts)
    obj.nap = nap(obj.phase_a, obj.phase_b)
    return obj


def boxes(svg: str) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """The viewBox size and every text's box ``(text, left, top, right, bottom)``."""
    root = ET.fromstring(svg)
    _, _, vw, vh = (float(v) for v in root.get("viewBox", "").split())
    default_size = float(root.get("font-size", "16"))
    out = []
    for el in root.iter(f"{NS}text"):
        text = "".join(el.itertext())
        size = float(el.get("font-size", default_size))
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        width = text_width(text, size, bold=el.get("font-weight") == "bold")
        anchor = el.get("text-anchor", "start")
        left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
        box = (left, y - ASCENT * size, left + width, y + DESCENT * size)
        rot = re.match(r"rotate\((-?[\d.]+) ([\d.]+) ([\d.]+)\)", el.get("transform", ""))
        if rot:
            assert float(rot.group(1)) == -90
            cx, cy = float(rot.group(2)), float(rot.group(3))
            # (cx + dx, cy + dy) turns to (cx + dy, cy - dx)
            box = (cx + box[1] - cy, cy - (box[2] - cx), cx + box[3] - cy, cy - (box[0] - cx))
        out.append((text, *box))
    return vw, vh, out


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("top", MAGNITUDES)
@pytest.mark.parametrize(("unit", "a_points"), [("Rp", 2), (None, 1), ("minggu berturut-turut dengan catatan lengkap", 3)])
def test_labels_inside_the_viewbox(top: float, lang: str, unit: str | None, a_points: int) -> None:
    svg = ab_chart_svg(objective(top, unit, a_points), lang=lang)
    vw, vh, found = boxes(svg)
    assert len(found) >= 10
    for text, left, top_, right, bottom in found:
        assert left >= 0 and right <= vw and top_ >= 0 and bottom <= vh, f"{text!r} outside {vw}×{vh}: {left:.1f}, {right:.1f}"
    for i, (t1, l1, u1, r1, b1) in enumerate(found):
        for t2, l2, u2, r2, b2 in found[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= u2 or b2 <= u1, f"{t1!r} overlaps {t2!r}"


@pytest.mark.parametrize(("lang", "expected"), [("id", ["1.000.000.000", "target 1.000.000.000", "kondisi awal 0", "A (kondisi awal)"]),
                                                ("en", ["1,000,000,000", "target 1,000,000,000", "baseline 0", "A (baseline)"])])
def test_thousands_separators_and_words(lang: str, expected: list[str]) -> None:
    texts = [t for t, *_ in boxes(ab_chart_svg(objective(10**9), lang=lang))[2]]
    for e in expected:
        assert e in texts
    assert "Rp" in texts  # the unit along the value axis


@pytest.mark.parametrize(("top", "baseline"), [(0.5, 0), (1e-7, 0), (1_000_000_001, 999_999_999)])
def test_tick_labels_tell_the_ticks_apart(top: float, baseline: float) -> None:
    texts = [t for t, *_ in boxes(ab_chart_svg(objective(top, baseline=baseline), lang="id"))[2]]
    ticks = [t for t in texts if re.fullmatch(r"[\d.]+(,\d+)?", t)]
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks


def test_target_and_baseline_labels_apart_when_close() -> None:
    # baseline 1.000.000 and target 1.000.001 on a scale up to 10^9: the two lines nearly meet
    obj = objective(10**9, baseline=0)
    obj.baseline, obj.target = 1_000_000, 1_000_001
    _, _, found = boxes(ab_chart_svg(obj, lang="id"))
    side = [b for b in found if b[0].startswith(("target", "kondisi awal"))]
    assert len(side) == 2
    (_, _, u1, _, b1), (_, _, u2, _, b2) = side
    assert b1 <= u2 or b2 <= u1


def _ink_outside(svg: str, margin: int = 120) -> int:
    """Pixels drawn outside the chart when it is placed inside a larger white canvas."""
    from PIL import Image

    from intervensi.raster import svg_to_png

    root = ET.fromstring(svg)
    w, h = int(float(root.get("width", "0"))), int(float(root.get("height", "0")))
    inner = re.sub(r"^<svg\b", f'<svg x="{margin}" y="{margin}" overflow="visible"', svg)
    outer = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 2 * margin}" height="{h + 2 * margin}">'
             f'<rect width="100%" height="100%" fill="#ffffff"/>{inner}</svg>')
    img = Image.open(io.BytesIO(svg_to_png(outer, zoom=1.0))).convert("L")
    px = img.load()
    assert px is not None
    count = 0
    for yy in range(img.height):
        for xx in range(img.width):
            inside = margin <= xx < margin + w and margin <= yy < margin + h
            if not inside and px[xx, yy] < 200:
                count += 1
    return count


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
@pytest.mark.parametrize("top", [1_500_000, 10**9])
def test_no_label_is_cut_when_drawn(top: float) -> None:
    pytest.importorskip("PIL")
    svg = ab_chart_svg(objective(top, "rupiah per bulan"), lang="id")
    assert _ink_outside(svg) == 0


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_width_estimate_is_an_upper_bound_of_the_font() -> None:
    """The estimate used for the margins is never narrower than DejaVu Sans draws."""
    pytest.importorskip("PIL")
    from PIL import Image

    from intervensi.raster import svg_to_png

    samples = ["1.000.000.000", "999,999,999.5", "-1.234,5", "target 1.500.000", "kondisi awal 0", "A (kondisi awal)",
               "B (intervention)", "NAP = 0,92", "28 Agu", "Mei Okt Des", "Rp", "WMm%+", "Pendapatan usaha (Rp)"]
    size = 40
    for text in samples:
        est = text_width(text, size)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(est) + 200}" height="{3 * size}">'
               f'<text x="10" y="{2 * size}" font-family="DejaVu Sans" font-size="{size}">{text}</text></svg>')
        img = Image.open(io.BytesIO(svg_to_png(svg, zoom=1.0))).convert("L")
        px = img.load()
        assert px is not None
        ink = [xx for xx in range(img.width) for yy in range(img.height) if px[xx, yy] < 200]
        assert ink, text
        assert max(ink) - 10 <= est, f"{text!r}: drawn {max(ink) - 10} px, estimated {est:.0f}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_many_dates_do_not_overlap(lang: str) -> None:
    """Daily measurements for 60 days: date labels are thinned, first and last kept, none touch."""
    d0 = dt.date(2025, 3, 1)
    pts = [Point(d0 + dt.timedelta(days=i), float(i * 25_000), "A" if i < 5 else "B") for i in range(60)]
    obj = ObjectiveResult(goal="g", id="o", indicator="Tabungan", unit="Rp", baseline=0, target=1_500_000, due=None,
                          latest=pts[-1].value, latest_date=pts[-1].date, progress=1.0, direction="up", points=pts)
    found = boxes(ab_chart_svg(obj, lang=lang))[2]
    dates = [b for b in found if re.fullmatch(r"\d+ \w+", b[0])]
    assert dates[0][0] == "1 Mar" and dates[-1][0] == "29 Apr"
    assert 4 <= len(dates) < 60
    for (_, _, _, r1, _), (_, l2, _, _, _) in itertools.pairwise(dates):
        assert r1 <= l2
