"""SVG to PNG (resvg-py) and to PDF (svglib + reportlab): no system libraries needed."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

from .backend import DiagramError, LayoutFailed

#: Fonts tried for PDF text, so that names outside Latin-1 are not lost.
PDF_FONTS = (
    ("DejaVu Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("DejaVu Sans", "/Library/Fonts/DejaVuSans.ttf"),
    ("DejaVu Sans", "C:/Windows/Fonts/DejaVuSans.ttf"),
)


def to_png(svg: bytes, zoom: float = 2.0) -> bytes:
    """``svg`` as PNG (see :func:`intervensi.raster.svg_to_png`: size-capped, one error kind)."""
    from ..raster import svg_to_png

    return svg_to_png(svg, zoom)


def _register_fonts() -> str | None:
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from svglib.fonts import register_font  # type: ignore[import-untyped]
    except ImportError:
        return None
    for name, path in PDF_FONTS:
        if Path(path).is_file():
            try:
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, path))
                register_font(name, path)
                bold = Path(path).with_name("DejaVuSans-Bold.ttf")
                if bold.is_file():
                    register_font(name, str(bold), weight="bold")
            except Exception:
                continue
            return name
    return None


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_TEXT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")


def visual_order(svg: bytes) -> bytes:
    """``svg`` with every right-to-left text (Arabic, Hebrew...) in visual order, Arabic
    letters in their joined forms: svglib + reportlab draw the characters of a text one
    after the other, left to right, so "محمد" came out reversed and unjoined in PDF and the
    words of a mixed line in the wrong order. (resvg shapes text itself: PNG is left as is.)
    Uses the Unicode bidirectional algorithm (python-bidi) and arabic-reshaper."""
    text = svg.decode("utf-8")
    if not _RTL.search(text):
        return svg
    try:
        import arabic_reshaper  # type: ignore[import-untyped]
        from bidi import get_display  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - both are dependencies
        return svg

    def fix(m: re.Match[str]) -> str:
        content = html.unescape(m.group(2))
        if not _RTL.search(content):
            return m.group(0)
        return m.group(1) + html.escape(get_display(arabic_reshaper.reshape(content)), quote=False) + m.group(3)

    return _TEXT.sub(fix, text).encode("utf-8")


def to_pdf(svg: bytes) -> bytes:
    try:
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg  # type: ignore[import-untyped]
    except ImportError:
        raise DiagramError("PDF needs svglib and reportlab: pip install svglib reportlab", key="converter_missing", params={"package": "svglib"}) from None
    _register_fonts()
    try:
        drawing = svg2rlg(io.BytesIO(visual_order(svg)))
        if drawing is None:
            raise ValueError("empty drawing")
        out: bytes = renderPDF.drawToString(drawing)
    except Exception as exc:
        raise LayoutFailed("the picture could not be turned into PDF", key="pdf_failed") from exc
    return out
