"""Anonymised copies of cases: nothing derived from a name, stable pseudonyms, ages instead of birth dates.

Which fields identify a person is written once, in the model: every field carrying
``json_schema_extra={"x-identifying": True}``. :meth:`Anonymizer.case` walks the model
and, for each such field, replaces a name with a pseudonym, turns the client's birth
date into an age, and leaves every other identifying field out (address, phone, NIK,
the client's own words, session notes, the birth years of genogram people and members).
Beyond those fields:

- **ids** of people, members, systems, unions, needs, goals, objectives and households
  (often made from a name: ``siti-aminah``) are renumbered (``p1``, ``m2``, ``s3``, ...)
  and every reference to them follows, so diagrams (element ids, SVG ``<title>``),
  tables and joins hold no name;
- **places**: the name of each ecomap system ("Puskesmas Cibatu", a named school or
  mosque) becomes its kind ("Health", "School 2") in the diagram and in free text;
- **names in free text** (:mod:`intervensi.anon_text`): every spelling of every name the
  case knows, of every other case given to :meth:`Anonymizer.know` (cross-case mentions),
  of a user's list (``also_remove``), and unknown capitalised words after a word of
  address (``tetangga Bu Ijah``); phone numbers, NIK/KK numbers, street addresses and
  birth dates in their common written forms.

:attr:`Anonymizer.counts` holds how many of each kind were removed, over every case
anonymised so far (the summary a command prints).

Pseudonyms are an HMAC-SHA256 of the real value under a per-workspace secret key
(``.intervensi-secret`` beside ``intervensi.toml``, created 0600 on first use), cut to
64 bits and written in base32 (``Klien-K7Q2M9XD4RTA1``): the same person gets the same
pseudonym in every export of the workspace, nobody without the key can recompute them
from a list of names, and 64 bits do not collide at national scale (about one chance in
10⁸ among 10 million cases). A case's pseudonym is keyed on its id, its opening date and
its client's name, and people's pseudonyms on their case's key too: two different files
with the same case id get different pseudonyms, and two people of the same name in two
cases are never merged.

    >>> from intervensi.anonymize import Anonymizer
    >>> anon = Anonymizer(b"test key")
    >>> anon.pseudonym("client", "Ibu S")  # doctest: +SKIP
    'Klien-K7Q2M9XD4RTA1'
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import secrets
import typing
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .anon_text import REDACTED, NameIndex, Scrubber, fold_term, month_of_dates, name_variants, name_words

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
#: The namespace and new-id prefix of each field holding an id ((model, field) → (namespace, prefix)):
#: declarations and references of one namespace share one renumbering. Members and genogram
#: people are one namespace: a member drawn in the genogram has one id in both.
_ID_NS = {
    ("Member", "id"): ("person", "m"), ("Person", "id"): ("person", "p"), ("Union", "partners"): ("person", "p"),
    ("Child", "child"): ("person", "p"), ("Child", "parent"): ("person", "p"), ("Relationship", "a"): ("person", "p"),
    ("Relationship", "b"): ("person", "p"), ("System", "member"): ("person", "p"), ("Session", "attendance"): ("person", "m"),
    ("Union", "id"): ("union", "u"), ("Child", "union"): ("union", "u"), ("System", "id"): ("system", "s"),
    ("Need", "id"): ("need", "n"), ("Goal", "needs"): ("need", "n"), ("Strength", "id"): ("strength", "st"),
    ("Goal", "id"): ("goal", "g"), ("Session", "goals"): ("goal", "g"), ("Attainment", "goal"): ("goal", "g"),
    ("Objective", "id"): ("objective", "o"), ("Measurement", "objective"): ("objective", "o"),
    ("Person", "household"): ("household", "hh"), ("Child", "twin"): ("twin", "tw"),
}
#: What an ecomap system's name becomes: its kind, in the output's language.
PLACE_LABELS: dict[str, tuple[str, str]] = {
    "work": ("Work", "Tempat kerja"), "school": ("School", "Sekolah"), "health": ("Health service", "Layanan kesehatan"),
    "welfare": ("Social welfare", "Layanan sosial"), "religion": ("Place of worship", "Tempat ibadah"),
    "extended_family": ("Extended family", "Keluarga besar"), "friends": ("Friends", "Teman"),
    "neighbours": ("Neighbours", "Tetangga"), "recreation": ("Recreation", "Rekreasi"), "training": ("Training", "Pelatihan"),
    "credit": ("Credit", "Kredit"), "government": ("Government office", "Kantor pemerintah"), "other": ("Other system", "Sistem lain"),
}
#: The kinds :attr:`Anonymizer.counts` counts, in the order a summary lists them.
COUNT_KINDS = ("name", "other_case", "also_remove", "unknown_name", "place", "phone", "id_number", "address",
               "birth_date", "field", "id")

MESSAGES: dict[str, dict[str, str]] = {
    "anon.kind.name": {"en": "names of the case's people", "id": "nama orang dalam kasus"},
    "anon.kind.other_case": {"en": "names from other cases", "id": "nama dari kasus lain"},
    "anon.kind.also_remove": {"en": "names from your list", "id": "nama dari daftar Anda"},
    "anon.kind.unknown_name": {"en": "other names after a title (Bu, Pak, ...)", "id": "nama lain setelah sapaan (Bu, Pak, ...)"},
    "anon.kind.place": {"en": "places named by their kind", "id": "tempat diganti jenisnya"},
    "anon.kind.phone": {"en": "phone numbers", "id": "nomor telepon"},
    "anon.kind.id_number": {"en": "NIK/KK numbers", "id": "nomor NIK/KK"},
    "anon.kind.address": {"en": "addresses", "id": "alamat"},
    "anon.kind.birth_date": {"en": "birth dates", "id": "tanggal lahir"},
    "anon.kind.field": {"en": "identifying fields left out", "id": "kolom identitas dihapus"},
    "anon.kind.id": {"en": "ids renumbered", "id": "id diberi nomor baru"},
    "anon.summary": {"en": "anonymised: {what}", "id": "dianonimkan: {what}"},
    "err.name_list_unreadable": {"en": "the list of names cannot be read ({problem})", "id": "daftar nama tidak dapat dibaca ({problem})"},
}


def _register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


def summary(counts: dict[str, int] | Counter[str], lang: str = "en") -> str:
    """What was removed, by kind, in words: ``"4 names of the case's people, 1 phone numbers, ..."``.

    Numbers are written in the language's form (``1.234`` in Indonesian, by :mod:`intervensi.numfmt`).
    """
    from .i18n import t
    from .numfmt import number

    _register()
    parts = []
    for kind in COUNT_KINDS:
        n = counts.get(kind, 0)
        if n:
            parts.append(f"{number(n, lang)} {t(f'anon.kind.{kind}', lang)}")
    return t("anon.summary", lang).format(what=", ".join(parts) or "—")


__all__ = ["COUNT_KINDS", "PLACE_LABELS", "Anonymised", "Anonymizer", "Scrubber", "age_on", "read_name_list",
           "secret_path", "summary", "workspace_key"]


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


def read_name_list(path: Path) -> list[str]:
    """Names to remove, one per line (UTF-8; blank lines and lines starting with ``#`` skipped).

    Raises :class:`intervensi.errors.NotFound` when the file does not exist.
    """
    from .errors import NotFound, UsageError

    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise NotFound("no such file", path=path, key="no_such_file") from None
    except (OSError, UnicodeDecodeError) as exc:
        problem = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or type(exc).__name__)
        raise UsageError(f"the list of names cannot be read ({problem})", path=path, key="name_list_unreadable",
                         params={"problem": problem}) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Anonymised:
    """One anonymised case: the copy, the field paths removed or replaced, and the id map (old → new).

    ``ids`` maps each old id to its new one (for an id used in two namespaces, the first:
    members and genogram people first, as the walk meets them).
    """

    case: Case
    removed: list[str]
    ids: dict[str, str]
    counts: Counter[str] = field(default_factory=Counter)


class Anonymizer:
    """Pseudonyms under one key, and anonymised copies of cases.

    ``also_remove``: extra names (third parties) removed from every text. ``lang``: the
    language of the place labels (``en`` or ``id``). ``research``: dates in free text are
    cut to the month (the export generalises its columns, see :mod:`intervensi.export`).
    """

    def __init__(self, key: bytes | str | None = None, *, also_remove: Iterable[str] = (), lang: str = "en",
                 research: bool = False) -> None:
        if key is None:
            key = workspace_key()
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self.lang = lang
        self.research = research
        self.also_remove = [n for n in also_remove if n.strip()]
        self.counts: Counter[str] = Counter()
        self._others: list[tuple[str, str]] = []
        self._index: NameIndex | None = None

    # ------------------------------------------------------------------ pseudonyms

    def pseudonym(self, kind: str, real: str, scope: str = "") -> str:
        """A stable pseudonym for ``real`` (within ``scope``, e.g. a case's key): 64 bits of HMAC in base32."""
        norm = " ".join(unicodedata.normalize("NFKC", str(real)).split()).casefold()
        mac = hmac.new(self.key, f"{kind}\x00{scope}\x00{norm}".encode(), hashlib.sha256).digest()
        return f"{PREFIX.get(kind, kind.capitalize())}-{base64.b32encode(mac[:8]).decode('ascii')[:13]}"

    @staticmethod
    def case_key(case: Case) -> str:
        """What tells two cases apart: the id, the opening date and the client's name."""
        return f"{case.id}\x00{case.opened.isoformat()}\x00{fold_term(case.client.name)}"

    def case_pseudonym(self, case: Case) -> str:
        return self.pseudonym("case", case.id, self.case_key(case))

    # ------------------------------------------------------------------ names

    def know(self, cases: Iterable[Case]) -> None:
        """Remember the names of other cases of the same run: a mention in one case of another's client is removed."""
        for case in cases:
            for name, personal in _names_of(case):
                self._others += [(v, "other_case") for v in name_variants(name)]
                if personal:
                    self._others += [(w, "other_case") for w in name_words(name)]
        self._index = None

    def scrubber(self, case: Case) -> Scrubber:
        """Every name and identifying value ``case`` knows, each mapped to what replaces it.

        The client first (name, initials), then the client's members, then the genogram's
        people: a person known under several names gets the pseudonym of the first, and a
        genogram person who is the client or a member gets the client's or member's pseudonym.
        Then the ecomap's places, the names of other cases and the user's list.
        """
        scope = self.case_key(case)
        genogram = case.assessment.genogram if case.assessment else None
        borns = [case.client.born, *(m.born for m in case.client.members), *(p.born for p in (genogram.people if genogram else []))]
        sc = Scrubber(births={b for b in borns if isinstance(b, dt.date)})
        given: list[tuple[str, str]] = []

        def person(kind: str, name: str | None, *aliases: str | None, personal: bool = True) -> None:
            if not name:
                return
            pseudo = sc.get(name) or self.pseudonym(kind, name, scope)
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
        for p in genogram.people if genogram else []:
            person("person", p.name)
        # Then each word of a person's name on its own ("Ibu Siti" for "Siti Aminah"),
        # after every full name, so that a full name keeps its own pseudonym.
        for word, pseudo in given:
            sc.add(word, pseudo)
        for name, label in self._places(case).items():
            # "Puskesmas Cibatu", "SDN 3 Sukamulya", "Masjid Al-Ikhlas" locate a family; a
            # one-word name ("Tetangga", "Posyandu") is a common word, left alone in text.
            if len(name.split()) > 1:
                sc.add(name, label, "place")
        sc.add(case.id, self.case_pseudonym(case))
        people_ids = [p.id_number for p in (genogram.people if genogram else []) if p.id_number]
        for value in (client.address, client.phone, client.id_number, client.family_card, *people_ids):
            if value:
                sc.add(value, REDACTED, "field")
                digits = "".join(ch for ch in value if ch.isdigit())
                if len(digits) >= 6:
                    sc.add(digits, REDACTED, "field")
        sc.index = self._name_index()
        return sc

    def _name_index(self) -> NameIndex:
        """The names from elsewhere (:meth:`know`, ``also_remove``), indexed once for every case."""
        if self._index is None:
            self._index = NameIndex()
            for name in self.also_remove:
                for v in [*name_variants(name), *name_words(name)]:
                    self._index.add(v, REDACTED, "also_remove")
            for term, kind in self._others:
                self._index.add(term, REDACTED, kind)
        return self._index

    def _places(self, case: Case) -> dict[str, str]:
        """Each ecomap system's name → its kind's label, numbered when a kind comes twice."""
        eco = case.assessment.ecomap if case.assessment else None
        systems = eco.systems if eco else []
        per_kind = Counter(s.kind.value for s in systems)
        seen: Counter[str] = Counter()
        out: dict[str, str] = {}
        for s in systems:
            k = s.kind.value
            en, id_ = PLACE_LABELS.get(k, PLACE_LABELS["other"])
            seen[k] += 1
            label = id_ if self.lang == "id" else en
            out.setdefault(s.name, f"{label} {seen[k]}" if per_kind[k] > 1 else label)
        return out

    # ------------------------------------------------------------------ cases

    def case(self, case: Case, today: dt.date | None = None) -> tuple[Case, list[str]]:
        """An anonymised copy of ``case`` and the field paths that were removed or replaced."""
        done = self.anonymise(case, today)
        return done.case, done.removed

    def anonymise(self, case: Case, today: dt.date | None = None) -> Anonymised:
        """An anonymised copy of ``case`` (:class:`Anonymised`), counted in :attr:`counts`.

        Identifying fields are left out (names become pseudonyms, the client's birth date an
        age); every other string has the case's names and identifiers replaced; ids are
        renumbered, ecomap systems named by their kind.
        """
        from .model import Case as CaseModel

        today = today or dt.date.today()
        removed: list[str] = []
        sc = self.scrubber(case)
        walk = _Walk(self, sc, removed, self._places(case))
        walk.scope = self.case_key(case)
        data = walk.model(case, "")
        data["id"] = self.case_pseudonym(case)
        removed.append("id")
        client = data["client"]
        if case.client.born is not None and client.get("age") is None:
            client["age"] = age_on(case.client.born, today)
        client["initials"] = None
        new = CaseModel.model_validate(data)
        counts = sc.counts.copy()
        counts["field"] += walk.fields
        counts["place"] += walk.places_done
        counts["id"] += len(walk._map)
        self.counts.update(counts)
        return Anonymised(new, removed, dict(walk.ids), counts)


def _names_of(case: Case) -> list[tuple[str, bool]]:
    """The people's names a case holds, each with whether its single words name the person."""
    kind = case.client.kind.value
    out = [(case.client.name, kind in ("individual", "family"))]
    out += [(m.name, kind in ("individual", "family", "group")) for m in case.client.members]
    genogram = case.assessment.genogram if case.assessment else None
    out += [(p.name, True) for p in (genogram.people if genogram else []) if p.name]
    return out


class _Walk:
    """One walk over a case's model: identifying fields out, text scrubbed, ids renumbered."""

    def __init__(self, anon: Anonymizer, sc: Scrubber, removed: list[str], places: dict[str, str]) -> None:
        self.anon, self.sc, self.removed, self.places = anon, sc, removed, places
        self.scope = ""
        self.ids: dict[str, str] = {}
        self._map: dict[tuple[str, str], str] = {}
        self._next: Counter[str] = Counter()
        self.fields = self.places_done = 0

    def new_id(self, old: str, namespace: str, prefix: str) -> str:
        if (namespace, old) not in self._map:
            self._next[prefix] += 1
            self._map[namespace, old] = new = f"{prefix}{self._next[prefix]}"
            self.ids.setdefault(old, new)
        return self._map[namespace, old]

    def model(self, model: BaseModel, where: str) -> dict[str, Any]:
        from pydantic import BaseModel as PydModel

        out: dict[str, Any] = {}
        cls = type(model)
        ids = _id_fields(cls)
        for name, fld in cls.model_fields.items():
            key = fld.alias or name
            value = getattr(model, name)
            path = f"{where}{key}"
            extra = fld.json_schema_extra if isinstance(fld.json_schema_extra, dict) else {}
            if value is None:
                out[key] = None
            elif extra.get("x-identifying"):
                if name == "name" and cls.__name__ in _NAME_KIND:
                    value = self.sc.get(value) or self.anon.pseudonym(_NAME_KIND[cls.__name__], value, self.scope)
                else:
                    value = None
                    self.fields += 1
                self.removed.append(path)
                out[key] = value
            elif name in ids and cls.__name__ != "Case":
                ns, prefix = _ID_NS.get((cls.__name__, name), (f"{cls.__name__}.{name}", "x"))
                out[key] = [self.new_id(v, ns, prefix) for v in value] if isinstance(value, list) else self.new_id(value, ns, prefix)
            elif cls.__name__ == "System" and name == "name":
                out[key] = self.places.get(value) or self.text(value, path)
                self.places_done += 1
                self.removed.append(path)
            elif isinstance(value, PydModel):
                out[key] = self.model(value, path + ".")
            elif isinstance(value, list):
                out[key] = [
                    self.model(v, f"{path}.{i}.") if isinstance(v, PydModel)
                    else self.text(v, f"{path}.{i}") if isinstance(v, str) and not isinstance(v, Enum) else v
                    for i, v in enumerate(value)
                ]
            elif isinstance(value, str) and not isinstance(value, Enum):
                out[key] = self.text(value, path)
            else:
                out[key] = value
        return out

    def text(self, value: str, path: str) -> str:
        new = self.sc(value)
        if self.anon.research:
            new = month_of_dates(new)
        if new != unicodedata.normalize("NFC", value):
            self.removed.append(path)
        return new


@functools.cache
def _id_fields(cls: type) -> frozenset[str]:
    """Fields of a model holding identifiers (slugs, case ids): never rewritten."""
    from pydantic.functional_validators import AfterValidator

    from .model_base import _case_id, _slug

    def has_id(obj: Any) -> bool:
        if isinstance(obj, AfterValidator) and obj.func in (_slug, _case_id):
            return True
        return any(has_id(a) for a in typing.get_args(obj)) or any(has_id(a) for a in getattr(obj, "__metadata__", ()))

    fields = cls.model_fields  # type: ignore[attr-defined]
    return frozenset(n for n, f in fields.items() if any(has_id(m) for m in f.metadata) or has_id(f.annotation))


_register()
