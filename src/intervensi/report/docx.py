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

from . import ReportData
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

    def _n(v: float | None) -> str:  # a measurement, baseline, target or weight, as recorded
        return numfmt.measure(v, lang)

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

    title = L["care_plan_title"] if kind == "care-plan" else L["report_title"]
    doc.add_heading(_txt(f"{title}: {c.id if data.anonymised else (c.title or c.id)}"), level=0)
    doc.add_paragraph(_txt(f"{L['case_id']} {c.id} · {L['generated']} {d(data.generated)}"))
    if data.anonymised:
        doc.add_heading(_txt(L["anonymised"]), level=1)
        doc.add_paragraph(_txt(L["removed_note"]))
        doc.add_paragraph(_txt(L["removed"] + ":"))
        bullets(data.removed or [L["none"]])

    doc.add_heading(_txt(L["identity"]), level=1)
    cl = c.client
    facts([
        (L["client"], cl.name), (L["client_kind"], value_label("client", cl.kind, lang)), (L["sex"], value_label("sex", cl.sex, lang)),
        (L["age"], data.ages.get("__client__")),
        *([] if data.anonymised else [(L["born"], d(cl.born)), (L["address"], cl.address)]),
        (L["region"], cl.region), (L["programmes"], ", ".join(cl.programmes)),
        (L["level"], value_label("level", c.level, lang)), (L["practice"], value_label("practice", c.practice, lang)),
        (L["stage"], value_label("stage", c.stage, lang)), (L["opened"], d(c.opened)),
        (L["worker"], c.worker.name if c.worker else None), (L["agency"], c.agency.name if c.agency else None),
    ])

    if kind != "care-plan":
        e = c.engagement
        doc.add_heading(_txt(L["engagement"]), level=1)
        if e:
            facts([(L["first_contact"], d(e.first_contact)), (L["referral_source"], e.referral_source),
                   (L["presenting_problem"], e.presenting_problem), (L["client_words"], e.client_words), (L["approach"], e.approach)])
            if e.contract:
                k = e.contract
                doc.add_heading(_txt(L["contract"]), level=2)
                facts([(L["focus"], "; ".join(k.focus)), (L["frequency"], k.frequency), (L["length"], k.length), (L["agreed"], d(k.agreed)),
                       (L["period"], f"{d(k.start)} – {d(k.end)}" if k.start else None)])
                if k.roles:
                    table([L["party"], L["role"]], [[r.party, r.role] for r in k.roles])
        a = c.assessment
        doc.add_heading(_txt(L["assessment"]), level=1)
        if a:
            facts([(L["date"], d(a.date)), (L["summary"], a.summary)])
            doc.add_heading(_txt(L["genogram"]), level=2)
            picture(data.genogram, note=data.diagram_notes.get("genogram"))
            doc.add_heading(_txt(L["ecomap"]), level=2)
            picture(data.ecomap, note=data.diagram_notes.get("ecomap"))
            doc.add_heading(_txt(L["needs_strengths"]), level=1)
            table(["id", L["needs"], L["area"]], [[n.id, n.text, value_label("area", n.area, lang)] for n in a.needs])
            doc.add_heading(_txt(L["strengths"]), level=2)
            bullets([s.text for s in a.strengths])
            if a.risks:
                doc.add_heading(_txt(L["risks"]), level=2)
                bullets([f"{r.text} ({value_label('risk', r.level, lang)})" for r in a.risks])

    doc.add_heading(_txt(L["plan"]), level=1)
    for i, g in enumerate(c.goals, 1):
        doc.add_heading(_txt(f"{L['goal']} {i}: {g.text}"), level=2)
        if g.objectives:
            table([L["indicator"], L["baseline"], L["target"], L["due"]],
                  [[o.indicator + (f" ({o.unit})" if o.unit else ""), _n(o.baseline), _n(o.target), d(o.due)] for o in g.objectives])
        if g.activities:
            table([L["activities"], L["who"], L["when"]], [[x.text, x.who or "", x.when or ""] for x in g.activities])
        if g.gas:
            table([L["score"], L["gas_levels"]], [[numfmt.signed(s, lang), g.gas.meaning(s)] for s in (-2, -1, 0, 1, 2) if g.gas.meaning(s)])
    if kind == "care-plan":
        if c.planning and c.planning.schedule:
            facts([(L["schedule"], c.planning.schedule)])
        doc.add_heading(_txt(L["signatures"]), level=1)
        table([L["client"], L["worker"], L["supervisor"]], [["\n\n\n", "", ""]])
        return _save(doc)

    doc.add_heading(_txt(L["sessions"]), level=1)
    table([L["date"], L["kind"], L["title"], L["activities"], L["notes"]],
          [[d(s.date), value_label("session", s.kind, lang), s.title or "", "; ".join(s.activities), s.notes or ""] for s in c.sessions])

    doc.add_heading(_txt(L["evaluation"]), level=1)
    doc.add_paragraph(_txt(f"{L['t_score']}: " + (numfmt.t_score(ev.t_score, lang) if ev.t_score is not None else L["t_none"])))
    doc.add_paragraph(_txt(L["t_note"].replace("{rho}", numfmt.number(ev.rho, lang))))
    table([L["goal"], L["weight"], L["score"], L["meaning"]],
          [[g.text, _n(g.weight), numfmt.signed(g.score, lang), g.meaning or ""] for g in ev.goals])
    table([L["indicator"], L["baseline"], L["target"], L["latest"], L["progress"], L["nap"]],
          [[o.indicator, _n(o.baseline), _n(o.target), _n(o.latest), numfmt.percent(o.progress, lang),
            numfmt.nap(o.nap, lang)] for o in ev.objectives])
    if data.charts:
        doc.add_heading(_txt(L["charts"]), level=2)
        if ev.phase_change:
            doc.add_paragraph(_txt(L["phase_note"].replace("{date}", d(ev.phase_change))))
        for o in ev.objectives:
            picture(data.charts[o.id], 15)
    if c.evaluation:
        if c.evaluation.changed:
            doc.add_heading(_txt(L["changed"]), level=2)
            bullets(c.evaluation.changed)
        if c.evaluation.unchanged:
            doc.add_heading(_txt(L["unchanged"]), level=2)
            bullets(c.evaluation.unchanged)
        if c.evaluation.summary:
            doc.add_paragraph(_txt(c.evaluation.summary))

    doc.add_heading(_txt(L["termination"]), level=1)
    tm = c.termination
    if tm:
        facts([(L["date"], d(tm.date)), (L["kind"], value_label("termination", tm.kind, lang)), (L["summary"], tm.summary),
               (L["follow_up"], tm.follow_up)])
        if tm.sustainability:
            doc.add_heading(_txt(L["sustainability"]), level=2)
            bullets(tm.sustainability)
        if tm.referrals:
            doc.add_heading(_txt(L["referrals"]), level=2)
            bullets([f"{r.to}" + (f" — {r.reason}" if r.reason else "") for r in tm.referrals])

    doc.add_heading(_txt(L["history"]), level=1)
    table([L["date"], L["stage"], L["kind"], L["by"], L["reason"]],
          [[d(h.at), (f"{value_label('stage', h.from_, lang)} → " if h.from_ else "") + value_label("stage", h.to, lang),
            value_label("transition", h.kind, lang), h.by or "", h.reason or ""] for h in c.history])
    return _save(doc)


def _save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
