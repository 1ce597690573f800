from __future__ import annotations

from pathlib import Path

from intervensi import gate, load_case


def test_reference_case_loads_and_is_closed(reference: Path) -> None:
    case = load_case(reference)
    assert case.closed
    assert len(case.sessions) == 8
    assert gate(case, case.stage) == []


def test_check_bundled_cases(run, cases: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", cases)
    assert result.exit_code == 0, result.output


def test_public_api_is_named_and_resolves() -> None:
    import intervensi

    assert {*intervensi._EXPORTS, "__version__"} == set(intervensi.__all__)
    for name in intervensi.__all__:
        assert getattr(intervensi, name) is not None
    assert "Cohort" in intervensi.__all__ and "Anonymizer" in intervensi.__all__
