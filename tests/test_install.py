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
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"))
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
