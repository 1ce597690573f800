"""Under --lang id every word a person reads is Indonesian: the framework's own words (usage,
headings, the help option, [required], usage errors) as well as ours. The scan fails on
common English words outside an allow-list of terms that stay as they are (YAML values,
command and option names, file formats)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

#: English words that never belong in an Indonesian sentence (function words and the
#: framework's vocabulary). Matched as whole words, case-sensitively for the capitalised ones.
ENGLISH = {
    "the", "and", "of", "to", "is", "are", "this", "that", "for", "with", "from", "or", "not", "no", "be",
    "Usage", "Options", "Arguments", "Commands", "Show", "message", "exit", "required", "default",
    "Missing", "missing", "such", "option", "Try", "help", "Error", "error", "Invalid", "value", "expected",
    "Got", "unexpected", "extra", "argument", "command", "Aborted", "must", "should", "Input",
    "str", "int", "list", "path", "TEXT", "DATE", "CASE", "OPTIONS", "COMMAND", "ARGS",
}
#: Terms kept in every language: YAML keys and values, names of things.
ALLOWED = {"to"}  # none yet beyond what the code formats as `--option` or 'value' (stripped below)

_CODEISH = re.compile(r"(--?[\w-]+|'[^']*'|`[^`]*`|\{[^}]*\}|\b[a-z]+_[a-z_]+\b|https?://\S+|\S+\.(?:yaml|toml|svg|png|pdf|csv|html|md|docx)\b|intervensi [a-z-]+)")


_COMMAND_ROW = re.compile(r"^\s{2,}[a-z][\w-]*(?=\s{2,}|$)", re.M)  # a command's name in a list of commands


def english_words(text: str) -> set[str]:
    plain = _CODEISH.sub(" ", _COMMAND_ROW.sub(" ", text))
    words = set(re.findall(r"[A-Za-z]+", plain))
    return {wd for wd in words if wd in ENGLISH and wd not in ALLOWED}


HELP_DUMP = r"""
import json, os
from typer.testing import CliRunner
from typer.main import get_command
from intervensi.cli import app
group = get_command(app)
runner = CliRunner()
out = {"": runner.invoke(app, ["--help"]).output}
for name in group.list_commands(None):
    out[name] = runner.invoke(app, [name, "--help"]).output
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    env = {**os.environ, "INTERVENSI_LANG": "id", "COLUMNS": "80"}
    out = subprocess.run([sys.executable, "-c", HELP_DUMP], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_every_help_page_is_indonesian(helps: dict[str, str]) -> None:
    assert len(helps) > 40
    bad = {cmd or "(top)": sorted(english_words(text)) for cmd, text in helps.items() if english_words(text)}
    assert not bad, "\n".join(f"{c}: {w}\n{helps[c if c != '(top)' else '']}" for c, w in bad.items())


def test_help_pages_use_words_for_placeholders(helps: dict[str, str]) -> None:
    for cmd, text in helps.items():
        assert not re.search(r"<(str|int|float|list\[[^\]]*\]|path)>|\{CASE\}", text), (cmd, text)
        assert text.startswith("Penggunaan: "), (cmd, text[:80])


def run_id(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVENSI_LANG": "id", "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "intervensi", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add-session"], "argumen KASUS belum diberikan"),
        (["add-session", "c1", "--dat", "2026-01-01"], "maksudnya --date"),
        (["add-session", "c1", "--date"], "memerlukan nilai"),
        (["add-session", "c1.yaml", "--date", "01/03/2026"], "maksudnya 2026-03-01"),
        (["add-session", "c1.yaml", "--date", "2026-02-30"], "bukan tanggal yang ada"),
        (["add-session", "c1.yaml", "--date", "2026-03-02", "--kind", "home-visit"], "maksudnya 'home_visit'"),
        (["add-session", "c1.yaml", "--date", "2026-03-02", "--minutes", "banyak"], "bilangan bulat"),
        (["advanse"], "tidak ada perintah"),
        (["show", "a", "b"], "argumen tambahan"),
        (["new-case", "x1", "--practice", "casework"], "wajib diisi"),
    ],
)
def test_usage_errors_in_indonesian(tmp_path: Path, args: list[str], needle: str) -> None:
    from helpers_robust import make_case

    make_case(tmp_path, "c1")
    res = run_id(*args, cwd=tmp_path)
    assert res.returncode == 2, (res.returncode, res.stderr)
    first = res.stderr.splitlines()[0]
    assert first.startswith("kesalahan: "), res.stderr
    assert needle in res.stderr, res.stderr
    assert not english_words(res.stderr), (english_words(res.stderr), res.stderr)
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["score-goal", "c1.yaml", "g9", "1"], "tidak ada tujuan 'g9'"),
        (["change-person", "c1.yaml", "zz", "--name", "x"], "tidak ada orang 'zz'"),
    ],
)
def test_not_found_names_the_thing_in_indonesian(tmp_path: Path, args: list[str], needle: str) -> None:
    """A missing goal or person is named in Indonesian, whichever commands ran before in the
    process (a second catalogue entry once overrode the first and left '{what}' unfilled)."""
    from helpers_robust import make_case

    make_case(tmp_path, "c1")
    res = run_id(*args, cwd=tmp_path)
    assert res.returncode == 4, res.stderr
    assert needle in res.stderr and "{" not in res.stderr, res.stderr


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["ecomap", "cases/keluarga-h-2025.yaml"], ("religion", "school", "credit", "welfare")),
        (["agenda", "cases", "--days", "3650", "--within", "3650"], ("contract end",)),
        (["need", "add", "cases/lansia-t-2026.yaml", "kebutuhan baru"], ("ditambahkan kebutuhan",)),
    ],
)
def test_outputs_in_indonesian(tmp_path: Path, args: list[str], english: tuple[str, ...]) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "cases", tmp_path / "cases", ignore=shutil.ignore_patterns(".*"))
    res = run_id(*args, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for word in english:
        assert word not in res.stdout + res.stderr, (word, res.stdout + res.stderr)
