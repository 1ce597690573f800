"""A non-editable install finds its templates from anywhere (no source tree needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_pip_install_then_new_case_and_check_from_elsewhere(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    # Reuse the dependencies already installed for the tests (seconds, not minutes) through a .pth;
    # intervensi itself is installed non-editable into its own folder, put ahead on sys.path.
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", ".venv-lowest", "__pycache__", "*.egg-info", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["INTERVENSI_LANG"] = "en"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(tmp_path / "pkg"), str(src)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    # the installed package comes first, ahead of the editable install that the .pth chain would bring in
    (site / "0-intervensi.pth").write_text(str(tmp_path / "pkg") + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(py), "-c", "import intervensi, sys; print(intervensi.__file__)"], capture_output=True, text=True, cwd=work, env=env)
    assert str(tmp_path / "pkg") in where.stdout, where.stdout + where.stderr
    cli = [str(py), "-c", "from intervensi.cli import main; main()"]
    res = subprocess.run([*cli, "new-case", "fam-1", "--practice", "family_therapy", "--client", "Keluarga B", "--dir", "cases"],
                         capture_output=True, text=True, cwd=work, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    assert (work / "cases" / "fam-1.yaml").read_text().startswith("#")
    res = subprocess.run([*cli, "check", "cases"], capture_output=True, text=True, cwd=work, env=env, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr


# --------------------------------------------------------------------------- declared ranges, lock, licence


def _project() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(path: Path) -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_lowest_constraints_are_the_declared_lower_bounds() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    lowest = _pins(ROOT / "constraints" / "lowest.txt")
    for dep in _project()["dependencies"]:
        req = Requirement(dep)
        bounds = [s.version for s in req.specifier if s.operator == ">="]
        assert bounds, f"{req.name} has no lower bound"
        name = canonicalize_name(req.name)
        assert name in lowest, f"{req.name} missing from constraints/lowest.txt"
        assert Version(lowest[name]) == Version(bounds[0]), f"{req.name}: lowest.txt has {lowest[name]}, pyproject says >={bounds[0]}"


def test_the_lock_pins_every_dependency_inside_its_range() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lock = _pins(ROOT / "constraints" / "ci.txt")
    project = _project()
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(dep)
        name = canonicalize_name(req.name)
        assert name in lock, f"{req.name} missing from constraints/ci.txt: run python3 dev.py lock"
        assert req.specifier.contains(lock[name], prereleases=True), f"{req.name}=={lock[name]} is outside {req.specifier}"


def test_licence_file_matches_the_metadata() -> None:
    project = _project()
    assert project["license"] == "MIT"
    assert "LICENSE" in project.get("license-files", [])
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_readme_first_code_block_is_the_two_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text()
    block = text.split("```", 2)[1]
    commands = [ln.strip() for ln in block.splitlines() if ln.strip()]
    assert commands == ["python3 dev.py demo", "python3 dev.py test"]
