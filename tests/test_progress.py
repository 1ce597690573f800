"""Long work shows a count, the time spent and the time left, and is never silent."""

from __future__ import annotations

import io
import time

from rich.console import Console

from intervensi.cli._caseload import Progress


def terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=100, color_system=None), buf


def test_count_and_estimate_with_a_total() -> None:
    con, buf = terminal()
    p = Progress(300, "render", console=con)
    time.sleep(1.2)  # shown after a second even before anything finished
    for _ in range(120):
        p()
    p.bar.refresh()
    out = buf.getvalue()
    p.close()
    assert "render" in out and "120/300" in out, out
    assert "0:00:0" in out  # elapsed (and remaining) times


def test_shown_after_a_second_without_any_progress() -> None:
    con, buf = terminal()
    p = Progress(None, "export", console=con)
    time.sleep(1.3)
    assert p.bar is not None
    p.bar.refresh()
    p.close()
    assert "export" in buf.getvalue()


def test_silent_when_not_a_terminal() -> None:
    buf = io.StringIO()
    p = Progress(10, "render", console=Console(file=buf, force_terminal=False))
    time.sleep(1.2)
    p(5)
    p.close()
    assert buf.getvalue() == "" and p.bar is None
