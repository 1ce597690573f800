"""The caseload site (``intervensi site``), opened in a real headless Chromium as a supervisor would.

Driven through the DevTools protocol (:mod:`intervensi.report.browser`): the index loads
with no console error, no uncaught exception and no request but the page itself; typing in
the filter box (real key input) narrows the rows; clicking a column heading (a real mouse
click) sorts the table both ways; the stage list and the "overdue only" box filter; every
case is linked, and every linked page opens, shows its report and asks for nothing either.

Chromium is installed by ``tests/setup/chromium.py``. Without it these tests are skipped on
a workstation and fail in CI (``CI`` set), as in tests/test_browser.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intervensi.report.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

if find_chromium() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI: Chromium is required for tests/test_site_browser.py (tests/setup/chromium.py installs it)")
    pytest.skip("no Chromium (tests/setup/chromium.py installs it)", allow_module_level=True)

from intervensi.report.browser import Browser, _event_error, inspect_page  # noqa: E402

ROWS = "[...document.querySelectorAll('#cases tbody tr')]"
VISIBLE = f"{ROWS}.filter(r => r.offsetParent !== null).map(r => r.cells[0].textContent.trim())"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(timeout=60) as b:
        yield b


class Tab:
    """One tab of the browser, used with real input events (keys, mouse)."""

    def __init__(self, browser: Browser, page: Path) -> None:
        self.b = browser
        self.seen = len(browser.events)
        self.s = browser.new_page(width=1280, height=900)
        browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=self.s)
        browser.wait_event("Page.loadEventFired", session=self.s)

    def eval(self, expr: str) -> Any:
        got = self.b.send("Runtime.evaluate", {"expression": f"JSON.stringify({expr})", "returnByValue": True}, session=self.s)
        assert "exceptionDetails" not in got, got["exceptionDetails"]
        return json.loads(got["result"].get("value") or "null")

    def click(self, selector: str) -> None:
        x, y = self.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
                         " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.b.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}, session=self.s)

    def type(self, selector: str, text: str) -> None:
        self.click(selector)
        for ch in text:
            self.b.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": ch, "key": ch}, session=self.s)
            self.b.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch}, session=self.s)

    def clear(self, selector: str) -> None:
        self.click(selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).select()")
        for kind in ("keyDown", "keyUp"):
            self.b.send("Input.dispatchKeyEvent", {"type": kind, "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8}, session=self.s)

    def close(self) -> tuple[list[str], list[str]]:
        """Close the tab; the errors and the requested URLs seen in it."""
        self.b.send("Target.closeTarget", {"targetId": self.b.targets.pop(self.s)})
        errors, requests = [], []
        for ev in self.b.events[self.seen:]:
            if ev.get("sessionId") != self.s:
                continue
            err = _event_error(ev)
            if err:
                errors.append(err)
            if ev.get("method") == "Network.requestWillBeSent":
                requests.append(ev["params"]["request"]["url"])
        return errors, requests


def _site(run: Any, cases: Path, out: Path, *extra: str) -> Path:
    r = run("site", cases, "-o", out, *extra)
    assert r.exit_code == 0, r.output
    return out / "index.html"


def test_index_filters_sorts_and_asks_for_nothing(run: Any, cases: Path, tmp_path: Path, browser: Browser) -> None:
    index = _site(run, cases, tmp_path / "site")
    ids = sorted(p.stem for p in cases.glob("*.yaml"))
    page = inspect_page(index, ["#cases", "#funnel", "#overdue", "#agenda", "#filter"], width=1280, height=900, browser=browser,
                        evaluate={"rows": VISIBLE, "links": "[...document.querySelectorAll('#cases a')].map(a => a.getAttribute('href'))"})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "site-index.png").write_bytes(page.full_page)
    assert page.errors == []
    assert page.requests == [index.resolve().as_uri()]  # the page itself, nothing else, nothing from the network
    assert all(page.boxes[s].seen for s in page.boxes), page.boxes
    assert sorted(page.values["rows"]) == ids
    assert sorted(page.values["links"]) == [f"cases/{i}.html" for i in ids]

    tab = Tab(browser, index)
    try:
        tab.type("#filter", "kube")
        assert tab.eval(VISIBLE) == ["kube-melati-2025"]
        assert re.search(r"\b1\b.*\b6\b", tab.eval("document.getElementById('showing').textContent"))
        tab.clear("#filter")
        assert sorted(tab.eval(VISIBLE)) == ids
        tab.type("#filter", "PKH 2025")  # every word must match, case and accents aside
        assert sorted(tab.eval(VISIBLE)) == ["pkh-m-2025", "pkh-s-2025"]
        tab.clear("#filter")

        days = "[...document.querySelectorAll('#cases tbody tr')].map(r => Number(r.cells[5].dataset.v))"
        tab.click("#cases thead th:nth-child(6) button")
        got = tab.eval(days)
        assert got == sorted(got) and len(set(got)) > 1
        assert tab.eval("document.querySelector('#cases thead th:nth-child(6)').getAttribute('aria-sort')") == "ascending"
        tab.click("#cases thead th:nth-child(6) button")
        assert tab.eval(days) == sorted(got, reverse=True)
        tab.click("#cases thead th:nth-child(1) button")
        assert tab.eval(VISIBLE) == ids

        tab.eval("(() => { const s = document.getElementById('stage-filter'); s.value = 'closed'; s.dispatchEvent(new Event('change')); })()")
        assert tab.eval(VISIBLE) == ["pkh-s-2025"]
    finally:
        errors, requests = tab.close()
    assert errors == []
    assert requests == [index.resolve().as_uri()]


@pytest.mark.parametrize("extra", [(), ("--lang", "id", "--anonymize")], ids=["en", "id-anonymised"])
def test_every_case_page_is_linked_and_shows_its_report(run: Any, cases: Path, tmp_path: Path, browser: Browser, extra: tuple[str, ...]) -> None:
    index = _site(run, cases, tmp_path / "site", *extra)
    got = inspect_page(index, [], browser=browser, full_page=False,
                       evaluate={"links": "[...document.querySelectorAll('#cases a')].map(a => a.href)", "title": "document.querySelector('h1').textContent"})
    assert got.values["title"] == ("Daftar kasus" if extra else "Caseload")
    links = got.values["links"]
    assert len(links) == len(list(cases.glob("*.yaml")))
    for url in links:
        target = Path(url.removeprefix("file://"))
        assert target.parent == (tmp_path / "site" / "cases").resolve()
        page = inspect_page(target, ["header h1", "#identity", "nav.site a"], browser=browser, full_page=False,
                            evaluate={"h1": "document.querySelector('header h1').textContent", "back": "document.querySelector('nav.site a').href"})
        assert page.errors == [], (target.name, page.errors)
        assert page.requests == [url], (target.name, page.requests)
        assert all(b.seen for b in page.boxes.values()), (target.name, page.boxes)
        assert page.values["back"] == index.resolve().as_uri()
        if extra:
            assert target.stem.startswith("Kasus-") and target.stem in page.values["h1"]
            assert page.values["h1"].startswith("Laporan kasus")
        else:
            assert page.values["h1"].startswith("Case report")
