"""Early endings (DOMAIN.md §2, stage 6): a case that ends before its plan is done.

A client who withdraws, a family that moves away (unplanned), a case referred or
transferred to another service: these endings happen at any stage, and that is what the
termination kinds other than *planned* mean. :func:`end_case` records the termination
(kind, summary, date, follow-up, referrals) and moves the case from the stage it is in
straight to ``closed`` (or to ``termination`` with ``close=False``) in **one** history
entry of kind ``end`` that carries the ending's kind and the reason. No gate is passed
"by force" and no stage is claimed as done: the history says the case ended early, from
where, and why.

A planned ending keeps its gates: it goes through the stages with ``advance``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .errors import TransitionError
from .i18n import CATALOG
from .vocab import Stage, TerminationKind, TransitionKind

MESSAGES: dict[str, dict[str, str]] = {
    "err.planned_ending": {
        "en": "a planned ending goes through the stages (advance); an early ending is client_initiated, unplanned, referral or transfer",
        "id": "terminasi terencana melewati setiap tahap (advance); terminasi dini adalah client_initiated, unplanned, referral atau transfer",
    },
    "err.already_terminating": {
        "en": "the case is already at termination: record the ending with `terminate` and close it",
        "id": "kasus sudah di tahap terminasi: catat terminasinya dengan `terminate` lalu tutup",
    },
    "err.unknown_ending": {
        "en": "--kind: one of {choices}",
        "id": "--kind: salah satu dari {choices}",
    },
    "msg.ended": {
        "en": "{id}: ended early ({kind}) at {stage}; the case is closed",
        "id": "{id}: diakhiri lebih awal ({kind}) pada tahap {stage}; kasus ditutup",
    },
    "msg.ended_open": {
        "en": "{id}: ended early ({kind}) at {stage}; now at termination",
        "id": "{id}: diakhiri lebih awal ({kind}) pada tahap {stage}; kini di tahap terminasi",
    },
}
CATALOG.update(MESSAGES)

EARLY = (TerminationKind.CLIENT_INITIATED, TerminationKind.UNPLANNED, TerminationKind.REFERRAL, TerminationKind.TRANSFER)


def parse_ending(kind: str | TerminationKind) -> TerminationKind:
    try:
        value = TerminationKind(str(getattr(kind, "value", kind)).strip())
    except ValueError:
        choices = ", ".join(k.value for k in TerminationKind)
        raise TransitionError(f"--kind: one of {choices}", field="termination.kind", key="unknown_ending", params={"choices": choices}) from None
    if value is TerminationKind.PLANNED:
        raise TransitionError(
            "a planned ending goes through the stages (advance)", field="termination.kind", key="planned_ending"
        )
    return value


def end_case(
    path: Path | str,
    *,
    kind: str | TerminationKind,
    reason: str,
    summary: str | None = None,
    date: dt.date | None = None,
    follow_up: str | None = None,
    referrals: list[tuple[str, str | None]] | None = None,
    sustainability: list[str] | None = None,
    close: bool = True,
    by: str | None = None,
    dry_run: bool = False,
    at: dt.date | dt.datetime | str | None = None,
) -> Any:
    """End a case early from any open stage before termination; returns a :class:`~intervensi.cycle.Moved`.

    ``kind`` is client_initiated, unplanned, referral or transfer (a *planned* ending is
    refused: it goes through the gates). ``reason`` must have words; it is the
    transition's reason and, when ``summary`` is not given, the termination summary.
    ``date`` (default today) is the termination date; ``at`` dates the move when it is
    recorded afterwards (:func:`intervensi.cycle.moment`). Raises
    :class:`~intervensi.errors.TransitionError` (exit code 2) for a planned or unknown
    kind, a blank reason, or a case already at termination;
    :class:`~intervensi.errors.CaseClosed` for a closed case. The file is unchanged on
    any error.
    """
    from .cycle import _entry, moment
    from .model import Referral, Termination, Transition
    from .moves import Moved
    from .ops import _dump, build
    from .store import edit

    ending = parse_ending(kind)
    why = (reason or "").strip()
    if not why:
        raise TransitionError("an early ending needs a reason (--reason)", field="reason", key="reason_required", params={"what": "end"})
    with edit(path, dry_run=dry_run) as ed:
        case = ed.case
        if case.stage is Stage.TERMINATION:
            raise TransitionError("the case is already at termination", path=ed.path, key="already_terminating")
        given = {
            "kind": ending.value,
            "summary": (summary or "").strip() or why,
            "date": date or dt.date.today(),
            "follow_up": follow_up,
        }
        checked = _dump(build(Termination, "termination", **given))
        for key, value in checked.items():
            ed.set(("termination", key), value)
        for step in sustainability or []:
            if step.strip():
                ed.append(("termination", "sustainability"), step.strip())
        for to, why_ref in referrals or []:
            ed.append(("termination", "referrals"), _dump(build(Referral, "termination.referrals", to=to, reason=why_ref)))
        target = Stage.CLOSED if close else Stage.TERMINATION
        entry = _entry(case.stage, target, TransitionKind.END, by, why, at=moment(case, at, ed.path))
        entry["ending"] = ending.value
        ed.set(("stage",), target.value)
        ed.append(("history",), entry)
        case_id = case.id
    return Moved(case_id, ed.path, Transition.model_validate(entry), [], dry_run, ed.result if dry_run else None)


__all__ = ["EARLY", "end_case", "parse_ending"]
