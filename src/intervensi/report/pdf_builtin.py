"""PDF without a browser: the HTML report laid out by xhtml2pdf (pure Python, on reportlab).

Used by ``report --format pdf`` when no Chromium is found (or when asked for with
``report --pdf-engine builtin``); see :mod:`intervensi.report.pdf` for the choice. It
prints the same HTML as Chromium does, so the report has the same sections, tables,
diagrams and charts; what differs is the layout engine:

* xhtml2pdf knows a subset of CSS (no grid, no ``::before``): :data:`PRINT_CSS` is added
  after the template's own style, so a fact list reads "Name: value" and figures fit the page;
* it cannot draw inline SVG: every ``<svg>`` (genogram, ecomap, AB charts) is turned into a
  PNG by :func:`intervensi.raster.svg_to_png` (our one size-capped rasteriser) at 2x zoom and
  shown at its own size, scaled down to the page width when wider;
* text is set in a Unicode TrueType font (DejaVu Sans when the system has it, see
  :data:`FONTS`); without one, reportlab's own Bitstream Vera (Latin only) is used, and a
  character it lacks is written in a Latin form (``→`` as ``->``) rather than as a box;
* Chinese, Japanese and Korean text (a client's or a family member's name) is set in the
  CJK fonts reportlab ships as CID fonts (:data:`CJK_FONTS`: STSong-Light, HeiseiKakuGo-W5,
  HYGothic-Medium): each run of CJK characters is wrapped in a span of the font of its
  script (Hangul: Korean; kana: Japanese; Han alone: Chinese). These fonts are named, not
  embedded: the text is real, searchable and extractable, and the PDF reader supplies the
  glyphs (Acrobat offers its Asian font pack; Firefox, Chrome and poppler-based readers
  substitute a system CJK font);
* the document may read nothing: no network, no local file (everything it shows is inline).

:func:`available` says whether the engine can be imported; :func:`html_to_pdf_builtin`
returns the PDF bytes or raises :class:`intervensi.report.ReportError`.
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from pathlib import Path

from .data import PdfFailed

#: Unicode TrueType fonts tried in order: (regular, bold). DejaVu covers Latin, Greek,
#: Cyrillic, Arabic and more; Liberation and Noto are common elsewhere.
FONTS: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/DejaVuSans.ttf", "C:/Windows/Fonts/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
#: The font family name the report is set in: the system font found, or the fallback.
FAMILY = "IntervensiSans"
FALLBACK_FAMILY = "IntervensiVera"

#: Latin forms of characters the fallback font may lack (the templates and labels use them).
LATIN_FORMS = {"→": "->", "←": "<-", "ρ": "rho", "✓": "v", "✗": "x", "≈": "~", "−": "-"}

#: CID fonts shipped with reportlab, by script: Chinese (Adobe-GB1), Japanese (Adobe-Japan1),
#: Korean (Adobe-Korea1). Sans-serif faces where reportlab has one, like the report's text.
CJK_FONTS = {"zh": "STSong-Light", "ja": "HeiseiKakuGo-W5", "ko": "HYGothic-Medium"}

_CJK_CHARS = (
    "\u1100-\u11ff\u3000-\u303f\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f"
)
#: A run of CJK characters (spaces between them belong to the run: "山田 はなこ" is one name).
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+(?:[ \u3000]+[{_CJK_CHARS}]+)*")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")

#: Width of the page's text frame: A4 (595 pt) less 2 x 16 mm margins, in points.
FRAME_WIDTH_PT = 500.0
FRAME_HEIGHT_PT = 700.0

PRINT_CSS = """
@page {{ size: A4; margin: 18mm 16mm; }}
body {{ font-family: {family}; font-size: 9.5pt; line-height: 1.3; margin: 0; padding: 0; max-width: none; }}
h1 {{ font-size: 16pt; }}
h2 {{ font-size: 12.5pt; border-bottom: 1.5pt solid #1f5fa8; padding-bottom: 2pt; margin-top: 14pt; -pdf-keep-with-next: true; }}
h3 {{ font-size: 10.5pt; margin-bottom: 2pt; -pdf-keep-with-next: true; }}
table {{ width: 100%; margin: 3pt 0 8pt 0; }}
th, td {{ border: 0.5pt solid #bbbbbb; padding: 2pt 3pt; text-align: left; vertical-align: top; }}
th {{ background-color: #eef3fa; font-weight: bold; }}
dl.facts {{ margin: 3pt 0; }}
dl.facts dt {{ font-weight: bold; color: #444444; margin-top: 2pt; }}
dl.facts dd {{ margin: 0 0 0 12pt; }}
figure {{ margin: 6pt 0; }}
figcaption, div.figcaption {{ font-weight: bold; margin-bottom: 3pt; -pdf-keep-with-next: true; }}
ol.timeline {{ margin-left: 0; padding-left: 12pt; }}
ol.timeline li {{ margin-bottom: 3pt; }}
code {{ font-family: {family}; }}
"""

_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_AS_BLOCK = {"figure": "div", "figcaption": "div", "section": "div", "header": "div", "footer": "div"}
_BLOCKS = re.compile(r"<(/?)(figure|figcaption|section|header|footer)\b([^>]*)>", re.I)


def available() -> bool:
    """Whether the builtin engine (xhtml2pdf) can be imported."""
    try:
        import xhtml2pdf  # noqa: F401
    except ImportError:
        return False
    return True


def _font_paths() -> tuple[str, str | None, bool]:
    """``(regular, bold or None, unicode)``: the first system font found, else reportlab's Vera."""
    for regular, bold in FONTS:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else None, True
    import reportlab

    base = Path(reportlab.__file__).parent / "fonts"
    bold_path = base / "VeraBd.ttf"
    return str(base / "Vera.ttf"), str(bold_path) if bold_path.is_file() else None, False


def register_font() -> tuple[str, set[int], bool]:
    """Register the report's font with reportlab and xhtml2pdf: ``(family, code points it has,
    whether it is a Unicode system font)``; :data:`FAMILY`, or :data:`FALLBACK_FAMILY` for
    reportlab's Latin-only Vera."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from xhtml2pdf import default  # type: ignore[import-untyped]

    regular, bold, unicode_font = _font_paths()
    family = FAMILY if unicode_font else FALLBACK_FAMILY
    bold_name = f"{family}-Bold"
    if family not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(family, regular))
        pdfmetrics.registerFont(TTFont(bold_name, bold or regular))
        for b, i, name in ((0, 0, family), (0, 1, family), (1, 0, bold_name), (1, 1, bold_name)):
            addMapping(family, b, i, name)
    default.DEFAULT_FONT[family.lower()] = family
    face = pdfmetrics.getFont(family).face
    return family, set(face.charToGlyph), unicode_font


def latin_form(text: str, has: set[int]) -> str:
    """``text`` with each character the font lacks (code points not in ``has``) written in a
    Latin form: :data:`LATIN_FORMS`, else its letters without accents, else ``?``."""
    if all(ord(c) in has or c in "\n\r\t" for c in text):
        return text
    out = []
    for c in text:
        if ord(c) in has or c in "\n\r\t":
            out.append(c)
        elif c in LATIN_FORMS:
            out.append(LATIN_FORMS[c])
        else:
            base = "".join(b for b in unicodedata.normalize("NFKD", c) if ord(b) in has and not unicodedata.combining(b))
            out.append(base or "?")
    return "".join(out)


def cjk_script(run: str) -> str:
    """``"ko"``, ``"ja"`` or ``"zh"``: the script of a run of CJK characters (Hangul makes it
    Korean, kana Japanese, Han characters alone Chinese)."""
    if _HANGUL.search(run):
        return "ko"
    if _KANA.search(run):
        return "ja"
    return "zh"


def register_cjk_fonts() -> dict[str, str]:
    """Register :data:`CJK_FONTS` with reportlab and xhtml2pdf (bold and italic map to the
    same face: the CID fonts have one weight); returns ``{script: font name}``."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from xhtml2pdf import default

    for name in CJK_FONTS.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))
            for b, i in ((0, 0), (0, 1), (1, 0), (1, 1)):
                addMapping(name, b, i, name)
        default.DEFAULT_FONT[name.lower()] = name
    return dict(CJK_FONTS)


def _text_run(text: str, has: set[int] | None) -> str:
    """One piece of text between tags: CJK runs in a span of their CID font, the rest in
    Latin form where the font lacks a character (when ``has`` is given)."""
    out: list[str] = []
    last = 0
    for m in _CJK_RUN.finditer(text):
        before = text[last:m.start()]
        out.append(latin_form(before, has) if has is not None else before)
        font = CJK_FONTS[cjk_script(m.group(0))]
        out.append(f'<span style="font-family: {font}">{m.group(0)}</span>')
        last = m.end()
    rest = text[last:]
    out.append(latin_form(rest, has) if has is not None else rest)
    return "".join(out)


_RAW_TEXT = re.compile(r"<(/?)(style|title|script)\b", re.I)


def _text_pass(html: str, has: set[int] | None) -> str:
    """Text between tags through :func:`_text_run`; attribute values (the PNG data, classes)
    and the text of ``<style>``, ``<title>`` and ``<script>`` stay as they are."""
    parts: list[str] = []
    raw = False
    for p in _TAG.split(html):
        if p.startswith("<"):
            m = _RAW_TEXT.match(p)
            if m:
                raw = not m.group(1)
            parts.append(p)
        else:
            parts.append(p if raw or not p else _text_run(p, has))
    return "".join(parts)


def _picture(svg: str) -> str:
    """An inline ``<svg>`` as an ``<img>`` holding a PNG, sized in points to fit the frame."""
    from ..raster import size_px, svg_to_png

    png = svg_to_png(svg, zoom=2.0)
    dims = size_px(svg)
    w_pt, h_pt = (dims[0] * 0.75, dims[1] * 0.75) if dims else (FRAME_WIDTH_PT, FRAME_WIDTH_PT * 0.6)
    scale = min(1.0, FRAME_WIDTH_PT / w_pt, FRAME_HEIGHT_PT / h_pt)
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" width="{w_pt * scale:.0f}" height="{h_pt * scale:.0f}">'


def _as_block(m: re.Match[str]) -> str:
    closing, tag, rest = m.group(1), m.group(2).lower(), m.group(3)
    if tag == "figcaption" and not closing:
        rest = ' class="figcaption"' + rest
    return f"<{closing}{_AS_BLOCK[tag]}{rest}>"


def prepare(html: str, has: set[int] | None = None, family: str = FAMILY) -> str:
    """The report's HTML made printable by xhtml2pdf: pictures as PNG, :data:`PRINT_CSS`
    after the template's style, CJK text in its CID font, text the font lacks in Latin form
    (when ``has`` is given)."""
    html = _SVG.sub(lambda m: f"<div>{_picture(m.group(0))}</div>", html)
    # HTML5 blocks xhtml2pdf does not know are laid out as plain blocks.
    html = _BLOCKS.sub(_as_block, html)
    style = f"<style>{PRINT_CSS.format(family=family)}</style>"
    html = html.replace("</head>", style + "</head>", 1) if "</head>" in html else style + html
    if has is not None or _CJK_RUN.search(html):
        html = _text_pass(html, has)
    return html


def html_to_pdf_builtin(html: str) -> bytes:
    """Print ``html`` (a report from ``templates/reports``) to PDF with xhtml2pdf.

    Returns the PDF bytes (A4). Raises :class:`~intervensi.report.ReportError`
    (``report_pdf_failed``) when xhtml2pdf reports an error, and
    :class:`intervensi.raster.RasterError` when a picture cannot be rasterised.
    """
    import logging

    from xhtml2pdf import pisa

    family, has, unicode_font = register_font()
    register_cjk_fonts()
    doc = prepare(html, None if unicode_font else has, family)
    kwargs: dict[str, object] = {}
    try:  # xhtml2pdf with a resource policy (recent releases): read nothing from the network or the disk
        from xhtml2pdf.config.resources import ResourceAccessPolicy  # type: ignore[import-untyped]

        kwargs["resource_policy"] = ResourceAccessPolicy(allow_remote=False, base_dir=None)
    except ImportError:
        # older releases: every address but the document's own data: URIs becomes an empty one (all is inline)
        kwargs["link_callback"] = lambda uri, rel: uri if str(uri).startswith("data:") else "data:text/plain;base64,"
    out = io.BytesIO()
    log = logging.getLogger("xhtml2pdf")
    level = log.level
    log.setLevel(logging.CRITICAL)  # its warnings (CSS it does not know) are not the user's business
    try:
        status = pisa.CreatePDF(doc, dest=out, encoding="utf-8", **kwargs)
    except Exception as exc:  # a layout failure inside xhtml2pdf/reportlab: one error in our words
        raise PdfFailed("the PDF engine failed", params={"problem": f"xhtml2pdf: {type(exc).__name__}"}) from None
    finally:
        log.setLevel(level)
    data = out.getvalue()
    if status.err or not data.startswith(b"%PDF-"):
        raise PdfFailed("the PDF engine failed", params={"problem": "xhtml2pdf"})
    return data
