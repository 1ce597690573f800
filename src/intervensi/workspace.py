"""Creating a workspace: ``intervensi.toml`` beside a private ``cases/`` folder.

Above both :mod:`intervensi.config` (what the file says) and :mod:`intervensi.store`
(how files are written safely), so neither imports the other's way round.
"""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, render_config
from .store import create_exclusive, ensure_private_dir


def init_workspace(
    directory: Path,
    *,
    worker: str | None = None,
    agency: str | None = None,
    language: str = "en",
    role: str | None = None,
    supervisor: str | None = None,
) -> Path:
    """Create a workspace: ``intervensi.toml`` and a private ``cases/`` directory.

    ``supervisor``: who signs the reports of this workspace (``[worker] supervisor``); a
    case's own ``worker.supervisor`` (``intervensi worker change CASE --supervisor``) wins.
    Refuses to overwrite an existing config; returns its path.
    """
    from .errors import AlreadyExists

    ensure_private_dir(directory)
    cfg = directory / CONFIG_NAME
    if cfg.exists():
        raise AlreadyExists("already exists; refusing to overwrite", path=cfg, key="exists")
    ensure_private_dir(directory / "cases")
    create_exclusive(cfg, render_config(worker=worker, agency=agency, language=language, role=role, supervisor=supervisor))
    return cfg
