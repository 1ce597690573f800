"""Anonymised copies of cases: stable pseudonyms, ages instead of birth dates.

Which fields identify a person is written once, in the model: every field carrying
``json_schema_extra={"x-identifying": True}``. :meth:`Anonymizer.case` walks the model
and, for each such field, replaces a name with a pseudonym, turns the client's birth
date into an age, and leaves every other identifying field out (address, phone, NIK,
the client's own words, session notes, the birth years of genogram people and members).

Pseudonyms are an HMAC of the real value under a per-workspace secret key
(``.intervensi-secret`` beside ``intervensi.toml``, created 0600 on first use), so the
same person gets the same pseudonym in every export of the workspace — exports can be
joined — and nobody without the key can recompute them from a list of names.

    >>> from intervensi.anonymize import Anonymizer
    >>> anon = Anonymizer(b"test key")
    >>> anon.pseudonym("client", "Ibu S")  # doctest: +SKIP
    'Klien-3F2A9C'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .model import Case

SECRET_NAME = ".intervensi-secret"
PREFIX = {
    "client": "Klien",
    "member": "Anggota",
    "person": "Orang",
    "case": "Kasus",
    "worker": "Pekerja",
}
#: The kind of pseudonym each model's ``name`` field gets.
_NAME_KIND = {"Client": "client", "Member": "member", "Person": "person"}


def secret_path(start: Path | None = None) -> Path:
    """The workspace's secret key file: beside intervensi.toml, else in the current folder."""
    from .config import find_config

    cfg = find_config(start)
    return (cfg.parent if cfg else (start or Path.cwd())) / SECRET_NAME


def workspace_key(path: Path | None = None) -> bytes:
    """The per-workspace key, created (32 random bytes, mode 0600) on first use."""
    path = path or secret_path()
    try:
        return bytes.fromhex(path.read_text("ascii").strip())
    except FileNotFoundError:
        pass
    except ValueError:
        from .errors import IntervensiError

        raise IntervensiError("the anonymisation key file is damaged", path=path, key="secret_damaged") from None
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # another process created it meanwhile
        return bytes.fromhex(path.read_text("ascii").strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    return key


def age_on(born: int | dt.date, today: dt.date) -> int:
    """Age in whole years on ``today`` (a birth year alone counts as born on 1 July)."""
    if isinstance(born, int):
        return today.year - born - (1 if (today.month, today.day) < (7, 1) else 0)
    return today.year - born.year - (1 if (today.month, today.day) < (born.month, born.day) else 0)


class Anonymizer:
    """Pseudonyms under one key, and anonymised copies of cases."""

    def __init__(self, key: bytes | str | None = None) -> None:
        if key is None:
            key = workspace_key()
        self.key = key.encode("utf-8") if isinstance(key, str) else key

    def pseudonym(self, kind: str, real: str) -> str:
        """A stable pseudonym for ``real``: the same value gives the same one under this key."""
        norm = " ".join(str(real).split()).casefold()
        mac = hmac.new(self.key, norm.encode("utf-8"), hashlib.sha256).hexdigest()[:6].upper()
        return f"{PREFIX.get(kind, kind.capitalize())}-{mac}"

    def case(self, case: Case, today: dt.date | None = None) -> tuple[Case, list[str]]:
        """An anonymised copy of ``case`` and the field paths that were removed or replaced."""
        from .model import Case as CaseModel

        today = today or dt.date.today()
        removed: list[str] = []
        data = self._walk(case, "", today, removed)
        data["id"] = self.pseudonym("case", case.id)
        removed.append("id")
        client = data["client"]
        if case.client.born is not None and client.get("age") is None:
            client["age"] = age_on(case.client.born, today)
        client["initials"] = None
        new = CaseModel.model_validate(data)
        return new, removed

    def _walk(self, model: BaseModel, where: str, today: dt.date, removed: list[str]) -> dict[str, Any]:
        from pydantic import BaseModel as PydModel

        out: dict[str, Any] = {}
        for name, field in type(model).model_fields.items():
            key = field.alias or name
            value = getattr(model, name)
            path = f"{where}{key}"
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if extra.get("x-identifying") and value is not None:
                if name == "name" and type(model).__name__ in _NAME_KIND:
                    value = self.pseudonym(_NAME_KIND[type(model).__name__], value)
                else:
                    value = None
                removed.append(path)
                out[key] = value
                continue
            if isinstance(value, PydModel):
                out[key] = self._walk(value, path + ".", today, removed)
            elif isinstance(value, list):
                out[key] = [
                    self._walk(v, f"{path}.{i}.", today, removed) if isinstance(v, PydModel) else v for i, v in enumerate(value)
                ]
            else:
                out[key] = value
        return out


__all__ = ["Anonymizer", "age_on", "secret_path", "workspace_key"]
