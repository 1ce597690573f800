"""The case file as a Pydantic v2 model (DOMAIN.md §1–3, 6–7).

One :class:`Case` is one client system carried through the intervention cycle. Every
model forbids unknown keys (the loader turns that into a "did you mean" hint), dates are
ISO dates, identifiers are short slugs, and cross-references (a goal's needs, a session's
goals, a genogram child's union, ...) are checked by :meth:`Case._check_references`.

Fields that identify a person carry ``json_schema_extra={"x-identifying": True}`` so that
anonymised exports and reports can leave them out without a second list to keep in step.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import (
    Field,
    ValidationInfo,
    model_validator,
)

from .model_base import SCHEMA_VERSION, CaseId, IsoDate, Strict
from .model_parts import (
    Activity,
    Agency,
    Amendment,
    Assessment,
    Attainment,
    Check,
    Child,
    Client,
    Contract,
    Ecomap,
    Engagement,
    Evaluation,
    GasLevels,
    Genogram,
    Goal,
    Intervention,
    Measurement,
    Member,
    Monitoring,
    Need,
    Objective,
    Person,
    Planning,
    Referral,
    Relationship,
    Risk,
    Role,
    Session,
    Strength,
    System,
    Termination,
    Transition,
    Union,
    Worker,
)
from .validation_i18n import KeyedValueError
from .vocab import (
    LEVEL_CLIENTS,
    PRACTICE_LEVEL,
    ChildKind,
    Level,
    Practice,
    Stage,
    Strategy,
)

# --------------------------------------------------------------------------- the case


class Case(Strict):
    """One client system and its way through the intervention cycle."""

    schema_version: Literal[1] = Field(description="Case-file schema version")
    id: CaseId
    title: str | None = None
    level: Level
    practice: Practice
    client: Client
    worker: Worker | None = None
    agency: Agency | None = None
    language: Literal["en", "id"] | None = None
    opened: IsoDate
    stage: Stage = Stage.ENGAGEMENT
    strategy: Strategy | None = Field(default=None, description="Macro change strategy")
    tags: list[str] = Field(default_factory=list)
    engagement: Engagement | None = None
    assessment: Assessment | None = None
    planning: Planning | None = None
    intervention: Intervention | None = None
    evaluation: Evaluation | None = None
    monitoring: Monitoring | None = None
    termination: Termination | None = None
    history: list[Transition] = Field(default_factory=list)
    earlier_terminations: list[Termination] = Field(
        default_factory=list, description="Terminations set aside when the case was reopened, oldest first"
    )
    amendments: list[Amendment] = Field(default_factory=list, description="Corrections and removals")

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Case:
        # The loader asks to defer these so that it can report each problem at its own
        # line; everyone else gets them as one validation error (in both languages).
        if info.context and info.context.get("defer_consistency"):
            return self
        issues = self.consistency_issues()
        if issues:
            from .i18n import t

            words = {lang: "; ".join(f"{where}: {t(f'val.{key}', lang, **params)}" for where, key, params in issues)
                     for lang in ("en", "id")}
            raise KeyedValueError("joined", words["en"], words=words)
        return self

    # -- convenience views ----------------------------------------------------------

    @property
    def monitoring_enabled(self) -> bool:
        return bool(self.monitoring and self.monitoring.enabled)

    @property
    def closed(self) -> bool:
        return self.stage is Stage.CLOSED

    @property
    def needs(self) -> list[Need]:
        return self.assessment.needs if self.assessment else []

    @property
    def goals(self) -> list[Goal]:
        return self.planning.goals if self.planning else []

    @property
    def sessions(self) -> list[Session]:
        return self.intervention.sessions if self.intervention else []

    @property
    def measurements(self) -> list[Measurement]:
        return self.evaluation.measurements if self.evaluation else []

    @property
    def attainment(self) -> list[Attainment]:
        return self.evaluation.attainment if self.evaluation else []

    @property
    def initials(self) -> str:
        if self.client.initials:
            return self.client.initials
        words = [w for w in re.split(r"[\s.]+", self.client.name) if w]
        return "".join(w[0].upper() for w in words)[:4] or "?"

    def objective(self, objective_id: str) -> tuple[Goal, Objective] | None:
        for goal in self.goals:
            for obj in goal.objectives:
                if obj.id == objective_id:
                    return goal, obj
        return None

    # -- consistency ----------------------------------------------------------------

    def consistency_problems(self, lang: str = "en") -> list[tuple[str, str]]:
        """Rules that span fields, as ``(field path, problem)`` pairs, the problem in ``lang``
        (``en`` or ``id``); :meth:`consistency_issues` gives the same with catalogue keys."""
        from .i18n import t

        return [(where, t(f"val.{key}", lang, **params)) for where, key, params in self.consistency_issues()]

    def consistency_issues(self) -> list[Issue]:
        """Rules that span fields, as ``(field path, key, params)``: the problem's text is
        ``val.<key>`` of the catalogue (:mod:`intervensi.validation_i18n`) with ``params``."""
        out: list[Issue] = []
        expected = PRACTICE_LEVEL[self.practice]
        if expected is not self.level:
            out.append(("practice", "practice_level",
                        {"practice": self.practice.value, "expected": expected.value, "level": self.level.value}))
        if self.client.kind not in LEVEL_CLIENTS[self.level]:
            allowed = ", ".join(f"'{k}'" for k in sorted(k.value for k in LEVEL_CLIENTS[self.level]))
            out.append(("client.kind", "level_client", {"level": self.level.value, "allowed": allowed, "kind": self.client.kind.value}))
        if self.strategy is not None and self.level is not Level.MACRO:
            out.append(("strategy", "strategy_macro", {}))
        if self.stage is Stage.MONITORING and not self.monitoring_enabled:
            out.append(("stage", "monitoring_off", {}))
        out += _duplicates("client.members", [m.id for m in self.client.members])
        members = {m.id for m in self.client.members}

        need_ids = [n.id for n in self.needs]
        out += _duplicates("assessment.needs", need_ids)
        if self.assessment:
            if self.assessment.genogram:
                out += _genogram_problems(self.assessment.genogram)
            if self.assessment.ecomap:
                out += _duplicates(
                    "assessment.ecomap.systems", [s.id for s in self.assessment.ecomap.systems]
                )
                people = (
                    {p.id for p in self.assessment.genogram.people}
                    if self.assessment.genogram
                    else set()
                )
                for i, s in enumerate(self.assessment.ecomap.systems):
                    if s.member is not None and s.member not in people:
                        out.append((f"assessment.ecomap.systems.{i}.member", "no_person_genogram", {"id": s.member}))

        goal_ids = [g.id for g in self.goals]
        out += _duplicates("planning.goals", goal_ids)
        objective_ids = [o.id for g in self.goals for o in g.objectives]
        out += _duplicates("planning.goals.*.objectives", objective_ids)
        for gi, goal in enumerate(self.goals):
            for ni, need in enumerate(goal.needs):
                if need not in need_ids:
                    out.append((f"planning.goals.{gi}.needs.{ni}", "no_need", {"id": need}))

        for si, session in enumerate(self.sessions):
            for ref_i, ref in enumerate(session.goals):
                if ref not in goal_ids:
                    out.append((f"intervention.sessions.{si}.goals.{ref_i}", "no_goal", {"id": ref}))
            for ai, who in enumerate(session.attendance or []):
                if who not in members:
                    out.append((f"intervention.sessions.{si}.attendance.{ai}", "no_member", {"id": who}))
        for mi, m in enumerate(self.measurements):
            if m.objective not in objective_ids:
                out.append((f"evaluation.measurements.{mi}.objective", "no_objective", {"id": m.objective}))
        for ai, a in enumerate(self.attainment):
            if a.goal not in goal_ids:
                out.append((f"evaluation.attainment.{ai}.goal", "no_goal", {"id": a.goal}))
        return out


#: A cross-field problem: ``(field path, catalogue key without "val.", parameters)``.
Issue = tuple[str, str, dict[str, Any]]


def _duplicates(where: str, ids: list[str]) -> list[Issue]:
    seen: set[str] = set()
    out: list[Issue] = []
    for i in ids:
        if i in seen:
            out.append((where, "duplicate_id", {"id": i}))
        seen.add(i)
    return out


def _genogram_problems(g: Genogram) -> list[Issue]:
    out: list[Issue] = []
    gp = "assessment.genogram"
    ids = [p.id for p in g.people]
    out += _duplicates(f"{gp}.people", ids)
    people = set(ids)
    index = [p.id for p in g.people if p.index]
    if len(index) > 1:
        out.append((f"{gp}.people", "index_many", {"ids": ", ".join(index)}))
    for p_i, p in enumerate(g.people):
        if p.died is not None and p.born is not None and _year(p.died) < _year(p.born):
            out.append((f"{gp}.people.{p_i}.died", "died_before_born", {}))
    union_ids = [u.id for u in g.unions]
    out += _duplicates(f"{gp}.unions", union_ids)
    for ui, u in enumerate(g.unions):
        for pi, partner in enumerate(u.partners):
            if partner not in people:
                out.append((f"{gp}.unions.{ui}.partners.{pi}", "no_person", {"id": partner}))
        if len(set(u.partners)) != len(u.partners):
            out.append((f"{gp}.unions.{ui}.partners", "own_partner", {}))
        if u.start is not None and u.end is not None and _year(u.end) < _year(u.start):
            out.append((f"{gp}.unions.{ui}.end", "union_end", {}))
    unions = set(union_ids)
    seen_child: set[str] = set()
    for ci, c in enumerate(g.children):
        if c.child not in people:
            out.append((f"{gp}.children.{ci}.child", "no_person", {"id": c.child}))
        if c.union is not None and c.union not in unions:
            out.append((f"{gp}.children.{ci}.union", "no_union", {"id": c.union}))
        if c.parent is not None and c.parent not in people:
            out.append((f"{gp}.children.{ci}.parent", "no_person", {"id": c.parent}))
        if c.child in seen_child and c.kind is ChildKind.BIOLOGICAL:
            # A person may also be adopted or fostered elsewhere, but has one birth family.
            others = [x for x in g.children[:ci] if x.child == c.child and x.kind is ChildKind.BIOLOGICAL]
            if others:
                out.append((f"{gp}.children.{ci}.child", "two_birth_families", {"id": c.child}))
        seen_child.add(c.child)
        if c.union is not None and c.union in unions:
            union = next(u for u in g.unions if u.id == c.union)
            if c.child in union.partners:
                out.append((f"{gp}.children.{ci}.child", "own_union_child", {"id": c.child}))
    for ri, r in enumerate(g.relationships):
        for side in ("a", "b"):
            who = getattr(r, side)
            if who not in people:
                out.append((f"{gp}.relationships.{ri}.{side}", "no_person", {"id": who}))
        if r.a == r.b:
            out.append((f"{gp}.relationships.{ri}", "relationship_two", {}))
    return out


def _year(v: int | dt.date) -> int:
    return v if isinstance(v, int) else v.year


__all__ = [
    "SCHEMA_VERSION",
    "Activity",
    "Agency",
    "Amendment",
    "Assessment",
    "Attainment",
    "Case",
    "Check",
    "Child",
    "Client",
    "Contract",
    "Ecomap",
    "Engagement",
    "Evaluation",
    "GasLevels",
    "Genogram",
    "Goal",
    "Intervention",
    "Measurement",
    "Member",
    "Monitoring",
    "Need",
    "Objective",
    "Person",
    "Planning",
    "Referral",
    "Relationship",
    "Risk",
    "Role",
    "Session",
    "Strength",
    "System",
    "Termination",
    "Transition",
    "Union",
    "Worker",
]
