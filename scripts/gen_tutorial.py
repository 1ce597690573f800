"""Run every command of the tutorials and write what it really printed under it.

    python scripts/gen_tutorial.py          # rewrite docs/tutorial.md and docs/tutorial.id.md
    python scripts/gen_tutorial.py --check  # exit 1 (with a diff) when a tutorial is out of date

Each ```console block holds commands (``$ intervensi …``, continued with a trailing ``\\``)
followed by their output. The commands of one tutorial run in order, in one fresh
workspace, in a pseudo-terminal of 80 columns (so tables and panels look as a reader sees
them), with the tutorial's language. The workspace path is written as /home/rina/kasus;
``--check`` ignores clock times and the days the moves were made (the history records
them), nothing else. A command
that prints a Python traceback fails the run: a tutorial never shows one.
"""

from __future__ import annotations

import difflib
import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = {"tutorial.md": "en", "tutorial.id.md": "id"}
SHOWN_HOME = "/home/rina/kasus"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_CLOCK = re.compile(r"\b\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


def blocks(text: str) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """The console blocks of ``text``: (start, end) line indexes and their (command, output) pairs."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            pairs: list[tuple[str, str]] = []
            k = i + 1
            while k < j:
                if lines[k].startswith("$ "):
                    cmd = [lines[k][2:]]
                    while cmd[-1].endswith("\\") and k + 1 < j:
                        k += 1
                        cmd.append(lines[k])
                    k += 1
                    start = k
                    while k < j and not lines[k].startswith("$ "):
                        k += 1
                    pairs.append(("\n".join(cmd), "\n".join(lines[start:k]).rstrip("\n")))
                else:
                    k += 1
            out.append((i, j, pairs))
            i = j
        i += 1
    return out


def run_in_terminal(command: str, cwd: Path, lang: str) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVENSI_")}
    env.update(PATH=bin_dir + os.pathsep + env.get("PATH", ""), INTERVENSI_LANG=lang, TERM="xterm", COLUMNS="80", NO_COLOR="1",
               HOME=str(cwd), XDG_CACHE_HOME=str(cwd / ".cache"))
    proc = subprocess.Popen(["bash", "-c", command], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, cwd=cwd, env=env)
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
    proc.wait(timeout=120)
    os.close(master)
    text = _ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n").replace("\r", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))  # the terminal's padding
    return text.replace(str(cwd), SHOWN_HOME).rstrip("\n")


def regenerate(path: Path, lang: str) -> str:
    text = path.read_text()
    lines = text.split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "kasus"
        work.mkdir()
        replacements = []
        for start, end, pairs in blocks(text):
            body: list[str] = []
            for command, _old in pairs:
                output = run_in_terminal(command, work, lang)
                if "Traceback (most recent call last)" in output:
                    raise SystemExit(f"{path.name}: `{command.splitlines()[0]}` printed a traceback:\n{output}")
                if body:
                    body.append("")
                body.append("$ " + command)
                if output:
                    body.append(output)
            replacements.append((start, end, body))
        shutil.rmtree(work, ignore_errors=True)
    for start, end, body in reversed(replacements):
        lines[start + 1 : end] = body
    return "\n".join(lines)


_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def masked(text: str) -> str:
    """``text`` without what changes from run to run: clock times, and dates later than any
    date the tutorial's own commands use (the history records the day a move was made)."""
    story = [d for line in text.split("\n") if line.startswith(("$ ", "    --")) for d in _DATE.findall(line)]
    latest = max(story, default="9999-12-31")
    text = _DATE.sub(lambda m: "YYYY-MM-DD" if m.group(0) > latest else m.group(0), text)
    return _CLOCK.sub("HH:MM:SS", text)


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = 0
    for name, lang in DOCS.items():
        path = ROOT / "docs" / name
        new = regenerate(path, lang)
        old = path.read_text()
        if check:
            if masked(new) != masked(old):
                stale += 1
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"docs/{name}", "as run now"))
        elif new != old:
            path.write_text(new)
            print(f"wrote docs/{name}")
    if stale:
        print(f"\n{stale} tutorial(s) out of date: run python scripts/gen_tutorial.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
