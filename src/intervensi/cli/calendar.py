"""``agenda --format ics``: the caseload's coming dates as a calendar file (the logic is in :mod:`intervensi.agenda_ics`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..i18n import CATALOG
from ._common import STATE, emit_json, msg, say

if TYPE_CHECKING:
    from ..cohort import Cohort

MESSAGES: dict[str, dict[str, str]] = {
    "msg.calendar_written": {
        "en": "{events} events of {cases} cases written to {out} ({new} new, {changed} changed, {unchanged} unchanged, {cancelled} cancelled).",
        "id": "{events} acara dari {cases} kasus ditulis ke {out} ({new} baru, {changed} berubah, {unchanged} tetap, {cancelled} dibatalkan).",
    },
    "err.ics_json_stdout": {"en": "--json needs --output FILE (standard output holds the calendar)",
                            "id": "--json memerlukan --output BERKAS (keluaran standar berisi kalender)"},
    "err.agenda_format": {"en": "--format: table or ics", "id": "--format: table atau ics"},
}
CATALOG.update(MESSAGES)


class IdSink(Protocol):
    """Collects the rows read, to name duplicate case ids (``cli.cohort.IdTracker``)."""

    def add(self, row: dict[str, Any]) -> None: ...

    def duplicates(self) -> dict[str, list[str]]: ...


def write_ics(cohort: Cohort, *, output: Path | None, within: int | None, anonymize: Any, force: bool, json: bool,
              problem_line: Callable[[dict[str, Any]], str], ids: IdSink) -> list[str]:
    """Write the calendar (to ``output`` or stdout) and say what was written; the lines of unreadable files."""
    from ..agenda_ics import WITHIN, calendar, read_previous, write_calendar
    from ..errors import UsageError

    if json and output is None:
        raise UsageError("--json needs --output", key="ics_json_stdout")
    previous = read_previous(output) if output is not None else None
    # What was read, so that a later run over other folders or another worker's cases does not
    # cancel the events this one wrote (the date is not part of it: tomorrow's run is the same selection).
    selection = repr((sorted(str(p.resolve()) for p in cohort.paths), sorted(cohort.criteria.worker)))
    result = calendar(cohort, within=WITHIN if within is None else within, lang=STATE.lang, anonymize=anonymize, previous=previous,
                      selection=selection, on_row=ids.add)
    invalid = [problem_line(r) for r in result.invalid]
    if output is None:
        sys.stdout.write(result.data.decode("utf-8"))
        sys.stdout.flush()
    else:
        write_calendar(output, result.data, force=force)
        if json:
            emit_json("agenda", {"path": str(output), "format": "ics", **result.to_dict(), "invalid": invalid, "duplicate_ids": ids.duplicates()})
        else:
            say(msg("msg.calendar_written", out=output, **result.to_dict()))
    return invalid


def check_format(fmt: str) -> None:
    from ..errors import UsageError

    if fmt not in ("table", "ics"):
        raise UsageError(f"--format {fmt}", key="agenda_format")


__all__ = ["check_format", "write_ics"]
