"""Output piped into a reader that stops early (`| head`) ends quietly, as `head` expects:
no "unexpected error … report it", nothing on stderr, the SIGPIPE exit code (141)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_cohort import generate  # noqa: E402


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pipes") / "cases"
    generate(out, 300, seed=3, errors=0.0)
    return out


def first_line_then_close(args: list[str], cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "INTERVENSI_LANG": "en", "COLUMNS": "80"}
    proc = subprocess.Popen([sys.executable, "-m", "intervensi", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader is done, as `head -1` would be
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize(
    "args",
    [["status", "{c}"], ["export", "{c}"], ["export", "{c}", "--format", "jsonl"], ["agenda", "{c}", "--days", "3650"], ["set", "{c}", "--field", "worker", "--value", "X", "--dry-run"]],
    ids=["status", "export-csv", "export-jsonl", "agenda", "set-dry-run"],
)
def test_reader_closing_the_pipe_ends_quietly(cohort: Path, args: list[str]) -> None:
    code, err = first_line_then_close([a.format(c=cohort) for a in args], cohort.parent)
    assert "unexpected error" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
    assert code in (0, 141), (code, err)  # 0 when everything fit in the pipe before it closed
