"""The ``intervensi`` command line: a thin layer over the library.

One error boundary (:class:`Group.invoke`): an :class:`~intervensi.errors.IntervensiError`
becomes one line on stderr (``file:line:col: field: message``, in the user's language) and
its exit code; anything else becomes "unexpected error" and exit code 1. ``--traceback``
re-raises for developers (and warns that it may show client data).
"""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from ..i18n import CATALOG
from ._common import STATE, H, err_console, msg

CATALOG.update({
    "err.interrupted_written": {
        "en": "interrupted after the change was written to {path}: it is in the file (check it with `intervensi show`)",
        "id": "dihentikan setelah perubahan ditulis ke {path}: perubahan sudah ada di berkas (periksa dengan `intervensi show`)",
    },
})


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: temporary files removed, child processes stopped


class Group(TyperGroup):
    """The top-level group: the error boundary.

    SIGTERM is turned into the same path as Ctrl-C, so ``with`` blocks run (a PDF report's
    temporary folder is removed, a browser child is killed) and the message tells whether a
    file was written (:data:`intervensi.store.WRITTEN`) or left as it was.
    """

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
            code = report(exc)
            ctx.exit(code)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def report(exc: BaseException) -> int:
    from ..errors import ExitCode, IntervensiError

    if STATE.traceback:
        err_console().print(msg("err.traceback_note"), style="yellow")
        raise exc
    if isinstance(exc, IntervensiError):
        lines = render_error(exc)
        code = int(exc.exit_code)
        data = exc.to_dict()
        data["message"] = lines[0]
        if hasattr(exc, "problems"):
            data["problems"] = [{**p.to_dict(), "message": render_error(p)[0]} for p in exc.problems]
    else:
        lines = [msg("err.unexpected", kind=type(exc).__name__)]
        code = int(ExitCode.FAILURE)
        data = {"error": type(exc).__name__, "message": lines[0], "exit_code": code}
    from rich.markup import escape

    for i, line in enumerate(lines):
        prefix = "error: " if i == 0 else "  "
        err_console().print(escape(prefix + line), style="red" if i == 0 else None, soft_wrap=True)
    if STATE.json:
        import json

        sys.stdout.write(json.dumps({"version": 1, "ok": False, "error": data}, ensure_ascii=False, default=str) + "\n")
    return code


def render_error(exc: Any) -> list[str]:
    """The lines of an error in the user's language: the first is the one-line summary."""
    from ..i18n import has, t

    lang = STATE.lang
    key = f"err.{exc.key}"
    params = dict(exc.params)
    if exc.key == "unknown_key":
        name = params.get("hint_name")
        params["hint"] = t("err.hint", lang, name=name) if name else ""
    if exc.key == "gate":
        params.setdefault("stage", "")
    what = params.get("what")
    if isinstance(what, str) and has(f"what.{what}"):
        params["what"] = t(f"what.{what}", lang)
    text = t(key, lang, **params) if has(key) else exc.message
    lines = [exc.line_text(text)]
    if getattr(exc, "unmet", None):
        lines += [f"- {u}" for u in exc.unmet]
    problems = getattr(exc, "problems", None)
    if problems and len(problems) > 1:
        lines += [render_error(p)[0] for p in problems[1:6]]
        if len(problems) > 6:
            lines.append(t("err.problems_more", lang, count=len(problems) - 6))
    return lines


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
    add_completion=False,
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
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=H("Show the version.", "Tampilkan versi."))] = False,
) -> None:
    from ..config import load_config
    from ..i18n import resolve_lang

    if lang is not None and lang not in ("en", "id"):
        raise typer.BadParameter("en or id", param_hint="--lang")
    STATE.traceback = traceback
    STATE.lang_given = lang is not None
    STATE.lang = resolve_lang(lang, None if lang else load_config().language)


from . import case as _case  # noqa: E402
from . import cohort as _cohort  # noqa: E402
from . import cycle as _cycle  # noqa: E402
from . import diagram as _diagram  # noqa: E402
from . import evaluation as _evaluation  # noqa: E402
from . import fill as _fill  # noqa: E402
from . import reports as _reports  # noqa: E402

_case.register(app)
_cycle.register(app)
_fill.register(app)
_evaluation.register(app)
_reports.register(app)
_cohort.register(app)
_diagram.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="intervensi")
