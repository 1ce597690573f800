#!/usr/bin/env python3
"""Set up and run intervensi from a fresh clone with nothing but Python 3.11+.

    python3 dev.py demo   # create .venv, install intervensi, check and show the bundled cases
    python3 dev.py test   # create .venv with the test tools, run ruff, mypy and pytest

The virtual environment lives in ``.venv`` and is reinstalled only when pyproject.toml
changes. Extra arguments after ``test`` go to pytest (``python3 dev.py test -k cycle``).
Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before anything checks the version
        sys.exit(f"intervensi needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    stamp = VENV / f".installed-{extras or 'base'}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(want)


def demo() -> int:
    ensure_venv("")
    exe = BIN / "intervensi"
    rc = run(exe, "check", "cases/", check=False)
    rc2 = run(exe, "status", "cases/", check=False)
    return rc or rc2


def test(args: list[str]) -> int:
    ensure_venv("test")
    for extra in sorted((ROOT / "tests" / "setup").glob("*.py")) if (ROOT / "tests" / "setup").is_dir() else []:
        run(PY, extra)  # system dependencies some tests need (installed once)
    failed = 0
    failed |= run(PY, "-m", "ruff", "check", "src", "tests", "benchmarks", "dev.py", check=False)
    failed |= run(PY, "-m", "mypy", check=False)
    rc = run(PY, "-m", "pytest", *args, check=False)
    if rc == 5:
        print("pytest collected no tests", file=sys.stderr)
    return 1 if (failed or rc) else 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    return demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
