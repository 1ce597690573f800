"""Genograms and ecomaps: DOT from a case, laid out by Graphviz, in SVG, PNG, PDF or DOT.

The same functions serve the ``genogram``/``ecomap`` commands, reports and cohort scripts::

    from intervensi.diagrams import render_genogram
    svg = render_genogram(case, fmt="svg", lang="id")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from .backend import DiagramError, choice, layout
from .ecomap import ecomap_dot
from .genogram import genogram_dot

if TYPE_CHECKING:
    from ..model import Case

Format = Literal["svg", "png", "pdf", "dot"]
FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot")


def render(dot: str, fmt: str = "svg", engine: str = "dot", *, backend: str | None = None) -> bytes:
    """Lay ``dot`` out with Graphviz ``engine`` and return the picture in ``fmt``.

    ``dot`` returns the DOT text itself; ``svg`` is Graphviz's SVG with the marks Graphviz
    cannot draw added (X for deceased, zig-zag for stressful ties); ``png`` and ``pdf`` are
    converted from that SVG.
    """
    from ..errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}", key="usage", params={"problem": f"--format {fmt}"})
    if fmt == "dot":
        return dot.encode("utf-8")
    from .legend import parse
    from .relations import specs
    from .svgpost import postprocess

    svg = postprocess(layout(dot, "svg", engine, backend), specs(dot), parse(dot))
    if fmt == "svg":
        return svg
    from .convert import to_pdf, to_png

    return to_png(svg) if fmt == "png" else to_pdf(svg)


def _lang(case: Case, lang: str | None) -> str:
    return lang or case.language or "en"


def render_genogram(case: Case, fmt: str = "svg", lang: str | None = None, labels: Mapping[str, str] | None = None) -> bytes:
    """The case's genogram as a picture (``lang`` defaults to the case's language)."""
    return render(genogram_dot(case, lang=_lang(case, lang), labels=labels), fmt, "dot")


def render_ecomap(case: Case, fmt: str = "svg", lang: str | None = None, labels: Mapping[str, str] | None = None) -> bytes:
    """The case's ecomap as a picture (``lang`` defaults to the case's language)."""
    return render(ecomap_dot(case, lang=_lang(case, lang), labels=labels), fmt, "twopi")


__all__ = [
    "FORMATS",
    "DiagramError",
    "choice",
    "ecomap_dot",
    "genogram_dot",
    "layout",
    "render",
    "render_ecomap",
    "render_genogram",
]
