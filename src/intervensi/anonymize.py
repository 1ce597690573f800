"""Anonymised copies of cases: stable pseudonyms, ages instead of birth dates.

Which fields identify a person is written once, in the model: every field carrying
``json_schema_extra={"x-identifying": True}``. :meth:`Anonymizer.case` walks the model
and, for each such field, replaces a name with a pseudonym, turns the client's birth
date into an age, and leaves every other identifying field out (address, phone, NIK,
the client's own words, session notes, the birth years of genogram people and members).

Names also hide in free text: "N membolos", "Ibu kandung N", "Rumah tangga S", a session
titled "Sesi individual N". So the anonymiser first collects every name the case knows —
the client's name and initials, the names of the client's members and of the genogram's
people, each also without its honorific ("Bapak H" → "H") — and every other identifying
value (address, phone, NIK, birth dates), then replaces each occurrence in *every* string
of the case (titles, summaries, notes, ecomap names, referral source, ...) with that
person's pseudonym: whole words only, longest name first, case-insensitive (names of one
or two characters, such as an initial, match in their written case only, so that the
word "a" or "di" stays), Unicode-aware. Identifiers (slugs) are left intact, so the
references between goals, sessions and people still hold.

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
import functools
import hashlib
import hmac
import re
import secrets
import typing
import unicodedata
from enum import Enum
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


KEY_BYTES = 32


def workspace_key(path: Path | None = None) -> bytes:
    """The per-workspace key: 32 random bytes, kept as 64 hex digits in a 0600 file.

    Created on first use atomically (written and fsynced to a temporary file, then linked
    into place: a full disk leaves no key rather than an empty one) and read back to check.
    A key file that is empty, short, not hex, a symbolic link or not a regular file is an
    error (:class:`~intervensi.errors.RefusedInput`, key ``secret_invalid``, exit 9) and
    is never used: pseudonyms made with a weak key could be reversed from a list of names.
    OS failures raise :class:`~intervensi.fsafe.FileSystemError` (exit 11).
    """
    from .errors import NotFound
    from .fsafe import create_new, read_bytes

    path = path or secret_path()
    try:
        return _parse_key(read_bytes(path, 4096, follow=False), path)
    except NotFound:
        pass
    key = secrets.token_bytes(KEY_BYTES)
    create_new(path, (key.hex() + "\n").encode("ascii"), 0o600)  # False: another process made it meanwhile
    # Whoever created it, the key in use is the one on disk, read back and checked.
    return _parse_key(read_bytes(path, 4096, follow=False), path)


def _parse_key(raw: bytes, path: Path) -> bytes:
    from .errors import RefusedInput

    try:
        key = bytes.fromhex(raw.decode("ascii").strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise RefusedInput(
            "the anonymisation key file is damaged (empty, short or not hex); it is not used — restore it from a backup, "
            "or delete it to start a new key (pseudonyms will then change)",
            path=path,
            key="secret_invalid",
        )
    return key


def age_on(born: int | dt.date, today: dt.date) -> int:
    """Age in whole years on ``today`` (a birth year alone counts as born on 1 July)."""
    if isinstance(born, int):
        return today.year - born - (1 if (today.month, today.day) < (7, 1) else 0)
    return today.year - born.year - (1 if (today.month, today.day) < (born.month, born.day) else 0)


#: Words of address and kinship written before a name ("Bapak H", "Nenek S", "Keluarga H"):
#: the name without them ("H") is collected too, when what remains starts with a capital.
HONORIFICS = frozenset(
    {
        "bapak", "pak", "bpk", "ibu", "bu", "nenek", "nek", "kakek", "kek", "paman", "om", "bibi", "tante", "mbak", "mba",
        "mas", "kak", "kakak", "adik", "dik", "sdr", "sdri", "saudara", "saudari", "tuan", "nyonya", "nona", "keluarga",
        "kel", "anak", "opung", "ompung", "oppung", "inang", "amang", "uda", "uni", "teh", "bang", "abang", "eyang", "mbah",
        "pakde", "bude", "bulik", "cik", "encik", "haji", "hj", "almarhum", "alm", "almarhumah", "mr", "mrs", "ms", "miss",
        "dr", "family", "grandma", "grandpa", "grandmother", "grandfather", "uncle", "aunt",
    }
)
#: What an identifying value other than a name (address, phone, NIK, birth date) becomes in text.
REDACTED = "[…]"
_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
}
#: Names this short match only as written (an initial "A" must not eat the word "a").
SHORT = 2


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def name_variants(name: str) -> list[str]:
    """The forms under which a name appears in text: as written, without a final dot, without honorifics."""
    base = _norm(name)
    out = [base, base.rstrip(".").strip()]
    words = base.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
        if words[0][:1].isupper():
            rest = " ".join(words)
            out += [rest, rest.rstrip(".").strip()]
    return list(dict.fromkeys(v for v in out if v and any(ch.isalnum() for ch in v)))


def name_words(name: str) -> list[str]:
    """The single words of a personal name that can name the person alone: capitalised, not an honorific."""
    words = [w.rstrip(".,") for w in _norm(name).split()]
    return [w for w in words if len(w) > SHORT and w[:1].isupper() and w.casefold() not in HONORIFICS]


def date_variants(day: dt.date) -> list[str]:
    """A birth date as it may be written in text: ISO, day/month/year, "2 Mei 1993", "May 2, 1993"."""
    d, m, y = day.day, day.month, day.year
    out = [day.isoformat(), f"{d}/{m}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}-{m}-{y}", f"{d:02d}-{m:02d}-{y}", f"{d:02d}.{m:02d}.{y}"]
    for months in _MONTHS.values():
        name = months[m - 1]
        out += [f"{d} {name} {y}", f"{d:02d} {name} {y}", f"{name} {d}, {y}", f"{d} {name[:3]} {y}"]
    return list(dict.fromkeys(out))


def _short(term: str) -> bool:
    return sum(ch.isalnum() for ch in term) <= SHORT


class Scrubber:
    """Replaces every known identifying string in a text: whole words, longest first.

    ``add(term, replacement)`` — the first replacement given for a term wins. Terms of more
    than :data:`SHORT` letters match case-insensitively; words inside a term match across any
    run of white space (a name broken over two lines is still found).
    """

    def __init__(self) -> None:
        self._ci: dict[str, str] = {}
        self._cs: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, term: str | None, replacement: str) -> None:
        if not term:
            return
        term = _norm(term)
        if not term or not any(ch.isalnum() for ch in term):
            return
        if _short(term):
            self._cs.setdefault(term, replacement)
        else:
            self._ci.setdefault(term.casefold(), replacement)
        self._pattern = None

    def get(self, term: str) -> str | None:
        term = _norm(term)
        return self._cs.get(term) if _short(term) else self._ci.get(term.casefold())

    def __contains__(self, term: str) -> bool:
        return self.get(term) is not None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and (self._ci or self._cs):
            terms = [(t, False) for t in self._ci] + [(t, True) for t in self._cs]
            terms.sort(key=lambda x: (-len(x[0]), x[0]))
            alts = []
            for t, exact in terms:
                body = r"\s+".join(re.escape(w) for w in t.split())
                alts.append(body if exact else f"(?i:{body})")
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")
        return self._pattern

    def __call__(self, text: str) -> str:
        pattern = self.pattern
        if pattern is None:
            return text
        text = unicodedata.normalize("NFC", text)

        def repl(m: re.Match[str]) -> str:
            return self.get(m.group()) or REDACTED

        return pattern.sub(repl, text)


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

    def scrubber(self, case: Case) -> Scrubber:
        """Every name and identifying value ``case`` knows, each mapped to what replaces it.

        The client first (name, initials), then the client's members, then the genogram's
        people: a person known under several names gets the pseudonym of the first, and a
        genogram person who is the client or a member gets the client's or member's pseudonym.
        """
        sc = Scrubber()
        given: list[tuple[str, str]] = []

        def person(kind: str, name: str | None, *aliases: str | None, personal: bool = True) -> None:
            if not name:
                return
            pseudo = sc.get(name) or self.pseudonym(kind, name)
            for term in [*name_variants(name), *(a for a in aliases if a)]:
                sc.add(term, pseudo)
            if personal:
                given.extend((w, pseudo) for w in name_words(name))

        client = case.client
        # Groups, communities and organisations are named like organisations ("KUBE Melati",
        # "Karang Taruna Tunas Muda"): such names are replaced whole, never word by word. The
        # members of a group are people; those of a community are bodies.
        kind = client.kind.value
        person("client", client.name, client.initials, case.initials, personal=kind in ("individual", "family"))
        for m in client.members:
            person("member", m.name, personal=kind in ("individual", "family", "group"))
        genogram = case.assessment.genogram if case.assessment else None
        for p in genogram.people if genogram else []:
            person("person", p.name)
        # Then each word of a person's name on its own ("Ibu Siti" for "Siti Aminah"),
        # after every full name, so that a full name keeps its own pseudonym.
        for word, pseudo in given:
            sc.add(word, pseudo)
        sc.add(case.id, self.pseudonym("case", case.id))
        for value in (client.address, client.phone, client.id_number):
            if value:
                sc.add(value, REDACTED)
                digits = "".join(ch for ch in value if ch.isdigit())
                if len(digits) >= 6:
                    sc.add(digits, REDACTED)
        borns = [client.born, *(m.born for m in client.members), *(p.born for p in (genogram.people if genogram else []))]
        for born in borns:
            if isinstance(born, dt.date):
                for form in date_variants(born):
                    sc.add(form, REDACTED)
        return sc

    def case(self, case: Case, today: dt.date | None = None) -> tuple[Case, list[str]]:
        """An anonymised copy of ``case`` and the field paths that were removed or replaced.

        Identifying fields are left out (names become pseudonyms, the client's birth date an
        age); every other string has the case's names replaced (:meth:`scrubber`); ids stay.
        """
        from .model import Case as CaseModel

        today = today or dt.date.today()
        removed: list[str] = []
        sc = self.scrubber(case)
        data = self._walk(case, "", sc, removed)
        data["id"] = self.pseudonym("case", case.id)
        removed.append("id")
        client = data["client"]
        if case.client.born is not None and client.get("age") is None:
            client["age"] = age_on(case.client.born, today)
        client["initials"] = None
        new = CaseModel.model_validate(data)
        return new, removed

    def _walk(self, model: BaseModel, where: str, sc: Scrubber, removed: list[str]) -> dict[str, Any]:
        from pydantic import BaseModel as PydModel

        out: dict[str, Any] = {}
        cls = type(model)
        ids = _id_fields(cls)
        for name, field in cls.model_fields.items():
            key = field.alias or name
            value = getattr(model, name)
            path = f"{where}{key}"
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if extra.get("x-identifying") and value is not None:
                if name == "name" and cls.__name__ in _NAME_KIND:
                    value = sc.get(value) or self.pseudonym(_NAME_KIND[cls.__name__], value)
                else:
                    value = None
                removed.append(path)
                out[key] = value
                continue
            if isinstance(value, PydModel):
                out[key] = self._walk(value, path + ".", sc, removed)
            elif isinstance(value, list):
                items: list[Any] = []
                for i, v in enumerate(value):
                    if isinstance(v, PydModel):
                        items.append(self._walk(v, f"{path}.{i}.", sc, removed))
                    elif isinstance(v, str) and not isinstance(v, Enum) and name not in ids:
                        items.append(self._text(v, f"{path}.{i}", sc, removed))
                    else:
                        items.append(v)
                out[key] = items
            elif isinstance(value, str) and not isinstance(value, Enum) and name not in ids:
                out[key] = self._text(value, path, sc, removed)
            else:
                out[key] = value
        return out

    @staticmethod
    def _text(value: str, path: str, sc: Scrubber, removed: list[str]) -> str:
        new = sc(value)
        if new != unicodedata.normalize("NFC", value):
            removed.append(path)
        return new


@functools.cache
def _id_fields(cls: type) -> frozenset[str]:
    """Fields of a model holding identifiers (slugs, case ids): never rewritten."""
    from pydantic.functional_validators import AfterValidator

    from .model import _case_id, _slug

    def has_id(obj: Any) -> bool:
        if isinstance(obj, AfterValidator) and obj.func in (_slug, _case_id):
            return True
        return any(has_id(a) for a in typing.get_args(obj)) or any(has_id(a) for a in getattr(obj, "__metadata__", ()))

    fields = cls.model_fields  # type: ignore[attr-defined]
    return frozenset(n for n, f in fields.items() if any(has_id(m) for m in f.metadata) or has_id(f.annotation))


__all__ = ["Anonymizer", "Scrubber", "age_on", "date_variants", "name_variants", "name_words", "secret_path", "workspace_key"]
