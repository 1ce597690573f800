"""What every command shares: language, output for people and scripts, finding cases.

Import-light on purpose (typer and the standard library only at module level): this is
loaded for ``intervensi --help``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import CATALOG, env_lang, t

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from ..config import Config

JSON_VERSION = 1


@dataclass
class State:
    lang: str = "en"
    traceback: bool = False
    json: bool = False
    lang_given: bool = False


STATE = State()


def help_lang() -> str:
    """The language of ``--help``: ``--lang`` on the command line, the environment, the config."""
    from ..i18n import resolve_lang

    argv = sys.argv[1:]
    given = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
        elif arg.startswith("--lang="):
            given = arg.split("=", 1)[1]
    if given in ("en", "id"):
        return given
    if env_lang(locale=False):
        return resolve_lang(None, None)
    from ..config import load_config

    try:
        config_lang = load_config().language
    except Exception:  # a broken config is reported by the command itself, in English or by --lang
        config_lang = None
    return resolve_lang(None, config_lang)


HELP_LANG = help_lang()


def H(en: str, id: str) -> str:
    """Help text in the help language."""
    return id if HELP_LANG == "id" else en


def lang() -> str:
    return STATE.lang


#: The words of option values refused by this package's own checks (``typer.BadParameter``).
CHOICE_MESSAGES: dict[str, dict[str, str]] = {
    "err.choice_lang": {"en": "en or id", "id": "en atau id"},
    "err.choice_report_format": {"en": "html, md, docx or pdf", "id": "html, md, docx atau pdf"},
    "err.choice_chart_format": {"en": "svg or png", "id": "svg atau png"},
    "err.report_needs_output": {"en": "docx and pdf need --output FILE", "id": "docx dan pdf memerlukan --output BERKAS"},
}
CATALOG.update(CHOICE_MESSAGES)


def msg(key: str, **params: Any) -> str:
    return t(key, STATE.lang, **params)


_console: Console | None = None
_err: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=False, emoji=False)
        _console.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    return _console


def summary_console() -> Console:
    """Where a summary for a person goes: stdout at a terminal, stderr when stdout is a pipe
    or a file (which then holds only the data rows)."""
    con = console()
    return con if con.is_terminal else err_console()


def print_table(table: Any, whole: Sequence[int] = (), optional: Sequence[int] = ()) -> None:
    """Show a Rich ``table``: at a terminal, drawn, with long cells wrapped rather than cut
    ("desa-…" never stands for an id) and the columns numbered in ``whole`` (case ids) as wide
    as their longest line, so an id is never broken over two lines either; when every column's
    longest word fits, no word is broken (Rich would cut a header into "baselin|e"); when the terminal
    is too narrow for every column's longest word, the columns in ``optional`` are left out, in
    that order, until the rest fit (a note on stderr names them); for a pipe or a file, the same cells in full as
    tab-separated lines (the title, if any, on a line of its own; a header line; one line
    per row; lines inside a cell joined with "; "; no colour), which ``cut``, ``sort`` and
    spreadsheets read."""
    from . import _plain

    if isinstance(table, _plain.Table):  # kept as markup: no Rich at all through a pipe
        text = table.tsv() if _plain.to_pipe(sys.stdout) else None
        if text is not None:
            sys.stdout.write(text)
            return
        table = table.rich()
    con = console()
    if con.is_terminal:
        from rich.text import Text as RichText

        def lines(cell: Any) -> list[str]:
            return (cell.plain if isinstance(cell, RichText) else RichText.from_markup(str(cell)).plain).splitlines()

        def need(i: int) -> int:  # the column's longest word (whole: longest line), its padding and a border
            col = table.columns[i]
            parts = [p for c in [col.header, *col.cells] for line in lines(c) for p in ([line] if i in whole else line.split())]
            return max((len(p) for p in parts), default=1) + 3

        hidden = []
        for i in optional:
            kept = [j for j in range(len(table.columns)) if j not in hidden]
            if sum(need(j) for j in kept) + 1 <= con.width:
                break
            hidden.append(i)
        if hidden:
            import textwrap

            for line in textwrap.wrap(msg("msg.columns_hidden", columns=", ".join(lines(table.columns[i].header)[0] for i in hidden)), con.width):
                say(line, "dim")
            whole = [j - sum(1 for h in hidden if h < j) for j in whole if j not in hidden]
            table.columns[:] = [c for j, c in enumerate(table.columns) if j not in hidden]
        count = len(table.columns)
        needs = [need(j) for j in range(count)]
        if sum(needs) + 1 <= con.width:
            # Room for every column's longest word: share the width out here (Rich's own sharing can
            # squeeze a column below its longest word, cutting "baselin|e" or "2026-0|4-27"): start
            # from each column's longest line and narrow the widest until the table fits.
            widths = [max(needs[j], max((len(line) for c in [table.columns[j].header, *table.columns[j].cells] for line in lines(c)), default=1) + 3)
                      for j in range(count)]
            while sum(widths) + 1 > con.width:
                j = max((k for k in range(count) if widths[k] > needs[k]), key=lambda k: widths[k])
                widths[j] -= 1
            for j, col in enumerate(table.columns):
                col.width = widths[j] - 3
        for i, col in enumerate(table.columns):
            col.overflow = "fold"
            if i in whole:
                cells = [col.header, *col.cells]
                col.width = max((len(line) for c in cells for line in lines(c)), default=1)
        con.print(table)
        return
    from rich.text import Text

    def plain(cell: Any) -> str:
        text = cell.plain if isinstance(cell, Text) else Text.from_markup(str(cell)).plain
        return "; ".join(" ".join(line.replace("\t", " ").split()) for line in text.splitlines() if line.strip())

    if table.title:
        sys.stdout.write(plain(table.title) + "\n")
    cols = [list(c.cells) for c in table.columns]
    if table.show_header:
        sys.stdout.write("\t".join(plain(c.header) for c in table.columns) + "\n")
    for i in range(max((len(c) for c in cols), default=0)):
        sys.stdout.write("\t".join(plain(c[i]) if i < len(c) else "" for c in cols) + "\n")


def _pipe_closed() -> None:
    """Rich's own answer to a closed pipe is exit 1 (our "bug" code): hand it to the CLI's
    boundary instead, which ends quietly with the code a SIGPIPE gives (141)."""
    raise BrokenPipeError


def err_console() -> Console:
    global _err
    if _err is None:
        from rich.console import Console

        _err = Console(stderr=True, highlight=False, emoji=False)
        _err.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    return _err


def say(text: str, style: str | None = None) -> None:
    """A message for the person (stderr, so stdout stays data)."""
    from . import _plain

    markup = _plain.escape(text) if style is None else f"[{style}]{_plain.escape(text)}[/]"
    if not _plain.say(markup):  # written directly when stderr is no terminal
        err_console().print(markup, soft_wrap=True)


def echo(markup: str, soft_wrap: bool = False) -> None:
    """``console().print(markup)``, written directly through a pipe when Rich would print the same."""
    from . import _plain

    if not _plain.line(markup, soft_wrap=soft_wrap):
        console().print(markup, soft_wrap=soft_wrap)


def emit_json(command: str, data: Any) -> None:
    """The versioned JSON envelope every ``--json`` command prints on stdout."""
    payload = {"version": JSON_VERSION, "command": command, "ok": True, **data}
    from ..jsonsafe import dumps

    sys.stdout.write(dumps(payload, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(o: Any) -> Any:
    import datetime as dt

    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    return str(o)


JsonOpt = Annotated[bool, typer.Option("--json", help=H("Print JSON for scripts on stdout.", "Cetak JSON untuk skrip di stdout."))]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help=H("Who does this (default: the workspace worker, then $USER).", "Siapa yang melakukan (bawaan: pekerja di workspace, lalu $USER).")),
]
CaseArg = Annotated[
    str,
    typer.Argument(
        metavar="CASE",
        help=H("A case file, or a case id in the workspace's cases directory.", "Berkas kasus, atau id kasus di direktori kasus workspace."),
        show_default=False,
    ),
]


def config() -> Config:
    from ..config import load_config

    return load_config()


def worker_name(by: str | None) -> str:
    if by:
        return by
    cfg = config()
    if cfg.worker:
        return cfg.worker
    from ..store import current_user

    return current_user()


def resolve_case(ref: str) -> Path:
    """A CASE argument: a path to a file, or an id looked up in the workspace's cases."""
    from ..errors import NotFound
    from ..model_base import CASE_ID

    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or os.sep in ref or (os.altsep and os.altsep in ref):
        if p.is_dir():
            from ..errors import CaseFileError

            raise CaseFileError("is a directory, not a case file", path=p, key="is_directory")
        if not p.exists() and not p.is_symlink():
            raise NotFound("no such file", path=p, key="no_such_file")
        return p
    if not CASE_ID.match(ref):
        from ..errors import UsageError

        raise UsageError(f"'{ref}' is not a valid case id", key="bad_case_id", params={"id": ref})
    cfg = config()
    places = [cfg.cases, Path("cases"), Path(".")]
    for d in places:
        for ext in (".yaml", ".yml"):
            candidate = d / f"{ref}{ext}"
            if candidate.is_file() or (candidate.exists() and not candidate.is_dir()):
                return candidate  # a FIFO or device by that name is refused, by name, when read
    where = ", ".join(dict.fromkeys(str(d) for d in places))
    if cfg.root is None:  # no workspace here or above: say how to make one
        raise NotFound(
            f"no case '{ref}' (looked for {where}; no intervensi.toml here or above: run `intervensi init` to make this folder a workspace)",
            key="no_case_no_workspace",
            params={"name": ref, "where": where},
        )
    raise NotFound(f"no case '{ref}' (looked for {where})", key="no_case", params={"name": ref, "where": where})


def parse_date(value: str | None, field: str) -> Any:
    if value is None:
        return None
    import datetime as dt

    from ..errors import UsageError

    if value in ("today", "hari-ini"):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    import re

    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value.strip())
    if m:  # day first, as Indonesians write dates: 01/03/2026 is 1 March 2026
        try:
            iso = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            iso = None
        if iso:
            raise UsageError(f"write dates as YYYY-MM-DD (did you mean {iso}?)", field=field, key="date_form", params={"iso": iso})
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise UsageError("not a real date (YYYY-MM-DD)", field=field, key="date_unreal")
    raise UsageError("not a date: write it as YYYY-MM-DD (e.g. 2026-03-01)", field=field, key="date_bad")


def today_if_none(value: str | None, field: str) -> Any:
    import datetime as dt

    return parse_date(value, field) or dt.date.today()


def render_error(exc: Any, option: str | None = None) -> list[str]:
    """The lines of an error in the user's language: the first is the one-line summary
    (``option``: named before the field, ``--name (client.name): ...``)."""
    from .. import fsafe  # noqa: F401  (registers the words of file errors raised in a worker)
    from ..i18n import has, t

    lang = STATE.lang
    key = f"err.{exc.key}"
    params = exc.params_in(lang)  # a validation message given in both languages: the user's
    if exc.key in ("unknown_key", "where_field"):
        name = params.get("hint_name")
        params["hint"] = t("err.hint", lang, name=name) if name else ""
    if exc.key == "gate":
        params.setdefault("stage", "")
    what = params.get("what")
    if isinstance(what, str) and has(f"what.{what}"):
        params["what"] = t(f"what.{what}", lang)
    text = t(key, lang, **params) if has(key) else exc.message
    shown = None
    if option and exc.field:  # `--name (client.name)`; a field that is the option's own name: `--reason`
        shown = f"{option} ({exc.field})" if "." in exc.field else option
    lines = [exc.line_text(text, shown)]
    if getattr(exc, "unmet", None):
        lines += [f"- {u}" for u in exc.unmet]
    problems = getattr(exc, "problems", None)
    if problems and len(problems) > 1:
        lines += [render_error(p)[0] for p in problems[1:6]]
        if len(problems) > 6:
            lines.append(t("err.problems_more", lang, count=len(problems) - 6))
    return lines
