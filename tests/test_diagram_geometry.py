"""Geometry of the laid-out genograms, read from the real Graphviz SVG (issue 13).

For every bundled case, the field cases (copied into tests/fixtures/diagrams/) and the hard
families of tests/hard_families.py: no line passes through a person who is not one of its
ends, nor through a name or a union's years; no relationship line runs along another
line; everything lies inside the picture. Checked on the backend in use (and on the system
Graphviz too when it is installed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hard_families import HARD
from intervensi.casefile import load_case
from intervensi.diagrams import render_genogram
from intervensi.diagrams.geometry import problems, scene
from intervensi.model import Case

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "cases").glob("*.yaml")) + sorted((Path(__file__).parent / "fixtures" / "diagrams").glob("*.yaml")) + [
    Path(__file__).parent / "golden" / "family-three-generations.yaml"
]
BACKENDS = ["wasm"] + (["system"] if shutil.which("dot") else [])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_line_through_people_in_cases(path: Path, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    case = load_case(path)
    if not (case.assessment and case.assessment.genogram and case.assessment.genogram.people):
        pytest.skip("no genogram")
    assert problems(render_genogram(case, "svg")) == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(HARD))
def test_no_line_through_people_in_hard_families(name: str, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    svg = render_genogram(Case.model_validate(HARD[name]()), "svg")
    assert problems(svg) == []
    # every relationship of the family is drawn, with its route
    sc = scene(svg.decode())
    assert len([e for e in sc.edges if e.kind == "relationship"]) == len(HARD[name]()["assessment"]["genogram"]["relationships"])


def test_distant_line_in_keluarga_h_no_longer_reads_as_paman_to_ibu_y() -> None:
    """The reported case: the distant line H–Paman D passed through Ibu Y, then ran on the
    H–Y divorce line."""
    svg = render_genogram(load_case(ROOT / "cases" / "keluarga-h-2025.yaml"), "svg").decode()
    sc = scene(svg)
    distant = next(e for e in sc.edges if e.kind == "relationship" and {e.tail, e.head} == {"p:h", "p:paman"})
    assert all(p.startswith("outside") is False for p in problems(svg))
    from intervensi.diagrams.geometry import polyline_hits_box

    ibu_y = sc.nodes["p:y"]
    assert ibu_y.symbol is not None and not polyline_hits_box(distant.lines[0], ibu_y.symbol)


def test_remarried_ex_partners_sit_in_a_chain() -> None:
    """g-chain: both ex-partners remarried; each person with two unions between the partners."""
    sc = scene(render_genogram(load_case(Path(__file__).parent / "fixtures" / "diagrams" / "g-chain.yaml"), "svg").decode())
    x = {n: (b.symbol[0] + b.symbol[2]) / 2 for n, b in sc.nodes.items() if n.startswith("p:") and b.symbol}
    order = [n[2:] for n in sorted(x, key=x.__getitem__)]
    assert order in (["suami2", "ibu1", "ayah", "ibu2"], ["ibu2", "ayah", "ibu1", "suami2"])


def test_checker_finds_a_line_through_a_person() -> None:
    """The checker itself: a union line drawn through a third person is reported."""
    svg = (
        '<svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00"><g id="g" class="graph" transform="translate(0 50)">'
        '<g id="a" class="node"><title>p:a</title><ellipse cx="10" cy="-25" rx="8" ry="8"/></g>'
        '<g id="b" class="node"><title>p:b</title><ellipse cx="50" cy="-25" rx="8" ry="8"/></g>'
        '<g id="c" class="node"><title>p:c</title><ellipse cx="90" cy="-25" rx="8" ry="8"/></g>'
        '<g id="e" class="edge"><title>p:a-&gt;p:c</title><path d="M18,-25C40,-25 60,-25 82,-25"/></g></g></svg>'
    )
    assert problems(svg) == ["through p:a->p:c p:b symbol"]


# --------------------------------------------------------------------------- nothing to draw


def _workspace(tmp_path: Path, *names: str) -> Path:
    for n in names:
        shutil.copy(ROOT / "cases" / f"{n}.yaml", tmp_path / f"{n}.yaml")
    return tmp_path


@pytest.mark.parametrize(
    ("case", "which", "key"),
    [
        ("kube-melati-2025", "genogram", "genogram_not_applicable"),
        ("desa-sukamaju-air-2026", "genogram", "genogram_not_applicable"),
        ("lansia-t-2026", "genogram", "genogram_empty"),
        ("lansia-t-2026", "ecomap", "ecomap_empty"),
    ],
)
def test_nothing_to_draw_is_never_a_blank_file(tmp_path: Path, case: str, which: str, key: str) -> None:
    from typer.testing import CliRunner

    from intervensi.cli import app

    ws = _workspace(tmp_path, case)
    before = (ws / f"{case}.yaml").read_bytes()
    out = ws / f"x.{which}.svg"
    res = CliRunner().invoke(app, [which, str(ws / f"{case}.yaml"), "--render", "-o", str(out), "--json"])
    assert res.exit_code == 12, res.output  # NOTHING_TO_DRAW
    assert f'"key": "{key}"' in res.output
    assert not out.exists()
    assert (ws / f"{case}.yaml").read_bytes() == before


def test_render_counts_and_names_what_it_skipped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from intervensi.cli import app

    ws = _workspace(tmp_path, "kube-melati-2025", "pkh-s-2025")
    res = CliRunner().invoke(app, ["--lang", "en", "render", str(ws), "-o", str(tmp_path / "out"), "--what", "genogram,ecomap"])
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["pkh-s-2025.ecomap.svg", "pkh-s-2025.genogram.svg"]
    assert "kube-melati-2025.yaml: skipped genogram: a genogram is drawn for a person or a family" in " ".join(res.output.split())
    assert "(2 skipped)" in res.output


def test_group_ecomap_has_the_group_and_its_members_at_the_centre() -> None:
    from intervensi.diagrams import ecomap_dot

    case = load_case(ROOT / "cases" / "kube-melati-2025.yaml")
    from intervensi.model import Ecomap

    assert case.assessment is not None
    case.assessment.ecomap = Ecomap.model_validate({"systems": [{"id": "pkh", "name": "Pendamping PKH", "kind": "welfare", "connection": "strong"}]})
    dot = ecomap_dot(case, lang="id")
    centre = next(line for line in dot.splitlines() if line.startswith('  "household" '))
    assert "KUBE Melati" in centre and "Ibu A." in centre and "Ibu J." in centre and "rumah tangga" not in centre


# --------------------------------------------------------------------------- text


def test_a_name_with_an_ampersand_renders_with_either_engine() -> None:
    """name-ampersand.yaml: the WebAssembly Graphviz trapped on labels with '&' and runs of
    empty lines ("could not be drawn: {problem}")."""
    case = load_case(Path(__file__).parent / "fixtures" / "diagrams" / "name-ampersand.yaml")
    svg = render_genogram(case, "svg").decode()
    assert "Tiurma br. Sinaga &amp; Co" in svg
    assert problems(svg) == []


def _texts_of(case: Case) -> list[str]:
    import re

    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", render_genogram(case, "svg").decode()) if t.strip()]


def test_deceased_and_losses_show_what_is_known() -> None:
    """The X no longer strikes the age: the age at death stands beside the years; a deceased
    person without a death year shows no age; losses and pregnancies show their year and
    kind, never an open life span or their id."""
    data = HARD["twins-among-five"]()
    people = data["assessment"]["genogram"]["people"]
    people[0].update(died=2020)  # ayah, born 1970: 50 at death
    people[1].update(deceased=True)  # ibu, born 1972, death year unknown
    people.append({"id": "p-1", "kind": "pregnancy", "sex": "unknown", "born": 2025})
    people.append({"id": "m-1", "kind": "miscarriage", "born": 2001})
    data["assessment"]["genogram"]["children"] += [{"child": "p-1", "union": "u"}, {"child": "m-1", "union": "u"}]
    texts = _texts_of(Case.model_validate(data))
    assert "1970–2020 (50)" in texts and "50" not in texts  # beside the years, not under the X
    assert "1972–†" in texts and "54" not in texts and "53" not in texts
    assert "pregnancy" in texts and "p-1" not in texts and "2025" in texts and "2025–" not in texts
    assert "miscarriage" in texts and "2001–" not in texts


def test_identical_twins_hang_from_one_centred_point_with_a_bar() -> None:
    import re

    svg = render_genogram(Case.model_validate(HARD["twins-among-five"]()), "svg").decode()
    lines = re.findall(r'<g id="tw\.[^"]*\.i" class="edge">.*?<path[^>]*\sd="M([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)"', svg, re.S)
    assert len(lines) == 2
    (ax1, ay1, ex1, _), (ax2, ay2, ex2, _) = ([float(v) for v in line] for line in lines)
    assert (ax1, ay1) == (ax2, ay2)  # one point
    assert abs((ex1 + ex2) / 2 - ax1) < 0.6  # centred above the twins: symmetric lines
    assert svg.count('class="identical-twins"') == 1
    assert "identical twins" in svg and ">twins<" not in svg  # the legend names only what appears


def test_a_5000_character_name_is_shortened_in_both_diagrams() -> None:
    """name-5000-chars.yaml: the process aborted asking for tens of GB (PNG of a picture
    5,000 characters wide); names are now cut with "…" and long words broken."""
    import re

    from intervensi.diagrams import render_ecomap

    case = load_case(Path(__file__).parent / "fixtures" / "diagrams" / "name-5000-chars.yaml")
    for render in (render_genogram, render_ecomap):
        svg = render(case, "svg").decode()
        width = float(re.search(r'<svg width="([\d.]+)px"', svg).group(1))  # type: ignore[union-attr]
        assert width < 3000
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        assert max(len(t) for t in texts) < 120 and any(t.endswith("…") or "…," in t for t in texts)
        png = render(case, "png")
        assert png[:4] == b"\x89PNG" and len(png) < 2_000_000


# --------------------------------------------------------------------------- ecomap


ECOMAPS = [p for p in FILES if p.stem not in ("lansia-t-2026", "kube-melati-2025", "foster", "g-chain")]  # those have no systems


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("path", ECOMAPS, ids=lambda p: p.stem)
def test_ecomap_labels_print_legibly_on_a4(path: Path, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a report the picture is scaled to the A4 text column (about 482 pt): the system
    labels (10 pt) must still print at 7 pt or more, and the legend sits beside the ring."""
    import re

    from intervensi.diagrams import render_ecomap

    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    svg = render_ecomap(load_case(path), "svg").decode()
    width = float(re.search(r'<svg width="([\d.]+)px"', svg).group(1)) * 0.75  # type: ignore[union-attr]
    height = float(re.search(r'<svg width="[\d.]+px" height="([\d.]+)px"', svg).group(1)) * 0.75  # type: ignore[union-attr]
    assert 10 * min(1.0, 482 / width, 720 / height) >= 7.0, (width, height)
    assert 'class="legend"' in svg


def test_a_members_tie_starts_at_that_member() -> None:
    """family-three-generations: the factory is Budi's stressful tie; it starts at Budi's
    line inside the household circle (a dot there), not on the circle."""
    import re

    from intervensi.diagrams import render_ecomap

    svg = render_ecomap(load_case(Path(__file__).parent / "golden" / "family-three-generations.yaml"), "svg").decode()
    budi = re.search(r'<text[^>]*\sx="([-\d.]+)"\sy="([-\d.]+)"[^>]*>□ Budi, 58</text>', svg)
    dot = re.search(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="2" fill="black" class="member-tie"/>', svg)
    assert budi and dot
    assert abs(float(dot.group(2)) - (float(budi.group(2)) - 9 * 0.35)) < 1  # on Budi's line
    tie = re.search(r'<g id="zz(?:-|&#45;)tie\.\d+\.kerja" class="edge zigzag">.*?<path[^>]*\sd="M([-\d.]+),([-\d.]+)', svg, re.S)
    assert tie and (float(tie.group(1)), float(tie.group(2))) == (float(dot.group(1)), float(dot.group(2)))


def test_a_report_says_why_a_diagram_is_missing_and_how_to_add_it() -> None:
    from intervensi.report import render_report

    html = render_report(load_case(ROOT / "cases" / "kube-melati-2025.yaml"), fmt="html", lang="id")
    text = html if isinstance(html, str) else html.decode()
    assert "bukan untuk kasus kelompok" in text and "intervensi system add" in text and "kasus group" not in text
    group = render_report(load_case(ROOT / "cases" / "kube-melati-2025.yaml"), fmt="md", lang="en")
    text = group if isinstance(group, str) else group.decode()
    assert "not for a group case" in text


def test_right_to_left_names_reach_the_pdf_in_visual_order() -> None:
    """An Arabic name came out reversed (and unjoined) in genogram PDFs, the words of a
    mixed line in the wrong order in ecomap PDFs: svglib draws characters left to right."""
    from intervensi.diagrams.convert import to_pdf, visual_order

    data = HARD["both-remarried"]()
    data["assessment"]["genogram"]["people"][0]["name"] = "محمد Ali"
    svg = render_genogram(Case.model_validate(data), "svg")
    assert "محمد Ali".encode() in svg  # the SVG keeps the text as typed (its viewers do the rest)
    drawn = visual_order(svg).decode()
    assert "Ali ﺪﻤﺤﻣ" in drawn  # visual order: the Arabic word right of "Ali", letters joined, reversed for LTR drawing
    assert to_pdf(svg)[:5] == b"%PDF-"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(HARD))
def test_hard_families_render_to_png_and_pdf(name: str, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    case = Case.model_validate(HARD[name]())
    assert render_genogram(case, "png")[:4] == b"\x89PNG"
    assert render_genogram(case, "pdf")[:5] == b"%PDF-"
