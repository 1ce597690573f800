"""Hard families for the diagram geometry tests and docs/examples (all names made up).

Each is a case as a dict (``Case.model_validate``): the kinds of family on which
Graphviz's own routing drew lines through people or onto other lines.
"""

from __future__ import annotations

from typing import Any


def _case(cid: str, people: list[dict[str, Any]], unions: list[dict[str, Any]], children: list[dict[str, Any]], rels: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": 1, "id": cid, "level": "micro", "practice": "casework", "opened": "2026-01-05",
        "client": {"kind": "family", "name": f"Keluarga {cid}"},
        "assessment": {"date": "2026-01-12", "genogram": {"people": people, "unions": unions, "children": children, "relationships": rels}},
    }  # fmt: skip


def _p(pid: str, sex: str, born: int, **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid.replace("-", " ").title(), "sex": sex, "born": born, **kw}


def four_generations() -> dict[str, Any]:
    """Great-grandparents to great-grandchildren; the sister divorced, a cut-off between siblings."""
    people = [
        _p("buyut-l", "male", 1930, died=1995), _p("buyut-p", "female", 1934, died=2010),
        _p("kakek", "male", 1952), _p("nenek", "female", 1955),
        _p("ayah", "male", 1975, household="h"), _p("ibu", "female", 1978, household="h", index=True),
        _p("bibi", "female", 1980), _p("mantan-bibi", "male", 1977), _p("paman", "male", 1983),
        _p("anak-1", "female", 2000, household="h"), _p("menantu", "male", 1998, household="h"),
        _p("anak-2", "male", 2004, household="h"), _p("cucu", "female", 2022, household="h"),
        _p("sepupu", "male", 2003),
    ]  # fmt: skip
    unions = [
        {"id": "u0", "partners": ["buyut-l", "buyut-p"], "start": 1950},
        {"id": "u1", "partners": ["kakek", "nenek"], "start": 1973},
        {"id": "u2", "partners": ["ayah", "ibu"], "start": 1999},
        {"id": "u3", "partners": ["mantan-bibi", "bibi"], "kind": "divorced", "start": 2001, "end": 2008},
        {"id": "u4", "partners": ["menantu", "anak-1"], "kind": "cohabiting", "start": 2020},
    ]
    children = [
        {"child": "kakek", "union": "u0"}, {"child": "ibu", "union": "u1"}, {"child": "bibi", "union": "u1"},
        {"child": "paman", "union": "u1"}, {"child": "anak-1", "union": "u2"}, {"child": "anak-2", "union": "u2"},
        {"child": "cucu", "union": "u4"}, {"child": "sepupu", "union": "u3"},
    ]  # fmt: skip
    rels = [
        {"a": "bibi", "b": "paman", "kind": "cut_off"}, {"a": "ibu", "b": "nenek", "kind": "close"},
        {"a": "ayah", "b": "kakek", "kind": "conflict"}, {"a": "anak-2", "b": "ayah", "kind": "distant"},
        {"a": "mantan-bibi", "b": "bibi", "kind": "hostile"}, {"a": "ayah", "b": "anak-1", "kind": "abuse"},
    ]  # fmt: skip
    return _case("empat-generasi", people, unions, children, rels)


def both_remarried() -> dict[str, Any]:
    """Both ex-partners remarried, children in every union; the ex-partners hostile."""
    people = [
        _p("ayah", "male", 1975, index=True), _p("ibu-1", "female", 1977), _p("ibu-2", "female", 1982),
        _p("suami-2", "male", 1972), _p("anak-a", "female", 1998), _p("anak-b", "male", 2007), _p("anak-c", "female", 2006),
    ]  # fmt: skip
    unions = [
        {"id": "u1", "partners": ["ayah", "ibu-1"], "kind": "divorced", "start": 1997, "end": 2001},
        {"id": "u2", "partners": ["ayah", "ibu-2"], "start": 2005},
        {"id": "u3", "partners": ["suami-2", "ibu-1"], "start": 2004},
    ]
    children = [{"child": "anak-a", "union": "u1"}, {"child": "anak-b", "union": "u2"}, {"child": "anak-c", "union": "u3"}]
    rels = [{"a": "ayah", "b": "ibu-1", "kind": "hostile"}, {"a": "anak-a", "b": "ibu-2", "kind": "distant"}]
    return _case("menikah-lagi", people, unions, children, rels)


def foster_cohabiting() -> dict[str, Any]:
    """A foster child in a household with a divorce and a new cohabitation; both families recorded."""
    people = [
        _p("ayah-kandung", "male", 1985), _p("ibu-kandung", "female", 1988),
        _p("ayah-asuh", "male", 1970), _p("ibu-asuh", "female", 1972, household="r"), _p("pasangan", "male", 1975, household="r"),
        _p("anak", "female", 2014, household="r", index=True), _p("kakak", "male", 2000, household="r"),
    ]  # fmt: skip
    unions = [
        {"id": "uk", "partners": ["ayah-kandung", "ibu-kandung"], "kind": "divorced", "start": 2012, "end": 2016},
        {"id": "ua", "partners": ["ayah-asuh", "ibu-asuh"], "kind": "divorced", "start": 1995, "end": 2018},
        {"id": "ub", "partners": ["pasangan", "ibu-asuh"], "kind": "cohabiting", "start": 2019},
    ]
    children = [{"child": "anak", "union": "uk"}, {"child": "anak", "union": "ub", "kind": "foster"}, {"child": "kakak", "union": "ua"}]
    rels = [{"a": "anak", "b": "ibu-kandung", "kind": "close"}, {"a": "kakak", "b": "anak", "kind": "conflict"}]
    return _case("anak-asuh", people, unions, children, rels)


def twins_among_five() -> dict[str, Any]:
    """Identical twins in the middle of five siblings; a fused tie between the twins."""
    people = [_p("ayah", "male", 1970), _p("ibu", "female", 1972, index=True)]
    people += [_p(f"anak-{k}", "female" if k % 2 else "male", 1995 + 2 * k - (1 if k == 3 else 0)) for k in range(1, 6)]
    unions = [{"id": "u", "partners": ["ayah", "ibu"], "start": 1993}]
    children = [{"child": f"anak-{k}", "union": "u", **({"twin": "t", "identical": True} if k in (2, 3) else {})} for k in range(1, 6)]
    children[2]["child"], children[2]["twin"] = "anak-3", "t"
    people[4]["born"] = people[3]["born"]
    rels = [{"a": "anak-2", "b": "anak-3", "kind": "fused"}, {"a": "anak-1", "b": "anak-5", "kind": "distant"}, {"a": "ibu", "b": "anak-4", "kind": "close"}]
    return _case("kembar", people, unions, children, rels)


def three_marriages_same_sex_unknown_father() -> dict[str, Any]:
    """A woman's three unions in turn, two mothers raising a child, a child of an unknown father."""
    people = [
        _p("ibu", "female", 1970, index=True), _p("suami-1", "male", 1965, died=1995), _p("suami-2", "male", 1968),
        _p("istri-3", "female", 1975), _p("anak-1", "male", 1992), _p("anak-2", "female", 1999), _p("anak-3", "male", 2012),
        _p("cucu", "female", 2015),
    ]  # fmt: skip
    unions = [
        {"id": "u1", "partners": ["suami-1", "ibu"], "kind": "married", "start": 1990, "end": 1995},
        {"id": "u2", "partners": ["suami-2", "ibu"], "kind": "divorced", "start": 1997, "end": 2005},
        {"id": "u3", "partners": ["ibu", "istri-3"], "kind": "cohabiting", "start": 2010},
    ]
    children = [
        {"child": "anak-1", "union": "u1"}, {"child": "anak-2", "union": "u2"}, {"child": "anak-3", "union": "u3", "kind": "adopted"},
        {"child": "cucu", "parent": "anak-2"},
    ]  # fmt: skip
    rels = [{"a": "anak-1", "b": "suami-2", "kind": "conflict"}, {"a": "anak-2", "b": "istri-3", "kind": "close"}]
    return _case("tiga-pernikahan", people, unions, children, rels)


HARD = {
    "four-generations": four_generations,
    "both-remarried": both_remarried,
    "foster-cohabiting": foster_cohabiting,
    "twins-among-five": twins_among_five,
    "three-marriages": three_marriages_same_sex_unknown_father,
}
