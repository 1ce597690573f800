"""PDF by a real layout engine: headless Chromium prints the HTML report.

Chromium is started with no network use (``--disable-background-networking`` and
friends), a fresh empty profile, and a time limit; the HTML is written to a private
temporary directory and handed over as a ``file://`` address. ``--no-sandbox`` is added
only when running as root, where Chromium refuses to start without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import ReportError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("INTERVENSI_CHROMIUM")
    if env and Path(env).is_file():
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_flags(profile: Path) -> list[str]:
    flags = [
        "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--mute-audio", "--hide-scrollbars", f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    return flags


def html_to_pdf(html: str, timeout: float = 90) -> bytes:
    """Print ``html`` to PDF with headless Chromium."""
    exe = find_chromium()
    if exe is None:
        raise ReportError("no PDF engine (Chromium) found", key="report_no_pdf_engine")
    with tempfile.TemporaryDirectory(prefix="intervensi-pdf-") as tmp:
        d = Path(tmp)
        src = d / "report.html"
        out = d / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [exe, *chromium_flags(d / "profile"), "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()]
        try:
            from ..procs import die_with_parent

            # killed with us, even by SIGKILL; Ctrl-C and SIGTERM unwind through here, and
            # subprocess.run kills it and the temporary folder (the whole report) is removed
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, preexec_fn=die_with_parent)
        except subprocess.TimeoutExpired:
            raise ReportError("the PDF engine timed out", key="report_pdf_failed", params={"problem": "timeout"}) from None
        if not out.is_file() or out.stat().st_size == 0:
            raise ReportError("the PDF engine failed", key="report_pdf_failed", params={"problem": f"exit {proc.returncode}"})
        return out.read_bytes()
