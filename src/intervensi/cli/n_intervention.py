"""Stage 4 nouns: sessions and the intervention's notes (``intervensi session add`` ...)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ByOpt, CaseArg, H, JsonOpt
from ._items import CorrectionReason, RefArg, change_facts, change_item, noun, show_section, standard_verbs

S = str | None
L = list[str] | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


def register(app: typer.Typer) -> None:
    from . import fill

    i = noun(app, "intervention", "intervention", "The intervention's notes.\n\nExample: intervensi intervention change pkh-b-2026 --notes 'Change seen in week 4'",
             "Catatan intervensi.\n\nContoh: intervensi intervention change pkh-b-2026 --notes 'Perubahan terlihat pada minggu ke-4'")
    i.command("change", help=H("Record or correct the intervention's notes ('' clears).\n\nExample: intervensi intervention change pkh-b-2026 --notes 'Change seen in week 4'",
                               "Catat atau koreksi catatan intervensi ('' mengosongkan).\n\nContoh: intervensi intervention change pkh-b-2026 --notes 'Perubahan terlihat pada minggu ke-4'"))(intervention_change)
    i.command("show", help=H("Show the intervention's notes.\n\nExample: intervensi intervention show pkh-b-2026", "Tampilkan catatan intervensi.\n\nContoh: intervensi intervention show pkh-b-2026"))(intervention_show)

    s = noun(app, "session", "intervention", "Sessions (home visits, group meetings...): add, change, remove, list.\n\nExample: intervensi session add pkh-b-2026 --date 2026-03-10 --kind home_visit --goal g1",
             "Sesi (kunjungan rumah, pertemuan kelompok...): tambah, ubah, hapus, daftar.\n\nContoh: intervensi session add pkh-b-2026 --date 2026-03-10 --kind home_visit --goal g1")
    s.command("add", help=H("Record a session (--attended: member ids present, for groups).\n\nExample: intervensi session add kube-2025 --date 2025-07-21 --kind group_meeting --attended m01 --attended m02",
                            "Catat sesi (--attended: id anggota yang hadir, untuk kelompok).\n\nContoh: intervensi session add kube-2025 --date 2025-07-21 --kind group_meeting --attended m01 --attended m02"))(fill.add_session)
    s.command("change", help=H("Correct a session (by number); --goal, --activity, --attended (repeatable) set their lists.\n\nExample: intervensi session change pkh-b-2026 3 --date 2026-03-24 --attended m01 --attended m03",
                               "Koreksi sesi (dengan nomor); --goal, --activity, --attended (bisa berulang) mengisi daftarnya.\n\nContoh: intervensi session change pkh-b-2026 3 --date 2026-03-24 --attended m01 --attended m03"))(session_change)
    standard_verbs(s, "session", "pkh-b-2026")


def intervention_change(case: CaseArg, notes: Annotated[S, _o("--notes", en="Notes.", id_="Catatan.")] = None,
                        reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_facts("intervention change", case, {"intervention": {"notes": notes}}, None, reason=reason, by=by, json=json)


def intervention_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("intervention show", case, "intervention", json)


def session_change(
    case: CaseArg,
    ref: RefArg,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    kind: Annotated[S, _o("--kind", "-k", en="home_visit, group_meeting, counselling...", id_="home_visit, group_meeting, counselling...")] = None,
    title: Annotated[S, _o("--title", en="Title.", id_="Judul.")] = None,
    goal: Annotated[L, _o("--goal", "-g", en="Goal worked on (repeatable): sets the list.", id_="Tujuan yang dikerjakan (bisa berulang): mengisi daftar.")] = None,
    activity: Annotated[L, _o("--activity", "-a", en="Activity done (repeatable): sets the list.", id_="Kegiatan yang dilakukan (bisa berulang): mengisi daftar.")] = None,
    attended: Annotated[L, _o("--attended", en="Member present (repeatable): sets the list.", id_="Anggota yang hadir (bisa berulang): mengisi daftar.")] = None,
    minutes: Annotated[S, _o("--minutes", en="Length in minutes.", id_="Lama dalam menit.")] = None,
    note: Annotated[S, _o("--note", "-n", en="Notes.", id_="Catatan.")] = None,
    led_by: Annotated[S, _o("--led-by", en="Who led the session.", id_="Siapa yang memimpin sesi.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    values = {"date": date, "kind": kind, "title": title, "goals": goal, "activities": activity, "attendance": attended,
              "minutes": minutes, "notes": note, "by": led_by}
    change_item(case, "session", ref, values, reason=reason, by=by, json=json)
