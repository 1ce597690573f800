"""Evaluation that shows change (DOMAIN.md §6): progress, Goal Attainment Scaling, AB design.

Everything here is plain arithmetic over a loaded :class:`~intervensi.model.Case`:

- per objective: baseline, target, latest measurement and *progress*, the share of the way
  from baseline to target (a target below the baseline counts down, so progress is
  ``(latest − baseline) / (target − baseline)`` in both directions; it may fall below 0 or
  rise above 1 and is not clipped);
- per goal: its latest attainment score (−2 … +2) with what that level was written to mean;
- for the case: the GAS T-score (Kiresuk & Sherman, 1968)
  ``T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²)``, ρ = 0.3 by convention, weight 1 when unset;
- single-system (AB) design: measurements on or before the date of the first intervention
  session form phase A (the baseline is usually taken at the start of that first meeting),
  later ones phase B; where both phases have data, NAP (non-overlap of all pairs, Parker &
  Vannest 2009): the share of (A, B) pairs where B is better than A, ties counting half.

The library never prints; :meth:`CaseEvaluation.to_dict` gives every figure for ``--json``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .model import Case

DEFAULT_RHO = 0.3

#: The standard names of the five GAS levels (Kiresuk & Sherman, 1968), shown where a goal
#: has no level text of its own for the score it was given.
STANDARD_LEVELS: dict[int, dict[str, str]] = {
    -2: {"en": "much less than expected", "id": "jauh di bawah harapan"},
    -1: {"en": "somewhat less than expected", "id": "sedikit di bawah harapan"},
    0: {"en": "the expected outcome", "id": "sesuai harapan"},
    1: {"en": "somewhat more than expected", "id": "sedikit di atas harapan"},
    2: {"en": "much more than expected", "id": "jauh di atas harapan"},
}


def level_name(score: int | None, lang: str = "en") -> str | None:
    """The standard name of GAS level ``score`` (−2 … +2) in ``lang`` (English when unknown); ``None`` off the scale."""
    names = STANDARD_LEVELS.get(score) if score is not None else None
    if names is None:
        return None
    return names.get(lang) or names["en"]


# --------------------------------------------------------------------------- the formulas


def gas_t_score(scores: Sequence[int | float], weights: Sequence[float | None] | None = None, rho: float = DEFAULT_RHO) -> float | None:
    """The Goal Attainment Scaling T-score of ``scores`` (−2 … +2) with ``weights``.

    A weight of ``None`` counts as 1. ``None`` when there is no score at all.

    >>> round(gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6]), 2)
    55.0
    """
    if not 0 <= rho < 1:
        raise UsageError("rho must be at least 0 and below 1", field="rho", key="eval_rho", params={"rho": rho})
    if weights is None:
        weights = [None] * len(scores)
    if len(weights) != len(scores):
        raise ValueError("one weight per score")
    ws = [1.0 if w is None else float(w) for w in weights]
    if any(not math.isfinite(w) or w <= 0 for w in ws):
        raise ValueError("weights are finite positive numbers")
    if not scores:
        return None
    # T does not change when every weight is multiplied by one factor: dividing by the
    # largest keeps Σw² finite for weights such as 1e200 (which would overflow to inf).
    top = max(ws)
    ws = [w / top for w in ws]
    swx = sum(w * x for w, x in zip(ws, scores, strict=True))
    sw2 = sum(w * w for w in ws)
    sw = sum(ws)
    return 50 + 10 * swx / math.sqrt((1 - rho) * sw2 + rho * sw * sw)


def progress(baseline: float | None, target: float | None, value: float | None) -> float | None:
    """The share of the way from ``baseline`` to ``target`` that ``value`` has come.

    Direction-aware by construction: with a target below the baseline a fall is progress.
    ``None`` when a figure is missing or baseline and target are equal.
    """
    if baseline is None or target is None or value is None or target == baseline:
        return None
    return (value - baseline) / (target - baseline)


def direction(baseline: float | None, target: float | None) -> str | None:
    """``"up"`` when more is better, ``"down"`` when less is, else ``None``."""
    if baseline is None or target is None or target == baseline:
        return None
    return "up" if target > baseline else "down"


def nap(phase_a: Sequence[float], phase_b: Sequence[float], increase: bool = True) -> float | None:
    """Non-overlap of all pairs: the share of (A, B) pairs in which B improves on A.

    Ties count one half; ``increase=False`` when a fall is the improvement. ``None`` when
    a phase is empty. 0.5 means no change, 1.0 complete non-overlap.
    """
    if not phase_a or not phase_b:
        return None
    total = 0.0
    for a in phase_a:
        for b in phase_b:
            better = b > a if increase else b < a
            total += 1.0 if better else 0.5 if b == a else 0.0
    return total / (len(phase_a) * len(phase_b))


# --------------------------------------------------------------------------- results


@dataclass
class Point:
    date: dt.date
    value: float
    phase: str  # "A" or "B"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "value": self.value, "phase": self.phase, "note": self.note}


@dataclass
class ObjectiveResult:
    goal: str
    id: str
    indicator: str
    unit: str | None
    baseline: float | None
    target: float | None
    due: dt.date | None
    latest: float | None
    latest_date: dt.date | None
    progress: float | None
    direction: str | None
    points: list[Point] = field(default_factory=list)
    nap: float | None = None

    @property
    def phase_a(self) -> list[float]:
        return [p.value for p in self.points if p.phase == "A"]

    @property
    def phase_b(self) -> list[float]:
        return [p.value for p in self.points if p.phase == "B"]

    @property
    def met(self) -> bool | None:
        """Has the latest value reached the target?"""
        return None if self.progress is None else self.progress >= 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "id": self.id,
            "indicator": self.indicator,
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "due": self.due.isoformat() if self.due else None,
            "latest": self.latest,
            "latest_date": self.latest_date.isoformat() if self.latest_date else None,
            "progress": self.progress,
            "direction": self.direction,
            "met": self.met,
            "phase_a": len(self.phase_a),
            "phase_b": len(self.phase_b),
            "nap": self.nap,
            "measurements": [p.to_dict() for p in self.points],
        }


@dataclass
class GoalResult:
    id: str
    text: str
    weight: float
    weight_given: bool
    score: int | None
    score_date: dt.date | None
    meaning: str | None
    objectives: list[ObjectiveResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "weight": self.weight,
            "weight_given": self.weight_given,
            "score": self.score,
            "score_date": self.score_date.isoformat() if self.score_date else None,
            "meaning": self.meaning,
            "objectives": [o.to_dict() for o in self.objectives],
        }


@dataclass
class CaseEvaluation:
    case_id: str
    rho: float
    phase_change: dt.date | None
    goals: list[GoalResult] = field(default_factory=list)
    t_score: float | None = None

    @property
    def objectives(self) -> list[ObjectiveResult]:
        return [o for g in self.goals for o in g.objectives]

    @property
    def scored(self) -> int:
        return sum(1 for g in self.goals if g.score is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "rho": self.rho,
            "phase_change": self.phase_change.isoformat() if self.phase_change else None,
            "t_score": None if self.t_score is None else round(self.t_score, 2),
            "goals_scored": self.scored,
            "goals": [g.to_dict() for g in self.goals],
        }


def evaluate(case: Case, rho: float = DEFAULT_RHO, lang: str | None = None) -> CaseEvaluation:
    """Every evaluation figure of ``case``.

    With ``lang`` (for a reader), a goal's score that has no level text written for it gets
    the standard level name in that language (:func:`level_name`) as its ``meaning``;
    without it (``--json``, scripts) ``meaning`` is only what the worker wrote, or ``None``.
    """
    if not 0 <= rho < 1:
        raise UsageError("rho must be at least 0 and below 1", field="rho", key="eval_rho", params={"rho": rho})
    sessions = sorted(s.date for s in case.sessions)
    change = sessions[0] if sessions else None
    by_obj: dict[str, list[Point]] = {}
    for m in sorted(case.measurements, key=lambda m: m.date):
        phase = "A" if change is None or m.date <= change else "B"
        by_obj.setdefault(m.objective, []).append(Point(m.date, m.value, phase, m.note))

    latest_score: dict[str, tuple[int, dt.date | None]] = {}
    ordered = sorted(enumerate(case.attainment), key=lambda p: (p[1].date or dt.date.min, p[0]))
    for _, a in ordered:
        latest_score[a.goal] = (a.score, a.date)

    goals: list[GoalResult] = []
    for goal in case.goals:
        objectives: list[ObjectiveResult] = []
        for obj in goal.objectives:
            pts = by_obj.get(obj.id, [])
            last = pts[-1] if pts else None
            way = direction(obj.baseline, obj.target)
            res = ObjectiveResult(
                goal=goal.id,
                id=obj.id,
                indicator=obj.indicator,
                unit=obj.unit,
                baseline=obj.baseline,
                target=obj.target,
                due=obj.due,
                latest=last.value if last else None,
                latest_date=last.date if last else None,
                progress=progress(obj.baseline, obj.target, last.value if last else None),
                direction=way,
                points=pts,
            )
            res.nap = nap(res.phase_a, res.phase_b, increase=way != "down")
            objectives.append(res)
        score, when = latest_score.get(goal.id, (None, None))
        meaning = goal.gas.meaning(score) if goal.gas is not None and score is not None else None
        if meaning is None and lang is not None:
            meaning = level_name(score, lang)
        goals.append(
            GoalResult(
                id=goal.id,
                text=goal.text,
                weight=goal.weight if goal.weight is not None else 1.0,
                weight_given=goal.weight is not None,
                score=score,
                score_date=when,
                meaning=meaning,
                objectives=objectives,
            )
        )
    scored = [g for g in goals if g.score is not None]
    t = gas_t_score([g.score for g in scored if g.score is not None], [g.weight for g in scored], rho) if scored else None
    return CaseEvaluation(case_id=case.id, rho=rho, phase_change=change, goals=goals, t_score=t)


MESSAGES: dict[str, dict[str, str]] = {
    "err.eval_rho": {"en": "--rho must be at least 0 and below 1 (got {rho})", "id": "--rho harus minimal 0 dan kurang dari 1 (diberikan {rho})"},
}


def _register_messages() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register_messages()

__all__ = [
    "DEFAULT_RHO",
    "STANDARD_LEVELS",
    "CaseEvaluation",
    "GoalResult",
    "ObjectiveResult",
    "Point",
    "direction",
    "evaluate",
    "gas_t_score",
    "level_name",
    "nap",
    "progress",
]
