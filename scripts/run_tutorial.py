#!/usr/bin/env python3
"""Run the tutorial's commands for real, and write what they print back into it.

    python scripts/run_tutorial.py docs/tutorial.md            # run; exit 1 when a command does not do what the page shows
    python scripts/run_tutorial.py docs/tutorial.id.md --write # run and rewrite every output block from this run

Every ``$ intervensi ...`` line of a ``console`` block (with its ``\\`` continuation lines)
runs in order in a fresh workspace, as a worker would type it, with the page's language.
The workspace's path is shown as ``/home/rina/kasus``. A command whose shown output starts
with ``error:`` must fail; every other must succeed. tests/test_tutorial.py runs this for
both tutorials; run it with ``--write`` after changing a command's output.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SHOWN_ROOT = "/home/rina/kasus"


@dataclass
class Step:
    start: int  # index of the first command line in the page's lines
    end: int  # index after the last line of its shown output
    command: str
    shown: list[str]


def steps(lines: list[str]) -> list[Step]:
    out: list[Step] = []
    in_console = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_console = line.strip() == "```console" and not in_console
            i += 1
            continue
        if in_console and line.startswith("$ intervensi"):
            start = i
            command = line[2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            first_output = i
            shown: list[str] = []
            while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith("```"):
                shown.append(lines[i])
                i += 1
            while shown and not shown[-1].strip():
                shown.pop()
            out.append(Step(start, first_output + len(shown), command, shown))
            continue
        i += 1
    return out


def run(page: Path, write: bool = False) -> list[str]:
    """Run the page's commands; returns the problems (and rewrites the page with ``write``)."""
    lang = "id" if page.name.endswith(".id.md") else "en"
    lines = page.read_text(encoding="utf-8").split("\n")
    problems: list[str] = []
    outputs: list[tuple[Step, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="tutorial-") as tmp:
        root = Path(tmp) / "kasus"
        root.mkdir()
        env = {**os.environ, "INTERVENSI_LANG": lang, "COLUMNS": "90", "NO_COLOR": "1", "INTERVENSI_WORKER": "Rina", "TERM": "dumb"}
        env.pop("INTERVENSI_CONFIG", None)
        for step in steps(lines):
            argv = shlex.split(step.command)
            result = subprocess.run([sys.executable, "-m", "intervensi", *argv[1:]], cwd=root, env=env, capture_output=True, text=True, timeout=120)
            text = (result.stdout + result.stderr).replace(str(root.resolve()), SHOWN_ROOT).replace(str(root), SHOWN_ROOT)
            got = [ln.rstrip() for ln in text.rstrip("\n").split("\n")] if text.strip() else []
            expect_error = bool(step.shown) and step.shown[0].startswith("error:")
            if "Traceback" in text:
                problems.append(f"{step.command}: a traceback")
            elif expect_error != (result.returncode != 0):
                problems.append(f"{step.command}: exit {result.returncode}, the page shows {'an error' if expect_error else 'success'}: {got[:1]}")
            elif step.shown and got and _key_line(step.shown[0]) and step.shown[0] != got[0]:
                problems.append(f"{step.command}: prints {got[0]!r}, the page shows {step.shown[0]!r}")
            outputs.append((step, got))
    if write:
        for step, got in reversed(outputs):
            lines[step.end - len(step.shown) : step.end] = got
        page.write_text("\n".join(lines), encoding="utf-8")
    return problems


def _key_line(line: str) -> bool:
    """A first line worth comparing: a message (not a table, not a time-stamped view)."""
    return bool(re.match(r"^(error: |pkh-[a-z]-2026: |created |workspace ready|wrote )", line))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    bad = 0
    for page in args.pages:
        for p in run(page, args.write):
            print(f"{page}: {p}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
