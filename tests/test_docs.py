"""The docs keep up with the code: README's set-up commands, the generated CLI reference,
the exit codes, and links between pages."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
GEN = ROOT / "scripts" / "gen_cli_reference.py"
CLI_MD = DOCS / "reference" / "cli.md"
RERUN = "docs/reference/cli.md is out of date: run `python scripts/gen_cli_reference.py` and commit the result"


def _fences(text: str) -> list[str]:
    """The bodies of the fenced code blocks of a Markdown text, in order."""
    return [m.group(1) for m in re.finditer(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli_reference", GEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ README


def test_readme_first_code_block_is_exactly_the_two_commands() -> None:
    blocks = _fences(README.read_text(encoding="utf-8"))
    assert blocks, "README has no code block"
    assert blocks[0].strip().splitlines() == ["python3 dev.py demo", "python3 dev.py test"]


def test_readme_has_indonesian_summary_and_links_into_docs() -> None:
    text = README.read_text(encoding="utf-8")
    assert "Ringkasan dalam Bahasa Indonesia" in text
    assert "docs/tutorial.md" in text and "docs/tutorial.id.md" in text


def test_dev_py_knows_the_readme_commands() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "dev.py")], capture_output=True, text=True)
    assert out.returncode == 2
    assert "dev.py demo" in out.stdout and "dev.py test" in out.stdout


# ------------------------------------------------------------------ CLI reference


def test_cli_reference_is_up_to_date(tmp_path: Path) -> None:
    # A fresh interpreter: help text is chosen in one language when the CLI is imported.
    env = {**os.environ, "INTERVENSI_LANG": "en", "COLUMNS": "80"}
    env.pop("INTERVENSI_CONFIG", None)
    out = subprocess.run(
        [sys.executable, str(GEN), "--stdout"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert CLI_MD.read_text(encoding="utf-8") == out.stdout, RERUN


def test_cli_reference_names_every_command() -> None:
    names = _generator().command_names()
    assert {"init", "new-case", "show", "check", "advance", "history", "schema"} <= set(names)
    headings = set(re.findall(r"^## (.+)$", CLI_MD.read_text(encoding="utf-8"), re.M))
    missing = [n for n in names if n not in headings]
    assert not missing, f"{RERUN} (missing: {', '.join(missing)})"


def test_generator_check_mode_detects_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gen = _generator()
    stale = tmp_path / "cli.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(gen, "TARGET", stale)
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    monkeypatch.setattr(gen, "render", lambda: "# new\n")
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert stale.read_text(encoding="utf-8") == "# new\n"
    assert gen.main(["--check"]) == 0


# ------------------------------------------------------------------ exit codes, JSON


def test_every_exit_code_is_documented() -> None:
    from intervensi.errors import ExitCode

    text = (DOCS / "reference" / "exit-codes.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"^\|\s*{int(code)}\s*\|\s*`?{code.name}`?\s*\|", text, re.M), code


def test_json_reference_names_the_envelope_keys() -> None:
    from intervensi.cli._common import JSON_VERSION

    text = (DOCS / "reference" / "json.md").read_text(encoding="utf-8")
    for key in ('"version"', '"command"', '"ok"', '"error"'):
        assert key in text
    assert f'"version": {JSON_VERSION}' in text


def test_case_file_reference_covers_every_section() -> None:
    from intervensi.model import Case

    text = (DOCS / "reference" / "case-file.md").read_text(encoding="utf-8")
    for name, field in Case.model_fields.items():
        assert f"`{field.alias or name}`" in text, name


# ------------------------------------------------------------------ the pages themselves

PAGES = [
    "index.md",
    "tutorial.md",
    "tutorial.id.md",
    "how-to/editor.md",
    "how-to/hand-editing.md",
    "how-to/analysis.md",
    "how-to/site.md",
    "how-to/import-roster.md",
    "reference/cli.md",
    "reference/case-file.md",
    "reference/exit-codes.md",
    "reference/json.md",
    "explanation/cycle.md",
    "explanation/files.md",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_and_has_a_title(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text.startswith("# ")


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)


@pytest.mark.parametrize("page", ["../README.md", *PAGES])
def test_relative_links_resolve(page: str) -> None:
    path = (DOCS / page).resolve()
    for link in _links(path):
        if re.match(r"[a-z]+:", link):
            continue
        assert (path.parent / link).exists(), f"{page}: broken link {link}"


@pytest.mark.slow
def test_tutorials_are_what_the_commands_print() -> None:
    """Every command of both tutorials is run in a fresh workspace in an 80-column terminal;
    the output written under it must be what it prints now, and never a traceback."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_tutorial.py"), "--check"], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    for name in ("tutorial.md", "tutorial.id.md"):
        assert "Traceback" not in (ROOT / "docs" / name).read_text()


@pytest.mark.parametrize("page", ["tutorial.md", "tutorial.id.md"])
def test_tutorials_keep_the_whole_case_by_command(page: str) -> None:
    """Every stage by command, diagrams included, and no hand-edited YAML (issue 12)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_tutorial", ROOT / "scripts" / "gen_tutorial.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    commands = [cmd for _s, _e, pairs in gen.blocks(text) for cmd, _out in pairs]
    for needed in ("new-case", "contract", "need add", "person add", "system add", "genogram pkh-b-2026 --render",
                   "ecomap pkh-b-2026 --render", "goal add", "session add", "measurement add", "score add", "terminate", "end-case"):
        assert any(needed in c for c in commands), needed
    assert "```yaml\n  genogram:" not in text
