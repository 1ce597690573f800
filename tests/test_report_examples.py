"""The report docs keep up with the code: the rendered examples, the worked figures, the links."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
PAGES = ["explanation/evaluation.md", "how-to/reports.md"]
RERUN = "docs/examples is out of date: run `python scripts/gen_report_examples.py` and commit the result"


def _without_svg(html: str) -> str:
    # Diagrams differ between Graphviz versions (system dot or WebAssembly): compare the rest.
    return re.sub(r"<svg\b.*?</svg>", "<svg/>", html, flags=re.S)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", ["pkh-s-2025", "kube-melati-2025"])
def test_examples_are_current(name: str, lang: str) -> None:
    from intervensi.casefile import load_case
    from intervensi.report import collect, render_text

    case = load_case(ROOT / "cases" / f"{name}.yaml")
    data = collect(case, lang=lang)
    data.generated = max(h.at for h in case.history).date()
    fresh = render_text(data, fmt="html")
    page = EXAMPLES / f"report-{name}.{lang}.html"
    assert page.is_file(), RERUN
    assert _without_svg(page.read_text(encoding="utf-8")) == _without_svg(fresh), RERUN
    png = page.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_example_chart_is_current() -> None:
    from intervensi.casefile import load_case
    from intervensi.charts import ab_chart_svg
    from intervensi.evaluation import evaluate

    ev = evaluate(load_case(ROOT / "cases" / "pkh-s-2025.yaml"))
    obj = next(o for o in ev.objectives if o.id == "pencatatan")
    assert (EXAMPLES / "ab-chart-pencatatan.en.svg").read_text(encoding="utf-8") == ab_chart_svg(obj, lang="en"), RERUN


def test_worked_figures_in_the_explanation() -> None:
    from intervensi.casefile import load_case
    from intervensi.evaluation import evaluate, gas_t_score, nap, progress

    text = (DOCS / "explanation" / "evaluation.md").read_text(encoding="utf-8")
    ev = evaluate(load_case(ROOT / "cases" / "pkh-s-2025.yaml"))
    assert f"{ev.t_score:.2f}" == "62.05" and "= 62.05" in text
    assert round(gas_t_score([1, 1], [2, 1]), 2) == 62.05
    obj = next(o for o in ev.objectives if o.id == "pencatatan")
    assert obj.nap is not None and f"{obj.nap:.2f}" == "0.92" and "= **0.92**" in text
    assert round(nap([0], [0, 1, 2, 3, 4, 5]), 4) == round(5.5 / 6, 4)
    assert progress(8, 2, 4) == pytest.approx(2 / 3) and "**67 %**" in text
    for figure in ["50", "70", "63.69", "55.0"]:
        assert figure in text
    assert round(gas_t_score([1, 1, 1]), 2) == 63.69 and gas_t_score([2]) == 70


@pytest.mark.parametrize("page", PAGES)
def test_links_and_images_resolve(page: str) -> None:
    path = DOCS / page
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    assert text.startswith("# ")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    assert links
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        assert (path.parent / link).exists(), f"{page}: broken link {link}"


def test_every_report_option_is_documented() -> None:
    from typer.main import get_command

    from intervensi.cli import app

    cmd = get_command(app).get_command(None, "report")  # type: ignore[attr-defined]
    assert cmd is not None
    text = (DOCS / "how-to" / "reports.md").read_text(encoding="utf-8")
    for p in cmd.params:
        for opt in p.opts:
            if opt.startswith("--") and opt != "--help":
                assert f"`{opt}" in text, f"{opt} is not in docs/how-to/reports.md"


def test_generator_runs_without_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("gen_report_examples", ROOT / "scripts" / "gen_report_examples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    monkeypatch.setattr("intervensi.report.pdf.find_chromium", lambda: None)
    assert module.main() == 0
    assert {p.name for p in tmp_path.iterdir()} == {"report-pkh-s-2025.en.html", "report-pkh-s-2025.id.html", "ab-chart-pencatatan.en.svg",
                                                    "report-kube-melati-2025.en.html", "report-kube-melati-2025.id.html"}
