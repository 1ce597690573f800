"""``intervensi import ROSTER``: one case per family of a programme roster (the engine is :mod:`intervensi.roster`).

Without ``--yes`` a preview (at a terminal, a question before anything is written; never a
question when stdin is not a terminal). Rows that cannot become a case are listed with row,
column and reason; with any such row nothing is written unless ``--skip-bad-rows``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._caseload import JobsOpt, Progress, YesOpt
from ._common import STATE, H, JsonOpt, config, console, emit_json, msg, say


def register(app: typer.Typer) -> None:
    app.command("import", help=H(
        "Create one case per family from a programme roster (xlsx, xls, ods or csv). Preview first; --yes applies. "
        "Running it again with the same roster changes nothing; an updated roster adds new families and updates changed fields.\n\n"
        "Example: intervensi import kpm-desa.xlsx --dir cases/ --yes",
        "Buat satu kasus per keluarga dari daftar program (xlsx, xls, ods, atau csv). Pratinjau dulu; --yes menerapkan. "
        "Menjalankannya lagi dengan daftar yang sama tidak mengubah apa pun; daftar yang diperbarui menambah keluarga baru dan memperbarui kolom yang berubah.\n\n"
        "Contoh: intervensi import kpm-desa.xlsx --dir cases/ --yes",
    ))(import_roster)


def import_roster(
    roster: Annotated[Path, typer.Argument(help=H("The roster: .xlsx, .xls, .ods or .csv.", "Daftar: .xlsx, .xls, .ods, atau .csv."), show_default=False)],
    directory: Annotated[Path | None, typer.Option("--dir", help=H("Cases folder (default: the workspace's).", "Folder kasus (bawaan: milik workspace)."))] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help=H("A TOML or YAML file mapping fields to this roster's headers (docs/how-to/import-roster.md).", "Berkas TOML atau YAML yang memetakan kolom data ke judul kolom daftar ini (docs/how-to/import-roster.md)."))] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help=H("Sheet to read (default: the first).", "Lembar yang dibaca (bawaan: yang pertama)."))] = None,
    prefix: Annotated[str, typer.Option("--prefix", help=H("Start of new case ids (kpm-0001, ...).", "Awal id kasus baru (kpm-0001, ...)."))] = "kpm",
    practice: Annotated[str, typer.Option("--practice", help=H("Practice form of the new cases.", "Bentuk praktik kasus baru."))] = "case_management",
    opened: Annotated[str | None, typer.Option("--opened", help=H("Date the new cases open, YYYY-MM-DD (default: the roster's column, then today).", "Tanggal kasus baru dibuka, YYYY-MM-DD (bawaan: kolom daftar, lalu hari ini)."))] = None,
    skip_bad_rows: Annotated[bool, typer.Option("--skip-bad-rows", help=H("Import the good rows even when some rows have problems (listed; exit code 3).", "Impor baris yang baik walaupun ada baris bermasalah (dicantumkan; kode keluar 3)."))] = False,
    yes: YesOpt = False,
    jobs: JobsOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..errors import ExitCode
    from ..roster import apply_import, plan_import
    from ._common import parse_date, worker_name

    STATE.json = json
    cfg = config()
    folder = directory or cfg.cases
    day = parse_date(opened, "--opened") if opened else None
    reading = Progress(None, msg("roster.progress_read"))
    try:
        plan = plan_import(roster, folder, mapping=mapping, sheet=sheet, prefix=prefix, practice=practice, opened=day,
                           worker=cfg.worker, worker_role=cfg.worker_role, agency=cfg.agency, language=cfg.language,
                           by=worker_name(None), workspace=cfg.root, jobs=jobs, progress=reading)
    finally:
        reading.close()
    counts = plan.counts()
    todo = counts["new"] + counts["changed"]
    if not json:
        _show_plan(plan)
    else:  # the problems on stderr too, as every command's errors
        for problem in plan.problems:
            say(f"{plan.roster.path}: {problem.where(STATE.lang)}: {problem.message(STATE.lang)}", "red")
    apply = yes
    if todo and not yes and not json and (plan.ok or skip_bad_rows):
        if _interactive():
            apply = typer.confirm(msg("roster.confirm"), default=False)
            if not apply:
                say(msg("roster.declined"))
        else:
            say(msg("roster.no_tty"), "yellow")
    result = None
    if not plan.ok and not skip_bad_rows:
        apply = False  # all or nothing: a row with a problem, or an unreadable case, stops the whole run (listed, exit code 3)
    if apply and todo:
        writing = Progress(todo, msg("roster.progress_write"))
        try:
            result = apply_import(plan, skip_bad=skip_bad_rows, progress=writing)
        finally:
            writing.close()
    failed = result.failed if result else []
    if json:
        data = plan.to_dict(STATE.lang)
        data["applied"] = result is not None
        data["failed"] = [{"path": str(p), "key": e.key, "exit_code": int(e.exit_code)} for p, e in failed]
        emit_json("import", data)
    elif result is not None:
        from ._common import render_error

        for where, e in failed:
            say(msg("roster.failed", path=where, reason=render_error(e)[0]), "red")
        say(msg("roster.summary_done", new=len(result.created), changed=len(result.changed), same=counts["same"],
                bad=counts["bad_rows"], failed=len(failed)), "green" if not (failed or plan.problems) else "red")
    elif todo:
        say(msg("roster.summary_preview", new=counts["new"], changed=counts["changed"], same=counts["same"], bad=counts["bad_rows"]), "yellow")
    elif plan.ok:
        say(msg("roster.nothing"))
    if failed:
        raise typer.Exit(int(failed[0][1].exit_code))
    if not plan.ok:
        if not json and not (apply and skip_bad_rows):
            if plan.problems:
                say(msg("err.roster_has_problems", rows=counts["bad_rows"]), "red")
            if plan.unreadable:
                say(msg("err.roster_cases_unreadable", count=len(plan.unreadable)), "red")
        raise typer.Exit(int(ExitCode.INVALID))


def _interactive() -> bool:
    """A person at a terminal can answer a question (never asked of a script or a pipe)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _show_plan(plan: object) -> None:
    from ..roster import ImportPlan

    assert isinstance(plan, ImportPlan)
    t = plan.roster
    say(msg("roster.read", path=t.path, rows=len(t.rows), header=t.header_row, empty=t.skipped_empty))
    say(msg("roster.columns", columns=", ".join(f"{t.headers[f]} → {f}" for f in t.columns)))
    if t.ignored:
        say(msg("roster.ignored", columns=", ".join(t.ignored)), "yellow")
    if t.merged:
        say(msg("roster.merged", ranges=", ".join(t.merged)), "yellow")
    if t.headings:
        say(msg("roster.headings", rows=", ".join(map(str, t.headings))), "yellow")
    if t.encoding:
        say(msg("roster.encoding", encoding=t.encoding))
    lines = []
    for s in plan.steps:
        fields = ", ".join(c.label for c in s.changes)
        if s.status == "new":
            lines.append(f"+ {s.path}: {msg('roster.new', id=s.case_id, people=s.to_dict()['people'])}")
        elif s.status == "changed":
            lines.append(f"~ {s.path}: {msg('roster.changed', id=s.case_id, fields=fields)}")
        elif s.status == "closed":
            say(f"! {s.path}: {msg('roster.closed', id=s.case_id, fields=fields)}", "yellow")
    if lines:  # one print: a 10,000-line preview stays fast
        console().print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)
    for u in plan.unreadable:
        say(msg("roster.unreadable_case", path=u["path"], problem=u["key"]), "yellow")
    for p in plan.problems:
        say(f"{t.path}: {p.where(STATE.lang)}: {p.message(STATE.lang)}", "red")
