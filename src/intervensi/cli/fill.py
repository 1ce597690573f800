"""Commands that fill a stage without hand-editing YAML (one per thing a worker records)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import STATE, CaseArg, H, JsonOpt, emit_json, msg, parse_date, resolve_case, say, today_if_none

DateOpt = Annotated[str | None, typer.Option("--date", "-d", help=H("Date, YYYY-MM-DD (default: today).", "Tanggal, YYYY-MM-DD (bawaan: hari ini)."))]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help=H("A note.", "Catatan."))]
IdOpt = Annotated[str | None, typer.Option("--id", help=H("Id to give it (default: the next free one).", "Id yang diberikan (bawaan: id bebas berikutnya)."))]


def _done(command: str, path: Path, what: str, json: bool, **extra: Any) -> None:
    if json:
        emit_json(command, {"path": str(path), **extra})
    else:
        detail = ", ".join(f"#{v}" if k == "number" else str(v) for k, v in extra.items() if v is not None)
        say(msg("msg.added", id=path.stem, what=msg(f"what.{what}") + (f" ({detail})" if detail else "")), "green")


def _added_round_the_circle(command: str, path: Path, what: str, json: bool, back_to: str, **extra: Any) -> None:
    """``_done`` for a need or goal; added at evaluation or later, the practice goes back round
    the circle for it: said, with the ``advance --to`` that does it (``--json``: ``circle``)."""
    from ..casefile import load_case
    from ..i18n import stage_label
    from ..vocab import Stage

    case = load_case(path)
    later = case.stage in (Stage.EVALUATION, Stage.MONITORING, Stage.TERMINATION)
    if json:
        circle = {"circle": {"stage": case.stage.value, "advance_to": back_to}} if later else {}
        emit_json(command, {"path": str(path), **extra, **circle})
        return
    _done(command, path, what, False, **extra)
    if later:
        say(msg("msg.circle_hint", stage=stage_label(case.stage, STATE.lang), id=case.id, to=back_to), "yellow")


def register(app: typer.Typer) -> None:
    def cmd(name: str, en: str, id_: str, numbers: bool = False) -> Any:
        # ``numbers``: a negative value (a GAS score of -1, a measurement of -3) is a
        # value, not an unknown option.
        settings = {"ignore_unknown_options": True} if numbers else None
        return app.command(name, help=H(en, id_), context_settings=settings)

    cmd("contract", "Record the contract: agreed focus, roles, frequency, length, dates (engagement).\n\n"
        "Example: intervensi contract pkh-b-2026 --focus 'household finances' --role 'client=keeps a cash book' --start 2026-03-10",
        "Catat kontrak: fokus yang disepakati, peran, frekuensi, lama, tanggal (engagement).\n\n"
        "Contoh: intervensi contract pkh-b-2026 --focus 'keuangan rumah tangga' --role 'klien=mencatat buku kas' --start 2026-03-10")(contract)
    cmd("add-need", "Add an assessed need or problem.\n\nExample: intervensi add-need pkh-b-2026 'No bookkeeping' --area economic",
        "Tambah kebutuhan/masalah hasil asesmen.\n\nContoh: intervensi add-need pkh-b-2026 'Tidak ada pencatatan keuangan' --area economic")(add_need)
    cmd("add-strength", "Add a strength or resource.\n\nExample: intervensi add-strength pkh-b-2026 'Strong ties to neighbours' --kind social",
        "Tambah kekuatan atau sumber daya.\n\nContoh: intervensi add-strength pkh-b-2026 'Hubungan kuat dengan tetangga' --kind social")(add_strength)
    cmd("add-risk", "Add a risk.\n\nExample: intervensi add-risk pkh-b-2026 'Dependence on aid' --level medium",
        "Tambah risiko.\n\nContoh: intervensi add-risk pkh-b-2026 'Ketergantungan pada bantuan' --level medium")(add_risk)
    cmd("add-goal", "Add a goal tied to needs, optionally with its first measurable objective.\n\n"
        "Example: intervensi add-goal pkh-b-2026 'Manage household money' --need n1 --indicator 'weeks of bookkeeping' --baseline 0 --target 5 --due 2026-05-01",
        "Tambah tujuan yang terkait kebutuhan, bisa sekaligus dengan sasaran terukur pertama.\n\n"
        "Contoh: intervensi add-goal pkh-b-2026 'Mengelola keuangan' --need n1 --indicator 'minggu pencatatan' --baseline 0 --target 5 --due 2026-05-01")(add_goal)
    cmd("add-objective", "Add a measurable objective to a goal: indicator, baseline, target, due date.\n\n"
        "Example: intervensi add-objective pkh-b-2026 g1 --indicator 'savings (Rp 1000)' --baseline 0 --target 200 --due 2026-05-01",
        "Tambah sasaran terukur pada tujuan: indikator, baseline, target, tenggat.\n\n"
        "Contoh: intervensi add-objective pkh-b-2026 g1 --indicator 'tabungan (Rp 1000)' --baseline 0 --target 200 --due 2026-05-01")(add_objective)
    cmd("add-activity", "Add a planned activity to a goal (what, who, when).\n\nExample: intervensi add-activity pkh-b-2026 g1 'Cash-book training' --who worker --when 'weeks 1-2'",
        "Tambah kegiatan terencana pada tujuan (apa, siapa, kapan).\n\nContoh: intervensi add-activity pkh-b-2026 g1 'Pelatihan buku kas' --who praktikan --when 'minggu 1-2'")(add_activity)
    cmd("add-session", "Record a session (home visit, counselling, group meeting...).\n\n"
        "Example: intervensi add-session pkh-b-2026 --date 2026-03-10 --kind home_visit --goal g1 --note 'Started the cash book'",
        "Catat sesi (kunjungan rumah, konseling, pertemuan kelompok...).\n\n"
        "Contoh: intervensi add-session pkh-b-2026 --date 2026-03-10 --kind home_visit --goal g1 --note 'Mulai buku kas'")(add_session)
    cmd("add-measurement", "Record a measurement of an objective.\n\nExample: intervensi add-measurement pkh-b-2026 g1-o1 3 --date 2026-04-07",
        "Catat pengukuran sasaran.\n\nContoh: intervensi add-measurement pkh-b-2026 g1-o1 3 --date 2026-04-07", numbers=True)(add_measurement)
    cmd("score-goal", "Record a Goal Attainment Scaling score (-2 … +2) for a goal.\n\nExample: intervensi score-goal pkh-b-2026 g1 1",
        "Catat skor Goal Attainment Scaling (-2 … +2) untuk tujuan.\n\nContoh: intervensi score-goal pkh-b-2026 g1 1", numbers=True)(score_goal)
    cmd("monitoring", "Enable or disable the optional monitoring stage (between evaluation and termination).\n\nExample: intervensi monitoring pkh-b-2026 --enable",
        "Aktifkan atau matikan tahap monitoring opsional (antara evaluasi dan terminasi).\n\nContoh: intervensi monitoring pkh-b-2026 --enable")(monitoring)
    cmd("add-check", "Record a monitoring check: does the change hold?\n\nExample: intervensi add-check pkh-b-2026 'Still keeps the cash book' --holding",
        "Catat pemeriksaan monitoring: apakah perubahan bertahan?\n\nContoh: intervensi add-check pkh-b-2026 'Masih mencatat buku kas' --holding")(add_check)
    cmd("terminate", "Record termination: kind, summary, follow-up, referrals. At the termination stage this also closes the case; "
        "with an early kind (client_initiated, unplanned, referral, transfer) at an earlier stage it ends the case there (see end-case).\n\n"
        "Example: intervensi terminate pkh-b-2026 --kind planned --summary 'Goals met' --follow-up 'PKH facilitator'",
        "Catat terminasi: jenis, ringkasan, tindak lanjut, rujukan. Pada tahap terminasi sekaligus menutup kasus; "
        "dengan jenis dini (client_initiated, unplanned, referral, transfer) pada tahap sebelumnya, kasus diakhiri di situ (lihat end-case).\n\n"
        "Contoh: intervensi terminate pkh-b-2026 --kind planned --summary 'Tujuan tercapai' --follow-up 'pendamping PKH'")(terminate)
    cmd("summary", "Write the assessment or evaluation summary.\n\nExample: intervensi summary pkh-b-2026 assessment 'Poverty is also low control over resources'",
        "Tulis ringkasan asesmen atau evaluasi.\n\nContoh: intervensi summary pkh-b-2026 assessment 'Kemiskinan juga berarti kontrol rendah atas sumber daya'")(summary)


def contract(
    case: CaseArg,
    focus: Annotated[list[str] | None, typer.Option("--focus", help=H("An agreed focus (repeatable).", "Fokus yang disepakati (bisa berulang)."))] = None,
    role: Annotated[list[str] | None, typer.Option("--role", help=H("PARTY=ROLE, e.g. 'client=keeps the cash book' (repeatable).", "PIHAK=PERAN, mis. 'klien=mencatat buku kas' (bisa berulang)."))] = None,
    frequency: Annotated[str | None, typer.Option("--frequency", help=H("e.g. 'weekly home visits'.", "mis. 'kunjungan rumah mingguan'."))] = None,
    length: Annotated[str | None, typer.Option("--length", help=H("e.g. '8 weeks'.", "mis. '8 minggu'."))] = None,
    sessions: Annotated[int | None, typer.Option("--sessions", help=H("Sessions planned.", "Jumlah sesi direncanakan."))] = None,
    agreed: Annotated[str | None, typer.Option("--agreed", help=H("Date agreed.", "Tanggal disepakati."))] = None,
    start: Annotated[str | None, typer.Option("--start", help=H("Start date.", "Tanggal mulai."))] = None,
    end: Annotated[str | None, typer.Option("--end", help=H("End date.", "Tanggal selesai."))] = None,
    review: Annotated[str | None, typer.Option("--review", help=H("Next review date.", "Tanggal peninjauan berikutnya."))] = None,
    json: JsonOpt = False,
) -> None:
    from ..errors import UsageError
    from ..ops import set_contract

    STATE.json = json
    roles = []
    for r in role or []:
        party, sep, text = r.partition("=")
        if not sep or not party.strip() or not text.strip():
            raise UsageError("--role: expected PARTY=ROLE", key="usage", params={"problem": "--role PARTY=ROLE"})
        roles.append((party.strip(), text.strip()))
    path = resolve_case(case)
    set_contract(
        path,
        focus=focus,
        roles=roles,
        frequency=frequency,
        length=length,
        sessions_planned=sessions,
        agreed=parse_date(agreed, "--agreed"),
        start=parse_date(start, "--start"),
        end=parse_date(end, "--end"),
        review=parse_date(review, "--review"),
    )
    if json:
        emit_json("contract", {"path": str(path)})
    else:
        say(msg("msg.updated", id=path.stem, what=msg("what.contract")), "green")


def add_need(
    case: CaseArg,
    text: Annotated[str, typer.Argument(help=H("The need, in the worker's words.", "Kebutuhan, dengan kata-kata pekerja."))],
    area: Annotated[str | None, typer.Option("--area", help=H("e.g. economic, psychosocial, education, health.", "mis. economic, psychosocial, education, health."))] = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_need as op

    STATE.json = json
    path = resolve_case(case)
    ident = op(path, text, id=id, area=area)
    _added_round_the_circle("add-need", path, "need", json, "assessment", id=ident)


def add_strength(
    case: CaseArg,
    text: Annotated[str, typer.Argument(help=H("The strength or resource.", "Kekuatan atau sumber daya."))],
    kind: Annotated[str | None, typer.Option("--kind", help="personal, family, social, community, material, other")] = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_strength as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, text, id=id, kind=kind)
    _done("add-strength", path, "strength", json, number=n)


def add_risk(
    case: CaseArg,
    text: Annotated[str, typer.Argument(help=H("The risk.", "Risiko."))],
    level: Annotated[str | None, typer.Option("--level", help="low, medium, high")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help=H("What is done about it.", "Yang dilakukan terhadapnya."))] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_risk as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, text, level=level, plan=plan)
    _done("add-risk", path, "risk", json, number=n)


def add_goal(
    case: CaseArg,
    text: Annotated[str, typer.Argument(help=H("The goal.", "Tujuan."))],
    need: Annotated[list[str], typer.Option("--need", help=H("Id of a need it answers (repeatable, at least one).", "Id kebutuhan yang dijawab (bisa berulang, minimal satu)."))],
    weight: Annotated[float | None, typer.Option("--weight", help=H("GAS weight (default 1).", "Bobot GAS (bawaan 1)."))] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help=H("First objective: indicator.", "Sasaran pertama: indikator."))] = None,
    baseline: Annotated[float | None, typer.Option("--baseline", help=H("First objective: baseline.", "Sasaran pertama: baseline."))] = None,
    target: Annotated[float | None, typer.Option("--target", help=H("First objective: target.", "Sasaran pertama: target."))] = None,
    due: Annotated[str | None, typer.Option("--due", help=H("First objective: due date.", "Sasaran pertama: tenggat."))] = None,
    unit: Annotated[str | None, typer.Option("--unit", help=H("First objective: unit.", "Sasaran pertama: satuan."))] = None,
    gas: Annotated[list[str] | None, typer.Option("--gas", help=H("A GAS level LEVEL=TEXT, LEVEL one of -2 -1 0 +1 +2 (repeatable).", "Level GAS LEVEL=TEKS, LEVEL salah satu dari -2 -1 0 +1 +2 (bisa berulang)."))] = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..errors import UsageError
    from ..ops import add_goal as op

    STATE.json = json
    objective = None
    if indicator:
        objective = {"indicator": indicator, "baseline": baseline, "target": target, "due": parse_date(due, "--due"), "unit": unit}
        objective = {k: v for k, v in objective.items() if v is not None}
    levels: dict[str, str] = {}
    for g in gas or []:
        lvl, sep, txt = g.partition("=")
        lvl = lvl.strip()
        if lvl in ("1", "2"):
            lvl = "+" + lvl
        if not sep or lvl not in ("-2", "-1", "0", "+1", "+2"):
            raise UsageError("--gas: expected LEVEL=TEXT with LEVEL -2, -1, 0, +1 or +2", key="usage", params={"problem": "--gas LEVEL=TEXT (-2 -1 0 +1 +2)"})
        levels[lvl] = txt.strip()
    path = resolve_case(case)
    ident = op(path, text, needs=need, id=id, weight=weight, objective=objective, gas=levels or None)
    _added_round_the_circle("add-goal", path, "goal", json, "planning", id=ident)


def add_objective(
    case: CaseArg,
    goal: Annotated[str, typer.Argument(help=H("Goal id.", "Id tujuan."))],
    indicator: Annotated[str, typer.Option("--indicator", help=H("What is measured.", "Apa yang diukur."))],
    baseline: Annotated[float | None, typer.Option("--baseline")] = None,
    target: Annotated[float | None, typer.Option("--target")] = None,
    due: Annotated[str | None, typer.Option("--due", help=H("Due date.", "Tenggat."))] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_objective as op

    STATE.json = json
    path = resolve_case(case)
    ident = op(path, goal, indicator=indicator, baseline=baseline, target=target, due=parse_date(due, "--due"), unit=unit, id=id)
    _done("add-objective", path, "objective", json, id=ident)


def add_activity(
    case: CaseArg,
    goal: Annotated[str, typer.Argument(help=H("Goal id.", "Id tujuan."))],
    text: Annotated[str, typer.Argument(help=H("The activity.", "Kegiatan."))],
    who: Annotated[str | None, typer.Option("--who")] = None,
    when: Annotated[str | None, typer.Option("--when")] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_activity as op

    STATE.json = json
    path = resolve_case(case)
    op(path, goal, text, who=who, when=when)
    _done("add-activity", path, "activity", json, goal=goal)


def add_session(
    case: CaseArg,
    date: DateOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="home_visit, office_visit, counselling, training, group_meeting, community_meeting, referral, advocacy, phone, case_conference, other")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    goal: Annotated[list[str] | None, typer.Option("--goal", "-g", help=H("Goal worked on (repeatable).", "Tujuan yang dikerjakan (bisa berulang)."))] = None,
    activity: Annotated[list[str] | None, typer.Option("--activity", "-a", help=H("Activity done (repeatable).", "Kegiatan yang dilakukan (bisa berulang)."))] = None,
    attended: Annotated[list[str] | None, typer.Option("--attended", help=H("Member id present (groups; repeatable).", "Id anggota yang hadir (kelompok; bisa berulang)."))] = None,
    minutes: Annotated[int | None, typer.Option("--minutes")] = None,
    note: NoteOpt = None,
    by: Annotated[str | None, typer.Option("--by", help=H("Who led the session.", "Siapa yang memimpin sesi."))] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_session as op

    STATE.json = json
    path = resolve_case(case)
    n = op(
        path,
        date=today_if_none(date, "--date"),
        kind=kind,
        title=title,
        goals=goal,
        activities=activity,
        attendance=attended,
        minutes=minutes,
        notes=note,
        by=by,
    )
    _done("add-session", path, "session", json, number=n)


def add_measurement(
    case: CaseArg,
    objective: Annotated[str, typer.Argument(help=H("Objective id.", "Id sasaran."))],
    value: Annotated[float, typer.Argument(help=H("The measured value.", "Nilai terukur."))],
    date: DateOpt = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_measurement as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, objective, value, date=today_if_none(date, "--date"), note=note)
    _done("add-measurement", path, "measurement", json, number=n)


def score_goal(
    case: CaseArg,
    goal: Annotated[str, typer.Argument(help=H("Goal id.", "Id tujuan."))],
    score: Annotated[int, typer.Argument(help=H("-2 much less than expected … 0 expected … +2 much more.", "-2 jauh di bawah harapan … 0 sesuai harapan … +2 jauh di atas."), min=-2, max=2)],
    date: DateOpt = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import score_goal as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, goal, score, date=today_if_none(date, "--date"), note=note)
    _done("score-goal", path, "attainment", json, number=n)


def monitoring(
    case: CaseArg,
    enable: Annotated[bool, typer.Option("--enable/--disable", help=H("Enable or disable monitoring.", "Aktifkan atau matikan monitoring."))] = True,
    plan: Annotated[str | None, typer.Option("--plan", help=H("What will be checked, and when.", "Apa yang akan diperiksa, dan kapan."))] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import set_monitoring

    STATE.json = json
    path = resolve_case(case)
    set_monitoring(path, enable, plan=plan)
    if json:
        emit_json("monitoring", {"path": str(path), "enabled": enable})
    else:
        say(msg("msg.updated", id=path.stem, what=msg("what.monitoring")), "green")


def add_check(
    case: CaseArg,
    note: Annotated[str, typer.Argument(help=H("What was found.", "Temuan."))],
    date: DateOpt = None,
    holding: Annotated[bool | None, typer.Option("--holding/--not-holding", help=H("Does the change hold?", "Apakah perubahan bertahan?"))] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops import add_check as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, note, date=today_if_none(date, "--date"), holding=holding)
    _done("add-check", path, "check", json, number=n)


def terminate(
    case: CaseArg,
    kind: Annotated[str | None, typer.Option("--kind", help="planned, client_initiated, referral, transfer, unplanned")] = None,
    summary_: Annotated[str | None, typer.Option("--summary", help=H("What was achieved, how it ended.", "Apa yang dicapai, bagaimana berakhir."))] = None,
    date: DateOpt = None,
    follow_up: Annotated[str | None, typer.Option("--follow-up", help=H("Follow-up plan.", "Rencana tindak lanjut."))] = None,
    sustain: Annotated[list[str] | None, typer.Option("--sustain", help=H("A sustainability step agreed (repeatable).", "Langkah keberlanjutan yang disepakati (bisa berulang)."))] = None,
    refer: Annotated[list[str] | None, typer.Option("--refer", help=H("A referral TO[=REASON] (repeatable).", "Rujukan KE[=ALASAN] (bisa berulang)."))] = None,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help=H("Why the case ends early (default: the summary).", "Mengapa kasus berakhir lebih awal (bawaan: ringkasannya)."))] = None,
    no_close: Annotated[bool, typer.Option("--no-close", help=H("Only record; do not close (nor end early).", "Hanya catat; jangan tutup (atau akhiri lebih awal)."))] = False,
    at: Annotated[str | None, typer.Option("--at", help=H("When the case was closed, for work recorded afterwards (YYYY-MM-DD[THH:MM]).", "Kapan kasus ditutup, untuk pekerjaan yang dicatat belakangan (YYYY-MM-DD[THH:MM])."))] = None,
    by: Annotated[str | None, typer.Option("--by")] = None,
    json: JsonOpt = False,
) -> None:
    from ..casefile import load_case
    from ..cycle import gate
    from ..moves import advance
    from ..ops import record_termination
    from ..vocab import Stage
    from ._common import worker_name

    STATE.json = json
    path = resolve_case(case)
    referrals = [(r.partition("=")[0].strip(), r.partition("=")[2].strip() or None) for r in refer or []]
    if kind not in (None, "planned") and not no_close and load_case(path).stage not in (Stage.TERMINATION, Stage.CLOSED):
        # An early ending: from the stage the case is in, straight to closed (ending.py).
        from ..ending import end_case
        from .n_termination import report_ending

        moved = end_case(path, kind=kind, reason=reason or summary_ or "", summary=summary_, date=today_if_none(date, "--date"),
                         follow_up=follow_up, referrals=referrals, sustainability=sustain, by=worker_name(by), at=at)
        report_ending(moved, json, "terminate")
        return
    record_termination(
        path,
        kind=kind,
        summary=summary_,
        date=today_if_none(date, "--date"),
        follow_up=follow_up,
        sustainability=sustain,
        referrals=referrals,
    )
    c = load_case(path)
    closed = False
    if not no_close and c.stage is Stage.TERMINATION and not gate(c):
        advance(path, by=worker_name(by), lang=STATE.lang, at=at)
        closed = True
    if json:
        emit_json("terminate", {"path": str(path), "closed": closed})
        return
    say(msg("msg.updated", id=path.stem, what=msg("what.termination")), "green")
    if closed:
        say(msg("msg.closed", id=c.id), "green")
    elif c.stage is Stage.TERMINATION:
        say(msg("msg.terminated_hint", id=c.id))


def summary(
    case: CaseArg,
    stage: Annotated[str, typer.Argument(help="assessment | evaluation")],
    text: Annotated[str, typer.Argument(help=H("The summary.", "Ringkasan."))],
    json: JsonOpt = False,
) -> None:
    from ..ops import set_summary

    STATE.json = json
    path = resolve_case(case)
    set_summary(path, stage, text)
    if json:
        emit_json("summary", {"path": str(path), "stage": stage})
    else:
        say(msg("msg.updated", id=path.stem, what=msg("label.summary")), "green")
