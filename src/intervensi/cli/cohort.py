"""Commands over a whole caseload: status, agenda, export (render is in cli/render.py, the bulk changes in cli/bulk.py).

Every command takes several case files or folders (default: the workspace's cases) and
reads them through :class:`intervensi.cohort.Cohort`: fast parser, all cores (``--jobs``),
warm cache for ``status`` and ``agenda``. Bulk changes show what they would do and change
nothing without ``--yes``; ``--dry-run`` prints the unified diff. Each file is written on
its own through :func:`intervensi.store.edit`, so an interrupted run can simply be re-run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import CATALOG
from ._anon import AlsoRemoveOpt, make_anonymizer, say_anonymised
from ._caseload import (
    ClosedOpt,
    IdTracker,
    JobsOpt,
    LevelOpt,
    NoCacheOpt,
    OverdueOpt,
    PathsArg,
    PracticeOpt,
    Progress,
    StageOpt,
    WhereOpt,
    WorkerOpt,
    _problem_line,
    open_cohort,
    say_duplicates,
)
from ._common import STATE, H, JsonOpt, emit_json, msg, print_table, say, summary_console

if TYPE_CHECKING:
    from ..export import ExportResult
    from ..export_parquet import ParquetResult

MESSAGES: dict[str, dict[str, str]] = {
    "msg.columns_hidden": {"en": "(window too narrow: {columns} left out; a wider window, a pipe or --json shows them)",
                           "id": "(jendela terlalu sempit: {columns} tidak ditampilkan; jendela yang lebih lebar, pipa, atau --json menampilkannya)"},
    "label.per_level": {"en": "cases per level", "id": "kasus per tingkat"},
    "label.per_practice": {"en": "cases per practice", "id": "kasus per praktik"},
    "label.median_days": {"en": "median days in stage", "id": "median hari di tahap"},
    "label.overdue": {"en": "overdue", "id": "lewat tenggat"},
    "label.invalid": {"en": "invalid files", "id": "berkas tidak valid"},
    "col.what": {"en": "what needs doing", "id": "yang perlu dilakukan"},
    "col.change": {"en": "change", "id": "perubahan"},
    "msg.agenda_none": {"en": "Nothing needs you this week.", "id": "Tidak ada yang mendesak minggu ini."},
    "msg.agenda_summary": {"en": "{count} of {total} cases need you this week.", "id": "{count} dari {total} kasus perlu Anda minggu ini."},
    "msg.agenda_none_days": {"en": "Nothing needs you in the next {days} days.", "id": "Tidak ada yang mendesak dalam {days} hari ke depan."},
    "msg.agenda_summary_days": {"en": "{count} of {total} cases need you in the next {days} days.",
                                "id": "{count} dari {total} kasus perlu Anda dalam {days} hari ke depan."},
    "err.days_not_negative": {"en": "a number of days, 0 or more", "id": "jumlah hari, 0 atau lebih"},
    "msg.exported": {"en": "{rows} rows of {table} written to {out}.", "id": "{rows} baris {table} ditulis ke {out}."},
    "msg.preview": {"en": "{count} case(s) would change. Nothing written: run again with --yes to apply.", "id": "{count} kasus akan berubah. Belum ada yang ditulis: jalankan lagi dengan --yes."},
    "msg.applied": {"en": "{count} case(s) changed, {failed} failed, {skipped} already done.", "id": "{count} kasus diubah, {failed} gagal, {skipped} sudah sesuai."},
    "msg.nothing_to_do": {"en": "Nothing to change.", "id": "Tidak ada yang perlu diubah."},
    "msg.interrupted_batch": {"en": "Interrupted: {changed} case(s) changed (✓), {left} not yet (·).", "id": "Dihentikan: {changed} kasus diubah (✓), {left} belum (·)."},
    "msg.rerun": {"en": "Run the same command again to finish; files already changed are not changed twice.", "id": "Jalankan perintah yang sama lagi untuk menyelesaikan; berkas yang sudah diubah tidak diubah dua kali."},
    "msg.resuming": {"en": "Finishing an interrupted run: {done} of {total} file(s) were already done.", "id": "Menyelesaikan proses yang terhenti: {done} dari {total} berkas sudah selesai."},
    "err.bad_field": {"en": "--field {field}: not a field of a case file", "id": "--field {field}: bukan kolom berkas kasus"},
    "err.export_json_stdout": {"en": "--json needs --output FILE (standard output holds the table)",
                               "id": "--json memerlukan --output BERKAS (keluaran standar berisi tabel)"},
    "err.xlsx_stdout": {"en": "xlsx needs --output FILE (it is not text)", "id": "xlsx memerlukan --output BERKAS (bukan teks)"},
    "err.secret_damaged": {"en": "the anonymisation key file is damaged", "id": "berkas kunci anonimisasi rusak"},
    "err.unreadable": {"en": "could not be read", "id": "tidak dapat dibaca"},
    "msg.export_skipped": {"en": "{count} file(s) left out of the export: they could not be read (listed above).", "id": "{count} berkas tidak ikut diekspor: tidak dapat dibaca (tercantum di atas)."},
}
CATALOG.update(MESSAGES)

def register(app: typer.Typer) -> None:
    app.command("status", help=H(
        "One row per case of a caseload (case, client, level, practice, stage, days in stage, next due, gate, worker) and a summary: "
        "cases per stage, level and practice, median days in each stage, overdue.\n\nExample: intervensi status cases/ --stage intervention --sort due",
        "Satu baris per kasus (kasus, klien, tingkat, praktik, tahap, hari di tahap, tenggat, syarat, pekerja) dan ringkasan: "
        "kasus per tahap, tingkat dan praktik, median hari di tiap tahap, lewat tenggat.\n\nContoh: intervensi status cases/ --stage intervention --sort due",
    ))(status)
    app.command("agenda", help=H(
        "What needs you this week across the caseload: contracts ending, reviews passed, no session for N days, gates ready, evaluations due. "
        "With --format ics: the coming dates as a calendar file for a phone.\n\n"
        "Example: intervensi agenda cases/ --days 14\n\nExample: intervensi agenda cases/ --format ics -o agenda.ics",
        "Apa yang perlu Anda kerjakan minggu ini: kontrak berakhir, tinjauan lewat, tanpa sesi N hari, syarat terpenuhi, evaluasi jatuh tempo. "
        "Dengan --format ics: tanggal-tanggal mendatang sebagai berkas kalender untuk ponsel.\n\n"
        "Contoh: intervensi agenda cases/ --days 14\n\nContoh: intervensi agenda cases/ --format ics -o agenda.ics",
    ))(agenda)
    app.command("export", help=H(
        "Export a caseload as CSV, JSON lines, xlsx or Parquet: one row per case, session, goal objective, measurement or transition.\n\n"
        "Example: intervensi export cases/ --table sessions --format csv --anonymize > sessions.csv\n\n"
        "Example: intervensi export cases/ --format parquet -o tables/",
        "Ekspor kasus sebagai CSV, JSON lines, xlsx atau Parquet: satu baris per kasus, sesi, tujuan, pengukuran atau perpindahan tahap.\n\n"
        "Contoh: intervensi export cases/ --table sessions --format csv --anonymize > sessions.csv\n\n"
        "Contoh: intervensi export cases/ --format parquet -o tabel/",
    ))(export)


SORTS = {
    "id": lambda r: r["id"],
    "stage": lambda r: _stage_index(r["stage"]),
    "days": lambda r: -r["days_in_stage"],
    "due": lambda r: r["next_due"] or "9999",
    "worker": lambda r: (r["worker"] or "").casefold(),
    "level": lambda r: r["level"],
    "practice": lambda r: r["practice"],
}
TABLE_LIMIT = 2000


def _stage_index(stage: str) -> int:
    from ..vocab import STAGE_ORDER

    return [s.value for s in STAGE_ORDER].index(stage)


def status(
    paths: PathsArg = None,
    stage: StageOpt = None,
    level: LevelOpt = None,
    practice: PracticeOpt = None,
    worker: WorkerOpt = None,
    overdue: OverdueOpt = None,
    closed: ClosedOpt = None,
    where: WhereOpt = None,
    sort: Annotated[str | None, typer.Option("--sort", help=H("Sort by id, stage, days, due, worker, level or practice.", "Urutkan menurut id, stage, days, due, worker, level atau practice."))] = None,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    json: JsonOpt = False,
) -> None:
    import json as jsonlib

    from ..cohort import Summary
    from ..errors import ExitCode, UsageError
    from ..i18n import label, stage_label
    from ._common import _default

    STATE.json = json
    if sort is not None and sort not in SORTS:
        raise UsageError(f"--sort {sort}", key="usage", params={"problem": f"--sort: {', '.join(SORTS)}"})
    cohort = open_cohort(paths, jobs=jobs, cache=not no_cache, stage=stage, level=level, practice=practice, worker=worker, overdue=overdue, closed=closed, where=where)
    summary = Summary(cohort.today)
    invalid: list[dict[str, Any]] = []
    lang = STATE.lang
    progress = Progress(None, msg("col.status"))
    rows = cohort.rows(progress=progress, include_invalid=True)
    out = sys.stdout

    ids = IdTracker()

    def keep(row: dict[str, Any]) -> bool:
        summary.add(row)
        ids.add(row)
        if not row["valid"]:
            invalid.append({"path": row["path"], "message": _problem_line(row)})
            return False
        return True

    def cells(r: dict[str, Any]) -> list[str]:
        return [
            r["id"], r["client"], label("level", r["level"], lang), label("practice", r["practice"], lang), stage_label(r["stage"], lang),
            "—" if r["closed"] else str(r["days_in_stage"]), r["next_due"] or "—",
            "—" if r["closed"] else (msg("label.ready") if r["gate_ready"] else msg("label.not_ready")), r["worker"] or "—",
        ]

    if sort:
        valid = sorted((r for r in rows if keep(r)), key=SORTS[sort])
        rows = iter(valid)
    try:
        if json:
            out.write('{"version": 1, "command": "status", "ok": true, "cases": [')
            first = True
            for r in rows:
                if keep(r) or sort:
                    r = {k: v for k, v in r.items() if k != "stage_days"}
                    out.write(("\n  " if first else ",\n  ") + jsonlib.dumps(r, ensure_ascii=False, default=_default))
                    first = False
            out.write("\n],\n")
            tail = {"summary": summary.to_dict(), "per_stage": summary.to_dict()["per_stage"], "invalid": invalid, "duplicate_ids": ids.duplicates()}
            out.write(jsonlib.dumps(tail, ensure_ascii=False, indent=2)[1:] + "\n")
        else:
            from rich.markup import escape
            from rich.table import Table

            heads = [msg(c) for c in ("col.case", "col.client", "col.level", "col.practice", "col.stage", "col.days", "col.due", "col.gate", "col.worker")]
            table = Table(show_lines=False)
            for h in heads:
                table.add_column(h)
            n = 0
            streaming = False
            buffered: list[list[str]] = []
            for r in rows:
                if not sort and not keep(r):
                    continue
                n += 1
                if n > TABLE_LIMIT and not streaming:
                    # Too many rows for a table a person reads: stream tab-separated lines.
                    streaming = True
                    out.write("\t".join(heads) + "\n")
                    for row in buffered:
                        out.write("\t".join(row) + "\n")
                    buffered = []
                if streaming:
                    out.write("\t".join(cells(r)) + "\n")
                else:
                    c = [escape(x) for x in cells(r)]
                    if not r["closed"]:
                        c[7] = f"[green]{c[7]}[/]" if r["gate_ready"] else f"[yellow]{c[7]}[/]"
                    if r["overdue"]:
                        c[6] = f"[red]{c[6]}[/]"
                    table.add_row(*c)
                    buffered.append(cells(r))
            if not streaming:
                print_table(table, whole=(0,), optional=(3, 2, 5, 8))  # practice, level, days, worker go first at a narrow terminal
            _print_summary(summary.to_dict())
            for bad in invalid[:20]:
                say(bad["message"], "red")
            if len(invalid) > 20:
                say(msg("err.problems_more", count=len(invalid) - 20), "red")
        say_duplicates(ids.duplicates())
    finally:
        progress.close()
    if invalid:
        raise typer.Exit(int(ExitCode.INVALID))


def _print_summary(s: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ..i18n import label, stage_label
    from ..numfmt import days, number

    lang = STATE.lang
    funnel = Table(title=msg("label.per_stage"), show_header=False)
    funnel.add_column()
    funnel.add_column(justify="right")
    funnel.add_column(justify="right")
    top = max(s["per_stage"].values() or [1]) or 1
    for st, n in s["per_stage"].items():
        if n or st != "monitoring":
            funnel.add_row(escape(stage_label(st, lang)), number(n, lang), "█" * round(20 * n / top))
    funnel.add_row(f"[bold]{msg('label.total')}[/]", f"[bold]{number(s['total'], lang)}[/]", "")
    summary_console().print(funnel)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(msg("label.per_level"), escape(", ".join(f"{label('level', k, lang)} {number(v, lang)}" for k, v in s["per_level"].items())))
    grid.add_row(msg("label.per_practice"), escape(", ".join(f"{label('practice', k, lang)} {number(v, lang)}" for k, v in s["per_practice"].items())))
    med = ", ".join(f"{stage_label(k, lang)} {days(v, lang)}" for k, v in s["median_days"].items() if v is not None)
    grid.add_row(msg("label.median_days"), escape(med or "—"))
    grid.add_row(msg("label.overdue"), number(s["overdue"], lang))
    if s["invalid"]:
        grid.add_row(msg("label.invalid"), f"[red]{number(s['invalid'], lang)}[/]")
    summary_console().print(grid)


# --------------------------------------------------------------------------- agenda


def agenda(
    paths: PathsArg = None,
    worker: WorkerOpt = None,
    days: Annotated[int, typer.Option("--days", help=H("Flag cases with no session for this many days.", "Tandai kasus tanpa sesi selama sekian hari."))] = 14,
    within: Annotated[int | None, typer.Option("--within", help=H(
        "Look this many days ahead (default: 7; 365 for --format ics).", "Lihat sekian hari ke depan (bawaan: 7; 365 untuk --format ics)."),
        show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=H(
        "table, or ics: an iCalendar file of coming visits, objectives due, contract ends and monitoring checks for a phone's calendar.",
        "table, atau ics: berkas iCalendar berisi kunjungan mendatang, tenggat sasaran, akhir kontrak dan cek monitoring untuk kalender ponsel."))] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help=H(
        "ics: write to this file (default: stdout); an existing calendar is updated, keeping every event's UID.",
        "ics: tulis ke berkas ini (bawaan: stdout); kalender yang sudah ada diperbarui, UID setiap acara tetap."))] = None,
    anonymize: Annotated[bool, typer.Option("--anonymize", help=H(
        "ics: only case pseudonyms and the kind of each event, nothing else about the client.",
        "ics: hanya nama samaran kasus dan jenis acara, tanpa keterangan lain tentang klien."))] = False,
    also_remove: AlsoRemoveOpt = None,
    force: Annotated[bool, typer.Option("--force", help=H(
        "ics: replace an existing .ics file that intervensi did not write.", "ics: ganti berkas .ics yang ada walau bukan tulisan intervensi."))] = False,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    json: JsonOpt = False,
) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ..cohort import agenda_items
    from ..errors import ExitCode
    from .calendar import check_format, write_ics

    STATE.json = json
    check_format(fmt)
    for value, name in ((days, "--days"), (within, "--within")):
        if value is not None and value < 0:
            raise typer.BadParameter(msg("err.days_not_negative"), param_hint=name)
    if fmt == "ics":
        cohort = open_cohort(paths, jobs=jobs, cache=not no_cache, worker=worker, closed=False)
        anon: Any = make_anonymizer(also_remove) if anonymize or also_remove is not None else False
        ids = IdTracker()
        unreadable = write_ics(cohort, output=output, within=within, anonymize=anon, force=force, json=json, problem_line=_problem_line, ids=ids)
        for line in unreadable[:20]:
            say(line, "red")
        if not json:
            say_duplicates(ids.duplicates())
        if unreadable:
            raise typer.Exit(int(ExitCode.INVALID))
        return
    within = 7 if within is None else within
    cohort = open_cohort(paths, jobs=jobs, cache=not no_cache, worker=worker, closed=False)
    lang = STATE.lang
    entries: list[dict[str, Any]] = []
    total = 0
    invalid: list[str] = []
    ids = IdTracker()
    for row in cohort.rows(include_invalid=True):
        ids.add(row)
        if not row["valid"]:
            invalid.append(_problem_line(row))
            continue
        total += 1
        items = agenda_items(row, cohort.today, within, days, lang)
        if items:
            entries.append({"id": row["id"], "path": row["path"], "client": row["client"], "worker": row["worker"], "stage": row["stage"], "next_due": row["next_due"], "items": items})
    entries.sort(key=lambda e: (-len(e["items"]), e["next_due"] or "9999", e["id"]))
    if json:
        emit_json("agenda", {"today": cohort.today, "cases": entries, "total": total, "invalid": invalid, "duplicate_ids": ids.duplicates()})
    elif not entries:
        say(msg("msg.agenda_none") if within == 7 else msg("msg.agenda_none_days", days=within), "green")
    else:
        table = Table()
        for c in ("col.case", "col.client", "col.worker", "col.what"):
            table.add_column(msg(c))
        for e in entries:
            table.add_row(escape(e["id"]), escape(e["client"]), escape(e["worker"] or "—"), escape("\n".join(e["items"])))
        print_table(table, whole=(0,))
        say(msg("msg.agenda_summary", count=len(entries), total=total) if within == 7
            else msg("msg.agenda_summary_days", count=len(entries), total=total, days=within))
    for line in invalid[:20]:
        say(line, "red")
    if not json:
        say_duplicates(ids.duplicates())
    if invalid:
        raise typer.Exit(int(ExitCode.INVALID))


# --------------------------------------------------------------------------- export


def export(
    paths: PathsArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=H(
        "csv, jsonl, xlsx, or parquet (one typed file per table in the folder --output DIR; needs pip install 'intervensi[parquet]').",
        "csv, jsonl, xlsx, atau parquet (satu berkas bertipe per tabel di folder --output FOLDER; perlu pip install 'intervensi[parquet]')."))] = "csv",
    table: Annotated[str | None, typer.Option("--table", "-t", help=H(
        "cases, sessions, goals, measurements or history (default: cases; for parquet: every table).",
        "cases, sessions, goals, measurements atau history (bawaan: cases; untuk parquet: semua tabel)."), show_default=False)] = None,
    anonymize: Annotated[bool, typer.Option("--anonymize", help=H("Stable pseudonyms, ages instead of birth dates, identifying fields left out.", "Pseudonim tetap, umur sebagai ganti tanggal lahir, kolom identitas dihapus."))] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=H(
        "Write to this file (default: stdout); for parquet, the folder of the table files (made if missing).",
        "Tulis ke berkas ini (bawaan: stdout); untuk parquet, folder berkas-berkas tabel (dibuat bila belum ada)."))] = None,
    research: Annotated[bool, typer.Option("--research", help=H(
        "Researcher export (implies --anonymize): age bands, region cut to kabupaten, dates to the month; states the smallest group size k.",
        "Ekspor untuk peneliti (termasuk --anonymize): kelompok umur, wilayah sampai kabupaten, tanggal sampai bulan; menyebut ukuran kelompok terkecil k."))] = False,
    also_remove: AlsoRemoveOpt = None,
    stage: StageOpt = None,
    level: LevelOpt = None,
    practice: PracticeOpt = None,
    worker: WorkerOpt = None,
    closed: ClosedOpt = None,
    where: WhereOpt = None,
    jobs: JobsOpt = None,
    json: JsonOpt = False,
) -> None:
    import io

    from ..errors import ExitCode, UsageError
    from ..export import FORMATS, TABLES
    from ..export import export_table as run_export

    if json and output is None:
        raise UsageError("--json needs --output", key="export_json_stdout")
    STATE.json = json

    one_table = table or "cases"  # csv, jsonl, xlsx: one table at a time
    if fmt not in (*FORMATS, "parquet"):
        raise UsageError(f"--format {fmt}", key="usage", params={"problem": f"--format: {', '.join((*FORMATS, 'parquet'))}"})
    if fmt == "parquet":
        from .export_parquet import check_parquet_output, write_parquet

        check_parquet_output(output, table)  # before anything is read
    elif one_table not in TABLES:
        raise UsageError(f"--table {one_table}", key="usage", params={"problem": f"--table: {', '.join(TABLES)}"})
    if fmt == "xlsx" and output is None:
        raise UsageError("xlsx needs --output", key="xlsx_stdout")
    cohort = open_cohort(paths, jobs=jobs, stage=stage, level=level, practice=practice, worker=worker, closed=closed, where=where)
    anon: Any = False
    if anonymize or research or also_remove is not None:
        anon = make_anonymizer(also_remove, research=research)
    progress = Progress(None, "export")
    ids = IdTracker()
    skipped: list[str] = []
    result: ExportResult | ParquetResult

    def seen(row: dict[str, Any]) -> None:
        ids.add(row)
        if not row["valid"]:
            skipped.append(_problem_line(row))

    try:
        if fmt == "parquet":
            result = write_parquet(cohort, output, table=table, anonymize=anon, research=research, progress=progress, on_row=seen)
        elif output is None:
            result = run_export(cohort, sys.stdout, table=one_table, fmt=fmt, anonymize=anon, research=research, progress=progress, on_row=seen)
        else:
            from ..store import write_output

            buf: Any = io.BytesIO() if fmt == "xlsx" else io.StringIO()
            result = run_export(cohort, buf, table=one_table, fmt=fmt, anonymize=anon, research=research, progress=progress, on_row=seen)
            data = buf.getvalue()
            write_output(output, data, kind="export")
            if research:
                from ..jsonsafe import dumps

                write_output(output.with_name(output.name + ".summary.json"), dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", kind="export")
            if json:
                emit_json("export", {"path": str(output), "table": one_table, "format": fmt, **result.to_dict()})
            else:
                say(msg("msg.exported", rows=result.rows, table=one_table, out=output))
    finally:
        progress.close()
    sys.stdout.flush()
    say_anonymised(result.counts if result.anonymised else None, result.k if research else None, result.small_groups)
    for line in skipped:
        say(line, "red")
    say_duplicates(ids.duplicates())
    if skipped:
        say(msg("msg.export_skipped", count=len(skipped)), "red")
        raise typer.Exit(int(ExitCode.INVALID))
