"""Reports a supervisor can read: HTML, Markdown, DOCX and PDF from one case file.

``render_report(case, fmt=...)`` returns the bytes of one report. HTML and Markdown come
from Jinja2 templates in ``templates/reports/`` that a user can copy and change
(``template=PATH``); HTML is autoescaped and Markdown escapes every value through
``finalize``, so a note holding ``<script>`` is shown as text. DOCX is written with
python-docx (a ``.docx`` given as template lends its styles); PDF is the HTML printed by
headless Chromium when installed, else by xhtml2pdf (a pip dependency): see
:mod:`intervensi.report.pdf` for which wins and ``INTERVENSI_PDF_ENGINE``.

With ``anonymize=True`` the case first goes through
:class:`intervensi.anonymize.Anonymizer`: every name becomes a stable pseudonym, also in
the genogram and ecomap (they are drawn from the anonymised case), birth dates become
ages, identifying fields are left out, and the list of what was removed is on page one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .data import FORMATS, KINDS, ReportData, ReportError, clean_svg, collect
from .text import Raw, TemplateRefused, md_escape, render_text, templates_root

if TYPE_CHECKING:
    from ..anonymize import Anonymizer
    from ..model import Case


def render_report(
    case: Case,
    fmt: str = "html",
    lang: str = "en",
    anonymize: bool = False,
    template: Path | None = None,
    kind: str = "report",
    rho: float = 0.3,
    anonymizer: Anonymizer | None = None,
    pdf_engine: str | None = None,
    supervisor: str | None = None,
) -> bytes:
    """The report of ``case`` in ``fmt`` (html, md, docx, pdf), as bytes.

    ``pdf_engine``: ``auto``, ``chromium`` or ``builtin`` (``None``: the environment
    variable ``INTERVENSI_PDF_ENGINE``, else ``auto``); see :mod:`intervensi.report.pdf`.

    ``anonymizer``: the :class:`intervensi.anonymize.Anonymizer` to use with ``anonymize``
    (its extra names, the other cases it knows, its counts); a fresh one under the
    workspace key when not given.

    ``supervisor``: the workspace's supervisor, for the sign-off block of a case that names
    none (see :func:`collect`).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}", key="report_format", params={"fmt": fmt})
    if kind not in KINDS:
        raise UsageError(f"unknown report kind {kind!r}", key="report_format", params={"fmt": kind})
    if fmt == "pdf":  # before the work: a missing engine is said at once
        from .pdf import choose_engine

        choose_engine(pdf_engine)
    data = collect(case, lang=lang, anonymize=anonymize, rho=rho, anonymizer=anonymizer, supervisor=supervisor)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(data, kind=kind, template=template)
    html_or_md = render_text(data, fmt=fmt, kind=kind, template=template)
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(html_or_md, engine=pdf_engine)
    return html_or_md.encode("utf-8")


MESSAGES: dict[str, dict[str, str]] = {
    "err.report": {"en": "the report could not be made", "id": "laporan tidak dapat dibuat"},
    "err.report_format": {"en": "unknown report format '{fmt}' (html, md, docx or pdf)", "id": "format laporan '{fmt}' tidak dikenal (html, md, docx atau pdf)"},
    "err.report_template": {"en": "template error: {problem}", "id": "kesalahan templat: {problem}"},
    "err.report_template_unsafe": {
        "en": "the template reaches outside what a report may use (Python internals); it was not rendered",
        "id": "templat menjangkau di luar yang boleh dipakai laporan (bagian dalam Python); templat tidak dirender",
    },
    "err.report_no_anonymizer": {"en": "anonymisation is not available in this installation", "id": "anonimisasi tidak tersedia di instalasi ini"},
    "err.report_no_pdf_engine": {"en": "no PDF engine: pip install xhtml2pdf (or install Chromium)",
                                 "id": "tidak ada mesin PDF: pip install xhtml2pdf (atau pasang Chromium)"},
    "err.report_no_chromium": {
        "en": "no Chromium found for the PDF engine 'chromium': install Chromium, or use the builtin engine (--pdf-engine builtin)",
        "id": "Chromium tidak ditemukan untuk mesin PDF 'chromium': pasang Chromium, atau pakai mesin bawaan (--pdf-engine builtin)",
    },
    "err.report_pdf_engine": {"en": "unknown PDF engine '{engine}' (auto, chromium or builtin)",
                              "id": "mesin PDF '{engine}' tidak dikenal (auto, chromium atau builtin)"},
    "err.report_pdf_failed": {"en": "the PDF engine failed ({problem})", "id": "mesin PDF gagal ({problem})"},
}


def _register() -> None:
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()

__all__ = ["FORMATS", "KINDS", "Raw", "ReportData", "ReportError", "TemplateRefused", "clean_svg", "collect", "md_escape", "render_report", "render_text", "templates_root"]
