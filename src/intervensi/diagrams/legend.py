"""Words of the diagrams and their legends, in English and Bahasa Indonesia."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ._dot import FONT

WORDS: dict[str, tuple[str, str]] = {
    # genogram symbols
    "male": ("male", "laki-laki"),
    "female": ("female", "perempuan"),
    "other": ("other or unknown sex", "jenis kelamin lain / tidak diketahui"),
    "index": ("client (index person)", "klien (orang indeks)"),
    "deceased": ("deceased", "meninggal"),
    "pregnancy": ("pregnancy", "kehamilan"),
    "miscarriage": ("miscarriage", "keguguran"),
    "stillbirth": ("stillbirth", "lahir mati"),
    "age": ("age at assessment", "usia saat asesmen"),
    "married": ("married", "menikah"),
    "cohabiting": ("living together", "tinggal bersama"),
    "engaged": ("engaged", "bertunangan"),
    "separated": ("separated", "berpisah"),
    "divorced": ("divorced", "bercerai"),
    "biological": ("child", "anak kandung"),
    "adopted": ("adopted child", "anak angkat"),
    "foster": ("foster child", "anak asuh"),
    "twins": ("twins", "kembar"),
    "identical": ("identical twins", "kembar identik"),
    "household": ("one household", "satu rumah tangga"),
    "close": ("close", "dekat"),
    "fused": ("very close / fused", "sangat dekat / lebur"),
    "distant": ("distant", "jauh"),
    "conflict": ("conflict", "konflik"),
    "hostile": ("hostile", "bermusuhan"),
    "cut_off": ("cut off", "putus hubungan"),
    "abuse": ("abuse", "kekerasan"),
    # ecomap
    "strong": ("strong", "kuat"),
    "moderate": ("moderate", "sedang"),
    "tenuous": ("tenuous", "lemah"),
    "stressful": ("stressful", "penuh tekanan"),
    "none": ("no tie: a gap, no line drawn", "tidak ada hubungan: celah, tanpa garis"),
    "flow": ("flow of energy or resources", "arah energi atau sumber daya"),
    "no_tie": ("no tie", "tidak ada hubungan"),
    "household_centre": ("household", "rumah tangga"),
    "centre.group": ("group", "kelompok"),
    "centre.community": ("community", "komunitas"),
    "centre.institution": ("institution", "lembaga"),
    "centre.organization": ("organisation", "organisasi"),
    "centre.population": ("population", "populasi"),
    # titles
    "legend": ("Legend", "Keterangan"),
    "genogram": ("Genogram", "Genogram"),
    "ecomap": ("Ecomap", "Ekomap"),
}

#: Year marks on union lines ("m. 2010"), per language.
UNION_MARK: dict[str, tuple[str, str]] = {
    "start.married": ("m. {y}", "n. {y}"),
    "start.cohabiting": ("lt. {y}", "tb. {y}"),
    "start.engaged": ("e. {y}", "t. {y}"),
    "end.separated": ("s. {y}", "p. {y}"),
    "end.divorced": ("d. {y}", "c. {y}"),
    "end.married": ("end {y}", "akhir {y}"),
}


#: The same ties as SVG strokes for the legend's samples: colour, width, dashes.
TIE_SVG: dict[str, tuple[str, float, str]] = {
    "strong": ("black", 4.0, ""),
    "moderate": ("black", 1.6, ""),
    "tenuous": ("black", 1.6, "5,2"),
    "stressful": ("#c62828", 1.6, ""),
}


def word(key: str, lang: str) -> str:
    en, id_ = WORDS[key]
    return id_ if lang == "id" else en


def mark(key: str, lang: str, year: int) -> str | None:
    pair = UNION_MARK.get(key)
    if pair is None:
        return None
    return (pair[1] if lang == "id" else pair[0]).format(y=year)


#: Graphviz's own dash patterns (SVG), so that the legend's samples match the lines drawn.
DASHED, DOTTED = "5,2", "1,5"
ROW = 15.0  # height of one legend row (points)
PAGE = (482.0, 720.0)  # the text area of an A4 page with 2 cm margins (points)
SAMPLE = 34.0  # width of the sample column
FONT_SIZE = 9.0


def legend_comment(keys: tuple[str, ...], lang: str) -> str:
    """The DOT comment line that asks the SVG post-processor for a legend of ``keys``."""
    return f"  // legend {lang} {' '.join(keys)}"


_LEGEND = re.compile(r"^\s*// legend (\w+) ([\w ]+)$", re.M)


def parse(dot: str) -> tuple[str, tuple[str, ...]] | None:
    m = _LEGEND.search(dot) if "// legend " in dot else None
    return (m.group(1), tuple(m.group(2).split())) if m else None


def _line(x0: float, y: float, x1: float, *, dash: str = "", width: float = 1.2, colour: str = "black") -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<path d="M{x0:.1f},{y:.1f}L{x1:.1f},{y:.1f}" fill="none" stroke="{colour}" stroke-width="{width:g}"{d}/>'


def sample(key: str, x: float, y: float) -> str:
    """The sample of ``key`` drawn as in the diagrams, centred on the row at height ``y``,
    in the column from ``x`` to ``x + SAMPLE``."""
    cx, w = x + SAMPLE / 2, SAMPLE - 6
    x0, x1 = cx - w / 2, cx + w / 2
    sq = f'<rect x="{cx - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="none" stroke="black" stroke-width="1.2"/>'
    circle = f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="5.5" fill="none" stroke="black" stroke-width="1.2"/>'
    cross = f'<path d="M{cx - 5:.1f},{y - 5:.1f}L{cx + 5:.1f},{y + 5:.1f}M{cx - 5:.1f},{y + 5:.1f}L{cx + 5:.1f},{y - 5:.1f}" stroke="black" stroke-width="1"/>'
    if key == "male":
        return sq
    if key == "female":
        return circle
    if key == "other":
        return f'<path d="M{cx:.1f},{y - 6:.1f}L{cx + 6:.1f},{y:.1f}L{cx:.1f},{y + 6:.1f}L{cx - 6:.1f},{y:.1f}Z" fill="none" stroke="black" stroke-width="1.2"/>'
    if key == "index":
        return circle + f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="3.5" fill="none" stroke="black" stroke-width="1.2"/>'
    if key == "deceased":
        return sq + cross
    if key == "stillbirth":
        return f'<rect x="{cx - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="none" stroke="black" stroke-width="1"/>' + (
            f'<path d="M{cx - 3:.1f},{y - 3:.1f}L{cx + 3:.1f},{y + 3:.1f}M{cx - 3:.1f},{y + 3:.1f}L{cx + 3:.1f},{y - 3:.1f}" stroke="black" stroke-width="0.8"/>'
        )
    if key == "pregnancy":
        return f'<path d="M{cx:.1f},{y - 5.5:.1f}L{cx + 6:.1f},{y + 5:.1f}L{cx - 6:.1f},{y + 5:.1f}Z" fill="none" stroke="black" stroke-width="1.2"/>'
    if key == "miscarriage":
        return f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="2.5" fill="black"/>'
    if key == "age":
        return sq + f'<text x="{cx:.1f}" y="{y + 2.5:.1f}" text-anchor="middle" font-family="{FONT}" font-size="6.5">n</text>'
    if key in ("married", "cohabiting", "engaged", "separated", "divorced"):
        dash = {"cohabiting": DASHED, "engaged": DOTTED}.get(key, "")
        out = _line(x0, y, x1, dash=dash)
        for k in range({"separated": 1, "divorced": 2}.get(key, 0)):
            sx = cx - 2 + 4 * k - (2 if key == "divorced" else 0)
            out += f'<path d="M{sx - 2:.1f},{y + 4:.1f}L{sx + 2:.1f},{y - 4:.1f}" stroke="black" stroke-width="1.2"/>'
        return out
    if key in ("biological", "adopted", "foster"):
        dash = {"adopted": DASHED, "foster": DOTTED}.get(key, "")
        d = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<path d="M{x0:.1f},{y - 5:.1f}H{x1:.1f}M{cx:.1f},{y - 5:.1f}V{y + 6:.1f}" fill="none" stroke="black" stroke-width="1.2"{d}/>'
    if key in ("twins", "identical"):
        bar = f'<path d="M{cx - 4.5:.1f},{y + 1:.1f}H{cx + 4.5:.1f}" stroke="black" stroke-width="1.2"/>' if key == "identical" else ""
        return f'<path d="M{cx - 8:.1f},{y + 6:.1f}L{cx:.1f},{y - 6:.1f}L{cx + 8:.1f},{y + 6:.1f}" fill="none" stroke="black" stroke-width="1.2"/>' + bar
    if key == "household":
        return f'<rect x="{x0:.1f}" y="{y - 5:.1f}" width="{w:.1f}" height="10" fill="none" stroke="#555555" stroke-width="1.3" stroke-dasharray="6,3"/>'
    if key in ("close", "fused", "distant", "conflict", "hostile", "cut_off", "abuse"):
        from .relstyle import draw

        return draw(key, [(x0, y), (x1, y)])
    if key in ("strong", "moderate", "tenuous", "stressful"):

        colour, width, dash = TIE_SVG[key]
        if key == "stressful":
            from .svgparts import zigzag

            return f'<path d="{zigzag([(x0, y), (x1, y)], amplitude=3.0, step=4.0)}" fill="none" stroke="{colour}" stroke-width="{width:g}"/>'
        return _line(x0, y, x1, dash=dash, width=width, colour=colour)
    if key == "none":
        return f'<circle cx="{x1 - 5:.1f}" cy="{y:.1f}" r="5.5" fill="none" stroke="#9e9e9e" stroke-width="1" stroke-dasharray="3,2"/>' + (
            f'<text x="{x0 + 4:.1f}" y="{y + 3:.1f}" text-anchor="middle" font-family="{FONT}" font-size="8" fill="#757575">∅</text>'
        )
    if key == "flow":
        return _line(x0, y, x1 - 4) + f'<path d="M{x1:.1f},{y:.1f}L{x1 - 7:.1f},{y - 3.5:.1f}L{x1 - 7:.1f},{y + 3.5:.1f}Z" fill="black"/>'
    return ""


def legend_svg(keys: tuple[str, ...], lang: str, x: float, y: float) -> tuple[str, float, float]:
    """The legend as an SVG group at (``x``, ``y``) (its top left), and its width and height.

    Each row is a real sample of the mark or line, drawn the way the diagram draws it
    (colour, width, dashes), then its meaning in ``lang``.
    """
    body, width, height = _legend(keys, lang)
    return f'<g id="legend" class="legend" transform="translate({x:.1f},{y:.1f})">{body}</g>', width, height


@lru_cache(maxsize=256)
def _legend(keys: tuple[str, ...], lang: str) -> tuple[str, float, float]:
    x = y = 0.0
    words = [word(k, lang) for k in keys]
    title = word("legend", lang)
    text_w = max([len(title), *(len(t) for t in words)]) * FONT_SIZE * 0.6
    width = 10 + SAMPLE + 6 + text_w + 10
    height = 10 + ROW * (len(keys) + 1) + 6
    out = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="white" stroke="#9e9e9e" stroke-width="1"/>']
    out.append(f'<text x="{x + width / 2:.1f}" y="{y + 10 + ROW * 0.6:.1f}" text-anchor="middle" font-family="{FONT}" font-size="{FONT_SIZE + 1:g}" font-weight="bold">{html.escape(title)}</text>')
    for k, (key, text) in enumerate(zip(keys, words, strict=True)):
        cy = y + 10 + ROW * (k + 1.5)
        out.append(sample(key, x + 10, cy))
        out.append(f'<text x="{x + 10 + SAMPLE + 6:.1f}" y="{cy + 3:.1f}" font-family="{FONT}" font-size="{FONT_SIZE:g}">{html.escape(text)}</text>')
    return "".join(out), width, height


_VIEW = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"\s+viewBox="(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+)"')
_SHIFT = re.compile(r'class="graph" transform="[^"]*translate\(([-\d.]+)[ ,]([-\d.]+)\)')


def grow(svg: str, box: tuple[float, float, float, float]) -> str:
    """``svg`` with its viewBox (and size) grown to hold ``box`` (graph coordinates)."""
    m, t = _VIEW.search(svg), _SHIFT.search(svg)
    if m is None or t is None:
        return svg
    tx, ty = float(t.group(1)), float(t.group(2))
    x0, y0, w, h = (float(m.group(k)) for k in (3, 4, 5, 6))
    nx0, ny0 = min(x0, box[0] + tx), min(y0, box[1] + ty)
    nx1, ny1 = max(x0 + w, box[2] + tx), max(y0 + h, box[3] + ty)
    if (nx0, ny0, nx1, ny1) == (x0, y0, x0 + w, y0 + h):
        return svg
    head = f'<svg width="{nx1 - nx0:.2f}pt" height="{ny1 - ny0:.2f}pt"\n viewBox="{nx0:.2f} {ny0:.2f} {nx1 - nx0:.2f} {ny1 - ny0:.2f}"'
    return svg[: m.start()] + head + svg[m.end() :]


def attach(svg: str, lang: str, keys: tuple[str, ...], side: str) -> str:
    """``svg`` (Graphviz's, sizes in points) with the legend drawn below it (``side="below"``),
    to its right (``"right"``) or whichever keeps it compact (``"beside"``), the canvas
    grown to hold it."""
    m = _VIEW.search(svg)
    if m is None or not keys:
        return svg
    x0, y0, w, h = (float(m.group(k)) for k in (3, 4, 5, 6))
    if side == "beside":
        # right or below, whichever lets the whole picture be printed larger on an A4 page
        # (text area about 482 × 720 pt)
        _, lw, lh = legend_svg(keys, lang, 0, 0)
        right = min(PAGE[0] / (w + lw + 12), PAGE[1] / max(h, lh + 16))
        below = min(PAGE[0] / max(w, lw + 16), PAGE[1] / (h + lh + 12))
        side = "right" if right > below else "below"
    if side == "right":
        group, lw, lh = legend_svg(keys, lang, x0 + w + 4, y0 + 8)
        nw, nh = w + lw + 12, max(h, lh + 16)
    else:
        group, lw, lh = legend_svg(keys, lang, x0 + 8, y0 + h + 4)
        nw, nh = max(w, lw + 16), h + lh + 12
    head = f'<svg width="{nw:.2f}pt" height="{nh:.2f}pt"\n viewBox="{m.group(3)} {m.group(4)} {nw:.2f} {nh:.2f}"'
    end = svg.rfind("</svg>")
    background = f'<rect x="{m.group(3)}" y="{m.group(4)}" width="{nw:.2f}" height="{nh:.2f}" fill="white"/>'
    body = svg[m.end() : end]
    first = body.find(">") + 1
    return svg[: m.start()] + head + body[:first] + background + body[first:] + group + svg[end:]

__all__ = ["FONT", "WORDS", "attach", "legend_comment", "legend_svg", "mark", "parse", "sample", "word"]
