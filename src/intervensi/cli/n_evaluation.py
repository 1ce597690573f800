"""Stage 5 nouns: the evaluation's facts, measurements, GAS scores, monitoring checks."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ByOpt, CaseArg, H, JsonOpt
from ._items import CorrectionReason, RefArg, change_facts, change_item, list_edit, noun, show_section, standard_verbs

S = str | None
L = list[str] | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


NUMBERS = {"ignore_unknown_options": True}


def register(app: typer.Typer) -> None:
    from . import fill

    e = noun(app, "evaluation", "evaluation", "The evaluation's facts: date, what changed, what did not, summary.\n\n"
             "Example: intervensi evaluation change pkh-b-2026 --changed 'Keeps a cash book' --unchanged 'Income not yet higher'",
             "Data evaluasi: tanggal, apa yang berubah, apa yang belum, ringkasan.\n\n"
             "Contoh: intervensi evaluation change pkh-b-2026 --changed 'Mencatat buku kas' --unchanged 'Penghasilan belum naik'")
    e.command("change", help=H(
        "Record or correct the evaluation ('' clears). --changed and --unchanged (repeatable) set their lists; --add-changed, --remove-changed (and -unchanged) change one.\n\n"
        "Example: intervensi evaluation change pkh-b-2026 --date 2026-04-28 --changed 'Keeps a cash book' --unchanged 'Income not yet higher'",
        "Catat atau koreksi evaluasi ('' mengosongkan). --changed dan --unchanged (bisa berulang) mengisi daftarnya; --add-changed, --remove-changed (dan -unchanged) mengubah satu.\n\n"
        "Contoh: intervensi evaluation change pkh-b-2026 --date 2026-04-28 --changed 'Mencatat buku kas' --unchanged 'Penghasilan belum naik'"))(evaluation_change)
    e.command("show", help=H("Show the evaluation's facts.\n\nExample: intervensi evaluation show pkh-b-2026", "Tampilkan data evaluasi.\n\nContoh: intervensi evaluation show pkh-b-2026"))(evaluation_show)

    m = noun(app, "measurement", "evaluation", "Measurements of objectives: add, change (a mistyped value), remove, list.\n\nExample: intervensi measurement change pkh-b-2026 4 --value 3",
             "Pengukuran sasaran: tambah, ubah (nilai salah ketik), hapus, daftar.\n\nContoh: intervensi measurement change pkh-b-2026 4 --value 3")
    m.command("add", context_settings=NUMBERS, help=H("Record a measurement of an objective.\n\nExample: intervensi measurement add pkh-b-2026 g1-o1 3 --date 2026-04-07",
                                                      "Catat pengukuran sasaran.\n\nContoh: intervensi measurement add pkh-b-2026 g1-o1 3 --date 2026-04-07"))(fill.add_measurement)
    m.command("change", help=H("Correct a measurement (by number as `measurement list` prints it).\n\nExample: intervensi measurement change pkh-b-2026 4 --value 3 --reason 'typed 30'",
                               "Koreksi pengukuran (dengan nomor seperti dicetak `measurement list`).\n\nContoh: intervensi measurement change pkh-b-2026 4 --value 3 --reason 'tertulis 30'"))(measurement_change)
    standard_verbs(m, "measurement", "pkh-b-2026")

    sc = noun(app, "score", "evaluation", "Goal Attainment Scaling scores (-2 … +2): add, change, remove, list.\n\nExample: intervensi score add pkh-b-2026 g1 1",
              "Skor Goal Attainment Scaling (-2 … +2): tambah, ubah, hapus, daftar.\n\nContoh: intervensi score add pkh-b-2026 g1 1")
    sc.command("add", context_settings=NUMBERS, help=H("Record a GAS score (-2 … +2) for a goal.\n\nExample: intervensi score add pkh-b-2026 g1 1 --date 2026-04-28",
                                                       "Catat skor GAS (-2 … +2) untuk tujuan.\n\nContoh: intervensi score add pkh-b-2026 g1 1 --date 2026-04-28"))(fill.score_goal)
    sc.command("change", help=H("Correct a GAS score (by number).\n\nExample: intervensi score change pkh-b-2026 1 --score 0",
                                "Koreksi skor GAS (dengan nomor).\n\nContoh: intervensi score change pkh-b-2026 1 --score 0"))(score_change)
    standard_verbs(sc, "score", "pkh-b-2026")

    c = noun(app, "monitoring-check", "evaluation", "Monitoring checks (does the change hold?): add, change, remove, list.\n\nExample: intervensi monitoring-check add pkh-b-2026 'Still keeps the cash book' --holding",
             "Pemeriksaan monitoring (apakah perubahan bertahan?): tambah, ubah, hapus, daftar.\n\nContoh: intervensi monitoring-check add pkh-b-2026 'Masih mencatat buku kas' --holding")
    c.command("add", help=H("Record a monitoring check.\n\nExample: intervensi monitoring-check add pkh-b-2026 'Still keeps the cash book' --holding",
                            "Catat pemeriksaan monitoring.\n\nContoh: intervensi monitoring-check add pkh-b-2026 'Masih mencatat buku kas' --holding"))(fill.add_check)
    c.command("change", help=H("Correct a monitoring check (by number).\n\nExample: intervensi monitoring-check change pkh-b-2026 1 --not-holding",
                               "Koreksi pemeriksaan monitoring (dengan nomor).\n\nContoh: intervensi monitoring-check change pkh-b-2026 1 --not-holding"))(check_change)
    standard_verbs(c, "check", "pkh-b-2026", noun="monitoring-check")


def evaluation_change(
    case: CaseArg,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date of the evaluation.", id_="Tanggal evaluasi.")] = None,
    changed: Annotated[L, _o("--changed", en="What changed (repeatable): sets the list.", id_="Yang berubah (bisa berulang): mengisi daftar.")] = None,
    add_changed: Annotated[L, _o("--add-changed", en="Add a change seen.", id_="Tambah perubahan.")] = None,
    remove_changed: Annotated[L, _o("--remove-changed", en="Remove a change (text or number).", id_="Hapus perubahan (teks atau nomor).")] = None,
    unchanged: Annotated[L, _o("--unchanged", en="What did not change (repeatable): sets the list.", id_="Yang belum berubah (bisa berulang): mengisi daftar.")] = None,
    add_unchanged: Annotated[L, _o("--add-unchanged", en="Add what did not change.", id_="Tambah yang belum berubah.")] = None,
    remove_unchanged: Annotated[L, _o("--remove-unchanged", en="Remove one (text or number).", id_="Hapus satu (teks atau nomor).")] = None,
    summary: Annotated[S, _o("--summary", en="The evaluation summary.", id_="Ringkasan evaluasi.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    lists = {"changed": list_edit(changed, add_changed, remove_changed), "unchanged": list_edit(unchanged, add_unchanged, remove_unchanged)}
    change_facts("evaluation change", case, {"evaluation": {"date": date, "summary": summary}}, {"evaluation": lists}, reason=reason, by=by, json=json)


def evaluation_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("evaluation show", case, "evaluation", json)


def measurement_change(
    case: CaseArg,
    ref: RefArg,
    value: Annotated[S, _o("--value", en="The measured value.", id_="Nilai terukur.")] = None,
    objective: Annotated[S, _o("--objective", en="Objective id.", id_="Id sasaran.")] = None,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    note: Annotated[S, _o("--note", "-n", en="Note.", id_="Catatan.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "measurement", ref, {"value": value, "objective": objective, "date": date, "note": note}, reason=reason, by=by, json=json)


def score_change(
    case: CaseArg,
    ref: RefArg,
    score: Annotated[S, _o("--score", en="-2 … +2.", id_="-2 … +2.")] = None,
    goal: Annotated[S, _o("--goal", "-g", en="Goal id.", id_="Id tujuan.")] = None,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    note: Annotated[S, _o("--note", "-n", en="Note.", id_="Catatan.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "score", ref, {"score": score, "goal": goal, "date": date, "note": note}, reason=reason, by=by, json=json)


def check_change(
    case: CaseArg,
    ref: RefArg,
    note: Annotated[S, _o("--note", "-n", en="What was found.", id_="Temuan.")] = None,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    holding: Annotated[bool | None, typer.Option("--holding/--not-holding", help=H("Does the change hold?", "Apakah perubahan bertahan?"))] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "check", ref, {"note": note, "date": date, "holding": holding}, reason=reason, by=by, json=json)
