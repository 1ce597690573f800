"""PDF of the HTML report, by one of two engines.

* ``chromium``: headless Chromium (or Chrome) prints the HTML report. It is a full browser
  layout engine: the page looks exactly like the HTML report (CSS grid, vector diagrams and
  charts, the system's fonts), so it wins whenever it is installed.
* ``builtin``: xhtml2pdf, a pip dependency of intervensi (pure Python, on reportlab), lays
  out the same HTML (see :mod:`intervensi.report.pdf_builtin`): same sections, tables,
  diagrams and charts (as PNG), a simpler layout. It needs nothing but ``pip install``.

:func:`choose_engine` picks one: the ``engine`` asked for (``report --pdf-engine``), else the environment variable
``INTERVENSI_PDF_ENGINE`` (``auto``, ``chromium`` or ``builtin``), else ``auto``: Chromium
when found, the builtin engine otherwise. An engine asked for by name and not available
is an error (:class:`PdfEngineMissing`, exit code 4), never a silent switch.

Chromium:

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

from ..errors import ExitCode, UsageError
from .data import PdfFailed, ReportError

ENGINES = ("auto", "chromium", "builtin")
ENGINE_ENV = "INTERVENSI_PDF_ENGINE"
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


class PdfEngineMissing(ReportError):
    """No PDF engine can be used: the one asked for (or any) is not installed (exit code 4)."""

    exit_code = ExitCode.NOT_FOUND
    key = "report_no_pdf_engine"


def check_engine_name(engine: str) -> str:
    """``engine`` in lower case when it is one of :data:`ENGINES`; else
    :class:`~intervensi.errors.UsageError` (``report_pdf_engine``, exit code 2)."""
    wanted = engine.strip().lower() or "auto"
    if wanted not in ENGINES:
        raise UsageError(f"unknown PDF engine {wanted!r} (auto, chromium or builtin)", key="report_pdf_engine",
                         params={"engine": wanted})
    return wanted


def choose_engine(engine: str | None = None) -> str:
    """``"chromium"`` or ``"builtin"``: the engine that will print (see the module's text).

    ``engine``: ``auto``, ``chromium`` or ``builtin``; ``None`` reads ``INTERVENSI_PDF_ENGINE``.
    Raises :class:`~intervensi.errors.UsageError` for another name and
    :class:`PdfEngineMissing` when the engine asked for (or, for ``auto``, every engine) is
    not available.
    """
    from .pdf_builtin import available

    wanted = check_engine_name(engine if engine is not None else os.environ.get(ENGINE_ENV, ""))
    if wanted in ("auto", "chromium") and find_chromium() is not None:
        return "chromium"
    if wanted == "chromium":
        raise PdfEngineMissing("no Chromium found for the PDF engine 'chromium'", key="report_no_chromium")
    if available():
        return "builtin"
    raise PdfEngineMissing("no PDF engine: pip install xhtml2pdf (or install Chromium)")


def html_to_pdf(html: str, timeout: float = 90, engine: str | None = None) -> bytes:
    """Print ``html`` to PDF (bytes) with the engine :func:`choose_engine` picks.

    Raises :class:`PdfEngineMissing` (exit code 4), :class:`~intervensi.report.ReportError`
    (``report_pdf_failed``: the engine failed or Chromium timed out after ``timeout`` seconds).
    """
    from .pdf_builtin import available, html_to_pdf_builtin

    chosen = choose_engine(engine)
    if chosen == "builtin":
        return html_to_pdf_builtin(html)
    try:
        return chromium_pdf(html, timeout)
    except ReportError:
        # A Chromium that is found but cannot print (a snap stub, a missing library): with
        # ``auto`` the builtin engine prints instead; asked for by name, the error stands.
        asked = (engine if engine is not None else os.environ.get(ENGINE_ENV, "")).strip().lower() or "auto"
        if asked != "auto" or not available():
            raise
        return html_to_pdf_builtin(html)


def chromium_pdf(html: str, timeout: float = 90) -> bytes:
    """Print ``html`` to PDF with headless Chromium."""
    exe = find_chromium()
    if exe is None:
        raise PdfEngineMissing("no Chromium found for the PDF engine 'chromium'", key="report_no_chromium")
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
            raise PdfFailed("the PDF engine timed out", params={"problem": "timeout"}) from None
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfFailed("the PDF engine failed", params={"problem": f"exit {proc.returncode}"})
        return out.read_bytes()
