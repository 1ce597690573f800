"""Commands that move a case through the cycle: advance (forward or back), reopen."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import STATE, ByOpt, CaseArg, H, JsonOpt, emit_json, msg, resolve_case, say, worker_name
from ._items import AtOpt

ReasonOpt = Annotated[str | None, typer.Option("--reason", "-r", help=H("Why (required to go back, to force, to reopen).", "Alasan (wajib untuk kembali, memaksa, membuka kembali)."))]


def register(app: typer.Typer) -> None:
    app.command("advance", help=H(
        "Move a case to its next stage when the gate holds; --to an earlier stage (with --reason) to go back round the circle; "
        "--force --reason passes a failed gate and the history says so. Advancing from termination closes the case.\n\n"
        "Example: intervensi advance pkh-b-2026\n\nExample: intervensi advance pkh-b-2026 --to planning --reason 'new need found'\n\n"
        "Example: intervensi advance pkh-b-2026 --at 2025-03-06 (work written up afterwards)",
        "Pindahkan kasus ke tahap berikutnya bila syaratnya terpenuhi; --to tahap sebelumnya (dengan --reason) untuk kembali; "
        "--force --reason melewati syarat yang gagal dan riwayat mencatatnya. Maju dari terminasi menutup kasus.\n\n"
        "Contoh: intervensi advance pkh-b-2026\n\nContoh: intervensi advance pkh-b-2026 --to planning --reason 'kebutuhan baru'\n\n"
        "Contoh: intervensi advance pkh-b-2026 --at 2025-03-06 (pekerjaan yang dicatat belakangan)",
    ))(advance)
    app.command("reopen", help=H(
        "Reopen a closed case (at termination, or --to another stage) with a reason. The termination that closed it is set aside "
        "(kept in earlier_terminations); closing again needs a new kind and summary.\n\n"
        "Example: intervensi reopen pkh-s-2025 --reason 'client asked for help again' --to assessment",
        "Buka kembali kasus yang ditutup (pada terminasi, atau --to tahap lain) dengan alasan. Terminasi yang menutupnya disisihkan "
        "(disimpan di earlier_terminations); menutup lagi memerlukan jenis dan ringkasan baru.\n\n"
        "Contoh: intervensi reopen pkh-s-2025 --reason 'klien meminta bantuan lagi' --to assessment",
    ))(reopen)


DRY_RUN_MESSAGES: dict[str, dict[str, str]] = {
    "msg.would_advance": {"en": "{id}: would move {from_} → {to} (dry run: nothing written)", "id": "{id}: akan berpindah {from_} → {to} (uji coba: tidak ada yang ditulis)"},
    "msg.would_close": {"en": "{id}: would be closed (dry run: nothing written)", "id": "{id}: akan ditutup (uji coba: tidak ada yang ditulis)"},
}


def _register() -> None:
    from ..i18n import CATALOG

    CATALOG.update(DRY_RUN_MESSAGES)


_register()


def _report(moved: object, json: bool, command: str, dry_run: bool = False) -> None:
    from ..i18n import stage_label
    from ..moves import Moved

    assert isinstance(moved, Moved)
    if json:
        emit_json(command, {"transition": moved.to_dict()})
        return
    tr = moved.transition
    lang = STATE.lang
    if dry_run:
        if tr.kind.value == "close":
            say(msg("msg.would_close", id=moved.case_id))
        else:
            say(msg("msg.would_advance", id=moved.case_id, from_=stage_label(tr.from_, lang) if tr.from_ else "—", to=stage_label(tr.to, lang)))
    elif tr.kind.value == "close":
        say(msg("msg.closed", id=moved.case_id), "green")
    elif tr.kind.value == "reopen":
        say(msg("msg.reopened", id=moved.case_id, to=stage_label(tr.to, lang)), "green")
    else:
        say(msg("msg.advanced", id=moved.case_id, from_=stage_label(tr.from_, lang) if tr.from_ else "—", to=stage_label(tr.to, lang)), "green")
    if tr.forced:
        say(msg("msg.forced", count=len(moved.unmet)), "yellow")
        for u in moved.unmet:
            say(f"  - {u.text(lang)}", "yellow")


def advance(
    case: CaseArg,
    to: Annotated[str | None, typer.Option("--to", help=H("Go back to this earlier stage (needs --reason).", "Kembali ke tahap sebelumnya ini (perlu --reason)."))] = None,
    reason: ReasonOpt = None,
    force: Annotated[bool, typer.Option("--force", help=H("Pass a failed gate (needs --reason; recorded as forced).", "Lewati syarat yang gagal (perlu --reason; dicatat sebagai dipaksa)."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=H("Check and show the move, write nothing.", "Periksa dan tampilkan perpindahan, tanpa menulis."))] = False,
    at: AtOpt = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..moves import advance as do_advance

    STATE.json = json
    moved = do_advance(resolve_case(case), by=worker_name(by), to=to, reason=reason, force=force, dry_run=dry_run, lang=STATE.lang, at=at)
    _report(moved, json, "advance", dry_run)


def reopen(
    case: CaseArg,
    reason: ReasonOpt = None,
    to: Annotated[str, typer.Option("--to", help=H("Stage to reopen at.", "Tahap tempat kasus dibuka kembali."))] = "termination",
    at: AtOpt = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..moves import reopen as do_reopen

    STATE.json = json
    moved = do_reopen(resolve_case(case), reason=reason or "", to=to, by=worker_name(by), lang=STATE.lang, at=at)
    _report(moved, json, "reopen")
