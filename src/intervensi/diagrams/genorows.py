"""Row order of a genogram: couples joined into rows, chains of remarriages, label padding.

A person with two unions sits between the two partners (McGoldrick). When both
ex-partners have remarried, the unions form a chain (new wife – husband – ex-wife – her
new husband): every union's partners are then ordered along the chain, so that no union
line has to pass a third person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Union


def chain_order(unions: Sequence[Union], male: Mapping[str, bool]) -> dict[str, tuple[str, str, tuple[int, int]]]:
    """For unions that form chains (nobody with more than two unions, no ring): each
    union's (left partner, right partner, (chain, position)) along its chain.

    A chain of one couple puts the man on the left by convention; a longer chain keeps a
    man at its left end when only one end is a man. Unions outside chains are left out.
    """
    partners: dict[str, list[tuple[str, str]]] = {}
    for u in unions:
        a, b = u.partners
        if a == b:
            continue
        partners.setdefault(a, []).append((u.id, b))
        partners.setdefault(b, []).append((u.id, a))
    out: dict[str, tuple[str, str, tuple[int, int]]] = {}
    seen: set[str] = set()
    for number, start in enumerate(partners):
        if start in seen:
            continue
        component, stack = {start}, [start]
        while stack:
            for _, other in partners[stack.pop()]:
                if other not in component:
                    component.add(other)
                    stack.append(other)
        seen |= component
        edges = {uid for x in component for uid, _ in partners[x]}
        if any(len(partners[x]) > 2 for x in component) or len(edges) != len(component) - 1:
            continue  # a person with three unions, or a ring: not a chain
        ends = sorted((x for x in component if len(partners[x]) == 1), key=list(partners).index)
        sequence, used = [ends[0]], set()
        while True:
            step = [(uid, o) for uid, o in partners[sequence[-1]] if uid not in used]
            if not step:
                break
            used.add(step[0][0])
            sequence.append(step[0][1])
        if not male.get(sequence[0], False) and male.get(sequence[-1], False):
            sequence.reverse()
        where = {x: k for k, x in enumerate(sequence)}
        for x in sequence:
            for uid, other in partners[x]:
                if where[x] < where[other]:
                    out[uid] = (x, other, (number, where[x]))
    return out


#: Advance widths of DejaVu Sans in ems (the font of every label), for the few characters
#: of union years; others count as wide as a digit.
_EM = {" ": 0.318, ".": 0.318, "m": 0.974, "w": 0.818, "M": 0.863, "W": 0.989, "i": 0.278, "l": 0.278, "t": 0.392, "r": 0.411}
_SPACE_EM = 0.318


@lru_cache(maxsize=1024)
def pad_right_of_centre(text: str) -> str:
    """``text`` with leading spaces a little wider than itself: centred, it then starts just
    right of the centre (where the children's line runs down)."""
    width = sum(_EM.get(c, 0.636) for c in text)
    return " " * (math.ceil(width / _SPACE_EM) + 2) + text


def couple_rows(rows: list[list[str]]) -> list[list[tuple[str, str]]]:
    """Join couples that share a person into one row, keeping first-seen order."""
    groups: list[list[tuple[str, str]]] = []
    where: dict[str, int] = {}
    for left, union, right in rows:
        hit = sorted({where[x] for x in (left, right) if x in where})
        if not hit:
            groups.append([])
            gi = len(groups) - 1
        else:
            gi = hit[0]
            for other in hit[1:]:
                groups[gi].extend(groups[other])
                for _, x in groups[other]:
                    where[x] = gi
                groups[other] = []
        for item in (("p", left), ("u", union), ("p", right)):
            if item not in groups[gi]:
                groups[gi].append(item)
            if item[0] == "p":
                where[item[1]] = gi
    return [g for g in groups if g]


