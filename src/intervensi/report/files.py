"""A report written to a file, with its pictures beside it (Markdown).

A Markdown report cannot hold its diagrams and charts the way HTML inlines them (data
URIs of ~50 KB that many Markdown viewers do not show), so :func:`write_report` writes
each picture twice into a folder beside the report, ``<report name>_files/``: as SVG
(sharp at any size) and as PNG (shown by every viewer), and the report shows the PNG,
linked to the SVG. The pictures are written before the report, so a report never links
to a file that is not there. Rendered to stdout (:func:`intervensi.report.render_report`
with ``md``), a report has no place for files: each picture is a one-line note saying to
write the report with ``--output`` instead.

HTML, DOCX and PDF carry their pictures inside and are written as one file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Case
    from .data import ReportData


def pictures(data: ReportData) -> dict[str, str]:
    """Every picture of the report as ``{file stem: SVG text}``: genogram, ecomap, each AB
    chart (``chart-<objective id>``) and the attendance chart, those that are drawn."""
    out: dict[str, str] = {}
    if data.genogram:
        out["genogram"] = data.genogram
    if data.ecomap:
        out["ecomap"] = data.ecomap
    for oid, svg in data.charts.items():
        out[f"chart-{oid}"] = svg
    if data.attendance_chart:
        out["attendance"] = data.attendance_chart
    return out


def folder_for(output: Path) -> Path:
    """The pictures' folder of a report written to ``output``: ``<stem>_files`` beside it."""
    return output.with_name(f"{output.stem}_files")


def write_report(case: Case, output: Path | str, fmt: str = "html", kind: str = "report", **options: Any) -> list[Path]:
    """Write the report of ``case`` to ``output``; returns every path written (the report last).

    ``options`` are those of :func:`intervensi.report.render_report` (``lang``,
    ``anonymize``, ``template``, ``rho``, ``anonymizer``, ``pdf_engine``, ``supervisor``).
    For ``md`` the pictures go to :func:`folder_for` as ``<name>.svg`` and ``<name>.png``.
    Writes go through :func:`intervensi.store.write_output` (atomic, never over a case file
    or a link); its errors are raised as they are.
    """
    from ..store import check_output, write_output
    from . import render_report
    from .data import collect
    from .text import render_text

    output = Path(output)
    if fmt != "md":
        write_output(output, render_report(case, fmt=fmt, kind=kind, **options), kind="report")
        return [output]
    from urllib.parse import quote

    from ..raster import svg_to_png

    template = options.pop("template", None)
    options.pop("pdf_engine", None)
    check_output(output, "report")  # a refused target is said before any picture is written
    data = collect(case, **options)
    folder = folder_for(output)
    data.pictures = folder.name
    text = render_text(data, fmt="md", kind=kind, template=template)
    written = []
    for stem, svg in pictures(data).items():
        if f"{quote(folder.name)}/{quote(stem)}.png" not in text:
            continue  # a template that does not show it
        for suffix, blob in ((".svg", svg.encode("utf-8")), (".png", svg_to_png(svg))):
            write_output(folder / f"{stem}{suffix}", blob, kind="diagram")
            written.append(folder / f"{stem}{suffix}")
    write_output(output, text.encode("utf-8"), kind="report")
    return [*written, output]
