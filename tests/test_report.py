"""``intervensi report``: formats, languages, escaping, templates, the care plan."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from intervensi.report import md_escape, render_report
from intervensi.report.pdf import find_chromium

SECTIONS_EN = ["Identity and level", "Contract", "Assessment", "Genogram", "Ecomap", "Needs and strengths", "Plan",
               "Sessions", "Evaluation", "GAS T-score", "Termination and follow-up", "Stage history"]


def _hostile(reference: Path) -> Path:
    text = reference.read_text(encoding="utf-8")
    text = text.replace(
        "      notes: Klien mulai membedakan kebutuhan dan keinginan; menyisihkan dana kecil untuk bahan dagangan.",
        "      notes: \"<script>alert('x')</script> **bold** [l](http://x) | pipe\"",
    )
    assert "<script>" in text
    reference.write_text(text, encoding="utf-8")
    return reference


def test_html_report(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.html"
    r = run("report", reference, "--output", out)
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    for s in SECTIONS_EN:
        assert s in html, s
    assert html.count('class="ab-chart"') == 2
    assert "62.0" in html  # the T-score, one decimal
    assert "Mencatat 5 minggu berturut-turut" in html  # the GAS level's meaning
    # self-contained: nothing fetched from the network
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@media print" in html


def test_html_indonesian(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("report", reference, "--lang", "id")
    assert r.exit_code == 0, r.output
    for s in ["Identitas dan tingkat", "Kontrak", "Asesmen", "Kebutuhan dan kekuatan", "Rencana", "Sesi", "Evaluasi",
              "Skor-T GAS", "Terminasi dan tindak lanjut", "Riwayat tahap", "3 Maret 2025", "kunjungan rumah", "ditutup"]:
        assert s in r.stdout, s
    assert "March" not in r.stdout and "home visit" not in r.stdout


def test_escaped_everywhere(reference: Path) -> None:
    case = load_case(_hostile(reference))
    html = render_report(case, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_report(case, "md").decode()
    assert "<script>" not in md and "\\*\\*bold\\*\\*" in md and "\\[l\\]\\(http" in md
    import docx

    doc = docx.Document(io.BytesIO(render_report(case, "docx")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("<script>alert('x')</script>" in c for c in cells)  # shown as text, literally


def test_md_escape() -> None:
    assert md_escape("a|b <i>") == "a\\|b &lt;i&gt;"
    assert md_escape("1. x\n- y") == "1\\. x \\- y"
    assert md_escape(None) == ""


def test_markdown_report(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("report", reference, "--format", "md")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# Case report")
    assert "data:image" not in r.stdout  # no base64 pictures many Markdown viewers do not show
    assert r.stdout.count("--output report.md") == 4  # genogram, ecomap, two charts: say how to get them


def test_markdown_report_writes_its_pictures_beside_it(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import re

    out = tmp_path / "my report.md"
    r = run("report", reference, "--format", "md", "-o", out)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "data:image" not in text
    links = re.findall(r"\[!\[[^\]]*\]\(([^)]+)\)\]\(([^)]+)\)", text)
    assert len(links) == 4
    from urllib.parse import unquote

    for png, svg in links:
        assert (tmp_path / unquote(png)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / unquote(svg)).read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert unquote(png).startswith("my report_files/")


def test_docx_report(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    out = tmp_path / "r.docx"
    r = run("report", reference, "--format", "docx", "--output", out)
    assert r.exit_code == 0, r.output
    doc = docx.Document(str(out))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for s in ["Identity and level", "Contract", "Assessment", "Genogram", "Ecomap", "Plan", "Sessions", "Evaluation", "Stage history"]:
        assert s in heads, s
    assert len(doc.inline_shapes) >= 2  # the charts, at least
    assert len(doc.tables) >= 8


def test_docx_needs_output(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("report", reference, "--format", "docx")
    assert r.exit_code != 0


def test_care_plan(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("report", reference, "--care-plan", "--lang", "id")
    assert r.exit_code == 0, r.output
    assert "Rencana layanan" in r.stdout and "Tanda tangan" in r.stdout
    assert "minggu 1–2" in r.stdout and "Kegiatan" in r.stdout
    assert "Riwayat tahap" not in r.stdout


def test_user_template(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text("<p>{{ L.client }}: {{ case.client.name }} T={{ '%.2f' | format(ev.t_score) }}</p>", encoding="utf-8")
    r = run("report", reference, "--template", tpl)
    assert r.exit_code == 0, r.output
    assert r.stdout == "<p>Client: S T=62.05</p>"
    bad = tmp_path / "bad.html.j2"
    bad.write_text("{% if %}", encoding="utf-8")
    r = run("report", reference, "--template", bad)
    assert r.exit_code != 0 and "template error" in r.output and "Traceback" not in r.output


def test_bundled_templates_ship() -> None:
    from intervensi.report import templates_root

    names = {p.name for p in templates_root().iterdir()}
    assert {"report.html.j2", "report.md.j2", "care-plan.html.j2", "care-plan.md.j2"} <= names


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium (tests/setup/chromium.py installs it)")
def test_pdf_report(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    r = run("report", reference, "--format", "pdf", "--output", out)
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3


def test_markdown_to_a_refused_target_writes_no_pictures(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "notes.csv"
    target.write_text("keep me\n")
    r = run("report", reference, "--format", "md", "-o", target)
    assert r.exit_code == 10
    assert target.read_text() == "keep me\n" and not (tmp_path / "notes_files").exists()
