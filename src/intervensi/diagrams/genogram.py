"""The genogram as DOT (McGoldrick, Gerson & Petry; DOMAIN.md §4).

Layout technique (NOTES.md): partners and an invisible-ish union point share a row
(``rank=same``); a second row of point nodes forms each sibship bar; children are emitted
oldest first; emotional relationships are ``constraint=false`` so they never pull the
family apart; households are dotted clusters (``newrank=true`` lets ranks cross them).
Each person node has the ``id`` ``p.<id>[.x][.h.<household>]`` (``.x`` = deceased) and
zig-zag lines an ``id`` starting ``zz-``: the SVG post-processor draws the X, the zig-zag
and the dotted household outline, which Graphviz has no style for. (Households are not
clusters: a cluster must be contiguous, and a household of three generations with a
divorced partner or a deceased child beside it tore the family order apart.)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..vocab import ChildKind, PersonKind, RelationKind, Sex, UnionKind
from ._dot import FONT, attrs, nid, q, shorten, value
from .family import age, birth_key, child_links, generations, reference_date
from .genorows import chain_order, couple_rows, pad_right_of_centre
from .legend import legend_comment, mark, word

if TYPE_CHECKING:
    from ..model import Case, Person, Union

LEGEND_ORDER = (
    "male", "female", "other", "index", "deceased", "pregnancy", "miscarriage", "stillbirth", "age",
    "married", "cohabiting", "engaged", "separated", "divorced",
    "biological", "adopted", "foster", "twins", "identical", "household",
    "close", "fused", "distant", "conflict", "hostile", "cut_off", "abuse",
)  # fmt: skip

UNION_STYLE: dict[UnionKind, dict[str, str]] = {
    UnionKind.MARRIED: {"style": "solid"},
    UnionKind.COHABITING: {"style": "dashed"},
    UnionKind.ENGAGED: {"style": "dotted"},
    UnionKind.SEPARATED: {"style": "solid"},
    UnionKind.DIVORCED: {"style": "solid"},
}
CHILD_STYLE: dict[ChildKind, str] = {ChildKind.BIOLOGICAL: "solid", ChildKind.ADOPTED: "dashed", ChildKind.FOSTER: "dotted"}
RELATION_STYLE: dict[RelationKind, dict[str, str | float]] = {
    RelationKind.CLOSE: {"color": "#2e7d32:invis:#2e7d32", "penwidth": 1.2},
    RelationKind.FUSED: {"color": "#2e7d32:invis:#2e7d32:invis:#2e7d32", "penwidth": 1.2},
    RelationKind.DISTANT: {"color": "#757575", "style": "dotted", "penwidth": 1.4},
    RelationKind.CONFLICT: {"color": "#c62828", "penwidth": 1.2},
    RelationKind.HOSTILE: {"color": "#8e0000", "penwidth": 2.0},
    RelationKind.CUT_OFF: {"color": "#757575", "dir": "both", "arrowhead": "tee", "arrowtail": "tee"},
    RelationKind.ABUSE: {"color": "#6a1b9a", "penwidth": 1.2, "dir": "forward", "arrowhead": "normal", "arrowsize": 0.7},
}
ZIGZAG = {RelationKind.CONFLICT, RelationKind.HOSTILE, RelationKind.ABUSE}

# Attribute lists that are the same in every genogram, written once per process.
_HEAD = (
    "  graph "
    + attrs({
        "rankdir": "TB", "newrank": "true", "splines": "line", "nodesep": 0.35, "ranksep": 0.35,
        "fontname": FONT, "fontsize": 10, "forcelabels": "true",
        "id": "genogram",
    })
    + ";",
    "  " + "node " + attrs({"fontname": FONT, "fontsize": 9, "color": "black", "penwidth": 1.2}) + ";",
    "  " + "edge " + attrs({"arrowhead": "none", "penwidth": 1.2, "fontname": FONT, "fontsize": 8}) + ";",
)  # fmt: skip
_ANCHOR_EDGE = attrs({"weight": 10, "headclip": "false"})
_BAR_POINT = attrs({"shape": "point", "width": 0.01, "height": 0.01})
_BAR_EDGE = attrs({"weight": 1})
_HUB_EDGE = attrs({"tailclip": "false", "weight": 100})
_SIBLING_EDGE = attrs({"style": "invis", "weight": 1})  # weight 0 is ignored
_ROW_EDGE = attrs({"style": "invis", "weight": 1})  # weight 0 is ignored
_UNION_EDGES = {
    kind: (attrs({**style, "headclip": "false", "weight": 10}), attrs({**style, "tailclip": "false", "weight": 10}))
    for kind, style in UNION_STYLE.items()
}
_CHILD_EDGES = {(kind, single): attrs({"style": style, "weight": 100 if single else 20}) for kind, style in CHILD_STYLE.items() for single in (True, False)}


def _union_edges(kind: UnionKind) -> tuple[str, str]:
    """The attributes of the lines partner → union point and union point → partner."""
    return _UNION_EDGES[kind]


def _child_edge(kind: ChildKind, single: bool) -> str:
    """The attributes of the line from the sibship bar to a child (twins share a point)."""
    return _CHILD_EDGES[kind, single]


def _year(v: object) -> int | None:
    if v is None:
        return None
    return v if isinstance(v, int) else v.year  # type: ignore[attr-defined, no-any-return]


def _shape(sex: Sex) -> tuple[str, float]:
    if sex is Sex.MALE:
        return "box", 0.5
    if sex is Sex.FEMALE:
        return "circle", 0.55
    return "diamond", 0.68


@lru_cache(maxsize=256)
def _symbol(kind: PersonKind, sex: Sex, index: bool) -> tuple[str, tuple[str, ...]]:
    """A person's symbol as the start of their attribute list, and the legend keys it uses."""
    a: dict[str, str | int | float | None] = {}
    used: list[str] = []
    if kind is PersonKind.PERSON or kind is PersonKind.STILLBIRTH:
        shape, size = _shape(sex)
        used.append({Sex.MALE: "male", Sex.FEMALE: "female"}.get(sex, "other"))
        if kind is PersonKind.STILLBIRTH:
            size *= 0.6
            used.append("stillbirth")
        a.update(shape=shape, width=size, height=size)
    elif kind is PersonKind.PREGNANCY:
        a.update(shape="triangle", width=0.45, height=0.4)
        used.append("pregnancy")
    else:  # miscarriage: a small filled circle
        a.update(shape="circle", width=0.16, height=0.16, style="filled", fillcolor="black")
        used.append("miscarriage")
    a["fixedsize"] = "shape"
    if index:
        a["peripheries"] = 2
        used.append("index")
    return attrs(a)[1:-1], tuple(used)


class _Builder:
    def __init__(self, case: Case, lang: str, labels: Mapping[str, str] | None) -> None:
        self.case = case
        self.lang = lang
        self.labels = labels
        self.used: set[str] = set()
        self.lines: list[str] = []
        self.on = reference_date(case)

    def use(self, key: str) -> None:
        self.used.add(key)

    def name(self, p: Person) -> str:
        if self.labels is not None:
            return self.labels.get(p.id, p.id)
        if not p.name and p.kind is not PersonKind.PERSON:
            return word(p.kind.value, self.lang)  # "pregnancy", not its id
        return shorten(p.name) if p.name else p.id

    def person(self, p: Person) -> str:
        on = self.on
        symbol, used = _symbol(p.kind, p.sex, bool(p.index))
        self.used.update(used)
        text_below: list[str] = []
        deceased = p.is_deceased or p.kind is PersonKind.STILLBIRTH
        pid = f"p.{p.id}" + (".x" if deceased else "") + (f".h.{p.household}" if p.household else "")
        if deceased and p.kind is not PersonKind.STILLBIRTH:
            self.use("deceased")
        inside = ""
        at_death = ""
        if p.kind is PersonKind.PERSON:
            # the age at the assessment inside the symbol; for the deceased the age at death
            # beside the years (the X would strike it), none when the death year is unknown
            years = age(p, on) if not p.is_deceased or p.died is not None else None
            if years is not None:
                self.use("age")
                if p.is_deceased:
                    at_death = f" ({years})"
                else:
                    inside = str(years)
        text_below.append(self.name(p))
        born, died = _year(p.born), _year(p.died)
        if p.kind is not PersonKind.PERSON:
            # a loss or a pregnancy: what is known (year), never an open life span
            year = died if died is not None else born
            if year is not None and self.labels is None:
                text_below.append(str(year))
        elif self.labels is None:
            if born is not None and died is not None:
                text_below.append(f"{born}–{died}{at_death}")
            elif born is not None:
                text_below.append(f"{born}–" if not p.is_deceased else f"{born}–†")
            elif died is not None:
                text_below.append(f"†{died}{at_death}")
        elif p.is_deceased and died is not None:
            text_below.append(f"†{died}{at_death}")
        # The age sits in the centre of the symbol, the name and years below it: pad the
        # label with as many blank lines above as there are lines below.
        below = ["", "", *text_below]
        label = q("\n".join([""] * len(below) + [inside] + below))
        return f"  {nid('p', p.id)} [{symbol}, id={value(pid)}, label={label}];"

    def build(self) -> str:
        case = self.case
        g = case.assessment.genogram if case.assessment and case.assessment.genogram else None
        out = self.lines
        out.append(f"digraph {q('genogram')} {{")
        out.extend(_HEAD)
        if g is None or not g.people:
            out.append("}")
            return "\n".join(out) + "\n"
        people = {p.id: p for p in g.people}
        position = {p.id: i for i, p in enumerate(g.people)}
        households: dict[str, list[str]] = {}
        for p in g.people:
            if p.household:
                households.setdefault(p.household, []).append(p.id)
        person_line = {p.id: self.person(p) for p in g.people}
        free: list[str] = []

        # -- unions: partner, point, partner on one row --------------------------------------
        unions_of: dict[str, list[Union]] = {}
        for u in g.unions:
            for x in u.partners:
                unions_of.setdefault(x, []).append(u)
        rows: list[list[str]] = []
        union_lines: list[str] = []
        parents = {origin for kind_, origin in child_links(g) if kind_ == "u"}
        chains = chain_order(g.unions, {k: v.sex is Sex.MALE for k, v in people.items()})
        for u in sorted(g.unions, key=lambda u: chains[u.id][2] if u.id in chains else (1 << 30, 0)):
            left, right = chains[u.id][:2] if u.id in chains else self.order(u, unions_of, people)
            un = nid("u", u.id)
            kind = u.kind
            self.use(kind.value)
            ua: dict[str, str | int | float | None] = {}
            years = []
            s, e = _year(u.start), _year(u.end)
            if s is not None:
                years.append(mark(f"start.{kind.value if kind in (UnionKind.COHABITING, UnionKind.ENGAGED) else 'married'}", self.lang, s))
            if e is not None:
                years.append(mark(f"end.{kind.value if kind in (UnionKind.SEPARATED, UnionKind.DIVORCED) else 'married'}", self.lang, e))
            text = " ".join(y for y in years if y)
            slash = {UnionKind.SEPARATED: "/", UnionKind.DIVORCED: "//"}.get(kind, "")
            if text:
                # The years sit just below the couple's own line: the union point's label
                # has three lines (blank, the slashes or nothing, the years), so its centre
                # line is on the union line and the years one line below it. (An xlabel was
                # placed wherever Graphviz found room, at times on a neighbouring line.)
                # Where the children's line goes down from the union point, the years are
                # padded on the left so that they start just right of it, not across it.
                if u.id in parents:
                    text = pad_right_of_centre(text)
                ua.update(shape="plaintext", label=q(f"\n{slash}\n{text}"), fontsize=10 if slash else None, width=0.1, height=0.1, margin=0)
            elif slash:
                ua.update(shape="plaintext", label=q(slash), fontsize=10, width=0.1, height=0.1, margin=0)
            else:
                ua.update(shape="point", width=0.04, height=0.04)
            homes = {people[x].household if x in people else None for x in u.partners}
            home = next(iter(homes)) if len(homes) == 1 else None
            # every union point is named (the relationship router reads its years' box);
            # a couple's line belongs inside their household's outline
            ua["id"] = f"u.{u.id}.h.{home}" if home else f"u.{u.id}"
            free.append(f"  {un} {attrs(ua)};")
            left_attrs, right_attrs = _union_edges(kind)
            union_lines.append(f"  {nid('p', left)} -> {un} {left_attrs};")
            union_lines.append(f"  {un} -> {nid('p', right)} {right_attrs};")
            rows.append([left, u.id, right])

        # -- sibships: a bar of points below the union (or the single parent) --------------
        child_lines: list[str] = []
        sib_pos: dict[str, tuple[str, int]] = {}
        bars_of: dict[str, list[tuple[list[str], int, str]]] = {}
        for (origin_kind, origin), links in child_links(g).items():
            if origin_kind == "u":
                top = nid("u", origin)
            else:
                # A parent drawn without the other parent: a short line sideways to an
                # anchor on the parent's row, and the children hang from that, so the
                # line never runs through the name below the symbol.
                top = nid("a", origin)
                home = people[origin].household if origin in people else None
                aa: dict[str, str | int | float | None] = {"shape": "point", "width": 0.03, "height": 0.03}
                if home:
                    aa["id"] = f"a.{origin}.h.{home}"
                free.append(f"  {top} {attrs(aa)};")
                child_lines.append(f"  {{ rank=same; {nid('p', origin)} {top} }}")
                child_lines.append(f"  {nid('p', origin)} -> {top} {_ANCHOR_EDGE};")
            links = sorted(links, key=lambda c: birth_key(people[c.child], position[c.child]))
            # twins share one point on the bar
            slots: list[list[int]] = []
            twin_slot: dict[str, int] = {}
            for i, c in enumerate(links):
                if c.twin is not None and c.twin in twin_slot:
                    slots[twin_slot[c.twin]].append(i)
                    continue
                if c.twin is not None:
                    twin_slot[c.twin] = len(slots)
                slots.append([i])
            base = f"{origin_kind}-{origin}"
            bar = [nid("b", f"{base}-{k}") for k in range(len(slots))]
            hub = nid("b", f"{base}-hub")
            mid = len(bar) // 2
            chain = [*bar[:mid], hub, *bar[mid:]] if len(bar) % 2 == 0 else bar
            if len(bar) % 2 == 1:
                hub = bar[mid]
            for n in chain:
                free.append(f"  {n} {_BAR_POINT};")
            child_lines.append(f"  {{ rank=same; {' '.join(chain)} }}")
            for a_, b_ in itertools.pairwise(chain):
                child_lines.append(f"  {a_} -> {b_} {_BAR_EDGE};")
            child_lines.append(f"  {top} -> {hub} {_HUB_EDGE};")
            for k, slot in enumerate(slots):
                for i in slot:
                    c = links[i]
                    self.use(c.kind.value)
                    sib_pos.setdefault(c.child, (base, k))
                    bars_of.setdefault(c.child, []).append((bar, k, top))
                    # a child of two families takes their place among the larger sibship
                    before = bars_of[c.child][:-1]
                    if before and len(bar) >= max(len(b[0]) for b in before):
                        sib_pos[c.child] = (base, k)
                    edge = _child_edge(c.kind, len(slot) == 1)
                    if len(slot) > 1:  # twins: the post-processor centres their point (and bar)
                        identical = any(links[n].identical for n in slot)
                        edge = edge[:-1] + f", id={value(f'tw.{base}.{k}.{i}' + ('.i' if identical else ''))}]"
                    child_lines.append(f"  {bar[k]} -> {nid('p', c.child)} {edge};")
                if len(slot) > 1:
                    # identical twins: the bar between their lines (drawn after layout)
                    self.use("identical" if any(links[i].identical for i in slot) else "twins")

        # A child of two families (born to one, fostered or adopted by another): the two
        # sibship bars side by side, never interleaved, the child at the end of each bar
        # nearest the other, so that no family's line lands on the other's bar.
        # (The parents' blocks are put side by side the same way in the row order below.)
        beside: list[tuple[str, str]] = []  # (left origin node, right origin node)
        for families in bars_of.values():
            for one, two in itertools.pairwise(families):
                (bar1, k1, top1), (bar2, _, top2) = sorted((one, two), key=lambda b: -len(b[0]))
                at_right = k1 >= (len(bar1) - 1) / 2
                left_bar, right_bar = (bar1, bar2) if at_right else (bar2, bar1)
                beside.append((top1, top2) if at_right else (top2, top1))
                child_lines.append(f"  {{ rank=same; {left_bar[-1]} {right_bar[0]} }}")
                child_lines.append(f"  {left_bar[-1]} -> {right_bar[0]} {_SIBLING_EDGE};")
        # -- emit ------------------------------------------------------------------------------
        if households:
            self.use("household")
        row_pos: dict[str, tuple[int, int]] = {}
        groups = couple_rows(rows)
        for gi, group in enumerate(groups):
            for k, (kind_, x) in enumerate(group):
                if kind_ == "p":
                    row_pos[x] = (gi, k)
        # Declare people generation by generation, each row in its intended left-to-right
        # order: dot starts its crossing minimisation from the declaration order, and a
        # remarriage (spouse, union, person, union, spouse) kept its order only this way.
        gen = generations(g)
        union_pos = {x: (gi, k) for gi, group in enumerate(groups) for k, (kind_, x) in enumerate(group) if kind_ == "u"}
        far = (1 << 30, 0)

        def origin_pos(base: str) -> tuple[int, int]:
            # a sibship sits under its parents' union (or single parent) in their row
            kind_, _, origin = base.partition("-")
            return union_pos.get(origin, far) if kind_ == "u" else row_pos.get(origin, far)

        def declared_sib(pid: str) -> tuple[tuple[int, int], int, tuple[int, int], int]:
            sp = sib_pos.get(pid)
            here = origin_pos(sp[0]) if sp else far
            return (here, sp[1] if sp else 0, row_pos.get(pid) or far, position[pid])

        # Within a generation: sibships in their parents' order, each sibling (oldest
        # first) bringing its whole couple row along, so an unmarried older brother is
        # declared left of his married younger brother and their lines do not cross.
        group_of = {x: gi for gi, group in enumerate(groups) for kind_, x in group if kind_ == "p"}
        placed: set[str] = set()
        order_of: dict[str, int] = {}
        row_of: dict[int, list[list[str]]] = {}  # generation -> its blocks of nodes, left to right
        for pid in sorted(person_line, key=lambda x: (gen.get(x, 0), *declared_sib(x))):
            if pid in placed:
                continue
            here = row_of.setdefault(gen.get(pid, 0), [])
            if pid in group_of:
                here.append([nid(kind_, x) for kind_, x in groups[group_of[pid]]])
            else:
                here.append([nid("p", pid)])
            block = [x for kind_, x in groups[group_of[pid]] if kind_ == "p"] if pid in group_of else [pid]
            for x in block:
                if x not in placed and x in person_line:
                    placed.add(x)
                    order_of[x] = len(order_of)
                    out.append(person_line[x])
        out.extend(free)
        # Each generation is one row in exactly this order: invisible edges from block to
        # block (dot's own crossing minimisation moved a remarried woman's first husband
        # between her second partner and her, and a birth family into a foster family).
        for row_blocks in row_of.values():
            for left_top, right_top in beside:  # a child's two families side by side
                where = {n: bi for bi, b in enumerate(row_blocks) for n in b}
                lb, rb = where.get(left_top), where.get(right_top)
                if lb is not None and rb is not None and lb != rb and rb != lb + 1:
                    moved = row_blocks.pop(rb)
                    row_blocks.insert(lb + 1 if rb > lb else lb, moved)
            row = [n for b in row_blocks for n in b]
            if len(row) > 1:
                out.append(f"  {{ rank=same; {' '.join(dict.fromkeys(row))} }}")
            for a_, b_ in itertools.pairwise(row):
                if not (a_.startswith('"u:') or b_.startswith('"u:')):
                    out.append(f"  {a_} -> {b_} {_ROW_EDGE};")
        # one row per connected set of couples
        for group in groups:
            members = " ".join(nid("p", x) if kind == "p" else nid("u", x) for kind, x in group)
            out.append(f"  {{ rank=same; {members} }}")
        out.extend(union_lines)
        out.extend(child_lines)
        # Siblings keep birth order across their couple rows: an invisible edge on the
        # row from each sibling's block (the sibling with their partners) to the next one.
        by_sibship: dict[str, list[tuple[int, str]]] = {}
        for pid, (base, sib_slot) in sib_pos.items():
            by_sibship.setdefault(base, []).append((sib_slot, pid))
        for base in sorted(by_sibship):
            blocks: list[list[str]] = []
            for _, pid in sorted(by_sibship[base]):
                block = [x for kind_, x in groups[group_of[pid]] if kind_ == "p"] if pid in group_of else [pid]
                if not any(pid in b for b in blocks):
                    blocks.append(block)
            for left_block, right_block in itertools.pairwise(blocks):
                a_, b_ = nid("p", left_block[-1]), nid("p", right_block[0])
                if set(left_block) & set(right_block):
                    continue
                out.append(f"  {{ rank=same; {a_} {b_} }}")
                out.append(f"  {a_} -> {b_} {_SIBLING_EDGE};")
        # Emotional relationships are not Graphviz edges: they are routed on the finished
        # layout (relations.py), so that none runs through a person or along another line.
        for i, r in enumerate(g.relationships):
            self.use(r.kind.value)
            out.append(f"  // rel {i} {r.kind.value} {r.a} {r.b}")
        # -- legend: drawn by the SVG post-processor below the family, with real samples -------
        keys = [k for k in LEGEND_ORDER if k in self.used]
        if keys:
            out.append(legend_comment(tuple(keys), self.lang))
            # An invisible point tied below the youngest generation: it keeps dot's ranking
            # (without it the sibship bars drifted off their union points).
            out.append(f"  {q('anchor')} [shape=point, style=invis, width=0.01];")
            last = max(gen.values())
            for p in g.people:
                if gen[p.id] == last:
                    out.append(f"  {nid('p', p.id)} -> {q('anchor')} [style=invis, weight=0];")
        out.append("}")
        return "\n".join(out) + "\n"

    def order(self, u: Union, unions_of: dict[str, list[Union]], people: dict[str, Person]) -> tuple[str, str]:
        """Male on the left by convention; a person with several unions sits between partners."""
        a, b = u.partners
        pa, pb = people.get(a), people.get(b)
        left, right = a, b
        if pa is not None and pb is not None and pa.sex is not Sex.MALE and pb.sex is Sex.MALE:
            left, right = b, a
        for hub in (left, right):
            mine = unions_of.get(hub, [])
            if len(mine) > 1:
                other = right if hub == left else left
                # the earlier union on the hub's left, later ones on the right
                if mine.index(u) == 0:
                    return other, hub
                return hub, other
        return left, right


def genogram_dot(case: Case, *, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """The case's genogram as DOT text, the same bytes for the same case.

    ``labels`` maps person ids to the names to show instead (anonymised reports); when
    given, birth years are left out too.
    """
    return _Builder(case, lang, labels).build()
