"""Genograms and ecomaps: DOT from a case, laid out by Graphviz, in SVG, PNG, PDF or DOT.

The same functions serve the ``genogram``/``ecomap`` commands, reports and cohort scripts::

    from intervensi.diagrams import render_genogram
    svg = render_genogram(case, fmt="svg", lang="id")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from ..errors import ExitCode, IntervensiError
from ..i18n import CATALOG
from .backend import DiagramError, choice, layout
from .ecomap import ecomap_dot
from .genogram import genogram_dot

if TYPE_CHECKING:
    from ..model import Case

MESSAGES: dict[str, dict[str, str]] = {
    "err.genogram_empty": {
        "en": "nothing to draw yet: the genogram has no people (add them with `intervensi person add CASE --name ... --sex ...`)",
        "id": "belum ada yang bisa digambar: genogram belum berisi orang (tambahkan dengan `intervensi person add KASUS --name ... --sex ...`)",
    },
    "err.genogram_not_applicable": {
        "en": "a genogram is drawn for a person or a family, not for a {problem} case: draw its ecomap instead",
        "id": "genogram dibuat untuk perorangan atau keluarga, bukan untuk kasus {problem}: gambarlah ekomapnya",
    },
    "err.ecomap_empty": {
        "en": "nothing to draw yet: the ecomap has no systems (add them with `intervensi system add CASE NAME --kind ... --connection ...`)",
        "id": "belum ada yang bisa digambar: ekomap belum berisi sistem (tambahkan dengan `intervensi system add KASUS NAMA --kind ... --connection ...`)",
    },
}
CATALOG.update(MESSAGES)

#: Client kinds a genogram is drawn for (a person and their family).
GENOGRAM_KINDS = ("individual", "family")


def _kind_words(kind: str) -> dict[str, str]:
    """The client kind in both languages (``problem_en``/``problem_id``: the error is shown in the
    user's language, ``kind`` stays the value as written for ``--json``)."""
    from ..i18n import has, t

    words = {lang: (t(f"client.{kind}", lang) if has(f"client.{kind}") else kind) for lang in ("en", "id")}
    return {"kind": kind, "problem": words["en"], "problem_en": words["en"], "problem_id": words["id"]}


class NothingToDraw(IntervensiError):
    """A diagram would be blank: the case has nothing for it yet, or it does not apply."""

    exit_code = ExitCode.NOTHING_TO_DRAW
    key = "genogram_empty"


def check_drawable(case: Case, which: str) -> None:
    """Raise :class:`NothingToDraw` when ``which`` (``genogram``/``ecomap``) would be blank.

    A genogram needs at least one person and an individual or family client; an ecomap
    needs at least one system. Never writes anything.
    """
    a = case.assessment
    kind = case.client.kind.value
    if which == "genogram":
        if kind not in GENOGRAM_KINDS:
            raise NothingToDraw(f"a genogram is not drawn for a {kind} case", key="genogram_not_applicable", params=_kind_words(kind))
        if a is None or a.genogram is None or not a.genogram.people:
            raise NothingToDraw("nothing to draw yet: the genogram has no people", key="genogram_empty")
    elif a is None or a.ecomap is None or not a.ecomap.systems:
        raise NothingToDraw("nothing to draw yet: the ecomap has no systems", key="ecomap_empty")


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
    """The case's genogram as a picture (``lang`` defaults to the case's language).

    Raises :class:`NothingToDraw` (exit code 11) for a genogram without people or a
    group/community case, instead of writing a blank picture.
    """
    check_drawable(case, "genogram")
    return render(genogram_dot(case, lang=_lang(case, lang), labels=labels), fmt, "dot")


def render_ecomap(case: Case, fmt: str = "svg", lang: str | None = None, labels: Mapping[str, str] | None = None) -> bytes:
    """The case's ecomap as a picture (``lang`` defaults to the case's language).

    Raises :class:`NothingToDraw` (exit code 11) when the ecomap has no systems yet.
    """
    check_drawable(case, "ecomap")
    return render(ecomap_dot(case, lang=_lang(case, lang), labels=labels), fmt, "twopi")


__all__ = [
    "FORMATS",
    "DiagramError",
    "NothingToDraw",
    "check_drawable",
    "choice",
    "ecomap_dot",
    "genogram_dot",
    "layout",
    "render",
    "render_ecomap",
    "render_genogram",
]
