"""What a supervisor reads a report for, in every format: forced moves with their unmet
conditions, the plan set against the sessions held, the assessment tools, one-line
"none recorded" sections, headings that match their content, and the sign-off block."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from intervensi.casefile import load_case
from intervensi.report import render_report


def _texts(path: Path, lang: str) -> dict[str, str]:
    """The readable text of the HTML, Markdown and DOCX reports (Markdown unescaped)."""
    import re

    import docx

    case = load_case(path)
    html = re.sub(r"<svg\b.*?</svg>", "", render_report(case, "html", lang=lang).decode(), flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    md = re.sub(r"\\(.)", r"\1", render_report(case, "md", lang=lang).decode())
    doc = docx.Document(io.BytesIO(render_report(case, "docx", lang=lang)))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return {"html": " ".join(html.split()), "md": " ".join(md.split()), "docx": " ".join(" ".join(parts).split())}


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "forced past an unmet gate: goal 'gizi-anak' has no measurable objective"),
    ("id", "dipaksa melewati syarat yang belum terpenuhi: tujuan 'gizi-anak' belum memiliki sasaran terukur"),
])
def test_forced_move_lists_its_unmet_conditions(cases: Path, lang: str, said: str) -> None:
    for fmt, text in _texts(cases / "pkh-m-2025.yaml", lang).items():
        assert said in text, fmt


def test_planned_against_held_and_tools(cases: Path) -> None:
    for fmt, text in _texts(cases / "kube-melati-2025.yaml", "en").items():
        assert "Sessions planned 6" in text.replace("|", "").replace("*", "").replace("  ", " "), fmt
        assert "6 of 6 planned" in text, fmt
        assert "11 h 30 min" in text, fmt
        assert "diskusi kelompok terarah, pemetaan aset kelompok" in text, fmt  # assessment tools


def test_fewer_sessions_than_planned(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from test_report_parity import group_case

    path = group_case(run, tmp_path)
    for fmt, text in _texts(path, "id").items():
        assert "3 dari 8 yang direncanakan" in text, fmt


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_case_just_opened_says_none_recorded_once_per_section(run, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    import re

    from intervensi.report.labels import labels
    from test_report_parity import community_case

    L = labels(lang)
    case = load_case(community_case(run, tmp_path))
    html = render_report(case, "html", lang=lang).decode()
    for sid in ("engagement", "assessment", "needs", "plan", "sessions", "evaluation", "termination"):
        body = re.search(rf'<section id="{sid}">\s*<h2>[^<]*</h2>(.*?)</section>', html, re.S)
        assert body is not None, sid
        assert body.group(1).strip() == f'<p class="muted">{L["none"]}</p>', sid  # no bare headings or table headers
    md = render_report(case, "md", lang=lang).decode()
    sections = re.split(r"^## \d+\. .*$", md, flags=re.M)[2:9]
    assert [s.strip() for s in sections] == [f"_{L['none']}_"] * 7
    import docx

    doc = docx.Document(io.BytesIO(render_report(case, "docx", lang=lang)))
    assert len(doc.tables) == 2  # the identity facts and the sign-off block
    assert sum(p.text == L["none"] for p in doc.paragraphs) == 7
    assert not any(p.style.name == "Heading 2" for p in doc.paragraphs)


def test_worker_line_does_not_repeat_itself(cases: Path) -> None:
    for fmt, text in _texts(cases / "pkh-s-2025.yaml", "id").items():
        assert "Praktikan PKL (mahasiswa praktik kerja lapangan)" in text, fmt
        assert "(praktikan (" not in text, fmt
    for fmt, text in _texts(cases / "keluarga-h-2025.yaml", "en").items():
        assert "Konselor Keluarga (pekerja sosial)" in text, fmt


def test_current_stage_heads_only_the_current_stage(cases: Path) -> None:
    """'Tahap saat ini' (current stage) labels the case's stage once, never a column of moves."""
    for fmt, text in _texts(cases / "pkh-s-2025.yaml", "id").items():
        assert text.count("Tahap saat ini") == 1, fmt


@pytest.mark.parametrize("lang", ["en", "id"])
def test_signoff_block_in_every_format(cases: Path, lang: str) -> None:
    from intervensi.report.labels import labels

    L = labels(lang)
    for fmt, text in _texts(cases / "kube-melati-2025.yaml", lang).items():
        at = text.find(L["signoff"])
        assert at > text.find(L["history"]) > 0, fmt  # the last part, after the history
        block = text[at:]
        assert L["prepared_by"] in block and "Pekerja Sosial Dinsos" in block, fmt
        assert L["reviewed_by"] in block and "Kepala Bidang Pemberdayaan Sosial" in block, fmt
        assert block.count("_" * 18) >= 4, fmt  # a date and a signature line each


def test_init_supervisor_and_the_case_override(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    import docx

    ws = tmp_path / "ws"
    assert run("init", ws, "--worker", "Rina", "--supervisor", "Ibu Kartini").exit_code == 0
    assert tomllib.loads((ws / "intervensi.toml").read_text())["worker"]["supervisor"] == "Ibu Kartini"
    monkeypatch.chdir(ws)
    assert run("new-case", "rw-1", "-p", "community_organization", "-c", "Warga").exit_code == 0
    r = run("report", "rw-1", "-f", "md")
    assert r.exit_code == 0 and "| Ibu Kartini |" in r.stdout
    assert run("report", "rw-1", "--care-plan", "-f", "md").stdout.count("Ibu Kartini") == 1
    assert run("worker", "change", "rw-1", "--supervisor", "Pak Budi").exit_code == 0
    r = run("report", "rw-1", "-f", "docx", "-o", tmp_path / "r.docx")
    assert r.exit_code == 0, r.output
    cells = [c.text for t in docx.Document(str(tmp_path / "r.docx")).tables for row in t.rows for c in row.cells]
    assert "Pak Budi" in cells and "Ibu Kartini" not in cells


def test_no_supervisor_known_leaves_a_line_to_fill(cases: Path) -> None:
    case = load_case(cases / "pkh-s-2025.yaml")
    md = render_report(case, "md").decode()
    row = next(line for line in md.splitlines() if line.startswith("| Reviewed by"))
    assert row.count("\\_" * 18) == 3  # name, date and signature to write by hand


def test_docx_carries_corrections_endings_and_recorded_dates(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from test_report_parity import group_case

    text = _texts(group_case(run, tmp_path), "en")["docx"]
    assert "changed intervention.sessions#3 (fields: title)" in text and "judul salah ketik" in text  # the correction
    assert "Earlier terminations" in text and "25 February 2026 — client-initiated: kelompok berhenti sementara" in text
    assert "(ended early; by tester). Reason: kelompok berhenti sementara. Kind: client-initiated. recorded on" in text
    assert "Kelompok masih menabung" in text  # the monitoring check
