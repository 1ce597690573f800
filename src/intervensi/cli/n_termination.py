"""Stage 6 nouns: referrals, and ending a case early (``intervensi end-case``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._common import STATE, ByOpt, CaseArg, H, JsonOpt, emit_json, msg, resolve_case, say, worker_name
from ._items import AtOpt, CorrectionReason, RefArg, change_item, noun, panel, standard_verbs

S = str | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


ENDINGS = "client_initiated, unplanned, referral, transfer"


def register(app: typer.Typer) -> None:
    app.command("end-case", rich_help_panel=panel("termination"), help=H(
        "End a case early, from any stage: the client withdrew (client_initiated), contact was lost (unplanned), or the case was "
        "referred or transferred. Records the termination and closes the case in one history entry that says so (no gate is forced). "
        "A planned ending goes through the stages with `advance`.\n\n"
        "Example: intervensi end-case pkh-b-2026 --kind client_initiated --reason 'The family moved to Medan' --no-close",
        "Akhiri kasus lebih awal, dari tahap mana pun: klien mengundurkan diri (client_initiated), kontak terputus (unplanned), atau "
        "kasus dirujuk atau dialihkan. Mencatat terminasi dan menutup kasus dalam satu entri riwayat yang menyebutkannya (tanpa memaksa syarat). "
        "Terminasi terencana melewati setiap tahap dengan `advance`.\n\n"
        "Contoh: intervensi end-case pkh-b-2026 --kind client_initiated --reason 'Keluarga pindah ke Medan'"))(end_case)

    r = noun(app, "referral", "termination", "Referrals to other services: add, change, remove, list.\n\nExample: intervensi referral add pkh-b-2026 'Pendamping PKH' --reason 'further help'",
             "Rujukan ke layanan lain: tambah, ubah, hapus, daftar.\n\nContoh: intervensi referral add pkh-b-2026 'Pendamping PKH' --reason 'bantuan lanjutan'")
    r.command("add", help=H("Add a referral: to whom, why, when.\n\nExample: intervensi referral add pkh-b-2026 'Pendamping PKH' --reason 'further help'",
                            "Tambah rujukan: ke mana, mengapa, kapan.\n\nContoh: intervensi referral add pkh-b-2026 'Pendamping PKH' --reason 'bantuan lanjutan'"))(referral_add)
    r.command("change", help=H("Correct a referral (by number).\n\nExample: intervensi referral change pkh-b-2026 1 --to 'Pendamping sosial PKH'",
                               "Koreksi rujukan (dengan nomor).\n\nContoh: intervensi referral change pkh-b-2026 1 --to 'Pendamping sosial PKH'"))(referral_change)
    standard_verbs(r, "referral", "pkh-b-2026")


def parse_referrals(refer: list[str] | None) -> list[tuple[str, str | None]]:
    return [(r.partition("=")[0].strip(), r.partition("=")[2].strip() or None) for r in refer or []]


def report_ending(moved: Any, json: bool, command: str) -> None:
    from ..i18n import stage_label

    tr = moved.transition
    if json:
        emit_json(command, {"transition": {**moved.to_dict(), "ending": tr.ending.value if tr.ending else None}, "closed": tr.to.value == "closed"})
        return
    key = "msg.ended" if tr.to.value == "closed" else "msg.ended_open"
    from ..report.labels import value_label

    say(msg(key, id=moved.case_id, kind=value_label("termination", tr.ending, STATE.lang), stage=stage_label(tr.from_, STATE.lang)), "green")


def end_case(
    case: CaseArg,
    kind: Annotated[str, _o("--kind", en=f"How the case ended: {ENDINGS}.", id_=f"Cara kasus berakhir: {ENDINGS}.")],
    reason: Annotated[S, _o("--reason", "-r", en="Why it ended (required).", id_="Mengapa berakhir (wajib).")] = None,
    summary: Annotated[S, _o("--summary", en="Termination summary (default: the reason).", id_="Ringkasan terminasi (bawaan: alasannya).")] = None,
    date: Annotated[S, _o("--date", "-d", en="Termination date (default: today).", id_="Tanggal terminasi (bawaan: hari ini).")] = None,
    follow_up: Annotated[S, _o("--follow-up", en="Follow-up plan.", id_="Rencana tindak lanjut.")] = None,
    refer: Annotated[list[str] | None, _o("--refer", en="A referral TO[=REASON] (repeatable).", id_="Rujukan KE[=ALASAN] (bisa berulang).")] = None,
    no_close: Annotated[bool, _o("--no-close", en="Move to termination but do not close yet.", id_="Pindah ke terminasi tetapi belum ditutup.")] = False,
    at: AtOpt = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..ending import end_case as op
    from ._common import parse_date

    STATE.json = json
    path = resolve_case(case)
    moved = op(path, kind=kind, reason=reason or "", summary=summary, date=parse_date(date, "--date"), follow_up=follow_up,
               referrals=parse_referrals(refer), close=not no_close, by=worker_name(by), at=at)
    report_ending(moved, json, "end-case")


def referral_add(
    case: CaseArg,
    to: Annotated[str, typer.Argument(help=H("The service referred to.", "Layanan yang dirujuk."))],
    reason: Annotated[S, _o("--reason", en="Why.", id_="Mengapa.")] = None,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops_items import add_referral
    from ._common import parse_date

    STATE.json = json
    path = resolve_case(case)
    n = add_referral(path, to, reason=reason, date=parse_date(date, "--date"))
    if json:
        emit_json("referral add", {"path": str(path), "number": n})
    else:
        say(msg("msg.added", id=path.stem, what=msg("what.referral") + f" (#{n})"), "green")


def referral_change(
    case: CaseArg,
    ref: RefArg,
    to: Annotated[S, _o("--to", en="The service.", id_="Layanan.")] = None,
    why: Annotated[S, _o("--why", en="Why it was referred ('' clears).", id_="Alasan rujukan ('' mengosongkan).")] = None,
    date: Annotated[S, _o("--date", "-d", metavar="DATE", en="Date.", id_="Tanggal.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "referral", ref, {"to": to, "reason": why, "date": date}, reason=reason, by=by, json=json)
