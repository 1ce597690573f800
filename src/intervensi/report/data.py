"""What a report says, gathered from one case: :class:`ReportData` and :func:`collect`.

The facts, the evaluation, the diagrams and charts as SVG, in the reader's language and,
with ``anonymize``, with every name replaced. The formats (:mod:`.text` for HTML and
Markdown, :mod:`.docx`, :mod:`.pdf`) only lay these out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import EngineFailed, IntervensiError
from .labels import labels

if TYPE_CHECKING:
    from ..anonymize import Anonymizer
    from ..attendance import Meeting
    from ..evaluation import CaseEvaluation
    from ..model import Case


FORMATS = ("html", "md", "docx", "pdf")
KINDS = ("report", "care-plan")


@dataclass
class ReportData:
    """Everything a template sees (besides the filters)."""

    case: Case
    ev: CaseEvaluation
    lang: str
    L: dict[str, str]
    anonymised: bool = False
    removed: list[str] = field(default_factory=list)
    ages: dict[str, int] = field(default_factory=dict)
    genogram: str | None = None
    ecomap: str | None = None
    charts: dict[str, str] = field(default_factory=dict)
    generated: dt.date = field(default_factory=dt.date.today)
    #: How many of each kind were removed (``name``, ``phone``, ``place``, ...; see ``anonymize.COUNT_KINDS``).
    removed_counts: dict[str, int] = field(default_factory=dict)
    diagram_notes: dict[str, str] = field(default_factory=dict)  # why a diagram is not drawn
    #: Sessions with an attendance list (groups), in date order: present of members on that date.
    attendance: list[Meeting] = field(default_factory=list)
    attendance_chart: str | None = None  # the rate over time, when any session records attendance
    #: Who signs as supervisor: the case's ``worker.supervisor``, else the workspace's (``init --supervisor``).
    supervisor: str | None = None
    #: Markdown: the folder (relative to the report) holding its pictures, see :mod:`intervensi.report.files`;
    #: ``None`` when rendered without files (each picture is then a one-line note).
    pictures: str | None = None

    def as_context(self) -> dict[str, Any]:
        return {
            "case": self.case, "ev": self.ev, "lang": self.lang, "L": self.L, "anonymised": self.anonymised,
            "removed": self.removed, "ages": self.ages, "genogram": self.genogram, "ecomap": self.ecomap,
            "charts": self.charts, "generated": self.generated, "removed_counts": self.removed_counts,
            "diagram_notes": self.diagram_notes, "attendance": self.attendance, "attendance_chart": self.attendance_chart,
            "supervisor": self.supervisor, "pictures": self.pictures,
        }


class ReportError(IntervensiError):
    key = "report"


class PdfFailed(ReportError, EngineFailed):
    """The PDF engine ran and failed (or timed out) on this report (exit 13)."""

    key = "report_pdf_failed"


def _age(born: int | dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    if isinstance(born, int):
        return on.year - born
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def clean_svg(svg: bytes | str, prefix: str | None = None) -> str:
    """An SVG document made fit to inline in HTML: no XML declaration, DOCTYPE or comments.

    Inline SVGs share the page's id namespace (Graphviz names a genogram's group
    ``genogram`` and both diagrams have a ``legend``), so with ``prefix`` every ``id`` and
    every reference to one (``url(#x)``, ``href="#x"``) becomes ``prefix-x``: one id, one element.
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    if prefix:
        text = re.sub(r'(\sid=")([^"]*)"', lambda m: f'{m.group(1)}{prefix}-{m.group(2)}"', text)
        text = re.sub(r"url\(#([^)]*)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
        text = re.sub(r'(href=")#([^"]*)"', lambda m: f'{m.group(1)}#{prefix}-{m.group(2)}"', text)
    return text.strip()


def _diagrams(case: Case, lang: str) -> tuple[str | None, str | None, dict[str, str]]:
    """The two diagrams as SVG text, and for each one not drawn a sentence saying why
    (what is missing and how to add it, or why drawing failed) in ``lang``."""
    try:
        from ..diagrams import render_ecomap, render_genogram  # type: ignore[attr-defined]
    except ImportError:
        return None, None, {}
    from ..i18n import has, t

    out: dict[str, str | None] = {}
    notes: dict[str, str] = {}
    for which, render in (("genogram", render_genogram), ("ecomap", render_ecomap)):
        out[which] = None
        try:
            out[which] = clean_svg(render(case, fmt="svg", lang=lang), prefix=which)
        except IntervensiError as exc:  # nothing to draw yet, or Graphviz failed: say which
            key = f"err.{exc.key}"
            notes[which] = t(key, lang, **exc.params_in(lang)) if has(key) else exc.message
    return out["genogram"], out["ecomap"], notes


def collect(case: Case, lang: str = "en", anonymize: bool = False, rho: float = 0.3, key: bytes | str | None = None,
            anonymizer: Anonymizer | None = None, supervisor: str | None = None) -> ReportData:
    """Evaluate, anonymise (when asked; with ``anonymizer`` when given) and draw: the data every format renders.

    ``supervisor``: who signs as supervisor when the case names none (the workspace's
    ``[worker] supervisor``); the case's own ``worker.supervisor`` wins. Not used in an
    anonymised report (the line is left to fill by hand).
    """
    from ..charts import ab_chart_svg
    from ..evaluation import evaluate

    on = case.opened
    ages: dict[str, int] = {}
    if case.assessment and case.assessment.genogram:
        for p in case.assessment.genogram.people:
            age = _age(p.born, on)
            if age is not None:
                ages[p.id] = age
    for m in case.client.members:
        age = _age(m.born, on)
        if age is not None:
            ages.setdefault(m.id, age)
    client_age = case.client.age if case.client.age is not None else _age(case.client.born, on)
    if client_age is not None:
        ages["__client__"] = client_age
    removed: list[str] = []
    counts: dict[str, int] = {}
    if anonymize:
        try:
            from ..anonymize import Anonymizer  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise ReportError("anonymisation is not available in this installation", key="report_no_anonymizer") from exc
        anon = anonymizer if anonymizer is not None else Anonymizer(key=key, lang=lang)
        done = anon.anonymise(case)
        case, removed = done.case, list(done.removed)
        # Ages were keyed by the old ids (which may hold names): key them by the new ones.
        ages = {done.ids.get(k, k): v for k, v in ages.items()}
        counts = {k: v for k, v in done.counts.items() if v}
        from ..anonymize import summary

        removed.insert(0, summary(counts, lang))
    ev = evaluate(case, rho=rho, lang=lang)  # a goal without level texts reads its standard level name
    gen, eco, notes = _diagrams(case, lang)
    charts = {o.id: ab_chart_svg(o, lang=lang) for o in ev.objectives}
    from ..attendance import attendance, attendance_chart_svg

    meetings = attendance(case)
    return ReportData(case=case, ev=ev, lang=lang, L=labels(lang), anonymised=anonymize, removed=removed,
                      ages=ages, genogram=gen, ecomap=eco, charts=charts, removed_counts=counts, diagram_notes=notes,
                      attendance=meetings, attendance_chart=attendance_chart_svg(meetings, lang) if meetings else None,
                      supervisor=(case.worker.supervisor if case.worker else None) or (None if anonymize else supervisor))


# --------------------------------------------------------------------------- templates
