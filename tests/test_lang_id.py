"""Under --lang id every word a person reads is Indonesian: the framework's own words (usage,
headings, the help option, [required], usage errors) as well as ours. The scan fails on
common English words outside an allow-list of terms that stay as they are (YAML values,
command and option names, file formats)."""

from __future__ import annotations

import functools
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
    # our own sentences: words that have no place in Indonesian prose
    "a", "an", "in", "on", "at", "by", "it", "its", "has", "have", "was", "were", "will", "can", "cannot", "does",
    "yet", "already", "only", "when", "which", "there", "what", "who", "before", "after", "than", "more", "less",
    "each", "every", "all", "any", "their", "own", "two", "people", "person", "relationship", "written", "changed",
    "removed", "added", "found", "file", "files", "nothing", "give", "least", "did", "mean", "you", "your", "use",
    "unknown", "named", "interrupted", "would", "FILES", "PERSON", "KIND", "NAME", "VALUE", "SCORE", "FILE",
}
#: Terms kept in every language: YAML keys and values, names of things.
ALLOWED = {"to"}  # none yet beyond what the code formats as `--option` or 'value' (stripped below)

_CODEISH = re.compile(
    r"(--?[\w-]+|'[^']*'|`[^`]*`|\{[^}]*\}|\b[a-z]+_[a-z_]+\b|https?://\S+|\S+\.(?:yaml|toml|svg|png|pdf|csv|html|md|docx)\b"
    r"|\bintervensi [^\n|]*"  # a command line (an example) to the end of the line
    r"|\b[a-z_]+(?:\.[\w*]+)+"  # a field path: assessment.genogram.people.0.b
    r"|\b[a-z_]+(?:, [a-z_]+){2,}\b"  # a list of YAML values: male, female, other, unknown
    r"|<[^>\n]*>)"  # a parser's token name: <document start>
)


_COMMAND_ROW = re.compile(r"^\s{2,}[a-z][\w-]*(?=\s{2,}|$)", re.M)  # a command's name in a list of commands


def english_words(text: str) -> set[str]:
    plain = _CODEISH.sub(" ", _COMMAND_ROW.sub(" ", text))
    words = set(re.findall(r"[A-Za-z]+", plain))
    return {wd for wd in words if (wd in ENGLISH or wd in catalog_english()) and wd not in ALLOWED}


@functools.cache
def yaml_vocabulary() -> frozenset[str]:
    """The allow-list: words of the case file's own vocabulary (every enum value and field
    name of the model) and the command names, which stay as they are in every language."""
    import enum

    from pydantic import BaseModel
    from typer.main import get_command

    import intervensi.model as model
    import intervensi.vocab as vocab
    from intervensi.cli import app

    words: set[str] = {"cases", "out", "report", "genogram", "ecomap", "workspace", "baseline", "target", "monitoring"}
    for name in dir(vocab):
        obj = getattr(vocab, name)
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            for e in obj:
                words |= set(re.split(r"[_\W]+", str(e.value)))
    for name in dir(model):
        obj = getattr(model, name)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for f, info in obj.model_fields.items():
                words |= set(re.split(r"[_\W]+", info.alias or f))
    group = get_command(app)
    for name in group.list_commands(None):
        words |= set(name.split("-"))
    return frozenset(w for w in words if w)


@functools.cache
def catalog_english() -> frozenset[str]:
    """Every lower-case word our English messages use and our Indonesian ones never do,
    less the allow-list (:func:`yaml_vocabulary`): one of them in Indonesian output is an
    untranslated message."""
    import importlib
    import pkgutil

    import intervensi
    from intervensi.cli import _items
    from intervensi.i18n import CATALOG

    for m in pkgutil.walk_packages(intervensi.__path__, "intervensi."):
        if not m.name.endswith("__main__"):
            importlib.import_module(m.name)
    _items.catalog()
    en: set[str] = set()
    id_: set[str] = set()
    for texts in CATALOG.values():
        en |= set(re.findall(r"[A-Za-z]+", _CODEISH.sub(" ", texts.get("en", ""))))
        id_ |= set(re.findall(r"[A-Za-z]+", _CODEISH.sub(" ", texts.get("id", ""))))
    return frozenset(w for w in en - id_ if len(w) > 2 and w.islower() and w not in yaml_vocabulary())


HELP_DUMP = r"""
import json, os
from typer.testing import CliRunner
from typer.main import get_command
from intervensi.cli import app
group = get_command(app)
runner = CliRunner()
out = {"": runner.invoke(app, ["--help"]).output}


def walk(cmd, path):
    # every command and every verb of every noun (``need add``, ``person list``...)
    for name in cmd.list_commands(None):
        sub = cmd.get_command(None, name)
        if sub is None or getattr(sub, "hidden", False) and path:
            continue
        out[" ".join(path + [name])] = runner.invoke(app, path + [name, "--help"]).output
        if hasattr(sub, "list_commands"):
            walk(sub, path + [name])


walk(group, [])
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    env = {**os.environ, "INTERVENSI_LANG": "id", "COLUMNS": "80"}
    out = subprocess.run([sys.executable, "-c", HELP_DUMP], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_every_help_page_is_indonesian(helps: dict[str, str]) -> None:
    assert len(helps) > 130  # the top-level commands and every verb of every noun
    assert "need add" in helps and "person list" in helps
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


#: Commands whose whole output (stdout and stderr) is scanned under --lang id: outputs of the
#: noun commands and of the caseload commands, and errors of every kind, with their exit codes.
SCANNED: list[tuple[tuple[str, ...], int]] = [
    (("need", "list", "cases/pkh-s-2025.yaml"), 0),
    (("goal", "list", "cases/pkh-s-2025.yaml"), 0),
    (("objective", "list", "cases/pkh-s-2025.yaml"), 0),
    (("measurement", "list", "cases/pkh-s-2025.yaml"), 0),
    (("score", "list", "cases/pkh-s-2025.yaml"), 0),
    (("person", "list", "cases/keluarga-h-2025.yaml"), 0),
    (("system", "list", "cases/keluarga-h-2025.yaml"), 0),
    (("union", "list", "cases/keluarga-h-2025.yaml"), 0),
    (("engagement", "show", "cases/keluarga-h-2025.yaml"), 0),
    (("client", "show", "cases/keluarga-h-2025.yaml"), 0),
    (("status", "cases"), 0),
    (("check", "cases"), 0),
    (("show", "cases/pkh-s-2025.yaml"), 0),
    (("agenda", "cases"), 0),
    (("history", "cases/pkh-s-2025.yaml"), 0),
    (("report", "cases/pkh-s-2025.yaml", "-o", "r.html"), 0),
    (("set", "cases", "--field", "worker", "--value", "X"), 0),
    (("render", "cases", "-o", "out", "--what", "genogram,ecomap"), 0),
    (("export", "cases", "--table", "sessions", "-o", "s.csv"), 0),
    (("ecomap", "cases/keluarga-h-2025.yaml"), 0),
    (("evaluate", "cases/pkh-m-2025.yaml"), 0),
    (("need", "add", "cases/pkh-m-2025.yaml"), 2),
    (("need", "change", "cases/pkh-m-2025.yaml", "1"), 2),
    (("need", "remove", "cases/pkh-m-2025.yaml", "99"), 4),
    (("need", "remove", "cases/pkh-s-2025.yaml", "1"), 6),
    (("person", "add", "cases/keluarga-h-2025.yaml", "--name", "X", "--sex", "robot"), 2),
    (("union", "add", "cases/keluarga-h-2025.yaml", "h", "zz"), 2),  # a partner typed that is not in the genogram: bad usage
    (("relationship", "add", "cases/keluarga-h-2025.yaml", "n", "n", "close"), 2),
    (("report", "cases/pkh-s-2025.yaml", "--pdf-engine", "weasy"), 2),
    (("advance", "cases/lansia-t-2026.yaml"), 5),
    (("show", "nothing-here"), 4),
    (("score-goal", "cases/pkh-m-2025.yaml"), 2),
    (("referral", "add", "cases/pkh-m-2025.yaml", " "), 2),
]


@pytest.mark.parametrize(("args", "code"), SCANNED, ids=[" ".join(a[:2]) + f"-{c}" for a, c in SCANNED])
def test_outputs_and_errors_are_indonesian(tmp_path: Path, args: tuple[str, ...], code: int) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "cases", tmp_path / "cases", ignore=shutil.ignore_patterns(".*"))
    res = run_id(*args, cwd=tmp_path)
    text = res.stdout + res.stderr
    assert res.returncode == code, (res.returncode, text)
    if args[1] == "list":  # rows of a list are the case's own data and YAML values: its headers are ours
        text = res.stdout.splitlines()[0] + "\n" + res.stderr
    assert "Traceback" not in text
    assert not english_words(text), (english_words(text), text)
