"""Genograms and ecomaps: golden DOT, SVG structure, escaping, rendering, commands."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from intervensi.diagrams import ecomap_dot, genogram_dot, render, render_ecomap, render_genogram

GOLDEN = Path(__file__).parent / "golden"
REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "pkh-s-2025.yaml"
FAMILY = GOLDEN / "family-three-generations.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} changed: rerun with UPDATE_GOLDEN=1 and review the diff"


@pytest.mark.parametrize(
    ("source", "lang", "stem"),
    [(REFERENCE, "id", "pkh-s-2025"), (REFERENCE, "en", "pkh-s-2025.en"), (FAMILY, "en", "family-three-generations")],
)
def test_golden_dot(source: Path, lang: str, stem: str) -> None:
    case = load_case(source)
    _golden(f"{stem}.genogram.dot", genogram_dot(case, lang=lang))
    _golden(f"{stem}.ecomap.dot", ecomap_dot(case, lang=lang))


def test_dot_is_deterministic() -> None:
    a, b = load_case(FAMILY), load_case(FAMILY)
    assert genogram_dot(a) == genogram_dot(b)
    assert ecomap_dot(a) == ecomap_dot(b)


def _svg(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _group(root: ET.Element, gid: str) -> ET.Element:
    for g in root.iter(f"{SVG}g"):
        if g.get("id") == gid:
            return g
    raise AssertionError(f"no group {gid}")


def test_reference_genogram_svg() -> None:
    root = _svg(render_genogram(load_case(REFERENCE), "svg", lang="id"))
    texts = _texts(root)
    # S: a circle with a double outline (index person), aged 32 at the assessment date
    s = _group(root, "p.s.h.rumah-s")
    assert len(s.findall(f"{SVG}ellipse")) == 2
    assert "32" in texts
    # the children: unknown sex, a diamond each
    kid = _group(root, "p.anak-1.h.rumah-s")
    assert len(kid.findall(f"{SVG}polygon")) == 1
    # the household outline, and a legend in Indonesian with exactly what appears
    assert any(p.get("class") == "household" for p in root.iter(f"{SVG}path"))
    legend = " ".join(texts)
    for word in ("Keterangan", "perempuan", "klien (orang indeks)", "satu rumah tangga", "anak kandung"):
        assert word in legend
    for absent in ("laki-laki", "meninggal", "bercerai", "kembar"):
        assert absent not in legend


def test_family_genogram_svg_marks() -> None:
    root = _svg(render_genogram(load_case(FAMILY), "svg"))
    marks = [p for p in root.iter(f"{SVG}path") if p.get("class") == "deceased-mark"]
    assert len(marks) == 4  # kakek, opa, oma, the stillbirth
    rels = {(g.get("class") or "").split()[-1]: g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("relationship")}
    assert set(rels) == {"conflict", "hostile", "close", "fused", "distant", "cut_off"}
    # conflict and hostility are zig-zags (many short turns), close two lines, fused three
    drawn = {k: [p for p in g.findall(f"{SVG}path") if p.get("class") != "route"] for k, g in rels.items()}
    assert all(p.get("d", "").count("L") > 20 for k in ("conflict", "hostile") for p in drawn[k])
    assert (len(drawn["close"]), len(drawn["fused"])) == (2, 3)
    text = " ".join(_texts(root))
    for word in ("divorced", "living together", "adopted child", "foster child", "twins", "pregnancy", "miscarriage", "stillbirth", "cut off", "very close / fused", "m. 1993 d. 2000"):
        assert word in text, word
    # two slashes on the divorce line
    assert "//" in _texts(root)


def test_ecomap_svg_ties() -> None:
    root = _svg(render_ecomap(load_case(FAMILY), "svg"))
    edges = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("edge") or (g.get("id") or "").startswith("zz-")}
    stressful = edges["zz-tie.3.kerja"]  # Budi's tie: drawn from his line (row 3 of the centre)
    assert "zigzag" in stressful.get("class", "")
    paths = [p for g in root.iter(f"{SVG}g") if g.get("class") == "edge" for p in g.findall(f"{SVG}path")]
    widths = {p.get("stroke-width") for p in paths}
    assert "4" in widths  # strong
    assert any(p.get("stroke-dasharray") for p in paths)  # tenuous / none
    text = " ".join(_texts(root))
    for word in ("Legend", "strong", "moderate", "tenuous", "stressful", "no tie", "Pabrik <tekstil>", 'Rumah "Budi & Dewi"'):
        assert word in text, word


def test_reference_ecomap_matches_the_source() -> None:
    case = load_case(REFERENCE)
    dot = ecomap_dot(case, lang="id")
    for sid in ("peserta-pkh", "tetangga", "pendamping-pkh"):
        assert re.search(rf'"s:{sid}" \[penwidth=4', dot), sid
    assert re.search(r"\"s:lembaga-pelatihan\" \[penwidth=1, style=invis", dot)  # the gap: no line (Hartman)
    assert "tidak ada hubungan" in dot


NASTY = ['Quote " and \\" back\\slash', "<b>&amp; tag</b>", "line\nbreak", "emoji 👩‍👧 ok", "Ибрагим 王芳 محمد", "\\N \\G \\l", "}{|<>"]


@pytest.mark.parametrize("name", NASTY)
def test_labels_are_escaped(tmp_path: Path, name: str) -> None:
    case = load_case(FAMILY)
    case.assessment.genogram.people[0].name = name  # type: ignore[union-attr]
    case.assessment.ecomap.systems[0].name = name  # type: ignore[union-attr]
    for dot, engine in ((genogram_dot(case), "dot"), (ecomap_dot(case), "twopi")):
        svg = render(dot, "svg", engine)
        texts = _texts(_svg(svg))
        joined = " ".join(" ".join(texts).split())
        assert " ".join(name.split()) in joined, engine


def test_labels_override_hides_names() -> None:
    case = load_case(FAMILY)
    labels = {p.id: f"P{i}" for i, p in enumerate(case.assessment.genogram.people)}  # type: ignore[union-attr]
    dot = genogram_dot(case, labels=labels)
    assert "Budi" not in dot and "1968" not in dot and '"P4' in dot.replace("\\n", '"')
    eco = ecomap_dot(case, labels=labels)
    assert "Budi" not in eco and "Pabrik" not in eco


def test_png_and_pdf() -> None:
    case = load_case(REFERENCE)
    assert render_genogram(case, "png").startswith(b"\x89PNG")
    assert render_ecomap(case, "pdf").startswith(b"%PDF")
    assert render_genogram(case, "dot") == genogram_dot(case, lang="id").encode()


def test_system_graphviz_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    if not shutil.which("dot"):
        pytest.skip("no system Graphviz")
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", "system")
    root = _svg(render_genogram(load_case(FAMILY), "svg"))
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "deceased-mark"]) == 4


def test_wasm_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", "wasm")
    out = render_ecomap(load_case(REFERENCE), "svg")
    assert b"Pendamping PKH" in out


def test_bad_backend_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi.errors import UsageError

    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", "cairo")
    with pytest.raises(UsageError):
        render_genogram(load_case(REFERENCE), "svg")


# --------------------------------------------------------------------------- commands


@pytest.fixture
def family(tmp_path: Path) -> Path:
    dest = tmp_path / "family.yaml"
    shutil.copy(FAMILY, dest)
    return dest


def test_genogram_summary(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("genogram", reference)
    assert r.exit_code == 0, r.output
    assert "Generation 1" in r.output and "S (s)" in r.output and "age 32" in r.output


def test_ecomap_summary_json(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("ecomap", reference, "--json")
    data = json.loads(r.stdout)
    assert data["command"] == "ecomap" and data["version"] == 1
    kinds = {g["connection"]: [s["id"] for s in g["systems"]] for g in data["connections"]}
    assert set(kinds["strong"]) == {"peserta-pkh", "tetangga", "pendamping-pkh"}
    assert "lembaga-pelatihan" in kinds["none"]


@pytest.mark.parametrize("fmt", ["svg", "dot", "png"])
def test_render_command(run, reference: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    r = run("genogram", reference, "--render", "--format", fmt)
    assert r.exit_code == 0, r.output
    out = reference.with_name(f"pkh-s-2025.genogram.{fmt}")
    assert out.exists() and out.stat().st_size > 100


def test_render_bad_format(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("ecomap", reference, "--render", "--format", "gif")
    assert r.exit_code == 2


def test_build_a_genogram(run, family: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("add-person", family, "--name", "Eko", "--sex", "male", "--born", "2020", "--household", "rumah").exit_code == 0
    assert run("add-child", family, "eko", "--union", "u-budi-dewi").exit_code == 0
    assert run("add-relationship", family, "eko", "dewi", "close").exit_code == 0
    r = run("add-union", family, "anto", "rina", "--kind", "engaged", "--start", "2025", "--json")
    assert json.loads(r.stdout)["id"] == "u1"
    assert run("change-person", family, "eko", "--died", "2024").exit_code == 0
    assert run("add-system", family, "Bank Sampah", "--kind", "credit", "--connection", "tenuous", "--flow", "both").exit_code == 0
    assert run("change-system", family, "bank-sampah", "--connection", "stressful").exit_code == 0
    case = load_case(family)
    assert case.assessment is not None and case.assessment.genogram is not None
    g = case.assessment.genogram
    eko = next(p for p in g.people if p.id == "eko")
    assert eko.died == 2024 and eko.is_deceased
    assert next(s for s in case.assessment.ecomap.systems if s.id == "bank-sampah").connection.value == "stressful"  # type: ignore[union-attr]
    assert run("change-person", family, "eko", "--died", "").exit_code == 0
    assert next(p for p in load_case(family).assessment.genogram.people if p.id == "eko").died is None  # type: ignore[union-attr]


def test_invalid_edit_is_refused(run, family: Path) -> None:  # type: ignore[no-untyped-def]
    before = family.read_bytes()
    r = run("add-child", family, "nobody", "--union", "u-budi-dewi")
    assert r.exit_code == 2 and "no person 'nobody'" in r.output
    r = run("add-person", family, "--name", "X", "--index")
    assert r.exit_code == 2 and "more than one index person" in r.output
    assert run("add-union", family, "budi", "dewi", "--kind", "wed").exit_code == 2  # a value the schema refuses, typed on the command line: usage
    assert family.read_bytes() == before


def test_remove_person_refuses_then_cascades(run, family: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("remove-person", family, "budi")
    assert r.exit_code == 3 and "--cascade" in r.output and "Budi" not in r.output
    r = run("remove-person", family, "budi", "--cascade")
    assert r.exit_code == 0, r.output
    case = load_case(family)
    assert case.assessment is not None and case.assessment.genogram is not None
    g = case.assessment.genogram
    assert "budi" not in {p.id for p in g.people}
    assert not [u for u in g.unions if "budi" in u.partners]
    assert not [c for c in g.children if c.union in ("u-budi-sari", "u-budi-dewi")]
    assert next(s for s in case.assessment.ecomap.systems if s.id == "kerja").member is None  # type: ignore[union-attr]


def test_remove_union_child_relationship_system(run, family: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("remove-union", family, "u-budi-sari").exit_code == 3
    assert run("remove-child", family, "anto").exit_code == 0
    assert run("remove-union", family, "u-budi-sari").exit_code == 0
    assert run("remove-relationship", family, "nenek", "dewi").exit_code == 0
    assert run("remove-relationship", family, "nenek", "dewi").exit_code == 4
    assert run("remove-system", family, "masjid").exit_code == 0
    assert run("remove-system", family, "masjid").exit_code == 4


def test_indonesian_messages(run, family: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("--lang", "id", "remove-person", family, "budi")
    assert "masih dirujuk" in r.output


def _x_positions(dot: str) -> dict[str, float]:
    from intervensi.diagrams.backend import layout

    out: dict[str, float] = {}
    for line in layout(dot, "plain").decode().splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            out[parts[1].strip('"')] = float(parts[2])
    return out


@pytest.mark.parametrize("backend", ["system", "wasm"])
def test_siblings_keep_birth_order_across_a_remarriage_row(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled three-generation family: the unmarried older brother stays left of his
    married younger brother (whose row holds both wives), so no child line crosses."""
    if backend == "system" and shutil.which("dot") is None:
        pytest.skip("no system Graphviz")
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    case = load_case(Path(__file__).resolve().parents[1] / "cases" / "keluarga-h-2025.yaml")
    x = _x_positions(genogram_dot(case))
    assert x["p:paman"] < x["p:y"] < x["p:h"] < x["p:w"]
    # the children of the second union hang in birth order under it
    assert x["p:r"] < x["p:a"]


def _centre(root: ET.Element, prefix: str) -> tuple[float, float]:
    """The centre of a person's symbol (``prefix`` = ``p.<id>``), from its first shape."""
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id") or ""
        if gid == prefix or gid.startswith(prefix + "."):
            for el in g:
                if el.tag == f"{SVG}ellipse":
                    return float(el.get("cx", 0)), float(el.get("cy", 0))
                if el.tag == f"{SVG}polygon":
                    pts = [tuple(map(float, p.split(","))) for p in (el.get("points") or "").split()]
                    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    raise AssertionError(f"no symbol for {prefix}")


def _text_at(root: ET.Element, needle: str) -> tuple[float, float]:
    for t in root.iter(f"{SVG}text"):
        if needle in (t.text or ""):
            return float(t.get("x", 0)), float(t.get("y", 0))
    raise AssertionError(f"no text {needle!r}")


@pytest.mark.parametrize("backend", ["system", "wasm"])
def test_union_years_sit_below_their_own_line(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each couple's years are just below that couple's line, between the two partners,
    and start right of the line down to their children (never across it)."""
    if backend == "system" and shutil.which("dot") is None:
        pytest.skip("no system Graphviz")
    monkeypatch.setenv("INTERVENSI_GRAPHVIZ", backend)
    root = _svg(render_genogram(load_case(FAMILY), "svg"))
    for left, right, years in (("p.sari", "p.budi", "m. 1993 d. 2000"), ("p.budi", "p.dewi", "m. 2002"), ("p.nenek", "p.kakek", "m. 1965"), ("p.opa", "p.oma", "m. 1966")):
        (lx, ly), (rx, ry) = _centre(root, left), _centre(root, right)
        assert abs(ly - ry) < 1, (left, right)  # one row
        x, y = _text_at(root, years)
        assert 0 < y - ly < 20, (years, y, ly)  # just below the line, not on a neighbouring row
        assert min(lx, rx) < x < max(lx, rx), (years, x, lx, rx)
    dot = genogram_dot(load_case(FAMILY))
    line = next(x for x in dot.splitlines() if x.startswith('  "u:u-budi-dewi" ['))
    assert 'label=" \\n \\n ' in line and "m. 2002" in line and "xlabel" not in line  # padded: starts right of the centre


