"""``intervensi render``: genograms, ecomaps and reports of every case of a caseload into
one folder, in parallel (:class:`intervensi.procs.Pool`), with progress on stderr; Ctrl-C
leaves only whole files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import CATALOG
from ._caseload import (
    ClosedOpt,
    IdTracker,
    JobsOpt,
    PathsArg,
    Progress,
    StageOpt,
    WorkerOpt,
    _problem_line,
    open_cohort,
    say_duplicates,
)
from ._common import STATE, H, JsonOpt, config, emit_json, msg, say

if TYPE_CHECKING:
    pass

MESSAGES: dict[str, dict[str, str]] = {
    "msg.rendered": {"en": "{files} files written to {out} ({skipped} skipped).", "id": "{files} berkas ditulis ke {out} ({skipped} dilewati)."},
    "msg.render_skipped": {"en": "{path}: skipped {why}", "id": "{path}: dilewati {why}"},
    "msg.render_interrupted": {
        "en": "interrupted: every file written to {out} is complete ({cases} of {total} case(s) done); no case file was changed. Run render again to draw the rest.",
        "id": "dihentikan: setiap berkas yang sudah ditulis ke {out} utuh ({cases} dari {total} kasus selesai); tidak ada berkas kasus yang diubah. Jalankan render lagi untuk sisanya.",
    },
    "msg.render_missing": {"en": "{what} is not available in this installation: skipped.", "id": "{what} tidak tersedia di instalasi ini: dilewati."},
}
CATALOG.update(MESSAGES)


def register(app: typer.Typer) -> None:
    app.command("render", help=H(
        "Draw genograms and ecomaps and write reports of every case into a folder, in parallel.\n\nExample: intervensi render cases/ --output out/",
        "Gambar genogram dan ekomap serta tulis laporan semua kasus ke satu folder, secara paralel.\n\nContoh: intervensi render cases/ --output out/",
    ))(render)


def _render_chunk(args: list[str]) -> list[dict[str, Any]]:
    """Worker: render each case of a chunk (``path|outdir|what|fmt|lang``)."""
    out: list[dict[str, Any]] = []
    for arg in args:
        path, outdir, what, fmt, lang, stem = arg.split("\x00")
        out.append(render_one(Path(path), Path(outdir), what.split(","), fmt, lang, stem or None))
    return out


def render_one(path: Path, outdir: Path, what: list[str], fmt: str, lang: str, stem: str | None = None) -> dict[str, Any]:
    """Draw and write what one case needs; files are named ``<stem>.<kind>.<fmt>`` (``stem``:
    the case id, made unique by the caller when two files share an id)."""
    from ..casefile import load_case
    from ..errors import IntervensiError
    from ..store import atomic_write

    result: dict[str, Any] = {"path": str(path), "files": [], "skipped": [], "error": None}
    try:
        case = load_case(path)
    except IntervensiError as exc:
        result["error"] = exc.message
        return result
    from ..procs import stopping

    for kind in what:
        if stopping():  # interrupted: each file written so far is whole; no new one is begun
            break
        try:
            if kind in ("genogram", "ecomap"):
                from .. import diagrams

                fn = getattr(diagrams, f"render_{kind}")
                data = fn(case, fmt=fmt)
                target = outdir / f"{stem or case.id}.{kind}.{fmt}"
            elif kind == "report":
                from ..report import render_report

                data = render_report(case, fmt="html", lang=lang, supervisor=config().supervisor)  # the workspace signs too
                target = outdir / f"{stem or case.id}.report.html"
            else:
                continue
        except ImportError:
            result["skipped"].append(kind)
            continue
        except IntervensiError as exc:
            from ..i18n import has, t

            why = t(f"err.{exc.key}", lang, **exc.params) if has(f"err.{exc.key}") else exc.message
            result["skipped"].append(f"{kind}: {why}")
            continue
        atomic_write(target, data if isinstance(data, (bytes, str)) else str(data))
        result["files"].append(str(target))
    return result


def unique_stems(rows: list[dict[str, Any]]) -> dict[str, str]:
    """``{path: stem}``: the case id, or for the second and later files sharing an id
    ``<id>--2``, ``<id>--3``... so no output of one run overwrites another."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for r in rows:
        stem, n = str(r["id"]), 1
        while stem.casefold() in taken:  # case-insensitive file systems too
            n += 1
            stem = f"{r['id']}--{n}"
        taken.add(stem.casefold())
        out[r["path"]] = stem
    return out


def render(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help=H("Folder for the files.", "Folder untuk berkas."))] = Path("out"),
    what: Annotated[str, typer.Option("--what", help=H("Comma-separated: genogram, ecomap, report.", "Dipisah koma: genogram, ecomap, report."))] = "genogram,ecomap,report",
    fmt: Annotated[str, typer.Option("--format", "-f", help=H("Diagram format (svg, dot, ...).", "Format diagram (svg, dot, ...)."))] = "svg",
    stage: StageOpt = None,
    worker: WorkerOpt = None,
    closed: ClosedOpt = None,
    jobs: JobsOpt = None,
    json: JsonOpt = False,
) -> None:
    import importlib.util

    from ..cohort import Pool
    from ..errors import ExitCode
    from ..store import ensure_private_dir

    STATE.json = json
    kinds = [w.strip() for w in what.split(",") if w.strip()]
    available = []
    for k in kinds:
        mod = "intervensi.report" if k == "report" else "intervensi.diagrams"
        if importlib.util.find_spec(mod) is None:
            say(msg("msg.render_missing", what=k), "yellow")
        else:
            available.append(k)
    ensure_private_dir(output)
    cohort = open_cohort(paths, jobs=jobs, stage=stage, worker=worker, closed=closed)
    every = list(cohort.rows(include_invalid=True))
    invalid = [_problem_line(r) for r in every if not r["valid"]]
    rows = [r for r in every if r["valid"]]
    ids = IdTracker()
    for r in rows:
        ids.add(r)
    stems = unique_stems(rows)
    say_duplicates(ids.duplicates())
    args = ("\x00".join([r["path"], str(output), ",".join(available), fmt, STATE.lang, stems[r["path"]]]) for r in rows)
    results: list[dict[str, Any]] = []
    progress = Progress(None, "render")
    try:
        with Pool(jobs) as pool:
            for res in pool.map(_render_chunk, args):
                results.append(res)
                progress()
    except KeyboardInterrupt:  # the workers have finished the file they were on (procs.Pool)
        progress.close()
        if STATE.traceback:
            raise
        say(msg("msg.render_interrupted", out=output, cases=len(results), total=len(rows)), "yellow")
        raise typer.Exit(130) from None
    finally:
        progress.close()
    files = sum(len(r["files"]) for r in results)
    skipped = sum(len(r["skipped"]) for r in results)
    errors = [r for r in results if r["error"]]
    if json:
        emit_json("render", {"output": output, "cases": results, "files": files, "invalid": invalid, "duplicate_ids": ids.duplicates()})
    else:
        for r in results:  # each diagram not drawn, and why (never a blank picture)
            for why in r["skipped"]:
                say(msg("msg.render_skipped", path=r["path"], why=why), "yellow")
        for line in invalid:
            say(line, "red")
        say(msg("msg.rendered", files=files, out=output, skipped=skipped + len(invalid)), "green" if not (errors or invalid) else "red")
    if errors or invalid:
        raise typer.Exit(int(ExitCode.INVALID))
