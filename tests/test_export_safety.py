"""Exports that are safe to open: text stays text, control characters never stop an export,
numbers are finite, moments have one time-zone form (issue 11; field cases copied from
shared/data/field-cases)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

FIELD = Path(__file__).parent / "fixtures" / "field-cases"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _copy(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / "cases"
    dest.mkdir(exist_ok=True)
    shutil.copy(FIELD / name, dest / name)
    return dest / name


def _xlsx_cells(path: Path) -> list[tuple[object, str]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("anon", [[], ["--anonymize"]], ids=["clear", "anonymised"])
@pytest.mark.parametrize("table", ["cases", "sessions", "history"])
def test_formula_text_stays_text_in_xlsx(tmp_path: Path, run, table: str, anon: list[str]) -> None:
    case = _copy(tmp_path, "xlsx-formula.yaml")
    assert run("advance", case, "--force", "--reason", "=1+2", "--by", "@SUM(A1)").exit_code == 0
    out = tmp_path / "out.xlsx"
    res = run("export", case.parent, "-t", table, "-f", "xlsx", "-o", out, *anon)
    assert res.exit_code == 0, res.output
    cells = _xlsx_cells(out)
    assert cells
    assert not [v for v, t in cells if t == "f"], "a formula cell in the export"
    texts = [v for v, t in cells if isinstance(v, str)]
    assert not [v for v in texts if v.startswith(TRIGGERS)], texts
    if table == "sessions":
        assert "'=1+2" in texts and "'== Rapat evaluasi ==" in texts


@pytest.mark.parametrize("table", ["cases", "sessions", "history"])
def test_formula_text_is_quoted_in_csv(tmp_path: Path, run, table: str) -> None:
    case = _copy(tmp_path, "xlsx-formula.yaml")
    assert run("advance", case, "--force", "--reason", "-2+3", "--by", "+tester").exit_code == 0
    res = run("export", case.parent, "-t", table, "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if c.startswith(TRIGGERS)], cells
    if table == "cases":
        assert "'=1+2" in cells  # the worker's name, shown as typed after the quote


def test_jsonl_keeps_the_text_as_typed(tmp_path: Path, run) -> None:
    case = _copy(tmp_path, "xlsx-formula.yaml")
    res = run("export", case.parent, "-t", "sessions", "-f", "jsonl")
    assert res.exit_code == 0
    titles = [json.loads(line)["title"] for line in res.stdout.splitlines()]
    assert titles == ["== Rapat evaluasi ==", "=1+2"]  # JSON has types: nothing to run


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
def test_control_characters_never_stop_an_export(tmp_path: Path, run, fmt: str) -> None:
    case = _copy(tmp_path, "xlsx-ctrl.yaml")
    out = tmp_path / f"out.{fmt}"
    res = run("export", case.parent, "-t", "sessions", "-f", fmt, "-o", out)
    assert res.exit_code == 0, res.output
    if fmt == "xlsx":
        titles = [v for v, _ in _xlsx_cells(out) if isinstance(v, str) and v.startswith("Kunjungan")]
    elif fmt == "csv":
        titles = [r["title"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8")))]
    else:
        titles = [json.loads(line)["title"] for line in out.read_text("utf-8").splitlines()]
    assert titles == ["Kunjungan rumah"]  # the same text in every format


def test_history_timestamps_have_one_time_zone_form(tmp_path: Path, run) -> None:
    case = _copy(tmp_path, "xlsx-ctrl.yaml")
    text = case.read_text("utf-8") + (
        "history:\n"
        "  - {at: '2026-03-02T08:00:00+07:00', from: engagement, to: assessment, forced: true, reason: a}\n"
        "  - {at: '2026-03-02T02:00:00+00:00', from: assessment, to: planning, forced: true, reason: b}\n"
    )
    case.write_text(text.replace("opened: 2026-03-02", "opened: 2026-03-02\nstage: planning"), "utf-8")
    res = run("export", case.parent, "-t", "history", "-f", "jsonl")
    assert res.exit_code == 0, res.output
    stamps = [json.loads(line)["at"] for line in res.stdout.splitlines()]
    assert stamps == ["2026-03-02T01:00:00Z", "2026-03-02T02:00:00Z"]


# --------------------------------------------------------------------------- numbers


def test_infinite_gas_weight_refused_at_check_with_position(tmp_path: Path, run) -> None:
    case = _copy(tmp_path, "gas-inf.yaml")
    before = case.read_bytes()
    res = run("check", case)
    assert res.exit_code == 3, res.output
    assert "gas-inf.yaml:11:" in res.output and "planning.goals.0.weight" in res.output
    res = run("evaluate", case, "--json")
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert case.read_bytes() == before


@pytest.mark.parametrize("value", [".nan", "-.inf", "0", "-1"])
def test_weights_are_finite_positive(tmp_path: Path, run, value: str) -> None:
    case = _copy(tmp_path, "gas-inf.yaml")
    case.write_text(case.read_text("utf-8").replace("weight: .inf", f"weight: {value}"), "utf-8")
    res = run("check", case)
    assert res.exit_code == 3 and "planning.goals.0.weight" in res.output, res.output


def test_huge_weight_gives_the_right_t_score(tmp_path: Path, run) -> None:
    case = _copy(tmp_path, "gas-inf.yaml")
    case.write_text(case.read_text("utf-8").replace("weight: .inf", "weight: 1e200"), "utf-8")
    res = run("evaluate", case, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # g1 (score +1) outweighs g2 without limit: T = 50 + 10·1/√(0.7 + 0.3) = 60, not 50.
    assert data["evaluation"]["t_score"] == pytest.approx(60.0)


def test_json_never_holds_nan_or_infinity(tmp_path: Path, run) -> None:
    case = _copy(tmp_path, "gas-inf.yaml")
    case.write_text(case.read_text("utf-8").replace("weight: .inf", "weight: 2"), "utf-8")
    for args in (["evaluate", case, "--json", "--rho", "nan"], ["evaluate", case, "--json"], ["show", case, "--json"]):
        res = run(*args)
        bad: list[str] = []
        json.loads(res.stdout, parse_constant=bad.append)
        assert not bad, (args, bad)


def test_finite_json_helper() -> None:
    from intervensi.jsonsafe import dumps

    assert json.loads(dumps({"a": [float("nan"), float("-inf"), 1.0]})) == {"a": [None, None, 1.0]}
