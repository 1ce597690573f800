"""Commands over a whole caseload: status, agenda, export, render (the bulk changes are in cli/bulk.py).

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
from ._common import STATE, H, JsonOpt, config, emit_json, err_console, msg, print_table, say, summary_console

if TYPE_CHECKING:
    from ..cohort import Cohort
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
    "err.no_workspace_cases": {
        "en": "no cases folder here and no intervensi.toml in this folder or above: run `intervensi init` to make this folder a workspace, or name the case files or folders",
        "id": "tidak ada folder kasus di sini dan tidak ada intervensi.toml di folder ini atau di atasnya: jalankan `intervensi init` agar folder ini menjadi workspace, atau sebutkan berkas atau folder kasusnya"},
    "err.days_not_negative": {"en": "a number of days, 0 or more", "id": "jumlah hari, 0 atau lebih"},
    "msg.exported": {"en": "{rows} rows of {table} written to {out}.", "id": "{rows} baris {table} ditulis ke {out}."},
    "msg.rendered": {"en": "{files} files written to {out} ({skipped} skipped).", "id": "{files} berkas ditulis ke {out} ({skipped} dilewati)."},
    "msg.render_skipped": {"en": "{path}: skipped {why}", "id": "{path}: dilewati {why}"},
    "msg.render_interrupted": {
        "en": "interrupted: every file written to {out} is complete ({cases} of {total} case(s) done); no case file was changed. Run render again to draw the rest.",
        "id": "dihentikan: setiap berkas yang sudah ditulis ke {out} utuh ({cases} dari {total} kasus selesai); tidak ada berkas kasus yang diubah. Jalankan render lagi untuk sisanya.",
    },
    "msg.render_missing": {"en": "{what} is not available in this installation: skipped.", "id": "{what} tidak tersedia di instalasi ini: dilewati."},
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
    "msg.duplicate_id": {"en": "case id {id} is used by {count} different files: {paths}", "id": "id kasus {id} dipakai oleh {count} berkas berbeda: {paths}"},
    "msg.export_skipped": {"en": "{count} file(s) left out of the export: they could not be read (listed above).", "id": "{count} berkas tidak ikut diekspor: tidak dapat dibaca (tercantum di atas)."},
}
CATALOG.update(MESSAGES)

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help=H("Case files or folders (default: the workspace's cases).", "Berkas kasus atau folder (bawaan: folder cases workspace)."), show_default=False, metavar="FILES"),
]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", help=H("Worker processes (default: all cores).", "Jumlah proses (bawaan: semua inti)."))]
StageOpt = Annotated[list[str] | None, typer.Option("--stage", help=H("Only cases at this stage (repeatable).", "Hanya kasus pada tahap ini (bisa diulang)."))]
LevelOpt = Annotated[list[str] | None, typer.Option("--level", help=H("Only this level: micro, mezzo, macro.", "Hanya tingkat ini: micro, mezzo, macro."))]
PracticeOpt = Annotated[list[str] | None, typer.Option("--practice", help=H("Only this practice form.", "Hanya bentuk praktik ini."))]
WorkerOpt = Annotated[list[str] | None, typer.Option("--worker", help=H("Only cases of this worker.", "Hanya kasus pekerja ini."))]
OverdueOpt = Annotated[bool | None, typer.Option("--overdue/--not-overdue", help=H("Only cases past (or not past) their next due date.", "Hanya kasus yang (tidak) lewat tenggat."), show_default=False)]
ClosedOpt = Annotated[bool | None, typer.Option("--closed/--open", help=H("Only closed (or open) cases.", "Hanya kasus tertutup (atau terbuka)."), show_default=False)]
WhereOpt = Annotated[
    list[str] | None,
    typer.Option("--where", help=H("A condition on any field: client.region~Humbang, client.age>=60, engagement.contract.end<2026-01-01.", "Syarat pada kolom mana pun: client.region~Humbang, client.age>=60, engagement.contract.end<2026-01-01.")),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help=H("Read every file, ignoring the warm cache.", "Baca semua berkas, abaikan cache."))]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=H("Apply the changes (without it: a preview).", "Terapkan perubahan (tanpa ini: pratinjau)."))]
DryOpt = Annotated[bool, typer.Option("--dry-run", help=H("Print the unified diff of every change; write nothing.", "Cetak diff setiap perubahan; tidak menulis apa pun."))]


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
    app.command("render", help=H(
        "Draw genograms and ecomaps and write reports of every case into a folder, in parallel.\n\nExample: intervensi render cases/ --output out/",
        "Gambar genogram dan ekomap serta tulis laporan semua kasus ke satu folder, secara paralel.\n\nContoh: intervensi render cases/ --output out/",
    ))(render)
    from . import bulk

    bulk.register(app)


# --------------------------------------------------------------------------- helpers


def case_roots(paths: list[Path] | None) -> list[Path]:
    """The files or folders named, else the workspace's cases folder; each must exist (exit 4,
    with a hint to run `intervensi init` when there is no workspace at all)."""
    from ..errors import NotFound

    cfg = config()
    roots = paths or [cfg.cases]
    for r in roots:
        if not r.exists():
            if not paths and cfg.root is None:
                raise NotFound("no cases folder and no workspace", path=r, key="no_workspace_cases", params={"path": r})
            raise NotFound("no such file", path=r, key="no_such_file")
    return roots


def open_cohort(
    paths: list[Path] | None,
    *,
    jobs: int | None = None,
    cache: bool = True,
    stage: list[str] | None = None,
    level: list[str] | None = None,
    practice: list[str] | None = None,
    worker: list[str] | None = None,
    overdue: bool | None = None,
    closed: bool | None = None,
    where: list[str] | None = None,
    gate_ready: bool | None = None,
) -> Cohort:
    from ..cohort import Cohort
    from ..cycle import parse_stage

    roots = case_roots(paths)
    stages = [parse_stage(s, STATE.lang).value for s in stage or []]
    c = Cohort(roots, jobs=jobs, cache=cache)
    return c.filter(stage=stages, level=level or [], practice=practice or [], worker=worker or [], overdue=overdue, closed=closed, where=where or [], gate_ready=gate_ready)


class Progress:
    """A Rich progress bar on stderr, shown only on a terminal and once a run passes a second.

    It shows the count done (``123/300``, or ``123`` while the total is unknown), the time
    spent and, with a total, the time left. It appears after one second even when nothing
    has finished yet (a timer starts it), so a long run is never silent.
    """

    def __init__(self, total: int | None, label: str, console: Any = None) -> None:
        import threading
        import time

        self.total = total
        self.label = label
        self.done = 0
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.console = console or err_console()
        self.enabled = self.console.is_terminal and not STATE.json
        self._lock = threading.Lock()
        self._closed = False
        self._timer: Any = None
        if self.enabled:
            self._timer = threading.Timer(1.0, self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if self.bar is not None or self._closed:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            count = MofNCompleteColumn() if self.total else TextColumn("{task.completed}")
            columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), count, TimeElapsedColumn()]
            if self.total:
                columns.append(TimeRemainingColumn())
            self.bar = RichProgress(*columns, console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total, completed=self.done)

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None:
            import time

            if time.monotonic() - self.start < 1.0:
                return
            self._show()
        with self._lock:
            if self.bar is not None and not self._closed:
                self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self.bar is not None:
                self.bar.stop()


def _problem_line(row: dict[str, Any]) -> str:
    from ..errors import IntervensiError
    from . import render_error

    p = row["problems"][0]
    err = IntervensiError(p.get("text", ""), path=row["path"], line=p.get("line"), column=p.get("column"), field=p.get("field"), key=p.get("key"), params=p.get("params"))
    return render_error(err)[0]


def say_duplicates(dups: dict[str, list[str]]) -> None:
    """Name every case id used by more than one file (stderr): two cases, not one."""
    for cid, where in dups.items():
        say(msg("msg.duplicate_id", id=cid, count=len(where), paths=", ".join(where)), "yellow")


class IdTracker:
    """Collects ``(id, path)`` of rows as they stream by, for :func:`intervensi.cohort.duplicate_ids`."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        if row.get("valid"):
            self.rows.append({"valid": True, "id": row.get("id"), "path": row.get("path")})

    def duplicates(self) -> dict[str, list[str]]:
        from ..cohort import duplicate_ids

        return duplicate_ids(self.rows)


# --------------------------------------------------------------------------- status

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

    from rich.markup import escape

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


# --------------------------------------------------------------------------- render


def _render_chunk(args: list[str]) -> list[dict[str, Any]]:
    """Worker: render each case of a chunk (``path|outdir|what|fmt|lang``)."""
    out: list[dict[str, Any]] = []
    for arg in args:
        path, outdir, what, fmt, lang, stem = arg.split("\x00")
        out.append(render_one(Path(path), Path(outdir), what.split(","), fmt, lang, stem or None))
    return out


def render_one(path: Path, outdir: Path, what: list[str], fmt: str, lang: str, stem: str | None = None) -> dict[str, Any]:
    """Draw and write what one case needs; files are named ``<stem>.<kind>.<fmt>`` (``stem``:
    the case id, made unique by the caller when two files share an id)."""
    from ..casefile import load_case
    from ..errors import IntervensiError
    from ..store import atomic_write

    result: dict[str, Any] = {"path": str(path), "files": [], "skipped": [], "error": None}
    try:
        case = load_case(path)
    except IntervensiError as exc:
        result["error"] = exc.message
        return result
    from ..procs import stopping

    for kind in what:
        if stopping():  # interrupted: each file written so far is whole; no new one is begun
            break
        try:
            if kind in ("genogram", "ecomap"):
                from .. import diagrams

                fn = getattr(diagrams, f"render_{kind}")
                data = fn(case, fmt=fmt)
                target = outdir / f"{stem or case.id}.{kind}.{fmt}"
            elif kind == "report":
                from ..report import render_report

                data = render_report(case, fmt="html", lang=lang, supervisor=config().supervisor)  # the workspace signs too
                target = outdir / f"{stem or case.id}.report.html"
            else:
                continue
        except ImportError:
            result["skipped"].append(kind)
            continue
        except IntervensiError as exc:
            from ..i18n import has, t

            why = t(f"err.{exc.key}", lang, **exc.params) if has(f"err.{exc.key}") else exc.message
            result["skipped"].append(f"{kind}: {why}")
            continue
        atomic_write(target, data if isinstance(data, (bytes, str)) else str(data))
        result["files"].append(str(target))
    return result


def unique_stems(rows: list[dict[str, Any]]) -> dict[str, str]:
    """``{path: stem}``: the case id, or for the second and later files sharing an id
    ``<id>--2``, ``<id>--3``... so no output of one run overwrites another."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for r in rows:
        stem, n = str(r["id"]), 1
        while stem.casefold() in taken:  # case-insensitive file systems too
            n += 1
            stem = f"{r['id']}--{n}"
        taken.add(stem.casefold())
        out[r["path"]] = stem
    return out


def render(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help=H("Folder for the files.", "Folder untuk berkas."))] = Path("out"),
    what: Annotated[str, typer.Option("--what", help=H("Comma-separated: genogram, ecomap, report.", "Dipisah koma: genogram, ecomap, report."))] = "genogram,ecomap,report",
    fmt: Annotated[str, typer.Option("--format", "-f", help=H("Diagram format (svg, dot, ...).", "Format diagram (svg, dot, ...)."))] = "svg",
    stage: StageOpt = None,
    worker: WorkerOpt = None,
    closed: ClosedOpt = None,
    jobs: JobsOpt = None,
    json: JsonOpt = False,
) -> None:
    import importlib.util

    from ..cohort import Pool
    from ..errors import ExitCode
    from ..store import ensure_private_dir

    STATE.json = json
    kinds = [w.strip() for w in what.split(",") if w.strip()]
    available = []
    for k in kinds:
        mod = "intervensi.report" if k == "report" else "intervensi.diagrams"
        if importlib.util.find_spec(mod) is None:
            say(msg("msg.render_missing", what=k), "yellow")
        else:
            available.append(k)
    ensure_private_dir(output)
    cohort = open_cohort(paths, jobs=jobs, stage=stage, worker=worker, closed=closed)
    every = list(cohort.rows(include_invalid=True))
    invalid = [_problem_line(r) for r in every if not r["valid"]]
    rows = [r for r in every if r["valid"]]
    ids = IdTracker()
    for r in rows:
        ids.add(r)
    stems = unique_stems(rows)
    say_duplicates(ids.duplicates())
    args = ("\x00".join([r["path"], str(output), ",".join(available), fmt, STATE.lang, stems[r["path"]]]) for r in rows)
    results: list[dict[str, Any]] = []
    progress = Progress(None, "render")
    try:
        with Pool(jobs) as pool:
            for res in pool.map(_render_chunk, args):
                results.append(res)
                progress()
    except KeyboardInterrupt:  # the workers have finished the file they were on (procs.Pool)
        progress.close()
        if STATE.traceback:
            raise
        say(msg("msg.render_interrupted", out=output, cases=len(results), total=len(rows)), "yellow")
        raise typer.Exit(130) from None
    finally:
        progress.close()
    files = sum(len(r["files"]) for r in results)
    skipped = sum(len(r["skipped"]) for r in results)
    errors = [r for r in results if r["error"]]
    if json:
        emit_json("render", {"output": output, "cases": results, "files": files, "invalid": invalid, "duplicate_ids": ids.duplicates()})
    else:
        for r in results:  # each diagram not drawn, and why (never a blank picture)
            for why in r["skipped"]:
                say(msg("msg.render_skipped", path=r["path"], why=why), "yellow")
        for line in invalid:
            say(line, "red")
        say(msg("msg.rendered", files=files, out=output, skipped=skipped + len(invalid)), "green" if not (errors or invalid) else "red")
    if errors or invalid:
        raise typer.Exit(int(ExitCode.INVALID))
