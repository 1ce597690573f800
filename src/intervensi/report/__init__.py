"""Reports a supervisor can read: HTML, Markdown, DOCX and PDF from one case file.

``render_report(case, fmt=...)`` returns the bytes of one report. HTML and Markdown come
from Jinja2 templates in ``templates/reports/`` that a user can copy and change
(``template=PATH``); HTML is autoescaped and Markdown escapes every value through
``finalize``, so a note holding ``<script>`` is shown as text. DOCX is written with
python-docx (a ``.docx`` given as template lends its styles); PDF is the HTML printed by
headless Chromium when installed, else by xhtml2pdf (a pip dependency): see
:mod:`intervensi.report.pdf` for which wins and ``INTERVENSI_PDF_ENGINE``.

With ``anonymize=True`` the case first goes through
:class:`intervensi.anonymize.Anonymizer`: every name becomes a stable pseudonym, also in
the genogram and ecomap (they are drawn from the anonymised case), birth dates become
ages, identifying fields are left out, and the list of what was removed is on page one.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode, IntervensiError, UsageError
from .labels import format_date, labels, value_label

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
            notes[which] = t(key, lang, **exc.params) if has(key) else exc.message
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


class Raw(str):
    """A value already safe for Markdown (an image link we made): not escaped again."""


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")


def md_escape(value: Any) -> str:
    """Markdown-escape every value a template prints (``finalize``), except :class:`Raw`."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)
    text = re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", text, flags=re.M)
    text = re.sub(r"^(\s*)-", r"\1\\-", text, flags=re.M)
    return text.replace("\n", " ")


def templates_root() -> Path:
    from ..newcase import templates_dir

    return templates_dir() / "reports"


def number_filters(fmt: str) -> dict[str, Any]:
    """Jinja filters that write figures in the template's ``lang`` by :mod:`intervensi.numfmt`'s rule.

    Each reads ``lang`` from the template context (``jinja2.pass_context``), so a template
    writes ``{{ o.target | num }}`` and gets ``1.500.000`` in an Indonesian report:
    ``num`` (as recorded, or ``num(2)`` decimals), ``pct`` (a share as a whole percentage),
    ``signed`` (a GAS score, ``0`` without sign), ``tscore`` (1 decimal), ``nap`` (2 decimals),
    ``money`` (``money("IDR")``). In Markdown the result is not escaped again: it holds only
    digits, separators, signs and a currency symbol, none of which starts Markdown syntax.
    """
    import jinja2

    from .. import numfmt

    wrap = Raw if fmt == "md" else str

    def _lang(ctx: Any) -> str:
        lang = ctx.get("lang")
        return lang if isinstance(lang, str) else "en"

    def _safe(fn: Any) -> Any:
        def filt(ctx: Any, value: Any, *args: Any) -> str:
            if value is None or (isinstance(value, jinja2.Undefined)):
                return wrap(numfmt.EMPTY)
            if isinstance(value, str):  # a value a template already formatted: leave it alone
                return value
            return wrap(fn(value, _lang(ctx), *args))

        return jinja2.pass_context(filt)

    return {
        "num": _safe(numfmt.number),
        "pct": _safe(numfmt.percent),
        "signed": _safe(numfmt.signed),
        "tscore": _safe(numfmt.t_score),
        "nap": _safe(numfmt.nap),
        "money": _safe(lambda v, lang, code="IDR": numfmt.currency(v, lang, code)),
    }


def _environment(fmt: str, search: list[Path], lang: str = "en") -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class SandboxedEnvironment(ImmutableSandboxedEnvironment):
        """Jinja's sandbox (no internals, no in-place changes) that refuses loudly.

        Jinja's own sandbox turns an unsafe attribute into an undefined value that raises
        only when used; with :class:`jinja2.ChainableUndefined` that would print nothing and
        hide the attempt. Here the attempt itself stops the report.
        """

        def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
            from jinja2.exceptions import SecurityError

            raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

    from ..i18n import stage_label

    # Templates are shared between workers: a template is data, not a program. Jinja's
    # sandbox refuses attributes that reach Python's internals (``__class__``, ``__globals__``,
    # ``__subclasses__``, a function's code, ...) and, being immutable, methods that change
    # objects in place (``list.append``).
    loader = jinja2.FileSystemLoader([str(p) for p in search])
    if fmt == "html":
        env = SandboxedEnvironment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                   undefined=jinja2.ChainableUndefined)
    else:
        env = SandboxedEnvironment(loader=loader, autoescape=False, finalize=md_escape, trim_blocks=True,
                                   lstrip_blocks=True, undefined=jinja2.ChainableUndefined)
    env.filters["date"] = lambda d, lang="en": format_date(d, lang)
    env.filters.update(number_filters(fmt))
    # ``lang`` also as a global: macros imported without context (``_macros.html.j2``) see
    # globals, so the number filters inside them read the report's language too.
    env.globals["lang"] = lang
    env.globals["label"] = lambda kind, value, lang="en": value_label(kind, value, lang)
    env.globals["stage_label"] = stage_label
    from .rows import forced_text, unmet_text

    env.globals["forced_text"] = forced_text
    from .rows import plan_vs_held, recorded, signoff_rows, worker_line

    env.globals["signoff_rows"] = jinja2.pass_environment(signoff_rows)
    from .rows import member_table

    env.globals["member_table"] = jinja2.pass_environment(member_table)

    env.globals["recorded"] = recorded
    env.globals["worker_line"] = worker_line

    env.globals["plan_vs_held"] = jinja2.pass_environment(plan_vs_held)
    env.globals["unmet_text"] = unmet_text
    env.globals["image"] = jinja2.pass_context(_md_image)
    env.globals["svg_data_uri"] = lambda svg, alt="": Raw(
        f"![{md_escape(alt)}](data:image/svg+xml;base64,{base64.b64encode(svg.encode('utf-8')).decode('ascii')})"
    )
    from . import md as _md
    from .rows import FILTERS

    for name, fn in FILTERS.items():  # the same rows and lines as DOCX prints (report.rows)
        env.filters[name] = jinja2.pass_environment(fn)
    env.globals.update(facts=_md.facts, table=_md.table, items=_md.items, present=_md.present)
    if fmt == "html":
        import markupsafe

        env.filters["inline_svg"] = lambda svg: markupsafe.Markup(svg) if svg else ""
    return env


def _md_image(ctx: Any, stem: str, alt: str = "") -> Raw:
    """A picture in Markdown: its PNG shown and linked to its SVG, in the report's pictures
    folder; without one (a report to stdout) a one-line note saying how to get it."""
    folder = ctx.get("pictures")
    if not folder:
        L = ctx.get("L") or {}
        return Raw(f"_{md_escape(alt)}: {md_escape(L.get('picture_elsewhere', ''))}_")
    from urllib.parse import quote

    where = f"{quote(folder)}/{quote(stem)}"
    return Raw(f"[![{md_escape(alt)}]({where}.png)]({where}.svg)")


@functools.lru_cache(maxsize=16)
def _cached_environment(fmt: str, search: tuple[str, ...], lang: str = "en") -> Any:
    """One environment per format and template folders, kept for the process: compiling the
    report templates costs ~0.3 s, rendering them a few ms. Jinja checks each template's
    modification time before using its compiled form (``auto_reload``), so an edited
    template is picked up."""
    return _environment(fmt, [Path(p) for p in search], lang)


def render_text(data: ReportData, fmt: str = "html", kind: str = "report", template: Path | None = None) -> str:
    """An HTML or Markdown report from a template."""
    ext = "html" if fmt in ("html", "pdf") else "md"
    search = [templates_root()]
    name = f"{'care-plan' if kind == 'care-plan' else 'report'}.{ext}.j2"
    if template is not None:
        if not template.is_file():
            from ..errors import NotFound

            raise NotFound("no such template", path=template, key="no_such_file")
        search.insert(0, template.parent)
        name = template.name
    env = _cached_environment("html" if ext == "html" else "md", tuple(str(p) for p in search), data.lang)
    import jinja2
    from jinja2.exceptions import SecurityError

    try:
        tpl = env.get_template(name)
        return tpl.render(**data.as_context())
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(f"template error: {exc.message}", path=exc.filename or template, line=exc.lineno,
                          key="report_template", params={"problem": exc.message or ""}) from None
    except SecurityError as exc:
        path, line = _template_position(exc, search)
        raise TemplateRefused("the template reaches outside what a report may use", path=path or template, line=line) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as exc:
        # A template that fails while rendering (a filter given the wrong value, a division
        # by zero): the template's fault, said with its line, never a traceback.
        path, line = _template_position(exc, search)
        problem = type(exc).__name__
        raise ReportError(f"template error: {problem}", path=path or template, line=line,
                          key="report_template", params={"problem": problem}) from None


def _template_position(exc: BaseException, search: list[Path]) -> tuple[str | None, int | None]:
    """The template file and line where ``exc`` happened (Jinja rewrites tracebacks onto them)."""
    roots = [str(p) for p in search]
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(r) for r in roots):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class TemplateRefused(ReportError):
    """A report template tried to reach Python's internals; refused by Jinja's sandbox (exit code 9)."""

    exit_code = ExitCode.REFUSED
    key = "report_template_unsafe"


def render_report(
    case: Case,
    fmt: str = "html",
    lang: str = "en",
    anonymize: bool = False,
    template: Path | None = None,
    kind: str = "report",
    rho: float = 0.3,
    anonymizer: Anonymizer | None = None,
    pdf_engine: str | None = None,
    supervisor: str | None = None,
) -> bytes:
    """The report of ``case`` in ``fmt`` (html, md, docx, pdf), as bytes.

    ``pdf_engine``: ``auto``, ``chromium`` or ``builtin`` (``None``: the environment
    variable ``INTERVENSI_PDF_ENGINE``, else ``auto``); see :mod:`intervensi.report.pdf`.

    ``anonymizer``: the :class:`intervensi.anonymize.Anonymizer` to use with ``anonymize``
    (its extra names, the other cases it knows, its counts); a fresh one under the
    workspace key when not given.

    ``supervisor``: the workspace's supervisor, for the sign-off block of a case that names
    none (see :func:`collect`).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}", key="report_format", params={"fmt": fmt})
    if kind not in KINDS:
        raise UsageError(f"unknown report kind {kind!r}", key="report_format", params={"fmt": kind})
    if fmt == "pdf":  # before the work: a missing engine is said at once
        from .pdf import choose_engine

        choose_engine(pdf_engine)
    data = collect(case, lang=lang, anonymize=anonymize, rho=rho, anonymizer=anonymizer, supervisor=supervisor)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(data, kind=kind, template=template)
    html_or_md = render_text(data, fmt=fmt, kind=kind, template=template)
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(html_or_md, engine=pdf_engine)
    return html_or_md.encode("utf-8")


MESSAGES: dict[str, dict[str, str]] = {
    "err.report": {"en": "the report could not be made", "id": "laporan tidak dapat dibuat"},
    "err.report_format": {"en": "unknown report format '{fmt}' (html, md, docx or pdf)", "id": "format laporan '{fmt}' tidak dikenal (html, md, docx atau pdf)"},
    "err.report_template": {"en": "template error: {problem}", "id": "kesalahan templat: {problem}"},
    "err.report_template_unsafe": {
        "en": "the template reaches outside what a report may use (Python internals); it was not rendered",
        "id": "templat menjangkau di luar yang boleh dipakai laporan (bagian dalam Python); templat tidak dirender",
    },
    "err.report_no_anonymizer": {"en": "anonymisation is not available in this installation", "id": "anonimisasi tidak tersedia di instalasi ini"},
    "err.report_no_pdf_engine": {"en": "no PDF engine: pip install xhtml2pdf (or install Chromium)",
                                 "id": "tidak ada mesin PDF: pip install xhtml2pdf (atau pasang Chromium)"},
    "err.report_no_chromium": {
        "en": "no Chromium found for the PDF engine 'chromium': install Chromium, or use the builtin engine (--pdf-engine builtin)",
        "id": "Chromium tidak ditemukan untuk mesin PDF 'chromium': pasang Chromium, atau pakai mesin bawaan (--pdf-engine builtin)",
    },
    "err.report_pdf_engine": {"en": "unknown PDF engine '{engine}' (auto, chromium or builtin)",
                              "id": "mesin PDF '{engine}' tidak dikenal (auto, chromium atau builtin)"},
    "err.report_pdf_failed": {"en": "the PDF engine failed ({problem})", "id": "mesin PDF gagal ({problem})"},
}


def _register() -> None:
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)


_register()

__all__ = ["FORMATS", "ReportData", "ReportError", "TemplateRefused", "clean_svg", "collect", "md_escape", "render_report", "render_text"]
