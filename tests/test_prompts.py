"""new-case asks for what is missing when it runs on a terminal (a real pseudo-terminal)."""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")


def _converse(argv: list[str], answers: list[bytes], cwd: Path) -> tuple[str, int]:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on a terminal
        os.chdir(cwd)
        os.execv(sys.executable, [sys.executable, "-m", "intervensi", *argv])
    out = b""

    def read_until(marker: bytes, limit: float = 20.0) -> None:
        nonlocal out
        end = time.monotonic() + limit
        while marker not in out and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return

    for prompt, answer in zip((b"Case id", b"Practice form", b"Client name"), answers, strict=True):
        read_until(prompt)
        os.write(fd, answer)
    read_until(b"created", 20.0)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


def test_new_case_prompts_on_a_terminal(tmp_path: Path) -> None:
    output, code = _converse(["new-case"], [b"c-01\n", b"casework\n", b"Ibu Z\n"], tmp_path)
    assert code == 0, output
    assert "Case id" in output and "Client name" in output
    from intervensi import load_case

    case = load_case(tmp_path / "cases" / "c-01.yaml")
    assert case.client.name == "Ibu Z" and case.practice.value == "casework"


def test_new_case_without_a_terminal_names_what_is_missing(run) -> None:  # type: ignore[no-untyped-def]
    result = run("new-case", "c-02", "--client", "Ibu Z")
    assert result.exit_code == 2
    assert "--practice" in result.output
