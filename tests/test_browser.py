"""The reference case's HTML report, opened in a real headless Chromium as a supervisor would.

Driven through the DevTools protocol (:mod:`intervensi.report.browser`): the page loads
with no console error and no uncaught exception, fetches nothing from the network, the
genogram, the ecomap and every AB chart are on the page with a real size and visible,
and screenshots are kept under ``test-artifacts/`` (gitignored) for a person to look at.

Chromium is installed by ``tests/setup/chromium.py`` (run by ``dev.py test``). Without it
these tests are skipped on a workstation and fail in CI (``CI`` set).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from intervensi.report.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

if find_chromium() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI: Chromium is required for tests/test_browser.py (tests/setup/chromium.py installs it)")
    pytest.skip("no Chromium (tests/setup/chromium.py installs it)", allow_module_level=True)

from intervensi.report.browser import Browser, PageReport, inspect_page  # noqa: E402

CHECKS = {
    # one id, one element: inline SVGs share the page's id namespace
    "duplicate_ids": "(() => { const s = new Map(); for (const e of document.querySelectorAll('[id]')) s.set(e.id, (s.get(e.id) || 0) + 1);"
                     " return [...s].filter(([k, n]) => n > 1).map(([k]) => k); })()",
    # text drawn in the diagrams and charts, as a reader sees it
    "svg_text": "[...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n')",
    "headings": "[...document.querySelectorAll('h1, h2, h3, figcaption, .tscore')].map(h => h.textContent.trim())",
    "viewport_width": "document.documentElement.clientWidth",
    "scroll_width": "document.documentElement.scrollWidth",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(timeout=60) as b:
        yield b


def _objective_ids(path: Path) -> list[str]:
    from intervensi.casefile import load_case

    case = load_case(path)
    return [o.id for g in case.goals for o in g.objectives]


def _save(report: PageReport, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(report.screenshot)
    (ARTIFACTS / f"{name}-full.png").write_bytes(report.full_page)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Case report", "Genogram", "Ecomap", "Evaluation", "GAS T-score: 62.0", "Stage history"]),
    ("id", ["Laporan kasus", "Genogram", "Ekomap", "Evaluasi", "Skor-T GAS: 62,0", "Riwayat tahap"]),
])
def test_reference_report_in_chromium(run, reference: Path, tmp_path: Path, browser: Browser, lang: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"report-{lang}.html"
    r = run("report", reference, "--format", "html", "--lang", lang, "--output", out)
    assert r.exit_code == 0, r.output
    charts = [f"#chart-{oid} svg" for oid in _objective_ids(reference)]
    assert len(charts) == 2
    selectors = ["#genogram svg", "#ecomap svg", *charts]
    page = inspect_page(out, selectors, width=1024, height=1400, evaluate=CHECKS, browser=browser)
    _save(page, f"report-reference-{lang}")

    assert page.errors == [], page.errors
    assert page.external_requests == [], page.external_requests
    assert page.requests == [out.resolve().as_uri()]  # the one file, nothing else (self-contained)
    for sel in selectors:
        box = page.boxes[sel]
        assert box.seen, box
        assert box.x >= 0 and box.x + box.width <= page.values["viewport_width"] + 1, f"{sel} runs off the page: {box}"
    assert page.boxes["#genogram svg"].children >= 10  # symbols and lines drawn, not an empty frame
    assert page.boxes["#ecomap svg"].children >= 10
    for sel in charts:
        assert page.boxes[sel].height >= 150 and page.boxes[sel].children >= 15
    # top to bottom: genogram, then ecomap, then the charts (the order of the report)
    ys = [page.boxes[s].y for s in selectors]
    assert ys == sorted(ys)
    assert page.values["scroll_width"] <= page.values["viewport_width"], "the page scrolls sideways"
    assert page.values["duplicate_ids"] == []
    text = "\n".join(page.values["headings"]) + page.title
    for w in words:
        assert w in text, w
    # the charts' own words are in the report's language; no Graphviz record syntax leaks as text
    svg_text = page.values["svg_text"]
    assert ("B (intervention)" in svg_text) == (lang == "en") and ("B (intervensi)" in svg_text) == (lang == "id")
    assert "{" not in svg_text and "}|" not in svg_text, "diagram text shows raw label syntax"

    w, h = _png_size(page.screenshot)
    assert (w, h) == (1024, 1400)
    fw, fh = _png_size(page.full_page)
    assert fw == 1024 and fh >= page.boxes[charts[-1]].y + page.boxes[charts[-1]].height
    assert len(page.screenshot) > 20_000  # a page of text, not a blank image


def test_probe_sees_errors_and_hidden_pictures(tmp_path: Path, browser: Browser) -> None:
    """The checks above can fail: a broken page is reported as broken."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        "<figure id='a'><svg width='100' height='50'><rect width='100' height='50'/></svg></figure>"
        "<figure id='b' style='display:none'><svg width='100' height='50'><rect width='100' height='50'/></svg></figure>"
        "<figure id='c' style='visibility:hidden'><svg width='100' height='50'><rect width='100' height='50'/></svg></figure>"
        "<figure id='d'><svg width='0' height='0'></svg></figure>"
        "<img src='missing.png'>"
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    page = inspect_page(bad, ["#a svg", "#b svg", "#c svg", "#d svg", "#e svg"], full_page=False, browser=browser)
    assert page.boxes["#a svg"].seen and page.boxes["#a svg"].children == 1
    for sel in ["#b svg", "#c svg", "#d svg", "#e svg"]:
        assert not page.boxes[sel].seen, sel
    assert not page.boxes["#e svg"].found
    joined = "\n".join(page.errors)
    assert "console.error: boom" in joined
    assert "undefinedFunction" in joined  # the uncaught ReferenceError
    assert "missing.png" in joined  # the failed load, from the Log domain
    assert any(u.endswith("missing.png") for u in page.requests)


def test_anonymised_report_in_chromium(run, reference: Path, tmp_path: Path, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    """The anonymised copy still shows its diagrams and, on the first screen, what was left out."""
    out = tmp_path / "report-anon.html"
    r = run("report", reference, "--anonymize", "--output", out)
    assert r.exit_code == 0, r.output
    page = inspect_page(out, ["#anonymised", "#genogram svg", "#ecomap svg"], evaluate=CHECKS, browser=browser)
    _save(page, "report-reference-anonymised-en")
    assert page.errors == [] and page.external_requests == []
    assert all(b.seen for b in page.boxes.values()), page.boxes
    assert page.boxes["#anonymised"].y < 1400  # on the first screen
    assert page.values["duplicate_ids"] == []
