"""What a worker reads: negative scores as values, forced stages marked, no English in id."""

from __future__ import annotations

from pathlib import Path

from intervensi import load_case


def test_negative_gas_score_is_a_value_not_an_option(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = cases / "kube-melati-2025.yaml"
    goal = load_case(path).goals[0].id
    result = run("score-goal", path, goal, "-1", "--date", "2025-06-01")
    assert result.exit_code == 0, result.output
    assert load_case(path).attainment[-1].score == -1
    assert run("score-goal", path, goal, "-3").exit_code != 0


def test_negative_measurement_is_a_value(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = cases / "kube-melati-2025.yaml"
    objective = load_case(path).goals[0].objectives[0].id
    result = run("add-measurement", path, objective, "-2.5", "--date", "2025-06-01")
    assert result.exit_code == 0, result.output
    assert load_case(path).measurements[-1].value == -2.5


def test_show_marks_a_stage_passed_by_force(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("show", cases / "pkh-m-2025.yaml")
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if "planning" in ln)
    assert line.lstrip().startswith("!") and "passed by force" in line


def test_indonesian_messages_carry_no_english_words(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    path = cases / "lansia-t-2026.yaml"
    added = run("--lang", "id", "add-strength", path, "Tetangga peduli")
    assert added.exit_code == 0
    assert "number" not in added.output and "kekuatan (#1) ditambahkan" in added.output  # natural order, not the calque "ditambahkan kekuatan"
    shown = run("--lang", "id", "show", cases / "pkh-m-2025.yaml")
    assert "objective" not in shown.output and "sasaran" in shown.output
    missing = run("--lang", "id", "score-goal", path, "nope", "1")
    assert missing.exit_code == 4
    assert "tujuan 'nope'" in missing.output
