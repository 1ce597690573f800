"""Install Debian's Chromium for the browser test (tests/test_browser.py) if it is missing.

Idempotent and quick when already installed; non-interactive. Run by ``dev.py test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return 0
    if not shutil.which("apt-get"):
        print("chromium: no apt-get here; the browser test will be skipped", file=sys.stderr)
        return 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    cmd = [*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    if subprocess.run(cmd, env=env, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-q"], env=env, check=False)
        return subprocess.run(cmd, env=env, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
