"""The command-line framework's own words (Typer and its vendored Click) in the user's language.

Typer 0.29 carries its own copy of Click, whose words ("Usage:", "Options", "Show this
message and exit.", "Missing option", "No such option") are plain strings, not gettext
calls. They reach a user in two ways, and both are taken over here:

* help pages are written by a ``HelpFormatter``: :class:`Formatter` (installed as the
  formatter of every context) translates the usage prefix, section headings, the help
  option's text and the ``[required]`` / ``[default: …]`` marks;
* usage errors are exceptions that carry the parameter, its kind and the possibilities:
  :func:`usage_error_lines` renders them from those fields — not from Click's English
  sentence — with our ``error:`` prefix, the same one-line shape as every other error.

Values typed for an option that pydantic refuses arrive as a ``BadParameter`` whose cause
is the ``ValidationError``; it is described by :mod:`intervensi.validation_i18n`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from typer._click.exceptions import BadOptionUsage, BadParameter, ClickException, MissingParameter, NoSuchOption, UsageError
from typer._click.formatting import HelpFormatter

from ..i18n import CATALOG, t

MESSAGES: dict[str, dict[str, str]] = {
    "fw.usage": {"en": "Usage:", "id": "Penggunaan:"},
    "fw.Options": {"en": "Options", "id": "Opsi"},
    "fw.Arguments": {"en": "Arguments", "id": "Argumen"},
    "fw.Commands": {"en": "Commands", "id": "Perintah"},
    "fw.help": {"en": "Show this message and exit.", "id": "Tampilkan bantuan ini lalu keluar."},
    "fw.install_completion": {"en": "Install completion for the current shell.", "id": "Pasang pelengkapan otomatis untuk shell ini."},
    "fw.show_completion": {
        "en": "Show completion for the current shell, to copy it or customize the installation.",
        "id": "Tampilkan pelengkapan otomatis untuk shell ini, untuk disalin atau dipasang sendiri.",
    },
    "fw.required": {"en": "required", "id": "wajib"},
    "fw.default": {"en": "default", "id": "bawaan"},
    "fw.env_var": {"en": "env var", "id": "variabel lingkungan"},
    "fw.error": {"en": "error", "id": "kesalahan"},
    "fw.try_help": {"en": "Try '{command} {option}' for help.", "id": "Lihat '{command} {option}' untuk bantuan."},
    "fw.no_such_option": {"en": "no such option: {name}", "id": "tidak ada opsi {name}"},
    "fw.did_you_mean": {"en": "did you mean {names}?", "id": "maksudnya {names}?"},
    "fw.missing_option": {"en": "missing option {name}", "id": "opsi {name} belum diberikan"},
    "fw.missing_argument": {"en": "missing argument {name}", "id": "argumen {name} belum diberikan"},
    "fw.missing_parameter": {"en": "missing {name}", "id": "{name} belum diberikan"},
    "fw.bad_value": {"en": "invalid value for {name}: {problem}", "id": "nilai tidak valid untuk {name}: {problem}"},
    "fw.needs_value": {"en": "option {name} needs a value", "id": "opsi {name} memerlukan nilai"},
    "fw.takes_no_value": {"en": "option {name} does not take a value", "id": "opsi {name} tidak menerima nilai"},
    "fw.extra_args": {"en": "unexpected extra argument(s): {args}", "id": "argumen tambahan yang tidak dikenal: {args}"},
    "fw.no_such_command": {"en": "no such command: {name}", "id": "tidak ada perintah {name}"},
    "fw.missing_command": {"en": "missing command", "id": "perintah belum diberikan"},
    "fw.aborted": {"en": "Aborted.", "id": "Dibatalkan."},
    "err.date_form": {"en": "write dates as YYYY-MM-DD (did you mean {iso}?)", "id": "tulis tanggal sebagai YYYY-MM-DD (maksudnya {iso}?)"},
    "err.date_unreal": {"en": "not a real date (YYYY-MM-DD)", "id": "bukan tanggal yang ada (YYYY-MM-DD)"},
    "err.date_bad": {"en": "not a date: write it as YYYY-MM-DD (e.g. 2026-03-01)", "id": "bukan tanggal: tulis sebagai YYYY-MM-DD (mis. 2026-03-01)"},
    "ph.CASE": {"en": "CASE", "id": "KASUS"},
    "ph.DATE": {"en": "DATE", "id": "TANGGAL"},
    "ph.YEAR": {"en": "YEAR", "id": "TAHUN"},
    "ph.TEXT": {"en": "TEXT", "id": "TEKS"},
    "ph.ID": {"en": "ID", "id": "ID"},
    "ph.N": {"en": "N", "id": "N"},
    "ph.NUMBER": {"en": "NUMBER", "id": "ANGKA"},
    "ph.FILE": {"en": "FILE", "id": "BERKAS"},
    "ph.FOLDER": {"en": "FOLDER", "id": "FOLDER"},
    "ph.OPTIONS": {"en": "OPTIONS", "id": "OPSI"},
    "ph.COMMAND": {"en": "COMMAND", "id": "PERINTAH"},
    "ph.ARGS": {"en": "ARGS", "id": "ARGUMEN"},
    "ph.VALUE": {"en": "VALUE", "id": "NILAI"},
    "ph.SCORE": {"en": "SCORE", "id": "SKOR"},
    "ph.FILES": {"en": "FILES", "id": "BERKAS"},
    "ph.PERSON": {"en": "PERSON", "id": "ORANG"},
    "ph.KIND": {"en": "KIND", "id": "JENIS"},
    "ph.NAME": {"en": "NAME", "id": "NAMA"},
}

#: Argument names (as written in the code) -> the placeholder shown for them.
_ARG_WORDS = {"value": "VALUE", "score": "SCORE", "text": "TEXT", "description": "TEXT", "dir": "FOLDER", "directory": "FOLDER",
              "paths": "FILES", "path": "FILE", "files": "FILES", "roster": "FILE", "case": "CASE", "cases": "FILES",
              "a": "PERSON", "b": "PERSON", "kind": "KIND", "name": "NAME"}
CATALOG.update(MESSAGES)

_LANG = ["en"]


def set_language(lang: str) -> None:
    """The language the framework's words are shown in (``en`` or ``id``)."""
    _LANG[0] = lang


def w(key: str, **params: Any) -> str:
    return t(key, _LANG[0], **params)


_MARK = re.compile(r"\[(required|default: (?P<default>[^\]]*)|env var: (?P<env>[^\]]*))\]")
_REQ_IN = re.compile(r"(\[[^\]]*?); required\]")
_FIXED = {
    "Show this message and exit.": "fw.help",
    "Install completion for the current shell.": "fw.install_completion",
    "Show completion for the current shell, to copy it or customize the installation.": "fw.show_completion",
}


def _help_text(text: str) -> str:
    if _LANG[0] == "en":
        return text
    key = _FIXED.get(text.strip())
    if key:
        return w(key)

    def mark(m: re.Match[str]) -> str:
        if m.group("default") is not None:
            return f"[{w('fw.default')}: {m.group('default')}]"
        if m.group("env") is not None:
            return f"[{w('fw.env_var')}: {m.group('env')}]"
        return f"[{w('fw.required')}]"

    text = _REQ_IN.sub(lambda m: f"{m.group(1)}; {w('fw.required')}]", text)
    return _MARK.sub(mark, text)


_TYPED = re.compile(r"^(?P<names>.*?)\s+(?:<(?P<type>[^>]*)>|\{(?P<brace>[^}]*)\})$")
_DATEISH = ("date", "start", "end", "opened", "due", "agreed", "since", "until", "closed", "left", "joined", "born", "died")
_FILEISH = ("--output", "--template", "--mapping", "--also-remove", "--config")
_IDISH = ("id", "goal", "objective", "need", "member", "person", "system", "union", "activity", "attended", "child", "parent", "partner", "risk", "strength", "session")


def placeholder(names: str, kind: str) -> str:
    """A word for what an option takes (DATE, ID, FILE, TEXT…) instead of a Python type."""
    words = [n.strip().lstrip("-").lower() for n in re.split(r"[,/ ]+", names) if n.strip()]
    longest = max(words, key=len) if words else ""
    if kind in ("int",):
        word = "N"
    elif kind in ("float",):
        word = "NUMBER"
    elif any(n in _FILEISH for n in names.replace(",", " ").split()):
        word = "FILE"
    elif longest in ("dir", "directory", "folder"):
        word = "FOLDER"
    elif any(part in _DATEISH for part in re.split(r"[-_]", longest)):
        word = "DATE"
    elif longest in _IDISH or longest.endswith("-id"):
        word = "ID"
    else:
        word = "TEXT"
    return w(f"ph.{word}")


def _arg_word(name: str) -> str:
    """The placeholder of an argument named ``name`` in the code (``CASE``, ``goal``, ``value``)."""
    if f"ph.{name}" in CATALOG:
        return w(f"ph.{name}")
    word = _ARG_WORDS.get(name.lower())
    if word is None:
        word = "ID" if name.lower() in _IDISH or name.lower().endswith("_id") else "TEXT"
    return w(f"ph.{word}")


def _usage_args(args: str) -> str:
    args = re.sub(r"\{([A-Za-z_]+)\}", lambda m: _arg_word(m.group(1)), args)
    args = args.replace("[OPTIONS]", f"[{w('ph.OPTIONS')}]").replace("COMMAND [ARGS]", f"{w('ph.COMMAND')} [{w('ph.ARGS')}]")
    return _ph_words(args)


def _ph_words(text: str) -> str:
    """Placeholders written in capitals (``[FILES]...``, ``--also-remove FILE``) in the help language."""
    return re.sub(r"\b([A-Z][A-Z_]+)\b", lambda m: w(f"ph.{m.group(1)}") if f"ph.{m.group(1)}" in CATALOG else m.group(0), text)


def _term(first: str) -> str:
    m = _TYPED.match(first)
    if not m or not m.group("names").strip():
        bare = first.strip()
        return _arg_word(bare) if re.fullmatch(r"[A-Za-z_]+", bare) else _ph_words(first)
    names = m.group("names")
    if not names.lstrip().startswith("-"):  # an argument: its name is its placeholder
        return _arg_word(names.strip())
    kind = m.group("type") or ""
    if m.group("brace") is not None or "|" in kind:
        return first  # a choice (svg|png): the choices are the best placeholder
    return f"{names} {placeholder(names, kind)}"


class Formatter(HelpFormatter):
    """Click's help formatter, with the framework's words in the user's language."""

    _section = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _usage_args(args), prefix if prefix is not None else w("fw.usage") + " ")

    def write_heading(self, heading: str) -> None:
        self._section = heading
        key = f"fw.{heading}"
        super().write_heading(w(key) if key in CATALOG else heading)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if self._section in ("Options", "Arguments"):  # placeholders; a list of commands keeps its names
            rows = [(_term(a), b) for a, b in rows]
        super().write_dl([(a, _help_text(b)) for a, b in rows], col_max, col_spacing)


_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|cf|mis|dll|dsb|yaitu)\.", re.I)


def short_help(cmd: Any) -> str:
    """A command's first sentence, whole (``e.g.`` is not a sentence's end): the help list
    wraps it rather than cutting it with "…"."""
    text = getattr(cmd, "short_help", None) or (getattr(cmd, "help", None) or "").split("\n\n")[0]
    text = " ".join(text.split())
    guarded = _ABBREV.sub(lambda m: m.group(0).replace(".", "\0"), text)
    end = re.search(r"[.!?](\s|$)", guarded)
    if end:
        guarded = guarded[: end.start() + 1]
    return guarded.replace("\0", ".")


def install() -> None:
    """Make :class:`Formatter` the formatter of every help page."""
    from typer._click.core import Context

    Context.formatter_class = Formatter


# --------------------------------------------------------------------------- usage errors


def _param_name(exc: BadParameter) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    names = [str(h) for h in hint] if isinstance(hint, (list, tuple)) else [str(hint or "")]
    out = []
    for name in names:
        bare = name.strip("'\"")
        if f"ph.{bare}" in CATALOG:
            out.append(w(f"ph.{bare}"))
        elif bare.startswith("-"):
            out.append(bare)
        elif re.fullmatch(r"[a-z_]+", bare):  # an argument without a metavar: its placeholder word (TEXT, ID...)
            out.append(_arg_word(bare))
        else:
            out.append(name)
    return " / ".join(out)


def _problem(exc: ClickException) -> str:
    """What is wrong, in our words, from the exception's fields."""
    lang = _LANG[0]
    if isinstance(exc, NoSuchOption):
        text = w("fw.no_such_option", name=exc.option_name)
        near = list(exc.possibilities or []) or _near_options(exc)
        if near:
            text += " (" + w("fw.did_you_mean", names=", ".join(sorted(near))) + ")"
        return text
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        key = {"option": "fw.missing_option", "argument": "fw.missing_argument"}.get(kind, "fw.missing_parameter")
        return w(key, name=_param_name(exc))
    if isinstance(exc, BadParameter):
        cause = exc.__cause__
        problem = exc.message
        errors = getattr(cause, "errors", None)
        if callable(errors):
            from ..validation_i18n import describe

            try:
                problem = "; ".join(describe(e, lang) for e in errors(include_url=False))
            except Exception:  # a cause that only looks like pydantic's
                problem = exc.message
        name = _param_name(exc)
        return w("fw.bad_value", name=name, problem=problem) if name else problem
    if isinstance(exc, BadOptionUsage):
        if " requires " in exc.message:
            return w("fw.needs_value", name=exc.option_name)
        if "does not take a value" in exc.message:
            return w("fw.takes_no_value", name=exc.option_name)
        return exc.message
    message = exc.message
    m = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if m:
        return w("fw.extra_args", args=m.group(1))
    m = re.fullmatch(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", message)
    if m:
        text = w("fw.no_such_command", name=m.group(1))
        return text + (" (" + w("fw.did_you_mean", names=m.group(2)) + ")" if m.group(2) else "")
    if message == "Missing command.":
        return w("fw.missing_command")
    return message


def _near_options(exc: NoSuchOption) -> list[str]:
    ctx = exc.ctx
    if ctx is None:
        return []
    names = [n for p in ctx.command.get_params(ctx) for n in getattr(p, "opts", []) if n.startswith("-")]
    return difflib.get_close_matches(exc.option_name, names, n=2, cutoff=0.6)


def usage_error_lines(exc: ClickException) -> list[str]:
    """The lines a user sees for a usage error: ``error: …`` first, then the usage and a hint."""
    lines = [f"{w('fw.error')}: {_problem(exc)}"]
    if isinstance(exc, UsageError) and exc.ctx is not None:
        ctx = exc.ctx
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(w("fw.try_help", command=ctx.command_path, option=ctx.help_option_names[0]))
    return lines


def format_commands_whole(self: Any, ctx: Any, formatter: Any) -> None:
    """A group's list of commands with each one's first sentence whole (Click cuts it at ~45
    characters with "…"); used for the noun groups (``need add|change|remove|list``)."""
    rows = []
    for name in self.list_commands(ctx):
        cmd = self.get_command(ctx, name)
        if cmd is None or getattr(cmd, "hidden", False):
            continue
        rows.append((name, short_help(cmd)))
    if rows:
        with formatter.section("Commands"):
            formatter.write_dl(rows)
