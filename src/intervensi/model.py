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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from .vocab import (
    LEVEL_CLIENTS,
    PRACTICE_LEVEL,
    ChildKind,
    ClientKind,
    Connection,
    Flow,
    Level,
    PersonKind,
    Practice,
    RelationKind,
    RiskLevel,
    SessionKind,
    Sex,
    Stage,
    Strategy,
    SystemKind,
    TerminationKind,
    TransitionKind,
    UnionKind,
)

SCHEMA_VERSION = 1

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: A case id names a file in the case directory and nothing else: no separators, no dots
#: at the start, no ``..``, at most 64 characters.
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def _iso_date(value: Any) -> Any:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; refuse numbers and other forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return dt.date.fromisoformat(value.strip())
    raise ValueError("expected an ISO date, YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("expected an ISO date and time, YYYY-MM-DDTHH:MM:SS")


def _year_or_date(value: Any) -> Any:
    """Genogram years: a year (``1993``), or a full ISO date when known."""
    if isinstance(value, bool):
        raise ValueError("expected a year or an ISO date")
    if isinstance(value, int):
        if 1000 <= value <= 2999:
            return value
        raise ValueError("expected a four-digit year")
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        return int(value)
    return _iso_date(value)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            "an id is 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit"
        )
    return value


def _case_id(value: str) -> str:
    if not CASE_ID.match(value):
        raise ValueError(
            "a case id is 1–64 letters, digits, '-' or '_' (it names a file: no '/', '.' or spaces)"
        )
    return value


def _not_future(value: Any) -> Any:
    """A birth (year or date) cannot lie in the future."""
    today = dt.date.today()
    if (isinstance(value, int) and value > today.year) or (isinstance(value, dt.date) and value > today):
        from .validation_i18n import KeyedValueError  # words in both languages, loaded only when refused

        raise KeyedValueError("future_birth", "a birth cannot lie in the future")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
YearOrDate = Annotated[int | dt.date, BeforeValidator(_year_or_date)]
Slug = Annotated[str, AfterValidator(_slug)]
CaseId = Annotated[str, AfterValidator(_case_id)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
#: A name that must have words (strings are stripped first: spaces alone are refused).
Name = Annotated[str, Field(min_length=1)]
Born = Annotated[int | dt.date, BeforeValidator(_year_or_date), AfterValidator(_not_future)]
IDENT: dict[str, Any] = {"x-identifying": True}


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)


# --------------------------------------------------------------------------- people


class Member(Strict):
    """A member of a client system (family member, group member, community body)."""

    id: Slug
    name: Name = Field(json_schema_extra=IDENT)
    role: str | None = None
    sex: Sex | None = None
    born: Born | None = Field(default=None, json_schema_extra=IDENT)
    joined: IsoDate | None = None
    left: IsoDate | None = None


class Client(Strict):
    kind: ClientKind
    name: Name = Field(
        json_schema_extra=IDENT,
        description="Name, or only initials; for groups and communities the group's name.",
    )
    initials: str | None = Field(default=None, max_length=12)
    sex: Sex | None = None
    born: Born | None = Field(default=None, json_schema_extra=IDENT)
    age: int | None = Field(default=None, ge=0, le=130, description="Age at intake")
    address: str | None = Field(default=None, json_schema_extra=IDENT)
    phone: str | None = Field(default=None, json_schema_extra=IDENT)
    id_number: str | None = Field(
        default=None, json_schema_extra=IDENT, description="NIK, KK or programme number"
    )
    region: str | None = Field(default=None, description="District or village, not an address")
    programmes: list[str] = Field(default_factory=list, description="e.g. PKH, BPNT")
    description: str | None = None
    members: list[Member] = Field(default_factory=list)


class Worker(Strict):
    name: Name
    role: str | None = Field(default=None, description="e.g. pekerja sosial, praktikan, pendamping PKH")
    supervisor: str | None = None
    contact: str | None = None


class Agency(Strict):
    name: Name
    unit: str | None = None
    address: str | None = None


# --------------------------------------------------------------------------- engagement


class Role(Strict):
    party: Name
    role: Text


class Contract(Strict):
    focus: list[Text] = Field(default_factory=list, description="What was agreed to work on")
    roles: list[Role] = Field(default_factory=list)
    frequency: str | None = Field(default=None, description="e.g. weekly home visits")
    length: str | None = Field(default=None, description="e.g. 8 weeks")
    sessions_planned: int | None = Field(default=None, ge=0)
    agreed: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    review: IsoDate | None = Field(default=None, description="Next contract review date")
    notes: str | None = None


class Engagement(Strict):
    first_contact: IsoDate | None = None
    contact_kind: SessionKind | None = None
    referral_source: str | None = None
    presenting_problem: str | None = None
    client_words: str | None = Field(
        default=None, json_schema_extra=IDENT, description="The client's own words"
    )
    approach: str | None = None
    observations: list[Text] = Field(default_factory=list)
    contract: Contract | None = None


# --------------------------------------------------------------------------- assessment


class Person(Strict):
    """A genogram symbol (McGoldrick): a person, a pregnancy, a miscarriage or a stillbirth."""

    id: Slug
    name: Name | None = Field(default=None, json_schema_extra=IDENT)
    sex: Sex = Sex.UNKNOWN
    kind: PersonKind = PersonKind.PERSON
    born: YearOrDate | None = Field(default=None, json_schema_extra=IDENT)
    died: YearOrDate | None = None
    deceased: bool = False
    index: bool = Field(default=False, description="The client (index person): double outline")
    household: Slug | None = Field(default=None, description="Household id: members enclosed together")
    occupation: str | None = None
    note: str | None = None

    @property
    def is_deceased(self) -> bool:
        return self.deceased or self.died is not None

    @model_validator(mode="after")
    def _born_not_future(self) -> Person:
        # a pregnancy may carry its expected date; a person's birth and death are past
        if self.kind is PersonKind.PERSON:
            for value in (self.born, self.died):
                if value is not None:
                    _not_future(value)
        return self


class Union(Strict):
    id: Slug
    partners: list[Slug] = Field(min_length=2, max_length=2)
    kind: UnionKind = UnionKind.MARRIED
    start: YearOrDate | None = Field(default=None, description="Year married or together")
    end: YearOrDate | None = Field(default=None, description="Year separated or divorced")
    note: str | None = None


class Child(Strict):
    """A parent–child link: from a union, or from one parent when the other is not drawn."""

    child: Slug
    union: Slug | None = None
    parent: Slug | None = None
    kind: ChildKind = ChildKind.BIOLOGICAL
    twin: Slug | None = Field(default=None, description="Twin group id: twins share one point")
    identical: bool = False

    @model_validator(mode="after")
    def _one_origin(self) -> Child:
        if (self.union is None) == (self.parent is None):
            raise ValueError("a child link names either a union or a single parent")
        return self


class Relationship(Strict):
    a: Slug
    b: Slug
    kind: RelationKind
    note: str | None = None


class Genogram(Strict):
    people: list[Person] = Field(default_factory=list)
    unions: list[Union] = Field(default_factory=list)
    children: list[Child] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class System(Strict):
    """An ecomap circle (Hartman): a system around the household and its tie to it."""

    id: Slug
    kind: SystemKind = SystemKind.OTHER
    name: Name
    connection: Connection = Connection.NONE
    flow: Flow = Flow.NONE
    member: Slug | None = Field(
        default=None, description="Genogram person the tie belongs to, when not the whole household"
    )
    note: str | None = None


class Ecomap(Strict):
    household: str | None = Field(default=None, description="Label of the central circle")
    systems: list[System] = Field(default_factory=list)


class Need(Strict):
    id: Slug
    text: Text
    area: str | None = Field(default=None, description="e.g. economic, psychosocial, education")


class Strength(Strict):
    id: Slug | None = None
    text: Text
    kind: Literal["personal", "family", "social", "community", "material", "other"] | None = None


class Risk(Strict):
    text: Text
    level: RiskLevel = RiskLevel.MEDIUM
    plan: str | None = None


class Assessment(Strict):
    date: IsoDate | None = None
    tools: list[str] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list)
    strengths: list[Strength] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    summary: str | None = None
    genogram: Genogram | None = None
    ecomap: Ecomap | None = None


# --------------------------------------------------------------------------- planning


class Objective(Strict):
    """A measurable objective: indicator, baseline, target, due date."""

    id: Slug
    indicator: Text
    unit: str | None = None
    baseline: float | None = Field(default=None, allow_inf_nan=False)
    target: float | None = Field(default=None, allow_inf_nan=False)
    due: IsoDate | None = None
    note: str | None = None

    @property
    def measurable(self) -> bool:
        """Indicator, baseline, target and due date, and a distance to go (baseline ≠ target)."""
        return self.baseline is not None and self.target is not None and self.due is not None and self.baseline != self.target


class Activity(Strict):
    text: Text
    who: str | None = None
    when: str | None = None


class GasLevels(Strict):
    """What each Goal Attainment Scaling level means for this goal, written at planning."""

    much_less: str | None = Field(default=None, alias="-2")
    less: str | None = Field(default=None, alias="-1")
    expected: str | None = Field(default=None, alias="0")
    more: str | None = Field(default=None, alias="+1")
    much_more: str | None = Field(default=None, alias="+2")

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, data: Any) -> Any:
        # ``-2:`` and ``+1:`` written unquoted are numbers in YAML; accept them as levels.
        if isinstance(data, dict):
            names = {-2: "-2", -1: "-1", 0: "0", 1: "+1", 2: "+2", "1": "+1", "2": "+2"}
            return {names.get(k, k) if not isinstance(k, bool) else k: v for k, v in data.items()}
        return data

    def meaning(self, score: int) -> str | None:
        return {-2: self.much_less, -1: self.less, 0: self.expected, 1: self.more, 2: self.much_more}.get(score)


class Goal(Strict):
    id: Slug
    text: Text
    needs: list[Slug] = Field(default_factory=list, description="Ids of the needs it answers")
    weight: float | None = Field(
        default=None, gt=0, allow_inf_nan=False, description="GAS weight, a finite positive number; 1 when absent"
    )
    objectives: list[Objective] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    gas: GasLevels | None = None


class Planning(Strict):
    date: IsoDate | None = None
    goals: list[Goal] = Field(default_factory=list)
    schedule: str | None = None
    notes: str | None = None


# --------------------------------------------------------------------------- intervention


class Session(Strict):
    date: IsoDate
    kind: SessionKind = SessionKind.HOME_VISIT
    title: str | None = None
    goals: list[Slug] = Field(default_factory=list)
    activities: list[Text] = Field(default_factory=list)
    attendance: list[Slug] | None = Field(
        default=None, description="Ids of the client members present (groups)"
    )
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    notes: str | None = Field(default=None, json_schema_extra=IDENT)
    by: str | None = None


class Intervention(Strict):
    sessions: list[Session] = Field(default_factory=list)
    notes: str | None = None


# --------------------------------------------------------------------------- evaluation


class Measurement(Strict):
    objective: Slug
    date: IsoDate
    value: float = Field(allow_inf_nan=False)
    note: str | None = None


class Attainment(Strict):
    """A Goal Attainment Scaling score, −2 … +2."""

    goal: Slug
    score: int = Field(ge=-2, le=2)
    date: IsoDate | None = None
    note: str | None = None


class Evaluation(Strict):
    date: IsoDate | None = None
    measurements: list[Measurement] = Field(default_factory=list)
    attainment: list[Attainment] = Field(default_factory=list)
    changed: list[Text] = Field(default_factory=list, description="What changed")
    unchanged: list[Text] = Field(default_factory=list, description="What did not change")
    summary: str | None = None


class Check(Strict):
    date: IsoDate
    note: Text
    holding: bool | None = Field(default=None, description="Does the change hold?")


class Monitoring(Strict):
    enabled: bool = False
    checks: list[Check] = Field(default_factory=list)
    plan: str | None = None


class Referral(Strict):
    to: Name
    reason: str | None = None
    date: IsoDate | None = None


class Termination(Strict):
    date: IsoDate | None = None
    kind: TerminationKind | None = None
    summary: str | None = None
    follow_up: str | None = None
    sustainability: list[Text] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)


class Transition(Strict):
    """One step of the case through the cycle. History is appended to, never rewritten."""

    at: IsoDateTime
    from_: Stage | None = Field(alias="from")
    to: Stage
    kind: TransitionKind = TransitionKind.FORWARD
    by: str | None = None
    reason: str | None = None
    forced: bool = False
    unmet: list[str] = Field(default_factory=list, description="Conditions unmet when forced")
    ending: TerminationKind | None = Field(
        default=None, description="For an early ending (kind: end): how the case ended"
    )
    recorded: IsoDateTime | None = Field(
        default=None, description="When a move dated after the fact (--at) was written"
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class Amendment(Strict):
    """A correction of something already recorded: what, when, by whom, why.

    Appended by the ``change`` and ``remove`` commands; like ``history`` it is never
    rewritten. It names the item and the fields, not their old values (those may be client
    data that an anonymised export must not carry; the file's own backups or git keep them).
    """

    at: IsoDateTime
    by: str | None = None
    action: Literal["change", "remove"]
    item: str = Field(description="The item, e.g. assessment.needs[keuangan] or evaluation.measurements#3")
    fields: list[str] = Field(default_factory=list, description="The fields changed")
    reason: str | None = None


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
        # line; everyone else gets them as one validation error.
        if info.context and info.context.get("defer_consistency"):
            return self
        errors = [f"{where}: {what}" for where, what in self.consistency_problems()]
        if errors:
            raise ValueError("; ".join(errors))
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

    def consistency_problems(self) -> list[tuple[str, str]]:
        """Rules that span fields, as ``(field path, problem)`` pairs."""
        out: list[str] = []
        expected = PRACTICE_LEVEL[self.practice]
        if expected is not self.level:
            out.append(
                f"practice: {self.practice.value} is {expected.value}-level practice, "
                f"but the case level is {self.level.value}"
            )
        if self.client.kind not in LEVEL_CLIENTS[self.level]:
            allowed = ", ".join(sorted(k.value for k in LEVEL_CLIENTS[self.level]))
            out.append(
                f"client.kind: a {self.level.value} case serves {allowed}, not {self.client.kind.value}"
            )
        if self.strategy is not None and self.level is not Level.MACRO:
            out.append("strategy: a change strategy belongs to macro-level cases")
        if self.stage is Stage.MONITORING and not self.monitoring_enabled:
            out.append("stage: the case is in monitoring but monitoring.enabled is not true")
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
                        out.append(
                            f"assessment.ecomap.systems.{i}.member: no person '{s.member}' in the genogram"
                        )

        goal_ids = [g.id for g in self.goals]
        out += _duplicates("planning.goals", goal_ids)
        objective_ids = [o.id for g in self.goals for o in g.objectives]
        out += _duplicates("planning.goals.*.objectives", objective_ids)
        for gi, goal in enumerate(self.goals):
            for ni, need in enumerate(goal.needs):
                if need not in need_ids:
                    out.append(f"planning.goals.{gi}.needs.{ni}: no need '{need}' in the assessment")

        for si, session in enumerate(self.sessions):
            for ref_i, ref in enumerate(session.goals):
                if ref not in goal_ids:
                    out.append(f"intervention.sessions.{si}.goals.{ref_i}: no goal '{ref}' in the plan")
            for ai, who in enumerate(session.attendance or []):
                if who not in members:
                    out.append(
                        f"intervention.sessions.{si}.attendance.{ai}: no member '{who}' in client.members"
                    )
        for mi, m in enumerate(self.measurements):
            if m.objective not in objective_ids:
                out.append(f"evaluation.measurements.{mi}.objective: no objective '{m.objective}' in the plan")
        for ai, a in enumerate(self.attainment):
            if a.goal not in goal_ids:
                out.append(f"evaluation.attainment.{ai}.goal: no goal '{a.goal}' in the plan")
        return [_split(p) for p in out]


def _split(problem: str) -> tuple[str, str]:
    where, _, what = problem.partition(": ")
    return where, what


def _duplicates(where: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for i in ids:
        if i in seen:
            out.append(f"{where}: the id '{i}' is used twice")
        seen.add(i)
    return out


def _genogram_problems(g: Genogram) -> list[str]:
    out: list[str] = []
    ids = [p.id for p in g.people]
    out += _duplicates("assessment.genogram.people", ids)
    people = set(ids)
    index = [p.id for p in g.people if p.index]
    if len(index) > 1:
        out.append("assessment.genogram.people: more than one index person (" + ", ".join(index) + ")")
    for p_i, p in enumerate(g.people):
        if p.died is not None and p.born is not None and _year(p.died) < _year(p.born):
            out.append(f"assessment.genogram.people.{p_i}.died: before the person was born")
    union_ids = [u.id for u in g.unions]
    out += _duplicates("assessment.genogram.unions", union_ids)
    for ui, u in enumerate(g.unions):
        for pi, partner in enumerate(u.partners):
            if partner not in people:
                out.append(f"assessment.genogram.unions.{ui}.partners.{pi}: no person '{partner}'")
        if len(set(u.partners)) != len(u.partners):
            out.append(f"assessment.genogram.unions.{ui}.partners: a person cannot be their own partner")
        if u.start is not None and u.end is not None and _year(u.end) < _year(u.start):
            out.append(f"assessment.genogram.unions.{ui}.end: before the union began")
    unions = set(union_ids)
    seen_child: set[str] = set()
    for ci, c in enumerate(g.children):
        if c.child not in people:
            out.append(f"assessment.genogram.children.{ci}.child: no person '{c.child}'")
        if c.union is not None and c.union not in unions:
            out.append(f"assessment.genogram.children.{ci}.union: no union '{c.union}'")
        if c.parent is not None and c.parent not in people:
            out.append(f"assessment.genogram.children.{ci}.parent: no person '{c.parent}'")
        if c.child in seen_child and c.kind is ChildKind.BIOLOGICAL:
            # A person may also be adopted or fostered elsewhere, but has one birth family.
            others = [x for x in g.children[:ci] if x.child == c.child and x.kind is ChildKind.BIOLOGICAL]
            if others:
                out.append(f"assessment.genogram.children.{ci}.child: '{c.child}' has two birth families")
        seen_child.add(c.child)
        if c.union is not None and c.union in unions:
            union = next(u for u in g.unions if u.id == c.union)
            if c.child in union.partners:
                out.append(f"assessment.genogram.children.{ci}.child: '{c.child}' is a child of their own union")
    for ri, r in enumerate(g.relationships):
        for side in ("a", "b"):
            who = getattr(r, side)
            if who not in people:
                out.append(f"assessment.genogram.relationships.{ri}.{side}: no person '{who}'")
        if r.a == r.b:
            out.append(f"assessment.genogram.relationships.{ri}: a relationship needs two people")
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
