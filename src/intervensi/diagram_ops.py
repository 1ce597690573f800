"""Building genograms and ecomaps without hand-editing YAML.

Each function validates the new or changed item through the model, changes the
round-trip document under the case lock and lets :func:`intervensi.store.edit` validate
the whole case again before it writes (so the rules are the same as for a hand edit:
unknown people, a second index person, a child of its own union... are refused).

Removing a person, union or system that something else refers to raises
:class:`ReferencedError` unless ``cascade=True``, which removes the links to it too (and
clears an ecomap system's ``member``). Errors name fields and counts, never client data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import CaseFileError, NotFound
from .ops import _check_new_id, _dump, _next_id, build, slug
from .store import Editor, edit

GENOGRAM = ("assessment", "genogram")
ECOMAP = ("assessment", "ecomap")
#: Values that clear an optional field in ``change_*`` (a CLI passes ``--born ''``).
CLEAR = ""


class ReferencedError(CaseFileError):
    """Removing something that others still refer to."""

    key = "referenced"


MESSAGES: dict[str, dict[str, str]] = {
    "err.referenced": {
        "en": "'{id}' is still referred to by {refs}; remove those first or use --cascade",
        "id": "'{id}' masih dirujuk oleh {refs}; hapus dulu rujukan itu atau pakai --cascade",
    },
    "err.no_diagram_item": {"en": "no {what} '{id}' in {where}", "id": "tidak ada {what} '{id}' di {where}"},
}


def _find(ed: Editor, keys: tuple[str, ...], ident: str, what: str) -> int:
    for i, item in enumerate(_walk(ed.data, keys) or []):
        if str(item.get("id")) == ident:
            return i
    where = ".".join(keys)
    raise NotFound(f"no {what} '{ident}' in {where}", field=where, key="no_diagram_item", params={"what": what, "id": ident, "where": where})


def _walk(data: Any, keys: tuple[str, ...]) -> Any:
    node = data
    for k in keys:
        if node is None or k not in node:
            return None
        node = node[k]
    return node


def _change(ed: Editor, keys: tuple[str, ...], index: int, model: type, where: str, values: dict[str, Any]) -> None:
    """Set (or with ``CLEAR`` remove) fields of one list item, validated through ``model``."""
    from .yamlrt import to_yaml_value

    item = _walk(ed.data, keys)[index]
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        return
    current = {str(k): v for k, v in item.items()}
    merged = {**current, **{k: v for k, v in given.items() if v != CLEAR}}
    for k, v in given.items():
        if v == CLEAR:
            merged.pop(k, None)
    checked = _dump(build(model, f"{where}.{index}", **merged))
    for k, v in given.items():
        if v == CLEAR:
            if k in item:
                del item[k]
        elif k in checked:
            item[k] = to_yaml_value(checked[k])
        elif k in item:  # the value given is the default: drop the key
            del item[k]
    ed.changed = True


# --------------------------------------------------------------------------- people


def add_person(
    path: Path | str,
    *,
    id: str | None = None,  # noqa: A002
    name: str | None = None,
    sex: str | None = None,
    kind: str | None = None,
    born: int | str | None = None,
    died: int | str | None = None,
    deceased: bool | None = None,
    index: bool | None = None,
    household: str | None = None,
    occupation: str | None = None,
    note: str | None = None,
) -> str:
    """Add a genogram person (or pregnancy, miscarriage, stillbirth); returns its id."""
    from .model import Person

    with edit(path) as ed:
        g = ed.case.assessment.genogram if ed.case.assessment and ed.case.assessment.genogram else None
        taken = {p.id for p in g.people} if g else set()
        ident = id or (slug(name, "") if name else "") or _next_id("p", taken)
        if not id and ident in taken:
            ident = _next_id(f"{ident}-", taken)
        _check_new_id(ident, taken, "assessment.genogram.people")
        item = build(
            Person, "assessment.genogram.people", id=ident, name=name, sex=sex, kind=kind, born=born, died=died,
            deceased=deceased or None, index=index or None, household=household, occupation=occupation, note=note,
        )  # fmt: skip
        ed.append((*GENOGRAM, "people"), _dump(item))
    return ident


def change_person(path: Path | str, ident: str, **fields: Any) -> None:
    """Change fields of a person (``None`` = leave, ``""`` = remove the field)."""
    from .model import Person

    fields.pop("id", None)
    with edit(path) as ed:
        i = _find(ed, (*GENOGRAM, "people"), ident, "person")
        _change(ed, (*GENOGRAM, "people"), i, Person, "assessment.genogram.people", fields)


def person_references(case: Any, ident: str) -> dict[str, int]:
    a = case.assessment
    g = a.genogram if a and a.genogram else None
    refs = {
        "unions": sum(ident in u.partners for u in g.unions) if g else 0,
        "child links": sum(c.child == ident or c.parent == ident for c in g.children) if g else 0,
        "relationships": sum(ident in (r.a, r.b) for r in g.relationships) if g else 0,
        "ecomap systems": sum(s.member == ident for s in a.ecomap.systems) if a and a.ecomap else 0,
    }
    return {k: v for k, v in refs.items() if v}


def remove_person(path: Path | str, ident: str, *, cascade: bool = False) -> dict[str, int]:
    """Remove a person; with ``cascade`` also everything that refers to them. Returns what went."""
    with edit(path) as ed:
        i = _find(ed, (*GENOGRAM, "people"), ident, "person")
        refs = person_references(ed.case, ident)
        if refs and not cascade:
            _refuse(ident, refs, "assessment.genogram.people")
        gen = _walk(ed.data, GENOGRAM)
        gone_unions = [str(u["id"]) for u in gen.get("unions") or [] if ident in list(u.get("partners", []))]
        _drop(gen, "unions", lambda u: str(u["id"]) in gone_unions)
        _drop(gen, "children", lambda c: c.get("child") == ident or c.get("parent") == ident or c.get("union") in gone_unions)
        _drop(gen, "relationships", lambda r: ident in (r.get("a"), r.get("b")))
        for s in (_walk(ed.data, (*ECOMAP, "systems")) or []):
            if s.get("member") == ident:
                del s["member"]
        del gen["people"][i]
        ed.changed = True
    return refs


def _drop(parent: Any, key: str, gone: Any) -> None:
    seq = parent.get(key)
    if not seq:
        return
    for i in reversed(range(len(seq))):
        if gone(seq[i]):
            del seq[i]
    if not seq:
        del parent[key]


def _refuse(ident: str, refs: dict[str, int], where: str) -> None:
    text = ", ".join(f"{n} {k}" for k, n in refs.items())
    raise ReferencedError(
        f"'{ident}' is still referred to by {text}; remove those first or use --cascade", field=where, key="referenced", params={"id": ident, "refs": text}
    )


# --------------------------------------------------------------------------- unions and children


def add_union(
    path: Path | str,
    a: str,
    b: str,
    *,
    kind: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
    id: str | None = None,  # noqa: A002
    note: str | None = None,
) -> str:
    from .model import Union

    with edit(path) as ed:
        g = ed.case.assessment.genogram if ed.case.assessment and ed.case.assessment.genogram else None
        taken = {u.id for u in g.unions} if g else set()
        ident = id or _next_id("u", taken)
        _check_new_id(ident, taken, "assessment.genogram.unions")
        item = build(Union, "assessment.genogram.unions", id=ident, partners=[a, b], kind=kind, start=start, end=end, note=note)
        ed.append((*GENOGRAM, "unions"), _dump(item))
    return ident


def change_union(path: Path | str, ident: str, **fields: Any) -> None:
    from .model import Union

    fields.pop("id", None)
    with edit(path) as ed:
        i = _find(ed, (*GENOGRAM, "unions"), ident, "union")
        _change(ed, (*GENOGRAM, "unions"), i, Union, "assessment.genogram.unions", fields)


def remove_union(path: Path | str, ident: str, *, cascade: bool = False) -> dict[str, int]:
    with edit(path) as ed:
        i = _find(ed, (*GENOGRAM, "unions"), ident, "union")
        g = ed.case.assessment.genogram
        n = sum(c.union == ident for c in g.children)
        refs = {"child links": n} if n else {}
        if refs and not cascade:
            _refuse(ident, refs, "assessment.genogram.unions")
        gen = _walk(ed.data, GENOGRAM)
        _drop(gen, "children", lambda c: c.get("union") == ident)
        del gen["unions"][i]
        if not gen["unions"]:
            del gen["unions"]
        ed.changed = True
    return refs


def add_child(
    path: Path | str,
    child: str,
    *,
    union: str | None = None,
    parent: str | None = None,
    kind: str | None = None,
    twin: str | None = None,
    identical: bool | None = None,
) -> None:
    """Hang ``child`` from a union (or from one parent when the other is not drawn)."""
    from .model import Child

    with edit(path) as ed:
        item = build(Child, "assessment.genogram.children", child=child, union=union, parent=parent, kind=kind, twin=twin, identical=identical or None)
        ed.append((*GENOGRAM, "children"), _dump(item))


def remove_child(path: Path | str, child: str, *, union: str | None = None, parent: str | None = None) -> int:
    """Remove the child links of ``child`` (only those from ``union``/``parent`` when given)."""
    with edit(path) as ed:
        gen = _walk(ed.data, GENOGRAM)
        before = len((gen or {}).get("children") or [])

        def gone(c: Any) -> bool:
            return bool(c.get("child") == child and (union is None or c.get("union") == union) and (parent is None or c.get("parent") == parent))

        if gen:
            _drop(gen, "children", gone)
        removed = before - len((gen or {}).get("children") or [])
        if not removed:
            raise NotFound(f"no child link for '{child}'", field="assessment.genogram.children", key="no_diagram_item", params={"what": "child link", "id": child, "where": "assessment.genogram.children"})
        ed.changed = True
    return removed


def add_relationship(path: Path | str, a: str, b: str, kind: str, *, note: str | None = None) -> None:
    from .model import Relationship

    with edit(path) as ed:
        item = build(Relationship, "assessment.genogram.relationships", a=a, b=b, kind=kind, note=note)
        ed.append((*GENOGRAM, "relationships"), _dump(item))


def remove_relationship(path: Path | str, a: str, b: str, *, kind: str | None = None) -> int:
    """Remove the relationships between ``a`` and ``b`` (either way round; of ``kind`` when given)."""
    with edit(path) as ed:
        gen = _walk(ed.data, GENOGRAM)
        before = len((gen or {}).get("relationships") or [])
        if gen:
            _drop(gen, "relationships", lambda r: {r.get("a"), r.get("b")} == {a, b} and (kind is None or r.get("kind") == kind))
        removed = before - len((gen or {}).get("relationships") or [])
        if not removed:
            raise NotFound(f"no relationship between '{a}' and '{b}'", field="assessment.genogram.relationships", key="no_diagram_item", params={"what": "relationship", "id": f"{a}–{b}", "where": "assessment.genogram.relationships"})
        ed.changed = True
    return removed


# --------------------------------------------------------------------------- ecomap


def add_system(
    path: Path | str,
    name: str,
    *,
    kind: str | None = None,
    connection: str | None = None,
    flow: str | None = None,
    member: str | None = None,
    note: str | None = None,
    id: str | None = None,  # noqa: A002
) -> str:
    from .model import System

    with edit(path) as ed:
        eco = ed.case.assessment.ecomap if ed.case.assessment and ed.case.assessment.ecomap else None
        taken = {s.id for s in eco.systems} if eco else set()
        ident = id or slug(name, "")
        if not ident or (not id and ident in taken):
            ident = _next_id(f"{ident}-" if ident else "s", taken)
        _check_new_id(ident, taken, "assessment.ecomap.systems")
        item = build(System, "assessment.ecomap.systems", id=ident, name=name, kind=kind, connection=connection, flow=flow, member=member, note=note)
        ed.append((*ECOMAP, "systems"), _dump(item))
    return ident


def change_system(path: Path | str, ident: str, **fields: Any) -> None:
    from .model import System

    fields.pop("id", None)
    with edit(path) as ed:
        i = _find(ed, (*ECOMAP, "systems"), ident, "system")
        _change(ed, (*ECOMAP, "systems"), i, System, "assessment.ecomap.systems", fields)


def remove_system(path: Path | str, ident: str) -> None:
    with edit(path) as ed:
        i = _find(ed, (*ECOMAP, "systems"), ident, "system")
        eco = _walk(ed.data, ECOMAP)
        del eco["systems"][i]
        ed.changed = True


def set_household_label(path: Path | str, label: str) -> None:
    """The label of the ecomap's central circle."""
    with edit(path) as ed:
        ed.set((*ECOMAP, "household"), label)


def _register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()
