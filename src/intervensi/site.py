"""A static, offline caseload site: an index page and one page per case, in a folder.

``build_site(["cases/"], "site/")`` writes ``site/index.html`` (status table, stage funnel,
overdue cases, the week's agenda: :func:`intervensi.site_pages.index_page`) and
``site/cases/<case id>.html`` (each case's report: :func:`intervensi.site_pages.case_page`).
Nothing in the pages asks for anything over the network; no server is needed.

How it works:

* **Scan**: the digest (BLAKE2b of the bytes) of every case file; the files whose digest the
  manifest does not know (and every symbolic link) are read over all cores (the cohort's
  :class:`~intervensi.procs.Pool`): valid or why not, and the case id.
* **Plan**: a page is rendered again only when its *key* changed — the file's digest and
  the settings (language, anonymisation and its key, the intervensi version, the report
  templates; with ``anonymize`` also the names of every case of the run, since a page
  must hide a mention of another client) — or when the page on disk is not the one the
  manifest (``.intervensi-site.json``) recorded (size and modification time). Pages of
  cases no longer given are removed. The index and the manifest are rewritten only when
  their bytes change.
* **Render** the pages to do over worker processes (:func:`intervensi.procs.executor`:
  workers die with the main process and leave Ctrl-C to it); every file is written
  atomically (:func:`intervensi.store.atomic_write`), so a page is whole or absent. On
  Ctrl-C, workers stop between pages, the manifest records the pages finished, and
  :class:`SiteInterrupted` is raised: the same call later finishes the work.
* **Never someone else's folder**: an existing, non-empty folder without the manifest is
  refused (:class:`SiteNotOurs`, exit code 10) unless ``force``; even then only the index,
  the manifest and ``cases/<stem>.html`` pages are written, and only pages listed in the
  manifest are ever removed.

With ``anonymize`` every page comes from :class:`intervensi.anonymize.Anonymizer` (the
workspace key): pages are named by the case pseudonym, the index shows pseudonyms, and the
paths of unreadable files (a file name may hold a name) are left out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AlreadyExists, ExitCode, IntervensiError, Locked
from .i18n import CATALOG

if TYPE_CHECKING:
    from .anonymize import Anonymizer

MANIFEST = ".intervensi-site.json"
FORMAT = 1
TOOL = "intervensi site"
_TEMP = re.compile(r"^\..+\.(html|json)\..+\.tmp$")

Progress = Callable[[str, int, "int | None"], None]

MESSAGES: dict[str, dict[str, str]] = {
    "err.site_not_ours": {
        "en": "the folder exists and was not made by `intervensi site`; nothing was written (add --force to write into it anyway)",
        "id": "folder ini sudah ada dan bukan buatan `intervensi site`; tidak ada yang ditulis (tambahkan --force untuk tetap menulis ke dalamnya)",
    },
    "err.site_not_folder": {
        "en": "is not a folder the site can be written into (a file or a link); nothing was written",
        "id": "bukan folder tempat situs dapat ditulis (sebuah berkas atau tautan); tidak ada yang ditulis",
    },
    "err.site_locked": {
        "en": "another `intervensi site` run is writing this folder{holder}; try again when it has finished",
        "id": "proses `intervensi site` lain sedang menulis folder ini{holder}; coba lagi setelah selesai",
    },
    "err.site_interrupted": {
        "en": "interrupted: {done} page(s) written, each one whole; run the same command again to finish",
        "id": "dihentikan: {done} halaman ditulis, masing-masing utuh; jalankan perintah yang sama lagi untuk menyelesaikan",
    },
}
CATALOG.update(MESSAGES)


class SiteNotOurs(AlreadyExists):
    """The output folder exists, is not empty and holds no site manifest (exit code 10)."""

    key = "site_not_ours"


class SiteLocked(Locked):
    """Another ``site`` run holds the folder's lock (exit code 7)."""

    key = "site_locked"


class SiteInterrupted(IntervensiError):
    """Ctrl-C or SIGTERM while pages were written; ``result`` says what is done (exit code 130)."""

    exit_code = ExitCode.INTERRUPTED
    key = "site_interrupted"

    def __init__(self, result: SiteResult) -> None:
        super().__init__("interrupted", path=result.out, params={"done": len(result.written)})
        self.result = result


@dataclass
class SiteResult:
    """What :func:`build_site` did. Lists hold page stems (file names without ``.html``)."""

    out: Path
    written: list[str] = field(default_factory=list)  # pages rendered and written by this run
    kept: list[str] = field(default_factory=list)  # pages already up to date
    removed: list[str] = field(default_factory=list)  # pages of cases no longer given
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"path", "stem", "problem"}: no page
    invalid: list[dict[str, Any]] = field(default_factory=list)  # cohort rows of files that cannot be read
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # case id -> the files sharing it
    index_written: bool = False
    anonymised: bool = False
    removed_counts: dict[str, int] = field(default_factory=dict)  # what the anonymiser removed, by kind

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": str(self.out), "index": str(self.index), "written": self.written, "kept": self.kept, "removed": self.removed,
            "failed": self.failed, "invalid": [{"path": r["path"], "problems": r.get("problems", [])} for r in self.invalid],
            "duplicate_ids": self.duplicates, "index_written": self.index_written, "anonymised": self.anonymised,
            "removed_counts": self.removed_counts,
        }


# --------------------------------------------------------------------------- the folder


def read_manifest(out: Path, force: bool = False) -> dict[str, Any]:
    """The manifest of the site in ``out`` (empty when there is none yet).

    Raises :class:`SiteNotOurs` for an existing folder with entries but no manifest
    (unless ``force``), and ``AlreadyExists`` (``site_not_folder``) when ``out`` is a file
    or a symbolic link. A damaged manifest counts as ours, with no page known (all rendered again).
    """
    if os.path.islink(out) or (os.path.lexists(out) and not os.path.isdir(out)):
        raise AlreadyExists("not a folder", path=out, key="site_not_folder")
    if not os.path.isdir(out):
        return {}
    manifest = out / MANIFEST
    if os.path.lexists(manifest):
        from .fsafe import read_bytes

        try:
            data = json.loads(read_bytes(manifest, 64 << 20, follow=False))
        except (ValueError, IntervensiError):
            return {"tool": TOOL, "pages": {}}
        if isinstance(data, dict) and data.get("tool") == TOOL and isinstance(data.get("pages"), dict):
            return data
        return {"tool": TOOL, "pages": {}}
    if not force and any(True for _ in os.scandir(out)):
        raise SiteNotOurs("exists and was not made by intervensi site", path=out)
    return {}


def _sweep(folder: Path) -> None:
    """Remove the temporary files a killed writer left in a folder of the site."""
    with contextlib.suppress(OSError):
        for e in os.scandir(folder):
            if _TEMP.match(e.name) and e.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(e.path)


def _write_if_changed(path: Path, data: bytes) -> bool:
    from .fsafe import read_bytes
    from .store import atomic_write

    with contextlib.suppress(IntervensiError):
        if os.path.isfile(path) and not os.path.islink(path) and read_bytes(path) == data:
            return False
    atomic_write(path, data)
    return True


# --------------------------------------------------------------------------- scanning


def _people(case: Any) -> list[str]:
    genogram = case.assessment.genogram if case.assessment else None
    return [case.client.name, *(m.name for m in case.client.members), *(p.name for p in (genogram.people if genogram else []) if p.name)]


def _fingerprint(*parts: Any) -> str:
    return hashlib.blake2b(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"), digest_size=16).hexdigest()


def _templates_digest(sub: str) -> str:
    """A digest of the bundled templates of ``sub`` (``reports``: the case pages; ``site``: the index)."""
    from .newcase import templates_dir

    h = hashlib.blake2b(digest_size=16)
    root = templates_dir() / sub
    for f in sorted(root.iterdir()) if root.is_dir() else []:
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _unique(stems: list[str]) -> list[str]:
    """Page names, the second and later of one name made ``<name>--2``... (case-insensitively)."""
    taken: set[str] = set()
    out = []
    for s in stems:
        stem, n = s, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{s}--{n}"
        taken.add(stem.casefold())
        out.append(stem)
    return out


# --------------------------------------------------------------------------- the whole run


def build_site(
    paths: Iterable[Path | str],
    out: Path | str,
    *,
    lang: str = "en",
    anonymize: bool = False,
    anonymizer: Anonymizer | None = None,
    force: bool = False,
    jobs: int | None = None,
    today: dt.date | None = None,
    rho: float = 0.3,
    progress: Progress | None = None,
) -> SiteResult:
    """Write (or bring up to date) the caseload site of the case files under ``paths`` in ``out``.

    ``lang``: ``en`` or ``id``. ``anonymize``: pages from anonymised cases (``anonymizer``:
    the one to use, e.g. with extra names to remove; by default one under the workspace key).
    ``force``: write into an existing folder that is not a site. ``jobs``: worker processes
    (all cores by default). ``today``: the date for days in stage, overdue and the agenda.
    ``progress(phase, n, total)``: called with ``("scan", 1, total)`` per file parsed and
    ``("render", 1, total)`` per page rendered (``("render", 0, total)`` once, first).

    Returns a :class:`SiteResult`. Raises :class:`SiteNotOurs`, ``AlreadyExists``
    (``site_not_folder``), :class:`SiteInterrupted` (Ctrl-C, SIGTERM while rendering),
    :class:`SiteLocked` (another run writes the same folder, exit code 7) and
    :class:`~intervensi.errors.FileSystemError` when the folder cannot be written.
    """
    from .store import CaseLock, ensure_private_dir

    out = Path(out)
    read_manifest(out, force)  # a folder that is not a site is refused before anything is written in it
    ensure_private_dir(out)
    lock = CaseLock(out / MANIFEST, timeout=1.0)  # the sidecar .intervensi-site.json.lock
    try:
        lock.acquire()
    except Locked as exc:
        raise SiteLocked("another run is writing this site", path=out, params=exc.params) from None
    try:
        return _build(paths, out, lang=lang, anonymize=anonymize, anonymizer=anonymizer, jobs=jobs, today=today, rho=rho, progress=progress)
    finally:
        lock.release()


def _build(paths: Iterable[Path | str], out: Path, *, lang: str, anonymize: bool, anonymizer: Anonymizer | None, jobs: int | None,
           today: dt.date | None, rho: float, progress: Progress | None) -> SiteResult:
    """:func:`build_site` once the folder is known to be a site (or forced) and locked."""
    from . import __version__
    from .cohort import duplicate_ids, iter_files
    from .site_render import digests, parse, render_all
    from .store import ensure_private_dir

    today = today or dt.date.today()
    n_jobs = max(1, jobs or os.cpu_count() or 1)
    manifest = read_manifest(out, True)
    old_pages: dict[str, Any] = dict(manifest.get("pages", {}))
    cases_dir = out / "cases"
    ensure_private_dir(out)
    if not manifest:  # marked as a site before anything else is written: a run killed later leaves it ours
        _write_if_changed(out / MANIFEST, (json.dumps({"tool": TOOL, "format": FORMAT, "pages": {}}) + "\n").encode("utf-8"))
    if os.path.islink(cases_dir) or (os.path.lexists(cases_dir) and not os.path.isdir(cases_dir)):
        raise AlreadyExists("not a folder", path=cases_dir, key="site_not_folder")
    ensure_private_dir(cases_dir)
    _sweep(out)  # under the lock: a temporary file here is a killed run's
    _sweep(cases_dir)
    result = SiteResult(out=out, anonymised=anonymize or anonymizer is not None)

    # -- scan: digests here; a file is parsed only when its digest is new (or, anonymising,
    # when any page is to be made: the anonymiser must know every case's names)
    files = [str(f) for f in iter_files(paths)]
    facts = digests(files)
    names: str | None = None
    secret: list[Any] = []
    if result.anonymised:
        from .anonymize import Anonymizer

        anonymizer = anonymizer if anonymizer is not None else Anonymizer(lang=lang)
        anonymizer.lang = lang
        secret = [hashlib.blake2b(anonymizer.key, digest_size=16, person=b"intervensi-site").hexdigest(), sorted(anonymizer.also_remove)]
    else:
        anonymizer = None
    base = _fingerprint(FORMAT, __version__, lang, rho, result.anonymised, secret, _templates_digest("reports"))
    known: dict[str, Any] = manifest.get("sources", {}) if manifest.get("base") == base else {}
    readable = [p for p in files if facts[p]["digest"]]
    # a symbolic link is always read: whether it may be followed depends on where it points, not on the bytes
    fresh = [p for p in readable if facts[p]["digest"] not in known or os.path.islink(p)]
    parsed = bool(fresh) and result.anonymised
    cases = parse(facts, readable if parsed else fresh, jobs, result.anonymised, progress)
    for p in readable:
        if "valid" not in facts[p]:
            facts[p].update(known[facts[p]["digest"]])

    def plan() -> tuple[list[str], list[dict[str, Any]], dict[str, Any], str]:
        nonlocal names
        if result.anonymised and parsed:
            assert anonymizer is not None
            anonymizer.know(cases.values())
            names = _fingerprint(sorted({n for c in cases.values() for n in _people(c)}))
            for p, c in cases.items():
                facts[p]["base"] = anonymizer.case_pseudonym(c)
        elif result.anonymised:
            names = manifest.get("names")
        for f in facts.values():
            f.setdefault("base", f.get("id"))
        settings = _fingerprint(base, names)
        valid = [facts[p] for p in files if facts[p].get("valid")]
        stems = _unique([str(f["base"]) for f in valid])
        todo: list[dict[str, Any]] = []
        pages: dict[str, Any] = {}
        for f, stem in zip(valid, stems, strict=True):
            key = hashlib.blake2b(f"{settings}\0{f['digest']}".encode(), digest_size=16).hexdigest()
            old = old_pages.get(stem)
            if old and old.get("key") == key and _same_file(cases_dir / f"{stem}.html", old):
                pages[stem] = old
            else:
                todo.append({"path": f["path"], "stem": stem, "key": key})
        return stems, todo, pages, settings

    stems, todo, pages, settings = plan()
    if todo and result.anonymised and not parsed:  # a page to make: read every case (names) first
        parsed = True
        cases = parse(facts, readable, jobs, True, progress)
        stems, todo, pages, settings = plan()
    result.kept = [s for s in stems if s in pages]
    valid = [facts[p] for p in files if facts[p].get("valid")]
    result.invalid = [{"id": None, "path": f["path"], "valid": False, "problems": f.get("problems", [])} for f in facts.values() if not f.get("valid")]
    result.duplicates = duplicate_ids(valid)
    current = set(stems)
    gone = [stem for stem in old_pages if stem not in current]
    # what a later run needs to skip parsing an unchanged file (never its path: a file name may hold a name)
    # nor, anonymised, its case id (two files sharing one id are then named when they are read)
    sources = {f["digest"]: {"valid": f.get("valid"), "id": None if result.anonymised else f.get("id"), "base": f.get("base"),
                             "problems": [{k: v for k, v in q.items() if k != "path"} for q in f.get("problems") or []]}
               for f in facts.values() if f["digest"] and not os.path.islink(f["path"])}

    def save(index: dict[str, Any] | None = None) -> None:
        # pages not redone keep their old entry (a stale key): known as ours, rendered again next time
        removed = set(result.removed)
        kept = {k: v for k, v in old_pages.items() if k not in removed}
        data = {"tool": TOOL, "format": FORMAT, "version": __version__, "base": base, "names": names, "settings": settings,
                "sources": sources, "pages": {**kept, **pages}, "index": index}
        _write_if_changed(out / MANIFEST, (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8"))

    # -- render
    if progress:
        progress("render", 0, len(todo))

    def record(res: dict[str, Any]) -> None:
        if "problem" in res:
            result.failed.append({"path": res["path"], "stem": res["stem"], "problem": res["problem"]})
        else:
            pages[res["stem"]] = {k: res[k] for k in ("key", "size", "mtime_ns", "row", "counts")}
            result.written.append(res["stem"])
        if progress:
            progress("render", 1, len(todo))

    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: signals stay as they are
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        render_all(todo, cases_dir, lang, rho, anonymizer, n_jobs, record)
    except KeyboardInterrupt:
        save()
        raise SiteInterrupted(result) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

    # -- pages of cases no longer given, the index, the manifest
    for stem in gone:
        target = cases_dir / f"{stem}.html"
        with contextlib.suppress(FileNotFoundError):
            if os.path.isfile(target) and not os.path.islink(target):
                os.unlink(target)
        result.removed.append(stem)
    for stem in set(stems) - set(pages):  # failed this time: no stale page stays linked to nothing
        with contextlib.suppress(OSError):
            if os.path.isfile(cases_dir / f"{stem}.html") and stem in old_pages:
                os.unlink(cases_dir / f"{stem}.html")
    index_entry = _write_index(out, stems, pages, result, lang, today, settings, manifest.get("index"))
    result.index_written = index_entry.pop("written")
    save(index_entry)
    counts: dict[str, int] = {}
    for stem in stems:
        for k, v in (pages.get(stem, {}).get("counts") or {}).items():
            counts[k] = counts.get(k, 0) + int(v)
    result.removed_counts = counts
    return result


def _same_file(path: Path, entry: dict[str, Any]) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return st.st_size == entry.get("size") and st.st_mtime_ns == entry.get("mtime_ns") and not os.path.islink(path)


def _write_index(out: Path, stems: list[str], pages: dict[str, Any], result: SiteResult, lang: str, today: dt.date,
                 settings: str, old: dict[str, Any] | None) -> dict[str, Any]:
    """Write the index if its content changed; its manifest entry (``key``, ``size``,
    ``mtime_ns``) and ``written``. When its inputs (the pages' keys, the files that could not be
    read, the day, the settings) are those of the index on disk, it is not even rendered."""
    from .i18n import has, t

    invalid = []
    for r in result.invalid:
        p = (r.get("problems") or [{}])[0]
        key = f"err.{p.get('key')}"
        invalid.append({"path": r["path"], "problem": t(key, lang, **p.get("params", {})) if has(key) else p.get("text", "")})
    for f in result.failed:
        key = f"err.{f['problem'].get('key')}"
        invalid.append({"path": f["path"], "problem": t(key, lang, **f["problem"].get("params", {})) if has(key) else f["problem"].get("text", "")})
    files = len(stems) + len(result.invalid)
    key = _fingerprint(settings, _templates_digest("site"), today.isoformat(), [(s, pages[s]["key"]) for s in stems if s in pages], invalid, files)
    target = out / "index.html"
    if old and old.get("key") == key and _same_file(target, old):
        return {**old, "written": False}
    from .site_pages import index_page

    rows = [{**pages[s]["row"], "stem": s} for s in stems if s in pages]
    html = index_page(rows, lang=lang, today=today, anonymised=result.anonymised, invalid=invalid, files=files)
    written = _write_if_changed(target, html.encode("utf-8"))
    st = os.lstat(target)
    return {"key": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "written": written}


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


__all__ = ["MANIFEST", "SiteInterrupted", "SiteLocked", "SiteNotOurs", "SiteResult", "build_site", "read_manifest"]
