"""Recording the facts of each section of a case: one function, every field (DOMAIN.md §2–3).

A *section* is a mapping of the case file that holds single facts and short lists: the
client (age, sex, region, programmes...), the worker (supervisor...), the agency, the
engagement (first contact, referral source, presenting problem, the client's own words,
approach, observations), the assessment (date, tools, summary), the ecomap (its centre
label), planning (date, schedule), intervention (notes), evaluation (date, what changed
and what did not, summary), and the case itself (title, tags).

:func:`change_facts` sets scalars (``""`` clears an optional one) and edits lists with a
:class:`ListEdit` (replace, add, remove by value or number) in one locked, validated,
atomic edit. When a value that was already recorded is replaced or cleared, an
:class:`~intervensi.model.Amendment` says so (fields named, old values not copied).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NotFound, UsageError
from .i18n import CATALOG
from .store import edit

#: section name -> (keys in the file, model class name in :mod:`intervensi.model`)
SECTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "case": ((), ""),
    "client": (("client",), "Client"),
    "worker": (("worker",), "Worker"),
    "agency": (("agency",), "Agency"),
    "engagement": (("engagement",), "Engagement"),
    "assessment": (("assessment",), "Assessment"),
    "ecomap": (("assessment", "ecomap"), "Ecomap"),
    "planning": (("planning",), "Planning"),
    "intervention": (("intervention",), "Intervention"),
    "evaluation": (("evaluation",), "Evaluation"),
    "monitoring": (("monitoring",), "Monitoring"),
    "termination": (("termination",), "Termination"),
}

#: Dates of things that have happened (a first contact, an assessment, an evaluation, an
#: ending): a date after today is a typing slip, refused. Planned dates (a contract's end or
#: review, an objective's due date, a coming session) may lie ahead.
PAST_ONLY: dict[str, tuple[str, ...]] = {
    "engagement": ("first_contact",),
    "assessment": ("date",),
    "planning": ("date",),
    "evaluation": ("date",),
    "termination": ("date",),
}

#: Fields of a section that are lists of texts (edited with a :class:`ListEdit`).
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "case": ("tags",),
    "client": ("programmes",),
    "engagement": ("observations",),
    "assessment": ("tools",),
    "evaluation": ("changed", "unchanged"),
    "termination": ("sustainability",),
}

#: Fields no section command sets (they have commands of their own, or are the case's identity).
NOT_HERE: dict[str, tuple[str, ...]] = {
    "case": ("schema_version", "id", "level", "practice", "stage", "client", "worker", "agency", "engagement", "assessment",
             "planning", "intervention", "evaluation", "monitoring", "termination", "history", "amendments", "opened", "strategy"),
    "client": ("members", "kind"),
    "engagement": ("contract",),
    "assessment": ("needs", "strengths", "risks", "genogram", "ecomap"),
    "ecomap": ("systems",),
    "planning": ("goals",),
    "intervention": ("sessions",),
    "evaluation": ("measurements", "attainment"),
    "monitoring": ("checks", "enabled"),
    "termination": ("referrals",),
}

CLEAR = ""


@dataclass
class ListEdit:
    """A change to a list of texts: ``set`` replaces it, then ``remove`` (a value, or a
    number ``N``/``#N`` counted from 1), then ``add`` appends."""

    set: list[str] | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.set is not None or bool(self.add) or bool(self.remove)

    def apply(self, current: list[str], where: str) -> list[str]:
        out = [str(x) for x in (self.set if self.set is not None else current)]
        drop: set[int] = set()
        for ref in self.remove:
            ref = str(ref).strip()
            hit = next((i for i, v in enumerate(out) if v == ref and i not in drop), None)
            number = ref.removeprefix("#")
            if hit is None and number.isdigit() and 1 <= int(number) <= len(out):
                hit = int(number) - 1
            if hit is None:
                raise NotFound(f"no '{ref}' in {where}", field=where, key="no_value", params={"value": ref, "where": where})
            drop.add(hit)
        out = [v for i, v in enumerate(out) if i not in drop]
        for text in self.add:
            text = str(text).strip()
            if not text:
                raise UsageError(f"{where}: an entry cannot be empty", field=where, key="empty_entry", params={"where": where})
            out.append(text)
        if self.set is not None and any(not v.strip() for v in out):
            raise UsageError(f"{where}: an entry cannot be empty", field=where, key="empty_entry", params={"where": where})
        return [v.strip() for v in out]


MESSAGES: dict[str, dict[str, str]] = {
    "err.no_value": {"en": "no '{value}' in {where}", "id": "tidak ada '{value}' di {where}"},
    "err.empty_entry": {"en": "{where}: an entry cannot be empty", "id": "{where}: isian tidak boleh kosong"},
    "err.not_here": {"en": "{field}: this command does not set it", "id": "{field}: perintah ini tidak mengubahnya"},
    "err.date_future": {"en": "{date} lies in the future: record what has happened (a first contact, an assessment, an ending) on or before today",
                        "id": "{date} masih di masa depan: catat yang sudah terjadi (kontak pertama, asesmen, pengakhiran) paling lambat hari ini"},
}
CATALOG.update(MESSAGES)


def _plain(node: Any) -> Any:
    from .yamlrt import to_plain

    return to_plain(node)


def change_facts(
    path: Path | str,
    changes: dict[str, dict[str, Any]],
    lists: dict[str, dict[str, ListEdit]] | None = None,
    *,
    by: str | None = None,
    reason: str | None = None,
) -> list[str]:
    """Set facts of one or more sections in one edit; returns the fields changed (``client.age``...).

    ``changes`` maps a section name (:data:`SECTIONS`) to ``{field: value}``; ``None``
    leaves a field as it is, ``""`` clears it. ``lists`` maps a section to
    ``{list field: ListEdit}``. Each touched section is validated through its model, then
    the whole case by :func:`intervensi.store.edit`. Raises
    :class:`~intervensi.errors.UsageError` for a field this function does not set,
    :class:`~intervensi.errors.UsageError` (exit 2) with the field for a value the model refuses,
    :class:`~intervensi.errors.NotFound` for a list entry to remove that is not there.
    """
    from .ops import _dump, build
    from .ops_items import _amend
    from .yamlrt import to_yaml_value

    lists = lists or {}
    touched: list[str] = []
    overwritten: list[tuple[str, str]] = []
    with edit(path) as ed:
        for section in dict.fromkeys([*changes, *lists]):
            if section not in SECTIONS:
                raise UsageError(f"unknown section '{section}'", key="usage", params={"problem": section})
            keys, model_name = SECTIONS[section]
            given = {k: v for k, v in (changes.get(section) or {}).items() if v is not None}
            edits = {k: v for k, v in (lists.get(section) or {}).items() if v}
            if not given and not edits:
                continue
            prefix = ".".join(keys) + "." if keys else ""
            for k in [*given, *edits]:
                if k in NOT_HERE.get(section, ()) or (k in given and k in LIST_FIELDS.get(section, ())):
                    raise UsageError(f"{prefix}{k}: this command does not set it", field=f"{prefix}{k}", key="not_here", params={"field": f"{prefix}{k}"})
            # Scalars only (no list edit, nothing cleared): read the section from the case already
            # validated and splice each value into the text (Editor.set), with no round-trip parse
            # of the file; anything else edits the round-trip data, which keeps every comment too.
            fast = not edits and CLEAR not in given.values()
            node: Any = None
            if fast:
                current = _section_json(ed.case, keys)
            else:
                node = ed.section(*keys) if keys else ed.data
                current = {str(k): _plain(v) for k, v in node.items()}
            merged = dict(current)
            for k, v in given.items():
                if v == CLEAR:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            for k, le in edits.items():
                merged[k] = le.apply(list(current.get(k) or []), prefix + k)
            if model_name:
                checked = _dump(build(_model(model_name), prefix.rstrip(".") or "case", **merged))
            else:
                checked = {k: merged[k] for k in [*given, *edits] if k in merged}
            for k in PAST_ONLY.get(section, ()):
                value = checked.get(k) if k in given else None
                if isinstance(value, str):
                    value = dt.date.fromisoformat(value) if len(value) == 10 else None
                if isinstance(value, dt.date) and value > dt.date.today():
                    raise UsageError(f"{prefix}{k}: {value.isoformat()} lies in the future", field=f"{prefix}{k}", key="date_future",
                                     params={"field": f"{prefix}{k}", "date": value.isoformat()})
            for k in [*given, *edits]:
                had = current.get(k) not in (None, "", [])
                if k in checked and not (k in given and given[k] == CLEAR):
                    new = checked[k]
                    if had and (current.get(k) != new if fast else current.get(k) != _plain(to_yaml_value(new))):
                        overwritten.append((section, prefix + k))
                    if fast:
                        ed.set((*keys, k), new)
                    else:
                        node[k] = to_yaml_value(new)
                else:
                    if had:
                        overwritten.append((section, prefix + k))
                    if fast:
                        ed.delete((*keys, k))
                    elif k in node:
                        del node[k]
                touched.append(prefix + k)
            ed.changed = True
        if overwritten:
            sections = ", ".join(dict.fromkeys(s for s, _ in overwritten))
            _amend(ed, "change", sections, [f for _, f in overwritten], by, reason)
    return touched


def _section_json(case: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """The section at ``keys`` of a validated case as JSON-mode data (``{}`` when absent)."""
    node = case
    for key in keys:
        node = getattr(node, key, None)
        if node is None:
            return {}
    return dict(node.model_dump(mode="json", by_alias=True, exclude_none=True))


def _model(name: str) -> Any:
    from . import model

    return getattr(model, name)


__all__ = ["LIST_FIELDS", "SECTIONS", "ListEdit", "change_facts"]
