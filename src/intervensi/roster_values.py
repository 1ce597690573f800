"""One roster cell → one value: identifiers, dates, sex, household members, components.

Each reader takes the raw cell (as the spreadsheet holds it: text, float, date) and returns
the value or raises :class:`Bad` with a message key (``roster_*``) and parameters that never
hold the cell's content. The rules (docs/how-to/import-roster.md):

* **NIK and KK** are 16 digits, kept as text. A cell stored as a number is refused: a
  spreadsheet keeps 15 significant digits and drops leading zeros, so the number may no
  longer be the identifier; text in scientific notation (``3.20101E+15``, what a CSV saved
  from such a column holds) is refused too, its digits are gone. Spaces, dots and a
  leading apostrophe (Excel's "this is text" mark) are dropped.
* **Dates**: a date cell; an Excel serial number (days since 1899-12-30); ``YYYY-MM-DD``;
  ``dd/mm/yyyy`` (also with ``-`` or ``.``: the Indonesian order, day first); ``12 Maret
  1985`` with month names in Indonesian or English (from CLDR through Babel). A date whose
  second part is above 12 (``03/25/1985``) is month-first and refused, as is a two-digit
  year; a birth may be a bare year (``1985``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SCI = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([^\W\d]+)\.?\s+(\d{4})$")

SEX_WORDS = {
    "male": ("l", "lk", "laki", "laki laki", "laki-laki", "pria", "m", "male", "man", "boy"),
    "female": ("p", "pr", "perempuan", "wanita", "f", "female", "woman", "girl", "w"),
}
_SEX = {w: s for s, ws in SEX_WORDS.items() for w in ws}

#: Relation to the head of the family (KK's "hubungan dalam keluarga") → (relation, sex or None).
RELATIONS: dict[str, tuple[str, str | None]] = {
    "kepala keluarga": ("head", None), "kepala": ("head", None), "krt": ("head", None), "head": ("head", None),
    "suami": ("spouse", "male"), "istri": ("spouse", "female"), "isteri": ("spouse", "female"),
    "pasangan": ("spouse", None), "husband": ("spouse", "male"), "wife": ("spouse", "female"), "spouse": ("spouse", None),
    "anak": ("child", None), "anak kandung": ("child", None), "child": ("child", None),
    "son": ("child", "male"), "daughter": ("child", "female"),
    "anak tiri": ("stepchild", None), "stepchild": ("stepchild", None),
    "anak angkat": ("adopted", None), "adopted child": ("adopted", None),
    "ayah": ("parent", "male"), "bapak": ("parent", "male"), "ibu": ("parent", "female"),
    "orang tua": ("parent", None), "father": ("parent", "male"), "mother": ("parent", "female"), "parent": ("parent", None),
    "menantu": ("other", None), "cucu": ("other", None), "mertua": ("other", None), "famili lain": ("other", None),
    "saudara": ("other", None), "kakek": ("other", "male"), "nenek": ("other", "female"), "lainnya": ("other", None),
    "son-in-law": ("other", "male"), "daughter-in-law": ("other", "female"), "grandchild": ("other", None),
    "grandson": ("other", "male"), "granddaughter": ("other", "female"), "grandfather": ("other", "male"),
    "grandmother": ("other", "female"), "sibling": ("other", None), "brother": ("other", "male"),
    "sister": ("other", "female"), "relative": ("other", None), "other": ("other", None),
}


class Bad(Exception):
    """A cell that cannot be read: ``key`` (message key) and ``params`` (no cell content)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def text(v: Any) -> str | None:
    """A cell as text (numbers written without a trailing ``.0``), or None when empty."""
    if is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return " ".join(str(v).split())


def ident(v: Any) -> str | None:
    """A NIK or KK number: 16 digits as text (see the module docstring), or None when empty."""
    if is_empty(v):
        return None
    if isinstance(v, (bool, int, float)):
        raise Bad("roster_id_number")
    s = str(v).strip().lstrip("'").strip()
    if _SCI.match(s):
        raise Bad("roster_id_scientific")
    s = re.sub(r"[\s.\-]", "", s)
    if not s.isdigit():
        raise Bad("roster_id_chars")
    if len(s) != 16:
        raise Bad("roster_id_length", digits=len(s))
    return s


def phone(v: Any) -> str | None:
    """A phone number as text; a number cell (its leading 0 dropped) is refused."""
    if is_empty(v):
        return None
    if isinstance(v, (bool, int, float)):
        raise Bad("roster_phone_number")
    return " ".join(str(v).split())


def sex(v: Any) -> str | None:
    if is_empty(v):
        return None
    s = _SEX.get(" ".join(str(v).casefold().replace("-", " ").split())) or _SEX.get(str(v).strip().casefold())
    if s is None:
        raise Bad("roster_sex", known="L/P, laki-laki/perempuan, M/F, male/female")
    return s


@functools.cache
def _months() -> dict[str, int]:
    from babel.dates import get_month_names

    out: dict[str, int] = {}
    for loc in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for n, name in get_month_names(width, locale=loc).items():
                out[name.casefold().rstrip(".")] = n
    return out


def date(v: Any, *, year_ok: bool = False, today: dt.date | None = None) -> int | dt.date | None:
    """A date cell (see the module docstring); with ``year_ok`` a bare year is a year (int)."""
    if is_empty(v):
        return None
    today = today or dt.date.today()
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise Bad("roster_date")
    if isinstance(v, (int, float)) or (isinstance(v, str) and re.fullmatch(r"\d{1,6}(?:\.0+)?", v.strip())):
        n = float(v)
        if year_ok and n.is_integer() and 1000 <= n <= 2999:
            return int(n)
        if not n.is_integer() or not 1 <= n <= 2958465:
            raise Bad("roster_date")
        return EXCEL_EPOCH + dt.timedelta(days=int(n))  # an Excel serial number
    s = " ".join(str(v).split())
    m = _ISO.match(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.match(s)
    if m:
        d, mo, y = int(m[1]), int(m[2]), m[3]
        if len(y) != 4:
            raise Bad("roster_date_short_year")
        if mo > 12 and d <= 12:
            raise Bad("roster_date_month_first")
        return _make(int(y), mo, d)
    m = _WORDS.match(s)
    if m and m[2].casefold().rstrip(".") in _months():
        return _make(int(m[3]), _months()[m[2].casefold().rstrip(".")], int(m[1]))
    raise Bad("roster_date")


def _make(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise Bad("roster_date") from None


def components(v: Any) -> list[str]:
    """Benefit components or programmes: one per item, split on ``,`` ``;`` ``/`` or new lines."""
    s = text(v)
    if not s and not (isinstance(v, str) and "\n" in v):
        return []
    raw = str(v) if isinstance(v, str) else s or ""
    return [p for p in (" ".join(x.split()) for x in re.split(r"[,;/\n]", raw)) if p]


@dataclass
class MemberRow:
    """One household member as the roster gives it."""

    name: str
    relation: str = "other"
    relation_text: str | None = None
    sex: str | None = None
    born: int | dt.date | None = None
    nik: str | None = None
    extra: list[str] = field(default_factory=list)


_MEMBER = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<inside>[^()]*)\))?$")


def members(v: Any) -> list[MemberRow]:
    """The household-members cell: ``Name (relation, L/P, year or date, NIK); ...``.

    Members are separated by ``;`` or new lines; inside the brackets each part is
    recognised by its form (a relation word, a sex, a year or date, a 16-digit NIK), in any
    order, each optional. Raises :class:`Bad` (``roster_member``, with ``n`` = the member's
    position) for a part that is none of these.
    """
    if is_empty(v):
        return []
    if not isinstance(v, str):
        raise Bad("roster_member", n=1)
    out = []
    for n, part in enumerate((p.strip() for p in re.split(r"[;\n]", v)), start=1):
        if not part:
            continue
        m = _MEMBER.match(part)
        if not m:
            raise Bad("roster_member", n=n)
        row = MemberRow(" ".join(m["name"].split()))
        for bit in (b.strip() for b in (m["inside"] or "").split(",")):
            if not bit:
                continue
            key = " ".join(bit.casefold().split())
            if key in RELATIONS:
                row.relation, rel_sex = RELATIONS[key]
                row.relation_text = bit
                row.sex = row.sex or rel_sex
            elif key in _SEX:
                row.sex = _SEX[key]
            elif re.fullmatch(r"[\d\s.\-']{16,}", bit) or _SCI.match(bit):
                try:
                    row.nik = ident(bit)
                except Bad as exc:
                    raise Bad(exc.key, n=n, **exc.params) from None
            else:
                try:
                    row.born = date(bit, year_ok=True)
                except Bad:
                    raise Bad("roster_member", n=n) from None
        out.append(row)
    return out


__all__ = ["RELATIONS", "Bad", "MemberRow", "components", "date", "ident", "is_empty", "members", "phone", "sex", "text"]
