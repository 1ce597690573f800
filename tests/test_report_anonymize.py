"""Anonymised reports of every bundled case carry no name and no birth date from the source."""

from __future__ import annotations

import html as htmllib
import io
import re
from pathlib import Path

import pytest

pytest.importorskip("intervensi.anonymize")

from intervensi.casefile import load_case
from intervensi.report import render_report

BUNDLED = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))


def _secrets(path: Path) -> list[str]:
    """Every name and birth date written in the source file."""
    case = load_case(path)
    out: list[str] = [case.client.name]
    borns = [case.client.born] + [m.born for m in case.client.members]
    out += [m.name for m in case.client.members]
    if case.assessment and case.assessment.genogram:
        out += [p.name for p in case.assessment.genogram.people if p.name]
        borns += [p.born for p in case.assessment.genogram.people]
    for b in borns:
        if b is not None and not isinstance(b, int):
            out += [b.isoformat(), f"{b.day} "]  # the ISO date, and checked as a formatted date below
    return [s for s in out if s]


def _visible(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


# The report's own vocabulary for single-system design phases ("A (baseline)", "NAP (A→B)")
# is not a person: a child recorded only as "A" must not make the scan flag it.
PHASE_LABELS = re.compile(r"(?:Phase|Fase) [AB]\b|A \(baseline\)|B \(interven(?:tion|si)\)|\\?\(A→B\\?\)")  # Markdown escapes the brackets


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_no_name_or_birth_date_leaks(path: Path) -> None:
    case = load_case(path)
    outputs = {
        "html": _visible(render_report(case, "html", anonymize=True).decode()),
        "md": render_report(case, "md", anonymize=True).decode(),
        "care-plan": _visible(render_report(case, "html", anonymize=True, kind="care-plan").decode()),
    }
    import docx

    doc = docx.Document(io.BytesIO(render_report(case, "docx", anonymize=True)))
    outputs["docx"] = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    secrets = _secrets(path)
    born = [b for b in [case.client.born, *(p.born for p in (case.assessment.genogram.people if case.assessment and case.assessment.genogram else []))]
            if b is not None and not isinstance(b, int)]
    for fmt, text in outputs.items():
        text = PHASE_LABELS.sub(" ", text)
        for s in secrets:
            if s.endswith(" ") and s[:-1].isdigit():
                continue
            assert not re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text), f"{fmt}: a name or birth date from {path.name} leaks"
        for b in born:
            from intervensi.report.labels import format_date

            for lang in ("en", "id"):
                assert format_date(b, lang) not in text, f"{fmt}: a birth date leaks"
    assert "Left out or replaced for anonymity" in outputs["html"]


def test_pseudonyms_stable(reference: Path) -> None:
    case = load_case(reference)
    a = render_report(case, "md", anonymize=True).decode()
    b = render_report(case, "md", anonymize=True).decode()
    assert a == b
