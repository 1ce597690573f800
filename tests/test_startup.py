"""`intervensi --help` stays fast, and every command has help in English and Indonesian."""

from __future__ import annotations

import json
import subprocess
import sys

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
