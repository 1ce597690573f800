"""Roster rows → families: each cell read (:mod:`intervensi.roster_values`), each problem kept.

A :class:`Family` is one row that can become a case; a :class:`Problem` is why a row (or one
of its cells) cannot, named by row and column as the spreadsheet shows them, with a message
key (``err.roster_*``) and parameters that never hold the cell's content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .roster_msgs import register as _register
from .roster_read import Table, column_letter
from .roster_values import Bad, MemberRow

_register()


@dataclass
class Problem:
    """Why a row (or a cell of it) cannot become a case. ``params`` hold no cell content."""

    row: int
    key: str
    column: int | None = None
    header: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        from .i18n import t

        return t(f"err.{self.key}", lang, **self.params)

    def where(self, lang: str = "en") -> str:
        from .i18n import t

        if self.column is None:
            return t("roster.at_row", lang, row=self.row)
        return t("roster.at_cell", lang, row=self.row, col=column_letter(self.column), header=self.header or "")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "column_letter": column_letter(self.column) if self.column else None,
                "header": self.header, "key": self.key, "message": f"{self.where(lang)}: {self.message(lang)}"}


@dataclass
class Family:
    """One roster row read: the head of the family, the household, where they live."""

    row: int
    name: str
    kk: str
    nik: str | None = None
    address: str | None = None
    village: str | None = None
    district: str | None = None
    sex: str | None = None
    born: int | dt.date | None = None
    phone: str | None = None
    components: list[str] = field(default_factory=list)
    opened: dt.date | None = None
    case_id: str | None = None
    members: list[MemberRow] = field(default_factory=list)
    #: where each identifier came from: NIK → column (1-based)
    nik_columns: dict[str, int] = field(default_factory=dict)
    #: the row has a problem (listed): it never becomes a case, but its KK and NIKs count as taken
    bad: bool = False


def families_of(table: Table, today: dt.date | None = None) -> tuple[list[Family], list[Problem]]:
    """Each row of ``table`` as a :class:`Family`, and the problems of every row.

    A row with a problem is a family marked ``bad`` (with what could be read of it, so that
    its KK and NIKs still count in the duplicate checks): it never becomes a case.
    """
    from . import roster_values as rv
    from .model_base import CASE_ID

    today = today or dt.date.today()
    out: list[Family] = []
    problems: list[Problem] = []
    readers: dict[str, Callable[[Any], Any]] = {
        "name": rv.text, "nik": rv.ident, "kk": rv.ident, "address": rv.text, "village": rv.text, "district": rv.text,
        "sex": rv.sex, "born": lambda v: rv.date(v, year_ok=True), "phone": rv.phone, "components": rv.components,
        "opened": rv.date, "case_id": rv.text, "members": rv.members,
    }
    for row, cells in table.rows:
        got: dict[str, Any] = {}
        bad: list[Problem] = []
        for f, value in cells.items():
            col = table.columns[f]
            try:
                got[f] = readers[f](value)
            except Bad as exc:
                bad.append(Problem(row, exc.key, col, table.headers[f], {**exc.params}))
        for f in ("name", "kk"):
            if got.get(f) is None and not any(p.column == table.columns[f] for p in bad):
                bad.append(Problem(row, "roster_required", table.columns[f], table.headers[f]))
        born, opened = got.get("born"), got.get("opened")
        if (isinstance(born, dt.date) and born > today) or (isinstance(born, int) and born > today.year):
            bad.append(Problem(row, "roster_future", table.columns["born"], table.headers["born"]))
        if isinstance(opened, dt.date) and opened > today:
            bad.append(Problem(row, "roster_future", table.columns["opened"], table.headers["opened"]))
        cid = got.get("case_id")
        if cid and not CASE_ID.match(cid):
            bad.append(Problem(row, "roster_case_id", table.columns["case_id"], table.headers["case_id"]))
        for n, m in enumerate(got.get("members") or [], start=1):
            if (isinstance(m.born, dt.date) and m.born > today) or (isinstance(m.born, int) and m.born > today.year):
                bad.append(Problem(row, "roster_member_future", table.columns["members"], table.headers["members"], {"n": n}))
        fam = Family(row, got.get("name") or "", got.get("kk") or "",
                     **{k: v for k, v in got.items() if k not in ("name", "kk") and v is not None})
        if fam.nik:
            fam.nik_columns[fam.nik] = table.columns["nik"]
        for m in fam.members:
            if m.nik:
                fam.nik_columns.setdefault(m.nik, table.columns["members"])
        if bad:
            problems += bad
            fam.bad = True  # kept for the duplicate checks: its KK and NIKs still count
        out.append(fam)
    return out, problems


__all__ = ["Family", "Problem", "families_of"]
