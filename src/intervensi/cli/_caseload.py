"""What the caseload commands share: the options that choose cases (``--stage``, ``--where``,
``--jobs``...), opening a cohort, the progress bar on stderr, and the lines that name an
unreadable file or a duplicate case id. Used by cli/cohort.py, cli/bulk.py, cli/site.py and
cli/roster.py, none of which imports another for these.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import CATALOG
from ._common import STATE, H, config, err_console, msg, say

if TYPE_CHECKING:
    from ..cohort import Cohort

MESSAGES: dict[str, dict[str, str]] = {
    "err.no_workspace_cases": {
        "en": "no cases folder here and no intervensi.toml in this folder or above: run `intervensi init` to make this folder a workspace, or name the case files or folders",
        "id": "tidak ada folder kasus di sini dan tidak ada intervensi.toml di folder ini atau di atasnya: jalankan `intervensi init` agar folder ini menjadi workspace, atau sebutkan berkas atau folder kasusnya"},
    "msg.duplicate_id": {"en": "case id {id} is used by {count} different files: {paths}", "id": "id kasus {id} dipakai oleh {count} berkas berbeda: {paths}"},
}
CATALOG.update(MESSAGES)

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help=H("Case files or folders (default: the workspace's cases).", "Berkas kasus atau folder (bawaan: folder cases workspace)."), show_default=False, metavar="FILES"),
]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", help=H("Worker processes (default: all cores).", "Jumlah proses (bawaan: semua inti)."))]
StageOpt = Annotated[list[str] | None, typer.Option("--stage", help=H("Only cases at this stage (repeatable).", "Hanya kasus pada tahap ini (bisa diulang)."))]
LevelOpt = Annotated[list[str] | None, typer.Option("--level", help=H("Only this level: micro, mezzo, macro.", "Hanya tingkat ini: micro, mezzo, macro."))]
PracticeOpt = Annotated[list[str] | None, typer.Option("--practice", help=H("Only this practice form.", "Hanya bentuk praktik ini."))]
WorkerOpt = Annotated[list[str] | None, typer.Option("--worker", help=H("Only cases of this worker.", "Hanya kasus pekerja ini."))]
OverdueOpt = Annotated[bool | None, typer.Option("--overdue/--not-overdue", help=H("Only cases past (or not past) their next due date.", "Hanya kasus yang (tidak) lewat tenggat."), show_default=False)]
ClosedOpt = Annotated[bool | None, typer.Option("--closed/--open", help=H("Only closed (or open) cases.", "Hanya kasus tertutup (atau terbuka)."), show_default=False)]
WhereOpt = Annotated[
    list[str] | None,
    typer.Option("--where", help=H("A condition on any field: client.region~Humbang, client.age>=60, engagement.contract.end<2026-01-01.", "Syarat pada kolom mana pun: client.region~Humbang, client.age>=60, engagement.contract.end<2026-01-01.")),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help=H("Read every file, ignoring the warm cache.", "Baca semua berkas, abaikan cache."))]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=H("Apply the changes (without it: a preview).", "Terapkan perubahan (tanpa ini: pratinjau)."))]
DryOpt = Annotated[bool, typer.Option("--dry-run", help=H("Print the unified diff of every change; write nothing.", "Cetak diff setiap perubahan; tidak menulis apa pun."))]


def case_roots(paths: list[Path] | None) -> list[Path]:
    """The files or folders named, else the workspace's cases folder; each must exist (exit 4,
    with a hint to run `intervensi init` when there is no workspace at all)."""
    from ..errors import NotFound

    cfg = config()
    roots = paths or [cfg.cases]
    for r in roots:
        if not r.exists():
            if not paths and cfg.root is None:
                raise NotFound("no cases folder and no workspace", path=r, key="no_workspace_cases", params={"path": r})
            raise NotFound("no such file", path=r, key="no_such_file")
    return roots


def open_cohort(
    paths: list[Path] | None,
    *,
    jobs: int | None = None,
    cache: bool = True,
    stage: list[str] | None = None,
    level: list[str] | None = None,
    practice: list[str] | None = None,
    worker: list[str] | None = None,
    overdue: bool | None = None,
    closed: bool | None = None,
    where: list[str] | None = None,
    gate_ready: bool | None = None,
) -> Cohort:
    from ..cohort import Cohort
    from ..cycle import parse_stage

    roots = case_roots(paths)
    stages = [parse_stage(s, STATE.lang).value for s in stage or []]
    c = Cohort(roots, jobs=jobs, cache=cache)
    return c.filter(stage=stages, level=level or [], practice=practice or [], worker=worker or [], overdue=overdue, closed=closed, where=where or [], gate_ready=gate_ready)


class Progress:
    """A Rich progress bar on stderr, shown only on a terminal and once a run passes a second.

    It shows the count done (``123/300``, or ``123`` while the total is unknown), the time
    spent and, with a total, the time left. It appears after one second even when nothing
    has finished yet (a timer starts it), so a long run is never silent.
    """

    def __init__(self, total: int | None, label: str, console: Any = None) -> None:
        import threading
        import time

        self.total = total
        self.label = label
        self.done = 0
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.enabled = not STATE.json  # (--json: no Rich console at all, it is a third of start-up)
        self.console = (console or err_console()) if self.enabled else console
        self.enabled = self.enabled and bool(self.console.is_terminal)
        self._lock = threading.Lock()
        self._closed = False
        self._timer: Any = None
        if self.enabled:
            self._timer = threading.Timer(1.0, self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if self.bar is not None or self._closed:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            count = MofNCompleteColumn() if self.total else TextColumn("{task.completed}")
            columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), count, TimeElapsedColumn()]
            if self.total:
                columns.append(TimeRemainingColumn())
            self.bar = RichProgress(*columns, console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total, completed=self.done)

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None:
            import time

            if time.monotonic() - self.start < 1.0:
                return
            self._show()
        with self._lock:
            if self.bar is not None and not self._closed:
                self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self.bar is not None:
                self.bar.stop()


def _problem_line(row: dict[str, Any]) -> str:
    from ..errors import IntervensiError
    from ._common import render_error

    p = row["problems"][0]
    err = IntervensiError(p.get("text", ""), path=row["path"], line=p.get("line"), column=p.get("column"), field=p.get("field"), key=p.get("key"), params=p.get("params"))
    return render_error(err)[0]


def say_duplicates(dups: dict[str, list[str]]) -> None:
    """Name every case id used by more than one file (stderr): two cases, not one."""
    for cid, where in dups.items():
        say(msg("msg.duplicate_id", id=cid, count=len(where), paths=", ".join(where)), "yellow")


class IdTracker:
    """Collects ``(id, path)`` of rows as they stream by, for :func:`intervensi.cohort.duplicate_ids`."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        if row.get("valid"):
            self.rows.append({"valid": True, "id": row.get("id"), "path": row.get("path")})

    def duplicates(self) -> dict[str, list[str]]:
        from ..cohort import duplicate_ids

        return duplicate_ids(self.rows)


# --------------------------------------------------------------------------- status
