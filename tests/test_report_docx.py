"""The reference case's DOCX report, opened as an office would open it.

Always: read back with python-docx — the sections are real Word headings, in order, and
the genogram, the ecomap and both AB charts are inline pictures (PNG) right under their
headings, no wider than the text. When LibreOffice is installed
(``tests/setup/libreoffice.py``): converted headless to PDF (it opens and prints) and to
ODT, where LibreOffice's own reading has the same headings and the four pictures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from intervensi.report.labels import labels

SECTIONS = ["identity", "engagement", "assessment", "needs_strengths", "plan", "sessions", "evaluation", "termination", "history", "signoff"]
PICTURES_UNDER = ["genogram", "ecomap"]  # heading keys followed by a picture
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
XLINK = "http://www.w3.org/1999/xlink"


def _docx(run, reference: Path, tmp_path: Path, lang: str) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / f"report-{lang}.docx"
    r = run("report", reference, "--format", "docx", "--lang", lang, "--output", out)
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_docx_read_back(run, reference: Path, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.shared import Cm

    L = labels(lang)
    doc = docx.Document(str(_docx(run, reference, tmp_path, lang)))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [L[k] for k in SECTIONS]
    assert doc.paragraphs[0].style.name == "Title"

    # every picture: an inline PNG no wider than the text; the diagrams right under their heading
    paragraphs = doc.paragraphs
    pictured = [i for i, p in enumerate(paragraphs) if p._p.findall(f".//{W}drawing")]
    assert len(pictured) == 4  # genogram, ecomap, two charts
    for key in PICTURES_UNDER:
        at = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading") and p.text == L[key])
        assert at + 1 in pictured, f"no picture under {L[key]}"
    assert len(doc.inline_shapes) == 4
    widths = [s.width for s in doc.inline_shapes]
    assert all(0 < w <= Cm(16) + 1 for w in widths)
    assert widths[0] < widths[1], "a small genogram should not be blown up to the ecomap's width"
    for rel in doc.part.rels.values():
        if "image" in rel.reltype:
            assert rel.target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert ("Tiga langkah usaha" in text) and ("+1" in text)  # a GAS score shown with its meaning


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _convert(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    cmd = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    out = outdir / (src.stem + "." + fmt)
    assert out.is_file() and out.stat().st_size > 0, (proc.returncode, proc.stdout, proc.stderr)
    return out


@pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice (tests/setup/libreoffice.py installs it)")
def test_docx_opens_in_libreoffice(run, reference: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _docx(run, reference, tmp_path, "id")
    profile = tmp_path / "lo-profile"
    pdf = _convert(src, "pdf", tmp_path / "out", profile)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 4, pages

    odt = _convert(src, "odt", tmp_path / "out", profile)
    with zipfile.ZipFile(odt) as z:
        root = ET.fromstring(z.read("content.xml"))
        heads = {(h.get(f"{{{TEXT}}}outline-level"), "".join(h.itertext()).strip()) for h in root.iter(f"{{{TEXT}}}h")}
        L = labels("id")
        for k in SECTIONS:
            assert ("1", L[k]) in heads, L[k]
        for k in PICTURES_UNDER:
            assert ("2", L[k]) in heads, L[k]
        images = [im.get(f"{{{XLINK}}}href") for im in root.iter(f"{{{DRAW}}}image")]
        assert len(images) == 4
        for href in images:
            assert href and len(z.read(href)) > 1000, href
