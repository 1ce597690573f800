"""`intervensi --help` stays fast, and every command has help in English and Indonesian."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "ruamel.yaml", "graphviz", "jinja2")

PROBE = r"""
import json, sys
sys.argv = ["intervensi"] + ARGS
try:
    from intervensi.cli import main
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\n@@" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "ruamel", "graphviz", "jinja2"))), file=sys.stderr)
"""


def probe(*args: str, env_lang: str = "en") -> tuple[str, list[str]]:
    code = PROBE.replace("ARGS", repr(list(args)))
    import os

    env = {**os.environ, "INTERVENSI_LANG": env_lang, "COLUMNS": "200"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    modules = json.loads(out.stderr.rsplit("@@", 1)[1])
    return out.stdout, modules


def test_top_level_help_imports_nothing_heavy() -> None:
    out, modules = probe("--help")
    assert "advance" in out and "new-case" in out
    loaded = [m for m in modules if m.startswith(HEAVY)]
    assert loaded == [], f"--help imported {loaded}"


def test_version_imports_nothing_heavy() -> None:
    out, modules = probe("--version")
    assert out.startswith("intervensi ")
    assert [m for m in modules if m.startswith(HEAVY)] == []


HELP_DUMP = r"""
import json, sys
sys.argv = ["intervensi", "--lang", LANG]
from typer.main import get_command
from intervensi.cli import app
cmd = get_command(app)
out = {"": cmd.help or ""}
for name, sub in cmd.commands.items():
    out[name] = (sub.help or "") + "\n" + "\n".join((p.help or "") for p in sub.params if getattr(p, "help", None) is not None)
print(json.dumps(out))
"""


def help_texts(lang: str) -> dict[str, str]:
    import os

    code = HELP_DUMP.replace("LANG", repr(lang))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "INTERVENSI_LANG": "en"}, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def helps() -> dict[str, dict[str, str]]:
    return {lang: help_texts(lang) for lang in ("en", "id")}


MINE = ["init", "new-case", "show", "check", "status", "history", "schema", "advance", "reopen", "contract", "add-need", "add-strength",
        "add-risk", "add-goal", "add-objective", "add-activity", "add-session", "add-measurement", "score-goal", "monitoring", "add-check",
        "terminate", "summary"]


def test_every_command_has_help_in_both_languages(helps: dict[str, dict[str, str]]) -> None:
    en, id_ = helps["en"], helps["id"]
    assert set(en) == set(id_)
    for name in MINE:
        assert name in en, f"{name} is not registered"
    for name in en:
        assert en[name].strip(), f"{name}: no help"
        assert id_[name].strip(), f"{name}: no Indonesian help"
        if name:
            assert "Example" in en[name] and "Contoh" in id_[name], name
        assert en[name] != id_[name], f"{name}: the Indonesian help is the English one"


def test_lang_id_help_in_a_subprocess() -> None:
    import os

    out = subprocess.run([sys.executable, "-m", "intervensi", "--lang", "id", "advance", "--help"], capture_output=True, text=True,
                         env={**os.environ, "INTERVENSI_LANG": "en"}, timeout=60)
    assert out.returncode == 0 and "Contoh" in out.stdout and "Alasan" in out.stdout


INDEX_DUMP = r"""
import json, sys
sys.argv = ["intervensi"]
from intervensi import cli
commands, nouns = cli.registered()
print(json.dumps({"commands": list(commands.items()), "nouns": list(nouns.items())}))
"""


def test_command_index_matches_the_modules() -> None:
    """cli/_index.py names, in order, the module of every command and noun group: a command
    added to a module without its line in the index would be missing from the command line."""
    from intervensi.cli import _index

    out = subprocess.run([sys.executable, "-c", INDEX_DUMP], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    real = json.loads(out.stdout)
    assert list(_index.COMMANDS.items()) == [tuple(x) for x in real["commands"]], f"update cli/_index.py COMMANDS: {dict(real['commands'])}"
    assert list(_index.NOUNS.items()) == [tuple(x) for x in real["nouns"]], f"update cli/_index.py NOUNS: {dict(real['nouns'])}"


def test_a_single_case_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """``show`` and ``need list`` import the one module of commands they need, not all fourteen
    (adding commands must not make every command slower)."""
    import shutil

    case = tmp_path / "pkh-s-2025.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "cases" / case.name, case)
    code = r"""
import sys
sys.argv = ["intervensi"] + ARGS
from intervensi.cli import main
try:
    main()
except SystemExit:
    pass
print("\n@@" + " ".join(sorted(m for m in sys.modules if m.startswith("intervensi.cli."))), file=sys.stderr)
"""
    for args, wanted in ((["show", str(case)], {"case"}), (["need", "list", str(case)], {"n_assessment", "fill"})):
        out = subprocess.run([sys.executable, "-c", code.replace("ARGS", repr(args))], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        loaded = {m.rsplit(".", 1)[1] for m in out.stderr.rsplit("@@", 1)[1].split()} - {"_common", "_framework", "_items", "_index", "_plain"}
        assert loaded == wanted, args


def test_an_errors_words_are_found_whichever_command_runs() -> None:
    """Only the running command's module is imported, but an error it meets may be worded in
    another module (a report's missing Graphviz is worded by the diagram commands): the
    message is still in the user's language, not its key or the English fallback."""
    code = r"""
import sys
sys.argv = ["intervensi", "show", "x"]
import intervensi.cli
from intervensi.i18n import has, t
assert "intervensi.cli.diagram" not in sys.modules
what = t("what.child", "en")  # the words of a kind of item, defined by the diagram commands too
print(has("err.graphviz_missing"), what != "what.child", t("err.graphviz_missing", "id"))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    known, what, text = out.stdout.split(" ", 2)
    assert known == "True" and what == "True" and text.strip() != "err.graphviz_missing" and "Graphviz" in text


def test_a_command_missing_from_the_index_still_works(tmp_path: Path) -> None:
    """A command registered by a module but not (yet) named in cli/_index.py is found by
    importing every module: a stale index costs time, never a command."""
    import shutil

    case = tmp_path / "pkh-s-2025.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "cases" / case.name, case)
    code = r"""
import sys
from intervensi.cli import _index
del _index.COMMANDS["history"]
from intervensi.cli import main
sys.argv = ["intervensi"] + ARGS
main()
"""
    for args, needle in ((["history", str(case)], "pkh-s-2025"), (["--help"], " history ")):
        out = subprocess.run([sys.executable, "-c", code.replace("ARGS", repr(args))], capture_output=True, text=True, timeout=60,
                             env={**__import__("os").environ, "COLUMNS": "200"})
        assert out.returncode == 0, out.stderr
        assert needle in out.stdout, args
