"""``intervensi site``: the caseload as a static, offline website (see :mod:`intervensi.site`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._anon import AlsoRemoveOpt, make_anonymizer, say_anonymised
from ._caseload import JobsOpt, PathsArg, Progress, case_roots, say_duplicates
from ._common import STATE, H, JsonOpt, emit_json, msg, say

MESSAGES: dict[str, dict[str, str]] = {
    "site.written": {
        "en": "Site in {out}: {written} page(s) written, {kept} unchanged, {removed} removed. Open {index}",
        "id": "Situs di {out}: {written} halaman ditulis, {kept} tidak berubah, {removed} dihapus. Buka {index}",
    },
    "site.phase_scan": {"en": "reading cases", "id": "membaca kasus"},
    "site.phase_render": {"en": "writing pages", "id": "menulis halaman"},
    "site.failed": {"en": "{path}: no page ({problem})", "id": "{path}: tidak ada halaman ({problem})"},
}


def register(app: typer.Typer) -> None:
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)
    app.command("site", help=H(
        "Write the caseload as a static website a supervisor opens offline: an index page (status table to sort and "
        "filter, cases per stage, overdue cases, the week's agenda) and one page per case (its report with diagrams and "
        "charts). Nothing is fetched from the network; no server is needed. A second run rewrites only what changed; a "
        "folder not made by `site` is refused unless --force.\n\n"
        "Example: intervensi site cases/ -o site/ --lang id --anonymize",
        "Tulis daftar kasus sebagai situs statis yang dibuka penyelia tanpa internet: halaman indeks (tabel status yang "
        "dapat diurutkan dan disaring, kasus per tahap, kasus lewat tenggat, agenda minggu ini) dan satu halaman per kasus "
        "(laporannya dengan diagram dan grafik). Tidak ada yang diambil dari jaringan; tidak perlu server. Jalankan lagi: "
        "hanya yang berubah ditulis ulang; folder yang bukan buatan `site` ditolak kecuali --force.\n\n"
        "Contoh: intervensi site cases/ -o situs/ --lang id --anonymize",
    ))(site)


class _Phases:
    """One progress bar per phase of the run (reading, then writing pages), on stderr."""

    def __init__(self) -> None:
        self.bars: dict[str, Progress] = {}

    def __call__(self, phase: str, n: int, total: int | None) -> None:
        bar = self.bars.get(phase)
        if bar is None:
            for b in self.bars.values():
                b.close()
            bar = self.bars[phase] = Progress(total, msg(f"site.phase_{phase}"))
        if n:
            bar(n)

    def close(self) -> None:
        for b in self.bars.values():
            b.close()


def site(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER", help=H("Folder of the site (made if missing).", "Folder situs (dibuat bila belum ada)."))] = Path("site"),
    lang: Annotated[str | None, typer.Option("--lang", help=H("Language of the pages: en or id (default: the command-line language).", "Bahasa halaman: en atau id (bawaan: bahasa baris perintah)."), metavar="en|id")] = None,
    anonymize: Annotated[bool, typer.Option("--anonymize", help=H("Pseudonyms for names (page names too), ages for birth dates, identifying fields left out.", "Nama samaran (juga pada nama halaman), usia sebagai ganti tanggal lahir, data identitas dihilangkan."))] = False,
    also_remove: AlsoRemoveOpt = None,
    force: Annotated[bool, typer.Option("--force", help=H("Write into an existing folder that was not made by `site` (nothing in it is removed).", "Tulis ke folder yang sudah ada meski bukan buatan `site` (tidak ada isinya yang dihapus)."))] = False,
    jobs: JobsOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..errors import ExitCode
    from ..site import build_site

    STATE.json = json
    if lang is not None and lang not in ("en", "id"):
        raise typer.BadParameter(msg("err.choice_lang"), param_hint="--lang")
    roots = case_roots(paths)
    anon: Any = None
    if anonymize or also_remove is not None:
        anon = make_anonymizer(also_remove)
    phases = _Phases()
    try:
        result = build_site(roots, output, lang=lang or STATE.lang, anonymize=anon is not None, anonymizer=anon, force=force,
                            jobs=jobs, progress=phases)
    finally:
        phases.close()
    from ._caseload import _problem_line
    from ._common import render_error

    invalid = [_problem_line(r) for r in result.invalid]
    failed = []
    for f in result.failed:
        from ..errors import IntervensiError

        p = f["problem"]
        err = IntervensiError(p.get("text", ""), path=f["path"], line=p.get("line"), column=p.get("column"), key=p.get("key"), params=p.get("params"))
        failed.append(render_error(err)[0])
    if json:
        emit_json("site", result.to_dict())
    else:
        for line in invalid + failed:
            say(line, "red")
        say_duplicates(result.duplicates)
        say(msg("site.written", out=output, written=len(result.written), kept=len(result.kept), removed=len(result.removed),
                index=result.index), "red" if invalid or failed else "green")
        if result.anonymised:
            say_anonymised(result.removed_counts)
    if invalid or failed:
        raise typer.Exit(int(ExitCode.INVALID))
