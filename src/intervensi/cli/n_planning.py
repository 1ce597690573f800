"""Stage 3 nouns: the plan's facts, goals, objectives and activities (``intervensi goal add`` ...)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._common import ByOpt, CaseArg, H, JsonOpt
from ._items import CorrectionReason, GoalOpt, RefArg, change_facts, change_item, noun, show_section, standard_verbs

S = str | None
L = list[str] | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


def register(app: typer.Typer) -> None:
    from . import fill

    p = noun(app, "planning", "planning", "The plan's facts: date, schedule, notes.\n\nExample: intervensi planning change pkh-b-2026 --schedule 'Weekly home visits for 8 weeks'",
             "Data rencana: tanggal, jadwal, catatan.\n\nContoh: intervensi planning change pkh-b-2026 --schedule 'Kunjungan rumah mingguan selama 8 minggu'")
    p.command("change", help=H("Record or correct the plan's date, schedule and notes ('' clears).\n\nExample: intervensi planning change pkh-b-2026 --date 2026-03-08 --schedule 'Weekly home visits'",
                               "Catat atau koreksi tanggal, jadwal dan catatan rencana ('' mengosongkan).\n\nContoh: intervensi planning change pkh-b-2026 --date 2026-03-08 --schedule 'Kunjungan rumah mingguan'"))(planning_change)
    p.command("show", help=H("Show the plan's facts.\n\nExample: intervensi planning show pkh-b-2026", "Tampilkan data rencana.\n\nContoh: intervensi planning show pkh-b-2026"))(planning_show)

    goal = noun(app, "goal", "planning", "Goals tied to needs: add, change, remove, list.\n\nExample: intervensi goal add pkh-b-2026 'Manage household money' --need n1",
                "Tujuan yang terkait kebutuhan: tambah, ubah, hapus, daftar.\n\nContoh: intervensi goal add pkh-b-2026 'Mengelola keuangan' --need n1")
    goal.command("add", help=H("Add a goal tied to needs, optionally with its first measurable objective.\n\nExample: intervensi goal add pkh-b-2026 'Manage household money' --need n1 --indicator 'weeks of bookkeeping' --baseline 0 --target 5 --due 2026-05-01",
                               "Tambah tujuan yang terkait kebutuhan, bisa sekaligus dengan sasaran terukur pertama.\n\nContoh: intervensi goal add pkh-b-2026 'Mengelola keuangan' --need n1 --indicator 'minggu pencatatan' --baseline 0 --target 5 --due 2026-05-01"))(fill.add_goal)
    goal.command("change", help=H("Correct a goal: text, needs (--need repeatable: sets the list), weight, GAS levels.\n\nExample: intervensi goal change pkh-b-2026 g1 --weight 2 --gas '+1=Five weeks of bookkeeping'",
                                  "Koreksi tujuan: teks, kebutuhan (--need bisa berulang: mengisi daftar), bobot, level GAS.\n\nContoh: intervensi goal change pkh-b-2026 g1 --weight 2 --gas '+1=Lima minggu mencatat'"))(goal_change)
    standard_verbs(goal, "goal", "pkh-b-2026")

    obj = noun(app, "objective", "planning", "Measurable objectives of goals: add, change (e.g. a wrong due date), remove, list.\n\nExample: intervensi objective change pkh-b-2026 g1-o1 --due 2026-05-02",
               "Sasaran terukur dari tujuan: tambah, ubah (mis. tenggat yang salah), hapus, daftar.\n\nContoh: intervensi objective change pkh-b-2026 g1-o1 --due 2026-05-02")
    obj.command("add", help=H("Add a measurable objective to a goal: indicator, baseline, target, due date.\n\nExample: intervensi objective add pkh-b-2026 g1 --indicator 'savings' --baseline 0 --target 200 --due 2026-05-01",
                              "Tambah sasaran terukur pada tujuan: indikator, baseline, target, tenggat.\n\nContoh: intervensi objective add pkh-b-2026 g1 --indicator 'tabungan' --baseline 0 --target 200 --due 2026-05-01"))(fill.add_objective)
    obj.command("change", help=H("Correct an objective (by id; '' clears unit or note).\n\nExample: intervensi objective change pkh-b-2026 g1-o1 --due 2026-05-02 --target 5",
                                 "Koreksi sasaran (dengan id; '' mengosongkan unit atau note).\n\nContoh: intervensi objective change pkh-b-2026 g1-o1 --due 2026-05-02 --target 5"))(objective_change)
    standard_verbs(obj, "objective", "pkh-b-2026", goal=True)

    act = noun(app, "activity", "planning", "Planned activities of goals (numbered within their goal): add, change, remove, list.\n\nExample: intervensi activity add pkh-b-2026 g1 'Cash-book training' --who worker",
               "Kegiatan terencana dari tujuan (bernomor dalam tujuannya): tambah, ubah, hapus, daftar.\n\nContoh: intervensi activity add pkh-b-2026 g1 'Pelatihan buku kas' --who praktikan")
    act.command("add", help=H("Add a planned activity to a goal (what, who, when).\n\nExample: intervensi activity add pkh-b-2026 g1 'Cash-book training' --who worker --when 'weeks 1-2'",
                              "Tambah kegiatan terencana pada tujuan (apa, siapa, kapan).\n\nContoh: intervensi activity add pkh-b-2026 g1 'Pelatihan buku kas' --who praktikan --when 'minggu 1-2'"))(fill.add_activity)
    act.command("change", help=H("Correct an activity (its number within --goal).\n\nExample: intervensi activity change pkh-b-2026 1 --goal g1 --when 'weeks 1-3'",
                                 "Koreksi kegiatan (nomornya dalam --goal).\n\nContoh: intervensi activity change pkh-b-2026 1 --goal g1 --when 'minggu 1-3'"))(activity_change)
    standard_verbs(act, "activity", "pkh-b-2026", goal=True)


def planning_change(
    case: CaseArg,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date of the plan.", id_="Tanggal rencana.")] = None,
    schedule: Annotated[S, _o("--schedule", en="The schedule agreed.", id_="Jadwal yang disepakati.")] = None,
    notes: Annotated[S, _o("--notes", en="Notes.", id_="Catatan.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_facts("planning change", case, {"planning": {"date": date, "schedule": schedule, "notes": notes}}, None, reason=reason, by=by, json=json)


def planning_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("planning show", case, "planning", json)


def _gas(levels: list[str] | None) -> dict[str, str] | None:
    from ..errors import UsageError

    if not levels:
        return None
    out: dict[str, str] = {}
    for g in levels:
        lvl, sep, txt = g.partition("=")
        lvl = lvl.strip()
        lvl = "+" + lvl if lvl in ("1", "2") else lvl
        if not sep or lvl not in ("-2", "-1", "0", "+1", "+2"):
            raise UsageError("--gas: expected LEVEL=TEXT with LEVEL -2, -1, 0, +1 or +2", key="usage", params={"problem": "--gas LEVEL=TEXT (-2 -1 0 +1 +2)"})
        out[lvl] = txt.strip()
    return out


def goal_change(
    case: CaseArg,
    ref: RefArg,
    text: Annotated[S, _o("--text", en="The goal.", id_="Tujuan.")] = None,
    need: Annotated[L, _o("--need", en="A need it answers (repeatable): sets the list.", id_="Kebutuhan yang dijawab (bisa berulang): mengisi daftar.")] = None,
    weight: Annotated[S, _o("--weight", en="GAS weight.", id_="Bobot GAS.")] = None,
    gas: Annotated[L, _o("--gas", en="A GAS level LEVEL=TEXT (repeatable; other levels kept).", id_="Level GAS LEVEL=TEKS (bisa berulang; level lain tetap).")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    values: dict[str, Any] = {"text": text, "needs": need, "weight": weight}
    values["gas"] = _gas(gas)  # merged with the levels already written
    change_item(case, "goal", ref, values, reason=reason, by=by, json=json)


def objective_change(
    case: CaseArg,
    ref: RefArg,
    indicator: Annotated[S, _o("--indicator", en="What is measured.", id_="Apa yang diukur.")] = None,
    unit: Annotated[S, _o("--unit", en="Unit.", id_="Satuan.")] = None,
    baseline: Annotated[S, _o("--baseline", en="Baseline.", id_="Baseline.")] = None,
    target: Annotated[S, _o("--target", en="Target.", id_="Target.")] = None,
    due: Annotated[S, _o("--due", metavar="DATE", en="Due date.", id_="Tenggat.")] = None,
    note: Annotated[S, _o("--note", en="Note.", id_="Catatan.")] = None,
    goal: GoalOpt = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "objective", ref, {"indicator": indicator, "unit": unit, "baseline": baseline, "target": target, "due": due, "note": note},
                goal=goal, reason=reason, by=by, json=json)


def activity_change(
    case: CaseArg,
    ref: RefArg,
    goal: GoalOpt = None,
    text: Annotated[S, _o("--text", en="The activity.", id_="Kegiatan.")] = None,
    who: Annotated[S, _o("--who", en="Who does it.", id_="Siapa yang melakukan.")] = None,
    when: Annotated[S, _o("--when", en="When.", id_="Kapan.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "activity", ref, {"text": text, "who": who, "when": when}, goal=goal, reason=reason, by=by, json=json)
