"""The pages of the caseload site: one case's page (its report) and the index.

:func:`case_page` renders one case through :mod:`intervensi.report` (``collect`` then the
bundled HTML report template, untouched) and frames it for the site: a Content Security
Policy that allows no request at all (no script, no font, no image other than ``data:``)
and a link back to the index. :func:`index_page` renders ``templates/site/index.html.j2``:
the status table (sortable and filterable by a small inline script, allowed by its hash
in the page's own policy), the stage funnel, the overdue cases and the agenda.

Library code: no typer, no rich; Jinja is imported inside the functions.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .i18n import CATALOG

if TYPE_CHECKING:
    from .anonymize import Anonymizer

Row = dict[str, Any]

#: The policy of a case page: it may show what is inside it, and fetch nothing.
CASE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

MESSAGES: dict[str, dict[str, str]] = {
    "site.title": {"en": "Caseload", "id": "Daftar kasus"},
    "site.made": {"en": "Made on {date} from {count} case files.", "id": "Dibuat pada {date} dari {count} berkas kasus."},
    "site.anonymised": {
        "en": "Anonymised: names are pseudonyms, birth dates are ages, identifying fields are left out.",
        "id": "Dianonimkan: nama diganti nama samaran, tanggal lahir diganti usia, data identitas dihilangkan.",
    },
    "site.funnel": {"en": "Cases per stage", "id": "Kasus per tahap"},
    "site.total": {"en": "Total", "id": "Jumlah"},
    "site.overdue": {"en": "Overdue cases", "id": "Kasus lewat tenggat"},
    "site.overdue_none": {"en": "No case is past its due date.", "id": "Tidak ada kasus yang lewat tenggat."},
    "site.days_late": {"en": "{days} days late", "id": "terlambat {days} hari"},
    "site.agenda": {"en": "This week", "id": "Minggu ini"},
    "site.what": {"en": "what needs doing", "id": "yang perlu dilakukan"},
    "site.agenda_none": {"en": "Nothing needs the worker this week.", "id": "Tidak ada yang mendesak minggu ini."},
    "site.cases": {"en": "All cases", "id": "Semua kasus"},
    "site.filter": {"en": "Filter", "id": "Saring"},
    "site.filter_hint": {"en": "client, case, worker, stage…", "id": "klien, kasus, pekerja, tahap…"},
    "site.all_stages": {"en": "every stage", "id": "semua tahap"},
    "site.overdue_only": {"en": "overdue only", "id": "hanya yang lewat tenggat"},
    "site.showing": {"en": "Showing {shown} of {total} cases.", "id": "Menampilkan {shown} dari {total} kasus."},
    "site.sort_hint": {"en": "Click a column heading to sort by it.", "id": "Klik judul kolom untuk mengurutkan."},
    "site.invalid": {"en": "Files that could not be read", "id": "Berkas yang tidak dapat dibaca"},
    "site.invalid_count": {
        "en": "{count} file(s) could not be read and have no page here.",
        "id": "{count} berkas tidak dapat dibaca dan tidak punya halaman di sini.",
    },
    "site.back": {"en": "← Caseload", "id": "← Daftar kasus"},
    "site.ready": {"en": "ready", "id": "siap"},
    "site.not_ready": {"en": "not yet", "id": "belum"},
    "site.closed": {"en": "closed", "id": "ditutup"},
}
CATALOG.update(MESSAGES)


@functools.lru_cache(maxsize=4096)
def number(n: int, lang: str) -> str:
    """``1,234`` / ``1.234``: a count as a reader of ``lang`` writes it (CLDR, through Babel)."""
    from babel.numbers import format_decimal

    return str(format_decimal(n, locale="id_ID" if lang == "id" else "en_GB"))


# --------------------------------------------------------------------------- a case page


def case_page(path: str, lang: str = "en", anonymizer: Anonymizer | None = None, rho: float = 0.3) -> tuple[bytes, Row, dict[str, int]]:
    """One case's page: ``(html, row, removed)``.

    ``html`` is the case report (:func:`intervensi.report.collect` and the bundled report
    template) framed for the site by :func:`frame`; ``row`` the case's
    :func:`~intervensi.cohort.summary_row` without its path (from the anonymised case with
    ``anonymizer``, its ``client`` then the client's pseudonym); ``removed`` how many of each
    kind the anonymiser removed (empty without it). Raises what :func:`intervensi.casefile.load_case`
    raises for a file that is not a valid case.
    """
    from .casefile import load_case
    from .cohort import summary_row
    from .report import collect, render_text
    from .store import safe_case_path

    p = Path(path)
    case = load_case(safe_case_path(p) if p.is_symlink() else p)  # a link is followed only within its folder, as cohorts read
    data = collect(case, lang=lang, anonymize=anonymizer is not None, rho=rho, anonymizer=anonymizer)
    page = frame(render_text(data, fmt="html"), lang)
    row = summary_row(data.case, "")
    row.pop("path", None)
    if anonymizer is not None:
        row["client"] = data.case.client.name
    return page.encode("utf-8"), row, dict(data.removed_counts)


def frame(report_html: str, lang: str) -> str:
    """The report's HTML with the site's policy in its head and a link back to the index."""
    from .i18n import t

    policy = f'<meta http-equiv="Content-Security-Policy" content="{CASE_POLICY}">'
    style = "<style>nav.site{font:14px/1.4 system-ui,sans-serif;margin:0 0 1em}nav.site a{color:#1d4e89}</style>"
    nav = f'<nav class="site"><a href="../index.html">{html.escape(t("site.back", lang))}</a></nav>'
    out, n = re.subn(r"(<head(?:\s[^>]*)?>)", lambda m: m.group(1) + "\n" + policy, report_html, count=1, flags=re.I)
    if not n:
        out = policy + out
    out, n = re.subn(r"(<body(?:\s[^>]*)?>)", lambda m: m.group(1) + "\n" + style + nav, out, count=1, flags=re.I)
    if not n:
        out = style + nav + out
    return out


def page_href(stem: str) -> str:
    """The link from the index to a case page (``cases/<stem>.html``, percent-encoded)."""
    return "cases/" + quote(stem, safe="") + ".html"


# --------------------------------------------------------------------------- the index


def index_page(
    rows: list[Row],
    *,
    lang: str = "en",
    today: dt.date | None = None,
    anonymised: bool = False,
    invalid: list[dict[str, str]] | None = None,
    files: int | None = None,
) -> str:
    """The index page (HTML text).

    ``rows``: one :func:`~intervensi.cohort.summary_row` per case page, each with ``stem``
    (its page's name); ``invalid``: ``{"path", "problem"}`` of each file that could not be
    read (paths are left out when ``anonymised``: a file name may hold a name); ``files``:
    how many case files were given (default: rows plus invalid).
    """
    import jinja2

    from .cohort import Summary, agenda_items, with_days
    from .i18n import due_label, label, stage_label, t
    from .newcase import templates_dir
    from .report.labels import format_date
    from .vocab import STAGE_ORDER

    today = today or dt.date.today()
    invalid = invalid or []
    summary = Summary(today)
    table: list[dict[str, Any]] = []
    overdue: list[dict[str, Any]] = []
    agenda: list[dict[str, Any]] = []
    order = [s.value for s in STAGE_ORDER]
    for raw in sorted(rows, key=lambda r: str(r["id"]).casefold()):
        r = with_days({**raw, "valid": True}, today)
        summary.add(r)
        due = dt.date.fromisoformat(r["next_due"]) if r.get("next_due") else None
        entry = {
            "href": page_href(r["stem"]), "id": r["id"], "client": r.get("client") or "", "worker": r.get("worker") or "—",
            "level": label("level", r["level"], lang), "practice": label("practice", r["practice"], lang),
            "stage": r["stage"], "stage_label": stage_label(r["stage"], lang), "stage_index": order.index(r["stage"]),
            "days": r["days_in_stage"], "days_text": number(r["days_in_stage"], lang),
            "due": r.get("next_due") or "", "due_text": format_date(due, lang) if due else "—",
            "due_what": due_label(r.get("next_due_what") or "", lang) if due else "",
            "overdue": bool(r["overdue"]) and not r["closed"],
            "gate": t("site.closed", lang) if r["closed"] else t("site.ready" if r["gate_ready"] else "site.not_ready", lang),
            "gate_sort": 2 if r["closed"] else (0 if r["gate_ready"] else 1),
        }
        table.append(entry)
        if entry["overdue"] and due is not None:
            overdue.append({**entry, "late": t("site.days_late", lang, days=number((today - due).days, lang)), "late_days": (today - due).days})
        items = agenda_items(r, today, lang=lang)
        if items:
            agenda.append({**entry, "items": items})
    overdue.sort(key=lambda e: (-e["late_days"], str(e["id"])))
    agenda.sort(key=lambda e: (-len(e["items"]), e["due"] or "9999", str(e["id"])))
    counts = summary.to_dict()["per_stage"]
    top = max(counts.values() or [1]) or 1
    funnel = [
        {"stage": s, "label": stage_label(s, lang), "count": n, "count_text": number(n, lang), "width": round(100 * n / top, 1)}
        for s, n in counts.items() if n or s != "monitoring"
    ]
    root = templates_dir() / "site"
    script = (root / "site.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["t"] = lambda key, **kw: t(key, lang, **kw)
    import markupsafe

    total = files if files is not None else len(rows) + len(invalid)
    return env.get_template("index.html.j2").render(
        lang=lang, policy=policy, script=markupsafe.Markup(script), rows=table, funnel=funnel, overdue=overdue, agenda=agenda,
        total=number(len(table), lang), total_n=len(table), files=number(total, lang), made=format_date(today, lang),
        anonymised=anonymised, invalid=invalid, invalid_count=number(len(invalid), lang),
        stages=[{"value": s["stage"], "label": s["label"]} for s in funnel if s["count"]],
    )


__all__ = ["CASE_POLICY", "case_page", "frame", "index_page", "number", "page_href"]
