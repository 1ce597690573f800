"""Commands about whole cases: init, new-case, show, check, history, schema (``status`` lives in cli/cohort.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import CATALOG
from ._common import STATE, ByOpt, CaseArg, H, JsonOpt, config, console, echo, emit_json, msg, print_table, resolve_case, say, worker_name


def register(app: typer.Typer) -> None:
    app.command("init", help=H(
        "Create a workspace: intervensi.toml (worker, agency, language) and a private cases/ folder.\n\n"
        "Example: intervensi init --worker 'Rina' --agency 'Dinas Sosial' --lang id",
        "Buat workspace: intervensi.toml (pekerja, lembaga, bahasa) dan folder cases/ yang privat.\n\n"
        "Contoh: intervensi init --worker 'Rina' --agency 'Dinas Sosial' --lang id",
    ))(init)
    app.command("new-case", help=H(
        "Open a new case from the template of its practice form (asks for what is missing on a terminal).\n\n"
        "Example: intervensi new-case pkh-b-2026 --practice casework --client 'Ibu B'",
        "Buka kasus baru dari templat bentuk praktiknya (bertanya bila ada yang kurang di terminal).\n\n"
        "Contoh: intervensi new-case pkh-b-2026 --practice casework --client 'Ibu B'",
    ))(new_case)
    app.command("show", help=H(
        "Where a case stands: the stages with the current one marked, what its gate still lacks, the next due date.\n\n"
        "Example: intervensi show pkh-s-2025",
        "Posisi kasus: tahap-tahap dengan tahap saat ini ditandai, syarat yang belum terpenuhi, tenggat berikutnya.\n\n"
        "Contoh: intervensi show pkh-s-2025",
    ))(show)
    app.command("check", help=H(
        "Validate case files (one, many, or directories): schema problems with file:line, and gate readiness. "
        "Exit code 0 only when every file is valid.\n\nExample: intervensi check cases/",
        "Periksa berkas kasus (satu, banyak, atau direktori): masalah skema dengan berkas:baris, dan kesiapan syarat. "
        "Kode keluar 0 hanya bila semua berkas valid.\n\nContoh: intervensi check cases/",
    ))(check)
    app.command("history", help=H(
        "Every transition of a case: when, from, to, by whom, why, forced or not.\n\nExample: intervensi history pkh-s-2025",
        "Semua perpindahan tahap kasus: kapan, dari, ke, oleh siapa, alasan, dipaksa atau tidak.\n\nContoh: intervensi history pkh-s-2025",
    ))(history)
    app.command("schema", help=H(
        "Print the JSON Schema of case files (for YAML editors: completion and checking as you type).\n\n"
        "Example: intervensi schema > case.schema.json",
        "Cetak JSON Schema berkas kasus (untuk editor YAML: pelengkapan dan pemeriksaan saat mengetik).\n\n"
        "Contoh: intervensi schema > case.schema.json",
    ))(schema)


# --------------------------------------------------------------------------- init


def init(
    directory: Annotated[Path, typer.Argument(help=H("Workspace folder.", "Folder workspace."))] = Path("."),
    worker: Annotated[str | None, typer.Option("--worker", help=H("Your name as it appears in case histories.", "Nama Anda seperti tercatat di riwayat kasus."))] = None,
    role: Annotated[str | None, typer.Option("--role", help=H("Your role (pekerja sosial, praktikan, pendamping PKH...).", "Peran Anda (pekerja sosial, praktikan, pendamping PKH...)."))] = None,
    agency: Annotated[str | None, typer.Option("--agency", help=H("Your agency.", "Lembaga Anda."))] = None,
    supervisor: Annotated[str | None, typer.Option("--supervisor", help=H(
        "Your supervisor, who signs the reports (a case's own supervisor, `worker change CASE --supervisor`, wins).",
        "Supervisor Anda, yang menandatangani laporan (supervisor kasus sendiri, `worker change KASUS --supervisor`, yang dipakai)."))] = None,
    language: Annotated[str, typer.Option("--language", "--lang", help=H("Default language of the workspace: en or id.", "Bahasa bawaan workspace: en atau id."), metavar="en|id")] = "",
    json: JsonOpt = False,
) -> None:
    from ..workspace import init_workspace

    STATE.json = json
    lang = language or STATE.lang
    if lang not in ("en", "id"):
        raise typer.BadParameter(msg("err.choice_lang"), param_hint="--language")
    path = init_workspace(directory, worker=worker, agency=agency, language=lang, role=role, supervisor=supervisor)
    if json:
        emit_json("init", {"config": str(path), "cases": str(path.parent / "cases")})
    else:
        say(msg("msg.init", path=path), "green")


# --------------------------------------------------------------------------- new-case


def _ask(value: str | None, prompt_key: str, name: str, choices: list[str] | None = None) -> str:
    from ..errors import UsageError

    if value:
        if choices and value not in choices:
            raise UsageError(f"'{value}' is not one of: {', '.join(choices)}", key="bad_choice", params={"value": value, "choices": ", ".join(choices)})
        return value
    if sys.stdin.isatty() and not STATE.json:
        from rich.prompt import Prompt

        return Prompt.ask(msg(prompt_key), choices=choices, console=None)
    raise UsageError(f"{name} is required", key="missing_option", params={"name": name})


def new_case(
    case_id: Annotated[str | None, typer.Argument(metavar="ID", help=H("Case id: letters, digits, '-' and '_' (it names the file).", "Id kasus: huruf, angka, '-' dan '_' (menjadi nama berkas)."))] = None,
    practice: Annotated[str | None, typer.Option("--practice", "-p", help=H("casework, case_management, group_work, group_therapy, family_therapy, community_organization, administration.", "casework, case_management, group_work, group_therapy, family_therapy, community_organization, administration."))] = None,
    client: Annotated[str | None, typer.Option("--client", "-c", help=H("Client's name or initials (a group's or community's name).", "Nama atau inisial klien (nama kelompok atau komunitas)."))] = None,
    client_kind: Annotated[str | None, typer.Option("--client-kind", help=H("individual, family, group, institution, community, organization, population.", "individual, family, group, institution, community, organization, population."))] = None,
    level: Annotated[str | None, typer.Option("--level", help=H("micro, mezzo or macro (default: the practice form's level).", "micro, mezzo atau macro (bawaan: tingkat bentuk praktik)."))] = None,
    title: Annotated[str | None, typer.Option("--title", help=H("A short title.", "Judul singkat."))] = None,
    worker: Annotated[str | None, typer.Option("--worker", help=H("Worker (default: the workspace's).", "Pekerja (bawaan: dari workspace)."))] = None,
    agency: Annotated[str | None, typer.Option("--agency", help=H("Agency (default: the workspace's).", "Lembaga (bawaan: dari workspace)."))] = None,
    opened: Annotated[str | None, typer.Option("--opened", help=H("Date opened, YYYY-MM-DD (default: today).", "Tanggal dibuka, YYYY-MM-DD (bawaan: hari ini)."))] = None,
    directory: Annotated[Path | None, typer.Option("--dir", help=H("Where to create it (default: the workspace's cases folder).", "Lokasi berkas (bawaan: folder cases workspace)."))] = None,
    template: Annotated[Path | None, typer.Option("--template", help=H("Use this template file instead of the bundled one.", "Gunakan berkas templat ini, bukan templat bawaan."))] = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..newcase import new_case as create
    from ..vocab import ClientKind, Level, Practice
    from ._common import parse_date

    STATE.json = json
    cfg = config()
    case_id = _ask(case_id, "prompt.case_id", "ID")
    practice = _ask(practice, "prompt.practice", "--practice", [p.value for p in Practice])
    client = _ask(client, "prompt.client_name", "--client")
    if level is not None:
        level = _ask(level, "prompt.level", "--level", [lv.value for lv in Level])
    if client_kind is not None:
        client_kind = _ask(client_kind, "prompt.client_kind", "--client-kind", [k.value for k in ClientKind])
    path = create(
        directory or cfg.cases,
        case_id,
        practice=practice,
        client_name=client,
        level=level,
        client_kind=client_kind,
        title=title,
        worker=worker or cfg.worker,
        worker_role=cfg.worker_role,
        agency=agency or cfg.agency,
        language=cfg.language if not STATE.lang_given else STATE.lang,
        opened=parse_date(opened, "--opened"),
        by=worker_name(by),
        template=template,
        workspace=cfg.root,
    )
    if json:
        emit_json("new-case", {"case": case_id, "path": str(path)})
    else:
        say(msg("msg.created", path=path), "green")


# --------------------------------------------------------------------------- show


def case_summary(case: Any, path: Path) -> dict[str, Any]:
    """The facts ``show`` prints (also its JSON): the cohort's summary row of the case, plus
    what only a single case's view needs (title, unmet conditions in words, monitoring)."""
    from ..cohort import summary_row
    from ..cycle import days_in_stage, gate

    row = summary_row(case, path)
    unmet = gate(case) if not case.closed else []
    return {
        **{k: row[k] for k in ("id", "path")},
        "title": case.title,
        **{k: row[k] for k in ("client", "level", "practice", "client_kind", "stage", "closed", "next_stage")},
        "days_in_stage": days_in_stage(case),
        **{k: row[k] for k in ("gate_ready", "unmet")},
        "unmet_text": [u.text(STATE.lang) for u in unmet],
        **{k: row[k] for k in ("next_due", "next_due_what", "worker")},
        "monitoring": case.monitoring_enabled,
        "opened": row["opened"],
    }


def show(case: CaseArg, json: JsonOpt = False) -> None:
    from ..casefile import load_case

    STATE.json = json
    path = resolve_case(case)
    c = load_case(path)
    info = case_summary(c, path)
    if json:
        emit_json("show", {"case": info})
        return
    from ..cycle import stages_of
    from ..i18n import due_label, label, stage_label
    from . import _plain
    from ._plain import escape

    lang = STATE.lang
    piped = _plain.to_pipe(sys.stdout)  # no terminal: written directly when Rich would print the same
    width = _plain.width() if piped else console().width
    rows: list[tuple[str, str]] = []
    heading = f"{c.id}" + (f" — {c.title}" if c.title else "")
    if c.title and len(heading) + 6 > width:  # a panel's title is one line: never cut the case's title
        heading = c.id
        rows.append((msg("label.case_title"), escape(c.title)))
    rows.append((msg("col.client"), escape(f"{c.initials} · {label('client', c.client.kind.value, lang)}")))
    rows.append((msg("col.level"), escape(f"{label('level', c.level.value, lang)} · {label('practice', c.practice.value, lang)}")))
    if c.worker:
        rows.append((msg("col.worker"), escape(c.worker.name)))
    if c.agency:
        rows.append((msg("label.agency"), escape(c.agency.name)))
    rows.append((msg("label.opened"), c.opened.isoformat()))
    order = [s for s in stages_of(c)]
    here = order.index(c.stage) if c.stage in order else -1
    forced = _forced_stages(c)
    skipped = _skipped_stages(c, order)
    stage_rows: list[tuple[str, str]] = []
    for i, s in enumerate(order):
        if s in skipped:
            mark, style = "–", "dim"
        elif i < here and s in forced:
            mark, style = "!", "yellow"
        elif i < here:
            mark, style = "✓", "green"
        elif i == here:
            mark, style = "▶", "bold yellow"
        else:
            mark, style = "·", "dim"
        note = f" [dim]({escape(msg('label.forced_pass'))})[/]" if mark == "!" else ""
        if mark == "–":
            note = f" [dim]({escape(msg('label.not_reached'))})[/]"
        stage_rows.append((f"[{style}]{mark}[/]", f"[{style}]{escape(stage_label(s, lang))}[/]{note}"))
    tail: list[str] = []
    if not c.closed:
        if info["unmet_text"]:
            tail.append(f"\n[bold]{escape(msg('msg.gate_lacks'))}:[/]")
            tail += [f"  [red]✗[/] {escape(u)}" for u in info["unmet_text"]]
        else:
            tail.append(f"\n[green]✓ {escape(msg('msg.gate_ready'))}[/]")
    due = info["next_due"]
    what = due_label(info["next_due_what"], lang) if due else ""
    tail.append(f"{escape(msg('msg.next_due'))}: {escape(due + ' (' + what + ')') if due else escape(msg('msg.none'))}")
    if piped and _show_plain(escape(heading), rows, stage_rows, tail, width):
        return
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for row in rows:
        grid.add_row(*row)
    stages = Table.grid(padding=(0, 1))
    for row in stage_rows:
        stages.add_row(*row)
    console().print(Panel(grid, title=escape(heading), expand=False))
    console().print(stages)
    for line in tail:
        console().print(line)


def _show_plain(title: str, rows: list[tuple[str, str]], stage_rows: list[tuple[str, str]], tail: list[str], width: int) -> bool:
    """``show`` for a pipe or a file, written directly (:mod:`intervensi.cli._plain`); whether done."""
    from . import _plain

    def cells(pairs: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
        out: list[tuple[str, str]] = []
        for a, b in pairs:
            pa, pb = _plain.plain(a), _plain.plain(b)
            if pa is None or pb is None:
                return None
            out.append((pa, pb))
        return out

    head, marks, title_text = cells(rows), cells(stage_rows), _plain.plain(title)
    after = [_plain.plain(line) for line in tail]
    if head is None or marks is None or title_text is None or any(a is None for a in after):
        return False
    grid = _plain.grid_lines(head, 2)
    box = _plain.panel(title_text, grid, width) if grid is not None else None
    stages = _plain.grid_lines(marks, 1)
    lines = [ln for text in after for ln in str(text).split("\n")]
    if box is None or stages is None or any(len(ln) > width for ln in stages + lines):
        return False
    sys.stdout.write("\n".join([*box, *stages, *lines]) + "\n")
    return True


def _skipped_stages(case: Any, order: list[Any]) -> set[Any]:
    """Stages an early ending went past without the case being in them (shown as not reached)."""
    for tr in reversed(case.history):
        if tr.kind.value == "reopen":
            return set()
        if tr.kind.value == "end" and tr.from_ in order and tr.to in order:
            return set(order[order.index(tr.from_) + 1 : order.index(tr.to)])
    return set()


def _forced_stages(case: Any) -> set[Any]:
    """Stages the case last left by ``--force`` (shown as passed, but not as met)."""
    last: dict[Any, bool] = {}
    for tr in case.history:
        if tr.from_ is not None and tr.kind.value in ("forward", "close"):
            last[tr.from_] = tr.forced
    return {stage for stage, was_forced in last.items() if was_forced}


# --------------------------------------------------------------------------- check


def iter_case_files(paths: list[Path]) -> list[Path]:
    """Case files named by ``paths``: files as given, directories searched for *.yaml/*.yml
    (hidden files and folders skipped; :func:`intervensi.cohort.iter_files`).

    Symbolic links inside a directory that point outside it are reported by ``check``
    (never followed).
    """
    from ..cohort import iter_files

    return list(iter_files(paths))


CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "label.not_reached": {"en": "not reached: the case ended early", "id": "tidak dilalui: kasus berakhir lebih awal"},
    "col.lacks": {"en": "what it lacks", "id": "yang masih kurang"},
    "msg.check_problems": {"en": "{count} problem(s) in the file, listed above", "id": "{count} masalah di berkas, dirinci di atas"},
}
CATALOG.update(CHECK_MESSAGES)
#: Beyond this many files the table gives way to tab-separated lines (a person does not read 10,000 rows).
CHECK_TABLE_LIMIT = 2000


def check(
    paths: Annotated[list[Path] | None, typer.Argument(help=H("Case files or directories (default: the workspace's cases).", "Berkas kasus atau direktori (bawaan: folder cases workspace)."))] = None,
    json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=H("Print problems only.", "Cetak masalah saja."))] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=H("Worker processes (default: all cores).", "Jumlah proses (bawaan: semua inti)."))] = None,
) -> None:
    from ..cohort import Cohort
    from ..errors import ExitCode, IntervensiError, NotFound
    from ._common import render_error

    STATE.json = json
    roots = paths or [config().cases]
    for root_path in roots:
        if not root_path.exists() and not root_path.is_symlink():
            raise NotFound("no such file", path=root_path, key="no_such_file")
    lang = STATE.lang

    def message(p: dict[str, Any]) -> str:
        err = IntervensiError(p.get("text", ""), path=p.get("path"), line=p.get("line"), column=p.get("column"), field=p.get("field"), key=p.get("key"), params=p.get("params"))
        return render_error(err)[0]

    results: list[dict[str, Any]] = []
    for entry in Cohort(roots, jobs=jobs, cache=False).check(lang=lang):
        entry.pop("unmet_keys", None)
        if "problems" in entry:
            entry["problems"] = [
                {**{k: p.get(k) for k in ("error", "key", "path", "line", "column", "field", "exit_code")}, "message": message(p)} for p in entry["problems"]
            ]
        results.append(entry)
    ok = sum(1 for r in results if r["valid"])
    bad = len(results) - ok
    if json:
        emit_json("check", {"files": results, "valid": ok, "invalid": bad})
    else:
        # Each problem on its own line first (file:line:column, for editors and grep), then the
        # table of cases and what each lacks.
        from ._plain import escape

        for r in results:
            for p in r.get("problems", []):
                echo(f"[red]✗[/] {escape(p['message'])}", soft_wrap=True)
        _check_table(results, quiet, lang)
        say(msg("msg.check_summary", ok=ok, total=len(results), bad=bad), "green" if not bad else "red")
    if bad:
        raise typer.Exit(int(ExitCode.INVALID))


def _check_table(results: list[dict[str, Any]], quiet: bool, lang: str) -> None:
    """One row per case: valid or not, stage, and what it lacks (gate conditions, problems)."""
    from ..i18n import stage_label
    from ._plain import Table, escape

    def lacks(r: dict[str, Any]) -> str:
        if r.get("problems"):
            return msg("msg.check_problems", count=len(r["problems"]))
        if r["stage"] == "closed":
            return "—"
        if r["gate_ready"]:
            return msg("label.ready")
        return "\n".join(r["unmet"])

    shown = [r for r in results if not quiet or not r["valid"]]
    if not shown:
        return
    heads = ["", msg("col.case"), msg("col.stage"), msg("col.lacks")]
    rows = [["✓" if r["valid"] else "✗", r.get("id") or Path(r["path"]).name, stage_label(r["stage"], lang) if r.get("stage") else "—", lacks(r)] for r in shown]
    if len(rows) > CHECK_TABLE_LIMIT:
        sys.stdout.write("\t".join([*heads[1:], "path"]) + "\n")
        for r, row in zip(shown, rows, strict=True):
            sys.stdout.write("\t".join([*row[1:3], row[3].replace("\n", "; "), r["path"]]) + "\n")
        return
    table = Table()
    for h in heads:
        table.add_column(h)
    for r, row in zip(shown, rows, strict=True):
        colour = "red" if not r["valid"] else ("green" if r.get("gate_ready") or r.get("stage") == "closed" else "yellow")
        table.add_row(f"[{colour}]{row[0]}[/]", escape(row[1]), escape(row[2]), f"[{colour}]{escape(row[3])}[/]")
    print_table(table, whole=(1,))  # the case id


def _under(f: Path, root: Path) -> bool:
    try:
        f.relative_to(root)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- history


def history(case: CaseArg, json: JsonOpt = False) -> None:
    from ..casefile import load_case

    STATE.json = json
    path = resolve_case(case)
    c = load_case(path)
    entries: list[dict[str, Any]] = [
        {
            "at": tr.at.isoformat(),
            "from": tr.from_.value if tr.from_ else None,
            "to": tr.to.value,
            "kind": tr.kind.value,
            "by": tr.by,
            "reason": tr.reason,
            "forced": tr.forced,
            "unmet": tr.unmet,
            "ending": tr.ending.value if tr.ending else None,
            "recorded": tr.recorded.isoformat() if tr.recorded else None,
        }
        for tr in c.history
    ]
    if json:
        emit_json("history", {"case": c.id, "history": entries})
        return
    if not entries:
        say(msg("msg.no_history"))
        return
    from ..i18n import stage_label
    from ..report.labels import value_label
    from ._plain import Table, escape

    lang = STATE.lang
    table = Table(title=escape(f"{c.id} — {msg('label.history')}"))
    for col in ("col.when", "col.from", "col.to", "col.by", "col.reason", "col.forced"):
        table.add_column(msg(col))
    for e in entries:
        table.add_row(
            escape(e["at"].replace("T", " ")),
            escape(stage_label(e["from"], lang)) if e["from"] else "—",
            escape(stage_label(e["to"], lang)),
            escape(e["by"] or "—"),
            escape((f"[{value_label('transition', 'end', lang)}: {value_label('termination', e['ending'], lang)}] " if e["ending"] else "") + (e["reason"] or "")),
            f"[red]{msg('label.yes')}[/]" if e["forced"] else "",
        )
    print_table(table)


# --------------------------------------------------------------------------- schema


def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help=H("Write to this file instead of stdout.", "Tulis ke berkas ini, bukan stdout."))] = None,
) -> None:
    import json as _json

    from ..schema import case_schema

    text = _json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        from ..store import write_output

        write_output(output, text, kind="schema", mode=0o644)
        say(msg("msg.created", path=output), "green")
    else:
        sys.stdout.write(text)


