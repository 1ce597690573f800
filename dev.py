#!/usr/bin/env python3
"""Set up and run intervensi from a fresh clone with nothing but Python 3.11+.

    python3 dev.py demo   # create .venv, install intervensi, check the bundled cases, import the example roster
    python3 dev.py test   # create .venv with the test tools, run ruff, mypy and pytest
    python3 dev.py lock   # refresh constraints/ci.txt from today's releases

``demo`` and ``test`` install the exact versions in ``constraints/ci.txt`` (the lock, checked
in), so CI on a new machine gets what the last ``lock`` tested; ``pyproject.toml`` keeps the
ranges a user's plain ``pip install`` resolves. ``test`` then installs the oldest versions
the ranges admit (``constraints/lowest.txt``) into ``.venv-lowest`` and runs the YAML and
hostile-input tests against them. A venv is reinstalled only when pyproject.toml or its
constraints file changes. Extra arguments after ``test`` go to the main pytest run
(``python3 dev.py test -k cycle``; the lowest-versions run is skipped then).
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
LOCK = ROOT / "constraints" / "ci.txt"
LOWEST = ROOT / "constraints" / "lowest.txt"
#: The tests run against the lowest versions: the YAML reader and the hostile-input corpus.
LOWEST_TESTS = ("tests/test_one_answer.py", "tests/test_hostile.py", "tests/test_errors.py", "tests/test_fast_loader.py",
                "tests/test_roundtrip.py", "tests/test_splice.py", "tests/test_raster.py", "tests/test_model.py",
                "tests/test_anon_fieldcases.py")


def bin_dir(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin")


def python_in(venv_dir: Path) -> Path:
    return bin_dir(venv_dir) / ("python.exe" if os.name == "nt" else "python")


BIN = bin_dir(VENV)
PY = python_in(VENV)


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def ensure_venv(extras: str, venv_dir: Path = VENV, constraints: Path | None = LOCK, packages: tuple[str, ...] = ()) -> Path:
    """A venv in ``venv_dir`` with intervensi (and ``extras``) installed under ``constraints``."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before anything checks the version
        sys.exit(f"intervensi needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    py = python_in(venv_dir)
    stamp = venv_dir / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    if constraints is not None and constraints.exists():
        digest.update(constraints.read_bytes())
    digest.update(" ".join(packages).encode())
    want = digest.hexdigest()
    if stamp.exists() and stamp.read_text() == want and py.exists():
        return py
    if not py.exists():
        print(f"creating {venv_dir}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(venv_dir)
    run(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    pins = ["-c", str(constraints)] if constraints is not None and constraints.exists() else []
    run(py, "-m", "pip", "install", "--quiet", *pins, "-e", target, *packages)
    stamp.write_text(want)
    return py


def demo() -> int:
    """Check the bundled cases, then start a caseload as a PKH facilitator does: import the
    example roster of 300 (made-up) families into a fresh folder and show its status."""
    import tempfile
    import time

    ensure_venv("")
    exe = BIN / "intervensi"
    rc = run(exe, "check", "cases/", check=False)
    rc2 = run(exe, "status", "cases/", check=False)
    fresh = Path(tempfile.mkdtemp(prefix="intervensi-demo-")) / "cases"
    start = time.monotonic()
    rc3 = run(exe, "import", "docs/examples/roster-pkh-300.xlsx", "--dir", fresh, "--yes", check=False)
    took = time.monotonic() - start
    rc4 = run(exe, "status", fresh, check=False)
    print(f"\n300 families imported in {took:.1f} s into {fresh} (a fresh folder: try `intervensi show {fresh}/kpm-0001.yaml`)")
    return rc or rc2 or rc3 or rc4


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
    if not args:
        failed |= test_lowest()
    return 1 if (failed or rc) else 0


def test_lowest() -> int:
    """The YAML and hostile-input tests against the oldest versions pyproject.toml admits."""
    tools = tuple(line.strip() for line in LOCK.read_text().splitlines() if line.split("==")[0].lower() in ("pytest", "hypothesis", "iniconfig", "pluggy", "packaging", "attrs", "sortedcontainers")) if LOCK.exists() else ("pytest", "hypothesis")
    py = ensure_venv("", ROOT / ".venv-lowest", LOWEST, tools)
    print("+ the same tests against the lowest declared versions (constraints/lowest.txt)", flush=True)
    return run(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", *LOWEST_TESTS, check=False)


def lock() -> int:
    """Resolve pyproject.toml's ranges afresh (no cache, no constraints) into constraints/ci.txt."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        py = python_in(env_dir)
        run(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(py, "-m", "pip", "install", "--quiet", "--no-cache-dir", ".[test]")
        frozen = subprocess.run([str(py), "-m", "pip", "freeze", "--exclude", "intervensi"], capture_output=True, text=True, check=True).stdout
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(
        "# The exact versions CI installs (pip -c). Refresh with: python3 dev.py lock\n"
        f"# Resolved on Python {sys.version.split()[0]} from pyproject.toml's ranges.\n" + frozen
    )
    print(f"wrote {LOCK.relative_to(ROOT)} ({len(frozen.splitlines())} packages)")
    return 0


def main() -> int:
    commands = {"demo": lambda: demo(), "test": lambda: test(sys.argv[2:]), "lock": lambda: lock()}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
