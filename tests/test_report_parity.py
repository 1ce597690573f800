"""Every report format carries the same facts.

Each bundled case, a group-work case and a community case generated with the commands
(the community case just opened; the group with members, one of whom left, attendance, a
forced move, a correction, a monitoring check, an early ending and a reopening), in both
languages, is rendered as HTML, Markdown, DOCX (read back with python-docx) and PDF (the builtin engine, text read with pypdf). From each we read the
section headings, the rows of every table and list, the labelled facts and every figure
(:mod:`report_facts`), and compare them with the HTML report's: a section, a row, a fact or
a figure that one format leaves out fails here. The care plan is compared the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intervensi.casefile import load_case
from intervensi.report import render_report
from report_facts import Facts, all_figures, facts, pdf_text

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (ROOT / "cases").glob("*.yaml"))


def _ok(r) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == 0, r.output


def group_case(run, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A group-work case made with the commands: members (one left), attended meetings, a forced
    move, a correction, a monitoring check, an early ending and a reopening."""
    _ok(run("new-case", "kelompok-x-2026", "--practice", "group_work", "--client", "Kelompok Mawar", "--opened", "2026-01-05",
            "--worker", "Rina", "--dir", folder))
    path = folder / "kelompok-x-2026.yaml"
    for ident, name, joined, left in (("m1", "Ibu Satu", "2025-01-01", None), ("m2", "Ibu Dua", "2025-01-01", "2026-02-01"),
                                      ("m3", "Ibu Tiga", "2026-01-15", None)):
        args = ["member", "add", path, name, "--id", ident, "--role", "anggota", "--joined", joined]
        _ok(run(*args, *(["--left", left] if left else [])))
    _ok(run("contract", path, "--frequency", "weekly", "--length", "8 weeks", "--sessions", "8"))
    _ok(run("advance", path, "--force", "--reason", "kelompok sudah siap", "--at", "2026-01-09"))
    for day, present in (("2026-01-12", ["m1", "m2"]), ("2026-01-26", ["m1", "m2", "m3"]), ("2026-02-09", ["m1", "m3"])):
        args = ["session", "add", path, "--date", day, "--kind", "group_meeting", "--title", f"Pertemuan {day}"]
        for m in present:
            args += ["--attended", m]
        _ok(run(*args))
    # a correction, a monitoring check, an early ending (its kind and reason) and a reopening
    # (an earlier termination), all dated after the fact (the history's "recorded" dates)
    _ok(run("session", "change", path, "3", "--title", "Pertemuan ketiga", "--reason", "judul salah ketik"))
    _ok(run("monitoring-check", "add", path, "Kelompok masih menabung", "--date", "2026-02-20", "--holding"))
    _ok(run("end-case", path, "--kind", "client_initiated", "--reason", "kelompok berhenti sementara", "--date", "2026-02-25",
            "--at", "2026-02-25"))
    _ok(run("reopen", path, "--reason", "kelompok aktif lagi", "--at", "2026-03-10"))
    return path


def community_case(run, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A community (macro) case just opened: nearly every section has nothing recorded yet."""
    _ok(run("new-case", "rw-05-2026", "--practice", "community_organization", "--client", "Warga RW 05", "--opened", "2026-03-02",
            "--worker", "Rina", "--dir", folder))
    return folder / "rw-05-2026.yaml"


def _rendered(path: Path, lang: str, kind: str = "report") -> dict[str, bytes]:
    case = load_case(path)
    out = {}
    for fmt in ("html", "md", "docx", "pdf"):
        out[fmt] = render_report(case, fmt=fmt, lang=lang, kind=kind, pdf_engine="builtin")
    return out


def _compare(html: Facts, other: Facts, fmt: str) -> None:
    assert other.names == html.names, f"{fmt}: sections differ"
    for s in html.sections:
        o = other.section(s.name)
        assert o.blocks == s.blocks, f"{fmt}: rows of the tables and lists of '{s.name}'"
        assert sorted(o.keys) == sorted(s.keys), f"{fmt}: labelled facts of '{s.name}'"
        assert o.figures == s.figures, f"{fmt}: figures of '{s.name}': missing {dict(s.figures - o.figures)}, extra {dict(o.figures - s.figures)}"


def _compare_pdf(html: Facts, pdf: str) -> None:
    """The PDF is the HTML printed: every section heading, in order, and every figure of the HTML."""
    from report_facts import figures

    at = 0
    flat = " ".join(pdf.split())
    for name in html.names[1:]:
        found = flat.find(" ".join(name.split()), at)
        assert found >= 0, f"pdf: section '{name}' missing or out of order"
        at = found
    missing = all_figures(html) - figures(flat)
    assert not missing, f"pdf: figures missing {dict(missing)}"


def _check(path: Path, lang: str, kind: str = "report") -> Facts:
    out = _rendered(path, lang, kind)
    html = facts(out["html"], "html")
    for fmt in ("md", "docx"):
        _compare(html, facts(out[fmt], fmt), fmt)
    _compare_pdf(html, pdf_text(out["pdf"]))
    return html


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_case_same_facts_in_every_format(cases: Path, name: str, lang: str) -> None:
    html = _check(cases / f"{name}.yaml", lang)
    assert len(html.names) >= 10  # the header and nine sections


@pytest.mark.parametrize("lang", ["en", "id"])
def test_generated_group_case_same_facts(run, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    _check(group_case(run, tmp_path), lang)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_generated_community_case_same_facts(run, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    _check(community_case(run, tmp_path), lang)


@pytest.mark.parametrize("name", ["pkh-s-2025", "kube-melati-2025"])
def test_care_plan_same_facts(cases: Path, name: str) -> None:
    _check(cases / f"{name}.yaml", "id", kind="care-plan")


def test_extractor_sees_a_missing_row(cases: Path) -> None:
    """The comparison can fail: a Markdown report with one session row cut out differs."""
    out = _rendered(cases / "pkh-s-2025.yaml", "en")
    md = out["md"].decode()
    cut = "\n".join(line for line in md.splitlines() if "Minggu 5" not in line)
    with pytest.raises(AssertionError, match="rows"):
        _compare(facts(out["html"], "html"), facts(cut.encode(), "md"), "md")
