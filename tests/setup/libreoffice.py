"""Install LibreOffice Writer and Calc (no GUI) for the DOCX check in tests/test_report_docx.py and the
xls/ods rosters of tests/test_roster_formats.py, if missing.

Optional: the test reads the DOCX back with python-docx in any case, and converts it with
LibreOffice (to PDF and to ODT, as an office would open it) only when ``soffice`` is
there. Debian's ``libreoffice-writer-nogui`` with ``--no-install-recommends`` is about
86 MB to download and 263 MB installed (measured on Debian 12, November 2026). Set
``INTERVENSI_NO_LIBREOFFICE=1`` to skip the installation. Idempotent, quick when already
installed, non-interactive. Run by ``dev.py test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

#: A file only Calc installs: its presence means both are there.
CALC = "/usr/lib/libreoffice/program/libsclo.so"
PACKAGES = ["libreoffice-writer-nogui", "libreoffice-calc-nogui"]  # Calc: ~13 s more to install


def main() -> int:
    if (shutil.which("soffice") or shutil.which("libreoffice")) and os.path.exists(CALC):
        return 0
    if os.environ.get("INTERVENSI_NO_LIBREOFFICE"):
        return 0
    if not shutil.which("apt-get"):
        print("libreoffice: no apt-get here; the DOCX check reads the file with python-docx only", file=sys.stderr)
        return 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    cmd = [*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES]
    if subprocess.run(cmd, env=env, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-q"], env=env, check=False)
        if subprocess.run(cmd, env=env, check=False).returncode != 0:
            print(f"libreoffice: could not install {' '.join(PACKAGES)}; the LibreOffice step will be skipped", file=sys.stderr)
    return 0  # optional: never fail the test run over it


if __name__ == "__main__":
    sys.exit(main())
