"""The ``intervensi`` command line: a thin layer over the library.

One error boundary (:class:`Group.invoke`): an :class:`~intervensi.errors.IntervensiError`
becomes one line on stderr (``file:line:col: field: message``, in the user's language) and
its exit code; a stray :class:`OSError` becomes the same one-line file error as in the library
(:func:`intervensi.fsafe.os_error`, exit code 11); anything else becomes "unexpected error"
and exit code 1. ``--traceback``
re-raises for developers (and warns that it may show client data).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from ..errors import ExitCode
from ..i18n import CATALOG
from ._common import HELP_LANG, STATE, H, err_console, msg, render_error

_SUB_ARGS: list[str] = []  # the arguments after the command's name (for the top-level callback)

CATALOG.update({
    "err.interrupted_written": {
        "en": "interrupted after the change was written to {path}: it is in the file (check it with `intervensi show`)",
        "id": "dihentikan setelah perubahan ditulis ke {path}: perubahan sudah ada di berkas (periksa dengan `intervensi show`)",
    },
})


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: temporary files removed, child processes stopped


class Group(TyperGroup):
    """The top-level group: the error boundary, and the help in panels by stage.

    SIGTERM is turned into the same path as Ctrl-C, so ``with`` blocks run (a PDF report's
    temporary folder is removed, a browser child is killed) and the message tells whether a
    file was written (:data:`intervensi.store.WRITTEN`) or left as it was.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ._index import COMMANDS, NOUNS
        from ._items import LazyCommands

        # commands and noun groups join as placeholders: the module that registers one is
        # imported when it is looked up, and the command built into a Click command when used
        pending = {n: Pending(n, m) for n, m in COMMANDS.items()}
        pending.update({n: Pending(n, m) for n, m in NOUNS.items() if n not in COMMANDS})
        self.commands = LazyCommands({**self.commands, **pending})

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands.keys())

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and len(_LOADED) < len(MODULES):
            self.every_command()  # a name not (yet) in cli/_index.py still works, only slower
            found = super().get_command(ctx, cmd_name)
        return found

    def every_command(self) -> None:
        """Import every module of commands; names they register that cli/_index.py lacks join too."""
        load_all()
        for name, entry in {**_COMMANDS, **{n: v for n, v in _NOUNS.items() if n not in _COMMANDS}}.items():
            if name not in self.commands:
                self.commands[name] = entry  # type: ignore[assignment]  # built when looked up (LazyCommands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Typer draws ``rich_help_panel`` sections only with Rich help (slow to import);
        # the same sections in Click's plain help, in the order of the cycle.
        self.every_command()
        sections: dict[str, list[tuple[str, str]]] = {}
        raw = getattr(self.commands, "raw", self.commands.get)
        rows = [(n, c) for n, c in ((n, raw(n)) for n in self.list_commands(ctx)) if c is not None and not c.hidden]
        if not rows:
            return
        from ._framework import short_help

        for name, cmd in rows:
            title = getattr(cmd, "rich_help_panel", None) or "Commands"
            sections.setdefault(title, []).append((name, short_help(cmd)))
        from ._items import PANELS, panel

        order = [panel(k) for k in PANELS]
        for title, entries in sorted(sections.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)):
            with formatter.section(title):
                formatter.write_dl(entries)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        _SUB_ARGS[:] = rest
        return name, cmd, rest

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Typer's main loop, with usage errors and aborts shown in the user's language."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        from typer._click.exceptions import ClickException

        from . import _framework

        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except ClickException as exc:
            for i, line in enumerate(_framework.usage_error_lines(exc)):
                print(line, file=sys.stderr)
                if i == 0 and STATE.json:
                    import json

                    data = {"error": "UsageError", "key": "usage", "message": line.split(": ", 1)[-1], "exit_code": exc.exit_code}
                    sys.stdout.write(json.dumps({"version": 1, "ok": False, "error": data}, ensure_ascii=False) + "\n")
            sys.exit(exc.exit_code)
        except Abort:
            print(_framework.w("fw.aborted"), file=sys.stderr)
            sys.exit(1)
        except BrokenPipeError:
            pipe_closed()
            sys.exit(PIPE_CLOSED)
        sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)

    def invoke(self, ctx: Any) -> Any:
        import signal

        loaded = sys.modules.get("intervensi.store")
        if loaded is not None:
            loaded.WRITTEN.clear()  # what this command writes (an earlier command in the same process does not count)
        previous = None
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return super().invoke(ctx)
        except (Exit, Abort, TyperException):
            raise
        except BrokenPipeError:  # `intervensi status | head`: the reader has all it wants
            pipe_closed()
            ctx.exit(PIPE_CLOSED)
        except KeyboardInterrupt:
            if STATE.traceback:
                raise
            store = sys.modules.get("intervensi.store")
            written = list(getattr(store, "WRITTEN", []))
            if written:
                err_console().print(msg("err.interrupted_written", path=written[-1]), soft_wrap=True)
            else:
                err_console().print(msg("err.interrupted"))
            ctx.exit(130)
        except Exception as exc:  # the boundary
            code = report(exc, option=option_of(self, ctx, getattr(exc, "field", None)) if getattr(exc, "exit_code", None) == 2 else None)
            ctx.exit(code)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


#: Exit code when the reader of stdout closed the pipe early, as a process killed by SIGPIPE has
#: (errors.py has no dependencies: importing it costs nothing at start-up).
PIPE_CLOSED = int(ExitCode.PIPE_CLOSED)


def pipe_closed() -> None:
    """Stop writing to a closed stdout, quietly: later writes (and the flush at exit) go nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (a test runner's buffer)
        pass


#: A field whose name differs from the option that gives it.
_OPTION_OF_FIELD = {"attendance": "attended"}


def option_of(group: Any, ctx: Any, field: Any) -> str | None:
    """The option (``--name``) or argument (``TO``) of the running command that gave the value
    of ``field`` (``client.name``, ``termination.referrals.to``), or ``None`` when no parameter
    of the command has that field's name. Found from the command line as typed."""
    if not isinstance(field, str) or not field or field.startswith("-"):
        return None
    parts = [p.split("#")[0].split("[")[0] for p in field.split(".")]
    names = [p for p in parts if p and not p.isdigit()]
    if not names:
        return None
    wanted = _OPTION_OF_FIELD.get(names[-1], names[-1]).replace("-", "_")
    try:
        cmd = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
        rest = [a for a in _SUB_ARGS if not a.startswith("-")]
        while cmd is not None and hasattr(cmd, "get_command") and rest:
            cmd = cmd.get_command(ctx, rest.pop(0))
    except Exception:  # an odd command line: name the field only
        return None
    for param in getattr(cmd, "params", []):
        if param.name == wanted:
            if param.param_type_name == "option":
                return str(max(param.opts, key=len))
            return str(getattr(param, "metavar", None) or _framework._arg_word(str(param.name)))  # as the usage line shows it
    return None


def report(exc: BaseException, option: str | None = None) -> int:
    """Tell the user about ``exc`` (stderr; with ``--json`` also stdout); its exit code.
    ``option``: the command-line option whose value was refused, named beside the field."""
    from ..errors import ExitCode, IntervensiError

    if STATE.traceback:
        err_console().print(msg("err.traceback_note"), style="yellow")
        raise exc
    if isinstance(exc, OSError):  # an OS error is the user's world, not a bug: say what and where
        from ..fsafe import os_error

        exc = os_error(exc)
    if isinstance(exc, IntervensiError):
        lines = render_error(exc, option)
        code = int(exc.exit_code)
        data = exc.to_dict()
        data["message"] = lines[0]
        if option:
            data["option"] = option
        if hasattr(exc, "problems"):
            data["problems"] = [{**p.to_dict(), "message": render_error(p)[0]} for p in exc.problems]
    else:
        lines = [msg("err.unexpected", kind=type(exc).__name__)]
        code = int(ExitCode.FAILURE)
        data = {"error": type(exc).__name__, "message": lines[0], "exit_code": code}
    from rich.markup import escape

    for i, line in enumerate(lines):
        prefix = f"{msg('fw.error')}: " if i == 0 else "  "
        err_console().print(escape(prefix + line), style="red" if i == 0 else None, soft_wrap=True)
    if STATE.json:
        from ..jsonsafe import dumps

        sys.stdout.write(dumps({"version": 1, "ok": False, "error": data}, ensure_ascii=False, default=str) + "\n")
    return code


app = typer.Typer(
    cls=Group,
    name="intervensi",
    help=H(
        "Carry social-work cases through the intervention cycle: engagement, assessment, "
        "planning, intervention, evaluation, termination (and monitoring). One case = one YAML file.",
        "Membawa kasus pekerjaan sosial melalui lingkaran intervensi: engagement, asesmen, "
        "perencanaan, intervensi, evaluasi, terminasi (dan monitoring). Satu kasus = satu berkas YAML.",
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"intervensi {version('intervensi')}")
        raise typer.Exit()


@app.callback()
def main_options(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=H("Language: en or id (default: workspace config, then $LANG).", "Bahasa: en atau id (bawaan: konfigurasi workspace, lalu $LANG)."), metavar="en|id"),
    ] = None,
    traceback: Annotated[
        bool,
        typer.Option("--traceback", help=H("Show Python tracebacks (for developers; may show client data).", "Tampilkan traceback Python (untuk pengembang; dapat menampilkan data klien).")),
    ] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help=H("Show the version.", "Tampilkan versi."))] = False,
) -> None:
    from ..config import ConfigError, load_config
    from ..i18n import resolve_lang

    if lang is not None and lang not in ("en", "id"):
        raise typer.BadParameter("en or id", param_hint="--lang")
    STATE.traceback = traceback
    STATE.lang_given = lang is not None
    try:
        config_lang = None if lang else load_config().language
    except ConfigError:
        if {"-h", "--help"} & set(_SUB_ARGS):
            config_lang = None  # help needs no config; the command itself would refuse
        else:
            STATE.lang = resolve_lang(lang, None)
            _framework.set_language(STATE.lang)
            raise
    STATE.lang = resolve_lang(lang, config_lang)
    _framework.set_language(STATE.lang)


from . import _framework  # noqa: E402
from ._items import COMMANDS as _COMMANDS  # noqa: E402
from ._items import NOUNS as _NOUNS  # noqa: E402
from ._items import LazyCommand as _LazyCommand  # noqa: E402
from ._items import catalog as _catalog  # noqa: E402
from ._items import panel as _panel  # noqa: E402

_framework.install()
_framework.set_language(HELP_LANG)
_catalog()

#: The modules that register commands, in the order of the top-level help (each has ``register(app)``).
MODULES = ("case", "roster", "cycle", "fill", "evaluation", "reports", "cohort", "render", "bulk", "site", "diagram",
           "n_engagement", "n_assessment", "n_diagram", "n_planning", "n_intervention", "n_evaluation", "n_termination")
#: The stage panel of every command registered without one (``--help`` groups them).
PANEL_OF = {
    "case": ("init", "import", "new-case", "show", "check", "history", "schema", "advance", "reopen"),
    "engagement": ("contract",),
    "assessment": ("summary", "genogram", "ecomap"),
    "evaluation": ("evaluate", "monitoring"),
    "termination": ("terminate",),
    "caseload": ("report", "status", "agenda", "export", "render", "site", "set", "advance-ready", "add-session-all"),
}
#: Older names kept working as hidden aliases of ``NOUN add`` (STYLE.md §8).
ALIASES = {
    "add-need": "need add", "add-strength": "strength add", "add-risk": "risk add", "add-goal": "goal add",
    "add-objective": "objective add", "add-activity": "activity add", "add-session": "session add",
    "add-measurement": "measurement add", "score-goal": "score add", "add-check": "monitoring-check add",
    "add-person": "person add", "change-person": "person change", "remove-person": "person remove",
    "add-union": "union add", "change-union": "union change", "remove-union": "union remove",
    "add-child": "child add", "remove-child": "child remove",
    "add-relationship": "relationship add", "remove-relationship": "relationship remove",
    "add-system": "system add", "change-system": "system change", "remove-system": "system remove",
}
_WHERE = {name: stage for stage, names in PANEL_OF.items() for name in names}
_LOADED: list[str] = []


def load(module: str) -> None:
    """Import the command module ``module`` (one of :data:`MODULES`) and register its commands.

    Its top-level commands join :data:`intervensi.cli._items.COMMANDS` as unbuilt
    :class:`~intervensi.cli._items.LazyCommand` (Typer would build every registered command
    at start-up), its noun groups :data:`~intervensi.cli._items.NOUNS`. Once per process.
    """
    if module in _LOADED:
        return
    import importlib

    mod = importlib.import_module(f"{__name__}.{module}")
    _LOADED.append(module)
    mod.register(app)
    for info in app.registered_commands:
        if info.name in _WHERE and not isinstance(info.rich_help_panel, str):
            info.rich_help_panel = _panel(_WHERE[info.name])
        if info.name in ALIASES:
            info.hidden = True
        _COMMANDS[str(info.name)] = _LazyCommand(info, app)
    app.registered_commands = []


def registered() -> tuple[dict[str, str], dict[str, str]]:
    """``(COMMANDS, NOUNS)`` as the modules register them, in a fresh process (it imports them all)."""
    from ._items import COMMANDS as commands
    from ._items import NOUNS as nouns

    found_c: dict[str, str] = {}
    found_n: dict[str, str] = {}
    for module in MODULES:
        before_c, before_n = set(commands), set(nouns)
        load(module)
        found_c.update({n: module for n in commands if n not in before_c})
        found_n.update({n: module for n in nouns if n not in before_n})
    return found_c, found_n


def load_all() -> None:
    """Every command module (``--help`` lists them all; an error's words may live in any)."""
    for module in MODULES:
        load(module)


def _words_of_every_module() -> None:
    load_all()


from ..i18n import ON_MISSING_ERROR as _ON_MISSING_ERROR  # noqa: E402

_ON_MISSING_ERROR.append(_words_of_every_module)


class Pending:
    """A top-level name whose module is not imported yet (:data:`intervensi.cli._index`)."""

    def __init__(self, name: str, module: str) -> None:
        self.name, self.module = name, module

    def resolve(self) -> Any:
        """The command or noun group, unbuilt (:class:`~intervensi.cli._items.Noun`)."""
        load(self.module)
        found = _COMMANDS.get(self.name) or _NOUNS.get(self.name)
        if found is None:  # the index is behind the modules: tests/test_startup.py says so first
            raise LookupError(f"cli/{self.module}.py registers no '{self.name}' (update cli/_index.py)")
        return found


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="intervensi")
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pipe_closed()
            raise SystemExit(PIPE_CLOSED) from None
        raise done
    except BrokenPipeError:
        pipe_closed()
        raise SystemExit(PIPE_CLOSED) from None
