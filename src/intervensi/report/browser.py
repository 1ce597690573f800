"""Open a report in headless Chromium and look at it as a person would (DevTools protocol).

A tiny client of the Chrome DevTools Protocol over ``--remote-debugging-pipe`` (the
browser reads JSON commands on file descriptor 3 and writes answers and events on 4, each
message ended by a NUL byte), so no WebSocket library and no open TCP port are needed.
Standard library only.

:func:`inspect_page` loads one HTML file and returns what a reviewer would check: the
console errors and uncaught exceptions, every request that left the machine, the layout
box of the elements asked for, and PNG screenshots. The browser gets a fresh profile in a
private temporary directory and the usual switches against background network use.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pdf import chromium_flags, find_chromium


class CDPError(RuntimeError):
    """The browser answered a command with an error, died, or did not answer in time."""


class Browser:
    """One headless Chromium driven over the DevTools pipe. Use as a context manager."""

    def __init__(self, exe: str | None = None, timeout: float = 60.0) -> None:
        found = exe or find_chromium()
        if found is None:
            raise CDPError("no Chromium found")
        self.exe = found
        self.timeout = timeout
        self._next = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []  # every event seen, in order
        self.targets: dict[str, str] = {}  # session id -> target id of the tabs we opened
        self._lock = threading.Condition()
        self._tmp = tempfile.TemporaryDirectory(prefix="intervensi-cdp-")
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr_path = Path(self._tmp.name) / "stderr.log"

    # -- process and pipe --------------------------------------------------------------

    def start(self) -> Browser:
        cmd_r, self._cmd_w = os.pipe()  # we write commands; the browser reads them on fd 3
        self._out_r, out_w = os.pipe()  # the browser writes on fd 4; we read

        from ..procs import die_with_parent

        def child() -> None:  # runs in the child between fork and exec
            die_with_parent()
            a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        flags = chromium_flags(Path(self._tmp.name) / "profile")
        if "--no-sandbox" not in flags and os.environ.get("INTERVENSI_CHROMIUM_NO_SANDBOX"):
            flags.append("--no-sandbox")
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [self.exe, *flags, "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                preexec_fn=child, close_fds=False,
            )
        os.close(cmd_r)
        os.close(out_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._out_r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._answers[message["id"]] = message
                        self._lock.notify_all()
                else:
                    self.events.append(message)
                    self._events.put(message)

    _closed = False

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer (the ``result`` object)."""
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._lock:
            while ident not in self._answers:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CDPError(f"no answer to {method}" + (" (browser exited)" if self._closed else " (timeout)"))
                self._lock.wait(left)
            answer = self._answers.pop(ident)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error'].get('message')}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def wait_event(self, method: str, session: str | None = None, timeout: float | None = None) -> dict[str, Any]:
        """Wait for the next event ``method`` (of ``session``); earlier other events stay in :attr:`events`."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError(f"no {method} event (timeout)")
            try:
                ev = self._events.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self._closed:
                    raise CDPError(f"no {method} event (browser exited)") from None
                continue
            if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                return ev

    def close(self) -> None:
        if self.proc is not None:
            try:
                if not self._closed:
                    self.send("Browser.close")
            except (CDPError, OSError):
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            self.proc = None
        for fd in ("_cmd_w", "_out_r"):
            try:
                os.close(getattr(self, fd))
            except (OSError, AttributeError):
                pass
        self._tmp.cleanup()

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- a page ------------------------------------------------------------------------

    def new_page(self, width: int = 1024, height: int = 1400) -> str:
        """A fresh tab with Runtime, Log, Page and Network enabled; returns its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.targets[session] = target
        for domain in ("Runtime", "Log", "Page", "Network", "DOM"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        return session


@dataclass
class Box:
    """Where an element landed on the page (CSS pixels) and whether a person can see it."""

    selector: str
    found: bool
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    visible: bool = False  # displayed, not hidden, not transparent, non-zero size
    children: int = 0  # drawn elements inside (for an SVG: shapes and text)
    box_model: bool = False  # DOM.getBoxModel returned a content quad

    @property
    def seen(self) -> bool:
        return self.found and self.visible and self.box_model and self.width > 0 and self.height > 0


@dataclass
class PageReport:
    """What :func:`inspect_page` saw."""

    url: str
    title: str = ""
    errors: list[str] = field(default_factory=list)  # console errors, log errors, uncaught exceptions
    requests: list[str] = field(default_factory=list)  # every URL requested
    boxes: dict[str, Box] = field(default_factory=dict)
    page_width: float = 0.0
    page_height: float = 0.0
    values: dict[str, Any] = field(default_factory=dict)  # results of ``evaluate``
    screenshot: bytes = b""  # the first screen (PNG)
    full_page: bytes = b""  # the whole page (PNG)

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:", "blob:"))]


_BOX_JS = """
(() => {
  const out = {};
  for (const sel of %s) {
    const el = document.querySelector(sel);
    if (!el) { out[sel] = {found: false}; continue; }
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    let visible = r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0;
    for (let p = el.parentElement; p && visible; p = p.parentElement) {
      const ps = getComputedStyle(p);
      if (ps.display === 'none' || ps.visibility === 'hidden' || parseFloat(ps.opacity) === 0) visible = false;
    }
    const drawn = el.querySelectorAll('path, polygon, ellipse, circle, rect, line, polyline, text').length;
    out[sel] = {found: true, x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height, visible, children: drawn};
  }
  return JSON.stringify(out);
})()
"""


def _event_error(ev: dict[str, Any]) -> str | None:
    method = ev.get("method")
    p = ev.get("params", {})
    if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
        return f"console.{p.get('type')}: {args}"
    if method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        e = p["entry"]
        return f"log ({e.get('source')}): {e.get('text')} {e.get('url', '')}".strip()
    if method == "Runtime.exceptionThrown":
        d = p.get("exceptionDetails", {})
        return f"exception: {d.get('text')} {d.get('exception', {}).get('description', '')}".strip()
    return None


def inspect_page(
    html: Path,
    selectors: list[str] | tuple[str, ...] = (),
    width: int = 1024,
    height: int = 1400,
    exe: str | None = None,
    timeout: float = 60.0,
    full_page: bool = True,
    evaluate: dict[str, str] | None = None,
    browser: Browser | None = None,
) -> PageReport:
    """Load ``html`` in headless Chromium and report errors, requests, boxes and screenshots.

    ``evaluate`` maps names to JavaScript expressions whose JSON-able values land in
    :attr:`PageReport.values`. Pass a started ``browser`` to reuse one Chromium for many
    pages (each gets its own tab); otherwise one is started and closed here.
    """
    if browser is None:
        with Browser(exe=exe, timeout=timeout) as b:
            return inspect_page(html, selectors, width, height, full_page=full_page, evaluate=evaluate, browser=b)
    b = browser
    url = html.resolve().as_uri()
    report = PageReport(url=url)
    seen = len(b.events)
    s = b.new_page(width=width, height=height)
    try:
        b.send("Page.navigate", {"url": url}, session=s)
        b.wait_event("Page.loadEventFired", session=s)
        b.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True}, session=s)
        time.sleep(0.2)  # let late console messages arrive
        report.title = b.send("Runtime.evaluate", {"expression": "document.title", "returnByValue": True},
                              session=s)["result"].get("value", "")
        for name, expr in (evaluate or {}).items():
            got = b.send("Runtime.evaluate", {"expression": f"JSON.stringify({expr})", "returnByValue": True}, session=s)
            if "exceptionDetails" in got:
                raise CDPError(f"evaluate {name}: {got['exceptionDetails'].get('text')}")
            report.values[name] = json.loads(got["result"].get("value") or "null")
        got = b.send("Runtime.evaluate", {"expression": _BOX_JS % json.dumps(list(selectors)), "returnByValue": True},
                     session=s)["result"]
        boxes = json.loads(got.get("value") or "{}")
        root = b.send("DOM.getDocument", {"depth": 0}, session=s)["root"]["nodeId"]
        for sel in selectors:
            box = Box(selector=sel, **boxes.get(sel, {"found": False}))
            if box.found:
                node = b.send("DOM.querySelector", {"nodeId": root, "selector": sel}, session=s).get("nodeId", 0)
                if node:
                    try:
                        model = b.send("DOM.getBoxModel", {"nodeId": node}, session=s)["model"]
                        box.box_model = model.get("width", 0) > 0 and model.get("height", 0) > 0
                    except CDPError:
                        box.box_model = False  # not rendered (display: none has no box model)
            report.boxes[sel] = box
        metrics = b.send("Page.getLayoutMetrics", session=s)
        size = metrics.get("cssContentSize") or metrics.get("contentSize", {})
        report.page_width = float(size.get("width", width))
        report.page_height = float(size.get("height", 0))
        shot = b.send("Page.captureScreenshot", {"format": "png"}, session=s)
        report.screenshot = base64.b64decode(shot["data"])
        if full_page:
            clip = {"x": 0, "y": 0, "width": report.page_width, "height": report.page_height, "scale": 1}
            shot = b.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}, session=s)
            report.full_page = base64.b64decode(shot["data"])
        time.sleep(0.1)
    finally:
        try:
            b.send("Target.closeTarget", {"targetId": b.targets.pop(s)})
        except CDPError:
            pass
    for ev in list(b.events[seen:]):
        if ev.get("sessionId") != s:
            continue
        err = _event_error(ev)
        if err:
            report.errors.append(err)
        if ev.get("method") == "Network.requestWillBeSent":
            report.requests.append(ev["params"]["request"]["url"])
    return report


__all__ = ["Box", "Browser", "CDPError", "PageReport", "inspect_page"]
