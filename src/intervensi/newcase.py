"""Opening a new case from a template (one per practice form, in ``templates/cases/``).

Templates are ordinary case files with comments that explain each section to the worker;
:func:`new_case` fills in the identity fields through the round-trip loader (so the
comments stay), validates the result and creates the file without overwriting anything.
A workspace can override a template by putting its own ``templates/cases/<practice>.yaml``
beside ``intervensi.toml``.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import CaseFileError, NotFound, UsageError
from .vocab import PRACTICE_LEVEL, ClientKind, Level, Practice

#: Which bundled template serves each practice form when there is no file of its own.
TEMPLATE_FOR: dict[Practice, str] = {
    Practice.CASEWORK: "micro",
    Practice.CASE_MANAGEMENT: "micro",
    Practice.FAMILY_THERAPY: "family",
    Practice.GROUP_WORK: "group",
    Practice.GROUP_THERAPY: "group",
    Practice.COMMUNITY_ORGANIZATION: "macro",
    Practice.ADMINISTRATION: "macro",
}


def templates_dir() -> Path:
    """The bundled ``templates/`` folder: inside the installed package, or the source tree."""
    packaged = resources.files("intervensi") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "templates"
    if source.is_dir():
        return source
    raise NotFound("the bundled templates are missing (reinstall intervensi)", key="no_such_file")  # pragma: no cover


def find_template(practice: Practice, workspace: Path | None = None) -> Path:
    names = [f"{practice.value}.yaml", f"{TEMPLATE_FOR[practice]}.yaml"]
    roots = ([workspace / "templates" / "cases"] if workspace else []) + [templates_dir() / "cases"]
    for root in roots:
        for name in names:
            if (root / name).is_file():
                return root / name
    raise NotFound(f"no template for {practice.value}", key="no_such_file")  # pragma: no cover


def default_client_kind(level: Level, practice: Practice) -> ClientKind:
    if practice is Practice.FAMILY_THERAPY:
        return ClientKind.FAMILY
    return {Level.MICRO: ClientKind.INDIVIDUAL, Level.MEZZO: ClientKind.GROUP, Level.MACRO: ClientKind.COMMUNITY}[level]


def new_case(
    directory: Path | str,
    case_id: str,
    *,
    practice: Practice | str,
    client_name: str,
    level: Level | str | None = None,
    client_kind: ClientKind | str | None = None,
    title: str | None = None,
    worker: str | None = None,
    worker_role: str | None = None,
    agency: str | None = None,
    language: str | None = None,
    opened: dt.date | None = None,
    by: str | None = None,
    template: Path | None = None,
    workspace: Path | None = None,
) -> Path:
    """Create ``<directory>/<case_id>.yaml`` from the practice form's template."""
    from .casefile import validate_data
    from .cycle import opening_entry
    from .model_base import CASE_ID
    from .store import create_exclusive, ensure_private_dir, given_input_refused
    from .yamlio import parse, read_text
    from .yamlrt import dump_roundtrip, load_roundtrip, to_yaml_value

    if not CASE_ID.match(case_id):
        raise UsageError(
            f"'{case_id}' is not a valid case id: 1–64 letters, digits, '-' or '_'",
            key="bad_case_id",
            params={"id": case_id},
        )
    practice = Practice(practice)
    level = Level(level) if level else PRACTICE_LEVEL[practice]
    kind = ClientKind(client_kind) if client_kind else default_client_kind(level, practice)
    directory = Path(directory)
    ensure_private_dir(directory)
    path = directory / f"{case_id}.yaml"
    tpl = template or find_template(practice, workspace)
    data, layout = load_roundtrip(read_text(tpl), tpl)
    opened = opened or dt.date.today()
    values: dict[str, Any] = {
        "id": case_id,
        "title": title,
        "level": level.value,
        "practice": practice.value,
        "language": language,
        "opened": opened.isoformat(),
    }
    for key, value in values.items():
        if value is not None:
            if key in data:
                data[key] = to_yaml_value(value)
            else:  # keep the identity block together: insert after the practice form
                data.insert(list(data).index("practice") + 1, key, to_yaml_value(value))
        elif key in data and data[key] is None:
            del data[key]
    data["client"]["kind"] = kind.value
    data["client"]["name"] = client_name
    if worker:
        data.setdefault("worker", to_yaml_value({}))
        data["worker"]["name"] = worker
        if worker_role:
            data["worker"]["role"] = worker_role
    elif "worker" in data and not data["worker"].get("name"):
        del data["worker"]
    if agency:
        data.setdefault("agency", to_yaml_value({}))
        data["agency"]["name"] = agency
    elif "agency" in data and not data["agency"].get("name"):
        del data["agency"]
    # A case opened on an earlier day (a practicum written up afterwards) is dated by its
    # opening; the entry then also keeps when it was written (``recorded``).
    opened_at = dt.datetime(opened.year, opened.month, opened.day, 12, 0).astimezone() if opened < dt.date.today() else None
    data["history"] = to_yaml_value([opening_entry(by or worker, at=opened_at)])
    text = dump_roundtrip(data, layout)
    try:
        validate_data(parse(text, path), path, text)
    except CaseFileError as exc:  # the template is valid: what was given is not (an empty name)
        given_input_refused(exc, path)
        raise
    create_exclusive(path, text)
    return path


__all__ = ["TEMPLATE_FOR", "find_template", "new_case", "templates_dir"]
