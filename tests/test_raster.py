"""PNG output has our limits, not the rasteriser's: a huge picture is drawn smaller or
refused in our words, never a 75-second render or an aborted process."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from intervensi.raster import MAX_PIXELS, PictureTooLarge, RasterError, svg_to_png


def svg(width: str, height: str, viewbox: str | None = None) -> str:
    vb = f' viewBox="{viewbox}"' if viewbox else ""
    return f'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"{vb}><rect width="10" height="10"/></svg>'


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    return w, h


@pytest.mark.parametrize(("w", "h", "want"), [("100pt", "50pt", (267, 133)), ("100px", "50px", (200, 100)), ("1in", "1in", (192, 192)), ("100", "50", (200, 100))])
def test_units_become_pixels(w: str, h: str, want: tuple[int, int]) -> None:
    got = png_size(svg_to_png(svg(w, h)))
    assert abs(got[0] - want[0]) <= 1 and abs(got[1] - want[1]) <= 1


def test_size_from_viewbox_when_no_width() -> None:
    data = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="10" height="10"/></svg>'
    assert png_size(svg_to_png(data, zoom=1.0)) == (300, 100)


def test_large_picture_is_drawn_smaller_within_the_budget() -> None:
    w, h = png_size(svg_to_png(svg("6000px", "4000px")))  # 96 Mpx at zoom 2: over the budget
    assert w * h <= MAX_PIXELS * 1.01
    assert w / h == pytest.approx(1.5, rel=0.01)


@pytest.mark.parametrize("width", ["40000px", "100000px", "1000000pt", "1e9px"])
def test_huge_picture_refused_in_our_words(width: str) -> None:
    with pytest.raises(PictureTooLarge) as info:
        svg_to_png(svg(width, "20000px"))
    assert info.value.key == "picture_too_large" and int(info.value.exit_code) == 9


def test_huge_picture_never_aborts_the_process() -> None:
    code = "from intervensi.raster import svg_to_png\ntry:\n    svg_to_png('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"></svg>')\nexcept Exception as e:\n    print(e.key)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "picture_too_large", out.stderr[-300:]


@pytest.mark.parametrize("bad", ["<svg", "not svg at all", '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>'])
def test_broken_svg_is_one_error_kind(bad: str) -> None:
    with pytest.raises(RasterError) as info:
        svg_to_png(bad)
    assert info.value.key in ("png_failed",)
