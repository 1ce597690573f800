"""The ecomap as DOT for ``twopi`` (Hartman 1978; DOMAIN.md §5).

The household is the root at the centre, its members listed inside it with their
genogram symbols; each system is a labelled circle on the ring around it. Strong ties are
thick solid lines, moderate ones solid, tenuous ones dashed; stressful ties carry an
``id`` starting ``zz-`` so the SVG post-processor draws them as a zig-zag; a system with
no tie gets a faint dotted line labelled as the gap it is. Arrows show the flow of energy
or resources, seen from the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..vocab import Connection, Flow, PersonKind, Sex
from ._dot import FONT, attrs, nid, q, shorten, value, wrap
from .family import age, reference_date
from .legend import legend_comment, word

if TYPE_CHECKING:
    from ..model import Case

LEGEND_ORDER = ("index", "strong", "moderate", "tenuous", "stressful", "none", "flow")
TIE: dict[Connection, dict[str, str | float]] = {
    Connection.STRONG: {"penwidth": 4.0, "style": "solid", "arrowsize": 0.5},
    Connection.MODERATE: {"penwidth": 1.6, "style": "solid"},
    Connection.TENUOUS: {"penwidth": 1.6, "style": "dashed"},
    Connection.STRESSFUL: {"penwidth": 1.6, "style": "solid", "color": "#c62828"},
    Connection.NONE: {"penwidth": 1.0, "style": "invis"},  # the gap is drawn as absent (Hartman)
}
DIR: dict[Flow, str] = {Flow.TO_CLIENT: "back", Flow.FROM_CLIENT: "forward", Flow.BOTH: "both", Flow.NONE: "none"}
GLYPH = {Sex.MALE: "□", Sex.FEMALE: "○"}
# Attribute lists the same in every ecomap, written once per process.
_HEAD = (
    f"digraph {q('ecomap')} {{",
    "  graph "
    + attrs({
        "layout": "twopi", "root": '"household"', "ranksep": 2.0, "overlap": "false", "splines": "true",
        "fontname": FONT, "fontsize": 10, "id": "ecomap",
    })
    + ";",
    "  node " + attrs({"fontname": FONT, "fontsize": 9, "shape": "circle", "penwidth": 1.2}) + ";",
    "  edge " + attrs({"arrowsize": 0.8, "fontname": FONT, "fontsize": 8, "color": "black"}) + ";",
)  # fmt: skip
_SYSTEM_NODE = attrs({"width": 1.15, "fixedsize": "false", "fontsize": 10})[1:-1]
#: The length of a tie between the household circle and a system's circle (inches): long
#: enough to show its kind (dashes, zig-zag, arrows), short enough that the ecomap, legend
#: beside it, fits an A4 text column (about 480 pt) at 0.7× or more, so that 10 pt labels
#: print at 7 pt or larger.
RING_GAP = 0.9
_GAP_NODE = ", " + attrs({"style": "dashed", "color": "#9e9e9e", "fontcolor": "#616161"})[1:-1]


@lru_cache(maxsize=64)
def _tie(connection: Connection, flow: Flow) -> str:
    """The attributes of the line from the household to a system."""
    ea: dict[str, str | int | float | None] = dict(TIE[connection])
    ea["dir"] = "none" if connection is Connection.NONE else DIR[flow]
    return attrs(ea)


def ecomap_dot(case: Case, *, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """The case's ecomap as DOT text for ``twopi``, the same bytes for the same case.

    ``labels`` maps person and system ids to the names to show instead (anonymised
    reports); the household's label is then the generic word.
    """
    a = case.assessment
    eco = a.ecomap if a and a.ecomap else None
    g = a.genogram if a and a.genogram else None
    out: list[str] = list(_HEAD)

    # -- the household in the centre, its members inside -------------------------------------
    kind = case.client.kind.value
    group = kind not in ("individual", "family")
    if labels is not None:
        title = labels.get("household", word("household_centre", lang) if not group else word(f"centre.{kind}", lang))
    elif group:
        # a group, a community, an institution: the client itself is the centre
        title = shorten((eco.household if eco and eco.household else None) or case.client.name or word(f"centre.{kind}", lang))
    else:
        title = shorten((eco.household if eco and eco.household else None) or word("household_centre", lang))
    rows = [title, ""]
    member_row: dict[str, int] = {}  # person id -> their line in the centre circle
    used_centre: set[str] = set()
    if group:
        if kind == "group":  # the members inside the circle (Hartman draws the group's members)
            for n, m in enumerate(case.client.members):
                name = labels.get(m.id, f"{n + 1}") if labels is not None else shorten(m.name or m.id)
                rows.append(f"{GLYPH.get(m.sex, '◇') if m.sex is not None else '·'} {name}")
    elif g is not None:
        on = reference_date(case)
        index = next((p for p in g.people if p.index), None)
        home = index.household if index and index.household else None
        members = [p for p in g.people if p.kind is PersonKind.PERSON and not p.is_deceased and (p.household == home if home else p is index)]
        for p in members:
            name = labels.get(p.id, p.id) if labels is not None else shorten(p.name or p.id)
            years = age(p, on)
            glyph = "◎" if p.index else GLYPH.get(p.sex, "◇")  # the client marked among the members
            text = f"{glyph} {name}" + (f", {years}" if years is not None else "")
            member_row[p.id] = len(rows)
            rows.append(text)
            if p.index:
                used_centre.add("index")
    out.append("  " + q("household") + " " + attrs({"shape": "circle", "peripheries": 2, "label": q("\n".join(rows)), "id": "household", "margin": 0.05}) + ";")
    # The ring's radius: the household circle's (it grows with its members), a system
    # circle's, and room for a line long enough to show its style.
    widest = max(len(r) for r in rows)
    radius = max(0.16 * len(rows), 0.075 * widest) / 2 + 0.25
    out[1] = out[1].replace("ranksep=2,", f"ranksep={radius + 0.7 + RING_GAP:.2f},")

    used: set[str] = set(used_centre)
    systems = eco.systems if eco else []
    for s in systems:
        name = labels.get(s.id, s.kind.value) if labels is not None else s.name
        text = wrap(name, 16)
        if s.member is not None and g is not None:
            who = next((p for p in g.people if p.id == s.member), None)
            if who is not None:
                text += "\n(" + (labels.get(who.id, who.id) if labels is not None else shorten(who.name or who.id, 24)) + ")"
        gap = ""
        if s.connection is Connection.NONE:
            text += "\n(" + word("no_tie", lang) + ")"
            gap = _GAP_NODE
        out.append(f"  {nid('s', s.id)} [label={q(text)}, {_SYSTEM_NODE}, id={value(f'system-{s.id}')}{gap}];")
    for s in systems:
        used.add(s.connection.value)
        if s.connection is not Connection.NONE and s.flow is not Flow.NONE:
            used.add("flow")
        tie = _tie(s.connection, s.flow)
        row = member_row.get(s.member or "")
        tie_id = f"tie.{row}.{s.id}" if row is not None else s.id  # a member's tie: drawn to them
        if s.connection is Connection.STRESSFUL:
            tie = f"{tie[:-1]}, id={value(f'zz-{tie_id}')}]"
        elif row is not None:
            tie = f"{tie[:-1]}, id={value(tie_id)}]"
        out.append(f"  {q('household')} -> {nid('s', s.id)} {tie};")
    keys = [k for k in LEGEND_ORDER if k in used]
    if keys:  # drawn by the SVG post-processor beside the ring, with real samples
        out.append(legend_comment(tuple(keys), lang))
    out.append("}")
    return "\n".join(out) + "\n"
