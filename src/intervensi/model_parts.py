"""The sections of a case file as Pydantic models (DOMAIN.md §2–3): people, engagement,
assessment (genogram, ecomap), planning (goals, objectives, GAS levels), intervention,
evaluation, monitoring, termination and history. :class:`intervensi.model.Case` holds them
and checks the references between them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    model_validator,
)

from .model_base import IDENT, Born, IsoDate, IsoDateTime, Name, Slug, Strict, Text, YearOrDate, _not_future
from .validation_i18n import KeyedValueError
from .vocab import (
    ChildKind,
    ClientKind,
    Connection,
    Flow,
    PersonKind,
    RelationKind,
    RiskLevel,
    SessionKind,
    Sex,
    Stage,
    SystemKind,
    TerminationKind,
    TransitionKind,
    UnionKind,
)

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
    family_card: str | None = Field(
        default=None,
        json_schema_extra=IDENT,
        description="Family card (Kartu Keluarga, KK) number: the key a roster import matches a family by",
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
    id_number: str | None = Field(default=None, json_schema_extra=IDENT, description="NIK (national identity number)")
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
            raise KeyedValueError("child_origin", "a child link names either a union or a single parent")
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
