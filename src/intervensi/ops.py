"""Filling a case without hand-editing YAML: one function per thing a worker records.

Each function builds the new item through the model (so it is validated exactly as a
hand-written one would be), inserts it into the round-trip document under the case lock,
and lets :func:`intervensi.store.edit` re-validate and write the file atomically. The
user's comments and key order elsewhere in the file are untouched. Each returns the id
(or index) of what it added, so scripts can refer to it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import AlreadyExists, NotFound, UsageError
from .store import Editor, edit


def _dump(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def build(model: type[BaseModel], field: str, **values: Any) -> BaseModel:
    """Build a model item, turning a validation error into a one-line user error."""
    clean = {k: v for k, v in values.items() if v is not None}
    try:
        return model.model_validate(clean)
    except ValidationError as exc:
        from .validation_i18n import value_problem

        e = exc.errors(include_url=False, include_input=True, include_context=True)[0]
        loc = ".".join(str(x) for x in e["loc"])
        raise value_problem(e, f"{field}.{loc}" if loc else field) from None


def _next_id(prefix: str, taken: set[str]) -> str:
    k = 1
    while f"{prefix}{k}" in taken:
        k += 1
    return f"{prefix}{k}"


def _check_new_id(ident: str, taken: set[str], where: str) -> None:
    if ident in taken:
        raise AlreadyExists(f"the id '{ident}' is already used in {where}", field=where, key="id_taken", params={"id": ident, "where": where})


def slug(text: str, fallback: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return s or fallback


# --------------------------------------------------------------------------- engagement


def set_contract(
    path: Path | str,
    *,
    focus: list[str] | None = None,
    roles: list[tuple[str, str]] | None = None,
    frequency: str | None = None,
    length: str | None = None,
    sessions_planned: int | None = None,
    agreed: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    review: dt.date | None = None,
) -> None:
    """Record or update the contract; lists given are appended to what is there."""
    from .model import Contract, Role

    with edit(path) as ed:
        ed.section("engagement", "contract")
        for f in focus or []:
            ed.append(("engagement", "contract", "focus"), _dump(build(Contract, "engagement.contract", focus=[f]))["focus"][0])
        for party, role in roles or []:
            ed.append(("engagement", "contract", "roles"), _dump(build(Role, "engagement.contract.roles", party=party, role=role)))
        scalars = {
            "frequency": frequency,
            "length": length,
            "sessions_planned": sessions_planned,
            "agreed": agreed,
            "start": start,
            "end": end,
            "review": review,
        }
        given = {k: v for k, v in scalars.items() if v is not None}
        if given:
            checked = _dump(build(Contract, "engagement.contract", **given))
            for key in given:
                ed.set(("engagement", "contract", key), checked[key])
        ed.changed = True


# --------------------------------------------------------------------------- assessment


def add_need(path: Path | str, text: str, *, id: str | None = None, area: str | None = None) -> str:
    from .model import Need

    with edit(path) as ed:
        taken = {n.id for n in ed.case.needs}
        ident = id or _next_id("n", taken)
        _check_new_id(ident, taken, "assessment.needs")
        ed.append(("assessment", "needs"), _dump(build(Need, "assessment.needs", id=ident, text=text, area=area)))
    return ident


def add_strength(path: Path | str, text: str, *, id: str | None = None, kind: str | None = None) -> int:
    from .model import Strength

    with edit(path) as ed:
        if id is not None:
            taken = {s.id for s in (ed.case.assessment.strengths if ed.case.assessment else []) if s.id}
            _check_new_id(id, taken, "assessment.strengths")
        count = len(ed.case.assessment.strengths if ed.case.assessment else []) + 1
        ed.append(("assessment", "strengths"), _dump(build(Strength, "assessment.strengths", id=id, text=text, kind=kind)))
    return count


def add_risk(path: Path | str, text: str, *, level: str | None = None, plan: str | None = None) -> int:
    from .model import Risk

    with edit(path) as ed:
        count = len(ed.case.assessment.risks if ed.case.assessment else []) + 1
        ed.append(("assessment", "risks"), _dump(build(Risk, "assessment.risks", text=text, level=level, plan=plan)))
    return count


def set_summary(path: Path | str, stage: str, text: str) -> None:
    """The free-text summary of the assessment or evaluation."""
    if stage not in ("assessment", "evaluation"):
        raise UsageError("a summary belongs to assessment or evaluation", key="usage", params={"problem": stage})
    with edit(path) as ed:
        ed.set((stage, "summary"), text)


# --------------------------------------------------------------------------- planning


def add_goal(
    path: Path | str,
    text: str,
    *,
    needs: list[str],
    id: str | None = None,
    weight: float | None = None,
    objective: dict[str, Any] | None = None,
    gas: dict[str, str] | None = None,
) -> str:
    """Add a goal tied to assessed needs, optionally with its first objective."""
    from .model import Goal, Objective

    with edit(path) as ed:
        taken = {g.id for g in ed.case.goals}
        ident = id or _next_id("g", taken)
        _check_new_id(ident, taken, "planning.goals")
        known = {n.id for n in ed.case.needs}
        for n in needs:
            if n not in known:
                raise NotFound(f"no need '{n}' in this case", field="needs", key="no_item", params={"what": "need", "id": n})
        objectives = []
        if objective:
            obj_taken = {o.id for g in ed.case.goals for o in g.objectives}
            obj = dict(objective)
            obj.setdefault("id", _next_id(f"{ident}-o", obj_taken))
            objectives.append(_dump(build(Objective, "objective", **obj)))
        goal = build(Goal, "planning.goals", id=ident, text=text, needs=needs, weight=weight, objectives=objectives, gas=gas)
        ed.append(("planning", "goals"), _dump(goal))
    return ident


def _goal_node(ed: Editor, goal_id: str) -> Any:
    for i, g in enumerate(ed.case.goals):
        if g.id == goal_id:
            return ed.data["planning"]["goals"][i]
    raise NotFound(f"no goal '{goal_id}' in this case", field="goal", key="no_item", params={"what": "goal", "id": goal_id})


def add_objective(
    path: Path | str,
    goal: str,
    *,
    indicator: str,
    baseline: float | None = None,
    target: float | None = None,
    due: dt.date | None = None,
    unit: str | None = None,
    id: str | None = None,
) -> str:
    from .model import Objective

    with edit(path) as ed:
        node = _goal_node(ed, goal)
        taken = {o.id for g in ed.case.goals for o in g.objectives}
        ident = id or _next_id(f"{goal}-o", taken)
        _check_new_id(ident, taken, "planning.goals.objectives")
        item = _dump(build(Objective, "objective", id=ident, indicator=indicator, baseline=baseline, target=target, due=due, unit=unit))
        from .yamlrt import to_yaml_value

        if node.get("objectives") is None:
            node["objectives"] = to_yaml_value([])
        node["objectives"].append(to_yaml_value(item))
        ed.changed = True
    return ident


def add_activity(path: Path | str, goal: str, text: str, *, who: str | None = None, when: str | None = None) -> None:
    from .model import Activity
    from .yamlrt import to_yaml_value

    with edit(path) as ed:
        node = _goal_node(ed, goal)
        if node.get("activities") is None:
            node["activities"] = to_yaml_value([])
        node["activities"].append(to_yaml_value(_dump(build(Activity, "activity", text=text, who=who, when=when))))
        ed.changed = True


# --------------------------------------------------------------------------- intervention


def add_session(
    path: Path | str,
    *,
    date: dt.date,
    kind: str | None = None,
    title: str | None = None,
    goals: list[str] | None = None,
    activities: list[str] | None = None,
    attendance: list[str] | None = None,
    minutes: int | None = None,
    notes: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
    expected_digest: str | None = None,
) -> int:
    """Record a session; returns its number (1-based).

    ``attendance``: ids of the members present; each must be a member on ``date``
    (joined on or before it, not left before it), else
    :class:`~intervensi.attendance.NotAMember` (exit code 2) and nothing is written.

    ``expected_digest``: write only if the file is still exactly that (else
    :class:`~intervensi.errors.Conflict`, nothing written).
    """
    from .model import Session

    with edit(path, dry_run=dry_run, expected_digest=expected_digest) as ed:
        item = build(
            Session,
            "intervention.sessions",
            date=date,
            kind=kind,
            title=title,
            goals=goals or [],
            activities=activities or [],
            attendance=attendance,
            minutes=minutes,
            notes=notes,
            by=by,
        )
        if attendance:  # only people who were members on that date (NotAMember, exit 2, nothing written)
            from .attendance import check_attendance

            check_attendance(ed.case.client.members, date, attendance, field="intervention.sessions.attendance", path=ed.path)
        count = len(ed.case.sessions) + 1
        ed.append(("intervention", "sessions"), _dump(item))
    return count


# --------------------------------------------------------------------------- evaluation


def add_measurement(path: Path | str, objective: str, value: float, *, date: dt.date, note: str | None = None) -> int:
    from .model import Measurement

    with edit(path) as ed:
        if ed.case.objective(objective) is None:
            raise NotFound(f"no objective '{objective}' in this case", field="objective", key="no_item", params={"what": "objective", "id": objective})
        count = len(ed.case.measurements) + 1
        ed.append(("evaluation", "measurements"), _dump(build(Measurement, "evaluation.measurements", objective=objective, value=value, date=date, note=note)))
    return count


def score_goal(path: Path | str, goal: str, score: int, *, date: dt.date | None = None, note: str | None = None) -> int:
    """Record a Goal Attainment Scaling score (−2 … +2) for a goal."""
    from .model import Attainment

    with edit(path) as ed:
        if goal not in {g.id for g in ed.case.goals}:
            raise NotFound(f"no goal '{goal}' in this case", field="goal", key="no_item", params={"what": "goal", "id": goal})
        count = len(ed.case.attainment) + 1
        ed.append(("evaluation", "attainment"), _dump(build(Attainment, "evaluation.attainment", goal=goal, score=score, date=date, note=note)))
    return count


def set_monitoring(path: Path | str, enabled: bool, *, plan: str | None = None) -> None:
    with edit(path) as ed:
        ed.set(("monitoring", "enabled"), enabled)
        if plan:
            ed.set(("monitoring", "plan"), plan)


def add_check(path: Path | str, note: str, *, date: dt.date, holding: bool | None = None) -> int:
    from .model import Check

    with edit(path) as ed:
        count = len(ed.case.monitoring.checks if ed.case.monitoring else []) + 1
        ed.append(("monitoring", "checks"), _dump(build(Check, "monitoring.checks", date=date, note=note, holding=holding)))
    return count


# --------------------------------------------------------------------------- termination


def record_termination(
    path: Path | str,
    *,
    kind: str | None = None,
    summary: str | None = None,
    date: dt.date | None = None,
    follow_up: str | None = None,
    sustainability: list[str] | None = None,
    referrals: list[tuple[str, str | None]] | None = None,
) -> None:
    """Record termination data (kind, summary, follow-up, referrals)."""
    from .model import Referral, Termination

    with edit(path) as ed:
        given = {"kind": kind, "summary": summary, "date": date, "follow_up": follow_up}
        checked = _dump(build(Termination, "termination", **given))
        for key, value in checked.items():
            ed.set(("termination", key), value)
        for s in sustainability or []:
            ed.append(("termination", "sustainability"), s)
        for to, reason in referrals or []:
            ed.append(("termination", "referrals"), _dump(build(Referral, "termination.referrals", to=to, reason=reason)))
        ed.changed = True


__all__ = [
    "add_activity",
    "add_check",
    "add_goal",
    "add_measurement",
    "add_need",
    "add_objective",
    "add_risk",
    "add_session",
    "add_strength",
    "build",
    "record_termination",
    "score_goal",
    "set_contract",
    "set_monitoring",
    "set_summary",
]
