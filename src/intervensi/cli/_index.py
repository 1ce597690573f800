"""Which module of :mod:`intervensi.cli` registers each top-level command and noun group.

``intervensi show CASE`` imports only ``cli/case.py``, not the other thirteen modules of
commands: the top-level group knows every name from this table and imports the module that
registers a name when the name is looked up (:class:`intervensi.cli.Pending`). ``--help``
imports them all (it lists every command with its help). Data only; the order is the order
of the top-level help. :func:`intervensi.cli.registered` reads the real registrations;
``tests/test_startup.py`` fails, printing the new table, when this one is behind them.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "init": "case", "new-case": "case", "show": "case", "check": "case", "history": "case", "schema": "case",
    "import": "roster", "advance": "cycle", "reopen": "cycle", "contract": "fill", "add-need": "fill",
    "add-strength": "fill", "add-risk": "fill", "add-goal": "fill", "add-objective": "fill", "add-activity":
    "fill", "add-session": "fill", "add-measurement": "fill", "score-goal": "fill", "monitoring": "fill",
    "add-check": "fill", "terminate": "fill", "summary": "fill", "evaluate": "evaluation", "report": "reports",
    "status": "cohort", "agenda": "cohort", "export": "cohort", "render": "render", "set": "bulk",
    "advance-ready": "bulk", "add-session-all": "bulk", "site": "site", "genogram": "diagram", "ecomap":
    "diagram", "add-person": "diagram", "change-person": "diagram", "remove-person": "diagram", "add-union":
    "diagram", "change-union": "diagram", "remove-union": "diagram", "add-child": "diagram", "remove-child":
    "diagram", "add-relationship": "diagram", "remove-relationship": "diagram", "add-system": "diagram",
    "change-system": "diagram", "remove-system": "diagram", "end-case": "n_termination",
}
NOUNS: dict[str, str] = {
    "client": "n_engagement", "worker": "n_engagement", "agency": "n_engagement", "engagement": "n_engagement",
    "member": "n_engagement", "focus": "n_engagement", "role": "n_engagement", "assessment": "n_assessment",
    "need": "n_assessment", "strength": "n_assessment", "risk": "n_assessment", "person": "n_diagram", "union":
    "n_diagram", "child": "n_diagram", "relationship": "n_diagram", "system": "n_diagram", "planning":
    "n_planning", "goal": "n_planning", "objective": "n_planning", "activity": "n_planning", "intervention":
    "n_intervention", "session": "n_intervention", "evaluation": "n_evaluation", "measurement": "n_evaluation",
    "score": "n_evaluation", "monitoring-check": "n_evaluation", "referral": "n_termination",
}
