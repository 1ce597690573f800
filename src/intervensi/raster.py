"""SVG to PNG, with our own limits in front of the rasteriser's.

Every PNG intervensi writes (diagrams, AB charts, pictures inside Word reports) goes through
:func:`svg_to_png`, so one kind of picture gets one answer:

* sizes in ``pt``/``in``/``cm``/``mm`` on the root element (Graphviz writes ``pt``) are
  turned into pixels, which resvg needs ("SVG has an invalid size" otherwise);
* the picture is at most :data:`MAX_PIXELS` pixels: a larger one is drawn at a smaller
  zoom (never below :data:`MIN_ZOOM`), and one that would still be larger is refused with
  :class:`PictureTooLarge` before resvg sees it. resvg itself has no such limit: a
  40,000-pixel-wide picture took 75 s, and a larger one aborted the whole process on a
  failed allocation (measured with resvg-py 0.5);
* anything resvg still refuses is one :class:`RasterError`, in our words.
"""

from __future__ import annotations

import re

from .errors import EngineFailed, ExitCode

#: At most 40 megapixels (160 MB of RGBA): an A0 poster at 150 dpi is 35 megapixels.
MAX_PIXELS = 40_000_000
#: Below this zoom a picture is no longer legible: refuse instead (1.0 = 96 dpi).
MIN_ZOOM = 0.5

_PX_PER = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_LEN = re.compile(r'\b(width|height)\s*=\s*(["\'])\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm)?\s*\2')
_VIEWBOX = re.compile(r'\bviewBox\s*=\s*(["\'])\s*[-0-9.eE+]+[\s,]+[-0-9.eE+]+[\s,]+([0-9.eE+]+)[\s,]+([0-9.eE+]+)\s*\1')


class RasterError(EngineFailed):
    """The picture could not be turned into PNG (exit 13)."""

    key = "png_failed"


class PictureTooLarge(RasterError):
    """The picture is too large for PNG at a legible size (use SVG or PDF)."""

    exit_code = ExitCode.REFUSED
    key = "picture_too_large"


def size_px(svg: str) -> tuple[float, float] | None:
    """The root element's ``(width, height)`` in CSS pixels, or ``None`` when it has none."""
    root = _ROOT.search(svg)
    if root is None:
        return None
    dims: dict[str, float] = {}
    for m in _LEN.finditer(root.group(0)):
        dims[m.group(1)] = float(m.group(3)) * _PX_PER[m.group(4) or ""]
    if "width" not in dims or "height" not in dims:
        vb = _VIEWBOX.search(root.group(0))
        if vb is None:
            return None
        w, h = float(vb.group(2)), float(vb.group(3))
        dims.setdefault("width", w)
        dims.setdefault("height", h)
    return dims["width"], dims["height"]


def _in_px(svg: str) -> str:
    """``svg`` with the root element's width and height in pixels."""
    root = _ROOT.search(svg)
    if root is None:
        return svg

    def px(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{float(m.group(3)) * _PX_PER[m.group(4) or ""]:.2f}"'

    return svg[: root.start()] + _LEN.sub(px, root.group(0)) + svg[root.end() :]


def fit_zoom(width: float, height: float, zoom: float) -> float:
    """``zoom``, reduced so that the picture stays within :data:`MAX_PIXELS`.

    Raises :class:`PictureTooLarge` when even :data:`MIN_ZOOM` would exceed it.
    """
    if width <= 0 or height <= 0:
        raise RasterError("the picture has no size", key="png_failed", params={"problem": "size"})
    if width * height * zoom * zoom <= MAX_PIXELS:
        return zoom
    fitted = (MAX_PIXELS / (width * height)) ** 0.5
    if fitted < MIN_ZOOM:
        raise PictureTooLarge(
            f"the picture is too large for PNG ({width:.0f} × {height:.0f} px): write it as SVG or PDF",
            params={"width": f"{width:.0f}", "height": f"{height:.0f}"},
        )
    return fitted


def svg_to_png(svg: str | bytes, zoom: float = 2.0) -> bytes:
    """Rasterise ``svg`` (UTF-8 text) to PNG bytes with resvg, white background.

    ``zoom`` 1.0 is 96 dpi; it is lowered for pictures over :data:`MAX_PIXELS`.
    Raises :class:`PictureTooLarge` or :class:`RasterError`; never the library's own errors.
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = _in_px(text)
    dims = size_px(text)
    if dims is None:
        raise RasterError("the picture has no size", key="png_failed", params={"problem": "size"})
    zoom = fit_zoom(dims[0], dims[1], zoom)
    try:
        import resvg_py
    except ImportError:
        raise RasterError("PNG needs resvg-py: pip install resvg-py", key="converter_missing", params={"package": "resvg-py"}) from None
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=text, zoom=zoom, background="#ffffff"))
    except Exception:
        raise RasterError("the picture could not be turned into PNG", params={"problem": "resvg"}) from None


MESSAGES: dict[str, dict[str, str]] = {
    "err.converter_missing": {"en": "this format needs the package {package}", "id": "format ini memerlukan paket {package}"},
    "err.png_failed": {"en": "the picture could not be turned into PNG", "id": "gambar tidak dapat diubah menjadi PNG"},
    "err.picture_too_large": {
        "en": "the picture is too large for PNG ({width} × {height} px): write it as SVG or PDF",
        "id": "gambar terlalu besar untuk PNG ({width} × {height} px): simpan sebagai SVG atau PDF",
    },
}


def _register() -> None:
    from .i18n import CATALOG

    for k, v in MESSAGES.items():
        CATALOG.setdefault(k, v)


_register()
