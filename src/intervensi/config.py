"""The workspace: a folder with ``intervensi.toml`` and a cases directory.

``intervensi init`` writes the config; every command looks for it from the current
directory upwards (or at ``$INTERVENSI_CONFIG``). It holds defaults only: the worker's
name, the agency, the language, where cases live. Stdlib only (tomllib), so it is cheap
enough to read while building ``--help``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CaseFileError

CONFIG_NAME = "intervensi.toml"


@dataclass
class Config:
    root: Path | None = None
    cases_dir: Path = field(default_factory=lambda: Path("cases"))
    language: str | None = None
    worker: str | None = None
    worker_role: str | None = None
    #: The supervisor who signs reports (``[worker] supervisor``); a case's own ``worker.supervisor`` wins.
    supervisor: str | None = None
    agency: str | None = None
    file_mode: str | None = None

    @property
    def cases(self) -> Path:
        if self.root is None:
            return self.cases_dir
        return self.root / self.cases_dir


def find_config(start: Path | None = None) -> Path | None:
    env = os.environ.get("INTERVENSI_CONFIG")
    if env:
        p = Path(env)
        return p if p.is_file() else None
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


class ConfigError(CaseFileError):
    """The workspace config (``intervensi.toml``) cannot be read as written."""

    key = "config_broken"


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_config(start: Path | None = None) -> Config:
    """The workspace config found from ``start`` upwards; defaults when there is none.

    Raises :class:`ConfigError` (file, line, column) when the file is not valid TOML, not
    UTF-8, or gives a setting a value it cannot have: silently falling back to defaults
    would create cases in the wrong language with no worker or agency.
    """
    path = find_config(start)
    if path is None:
        return Config()
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text (save it as UTF-8)", path=path, key="config_not_utf8") from None
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror})", path=path, key="config_unreadable", params={"reason": exc.strerror or ""}) from None
    import tomllib  # only when there is a config to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _AT.search(str(exc))
        problem = _AT.sub("", str(exc)).strip()
        raise ConfigError(
            f"not valid TOML: {problem}",
            path=path,
            line=int(m.group(1)) if m else None,
            column=int(m.group(2)) if m else None,
            key="config_broken",
            params={"problem": problem},
        ) from None
    lang = data.get("workspace", {}).get("language") if isinstance(data.get("workspace"), dict) else None
    if lang is not None and lang not in ("en", "id"):
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("language")), None)
        raise ConfigError("language must be en or id", path=path, line=line, field="workspace.language", key="config_language")
    return _from_dict(data, path.parent)


def _from_dict(data: dict[str, Any], root: Path) -> Config:
    ws = data.get("workspace", {}) if isinstance(data.get("workspace"), dict) else {}
    worker = data.get("worker", {}) if isinstance(data.get("worker"), dict) else {}
    agency = data.get("agency", {}) if isinstance(data.get("agency"), dict) else {}
    lang = ws.get("language")
    return Config(
        root=root,
        cases_dir=Path(str(ws.get("cases", "cases"))),
        language=lang if lang in ("en", "id") else None,
        worker=_str(worker.get("name")),
        worker_role=_str(worker.get("role")),
        supervisor=_str(worker.get("supervisor")),
        agency=_str(agency.get("name")),
        file_mode=_str(ws.get("file_mode")),
    )


def _str(v: Any) -> str | None:
    return str(v) if isinstance(v, str) and v.strip() else None


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def render_config(*, worker: str | None, agency: str | None, language: str, cases: str = "cases", role: str | None = None,
                  supervisor: str | None = None) -> str:
    lines = [
        "# intervensi workspace settings (defaults for every command run below this folder)",
        "[workspace]",
        f"cases = {_toml_str(cases)}",
        f"language = {_toml_str(language)}  # en or id",
        '# file_mode = "0640"  # new case files, exports and reports: 0600 (owner only) unless set',
        "",
        "[worker]",
        f"name = {_toml_str(worker or '')}",
    ]
    if role:
        lines.append(f"role = {_toml_str(role)}")
    if supervisor:
        lines.append(f"supervisor = {_toml_str(supervisor)}  # signs reports; a case's own worker.supervisor wins")
    lines += ["", "[agency]", f"name = {_toml_str(agency or '')}", ""]
    return "\n".join(lines)
