"""HTML and Markdown reports from Jinja2 templates (sandboxed), and the filters they use.

Templates in ``templates/reports/`` (or a folder a user copies and changes) see the
:class:`~.data.ReportData` of :func:`~.data.collect`; HTML is autoescaped and Markdown
escapes every value through ``finalize`` (:func:`md_escape`) except :class:`Raw` text.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode
from .labels import format_date, value_label

if TYPE_CHECKING:
    pass
from .data import ReportData, ReportError
from .md import Raw, md_escape


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
