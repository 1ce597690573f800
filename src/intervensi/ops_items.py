"""Correcting and removing what a case holds: one address scheme for every list.

Every list a worker fills (members, contract focus and roles, needs, strengths, risks,
goals, objectives, activities, sessions, measurements, GAS scores, monitoring checks,
referrals, and the plain lists of texts) is an :class:`ItemKind`. An item is addressed by
its id where it has one (``keuangan``), or by its number as :func:`list_items` and the
``list`` commands print it (``3`` or ``#3``, counted from 1). Activities are numbered
within their goal.

:func:`change_item` validates the changed item through its model and the whole case again
(:func:`intervensi.store.edit`), so a wrong value is refused exactly as in a hand edit;
``""`` clears an optional field. :func:`remove_item` refuses to remove something others
refer to (a need a goal answers, a goal with sessions or scores, an objective with
measurements, a member with attendance) unless ``cascade=True``, which removes those
references too. Both append an :class:`~intervensi.model.Amendment` (what, when, by whom,
why) to the case's ``amendments``; ``history`` is never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotFound, UsageError
from .i18n import CATALOG
from .store import Editor, edit

#: A value that clears an optional field in :func:`change_item`.
CLEAR = ""


@dataclass(frozen=True)
class ItemKind:
    """Where one kind of list item lives and how it is checked."""

    name: str
    keys: tuple[str, ...]
    #: The model class in :mod:`intervensi.model`; ``""`` for a plain text.
    model: str
    #: Items carry an ``id`` (always, or sometimes for strengths).
    ident: bool = False
    #: Objectives and activities live inside a goal (``keys`` is then relative to it).
    in_goal: bool = False


KINDS: dict[str, ItemKind] = {
    k.name: k
    for k in (
        ItemKind("member", ("client", "members"), "Member", ident=True),
        ItemKind("programme", ("client", "programmes"), ""),
        ItemKind("observation", ("engagement", "observations"), ""),
        ItemKind("focus", ("engagement", "contract", "focus"), ""),
        ItemKind("role", ("engagement", "contract", "roles"), "Role"),
        ItemKind("tool", ("assessment", "tools"), ""),
        ItemKind("need", ("assessment", "needs"), "Need", ident=True),
        ItemKind("strength", ("assessment", "strengths"), "Strength", ident=True),
        ItemKind("risk", ("assessment", "risks"), "Risk"),
        ItemKind("goal", ("planning", "goals"), "Goal", ident=True),
        ItemKind("objective", ("objectives",), "Objective", ident=True, in_goal=True),
        ItemKind("activity", ("activities",), "Activity", in_goal=True),
        ItemKind("session", ("intervention", "sessions"), "Session"),
        ItemKind("measurement", ("evaluation", "measurements"), "Measurement"),
        ItemKind("score", ("evaluation", "attainment"), "Attainment"),
        ItemKind("changed", ("evaluation", "changed"), ""),
        ItemKind("unchanged", ("evaluation", "unchanged"), ""),
        ItemKind("check", ("monitoring", "checks"), "Check"),
        ItemKind("sustainability", ("termination", "sustainability"), ""),
        ItemKind("referral", ("termination", "referrals"), "Referral"),
        # genogram and ecomap: listed here; added, changed and removed by intervensi.diagram_ops
        ItemKind("person", ("assessment", "genogram", "people"), "Person", ident=True),
        ItemKind("union", ("assessment", "genogram", "unions"), "Union", ident=True),
        ItemKind("child", ("assessment", "genogram", "children"), "Child"),
        ItemKind("relationship", ("assessment", "genogram", "relationships"), "Relationship"),
        ItemKind("system", ("assessment", "ecomap", "systems"), "System", ident=True),
    )
}

MESSAGES: dict[str, dict[str, str]] = {
    "err.bad_ref": {
        "en": "'{ref}' is neither an id nor a number from 1 to {count}",
        "id": "'{ref}' bukan id dan bukan nomor 1 sampai {count}",
    },
    "err.goal_needed": {"en": "{what}: name the goal (--goal)", "id": "{what}: sebutkan tujuannya (--goal)"},
    "err.id_unchangeable": {"en": "an id cannot be changed; add a new item and remove the old one",
                            "id": "id tidak dapat diubah; tambahkan butir baru lalu hapus yang lama"},
    "val.text_empty": {"en": "a text cannot be empty", "id": "teks tidak boleh kosong"},
}
CATALOG.update(MESSAGES)


def kind_of(name: str) -> ItemKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind of item '{name}'", key="usage", params={"problem": name}) from None


# --------------------------------------------------------------------------- addressing


def _walk(data: Any, keys: tuple[str, ...]) -> Any:
    node = data
    for k in keys:
        if node is None or not hasattr(node, "get"):
            return None
        node = node.get(k)
    return node


def _goal_index(ed: Editor, goal: str | None, kind: ItemKind) -> int:
    if goal is None:
        raise UsageError(f"{kind.name}: name the goal (--goal)", field="goal", key="goal_needed", params={"what": kind.name})
    for i, g in enumerate(ed.case.goals):
        if g.id == goal:
            return i
    if goal.lstrip("#").isdigit() and 1 <= int(goal.lstrip("#")) <= len(ed.case.goals):
        return int(goal.lstrip("#")) - 1
    raise NotFound(f"no goal '{goal}' in this case", field="goal", key="no_item", params={"what": "goal", "id": goal, "where": "planning.goals"})


def _container(ed: Editor, kind: ItemKind, goal: str | None) -> tuple[tuple[str, ...], list[Any]]:
    """The data path of the list and the items of the validated case (dumped) in order."""
    if kind.in_goal:
        gi = _goal_index(ed, goal, kind)
        keys: tuple[str, ...] = ("planning", "goals", str(gi), *kind.keys)
        node = ed.case.goals[gi]
        return keys, list(getattr(node, kind.keys[-1]))
    node = ed.case
    for k in kind.keys:
        node = getattr(node, k, None) if node is not None else None
    return kind.keys, list(node or [])


def _data_list(ed: Editor, keys: tuple[str, ...]) -> Any:
    node = ed.data
    for k in keys:
        node = node[int(k)] if k.isdigit() else node[k]
    return node


def locate(ed: Editor, kind: ItemKind, ref: str, goal: str | None = None) -> tuple[tuple[str, ...], int, str]:
    """``(data path of the list, index, label)`` of the item ``ref`` addresses."""
    ref = str(ref).strip()
    if kind.name == "objective":
        for gi, g in enumerate(ed.case.goals):
            if goal is not None and goal not in (g.id, str(gi + 1), f"#{gi + 1}"):
                continue
            for oi, o in enumerate(g.objectives):
                if o.id == ref:
                    return ("planning", "goals", str(gi), "objectives"), oi, f"planning.goals[{g.id}].objectives[{o.id}]"
        if goal is None:
            raise NotFound(f"no objective '{ref}' in this case", field="objective", key="no_item",
                           params={"what": "objective", "id": ref, "where": "planning.goals.*.objectives"})
    keys, items = _container(ed, kind, goal)
    where = ".".join(keys)
    if kind.ident:
        for i, item in enumerate(items):
            if getattr(item, "id", None) == ref:
                return keys, i, f"{where}[{ref}]"
    number = ref.removeprefix("#")
    if number.isdigit() and 1 <= int(number) <= len(items):
        return keys, int(number) - 1, f"{where}#{int(number)}"
    if kind.ident and not number.isdigit():
        raise NotFound(f"no {kind.name} '{ref}' in {where}", field=where, key="no_item", params={"what": kind.name, "id": ref, "where": where})
    raise NotFound(f"'{ref}' is neither an id nor a number from 1 to {len(items)}", field=where, key="bad_ref",
                   params={"ref": ref, "count": len(items)})


# --------------------------------------------------------------------------- listing


def list_items(case: Any, kind_name: str, goal: str | None = None) -> list[dict[str, Any]]:
    """Every item of a kind as plain data, each with its ``number`` (1-based) first.

    ``case`` is a validated :class:`~intervensi.model.Case`. Activities without ``goal``
    and objectives are listed over the whole plan, each with its ``goal``.
    """
    kind = kind_of(kind_name)
    out: list[dict[str, Any]] = []
    if kind.in_goal:
        for g in case.goals:
            if goal is not None and goal != g.id:
                continue
            for i, item in enumerate(getattr(g, kind.keys[-1])):
                out.append({"number": i + 1, "goal": g.id, **_plain(item)})
        return out
    node = case
    for k in kind.keys:
        node = getattr(node, k, None) if node is not None else None
    for i, item in enumerate(node or []):
        out.append({"number": i + 1, **_plain(item)})
    return out


def _plain(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        return {"text": item}
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


# --------------------------------------------------------------------------- changing


def _amend(ed: Editor, action: str, label: str, fields: list[str], by: str | None, reason: str | None) -> None:
    from .cycle import now

    entry: dict[str, Any] = {"at": now().isoformat(), "by": by, "action": action, "item": label}
    if fields:
        entry["fields"] = fields
    if reason and reason.strip():
        entry["reason"] = reason.strip()
    ed.append(("amendments",), entry)


def _model(name: str) -> Any:
    from . import model

    return getattr(model, name)


def _check_text(text: Any, where: str) -> str:
    """``text`` stripped; a blank one is refused as the schema refuses an empty string: a
    :class:`~intervensi.errors.UsageError` (exit 2) naming ``where``, like any value built
    from command-line input that the model refuses (:func:`intervensi.ops.build`)."""
    value = str(text).strip() if text is not None else ""
    if not value:
        from .validation_i18n import value_problem

        raise value_problem({"type": "string_too_short", "ctx": {"min_length": 1}, "loc": (), "input": "", "msg": "empty"}, where)
    return value


def change_item(
    path: Path | str,
    kind_name: str,
    ref: str,
    values: dict[str, Any],
    *,
    goal: str | None = None,
    by: str | None = None,
    reason: str | None = None,
) -> str:
    """Change fields of one item (``None`` leaves a field, ``""`` clears it); returns its label.

    Raises :class:`~intervensi.errors.NotFound` for an unknown id or number,
    :class:`~intervensi.errors.UsageError` (exit 2, with the field) for a value the model
    refuses; the file is then unchanged. A plain-text item takes ``values={"text": ...}``.
    """
    from .ops import _dump, build
    from .yamlrt import to_yaml_value

    kind = kind_of(kind_name)
    given = {k: v for k, v in values.items() if v is not None}
    if "id" in given:
        raise UsageError("an id cannot be changed; add a new item and remove the old one", key="id_unchangeable")
    with edit(path) as ed:
        keys, index, label = locate(ed, kind, ref, goal)
        if not given:
            return label
        if kind.model and _splice_item_change(ed, kind, keys, index, label, given):
            _amend(ed, "change", label, sorted(given), by, reason)
            return label
        seq = _data_list(ed, keys)
        if not kind.model:
            seq[index] = _check_text(given.get("text"), f"{label}")
            _amend(ed, "change", label, ["text"], by, reason)
            return label
        item = seq[index]
        merged = {str(k): v for k, v in item.items()}
        for k, v in given.items():
            if v == CLEAR:
                merged.pop(k, None)
            elif isinstance(v, dict) and hasattr(merged.get(k), "items"):
                merged[k] = {**{str(a): b for a, b in merged[k].items()}, **v}  # a mapping (GAS levels) is merged
            else:
                merged[k] = v
        checked = _dump(build(_model(kind.model), label, **merged))
        if kind.name in ("session", "member"):  # attendance only by members on the session's date
            _check_attendance_after(ed, kind.name, index, checked)
        for k, v in given.items():
            if v == CLEAR or k not in checked:
                if k in item:
                    del item[k]
            else:
                item[k] = to_yaml_value(checked[k])
        _amend(ed, "change", label, sorted(given), by, reason)
        ed.changed = True
    return label


def _splice_item_change(ed: Editor, kind: ItemKind, keys: tuple[str, ...], index: int, label: str, given: dict[str, Any]) -> bool:
    """Change one-line fields of an item in the text, reading the item from the validated case:
    no round-trip parse of the file (``need change CASE money --area economic``). False, with
    nothing done, when a value is cleared or a mapping, a field is not yet in the file as one
    line, or the item is a session or member (their attendance rule reads the whole case)."""
    from .ops import _dump, build

    if kind.name in ("session", "member") or any(v == CLEAR or isinstance(v, (dict, list)) for v in given.values()):
        return False
    node: Any = ed.case
    for k in keys:
        node = node[int(k)] if k.isdigit() else getattr(node, k, None)
        if node is None:
            return False
    merged = {**node[index].model_dump(mode="json", by_alias=True, exclude_none=True), **given}
    checked = _dump(build(_model(kind.model), label, **merged))
    if any(k not in checked for k in given):
        return False
    path = tuple(int(k) if k.isdigit() else k for k in keys)
    return ed.splice_scalars([((*path, index, k), checked[k]) for k in given])


def _check_attendance_after(ed: Editor, kind_name: str, index: int, checked: dict[str, Any]) -> None:
    """Refuse a change of a session or a member that leaves someone attending while not a member."""
    from .attendance import check_case
    from .model import Member, Session

    case = ed.case.model_copy(deep=True)
    if kind_name == "session":
        case.sessions[index] = Session.model_validate(checked)
    else:
        case.client.members[index] = Member.model_validate(checked)
    check_case(case, path=ed.path)


# --------------------------------------------------------------------------- removing


def references(case: Any, kind_name: str, ident: str) -> dict[str, int]:
    """What refers to the item ``ident`` of a kind, as ``{field path: count}``."""
    refs: dict[str, int] = {}
    if kind_name == "need":
        refs["planning.goals.*.needs"] = sum(ident in g.needs for g in case.goals)
    elif kind_name == "goal":
        goal = next((g for g in case.goals if g.id == ident), None)
        objectives = {o.id for o in goal.objectives} if goal else set()
        refs["intervention.sessions.*.goals"] = sum(ident in s.goals for s in case.sessions)
        refs["evaluation.attainment"] = sum(a.goal == ident for a in case.attainment)
        refs["evaluation.measurements"] = sum(m.objective in objectives for m in case.measurements)
    elif kind_name == "objective":
        refs["evaluation.measurements"] = sum(m.objective == ident for m in case.measurements)
    elif kind_name == "member":
        refs["intervention.sessions.*.attendance"] = sum(ident in (s.attendance or []) for s in case.sessions)
    return {k: v for k, v in refs.items() if v}


def _drop_refs(ed: Editor, kind_name: str, ident: str) -> None:
    def prune(seq: Any, gone: Any) -> None:
        for i in reversed(range(len(seq or []))):
            if gone(seq[i]):
                del seq[i]

    data = ed.data
    goals = _walk(data, ("planning", "goals")) or []
    sessions = _walk(data, ("intervention", "sessions")) or []
    if kind_name == "need":
        for g in goals:
            prune(g.get("needs"), lambda n: str(n) == ident)
    elif kind_name == "goal":
        goal = next((g for g in ed.case.goals if g.id == ident), None)
        objectives = {o.id for o in goal.objectives} if goal else set()
        for s in sessions:
            prune(s.get("goals"), lambda n: str(n) == ident)
        prune(_walk(data, ("evaluation", "attainment")), lambda a: str(a.get("goal")) == ident)
        prune(_walk(data, ("evaluation", "measurements")), lambda m: str(m.get("objective")) in objectives)
    elif kind_name == "objective":
        prune(_walk(data, ("evaluation", "measurements")), lambda m: str(m.get("objective")) == ident)
    elif kind_name == "member":
        for s in sessions:
            prune(s.get("attendance"), lambda n: str(n) == ident)


def remove_item(
    path: Path | str,
    kind_name: str,
    ref: str,
    *,
    goal: str | None = None,
    cascade: bool = False,
    by: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Remove one item; returns ``{"item": label, "references": {path: count}}``.

    Raises :class:`~intervensi.diagram_ops.ReferencedError` (exit code of an invalid
    case) when others refer to it and ``cascade`` is false; the file is then unchanged.
    """
    from .diagram_ops import _refuse

    kind = kind_of(kind_name)
    with edit(path) as ed:
        keys, index, label = locate(ed, kind, ref, goal)
        seq = _data_list(ed, keys)
        ident = str(seq[index].get("id")) if kind.ident and hasattr(seq[index], "get") and seq[index].get("id") else None
        refs = references(ed.case, kind.name, ident) if ident else {}
        if refs and not cascade:
            _refuse(ident or label, refs, label)
        if refs:
            _drop_refs(ed, kind.name, ident or "")
        del seq[index]
        _amend(ed, "remove", label, [], by, reason)
        ed.changed = True
    return {"item": label, "references": refs}


# --------------------------------------------------------------------------- adding


def add_member(
    path: Path | str,
    name: str,
    *,
    id: str | None = None,  # noqa: A002
    role: str | None = None,
    sex: str | None = None,
    born: int | str | None = None,
    joined: dt.date | None = None,
    left: dt.date | None = None,
) -> str:
    """Add a member of the client system (a group, family or community member); returns the id."""
    from .model import Member
    from .ops import _check_new_id, _dump, _next_id, build, slug

    with edit(path) as ed:
        taken = {m.id for m in ed.case.client.members}
        ident = id or slug(name, "")[:24].strip("-") or _next_id("m", taken)
        if not id and ident in taken:
            ident = _next_id(f"{ident}-", taken)
        _check_new_id(ident, taken, "client.members")
        item = build(Member, "client.members", id=ident, name=_check_text(name, "client.members.name"), role=role, sex=sex,
                     born=born, joined=joined, left=left)
        ed.append(("client", "members"), _dump(item))
    return ident


def add_text(path: Path | str, kind_name: str, text: str) -> int:
    """Append a text to a plain list (programme, observation, focus, tool...); returns its number."""
    kind = kind_of(kind_name)
    if kind.model or kind.in_goal:
        raise UsageError(f"{kind.name} is not a list of texts", key="usage", params={"problem": kind.name})
    with edit(path) as ed:
        value = _check_text(text, ".".join(kind.keys))
        _, items = _container(ed, kind, None)
        ed.append(kind.keys, value)
    return len(items) + 1


def add_role(path: Path | str, party: str, role: str) -> int:
    """Add a role of the contract (who does what); returns its number."""
    from .model import Role
    from .ops import _dump, build

    with edit(path) as ed:
        count = len(ed.case.engagement.contract.roles) if ed.case.engagement and ed.case.engagement.contract else 0
        ed.section("engagement", "contract")
        ed.append(("engagement", "contract", "roles"), _dump(build(Role, "engagement.contract.roles", party=party, role=role)))
    return count + 1


def add_referral(path: Path | str, to: str, *, reason: str | None = None, date: dt.date | None = None) -> int:
    """Add a referral to another service; returns its number."""
    from .model import Referral
    from .ops import _dump, build

    with edit(path) as ed:
        count = len(ed.case.termination.referrals) if ed.case.termination else 0
        ed.append(("termination", "referrals"), _dump(build(Referral, "termination.referrals", to=_check_text(to, "termination.referrals.to"), reason=reason, date=date)))
    return count + 1


__all__ = [
    "CLEAR",
    "KINDS",
    "ItemKind",
    "add_member",
    "add_referral",
    "add_role",
    "add_text",
    "change_item",
    "kind_of",
    "list_items",
    "locate",
    "references",
    "remove_item",
]
