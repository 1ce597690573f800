"""Tables never cut an id or a name: in an 80-column pseudo-terminal long cells wrap, and
through a pipe every cell is printed in full (tab-separated)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LONG_ID = "desa-sukamaju-air-bersih-dan-sanitasi-2026"


def in_terminal(args: list[str], cwd: Path, columns: int = 80) -> str:
    """Run intervensi with stdout on a pseudo-terminal of ``columns`` columns; its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "INTERVENSI_LANG": "en", "TERM": "xterm", "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "intervensi", *args], stdout=slave, stderr=slave, cwd=cwd, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))


def piped(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    out = subprocess.run([sys.executable, "-m", "intervensi", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    return out.stdout


@pytest.fixture
def long_case(tmp_path: Path) -> Path:
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", cases, ignore=shutil.ignore_patterns(".*"))
    src = cases / "desa-sukamaju-air-2026.yaml"
    text = src.read_text().replace("id: desa-sukamaju-air-2026", f"id: {LONG_ID}")
    (cases / f"{LONG_ID}.yaml").write_text(text)
    src.unlink()
    return cases / f"{LONG_ID}.yaml"


def column_text(text: str, index: int) -> str:
    """The cells of column ``index`` of a drawn table, concatenated from top to bottom, so a
    cell wrapped over several lines reads whole."""
    out = []
    for line in text.splitlines():
        parts = re.split(r"[│┃]", line)
        if len(parts) > index + 1:
            out.append(parts[index + 1].strip())
    return "".join(out)


COMMANDS = [["check", "cases"], ["history", "cases/pkh-m-2025.yaml"], ["evaluate", "cases/pkh-s-2025.yaml"], ["status", "cases"],
            ["agenda", "cases", "--days", "3650", "--within", "3650"], ["member", "list", "cases/kube-melati-2025.yaml"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_nothing_cut_in_80_columns(long_case: Path, command: list[str]) -> None:
    out = in_terminal(command, long_case.parent.parent)
    assert "…" not in out, out
    assert max(len(line) for line in out.splitlines()) <= 80, out
    if command[0] in ("check", "status", "agenda"):
        assert LONG_ID in column_text(out, 1 if command[0] == "check" else 0), out


@pytest.mark.parametrize("command", COMMANDS)
def test_piped_tables_are_tab_separated_and_whole(long_case: Path, command: list[str]) -> None:
    out = piped(command, long_case.parent.parent)
    assert "…" not in out and "┃" not in out and "┏" not in out  # no table drawing ("│" is the AB phase mark in trends)
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    widths = [len(r) for r in rows]
    blocks = sum(1 for a, b in zip([0, *widths], widths, strict=False) if a != b)
    assert rows and blocks == (2 if command[0] == "evaluate" else 1), out  # each table: a header, rows of its width
    if command[0] in ("check", "status"):
        assert any(LONG_ID in r for r in rows), out


def test_show_never_cuts_the_case_title(long_case: Path) -> None:
    """A panel's title is one line: a long case title moves inside the panel, where it wraps."""
    import yaml

    title = yaml.safe_load((ROOT / "cases" / "kube-melati-2025.yaml").read_text())["title"]
    out = in_terminal(["show", "cases/kube-melati-2025.yaml"], long_case.parent.parent)
    assert " ".join(title.split()) in " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split()), out
    assert max(len(line) for line in out.splitlines()) <= 80
