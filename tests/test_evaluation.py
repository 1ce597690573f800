"""The evaluation library: GAS T-score against worked values, progress, AB phases and NAP."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervensi.casefile import load_case
from intervensi.errors import UsageError
from intervensi.evaluation import direction, evaluate, gas_t_score, nap, progress


def test_t_score_worked_weighted() -> None:
    assert gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6]) == pytest.approx(55.0, abs=0.005)


def test_t_score_three_unweighted_at_plus_one() -> None:
    assert round(gas_t_score([1, 1, 1]), 2) == 63.69


def test_t_score_all_zero_is_fifty() -> None:
    assert gas_t_score([0, 0, 0, 0], [1, 2, 3, 4]) == 50


def test_t_score_one_goal_at_plus_two() -> None:
    assert gas_t_score([2]) == pytest.approx(70.0)


def test_t_score_none_counts_as_weight_one() -> None:
    assert gas_t_score([1, -1, 2], [None, 1, None]) == pytest.approx(gas_t_score([1, -1, 2]))


def test_t_score_empty_and_bad_rho() -> None:
    assert gas_t_score([]) is None
    with pytest.raises(UsageError):
        gas_t_score([1], rho=1.0)


@given(st.lists(st.integers(-2, 2), min_size=1, max_size=12), st.floats(0, 0.9))
def test_t_score_symmetric_and_bounded(scores: list[int], rho: float) -> None:
    t = gas_t_score(scores, rho=rho)
    mirror = gas_t_score([-x for x in scores], rho=rho)
    assert t is not None and mirror is not None
    assert t - 50 == pytest.approx(50 - mirror)
    assert (t > 50) == (sum(scores) > 0)


def test_progress_is_direction_aware() -> None:
    assert progress(0, 5, 4) == pytest.approx(0.8)
    assert progress(10, 4, 7) == pytest.approx(0.5)  # counting down
    assert progress(10, 4, 12) == pytest.approx(-1 / 3)  # went the wrong way
    assert progress(3, 3, 3) is None
    assert direction(10, 4) == "down" and direction(0, 5) == "up"


def test_nap() -> None:
    assert nap([0, 1], [2, 3]) == 1.0
    assert nap([2, 3], [0, 1]) == 0.0
    assert nap([2, 3], [0, 1], increase=False) == 1.0
    assert nap([1], [1]) == 0.5
    assert nap([], [1]) is None


def test_reference_case(reference) -> None:  # type: ignore[no-untyped-def]
    ev = evaluate(load_case(reference))
    assert ev.phase_change == dt.date(2025, 3, 10)
    # two goals at +1 with weights 2 and 1
    assert ev.t_score == pytest.approx(gas_t_score([1, 1], [2, 1]))
    keuangan = ev.goals[0]
    assert keuangan.score == 1 and keuangan.meaning == "Mencatat 5 minggu berturut-turut"
    obj = keuangan.objectives[0]
    assert (obj.baseline, obj.target, obj.latest) == (0, 5, 5)
    assert obj.progress == 1.0 and obj.met
    assert obj.phase_a == [0] and obj.phase_b == [0, 1, 2, 3, 4, 5]
    assert obj.nap == pytest.approx((0.5 + 5) / 6)
    d = ev.to_dict()
    assert set(d) == {"case", "rho", "phase_change", "t_score", "goals_scored", "goals"}
    assert d["goals"][1]["objectives"][0]["progress"] == 1.0


def test_rho_changes_t(reference) -> None:  # type: ignore[no-untyped-def]
    case = load_case(reference)
    assert evaluate(case, rho=0.0).t_score != evaluate(case, rho=0.5).t_score
    with pytest.raises(UsageError):
        evaluate(case, rho=-0.1)
