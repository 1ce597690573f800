"""The intervention cycle (DOMAIN.md §2): stages, their gates, and moves between them.

A gate is the condition for *leaving* a stage. :func:`gate` lists every unmet condition
of the current stage as :class:`Unmet` items (an i18n key and its parameters, so the
worker reads them in their language). :func:`advance`, :func:`go_back` and
:func:`reopen` change the case through :func:`intervensi.store.edit` and append one
:class:`~intervensi.model.Transition` to its history, which is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CaseClosed, GateNotMet, TransitionError
from .i18n import CATALOG, stage_label, t
from .vocab import STAGE_ORDER, ClientKind, Level, Practice, Stage, TransitionKind

if TYPE_CHECKING:
    from .model import Case, Transition


MESSAGES: dict[str, dict[str, str]] = {
    "gate.ecomap_tie": {
        "en": "the ecomap has no system with a tie to the household (only 'no tie')",
        "id": "ekomap belum memiliki sistem yang berhubungan dengan rumah tangga (hanya 'tidak ada hubungan')",
    },
    "gate.evaluation_goal": {"en": "there is no goal to evaluate", "id": "tidak ada tujuan untuk dievaluasi"},
}
CATALOG.update(MESSAGES)


@dataclass(frozen=True)
class Unmet:
    """One condition of a gate that does not hold yet."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.params)


def stages_of(case: Case) -> list[Stage]:
    """The stages this case passes through, in order (monitoring only when enabled)."""
    return [
        s for s in STAGE_ORDER if s is not Stage.MONITORING or case.monitoring_enabled
    ]


def next_stage(case: Case) -> Stage | None:
    order = stages_of(case)
    if case.stage not in order:  # monitoring switched off while in it
        return Stage.TERMINATION
    i = order.index(case.stage)
    return order[i + 1] if i + 1 < len(order) else None


def needs_family_diagrams(case: Case) -> bool:
    """Micro work, and mezzo work with a family, assesses with a genogram and an ecomap."""
    if case.level is Level.MICRO:
        return True
    return case.level is Level.MEZZO and (
        case.client.kind is ClientKind.FAMILY or case.practice is Practice.FAMILY_THERAPY
    )


def gate(case: Case, stage: Stage | None = None) -> list[Unmet]:
    """Every unmet condition for leaving ``stage`` (default: the current stage)."""
    stage = stage or case.stage
    out: list[Unmet] = []
    if stage is Stage.ENGAGEMENT:
        contract = case.engagement.contract if case.engagement else None
        if contract is None:
            out.append(Unmet("gate.contract"))
        else:
            if not contract.focus:
                out.append(Unmet("gate.contract_focus"))
            if contract.start is None:
                out.append(Unmet("gate.contract_start"))
    elif stage is Stage.ASSESSMENT:
        a = case.assessment
        if not (a and a.needs):
            out.append(Unmet("gate.need"))
        if not (a and a.strengths):
            out.append(Unmet("gate.strength"))
        if needs_family_diagrams(case):
            if not (a and a.genogram and any(p.index for p in a.genogram.people)):
                out.append(Unmet("gate.genogram"))
            if not (a and a.ecomap and a.ecomap.systems):
                out.append(Unmet("gate.ecomap"))
            elif not any(s.connection.value != "none" for s in a.ecomap.systems):
                out.append(Unmet("gate.ecomap_tie"))  # a gap is worth drawing, but is not a map
    elif stage is Stage.PLANNING:
        if not case.goals:
            out.append(Unmet("gate.goal"))
        for goal in case.goals:
            if not any(o.measurable for o in goal.objectives):
                out.append(Unmet("gate.goal_objective", {"goal": goal.id}))
            if not goal.needs:
                out.append(Unmet("gate.goal_need", {"goal": goal.id}))
    elif stage is Stage.INTERVENTION:
        if not case.sessions:
            out.append(Unmet("gate.session"))
    elif stage is Stage.EVALUATION:
        if not case.goals:
            out.append(Unmet("gate.evaluation_goal"))  # the gate must not hold vacuously
        measured = {m.objective for m in case.measurements}
        scored = {a.goal for a in case.attainment}
        for goal in case.goals:
            if goal.id not in scored and not any(o.id in measured for o in goal.objectives):
                out.append(Unmet("gate.goal_measured", {"goal": goal.id}))
    elif stage is Stage.MONITORING:
        if not (case.monitoring and case.monitoring.checks):
            out.append(Unmet("gate.monitoring_check"))
    elif stage is Stage.TERMINATION:
        term = case.termination
        if not (term and term.kind):
            out.append(Unmet("gate.termination_kind"))
        if not (term and term.summary):
            out.append(Unmet("gate.termination_summary"))
    return out


def parse_stage(name: str, lang: str = "en") -> Stage:
    """A stage from its identifier or its label in either language (``asesmen``)."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    for s in Stage:
        if key == s.value:
            return s
        for lng in ("en", "id"):
            if key == stage_label(s, lng).lower().replace(" ", "_").replace(",", ""):
                return s
    aliases = {"intake": Stage.ENGAGEMENT, "contract": Stage.ENGAGEMENT, "kontrak": Stage.ENGAGEMENT}
    if key in aliases:
        return aliases[key]
    choices = ", ".join(s.value for s in Stage)
    raise TransitionError(
        f"unknown stage '{name}'; stages are: {choices}",
        key="unknown_stage",
        params={"name": name, "choices": choices},
    )


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def _entry(
    frm: Stage | None,
    to: Stage,
    kind: TransitionKind,
    by: str | None,
    reason: str | None,
    forced: bool = False,
    unmet: list[str] | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    written = now()
    entry: dict[str, Any] = {
        "at": (at or written).isoformat(),
        "from": frm.value if frm else None,
        "to": to.value,
        "kind": kind.value,
        "by": by,
    }
    if at is not None and at != written:
        entry["recorded"] = written.isoformat()  # a move dated after the fact: when it was written
    if reason:
        entry["reason"] = reason
    if forced:
        entry["forced"] = True
        entry["unmet"] = unmet or []
    return entry


def moment(case: Case, at: dt.date | dt.datetime | str | None, path: Path | None = None) -> dt.datetime | None:
    """The time of a move recorded after the fact (``--at``), checked against the case.

    A date means that day at noon, local time. Refused (:class:`TransitionError`, exit 2)
    when it is in the future, or before the case's last move or its opening date: the
    history stays in order.
    """
    if at is None:
        return None
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at.strip()) if "T" in at or " " in at.strip() else dt.date.fromisoformat(at.strip())
        except ValueError:
            raise TransitionError("--at: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM", path=path, field="at", key="bad_at", params={"at": at}) from None
    if not isinstance(at, dt.datetime):
        at = dt.datetime(at.year, at.month, at.day, 12, 0)
    if at.tzinfo is None:
        at = at.astimezone()
    at = at.replace(microsecond=0)
    if at > now():
        raise TransitionError("--at: a move cannot be dated in the future", path=path, field="at", key="at_future", params={"at": at.isoformat()})
    last = max([tr.at if tr.at.tzinfo else tr.at.astimezone() for tr in case.history], default=None)
    floor = last or dt.datetime(case.opened.year, case.opened.month, case.opened.day).astimezone()
    if at < floor:
        raise TransitionError(
            "--at: before the case's last move", path=path, field="at", key="at_before", params={"at": at.isoformat(), "last": floor.isoformat()}
        )
    return at


def _reason(reason: str | None) -> str | None:
    """A reason with words, or None (a reason of spaces is no reason)."""
    return reason.strip() if reason and reason.strip() else None


def opening_entry(by: str | None, at: dt.datetime | None = None) -> dict[str, Any]:
    """The first history entry of a new case: opened at engagement."""
    return _entry(None, Stage.ENGAGEMENT, TransitionKind.FORWARD, by, None, at=at)


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
            from .yamlio import to_plain

            ed.append(("earlier_terminations",), to_plain(old))
            ed.set(("termination",), {})
        ed.set(("stage",), entry["to"])
        ed.append(("history",), entry)
        case_id = case.id
    from .model import Transition

    return Moved(case_id, ed.path, Transition.model_validate(entry), [], dry_run)


def entered_stage_on(case: Case) -> dt.date:
    """When the case entered its current stage (the last transition into it)."""
    for tr in reversed(case.history):
        if tr.to is case.stage:
            return tr.at.date()
    return case.opened


def days_in_stage(case: Case, today: dt.date | None = None) -> int:
    return ((today or dt.date.today()) - entered_stage_on(case)).days


def next_due(case: Case) -> tuple[dt.date, str] | None:
    """The earliest open due date of the case and what it is for."""
    if case.closed:
        return None
    dues: list[tuple[dt.date, str]] = []
    contract = case.engagement.contract if case.engagement else None
    if contract:
        if contract.review:
            dues.append((contract.review, "contract review"))
        if contract.end and case.stage is not Stage.TERMINATION:
            dues.append((contract.end, "contract end"))
    reached = _reached_objectives(case)
    for goal in case.goals:
        for obj in goal.objectives:
            if obj.due and obj.id not in reached:
                dues.append((obj.due, f"objective {obj.id}"))
    return min(dues) if dues else None


def reached_objectives(case: Case) -> set[str]:
    """Ids of the objectives whose latest measurement reached the target (whichever way it lies)."""
    return _reached_objectives(case)


def _reached_objectives(case: Case) -> set[str]:
    latest: dict[str, tuple[dt.date, float]] = {}
    for m in case.measurements:
        if m.objective not in latest or m.date >= latest[m.objective][0]:
            latest[m.objective] = (m.date, m.value)
    out = set()
    for goal in case.goals:
        for obj in goal.objectives:
            if obj.id in latest and obj.target is not None and obj.baseline is not None:
                value = latest[obj.id][1]
                if (obj.target >= obj.baseline and value >= obj.target) or (
                    obj.target < obj.baseline and value <= obj.target
                ):
                    out.add(obj.id)
    return out


__all__ = [
    "Moved",
    "Unmet",
    "advance",
    "days_in_stage",
    "entered_stage_on",
    "gate",
    "moment",
    "needs_family_diagrams",
    "next_due",
    "next_stage",
    "opening_entry",
    "parse_stage",
    "reached_objectives",
    "reopen",
    "stages_of",
]
