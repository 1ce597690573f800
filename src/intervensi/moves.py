"""Moves of a case between stages, written to its file (DOMAIN.md §2).

:func:`advance` and :func:`reopen` change the case through :func:`intervensi.store.edit`
and append one :class:`~intervensi.model.Transition` to its history, which is never
rewritten. The rules (gates, stage order, dates of moves recorded after the fact) come
from :mod:`intervensi.cycle`; this module sits above both it and the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cycle import Unmet, _entry, _reason, gate, moment, next_stage, parse_stage, stages_of
from .errors import CaseClosed, GateNotMet, TransitionError
from .i18n import stage_label
from .vocab import Stage, TransitionKind

if TYPE_CHECKING:
    from .model import Transition


@dataclass
class Moved:
    """What a move did: the transition recorded and the case as it now stands."""

    case_id: str
    path: Path
    transition: Transition
    unmet: list[Unmet]
    dry_run: bool = False
    #: With ``dry_run``: the text the file would have had (for a diff); otherwise None.
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        tr = self.transition
        return {
            "case": self.case_id,
            "path": str(self.path),
            "from": tr.from_.value if tr.from_ else None,
            "to": tr.to.value,
            "kind": tr.kind.value,
            "forced": tr.forced,
            "reason": tr.reason,
            "by": tr.by,
            "at": tr.at.isoformat(),
            "unmet": [u.key for u in self.unmet],
            "dry_run": self.dry_run,
        }


def advance(
    path: Path | str,
    *,
    by: str | None = None,
    to: Stage | str | None = None,
    reason: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    lang: str = "en",
    timeout: float | None = None,
    at: dt.date | dt.datetime | str | None = None,
    expected_digest: str | None = None,
) -> Moved:
    """Move a case one stage forward when its gate holds, or back to an earlier stage.

    * forward (no ``to``, or ``to`` the next stage): the current gate must hold, unless
      ``force`` with a ``reason`` (the history records it as forced, with what was unmet);
    * back (``to`` an earlier stage): a ``reason`` is required — the circle of DOMAIN.md §2;
    * advancing from termination closes the case.

    ``at`` dates a move recorded after the fact (see :func:`moment`); the entry then also
    keeps ``recorded``, when it was written. A reason of spaces counts as none.

    ``expected_digest`` (:func:`intervensi.store.digest` of the file's bytes) makes the move
    conditional: when the file is no longer exactly that, :class:`~intervensi.errors.Conflict`
    is raised and nothing is written (the bulk runs use it to move a case at most once).
    """
    from .store import DEFAULT_TIMEOUT, edit

    target = parse_stage(to, lang) if isinstance(to, str) else to
    reason = _reason(reason)
    with edit(path, timeout=timeout or DEFAULT_TIMEOUT, dry_run=dry_run, expected_digest=expected_digest) as ed:
        case = ed.case
        when = moment(case, at, ed.path)
        order = stages_of(case)
        if target is not None and target is not Stage.CLOSED and target not in order:
            raise TransitionError(
                "monitoring is not enabled for this case (set monitoring.enabled: true)",
                path=ed.path,
                key="monitoring_disabled",
            )
        nxt = next_stage(case)
        unmet: list[Unmet] = []
        if target is None or target is nxt:
            if nxt is None:
                raise CaseClosed("the case is closed", path=ed.path, key="closed")
            unmet = gate(case)
            if unmet and not force:
                raise GateNotMet(
                    f"cannot leave {case.stage.value} yet: {len(unmet)} condition(s) unmet",
                    [u.text(lang) for u in unmet],
                    path=ed.path,
                    key="gate",
                    params={"stage": stage_label(case.stage, lang), "count": len(unmet)},
                )
            if force and unmet and not reason:
                raise TransitionError("--force needs a reason (--reason)", path=ed.path, key="reason_required", params={"what": "--force"})
            kind = TransitionKind.CLOSE if nxt is Stage.CLOSED else TransitionKind.FORWARD
            entry = _entry(case.stage, nxt, kind, by, reason, forced=bool(unmet), unmet=[u.text("en") for u in unmet], at=when)
        else:
            here = order.index(case.stage) if case.stage in order else len(order) - 2
            there = order.index(target)
            if there >= here:
                raise TransitionError(
                    f"--to {target.value}: not an earlier stage than {case.stage.value}; forward moves go one stage at a time with `advance`",
                    path=ed.path,
                    key="back_not_earlier",
                    params={"to": target.value, "stage": case.stage.value},
                )
            if not reason:
                raise TransitionError("going back needs a reason (--reason)", path=ed.path, key="reason_required", params={"what": "back"})
            entry = _entry(case.stage, target, TransitionKind.BACK, by, reason, at=when)
        ed.set(("stage",), entry["to"])
        ed.append(("history",), entry)
        moved_case_id = case.id
    from .model import Transition

    return Moved(moved_case_id, ed.path, Transition.model_validate(entry), unmet, dry_run, ed.result if dry_run else None)


def reopen(
    path: Path | str,
    *,
    reason: str,
    to: Stage | str = Stage.TERMINATION,
    by: str | None = None,
    lang: str = "en",
    dry_run: bool = False,
    at: dt.date | dt.datetime | str | None = None,
) -> Moved:
    """Reopen a closed case at ``to`` (termination by default); a reason is required.

    The termination that closed it is set aside: moved, unchanged, to the end of
    ``earlier_terminations`` (kept, shown by ``show`` and the report), so that closing
    again needs a new kind and summary. ``at`` dates the reopening (see :func:`moment`).
    """
    from .errors import IntervensiError
    from .store import edit

    target = parse_stage(to, lang) if isinstance(to, str) else to
    if not reason or not reason.strip():
        raise TransitionError("reopening needs a reason (--reason)", key="reason_required", params={"what": "reopen"})
    with edit(path, allow_closed=True, dry_run=dry_run) as ed:
        case = ed.case
        if not case.closed:
            raise IntervensiError("the case is not closed", path=ed.path, key="not_closed")
        if target is Stage.CLOSED or target not in stages_of(case):
            raise TransitionError(
                "monitoring is not enabled for this case (set monitoring.enabled: true)",
                path=ed.path,
                key="monitoring_disabled",
            )
        entry = _entry(Stage.CLOSED, target, TransitionKind.REOPEN, by, reason.strip(), at=moment(case, at, ed.path))
        old = ed.data.get("termination")
        if old:
            from .yamlrt import to_plain

            ed.append(("earlier_terminations",), to_plain(old))
            ed.set(("termination",), {})
        ed.set(("stage",), entry["to"])
        ed.append(("history",), entry)
        case_id = case.id
    from .model import Transition

    return Moved(case_id, ed.path, Transition.model_validate(entry), [], dry_run)

__all__ = ["Moved", "advance", "reopen"]
