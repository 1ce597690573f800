"""``intervensi evaluate``: progress, goal attainment, the GAS T-score and AB charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._common import STATE, CaseArg, H, JsonOpt, console, emit_json, msg, print_table, resolve_case, say

if TYPE_CHECKING:
    from ..evaluation import CaseEvaluation, ObjectiveResult

MESSAGES: dict[str, dict[str, str]] = {
    "ev.title": {"en": "Evaluation of {id}", "id": "Evaluasi {id}"},
    "ev.goal": {"en": "goal", "id": "tujuan"},
    "ev.objective": {"en": "objective", "id": "sasaran"},
    "ev.baseline": {"en": "baseline", "id": "baseline"},
    "ev.target": {"en": "target", "id": "target"},
    "ev.latest": {"en": "latest", "id": "terakhir"},
    "ev.progress": {"en": "progress", "id": "kemajuan"},
    "ev.trend": {"en": "trend", "id": "tren"},
    "ev.nap": {"en": "NAP", "id": "NAP"},
    "ev.score": {"en": "GAS", "id": "GAS"},
    "ev.weight": {"en": "weight", "id": "bobot"},
    "ev.meaning": {"en": "meaning", "id": "makna"},
    "ev.t_score": {"en": "GAS T-score: {t} (ρ = {rho}, {n} of {total} goals scored)", "id": "Skor-T GAS: {t} (ρ = {rho}, {n} dari {total} tujuan diberi skor)"},
    "ev.no_t": {"en": "GAS T-score: none yet (no goal has an attainment score)", "id": "Skor-T GAS: belum ada (belum ada tujuan yang diberi skor pencapaian)"},
    "ev.phase": {"en": "Phase A up to {date} (first intervention session), phase B after it.", "id": "Fase A sampai {date} (sesi intervensi pertama), fase B sesudahnya."},
    "ev.charts": {"en": "{n} chart(s) written to {dir}", "id": "{n} grafik ditulis ke {dir}"},
}


def register(app: typer.Typer) -> None:
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)
    app.command("evaluate", help=H(
        "Show each objective's baseline, target, latest value and progress, each goal's attainment score with its meaning, "
        "and the case's GAS T-score; --chart writes an AB chart per objective (phase line, baseline and target marked).\n\n"
        "Example: intervensi evaluate pkh-s-2025\n\nExample: intervensi evaluate pkh-s-2025 --chart --format png --output charts/",
        "Tampilkan baseline, target, nilai terakhir dan kemajuan tiap sasaran, skor pencapaian tiap tujuan beserta maknanya, "
        "dan skor-T GAS kasus; --chart menulis grafik AB per sasaran (garis fase, baseline dan target ditandai).\n\n"
        "Contoh: intervensi evaluate pkh-s-2025\n\nContoh: intervensi evaluate pkh-s-2025 --chart --format png --output grafik/",
    ))(evaluate)


def evaluate(
    case: CaseArg,
    rho: Annotated[float, typer.Option("--rho", help=H("Correlation between goal scores in the T-score formula.", "Korelasi antarskor tujuan dalam rumus skor-T."))] = 0.3,
    chart: Annotated[bool, typer.Option("--chart", help=H("Write an AB chart per objective.", "Tulis grafik AB per sasaran."))] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=H("Chart format: svg or png.", "Format grafik: svg atau png."), metavar="svg|png")] = "svg",
    output: Annotated[Path, typer.Option("--output", "-o", help=H("Directory for the charts.", "Direktori untuk grafik."))] = Path("."),
    json: JsonOpt = False,
) -> None:
    from ..casefile import load_case
    from ..evaluation import evaluate as do_evaluate

    STATE.json = json
    if fmt not in ("svg", "png"):
        raise typer.BadParameter(msg("err.choice_chart_format"), param_hint="--format")
    path = resolve_case(case)
    c = load_case(path)
    ev = do_evaluate(c, rho=rho, lang=None if json else STATE.lang)  # --json: only the meanings written
    written: list[Path] = []
    if chart:
        written = write_charts(ev, output, fmt, STATE.lang)
    if json:
        data = ev.to_dict()
        data["charts"] = [str(p) for p in written]
        emit_json("evaluate", {"evaluation": data})
        return
    show(ev, STATE.lang)
    if chart:
        say(msg("ev.charts", n=len(written), dir=str(output)), "green")


def write_charts(ev: CaseEvaluation, output: Path, fmt: str, lang: str) -> list[Path]:
    from ..charts import ab_chart
    from ..store import ensure_private_dir, write_output

    ensure_private_dir(output)
    out = []
    for obj in ev.objectives:
        p = output / f"{ev.case_id}-{obj.id}.{fmt}"
        write_output(p, ab_chart(obj, fmt=fmt, lang=lang), kind="chart")
        out.append(p)
    return out


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A one-line trend: ``▁▁▂▄▆█``."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return _BARS[3] * len(values)
    return "".join(_BARS[round((v - lo) / (hi - lo) * (len(_BARS) - 1))] for v in values)


def _trend(obj: ObjectiveResult) -> str:
    a = sparkline([p.value for p in obj.points])
    n_a = len(obj.phase_a)
    return f"{a[:n_a]}│{a[n_a:]}" if n_a and obj.phase_b else a


def show(ev: CaseEvaluation, lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from .. import numfmt
    from ..i18n import t

    def m(key: str, **kw: object) -> str:
        return t(key, lang, **kw)

    con = console()
    table = Table(title=m("ev.title", id=ev.case_id), title_justify="left")
    for col, just in (("ev.goal", "left"), ("ev.objective", "left"), ("ev.baseline", "right"), ("ev.target", "right"),
                      ("ev.latest", "right"), ("ev.progress", "right"), ("ev.trend", "left"), ("ev.nap", "right")):
        wide = col in ("ev.trend", "ev.objective")
        table.add_column(m(col), justify=just, no_wrap=wide, min_width=max((len(o.points) + 1 for o in ev.objectives), default=1) if col == "ev.trend" else None)  # type: ignore[arg-type]
    for g in ev.goals:
        for i, o in enumerate(g.objectives or [None]):  # type: ignore[list-item]
            if o is None:
                table.add_row(escape(g.id), "—", "", "", "", "", "", "")
                continue
            prog = numfmt.percent(o.progress, lang)
            style = "green" if o.met else None
            table.add_row(
                escape(g.id) if i == 0 else "",
                escape(o.id),
                numfmt.measure(o.baseline, lang),
                numfmt.measure(o.target, lang) + (" ↓" if o.direction == "down" else ""),
                numfmt.measure(o.latest, lang),
                f"[{style}]{prog}[/]" if style else prog,
                _trend(o),
                numfmt.nap(o.nap, lang),
            )
    print_table(table, whole=(0, 1))  # goal and objective ids
    gas = Table(title_justify="left")
    for col in ("ev.goal", "ev.weight", "ev.score", "ev.meaning"):
        gas.add_column(m(col))
    for g in ev.goals:
        gas.add_row(escape(g.id), numfmt.measure(g.weight, lang), numfmt.signed(g.score, lang), escape(g.meaning or ""))
    print_table(gas, whole=(0,))
    if ev.t_score is None:
        con.print(escape(m("ev.no_t")))
    else:
        con.print(escape(m("ev.t_score", t=numfmt.t_score(ev.t_score, lang), rho=numfmt.number(ev.rho, lang), n=ev.scored, total=len(ev.goals))))
    if ev.phase_change:
        con.print(escape(m("ev.phase", date=ev.phase_change.isoformat())), style="dim")
