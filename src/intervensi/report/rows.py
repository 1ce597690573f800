"""The rows and lines of a report, once, for the formats built from text (Markdown, DOCX).

The HTML template is the reference layout; Markdown (through filters of the same names)
and DOCX (:mod:`intervensi.report.docx`) print what these functions return, so the three
carry the same facts (``tests/test_report_parity.py`` compares them). Every function takes
the Jinja environment first: figures and dates go through its ``num``, ``pct``, ``signed``
and ``date`` filters, the same ones the HTML template uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .labels import value_label

if TYPE_CHECKING:
    from ..attendance import Meeting
    from ..evaluation import GoalResult, ObjectiveResult
    from ..model import (
        Activity,
        Amendment,
        Case,
        Check,
        GasLevels,
        Member,
        Need,
        Objective,
        Referral,
        Risk,
        Role,
        Session,
        Strength,
        Termination,
        Transition,
    )


def _f(env: Any, name: str, value: Any, *args: Any) -> str:
    """A figure through the environment's filter, in the environment's ``lang`` (the number
    filters read it from the template context, which a call from Python does not have)."""
    fn = env.filters[name]
    out = fn({"lang": env.globals.get("lang", "en")}, value, *args) if getattr(fn, "jinja_pass_arg", None) is not None else fn(value, *args)
    return out if isinstance(out, str) else str(out)  # a Raw figure stays Raw (Markdown does not escape it)


def member_table(env: Any, members: list[Member], ages: dict[str, int], L: dict[str, str], lang: str,
                 group: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The members' table: name, role, then age, joined and left, each only when some member
    has it; a group (``group=True``) always shows when its members joined and left."""
    cols: list[tuple[str, Any]] = []
    if any(m.id in ages for m in members):
        cols.append((L["age"], lambda m: ages.get(m.id, "")))
    if group or any(m.joined for m in members):
        cols.append((L["joined"], lambda m: _f(env, "date", m.joined, lang)))
    if group or any(m.left for m in members):
        cols.append((L["left"], lambda m: _f(env, "date", m.left, lang)))
    head = [L["members"], L["role"], *(c[0] for c in cols)]
    rows = [[m.name, m.role or "", *(c[1](m) for c in cols)] for m in members]
    return head, rows


def meeting_row(env: Any, m: Meeting, lang: str) -> list[Any]:
    return [m.number, _f(env, "date", m.date, lang), value_label("session", m.kind, lang), m.title, f"{m.present}/{m.members}",
            _f(env, "pct", m.rate)]


def role_row(env: Any, r: Role) -> list[Any]:
    return [r.party, r.role]


def need_row(env: Any, n: Need, lang: str) -> list[Any]:
    return [n.id, n.text, value_label("area", n.area, lang)]


def strength_text(env: Any, s: Strength, lang: str) -> str:
    return s.text + (f" ({value_label('strength', s.kind, lang)})" if s.kind else "")


def risk_text(env: Any, r: Risk, lang: str) -> str:
    return f"{r.text} ({value_label('risk', r.level, lang)})" + (f" — {r.plan}" if r.plan else "")


def objective_row(env: Any, o: Objective, lang: str) -> list[Any]:
    return [o.indicator + (f" ({o.unit})" if o.unit else ""), _f(env, "num", o.baseline), _f(env, "num", o.target),
            _f(env, "date", o.due, lang)]


def activity_row(env: Any, a: Activity) -> list[Any]:
    return [a.text, a.who or "", a.when or ""]


def gas_rows(env: Any, gas: GasLevels) -> list[list[Any]]:
    return [[_f(env, "signed", s), gas.meaning(s)] for s in (-2, -1, 0, 1, 2) if gas.meaning(s)]


def session_row(env: Any, s: Session, lang: str) -> list[Any]:
    return [_f(env, "date", s.date, lang), value_label("session", s.kind, lang), s.title or "", "; ".join(s.activities),
            ", ".join(s.goals), s.notes or ""]


def attainment_row(env: Any, g: GoalResult) -> list[Any]:
    return [g.text, _f(env, "num", g.weight), _f(env, "signed", g.score), g.meaning or ""]


def progress_row(env: Any, o: ObjectiveResult) -> list[Any]:
    return [o.indicator, _f(env, "num", o.baseline), _f(env, "num", o.target), _f(env, "num", o.latest),
            _f(env, "pct", o.progress), _f(env, "nap", o.nap)]


def check_row(env: Any, c: Check, L: dict[str, str], lang: str) -> list[Any]:
    return [_f(env, "date", c.date, lang), c.note, (L["yes"] if c.holding else L["no"]) if c.holding is not None else ""]


def referral_text(env: Any, r: Referral, lang: str) -> str:
    return r.to + (f" — {r.reason}" if r.reason else "") + (f" ({_f(env, 'date', r.date, lang)})" if r.date else "")


def earlier_text(env: Any, t: Termination, lang: str) -> str:
    return f"{_f(env, 'date', t.date, lang)} — {value_label('termination', t.kind, lang)}" + (f": {t.summary}" if t.summary else "")


def history_text(env: Any, h: Transition, L: dict[str, str], lang: str) -> str:
    from ..i18n import stage_label

    move = (f"{stage_label(h.from_, lang)} → " if h.from_ else "") + stage_label(h.to, lang)
    how = value_label("transition", h.kind, lang) + (f"; {L['by'].lower()} {h.by}" if h.by else "")
    out = f"{_f(env, 'date', h.at, lang)} — {move} ({how})"
    if h.reason:
        out = _then(out, f"{L['reason']}: {h.reason}")
    if h.ending:
        out = _then(out, f"{L['kind']}: {value_label('termination', h.ending, lang)}")
    if h.recorded:
        out = _then(out, f"{L['recorded']} {_f(env, 'date', h.recorded, lang)}")
    if h.forced:
        out = _then(out, forced_text(h, L, lang))
    return out


def _then(text: str, more: str) -> str:
    """Two sentences: a full stop between them unless the first already ends with one."""
    return f"{text} {more}" if text.rstrip().endswith((".", "!", "?")) else f"{text}. {more}"


def unmet_text(text: str, lang: str) -> str:
    """A gate condition the history keeps (in English, as written when forced) in ``lang``.

    The English sentence is matched against the gate messages of the catalogue (their
    ``{placeholders}`` as wildcards) and said again in ``lang``; a text that matches none
    (an older wording, a hand edit) is shown as it is.
    """
    import re

    from ..i18n import CATALOG, t

    if lang == "en":
        return text
    for key, forms in CATALOG.items():
        if not key.startswith("gate.") or "en" not in forms:
            continue
        parts = re.split(r"\{(\w+)\}", forms["en"])
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        m = re.fullmatch(pattern, text)
        if m:
            return t(key, lang, **m.groupdict())
    return text


def forced_text(h: Transition, L: dict[str, str], lang: str) -> str:
    """"forced past an unmet gate: <each unmet condition>" (the conditions in ``lang``)."""
    if not h.unmet:
        return L["forced"]
    return f"{L['forced']}: " + "; ".join(unmet_text(u, lang) for u in h.unmet)


def amendment_text(env: Any, a: Amendment, L: dict[str, str], lang: str) -> str:
    out = f"{_f(env, 'date', a.at, lang)} — {L['amend_removed'] if a.action == 'remove' else L['amend_changed']} {a.item}"
    if a.fields:
        out += f" ({L['amended_fields']}: {', '.join(a.fields)})"
    if a.by:
        out += f"; {L['by'].lower()} {a.by}"
    if a.reason:
        out = _then(out, f"{L['reason']}: {a.reason}")
    return out


def recorded(item: Any) -> bool:
    """Whether ``item`` (a part of the case: engagement, contract, assessment, termination...)
    holds anything a reader would see: a value that is not None, empty, False or a default."""
    if item is None:
        return False
    if hasattr(item, "model_dump"):
        item = item.model_dump(exclude_none=True, exclude_defaults=True)
    if isinstance(item, dict):
        return any(recorded(v) for v in item.values())
    if isinstance(item, (list, tuple)):
        return any(recorded(v) for v in item)
    return item not in ("", False)


def worker_line(worker: Any) -> str:
    """The worker's name and role, without saying the role twice.

    ``Praktikan PKL`` with the role ``praktikan (mahasiswa praktik kerja lapangan)`` is
    "Praktikan PKL (mahasiswa praktik kerja lapangan)": the part of the role the name already
    says is dropped, and no parenthesis is nested in another.
    """
    if worker is None:
        return ""
    import re

    name = worker.name
    parts = [p.strip(" ,;") for p in re.split(r"[()]", worker.role or "")]
    kept = [p for p in parts if p and p.casefold() not in name.casefold()]
    return f"{name} ({', '.join(kept)})" if kept else name


def plan_vs_held(env: Any, case: Case, L: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """The contract's plan set against the sessions recorded, as ``(label, value)`` facts.

    Planned: the contract's frequency and length, its number of sessions and period.
    Held: how many sessions (and that share of the planned number), the first and last
    date, how many fell within the contract period, and the minutes recorded.
    """
    k = case.engagement.contract if case.engagement else None
    sessions = sorted(case.sessions, key=lambda s: s.date)
    out: list[tuple[str, str]] = []
    if k is not None:
        plan = " · ".join(x for x in (k.frequency, k.length) if x)
        if plan:
            out.append((L["planned_frequency"], plan))
        if k.sessions_planned is not None:
            out.append((L["sessions_planned"], _f(env, "num", k.sessions_planned)))
        if k.start:
            out.append((L["period"], f"{_f(env, 'date', k.start, lang)} – {_f(env, 'date', k.end, lang)}"))
    held = len(sessions)
    if k is not None and k.sessions_planned:
        out.append((L["sessions_held"], L["held_of_planned"].format(
            held=_f(env, "num", held), planned=_f(env, "num", k.sessions_planned), pct=_f(env, "pct", held / k.sessions_planned))))
    elif sessions or out:
        out.append((L["sessions_held"], _f(env, "num", held)))
    if sessions:
        out.append((L["first_last"], f"{_f(env, 'date', sessions[0].date, lang)} – {_f(env, 'date', sessions[-1].date, lang)}"))
        if k is not None and k.start and k.end:
            inside = sum(1 for s in sessions if k.start <= s.date <= k.end)
            out.append((L["within_period"], L["of"].format(n=_f(env, "num", inside), total=_f(env, "num", held))))
        minutes = sum(s.minutes for s in sessions if s.minutes)
        if minutes:
            out.append((L["time_in_sessions"], L["hours_minutes"].format(h=minutes // 60, m=minutes % 60)))
    return out


#: A line to write on by hand (a name, a date, a signature).
BLANK = "_" * 18


def signoff_rows(env: Any, case: Case, supervisor: str | None, L: dict[str, str], client: bool = False) -> list[list[str]]:
    """The sign-off block: who, their name (a line to fill when unknown), a date line and a signature line.

    Rows: the client (care plan only, ``client=True``), the worker, the supervisor.
    """
    rows = []
    if client:
        rows.append([L["agreed_by"], case.client.name or BLANK, BLANK, BLANK])
    rows.append([L["prepared_by"], case.worker.name if case.worker else BLANK, BLANK, BLANK])
    rows.append([L["reviewed_by"], supervisor or BLANK, BLANK, BLANK])
    return rows


FILTERS = {f.__name__: f for f in (
    meeting_row, role_row, need_row, strength_text, risk_text, objective_row, activity_row, gas_rows, session_row, attainment_row,
    progress_row, check_row, referral_text, earlier_text, history_text, amendment_text,
)}
