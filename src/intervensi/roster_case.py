"""A family from a roster as a case: the new file's text, and the changes to an existing case.

**New cases** are written from the practice form's template (comments kept) without a
round-trip parse per family: the template is filled once with placeholders
(:class:`Skeleton`), and each family's client block, genogram and opening history entry
are emitted into it by a small block-style YAML writer (:func:`emit`). A scalar is written
plain only when the YAML 1.2 reader gives the same string back, else double-quoted; every
text is then parsed and validated like any case file before anything is written.

**Existing cases** (matched by their family card number, ``client.family_card``) get a list
of :class:`Change` — a client field set, a household member added or one of their fields
set — applied through :func:`intervensi.store.edit` (round trip: comments and key order
kept, the file byte-identical on any failure).

Household members become genogram people (``household: rumah``, the head the index
person): a spouse a married union with the head; a child hangs from that union (or from
the head alone); an adopted or step child with its own line kind; one or two parents of
the head become the head's parents; other relatives (grandchild, in-law...) stand in the
household without a line, their relation in ``note``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .roster_values import MemberRow, is_empty

HOUSEHOLD = "rumah"
_PLAIN = re.compile(r"[A-Za-z\u00C0-\uFFFF][^:#\n\r\t\"'{}\[\]&*!|>%@`\\]*")


def scalar(v: Any) -> str:
    """One YAML scalar: plain when it reads back as the same value, else double-quoted (JSON)."""
    from .yamlio import _resolve_plain

    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v)
    if _PLAIN.fullmatch(s) and s == s.strip() and _resolve_plain(s) == s and not s.endswith(":"):
        return s
    return json.dumps(s, ensure_ascii=False)


def emit(value: Any, indent: int) -> list[str]:
    """``value`` (a dict of scalars, lists and dicts) as block-style lines at ``indent`` spaces.

    Lists are indented under their key by two spaces (``- `` at +2), the layout of the
    bundled templates and of :func:`intervensi.yamlio.dump_roundtrip`.
    """
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if (isinstance(v, dict) and v) or (isinstance(v, list) and v):
                out.append(f"{pad}{k}:")
                out += emit(v, indent + 2)
            elif isinstance(v, (dict, list)):
                out.append(f"{pad}{k}: {'{}' if isinstance(v, dict) else '[]'}")
            else:
                out.append(f"{pad}{k}: {scalar(v)}")
    else:
        for item in value:
            if isinstance(item, dict):
                lines = emit(item, indent + 2)
                out.append(f"{pad}- {lines[0].lstrip()}")
                out += lines[1:]
            else:
                out.append(f"{pad}- {scalar(item)}")
    return out


# --------------------------------------------------------------------------- the family's data


def _region(family: Any) -> str | None:
    parts = [p for p in (family.village, family.district) if p]
    return ", ".join(parts) or None


def client_data(family: Any) -> dict[str, Any]:
    """The ``client`` block of a family's case (no empty keys)."""
    data: dict[str, Any] = {
        "kind": "family", "name": family.name, "sex": family.sex, "born": family.born, "address": family.address,
        "phone": family.phone, "id_number": family.nik, "family_card": family.kk, "region": _region(family),
        "programmes": list(family.components),
    }
    return {k: v for k, v in data.items() if v is not None and v != []}


def _person(pid: str, m: MemberRow, *, index: bool = False) -> dict[str, Any]:
    p: dict[str, Any] = {"id": pid, "name": m.name}
    if m.sex:
        p["sex"] = m.sex
    if m.born is not None:
        p["born"] = m.born
    if index:
        p["index"] = True
    p["household"] = HOUSEHOLD
    if m.nik:
        p["id_number"] = m.nik
    if m.relation_text and not index:
        p["note"] = m.relation_text
    return p


def head_of(family: Any) -> MemberRow:
    """The head of the family as a member row (name, NIK, sex, born from the family's columns)."""
    sex = family.sex
    if sex is None:
        spouse = [m.sex for m in family.members if m.relation == "spouse" and m.sex]
        sex = {"female": "male", "male": "female"}.get(spouse[0]) if len(spouse) == 1 else None
    return MemberRow(family.name, "head", None, sex, family.born, family.nik)


def genogram_data(family: Any) -> dict[str, Any]:
    """The genogram of a family: the head (index person) and the household members."""
    head = head_of(family)
    people = [_person("p1", head, index=True)]
    unions: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    ids = {}
    for n, m in enumerate((m for m in family.members if m.relation != "head"), start=2):
        ids[n] = m
        people.append(_person(f"p{n}", m))
    spouses = [n for n, m in ids.items() if m.relation == "spouse"]
    if len(spouses) == 1:
        s = spouses[0]
        male_first = ids[s].sex == "male" or head.sex == "female"
        unions.append({"id": "u1", "partners": [f"p{s}", "p1"] if male_first else ["p1", f"p{s}"], "kind": "married"})
    parents = [n for n, m in ids.items() if m.relation == "parent"]
    if len(parents) == 2:
        a, b = parents
        pair = [f"p{a}", f"p{b}"] if ids[b].sex == "female" or ids[a].sex == "male" else [f"p{b}", f"p{a}"]
        unions.append({"id": "u0", "partners": pair, "kind": "married"})
        children.append({"child": "p1", "union": "u0"})
    elif len(parents) == 1:
        children.append({"child": "p1", "parent": f"p{parents[0]}"})
    for n, m in ids.items():
        if m.relation in ("child", "adopted", "stepchild"):
            link: dict[str, Any] = {"child": f"p{n}"}
            if m.relation == "child" and len(spouses) == 1:
                link["union"] = "u1"
            elif m.relation == "stepchild" and len(spouses) == 1:
                link["parent"] = f"p{spouses[0]}"  # the spouse's child: the head is the step-parent
            else:
                link["parent"] = "p1"
            if m.relation == "adopted":
                link["kind"] = "adopted"
            children.append(link)
    out: dict[str, Any] = {"people": people}
    if unions:
        out["unions"] = unions
    if children:
        out["children"] = children
    return out


# --------------------------------------------------------------------------- new cases


@dataclass
class Skeleton:
    """The practice form's template filled once, with a placeholder line per family part."""

    text: str
    indent_assessment: int = 2

    @classmethod
    def build(cls, *, practice: str, worker: str | None, worker_role: str | None, agency: str | None,
              language: str | None, workspace: Path | None) -> Skeleton:
        from .newcase import find_template
        from .vocab import PRACTICE_LEVEL, Practice
        from .yamlio import read_text
        from .yamlrt import dump_roundtrip, load_roundtrip, to_yaml_value

        prac = Practice(practice)
        tpl = find_template(prac, workspace)
        data, layout = load_roundtrip(read_text(tpl), tpl)
        data["id"] = "ROSTER-ID"
        if "title" in data and data["title"] is None:
            del data["title"]
        data["level"] = PRACTICE_LEVEL[prac].value
        data["practice"] = prac.value
        if language:
            data.insert(list(data).index("practice") + 1, "language", language)
        data["opened"] = "ROSTER-OPENED"
        data["client"] = "ROSTER-CLIENT"
        if worker:
            data.setdefault("worker", to_yaml_value({}))
            data["worker"]["name"] = worker
            if worker_role:
                data["worker"]["role"] = worker_role
        elif "worker" in data and not (data["worker"] or {}).get("name"):
            del data["worker"]
        if agency:
            data.setdefault("agency", to_yaml_value({}))
            data["agency"]["name"] = agency
        elif "agency" in data and not (data["agency"] or {}).get("name"):
            del data["agency"]
        data.setdefault("assessment", to_yaml_value({}))
        data["assessment"]["genogram"] = "ROSTER-GENOGRAM"
        data["history"] = "ROSTER-HISTORY"
        return cls(dump_roundtrip(data, layout), layout.mapping)

    def fill(self, case_id: str, opened: dt.date, family: Any, history: list[dict[str, Any]]) -> str:
        """The text of a family's new case."""
        ind = self.indent_assessment
        parts = {
            "id: ROSTER-ID": f"id: {case_id}",
            "opened: ROSTER-OPENED": f"opened: {opened.isoformat()}",
            "client: ROSTER-CLIENT": "\n".join(["client:", *emit(client_data(family), 2)]),
            f"{' ' * ind}genogram: ROSTER-GENOGRAM": "\n".join([f"{' ' * ind}genogram:", *emit(genogram_data(family), ind * 2)]),
            "history: ROSTER-HISTORY": "\n".join(["history:", *emit(history, 2)]),
        }
        text = self.text
        for old, new in parts.items():
            text = text.replace(old, new, 1)
        return text


# --------------------------------------------------------------------------- changes to a case


@dataclass
class Change:
    """One change to an existing case: ``what`` (``set``, ``add_person``, ``set_person``), the
    field path shown to a person (``client.address``, ``genogram person p4``), and the value."""

    what: str
    label: str
    keys: tuple[str, ...] = ()
    value: Any = None
    index: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"change": self.what, "field": self.label}


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        return " ".join(v.casefold().split())
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


_PERSON_FACTS = ("id", "name", "sex", "born", "id_number", "index")


def facts_of(case: Any) -> dict[str, Any]:
    """What an import compares in a case, as plain JSON-like data (cheap to send between
    processes): ``client`` (its fields) and ``people`` (each genogram person's id, name,
    sex, born, id_number, index)."""
    genogram = case.assessment.genogram if case.assessment else None
    people = [p.model_dump(mode="json", include=set(_PERSON_FACTS)) for p in (genogram.people if genogram else [])]
    return {"client": case.client.model_dump(mode="json", exclude={"members"}), "people": people}


def changes_for(facts: dict[str, Any], family: Any) -> list[Change]:
    """What the roster row would change in the case whose :func:`facts_of` are ``facts``
    (empty: the case already says it)."""
    out: list[Change] = []
    c = facts["client"]
    for key, value in client_data(family).items():
        if key == "kind":
            continue
        have = c.get(key)
        if key == "programmes":
            if [_norm(x) for x in have or []] != [_norm(x) for x in value]:
                out.append(Change("set", "client.programmes", ("client", "programmes"), list(value)))
        elif _norm(have) != _norm(value):
            out.append(Change("set", f"client.{key}", ("client", key), value))
    people: list[dict[str, Any]] = facts["people"]
    taken = {p["id"] for p in people}
    head = head_of(family)
    rows = [(head, True), *[(m, False) for m in family.members if m.relation != "head"]]
    next_n = 1
    for m, is_head in rows:
        found = _match(people, m, is_head)
        if found is None:
            while f"p{next_n}" in taken:
                next_n += 1
            pid = f"p{next_n}"
            taken.add(pid)
            person = _person(pid, m, index=is_head and not any(p.get("index") for p in people))
            out.append(Change("add_person", f"genogram.people {pid}", ("assessment", "genogram", "people"), person))
            continue
        i, p = found
        for key, want in (("name", m.name), ("sex", m.sex), ("born", m.born), ("id_number", m.nik)):
            if want is None or _norm(p.get(key)) == _norm(want):
                continue  # an empty cell never erases what the case holds
            out.append(Change("set_person", f"genogram.people {p['id']}.{key}", ("assessment", "genogram", "people"), (key, want), i))
    return out


def _match(people: list[dict[str, Any]], m: MemberRow, is_head: bool) -> tuple[int, dict[str, Any]] | None:
    if is_head:
        for i, p in enumerate(people):
            if p.get("index"):
                return i, p
    if m.nik:
        for i, p in enumerate(people):
            if p.get("id_number") == m.nik:
                return i, p
    for i, p in enumerate(people):
        if p.get("name") and _norm(p["name"]) == _norm(m.name) and not (m.nik and p.get("id_number") and p["id_number"] != m.nik):
            return i, p
    return None


def apply_changes(path: Path, digest: str, changes: list[Change]) -> None:
    """Apply ``changes`` to the case at ``path`` if it is still as read (``digest``)."""
    from .store import edit
    from .yamlrt import to_yaml_value

    with edit(path, expected_digest=digest) as ed:
        for ch in changes:
            if ch.what == "set":
                if is_empty(ch.value):
                    ed.delete(ch.keys)
                else:
                    ed.set(ch.keys, ch.value.isoformat() if isinstance(ch.value, dt.date) else ch.value)
            elif ch.what == "add_person":
                ed.seq(*ch.keys).append(to_yaml_value(_plain(ch.value)))
                ed.changed = True
            elif ch.what == "set_person":
                key, value = ch.value
                ed.seq(*ch.keys)[ch.index][key] = to_yaml_value(_plain(value))
                ed.changed = True


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


__all__ = ["Change", "Skeleton", "apply_changes", "changes_for", "client_data", "emit", "facts_of", "genogram_data", "scalar"]
