"""Facts drawn from a genogram: generations, ages at the assessment date, sibship order."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Case, Child, Genogram, Person


def reference_date(case: Case) -> dt.date:
    """Ages are computed at the assessment date (or the date the case was opened)."""
    if case.assessment and case.assessment.date:
        return case.assessment.date
    return case.opened


def _as_date(v: int | dt.date, end: bool) -> dt.date:
    if isinstance(v, dt.date):
        return v
    return dt.date(v, 12, 31) if end else dt.date(v, 1, 1)


def age(person: Person, on: dt.date) -> int | None:
    """Age at ``on`` (or at death); with only a birth year, the year difference."""
    if person.born is None:
        return None
    end: int | dt.date = on
    if person.died is not None and _year(person.died) <= on.year:
        end = person.died
    if isinstance(person.born, int) or isinstance(end, int):
        years = _year(end) - _year(person.born)
    else:
        years = end.year - person.born.year - ((end.month, end.day) < (person.born.month, person.born.day))
    return years if years >= 0 else None


def _year(v: int | dt.date) -> int:
    return v if isinstance(v, int) else v.year


def birth_key(person: Person, position: int) -> tuple[int, int, int, int]:
    """Sort key, oldest first; people without a birth year keep their file order at the end."""
    if person.born is None:
        return (1, 0, 0, position)
    d = _as_date(person.born, end=False)
    return (0, d.toordinal(), 0 if isinstance(person.born, dt.date) else 1, position)


def generations(g: Genogram) -> dict[str, int]:
    """Generation of every person, 1 = the oldest drawn; partners share their generation."""
    ids = [p.id for p in g.people]
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u in g.unions:
        a, b = (find(x) for x in u.partners if x in parent)
        if a != b:
            parent[max(a, b)] = min(a, b)
    unions = {u.id: u for u in g.unions}
    # edges between couple groups: parent group -> child group
    edges: list[tuple[str, str]] = []
    for c in g.children:
        if c.child not in parent:
            continue
        if c.union is not None and c.union in unions:
            src = unions[c.union].partners[0]
        elif c.parent is not None:
            src = c.parent
        else:
            continue
        if src in parent:
            edges.append((find(src), find(c.child)))
    level: dict[str, int] = {find(i): 0 for i in ids}
    for _ in range(len(ids) + 1):  # longest path; bounded so a cycle cannot hang us
        moved = False
        for a, b in edges:
            if a != b and level[b] < level[a] + 1:
                level[b] = level[a] + 1
                moved = True
        if not moved:
            break
    # pull childless roots (in-laws) down to their partner's row is already done by union-find;
    # pull parents up to just above their children when they have no parents themselves
    return {i: level[find(i)] + 1 for i in ids}


def child_links(g: Genogram) -> dict[tuple[str, str], list[Child]]:
    """Children grouped by where they hang from: ("u", union id) or ("p", parent id)."""
    out: dict[tuple[str, str], list[Child]] = {}
    for c in g.children:
        key = ("u", c.union) if c.union is not None else ("p", c.parent or "")
        out.setdefault(key, []).append(c)
    return out
