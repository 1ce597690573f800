"""The practitioner's vocabulary: levels, practice forms, stages and the other closed lists.

Kept free of heavy imports (no pydantic, no YAML) so the command line can name stages and
choices in ``--help`` without paying for the model. Labels in both languages live in
:mod:`intervensi.i18n`; the values here are the identifiers written in case files.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    MICRO = "micro"
    MEZZO = "mezzo"
    MACRO = "macro"


class Practice(StrEnum):
    CASEWORK = "casework"
    CASE_MANAGEMENT = "case_management"
    GROUP_WORK = "group_work"
    GROUP_THERAPY = "group_therapy"
    FAMILY_THERAPY = "family_therapy"
    COMMUNITY_ORGANIZATION = "community_organization"
    ADMINISTRATION = "administration"


class ClientKind(StrEnum):
    INDIVIDUAL = "individual"
    FAMILY = "family"
    GROUP = "group"
    INSTITUTION = "institution"
    COMMUNITY = "community"
    ORGANIZATION = "organization"
    POPULATION = "population"


class Strategy(StrEnum):
    """Macro change strategies (seed 003)."""

    LOCAL_DEVELOPMENT = "local_development"
    SOCIAL_PLANNING = "social_planning"
    SOCIAL_ACTION = "social_action"


class Stage(StrEnum):
    ENGAGEMENT = "engagement"
    ASSESSMENT = "assessment"
    PLANNING = "planning"
    INTERVENTION = "intervention"
    EVALUATION = "evaluation"
    MONITORING = "monitoring"
    TERMINATION = "termination"
    CLOSED = "closed"


#: The six stages of the circle in order, monitoring sitting between evaluation and
#: termination when a case enables it; ``closed`` is where termination leads.
STAGE_ORDER: tuple[Stage, ...] = (
    Stage.ENGAGEMENT,
    Stage.ASSESSMENT,
    Stage.PLANNING,
    Stage.INTERVENTION,
    Stage.EVALUATION,
    Stage.MONITORING,
    Stage.TERMINATION,
    Stage.CLOSED,
)
SIX_STAGES: tuple[Stage, ...] = tuple(
    s for s in STAGE_ORDER if s not in (Stage.MONITORING, Stage.CLOSED)
)

#: Which practice forms belong to which level (Zastrow, seed 004).
PRACTICE_LEVEL: dict[Practice, Level] = {
    Practice.CASEWORK: Level.MICRO,
    Practice.CASE_MANAGEMENT: Level.MICRO,
    Practice.GROUP_WORK: Level.MEZZO,
    Practice.GROUP_THERAPY: Level.MEZZO,
    Practice.FAMILY_THERAPY: Level.MEZZO,
    Practice.COMMUNITY_ORGANIZATION: Level.MACRO,
    Practice.ADMINISTRATION: Level.MACRO,
}

#: Which client systems each level serves (DOMAIN.md §1).
LEVEL_CLIENTS: dict[Level, frozenset[ClientKind]] = {
    Level.MICRO: frozenset({ClientKind.INDIVIDUAL, ClientKind.FAMILY}),
    Level.MEZZO: frozenset({ClientKind.FAMILY, ClientKind.GROUP, ClientKind.INSTITUTION}),
    Level.MACRO: frozenset(
        {ClientKind.COMMUNITY, ClientKind.ORGANIZATION, ClientKind.POPULATION}
    ),
}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class PersonKind(StrEnum):
    """A genogram symbol: a person, or a pregnancy that is not (yet) one."""

    PERSON = "person"
    PREGNANCY = "pregnancy"
    MISCARRIAGE = "miscarriage"
    STILLBIRTH = "stillbirth"


class UnionKind(StrEnum):
    MARRIED = "married"
    COHABITING = "cohabiting"
    ENGAGED = "engaged"
    SEPARATED = "separated"
    DIVORCED = "divorced"


class ChildKind(StrEnum):
    BIOLOGICAL = "biological"
    ADOPTED = "adopted"
    FOSTER = "foster"


class RelationKind(StrEnum):
    CLOSE = "close"
    FUSED = "fused"
    DISTANT = "distant"
    CONFLICT = "conflict"
    HOSTILE = "hostile"
    CUT_OFF = "cut_off"
    ABUSE = "abuse"


class SystemKind(StrEnum):
    WORK = "work"
    SCHOOL = "school"
    HEALTH = "health"
    WELFARE = "welfare"
    RELIGION = "religion"
    EXTENDED_FAMILY = "extended_family"
    FRIENDS = "friends"
    NEIGHBOURS = "neighbours"
    RECREATION = "recreation"
    TRAINING = "training"
    CREDIT = "credit"
    GOVERNMENT = "government"
    OTHER = "other"


class Connection(StrEnum):
    STRONG = "strong"
    MODERATE = "moderate"
    TENUOUS = "tenuous"
    STRESSFUL = "stressful"
    NONE = "none"


class Flow(StrEnum):
    """Direction of energy or resources, seen from the household."""

    TO_CLIENT = "to_client"
    FROM_CLIENT = "from_client"
    BOTH = "both"
    NONE = "none"


class SessionKind(StrEnum):
    HOME_VISIT = "home_visit"
    OFFICE_VISIT = "office_visit"
    COUNSELLING = "counselling"
    TRAINING = "training"
    GROUP_MEETING = "group_meeting"
    COMMUNITY_MEETING = "community_meeting"
    REFERRAL = "referral"
    ADVOCACY = "advocacy"
    PHONE = "phone"
    CASE_CONFERENCE = "case_conference"
    OTHER = "other"


class TerminationKind(StrEnum):
    PLANNED = "planned"
    CLIENT_INITIATED = "client_initiated"
    REFERRAL = "referral"
    TRANSFER = "transfer"
    UNPLANNED = "unplanned"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class TransitionKind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    CLOSE = "close"
    REOPEN = "reopen"
    #: An early ending (client-initiated, unplanned, referral, transfer): from any open
    #: stage straight to termination or closed, with no gates in between.
    END = "end"
