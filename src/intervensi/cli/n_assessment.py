"""Stage 2 nouns: the assessment's facts, needs, strengths and risks (``intervensi need add`` ...)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ByOpt, CaseArg, H, JsonOpt
from ._items import CorrectionReason, RefArg, change_facts, change_item, list_edit, noun, show_section, standard_verbs

S = str | None
L = list[str] | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


def register(app: typer.Typer) -> None:
    from . import fill

    a = noun(app, "assessment", "assessment", "The assessment's facts: date, tools, summary, the ecomap's centre label.\n\n"
             "Example: intervensi assessment change pkh-b-2026 --date 2026-03-07 --tool genogram --tool ecomap",
             "Data asesmen: tanggal, alat, ringkasan, label pusat ekomap.\n\n"
             "Contoh: intervensi assessment change pkh-b-2026 --date 2026-03-07 --tool genogram --tool ecomap")
    a.command("change", help=H(
        "Record or correct the assessment's facts ('' clears). --tool (repeatable) sets the list; --add-tool, --remove-tool change one.\n\n"
        "Example: intervensi assessment change pkh-b-2026 --date 2026-03-07 --tool genogram --tool ecomap --ecomap-centre 'Household of S'",
        "Catat atau koreksi data asesmen ('' mengosongkan). --tool (bisa berulang) mengisi daftar; --add-tool, --remove-tool mengubah satu.\n\n"
        "Contoh: intervensi assessment change pkh-b-2026 --date 2026-03-07 --tool genogram --tool ecomap --ecomap-centre 'Rumah tangga S'"))(assessment_change)
    a.command("show", help=H("Show the assessment's facts.\n\nExample: intervensi assessment show pkh-b-2026",
                             "Tampilkan data asesmen.\n\nContoh: intervensi assessment show pkh-b-2026"))(assessment_show)

    need = noun(app, "need", "assessment", "Assessed needs and problems: add, change, remove, list.\n\nExample: intervensi need add pkh-b-2026 'No bookkeeping' --area economic",
                "Kebutuhan dan masalah hasil asesmen: tambah, ubah, hapus, daftar.\n\nContoh: intervensi need add pkh-b-2026 'Tidak ada pencatatan' --area economic")
    need.command("add", help=H("Add an assessed need.\n\nExample: intervensi need add pkh-b-2026 'No bookkeeping' --area economic",
                                                         "Tambah kebutuhan.\n\nContoh: intervensi need add pkh-b-2026 'Tidak ada pencatatan' --area economic"))(fill.add_need)
    need.command("change", help=H("Correct a need (by id or number).\n\nExample: intervensi need change pkh-b-2026 keuangan --area economic",
                                  "Koreksi kebutuhan (dengan id atau nomor).\n\nContoh: intervensi need change pkh-b-2026 keuangan --area economic"))(need_change)
    standard_verbs(need, "need", "pkh-b-2026")

    strength = noun(app, "strength", "assessment", "Strengths and resources: add, change, remove, list.\n\nExample: intervensi strength add pkh-b-2026 'Strong ties to neighbours' --kind social",
                    "Kekuatan dan sumber daya: tambah, ubah, hapus, daftar.\n\nContoh: intervensi strength add pkh-b-2026 'Hubungan kuat dengan tetangga' --kind social")
    strength.command("add", help=H("Add a strength or resource.\n\nExample: intervensi strength add pkh-b-2026 'Strong ties to neighbours' --kind social",
                                   "Tambah kekuatan atau sumber daya.\n\nContoh: intervensi strength add pkh-b-2026 'Hubungan kuat dengan tetangga' --kind social"))(fill.add_strength)
    strength.command("change", help=H("Correct a strength (by id or number).\n\nExample: intervensi strength change pkh-b-2026 2 --kind personal",
                                      "Koreksi kekuatan (dengan id atau nomor).\n\nContoh: intervensi strength change pkh-b-2026 2 --kind personal"))(strength_change)
    standard_verbs(strength, "strength", "pkh-b-2026")

    risk = noun(app, "risk", "assessment", "Risks: add, change, remove, list.\n\nExample: intervensi risk add pkh-b-2026 'Dependence on aid' --level medium",
                "Risiko: tambah, ubah, hapus, daftar.\n\nContoh: intervensi risk add pkh-b-2026 'Ketergantungan pada bantuan' --level medium")
    risk.command("add", help=H("Add a risk.\n\nExample: intervensi risk add pkh-b-2026 'Dependence on aid' --level medium",
                               "Tambah risiko.\n\nContoh: intervensi risk add pkh-b-2026 'Ketergantungan pada bantuan' --level medium"))(fill.add_risk)
    risk.command("change", help=H("Correct a risk (by number).\n\nExample: intervensi risk change pkh-b-2026 1 --level high",
                                  "Koreksi risiko (dengan nomor).\n\nContoh: intervensi risk change pkh-b-2026 1 --level high"))(risk_change)
    standard_verbs(risk, "risk", "pkh-b-2026")


def assessment_change(
    case: CaseArg,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date of the assessment.", id_="Tanggal asesmen.")] = None,
    tool: Annotated[L, _o("--tool", en="A tool used (repeatable): sets the list.", id_="Alat yang dipakai (bisa berulang): mengisi daftar.")] = None,
    add_tool: Annotated[L, _o("--add-tool", en="Add a tool.", id_="Tambah alat.")] = None,
    remove_tool: Annotated[L, _o("--remove-tool", en="Remove a tool (name or number).", id_="Hapus alat (nama atau nomor).")] = None,
    summary: Annotated[S, _o("--summary", en="The assessment summary.", id_="Ringkasan asesmen.")] = None,
    ecomap_centre: Annotated[S, _o("--ecomap-centre", en="Label of the ecomap's central circle.", id_="Label lingkaran pusat ekomap.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_facts("assessment change", case, {"assessment": {"date": date, "summary": summary}, "ecomap": {"household": ecomap_centre}},
                 {"assessment": {"tools": list_edit(tool, add_tool, remove_tool)}}, reason=reason, by=by, json=json)


def assessment_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("assessment show", case, "assessment", json)


def need_change(case: CaseArg, ref: RefArg, text: Annotated[S, _o("--text", en="The need.", id_="Kebutuhan.")] = None,
                area: Annotated[S, _o("--area", en="e.g. economic, psychosocial.", id_="mis. economic, psychosocial.")] = None,
                reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_item(case, "need", ref, {"text": text, "area": area}, reason=reason, by=by, json=json)


def strength_change(case: CaseArg, ref: RefArg, text: Annotated[S, _o("--text", en="The strength.", id_="Kekuatan.")] = None,
                    kind: Annotated[S, _o("--kind", en="personal, family, social, community, material, other.", id_="personal, family, social, community, material, other.")] = None,
                    reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_item(case, "strength", ref, {"text": text, "kind": kind}, reason=reason, by=by, json=json)


def risk_change(case: CaseArg, ref: RefArg, text: Annotated[S, _o("--text", en="The risk.", id_="Risiko.")] = None,
                level: Annotated[S, _o("--level", en="low, medium, high.", id_="low, medium, high.")] = None,
                plan: Annotated[S, _o("--plan", en="What is done about it.", id_="Yang dilakukan terhadapnya.")] = None,
                reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_item(case, "risk", ref, {"text": text, "level": level, "plan": plan}, reason=reason, by=by, json=json)
