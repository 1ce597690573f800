"""``intervensi evaluate`` and the AB charts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from intervensi.casefile import load_case
from intervensi.charts import ab_chart, ab_chart_svg
from intervensi.cli.evaluation import sparkline
from intervensi.evaluation import evaluate


def test_evaluate_table(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("evaluate", reference)
    assert r.exit_code == 0, r.output
    assert "GAS T-score: 62.0 " in r.output  # one rounding rule: T-scores to one decimal (numfmt.DIGITS)
    assert "Mencatat 5 minggu berturut-turut" in r.output
    assert "100%" in r.output and "▁│" in r.output


def test_evaluate_indonesian(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("--lang", "id", "evaluate", reference)
    assert r.exit_code == 0, r.output
    assert "Skor-T GAS: 62,0 " in r.output and "Evaluasi pkh-s-2025" in r.output


def test_evaluate_json_contract(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("evaluate", reference, "--json", "--rho", "0")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) == {"version", "command", "ok", "evaluation"}
    ev = data["evaluation"]
    assert set(ev) == {"case", "rho", "phase_change", "t_score", "goals_scored", "goals", "charts"}
    assert ev["rho"] == 0
    obj = ev["goals"][0]["objectives"][0]
    assert set(obj) >= {"baseline", "target", "latest", "progress", "direction", "nap", "measurements"}


def test_evaluate_bad_rho(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("evaluate", reference, "--rho", "1.5")
    assert r.exit_code != 0
    assert "--rho" in r.output


def test_evaluate_charts(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "charts"
    r = run("evaluate", reference, "--chart", "--format", "png", "--output", out)
    assert r.exit_code == 0, r.output
    pngs = sorted(out.glob("*.png"))
    assert [p.name for p in pngs] == ["pkh-s-2025-langkah-usaha.png", "pkh-s-2025-pencatatan.png"]
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = run("evaluate", reference, "--chart", "--output", out)
    assert (out / "pkh-s-2025-pencatatan.svg").exists()


def test_chart_structure(reference: Path) -> None:
    ev = evaluate(load_case(reference))
    svg = ab_chart(ev.objectives[0]).decode()
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{ns}circle")) == 7
    classes = {e.get("class") for e in root.iter()}
    assert {"phase-line", "baseline", "target"} <= classes
    assert "NAP = 0.92" in svg


def test_chart_escapes_text(reference: Path) -> None:
    ev = evaluate(load_case(reference))
    obj = ev.objectives[0]
    obj.indicator = '<script>alert("x")</script> & co'
    obj.unit = "</svg>"
    svg = ab_chart_svg(obj)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed


def test_chart_without_points(reference: Path) -> None:
    ev = evaluate(load_case(reference))
    obj = ev.objectives[0]
    obj.points = []
    ET.fromstring(ab_chart_svg(obj, lang="id"))


def test_sparkline() -> None:
    assert sparkline([0, 5]) == "▁█"
    assert sparkline([2, 2]) == "▄▄"
    assert sparkline([]) == ""
