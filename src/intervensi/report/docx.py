"""Word reports with python-docx: headings, tables, and the diagrams and charts as pictures.

python-docx writes every run's text as XML text, so user text cannot become markup.
A ``.docx`` passed as template lends its styles (headings, tables, fonts): its body is
cleared and the report written into it. Pictures are PNG, rasterised from our SVG.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..i18n import stage_label
from .data import ReportData
from .labels import format_date, value_label

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _txt(v: Any) -> str:
    """Text fit for Word XML: control characters (invalid in XML) dropped."""
    return "" if v is None else _CTRL.sub("", str(v))


def _png(svg: str) -> bytes:
    from ..raster import svg_to_png

    return svg_to_png(svg)  # sizes in pt (Graphviz writes them) are turned into px there


_UNIT_CM = {"": 2.54 / 96, "px": 2.54 / 96, "pt": 2.54 / 72, "in": 2.54, "cm": 1.0, "mm": 0.1}


def _natural_cm(svg: str) -> float | None:
    """The width an SVG asks for (its root ``width``), in centimetres; None when it does not say."""
    head = svg.partition(">")[0]
    m = re.search(r'\swidth="([\d.]+)\s*(px|pt|in|cm|mm)?"', head)
    if m is None:
        return None
    return float(m.group(1)) * _UNIT_CM[m.group(2) or ""]


def render_docx(data: ReportData, kind: str = "report", template: Path | None = None) -> bytes:
    import docx
    from docx.shared import Cm

    doc = docx.Document(str(template)) if template is not None and template.suffix == ".docx" else docx.Document()
    if template is not None and template.suffix == ".docx":
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    from .. import numfmt

    c, L, lang, ev = data.case, data.L, data.lang, data.ev

    def d(v: Any) -> str:
        return format_date(v, lang)

    def facts(rows: list[tuple[str, Any]]) -> None:
        rows = [(k, v) for k, v in rows if v not in (None, "", [])]
        if not rows:
            return
        t = doc.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for k, v in rows:
            cells = t.add_row().cells
            cells[0].text = _txt(k)
            cells[1].text = _txt(v)
            for run in cells[0].paragraphs[0].runs:
                run.bold = True

    def table(head: list[str], rows: list[list[Any]]) -> None:
        if not rows:  # no bare header row: the caller says "none recorded" where it matters
            return
        t = doc.add_table(rows=1, cols=len(head))
        t.style = "Table Grid"
        for i, h in enumerate(head):
            t.rows[0].cells[i].text = _txt(h)
            for run in t.rows[0].cells[i].paragraphs[0].runs:
                run.bold = True
        for r in rows:
            cells = t.add_row().cells
            for i, v in enumerate(r):
                cells[i].text = _txt(v)

    def bullets(items: list[Any]) -> None:
        for it in items:
            doc.add_paragraph(_txt(it), style="List Bullet")

    def picture(svg: str | None, width_cm: float = 16, note: str | None = None) -> None:
        if svg:
            # its own size on the page, up to the text width: a small genogram is not blown up
            natural = _natural_cm(svg)
            doc.add_picture(io.BytesIO(_png(svg)), width=Cm(min(width_cm, natural) if natural else width_cm))
        else:
            doc.add_paragraph().add_run(_txt(note or L["diagram_missing"])).italic = True

    from . import rows as R
    from .text import _environment

    env = _environment("md", [], lang)  # its num/pct/signed/date filters: the figures as HTML and Markdown print them

    title = L["care_plan_title"] if kind == "care-plan" else L["report_title"]
    doc.add_heading(_txt(f"{title}: {c.id if data.anonymised else (c.title or c.id)}"), level=0)
    doc.add_paragraph(_txt(f"{L['case_id']} {c.id} · {L['generated']} {d(data.generated)}"))
    if data.anonymised:
        doc.add_heading(_txt(L["anonymised"]), level=1)
        doc.add_paragraph(_txt(L["removed_note"]))
        doc.add_paragraph(_txt(L["removed"] + ":"))
        bullets(data.removed or [L["none"]])

    def none() -> None:
        doc.add_paragraph().add_run(_txt(L["none"])).italic = True

    def h(text: str, level: int = 2) -> None:
        doc.add_heading(_txt(text), level=level)

    def signoff(client: bool = False) -> None:
        h(L["signoff"], 1)
        doc.add_paragraph(_txt(L["signoff_note"]))
        table(["", L["name"], L["date"], L["signature"]], R.signoff_rows(env, c, data.supervisor, L, client=client))

    if kind == "care-plan":
        _care_plan_head(doc, data, facts)
        h(L["plan"], 1)
        _goals(doc, data, env, h, facts, table)
        signoff(client=True)
        return _save(doc)

    h(L["identity"], 1)
    cl = c.client
    facts([
        (L["client"], cl.name), (L["client_kind"], value_label("client", cl.kind, lang)), (L["sex"], value_label("sex", cl.sex, lang)),
        (L["age"], data.ages.get("__client__")),
        *([] if data.anonymised else [(L["born"], d(cl.born)), (L["address"], cl.address)]),
        (L["region"], cl.region), (L["programmes"], ", ".join(cl.programmes)), (L["description"], cl.description),
        (L["level"], value_label("level", c.level, lang)), (L["practice"], value_label("practice", c.practice, lang)),
        (L["strategy"], value_label("strategy", c.strategy, lang) if c.strategy else None),
        (L["stage"], stage_label(c.stage, lang)), (L["opened"], d(c.opened)),
        (L["worker"], R.worker_line(c.worker)),
        (L["supervisor"], c.worker.supervisor if c.worker else None),
        (L["agency"], (c.agency.name + (f", {c.agency.unit}" if c.agency.unit else "")) if c.agency else None),
    ])
    if cl.members:
        table(*R.member_table(env, cl.members, data.ages, L, lang, group=cl.kind == "group"))

    e = c.engagement
    h(L["engagement"], 1)
    if e is not None and R.recorded(e):
        facts([(L["first_contact"], d(e.first_contact)), (L["referral_source"], e.referral_source),
               (L["presenting_problem"], e.presenting_problem), (L["client_words"], e.client_words), (L["approach"], e.approach)])
        if e.observations:
            h(L["observations"], 2)
            bullets(e.observations)
        if e.contract is not None and R.recorded(e.contract):
            k = e.contract
            h(L["contract"], 2)
            facts([(L["focus"], "; ".join(k.focus)), (L["frequency"], k.frequency), (L["length"], k.length), (L["agreed"], d(k.agreed)),
                   (L["period"], f"{d(k.start)} – {d(k.end)}" if k.start else None)])
            if k.roles:
                table([L["party"], L["role"]], [R.role_row(env, r) for r in k.roles])
    else:
        none()
    a = c.assessment
    h(L["assessment"], 1)
    if a is not None and R.recorded(a):
        facts([(L["date"], d(a.date)), (L["tools"], ", ".join(a.tools)), (L["summary"], a.summary)])
        h(L["genogram"], 2)
        picture(data.genogram, note=data.diagram_notes.get("genogram"))
        h(L["ecomap"], 2)
        picture(data.ecomap, note=data.diagram_notes.get("ecomap"))
    else:
        none()
    h(L["needs_strengths"], 1)
    if a and (a.needs or a.strengths or a.risks):
        if a.needs:
            h(L["needs"], 2)
            table(["id", L["needs"], L["area"]], [R.need_row(env, n, lang) for n in a.needs])
        if a.strengths:
            h(L["strengths"], 2)
            bullets([R.strength_text(env, s, lang) for s in a.strengths])
        if a.risks:
            h(L["risks"], 2)
            bullets([R.risk_text(env, r, lang) for r in a.risks])
    else:
        none()

    h(L["plan"], 1)
    if c.planning is not None and R.recorded(c.planning):
        facts([(L["date"], d(c.planning.date)), (L["schedule"], c.planning.schedule)])
    else:
        none()
    _goals(doc, data, env, h, facts, table)

    h(L["sessions"], 1)
    facts(R.plan_vs_held(env, c, L, lang))
    if c.sessions:
        table([L["date"], L["kind"], L["title"], L["activities"], L["goals"], L["notes"]], [R.session_row(env, s, lang) for s in c.sessions])
    else:
        none()
    if data.attendance:
        h(L["attendance"], 2)
        table([L["meeting"], L["date"], L["kind"], L["title"], L["present"], L["rate"]], [R.meeting_row(env, m, lang) for m in data.attendance])

    h(L["evaluation"], 1)
    if not (ev.goals or ev.objectives or data.attendance_chart or R.recorded(c.evaluation) or (c.monitoring and c.monitoring.checks)):
        none()
    if ev.goals:
        doc.add_paragraph(_txt(f"{L['t_score']}: " + (numfmt.t_score(ev.t_score, lang) if ev.t_score is not None else L["t_none"])))
        doc.add_paragraph(_txt(L["t_note"].replace("{rho}", numfmt.number(ev.rho, lang))))
    table([L["goal"], L["weight"], L["score"], L["meaning"]], [R.attainment_row(env, g) for g in ev.goals])
    table([L["indicator"], L["baseline"], L["target"], L["latest"], L["progress"], L["nap"]], [R.progress_row(env, o) for o in ev.objectives])
    if data.charts or data.attendance_chart:
        h(L["charts"], 2)
        if ev.phase_change and data.charts:
            doc.add_paragraph(_txt(L["phase_note"].replace("{date}", d(ev.phase_change))))
        for o in ev.objectives:
            picture(data.charts[o.id], 15)
        if data.attendance_chart:
            picture(data.attendance_chart, 15)
    if c.evaluation:
        if c.evaluation.changed:
            h(L["changed"], 2)
            bullets(c.evaluation.changed)
        if c.evaluation.unchanged:
            h(L["unchanged"], 2)
            bullets(c.evaluation.unchanged)
        if c.evaluation.summary:
            doc.add_paragraph(_txt(c.evaluation.summary))
    if c.monitoring and c.monitoring.checks:
        h(L["monitoring"], 2)
        table([L["date"], L["notes"], L["holding"]], [R.check_row(env, x, L, lang) for x in c.monitoring.checks])

    h(L["termination"], 1)
    tm = c.termination
    if tm is not None and R.recorded(tm):
        facts([(L["date"], d(tm.date)), (L["kind"], value_label("termination", tm.kind, lang)), (L["summary"], tm.summary),
               (L["follow_up"], tm.follow_up)])
        if tm.sustainability:
            h(L["sustainability"], 2)
            bullets(tm.sustainability)
        if tm.referrals:
            h(L["referrals"], 2)
            bullets([R.referral_text(env, r, lang) for r in tm.referrals])
    else:
        none()
    if c.earlier_terminations:
        h(L["earlier_terminations"], 2)
        bullets([R.earlier_text(env, t, lang) for t in c.earlier_terminations])

    h(L["history"], 1)
    for x in c.history:
        doc.add_paragraph(_txt(R.history_text(env, x, L, lang)), style="List Number")
    if c.amendments:
        h(L["amendments"], 2)
        bullets([R.amendment_text(env, x, L, lang) for x in c.amendments])
    signoff()
    return _save(doc)


def _care_plan_head(doc: Any, data: ReportData, facts: Any) -> None:
    c, L, lang = data.case, data.L, data.lang
    from ..i18n import stage_label

    k = c.engagement.contract if c.engagement else None
    facts([(L["client"], c.client.name), (L["worker"], c.worker.name if c.worker else None),
           (L["agency"], c.agency.name if c.agency else None), (L["stage"], stage_label(c.stage, lang)),
           *([(L["focus"], "; ".join(k.focus)), (L["frequency"], k.frequency), (L["length"], k.length)] if k else []),
           (L["schedule"], c.planning.schedule if c.planning else None)])


def _goals(doc: Any, data: ReportData, env: Any, h: Any, facts: Any, table: Any) -> None:
    from . import rows as R

    c, L, lang = data.case, data.L, data.lang
    for i, g in enumerate(c.goals, 1):
        h(f"{L['goal']} {i}: {g.text}", 2)
        facts([(L["answers_needs"], ", ".join(g.needs)), (L["weight"], R._f(env, "num", g.weight) if g.weight else None)])
        if g.objectives:
            table([L["indicator"], L["baseline"], L["target"], L["due"]], [R.objective_row(env, o, lang) for o in g.objectives])
        if g.activities:
            table([L["activities"], L["who"], L["when"]], [R.activity_row(env, x) for x in g.activities])
        if g.gas:
            table([L["score"], L["gas_levels"]], R.gas_rows(env, g.gas))


def _save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
