"""intervensi: carry social-work cases through the intervention cycle.

The library is the product; the ``intervensi`` command is a thin layer over it. Names
are loaded lazily so that ``import intervensi`` (and ``intervensi --help``) stays fast.

    >>> import intervensi
    >>> case = intervensi.load_case("cases/pkh-s-2025.yaml")
    >>> [u.text("en") for u in intervensi.gate(case)]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # model
    "Case": "model",
    "Client": "model",
    "Goal": "model",
    "Objective": "model",
    "Session": "model",
    "Genogram": "model",
    "Ecomap": "model",
    "Transition": "model",
    "SCHEMA_VERSION": "model",
    # vocabulary
    "Stage": "vocab",
    "Level": "vocab",
    "Practice": "vocab",
    "ClientKind": "vocab",
    # reading and checking
    "load_case": "casefile",
    "check_file": "casefile",
    "problems": "casefile",
    # the cycle
    "gate": "cycle",
    "advance": "moves",
    "reopen": "moves",
    "next_stage": "cycle",
    "next_due": "cycle",
    "days_in_stage": "cycle",
    "Unmet": "cycle",
    # new cases and filling them
    "new_case": "newcase",
    "set_contract": "ops",
    "add_need": "ops",
    "add_strength": "ops",
    "add_risk": "ops",
    "add_goal": "ops",
    "add_objective": "ops",
    "add_activity": "ops",
    "add_session": "ops",
    "add_measurement": "ops",
    "score_goal": "ops",
    "set_monitoring": "ops",
    "add_check": "ops",
    "record_termination": "ops",
    # the whole case by command: facts, corrections, early endings
    "change_facts": "ops_facts",
    "ListEdit": "ops_facts",
    "change_item": "ops_items",
    "remove_item": "ops_items",
    "list_items": "ops_items",
    "add_member": "ops_items",
    "add_text": "ops_items",
    "add_role": "ops_items",
    "add_referral": "ops_items",
    "end_case": "ending",
    # cohorts
    "Cohort": "cohort",
    "Anonymizer": "anonymize",
    # a programme roster in: one case per family
    "plan_import": "roster",
    "apply_import": "roster",
    "import_roster": "roster",
    "ImportPlan": "roster",
    "RosterError": "roster_read",
    # files
    "edit": "store",
    "atomic_write": "store",
    "CaseLock": "store",
    "init_workspace": "workspace",
    "load_config": "config",
    "case_schema": "schema",
    # errors
    "IntervensiError": "errors",
    "CaseFileError": "errors",
    "GateNotMet": "errors",
    "ExitCode": "errors",
}

__all__ = [
    "SCHEMA_VERSION",
    "Anonymizer",
    "Case",
    "CaseFileError",
    "CaseLock",
    "Client",
    "ClientKind",
    "Cohort",
    "Ecomap",
    "ExitCode",
    "GateNotMet",
    "Genogram",
    "Goal",
    "ImportPlan",
    "IntervensiError",
    "Level",
    "ListEdit",
    "Objective",
    "Practice",
    "RosterError",
    "Session",
    "Stage",
    "Transition",
    "Unmet",
    "__version__",
    "add_activity",
    "add_check",
    "add_goal",
    "add_measurement",
    "add_member",
    "add_need",
    "add_objective",
    "add_referral",
    "add_risk",
    "add_role",
    "add_session",
    "add_strength",
    "add_text",
    "advance",
    "apply_import",
    "atomic_write",
    "case_schema",
    "change_facts",
    "change_item",
    "check_file",
    "days_in_stage",
    "edit",
    "end_case",
    "gate",
    "import_roster",
    "init_workspace",
    "list_items",
    "load_case",
    "load_config",
    "new_case",
    "next_due",
    "next_stage",
    "plan_import",
    "problems",
    "record_termination",
    "remove_item",
    "reopen",
    "score_goal",
    "set_contract",
    "set_monitoring",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'intervensi' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from .casefile import check_file, load_case, problems
    from .config import load_config
    from .cycle import Unmet, days_in_stage, gate, next_due, next_stage
    from .ending import end_case
    from .errors import CaseFileError, ExitCode, GateNotMet, IntervensiError
    from .model import SCHEMA_VERSION, Case, Client, Ecomap, Genogram, Goal, Objective, Session, Transition
    from .moves import advance, reopen
    from .newcase import new_case
    from .ops import (
        add_activity,
        add_check,
        add_goal,
        add_measurement,
        add_need,
        add_objective,
        add_risk,
        add_session,
        add_strength,
        record_termination,
        score_goal,
        set_contract,
        set_monitoring,
    )
    from .ops_facts import ListEdit, change_facts
    from .ops_items import add_member, add_referral, add_role, add_text, change_item, list_items, remove_item
    from .roster import ImportPlan, apply_import, import_roster, plan_import
    from .roster_read import RosterError
    from .schema import case_schema
    from .store import CaseLock, atomic_write, edit
    from .vocab import ClientKind, Level, Practice, Stage
    from .workspace import init_workspace
