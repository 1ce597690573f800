"""``report --format pdf`` without Chromium: the builtin engine (xhtml2pdf) and the engine choice.

The PDF is checked against the HTML report of the same case and language: every heading
(sections, sub-sections, diagram captions), every table header and cell, the T-score and
one picture per diagram and chart must be in the PDF.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from intervensi.casefile import load_case
from intervensi.report import render_report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Chromium: nothing on PATH, no INTERVENSI_CHROMIUM."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("INTERVENSI_CHROMIUM", raising=False)
    monkeypatch.delenv("INTERVENSI_PDF_ENGINE", raising=False)


def _squash(text: str) -> str:
    """Text without any white space (PDF text extraction breaks lines where the layout does)."""
    return re.sub(r"\s+", "", text)


def _texts(html: str, tag: str, attrs: str = "[^>]*") -> list[str]:
    out = []
    for m in re.finditer(rf"<{tag}\b{attrs}>(.*?)</{tag}>", html, re.S):
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
        if text:
            out.append(text)
    return out


def _pdf_text(data: bytes) -> tuple[str, int, int]:
    import io

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    images = sum(len(p.images) for p in reader.pages)
    return text, images, len(reader.pages)


@pytest.mark.parametrize("name", ["pkh-s-2025", "kube-melati-2025"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_builtin_pdf_has_what_the_html_has(no_chromium: None, cases: Path, tmp_path: Path, run, name: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    path = cases / f"{name}.yaml"
    out = tmp_path / f"{name}-{lang}.pdf"
    r = run("--lang", lang, "report", path, "--format", "pdf", "--output", out)
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text, images, pages = _pdf_text(data)
    html = render_report(load_case(path), fmt="html", lang=lang).decode("utf-8")
    flat = _squash(text)
    wanted = _texts(html, "h1") + _texts(html, "h2") + _texts(html, "h3") + _texts(html, "figcaption")
    wanted += _texts(html, "th") + _texts(html, "td") + _texts(html, "dt")
    assert len(wanted) > 40
    missing = [w for w in wanted if _squash(w) not in flat]
    assert not missing, missing
    tscore = _texts(html, "p", ' class="tscore"')[0]
    assert _squash(tscore) in flat  # the GAS T-score and its figure
    # one picture for each diagram and chart of the HTML report (inline SVG there)
    assert images == html.count("<svg"), (images, html.count("<svg"))
    assert images >= 3
    assert pages >= 3
    if lang == "id":
        assert "Riwayat tahap" in text and "Evaluasi" in text


def test_auto_without_chromium_uses_builtin_and_env_forces_it(no_chromium: None, reference: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(reference)
    assert render_report(case, fmt="pdf").startswith(b"%PDF-")
    monkeypatch.setenv("INTERVENSI_PDF_ENGINE", "builtin")
    assert render_report(case, fmt="pdf").startswith(b"%PDF-")


def test_no_engine_at_all_is_one_line_naming_pip(no_chromium: None, reference: Path, tmp_path: Path, run,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xhtml2pdf", None)  # not installed: importing it fails
    before = reference.read_bytes()
    out = tmp_path / "r.pdf"
    for lang, words in (("en", "no PDF engine"), ("id", "tidak ada mesin PDF")):
        r = run("--lang", lang, "report", reference, "--format", "pdf", "--output", out)
        assert r.exit_code == 4, r.output  # NOT_FOUND (docs/reference/exit-codes.md), not 1 (a bug)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, lines
        assert words in lines[0] and "pip install xhtml2pdf" in lines[0]
        assert "LibreOffice" not in lines[0] and "Traceback" not in r.output
    assert not out.exists()
    assert reference.read_bytes() == before


def test_chromium_asked_for_but_missing(no_chromium: None, reference: Path, tmp_path: Path, run,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENSI_PDF_ENGINE", "chromium")
    r = run("report", reference, "--format", "pdf", "--output", tmp_path / "r.pdf")
    assert r.exit_code == 4, r.output
    assert "--pdf-engine builtin" in r.stderr
    monkeypatch.setenv("INTERVENSI_PDF_ENGINE", "weasy")
    r = run("report", reference, "--format", "pdf", "--output", tmp_path / "r.pdf")
    assert r.exit_code == 2, r.output
    assert "auto, chromium or builtin" in r.stderr


def test_fallback_font_writes_missing_characters_in_latin_form() -> None:
    from intervensi.report.pdf_builtin import latin_form

    has = {ord(c) for c in "abcdefghijklmnopqrstuvwxyzABNP ()=-><"}
    assert latin_form("NAP (A→B)", has) == "NAP (A->B)"
    assert latin_form("(ρ = x)", has) == "(rho = x)"
    assert latin_form("é", has | {ord("e")}) == "e"


@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None, reason="no Chromium")
def test_chromium_wins_when_present(reference: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi.report.pdf import choose_engine

    monkeypatch.delenv("INTERVENSI_PDF_ENGINE", raising=False)
    assert choose_engine() == "chromium"
    assert choose_engine("builtin") == "builtin"


def test_without_a_system_font_the_report_is_readable(no_chromium: None, reference: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No DejaVu/Noto/Liberation on the machine: reportlab's own Vera is used, and what it
    cannot show (the arrow of 'NAP (A→B)', the rho of the T-score note) is written in Latin form."""
    from intervensi.report import pdf_builtin

    monkeypatch.setattr(pdf_builtin, "FONTS", ())
    text, images, _ = _pdf_text(render_report(load_case(reference), fmt="pdf", lang="id", pdf_engine="builtin"))
    assert "NAP (A->B)" in text and "rho = 0,3" in text  # an Indonesian report: decimal comma
    assert "Riwayat tahap" in text and images >= 3


def test_builtin_engine_reads_no_file(no_chromium: None, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template pointing at a file on disk gets nothing from it: the builtin engine reads no file
    and no network address (everything the report shows is inline)."""
    from intervensi.raster import svg_to_png

    picture = tmp_path / "secret.png"
    picture.write_bytes(svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>'))
    template = tmp_path / "mine.html.j2"
    template.write_text(f'<html><body><h1>{{{{ case.id }}}}</h1><img src="file://{picture}"><img src="{picture}"></body></html>',
                        encoding="utf-8")
    text, images, _ = _pdf_text(render_report(load_case(reference), fmt="pdf", template=template, pdf_engine="builtin"))
    assert "pkh-s-2025" in text
    assert images == 0


def test_a_chromium_that_cannot_print_falls_back_to_builtin(no_chromium: None, reference: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chromium that is found but prints nothing (Ubuntu's snap stub, a missing library):
    ``auto`` prints with the builtin engine; asked for by name, the failure is said."""
    from intervensi.report import ReportError

    stub = tmp_path / "chromium"
    stub.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    stub.chmod(0o755)
    monkeypatch.setenv("INTERVENSI_CHROMIUM", str(stub))
    case = load_case(reference)
    text, _, _ = _pdf_text(render_report(case, fmt="pdf"))
    assert "Stage history" in text
    with pytest.raises(ReportError) as info:
        render_report(case, fmt="pdf", pdf_engine="chromium")
    assert info.value.key == "report_pdf_failed"


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file(), reason="no DejaVu Sans on this machine")
def test_names_in_other_scripts_with_a_system_font(no_chromium: None, cases: Path) -> None:
    case = load_case(cases / "kube-melati-2025.yaml")
    names = ["Đặng Thị Hương", "Сергей Иванов", "Γιώργος"]
    for member, name in zip(case.client.members, names, strict=False):
        member.name = name
    text, _, _ = _pdf_text(render_report(case, fmt="pdf", pdf_engine="builtin"))
    for name in names:
        assert name in text, name


def _fake_chromium(tmp_path: Path) -> tuple[Path, Path]:
    """A 'chromium' on PATH that records being started and prints nothing (a broken install)."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    marker = tmp_path / "chromium-started"
    exe = bin_dir / "chromium"
    exe.write_text(f"#!/bin/sh\n: > '{marker}'\nexit 1\n", encoding="utf-8")
    exe.chmod(0o755)
    return bin_dir, marker


def test_pdf_engine_option_chooses_the_engine(no_chromium: None, reference: Path, tmp_path: Path, run,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """``report --pdf-engine`` picks the engine and wins over INTERVENSI_PDF_ENGINE."""
    bin_dir, marker = _fake_chromium(tmp_path)
    monkeypatch.setenv("PATH", str(bin_dir))
    out = tmp_path / "r.pdf"
    monkeypatch.setenv("INTERVENSI_PDF_ENGINE", "chromium")
    r = run("report", reference, "--format", "pdf", "--pdf-engine", "builtin", "--output", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert not marker.exists()  # no browser was started
    monkeypatch.delenv("INTERVENSI_PDF_ENGINE")
    out.unlink()
    r = run("report", reference, "--format", "pdf", "--pdf-engine", "chromium", "--output", out)
    assert r.exit_code != 0 and marker.exists(), r.output  # asked for by name: no silent switch
    assert "Traceback" not in r.output
    assert not out.exists()
    marker.unlink()
    r = run("report", reference, "--format", "pdf", "--pdf-engine", "auto", "--output", out)
    assert r.exit_code == 0, r.output  # auto: a Chromium that cannot print gives way to the builtin engine
    assert marker.exists() and out.read_bytes().startswith(b"%PDF-")


def test_pdf_engine_option_errors(no_chromium: None, reference: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    for lang, words in (("en", "--pdf-engine builtin"), ("id", "--pdf-engine builtin")):
        r = run("--lang", lang, "report", reference, "--format", "pdf", "--pdf-engine", "chromium", "--output", out)
        assert r.exit_code == 4, r.output  # NOT_FOUND
        assert words in r.stderr, r.stderr
    r = run("report", reference, "--format", "pdf", "--pdf-engine", "weasy", "--output", out)
    assert r.exit_code == 2 and "auto, chromium or builtin" in r.stderr, r.output
    r = run("--lang", "id", "report", reference, "--pdf-engine", "Weasy")  # refused with any format
    assert r.exit_code == 2 and "mesin PDF 'weasy' tidak dikenal" in r.stderr, r.output
    assert not out.exists()


CJK_NAMES = {"zh": "王小明", "ja": "山田 はなこ", "ko": "김민준"}


def test_cjk_names_in_the_builtin_pdf(no_chromium: None, reference: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """Chinese, Japanese and Korean names are set in a CJK font (reportlab's CID fonts), not
    in the Latin font that would print boxes: the text extracts as written, and each script
    has its font in the PDF."""
    import io

    import yaml
    from pypdf import PdfReader

    data = yaml.safe_load(reference.read_text(encoding="utf-8"))
    data["client"]["name"] = CJK_NAMES["zh"]
    data["worker"]["name"] = CJK_NAMES["ja"]  # the worker's and the agency's names are text of the report too
    data["agency"]["name"] = CJK_NAMES["ko"]
    case = tmp_path / "cases" / f"{data['id']}.yaml"
    case.parent.mkdir(exist_ok=True)
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html = render_report(load_case(case), fmt="html").decode("utf-8")
    shown = [n for n in CJK_NAMES.values() if n in html.split("<svg")[0]]
    assert len(shown) >= 2, "the report shows too few of the names"
    out = tmp_path / "cjk.pdf"
    r = run("report", case, "--format", "pdf", "--pdf-engine", "builtin", "--output", out)
    assert r.exit_code == 0, r.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    for name in shown:
        assert _squash(name) in _squash(text), (name, text[:500])
    from intervensi.report.pdf_builtin import CJK_FONTS

    fonts = set()
    for page in reader.pages:
        for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(f.get_object().get("/BaseFont", "")))
    for script, name in CJK_NAMES.items():
        if name in shown:
            assert any(CJK_FONTS[script] in f for f in fonts), (script, fonts)


def test_cjk_runs_pick_the_font_of_their_script() -> None:
    from intervensi.report.pdf_builtin import CJK_FONTS, cjk_script, prepare

    assert cjk_script("王小明") == "zh" and cjk_script("山田 はなこ") == "ja" and cjk_script("김민준") == "ko"
    html = prepare("<html><head><title>王</title></head><body><p title='王'>Nama: 山田 はなこ &amp; 王</p></body></html>")
    assert f'<span style="font-family: {CJK_FONTS["ja"]}">山田 はなこ</span>' in html
    assert f'<span style="font-family: {CJK_FONTS["zh"]}">王</span></p>' in html
    assert "<title>王</title>" in html and "title='王'" in html  # attributes and the title untouched
