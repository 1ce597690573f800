"""The intervention cycle (DOMAIN.md §2): stages, their gates, and moves between them.

A gate is the condition for *leaving* a stage. :func:`gate` lists every unmet condition
of the current stage as :class:`Unmet` items (an i18n key and its parameters, so the
worker reads them in their language). :func:`moment` and the history
entries it builds are pure; the moves that write a case file (``advance``, ``reopen``) live
in :mod:`intervensi.moves`, above the store, so this module never imports the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TransitionError
from .i18n import CATALOG, stage_label, t
from .vocab import STAGE_ORDER, ClientKind, Level, Practice, Stage, TransitionKind

if TYPE_CHECKING:
    from .model import Case


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
    "Unmet",
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
    "stages_of",
]
