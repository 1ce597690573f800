"""Terminal and JSON summaries of the genogram and ecomap (what the commands print)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .family import age, generations, reference_date

if TYPE_CHECKING:
    from ..model import Case


def genogram_summary(case: Case) -> dict[str, Any]:
    """People by generation (1 = oldest drawn), with their age at the assessment date."""
    a = case.assessment
    g = a.genogram if a and a.genogram else None
    on = reference_date(case)
    out: dict[str, Any] = {"date": on.isoformat(), "generations": [], "unions": [], "relationships": []}
    if g is None:
        return out
    gen = generations(g)
    rows: dict[int, list[dict[str, Any]]] = {}
    for p in g.people:
        rows.setdefault(gen[p.id], []).append({
            "id": p.id, "name": p.name, "sex": p.sex.value, "kind": p.kind.value, "age": age(p, on) if p.kind.value == "person" else None,
            "deceased": p.is_deceased, "index": p.index, "household": p.household,
        })  # fmt: skip
    out["generations"] = [{"generation": k, "people": rows[k]} for k in sorted(rows)]
    out["unions"] = [{"id": u.id, "partners": u.partners, "kind": u.kind.value, "start": u.start, "end": u.end} for u in g.unions]
    out["relationships"] = [{"a": r.a, "b": r.b, "kind": r.kind.value} for r in g.relationships]
    return out


def ecomap_summary(case: Case) -> dict[str, Any]:
    """Systems grouped by connection, strongest first."""
    a = case.assessment
    eco = a.ecomap if a and a.ecomap else None
    order = ("strong", "moderate", "tenuous", "stressful", "none")
    groups: dict[str, list[dict[str, Any]]] = {k: [] for k in order}
    for s in eco.systems if eco else []:
        groups[s.connection.value].append({"id": s.id, "name": s.name, "kind": s.kind.value, "flow": s.flow.value, "member": s.member, "note": s.note})
    return {"household": eco.household if eco else None, "connections": [{"connection": k, "systems": v} for k, v in groups.items() if v]}
