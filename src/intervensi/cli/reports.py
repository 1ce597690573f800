"""``intervensi report``: the case report (or the care plan) as HTML, Markdown, DOCX or PDF.

The module is ``reports`` because ``cli.report`` would shadow the error boundary's ``report()``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._anon import AlsoRemoveOpt, make_anonymizer, say_anonymised
from ._common import STATE, CaseArg, H, JsonOpt, emit_json, msg, resolve_case, say

MESSAGES: dict[str, dict[str, str]] = {
    "rp.written": {"en": "Report written to {path}", "id": "Laporan ditulis ke {path}"},
}


def register(app: typer.Typer) -> None:
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)
    app.command("report", help=H(
        "Write the case report (identity, contract, assessment with genogram and ecomap, needs and strengths, plan, "
        "sessions, evaluation with charts and T-score, termination, stage history) or, with --care-plan, the care plan. "
        "HTML by default, to stdout unless --output; --anonymize replaces names with stable pseudonyms and leaves out "
        "identifying fields.\n\n"
        "Example: intervensi report pkh-s-2025 -o report.html\n\nExample: intervensi report pkh-s-2025 --format docx --lang id --anonymize -o laporan.docx",
        "Tulis laporan kasus (identitas, kontrak, asesmen dengan genogram dan ekomap, kebutuhan dan kekuatan, rencana, "
        "sesi, evaluasi dengan grafik dan skor-T, terminasi, riwayat tahap) atau, dengan --care-plan, rencana layanan. "
        "HTML secara bawaan, ke stdout kecuali --output; --anonymize mengganti nama dengan nama samaran yang tetap dan "
        "menghilangkan data identitas.\n\n"
        "Contoh: intervensi report pkh-s-2025 -o laporan.html\n\nContoh: intervensi report pkh-s-2025 --format docx --lang id --anonymize -o laporan.docx",
    ))(report)


def report(
    case: CaseArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help=H("html, md, docx or pdf.", "html, md, docx atau pdf."), metavar="html|md|docx|pdf")] = "html",
    template: Annotated[Path | None, typer.Option("--template", "-t", help=H("Your own template (a copy of one in templates/reports; a .docx for Word styles).", "Templat Anda sendiri (salinan dari templates/reports; .docx untuk gaya Word)."))] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=H("Report language: en or id (default: the command-line language).", "Bahasa laporan: en atau id (bawaan: bahasa baris perintah)."), metavar="en|id")] = None,
    anonymize: Annotated[bool, typer.Option("--anonymize", help=H("Pseudonyms for names, ages for birth dates, identifying fields left out.", "Nama samaran, usia sebagai ganti tanggal lahir, data identitas dihilangkan."))] = False,
    care_plan: Annotated[bool, typer.Option("--care-plan", help=H("The care plan (goals, objectives, activities, who and when).", "Rencana layanan (tujuan, sasaran, kegiatan, siapa dan kapan)."))] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=H("File to write (default: stdout for html and md).", "Berkas tujuan (bawaan: stdout untuk html dan md)."))] = None,
    rho: Annotated[float, typer.Option("--rho", help=H("ρ for the GAS T-score.", "ρ untuk skor-T GAS."))] = 0.3,
    pdf_engine: Annotated[str | None, typer.Option("--pdf-engine", metavar="auto|chromium|builtin", help=H(
        "PDF engine for --format pdf: auto (Chromium when found, else builtin), chromium, or builtin (xhtml2pdf, "
        "no browser). Default: $INTERVENSI_PDF_ENGINE, else auto.",
        "Mesin PDF untuk --format pdf: auto (Chromium bila ada, bila tidak builtin), chromium, atau builtin "
        "(xhtml2pdf, tanpa peramban). Bawaan: $INTERVENSI_PDF_ENGINE, bila tidak ada auto."))] = None,
    also_remove: AlsoRemoveOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..casefile import load_case
    from ..report import FORMATS, render_report

    STATE.json = json
    if fmt not in FORMATS:
        raise typer.BadParameter(msg("err.choice_report_format"), param_hint="--format")
    if lang is not None and lang not in ("en", "id"):
        raise typer.BadParameter(msg("err.choice_lang"), param_hint="--lang")
    if output is None and fmt in ("docx", "pdf"):
        raise typer.BadParameter(msg("err.report_needs_output"), param_hint="--output")
    if pdf_engine is not None:
        from ..report.pdf import check_engine_name

        pdf_engine = check_engine_name(pdf_engine)  # a misspelt engine is refused with any format
    path = resolve_case(case)
    c = load_case(path)
    anon = None
    if anonymize or also_remove is not None:
        from ..cohort import Cohort

        anonymize = True
        anon = make_anonymizer(also_remove)
        anon.lang = lang or STATE.lang
        # A mention of another client of the same caseload (the case's folder) is removed too.
        anon.know(Cohort([path.parent], cache=False).cases())
    from ._common import config

    options = {"lang": lang or STATE.lang, "anonymize": anonymize, "template": template, "rho": rho, "anonymizer": anon,
               "supervisor": config().supervisor, "pdf_engine": pdf_engine}
    kind = "care-plan" if care_plan else "report"
    if output is None:
        data = render_report(c, fmt=fmt, kind=kind, **options)  # type: ignore[arg-type]
        sys.stdout.write(data.decode("utf-8"))
        say_anonymised({k: v for k, v in anon.counts.items() if v} if anon is not None else None)
        return
    from ..report.files import write_report

    written = write_report(c, output, fmt=fmt, kind=kind, **options)
    counts = {k: v for k, v in anon.counts.items() if v} if anon is not None else None
    if json:
        emit_json("report", {"path": str(output), "format": fmt, "bytes": output.stat().st_size, "anonymised": anonymize,
                             "removed": counts or {}, "pictures": [str(p) for p in written[:-1]]})
    else:
        say(msg("rp.written", path=str(output)), "green")
        say_anonymised(counts)
