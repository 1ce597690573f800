"""Moves dated after the fact, reasons with words, and reopening that sets the old ending aside (issue 12)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from fixtures.helpers import case_at, fails, history, js, ok
from intervensi.casefile import load_case
from intervensi.errors import ExitCode

FIELD = Path(__file__).parent / "fixtures" / "field-cases"


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copy(FIELD / name, dest)
    return dest


# --------------------------------------------------------------------------- blank reasons


@pytest.mark.parametrize("args", [["--force", "--reason", "   "], ["--to", "planning", "--reason", "  "], ["--to", "planning", "--reason", "\t"]])
def test_a_reason_of_spaces_is_no_reason(run: Any, tmp_path: Path, args: list[str]) -> None:
    path = _copy("blank-reason.yaml", tmp_path)
    before = path.read_bytes()
    fails(run("advance", path, *args), ExitCode.USAGE)
    assert path.read_bytes() == before


def test_a_reason_is_kept_without_its_spaces(run: Any, tmp_path: Path) -> None:
    path = _copy("blank-reason.yaml", tmp_path)
    ok(run("advance", path, "--to", "planning", "--reason", "  new need found  "))
    assert history(path)[-1]["reason"] == "new need found"


def test_reopen_with_a_blank_reason_is_refused(run: Any, tmp_path: Path) -> None:
    path = _copy("tutup.yaml", tmp_path)
    before = path.read_bytes()
    fails(run("reopen", path, "--reason", "   "), ExitCode.USAGE)
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- reopening


def test_reopen_sets_the_old_termination_aside(run: Any, tmp_path: Path) -> None:
    # field case reopen/tutup.yaml: reopen, add a session, advance -> it closed again at once
    path = _copy("tutup.yaml", tmp_path)
    ok(run("reopen", path, "-r", "The client asked for help again"))
    ok(run("add-session", path, "-d", "2026-11-29", "-k", "home_visit"))
    fails(run("advance", path), ExitCode.GATE, "termination")
    case = load_case(path)
    assert case.stage.value == "termination"
    [old] = case.earlier_terminations
    assert (old.kind.value, old.summary, str(old.date)) == ("planned", "Tujuan tercapai, terminasi terencana.", "2025-05-02")
    assert case.termination is None or (case.termination.kind is None and case.termination.summary is None)
    data = js(run("terminate", path, "--kind", "referral", "--summary", "Referred to the health centre", "--json"))
    assert data["closed"] is True
    case = load_case(path)
    assert case.termination is not None and case.termination.kind.value == "referral"
    assert [t.kind.value for t in case.earlier_terminations if t.kind] == ["planned"]


# --------------------------------------------------------------------------- dated moves


def test_dated_moves_for_a_case_written_up_afterwards(run: Any, tmp_path: Path) -> None:
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--opened", "2025-03-03", "--dir", tmp_path))
    path = tmp_path / "c1.yaml"
    opening = history(path)[0]  # a case opened on an earlier day is dated by its opening
    assert opening["at"].date() == dt.date(2025, 3, 3) and opening["recorded"].date() == dt.date.today()
    ok(run("contract", path, "--focus", "Keuangan", "--start", "2025-03-10"))
    ok(run("advance", path, "--at", "2025-03-06"))
    h = history(path)[-1]
    assert h["at"].date() == dt.date(2025, 3, 6) and h["recorded"] is not None and h["recorded"].date() == dt.date.today()
    before = path.read_bytes()
    fails(run("advance", path, "--to", "engagement", "--reason", "x", "--at", "2025-03-05"), ExitCode.USAGE, "--at")
    fails(run("advance", path, "--to", "engagement", "--reason", "x", "--at", "2999-01-01"), ExitCode.USAGE, "--at")
    fails(run("advance", path, "--to", "engagement", "--reason", "x", "--at", "kemarin"), ExitCode.USAGE, "--at")
    assert path.read_bytes() == before
    res = run("--lang", "id", "advance", path, "--to", "engagement", "--reason", "x", "--at", "2025-03-05")
    assert res.exit_code == ExitCode.USAGE and "riwayat harus tetap berurutan" in res.stderr
    ok(run("end-case", path, "--kind", "client_initiated", "--reason", "Withdrew", "--at", "2025-03-20", "--date", "2025-03-20"))
    h = history(path)[-1]
    assert (h["kind"], h["at"].date()) == ("end", dt.date(2025, 3, 20))
    ok(run("reopen", path, "--reason", "came back", "--at", "2025-04-01T10:00"))
    assert history(path)[-1]["at"].date() == dt.date(2025, 4, 1)


def test_an_undated_move_has_no_recorded_field(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "engagement")
    from fixtures.helpers import fill_engagement

    fill_engagement(run, path)
    ok(run("advance", path))
    assert history(path)[-1]["recorded"] is None


# --------------------------------------------------------------------------- gates as the practice has them


def test_an_objective_whose_baseline_is_its_target_is_not_measurable(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    ok(run("goal", "add", path, "Keep savings", "--need", "n1", "--indicator", "savings", "--baseline", "5", "--target", "5", "--due", "2026-05-01"))
    assert js(run("show", path, "--json"))["case"]["unmet"] == ["gate.goal_objective"]
    ok(run("objective", "change", path, "g1-o1", "--target", "8"))
    assert js(run("show", path, "--json"))["case"]["unmet"] == []


def test_an_ecomap_of_gaps_only_is_not_a_map(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "assessment")
    from fixtures.helpers import fill_assessment

    fill_assessment(run, path)
    ok(run("system", "change", path, "pkh", "--connection", "none"))
    assert js(run("show", path, "--json"))["case"]["unmet"] == ["gate.ecomap_tie"]
    res = run("--lang", "id", "advance", path)
    assert res.exit_code == ExitCode.GATE and "tidak ada hubungan" in res.stderr


def test_the_evaluation_gate_does_not_hold_without_goals(run: Any, tmp_path: Path) -> None:
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--dir", tmp_path))
    path = tmp_path / "c1.yaml"
    for _ in range(4):
        ok(run("advance", path, "--force", "--reason", "written up later"))
    assert js(run("show", path, "--json"))["case"]["stage"] == "evaluation"
    assert js(run("show", path, "--json"))["case"]["unmet"] == ["gate.evaluation_goal"]


def test_a_need_added_at_evaluation_points_back_round_the_circle(run: Any, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "evaluation")
    res = ok(run("need", "add", path, "A new need"))
    assert "--to assessment" in res.stderr
    res = ok(run("goal", "add", path, "A new goal", "--need", "n2"))
    assert "--to planning" in res.stderr
    assert "--to" not in ok(run("need", "add", case_at(run, tmp_path / "b", "assessment"), "x")).stderr
    assert js(run("need", "add", path, "Another need", "--json"))["circle"] == {"stage": "evaluation", "advance_to": "assessment"}
    assert js(run("goal", "add", path, "Another goal", "--need", "n3", "--json"))["circle"] == {"stage": "evaluation", "advance_to": "planning"}
    assert "circle" not in js(run("need", "add", case_at(run, tmp_path / "c", "assessment"), "y", "--json"))


# --------------------------------------------------------------------------- the report says it


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_shows_the_ending_the_earlier_termination_and_the_corrections(run: Any, tmp_path: Path, fmt: str) -> None:
    path = _copy("tutup.yaml", tmp_path)
    ok(run("reopen", path, "-r", "came back", "--to", "termination"))
    ok(run("referral", "add", path, "Puskesmas"))
    ok(run("referral", "change", path, "1", "--to", "Puskesmas Doloksanggul", "--reason", "full name"))
    ok(run("terminate", path, "--kind", "referral", "--summary", "Referred to the health centre"))
    out = ok(run("report", path, "--format", fmt)).stdout
    assert "Earlier terminations" in out and "Tujuan tercapai" in out
    assert "Corrections" in out and "termination.referrals" in out and "full name" in out
    early = case_at(run, tmp_path / "early", "assessment")
    ok(run("end-case", early, "--kind", "client_initiated", "--reason", "Moved away"))
    out = ok(run("--lang", "id", "report", early, "--format", fmt)).stdout
    assert "diakhiri lebih awal" in out and "atas inisiatif klien" in out
