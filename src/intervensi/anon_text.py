"""Finding names and identifiers in free text, as a careful reviewer would.

:class:`Scrubber` replaces every known name and identifying value in a text. Matching is
done on a *folded* copy of the text, one that maps back to the original character by
character, so the rest of the text stays exactly as written:

- Unicode compatibility forms are unified (NFKC: full-width letters, ligatures), letters
  lose their diacritics (``José`` = ``Jose``), case is ignored (``casefold``), and
  apostrophes of every kind (``' ’ ‘ ʼ ` ´``) are dropped, so ``Nur'aini``, ``Nur’aini``
  and ``Nuraini`` are one name; invisible format characters (zero-width joiners, emoji
  variation selectors) are ignored;
- a term matches as a whole word, across any run of white space, also with a common
  suffix attached: Indonesian ``-nya``, ``-lah``, ``-kah``, ``-pun`` and the English
  possessive ``'s`` (``Sitinya``, ``Budi's``);
- names of one or two letters (an initial ``S``) match only as written, so that the
  words ``a`` or ``di`` stay.

Identifiers are found by their form, whoever they belong to (:func:`identifier_spans`):
Indonesian phone numbers (the ``phonenumbers`` library, region ``ID``: ``0812-3456-7890``,
``+62 812 3456 7890``, ``(021) 555-1234``), NIK and KK numbers (16 digits, with or without
spaces, dots or dashes), street addresses (``Jl.``/``Jalan``/``Gg.``/``Gang``/``Lorong``/
``Komplek``/``Perum`` and the words after them, ``No. 5``, ``RT 03``, ``RW 02``,
``RT/RW 03/02``, ``Blok C``) and birth dates: a day-month-year date (``02/05/1993``,
``2-5-93``, ``2 Mei 1993``, ``2 May 1993``, ``May 2, 1993``, ISO ``1993-05-02``) that is a known birth date
or follows ``lahir``, ``kelahiran``, ``TTL``, ``born``, ``birth`` or ``DOB``.

Unknown people are caught by their place after a word of address (:data:`ADDRESS_WORDS`):
``Pak RT Ahmad``, ``tetangga Bu Ijah``, ``Op. Sinta``, ``Nai Ucok`` — the capitalised
words after ``Ibu``/``Bu``, ``Bapak``/``Pak``, ``Op.``, ``Nai``, ``Ama``/``Ina``, ``br.``/
``boru``, ``Kak``, ``Adik``/``Dik``, ``Mbak``, ``Mas``, ... are replaced, skipping the
titles of offices (``Kepala``, ``RT``, ``Lurah``, ...).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

#: What an identifying value other than a known person's name becomes in text.
REDACTED = "[…]"
#: Names this short match only as written (an initial "A" must not eat the word "a").
SHORT = 2
_APOSTROPHES = frozenset("'’‘ʼ`´ʻ′‛")
SUFFIXES = ("nya", "lah", "kah", "pun", "s")

#: Words of address and kinship written before a name in Indonesia ("Bapak H", "Nenek S",
#: "Op. Sinta", "Nai Ucok", "br. Siregar", "Keluarga H"). A name is also collected without
#: them, and a capitalised word after one of them is taken for a person's name.
HONORIFICS = frozenset(
    {
        "bapak", "pak", "bpk", "ibu", "bu", "nenek", "nek", "kakek", "kek", "paman", "om", "bibi", "tante", "mbak", "mba",
        "mas", "kak", "kakak", "adik", "dik", "adek", "dek", "sdr", "sdri", "saudara", "saudari", "tuan", "nyonya", "nona",
        "keluarga", "kel", "anak", "opung", "ompung", "oppung", "op", "nai", "ama", "ina", "amang", "inang", "br", "boru",
        "uda", "uni", "teh", "aa", "akang", "kang", "neng", "bang", "abang", "eyang", "mbah", "pakde", "bude", "bulik",
        "paklik", "cik", "encik", "haji", "hj", "h", "ustadz", "ustaz", "ustadzah", "almarhum", "alm", "almarhumah",
        "almh", "bin", "binti", "mr", "mrs", "ms", "miss", "dr", "family", "grandma", "grandpa", "grandmother",
        "grandfather", "uncle", "aunt",
    }
)
#: The words of address after which an unknown capitalised word is taken for a name.
ADDRESS_WORDS = frozenset(HONORIFICS - {"keluarga", "kel", "anak", "family", "h", "bin", "binti", "ms", "dr"})
#: Titles of offices that follow a word of address without being a name ("Pak RT", "Bu Bidan").
OFFICE_WORDS = frozenset(
    {
        "rt", "rw", "kepala", "kades", "lurah", "camat", "bupati", "wali", "guru", "bidan", "dokter", "dr", "mantri",
        "kader", "pendamping", "kadus", "sekdes", "ketua", "ustadz", "haji", "hj", "polisi", "babinsa", "desa",
        "dusun", "kelurahan", "kecamatan", "pekerja", "sosial", "kepsek", "koordinator", "korkab", "kyai",
        "pendeta", "pastor", "imam", "penyuluh", "perawat", "the", "and", "dan", "yang",
    }
)
_MONTHS = {
    1: ("januari", "january", "jan"), 2: ("februari", "pebruari", "february", "feb", "peb"), 3: ("maret", "march", "mar"),
    4: ("april", "apr"), 5: ("mei", "may"), 6: ("juni", "june", "jun"), 7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "aug"), 9: ("september", "sept", "sep"), 10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"), 12: ("desember", "december", "des", "dec"),
}
_MONTH_OF = {name: m for m, names in _MONTHS.items() for name in names}
_MONTH_RE = "|".join(sorted(_MONTH_OF, key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(r"(?<![\w/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\w/])"),
    re.compile(rf"(?<!\w)(\d{{1,2}})(?:\s+|\s*[-/]\s*)({_MONTH_RE})\.?(?:\s+|\s*[-/]\s*)(\d{{4}})(?!\w)", re.I),
    re.compile(rf"(?<!\w)({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\w)", re.I),
    re.compile(r"(?<![\w/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\w/]|[.\-]\d)"),
]
_BIRTH_WORDS = re.compile(r"(?:lahir|kelahiran|ttl|tgl\.?\s*lahir|born|birth|dob|d\.o\.b)\W{0,3}(?:\w+\W{1,3}){0,3}$", re.I)
_NIK = re.compile(r"(?<![\w.\-])\d(?:[ .\-]?\d){15}(?![\w]|[.\-]\d)")
_STREET = re.compile(
    # An abbreviation with its dot is unmistakable: the next words, whatever their case.
    r"(?<!\w)(?:(?:[Jj][Ll][Nn]?|[Gg][Gg]|Kp|Kmp|Dsn|Perum|Komp|Kompl)\.\s*(?:[\w'’-]+\.?)(?:\s+(?:[A-Z0-9][\w'’-]*+(?!\.\w)|[a-z][\w'’-]*\d[\w-]*)){0,5}"
    # A full word ("Jalan", "Gang") is also an ordinary word: capitalised names or numbers must follow.
    r"|(?:Jalan|JALAN|Gang|GANG|Lorong|Komplek|Kompleks|Perumahan)(?:\s+(?:[A-Z0-9][\w'’-]*)){1,6})"
)
_HOUSE = re.compile(
    r"(?<!\w)(?:(?:No|NO|no)\.?\s*\d+[A-Za-z]?|(?:RT|RW|Rt|Rw)\.?\s*/?\s*(?:RW|Rw)?\.?\s*\d{1,3}(?:\s*/\s*\d{1,3})?|Blok\s+[A-Z0-9]{1,3}\d*)(?!\w)"
)


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """What one character becomes for matching: compatibility form, no marks, no case, no apostrophe."""
    if ch in _APOSTROPHES:
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat == "Mn" or cat == "Cf" or c in _APOSTROPHES:
            continue
        out.append(c)
    return "".join(out).casefold()


def fold(text: str, casefold: bool = True) -> tuple[str, Sequence[int]]:
    """``text`` folded for matching, and for each folded character the index it came from."""
    if text.isascii() and "'" not in text and "`" not in text:  # the common case, one to one
        return (text.lower() if casefold else text), range(len(text))  # type: ignore[return-value]
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch) if casefold else _keep_case(ch)
        for c in f:
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def _keep_case(ch: str) -> str:
    if ch in _APOSTROPHES:
        return ""
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if unicodedata.category(c) not in ("Mn", "Cf"))


def fold_term(term: str, casefold: bool = True) -> str:
    """A term folded as text is (:func:`fold`), with runs of white space made one space."""
    return " ".join(fold(term, casefold)[0].split())


def is_short(term: str) -> bool:
    return sum(ch.isalnum() for ch in term) <= SHORT


def _meaningful(term: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "So" for ch in term)


@dataclass
class Span:
    start: int
    end: int
    replacement: str
    kind: str
    priority: int = 0  # on the same start and length, the lower wins (the case's own names first)


class NameIndex:
    """Many names (every case of a run, a user's list) matched in one pass over a text's words.

    A regular expression with one alternative per name costs time in proportion to the
    number of names at every position of every text; a caseload of thousands of cases
    would make an export quadratic. Here a text's folded words are looked up as word
    sequences (up to the longest name) in a dict: the cost grows with the words of the
    text, not with the number of names. Matching follows :class:`Scrubber`'s rules (folded,
    whole words separated by white space, the same suffixes); names of one or two letters
    are not taken (a bare initial from another case names nobody).
    """

    def __init__(self) -> None:
        self.table: dict[tuple[str, ...], tuple[str, str]] = {}
        self.longest = 0

    def add(self, term: str, replacement: str, kind: str) -> None:
        term = " ".join(unicodedata.normalize("NFC", term).split())
        if not term or is_short(term) or not _meaningful(term):
            return
        key = tuple(re.findall(r"\w+", fold_term(term)))
        if key:
            self.table.setdefault(key, (replacement, kind))
            self.longest = max(self.longest, len(key))

    def __len__(self) -> int:
        return len(self.table)

    def spans(self, text: str, folded: tuple[str, Sequence[int]] | None = None) -> list[Span]:
        """Where ``text`` names someone of the index (``folded``: ``fold(text)`` when already made)."""
        if not self.table:
            return []
        folded_text, origin = folded or fold(text)
        return self._spans(folded_text, origin)

    def _spans(self, folded: str, origin: Sequence[int]) -> list[Span]:
        words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", folded)]
        out: list[Span] = []
        i = 0
        while i < len(words):
            hit = None
            for n in range(min(self.longest, len(words) - i), 0, -1):
                run = words[i:i + n]
                if any(not folded[a[2]:b[1]].isspace() for a, b in itertools.pairwise(run)):
                    continue
                key = tuple(w for w, _, _ in run)
                found = self.table.get(key)
                if found is None:
                    last = key[-1]
                    for suffix in SUFFIXES:
                        if last.endswith(suffix) and len(last) > len(suffix):
                            found = self.table.get((*key[:-1], last[: -len(suffix)]))
                            if found:
                                break
                if found is not None:
                    hit = (n, found)
                    break
            if hit is None:
                i += 1
                continue
            n, (replacement, kind) = hit
            start, end = origin[words[i][1]], origin[words[i + n - 1][2] - 1] + 1
            out.append(Span(start, end, replacement, kind, priority=1))
            i += n
        return out


@dataclass
class Scrubber:
    """Replaces every known name and identifying value in a text; counts what it replaced by kind.

    ``add(term, replacement, kind)``: the first replacement given for a term wins.
    ``index``: a shared :class:`NameIndex` of names from elsewhere (other cases, a user's list).
    ``identifiers``: also replace phone numbers, NIK/KK numbers, street addresses and
    birth dates written in any common form; ``unknown_names``: also a capitalised word
    after a word of address. ``births``: dates to treat as birth dates wherever they appear.
    """

    identifiers: bool = True
    unknown_names: bool = True
    births: set[dt.date] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)
    index: NameIndex | None = None
    _ci: dict[str, tuple[str, str]] = field(default_factory=dict)
    _cs: dict[str, tuple[str, str]] = field(default_factory=dict)
    _patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None

    def add(self, term: str | None, replacement: str, kind: str = "name") -> None:
        if not term:
            return
        term = " ".join(unicodedata.normalize("NFC", term).split())
        if not term or not _meaningful(term):
            return
        if is_short(term):
            key = fold_term(term, casefold=False)
            if key:
                self._cs.setdefault(key, (replacement, kind))
        else:
            key = fold_term(term)
            if key:
                self._ci.setdefault(key, (replacement, kind))
        self._patterns = None

    def get(self, term: str) -> str | None:
        term = " ".join(unicodedata.normalize("NFC", term).split())
        hit = self._cs.get(fold_term(term, casefold=False)) if is_short(term) else self._ci.get(fold_term(term))
        return hit[0] if hit else None

    def __contains__(self, term: str) -> bool:
        return self.get(term) is not None

    def terms(self) -> Iterator[tuple[str, str, str]]:
        """Every (folded term, replacement, kind)."""
        for d in (self._ci, self._cs):
            for k, (r, kind) in d.items():
                yield k, r, kind

    def _compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if self._patterns is None:
            self._patterns = (_alternation(self._ci, suffixes=True), _alternation(self._cs, suffixes=False))
        return self._patterns

    def spans(self, text: str) -> list[Span]:
        """Where ``text`` holds something to replace, earliest and longest first, never overlapping."""
        found: list[Span] = []
        ci, cs = self._compiled()
        ci_fold = fold(text)
        for pattern, casefold, table in ((ci, True, self._ci), (cs, False, self._cs)):
            if pattern is None:
                continue
            folded, origin = ci_fold if casefold else fold(text, False)
            for m in pattern.finditer(folded):
                key = " ".join(m.group("t").split())
                replacement, kind = table[key]
                start, end = origin[m.start()], origin[m.end() - 1] + 1
                found.append(Span(start, end, replacement, kind))
        if self.index is not None:
            found += self.index.spans(text, ci_fold)
        if self.identifiers:
            found += identifier_spans(text, self.births)
        if self.unknown_names:
            found += unknown_name_spans(text)
        found.sort(key=lambda s: (s.start, -(s.end - s.start), s.priority))
        out: list[Span] = []
        for s in found:
            if out and s.kind == out[-1].kind == "address" and (
                s.start < out[-1].end or re.fullmatch(r"[\s,./]*", text[out[-1].end:s.start])
            ):
                out[-1].end = max(s.end, out[-1].end)  # "Jl. Mawar No. 5, RT 03/RW 02" is one address
                continue
            if out and s.start < out[-1].end:
                continue
            out.append(s)
        return out

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        spans = self.spans(text)
        if not spans:
            return text
        parts: list[str] = []
        at = 0
        for s in spans:
            parts.append(text[at:s.start])
            parts.append(s.replacement)
            self.counts[s.kind] += 1
            at = s.end
        parts.append(text[at:])
        return "".join(parts)


def _alternation(table: dict[str, tuple[str, str]], *, suffixes: bool) -> re.Pattern[str] | None:
    if not table:
        return None
    terms = sorted(table, key=lambda t: (-len(t), t))
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms)
    tail = "(?:" + "|".join(SUFFIXES) + ")?" if suffixes else ""
    return re.compile(rf"(?<!\w)(?P<t>{body}){tail}(?!\w)")


# --------------------------------------------------------------------------- names


def name_variants(name: str) -> list[str]:
    """The forms under which a name appears in text: as written, without a final dot, without honorifics."""
    base = " ".join(unicodedata.normalize("NFC", name).split())
    out = [base, base.rstrip(".").strip()]
    words = base.split()
    lower = not any(ch.isupper() for ch in base)
    while len(words) > 1 and fold_term(words[0].rstrip(".")) in HONORIFICS:
        words = words[1:]
        # "Anak kedua" without "Anak" is the word "kedua", not a name.
        if words[0][:1].isupper() or lower:
            rest = " ".join(words)
            out += [rest, rest.rstrip(".").strip()]
    return list(dict.fromkeys(v for v in out if v and _meaningful(v)))


def name_words(name: str) -> list[str]:
    """The single words of a personal name that can name the person alone (first name, surname).

    Words of address and particles (``Ibu``, ``br.``, ``bin``) are not names; in a name
    written with capitals only the capitalised words count (``Anak kedua`` gives nothing);
    initials (one or two letters) do not count alone. Words are also split at emoji and
    punctuation other than apostrophes (``Ani🌸`` gives ``Ani``).
    """
    out: list[str] = []
    # In a name written with capitals, only its capitalised words are names ("Anak kedua"
    # names nobody called "kedua"); a name written all in lower case counts word by word.
    lower = not any(ch.isupper() for ch in name)
    for raw in unicodedata.normalize("NFC", name).split():
        for w in re.split(r"[^\w'’‘ʼ`´-]+", raw):
            w = w.strip("-'’‘")
            if not w or fold_term(w) in HONORIFICS:
                continue
            # An initial inside a name ("Siti A. Rahman") is no name alone: "A" starts sentences.
            if is_short(w) or (not w[:1].isupper() and not lower):
                continue
            out.append(w)
    return list(dict.fromkeys(out))


def unknown_name_spans(text: str) -> list[Span]:
    """Capitalised words after a word of address ("tetangga Bu Ijah", "Pak RT Ahmad"): unknown people."""
    out: list[Span] = []
    for m in re.finditer(r"(?<!\w)([A-Za-z]+)\.?(\s+)", text):
        if fold_term(m.group(1)) not in ADDRESS_WORDS:
            continue
        at = m.end()
        # Skip titles of offices ("RT", "Kepala Desa"): what follows them may still be a name.
        while True:
            w = re.match(r"([A-Za-z]+)\.?\s+", text[at:])
            if w and fold_term(w.group(1)) in OFFICE_WORDS:
                at += w.end()
                continue
            break
        if re.match(r"(?:Kota|Negara|Pertiwi)\b", text[at:]):
            continue  # "Ibu Kota Jakarta" is the capital, "Ibu Pertiwi" the motherland
        name = re.match(r"(?:[A-Z][\w'’]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’]*|[A-Z]\.)){0,2}", text[at:])
        if not name:
            continue
        word = name.group()
        first = word.split()[0].rstrip(".")
        if fold_term(first) in HONORIFICS or fold_term(first) in OFFICE_WORDS or (word.isupper() and len(word) > 3):
            continue
        out.append(Span(at, at + len(word), REDACTED, "unknown_name", priority=2))
    return out


# --------------------------------------------------------------------------- identifiers


def identifier_spans(text: str, births: Iterable[dt.date] = ()) -> list[Span]:
    """Phone numbers, NIK/KK numbers, street addresses and birth dates in ``text``."""
    out: list[Span] = []
    for m in _NIK.finditer(text):
        out.append(Span(m.start(), m.end(), REDACTED, "id_number"))
    out += _phone_spans(text)
    for pat in (_STREET, _HOUSE):
        for m in pat.finditer(text):
            out.append(Span(m.start(), m.end(), REDACTED, "address"))
    known = set(births)
    for start, end, day in find_dates(text):
        before = text[max(0, start - 40):start]
        if day in known or _BIRTH_WORDS.search(before):
            out.append(Span(start, end, REDACTED, "birth_date"))
    return out


def _phone_spans(text: str) -> list[Span]:
    if not re.search(r"\d{3}", re.sub(r"[\s.\-()]", "", text)):
        return []
    import phonenumbers

    out = []
    for m in phonenumbers.PhoneNumberMatcher(text, "ID", leniency=phonenumbers.Leniency.VALID):
        raw = m.raw_string
        digits = sum(ch.isdigit() for ch in raw)
        if digits < 8 or re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw) or re.search(r"Rp\.?\s*$", text[: m.start]):
            continue  # money ("Rp 1.500.000"), not a phone number
        out.append(Span(m.start, m.end, REDACTED, "phone"))
    return out


def find_dates(text: str) -> Iterator[tuple[int, int, dt.date]]:
    """Every day-month-year date written in ``text``: (start, end, date)."""
    for i, pat in enumerate(_DATE_PATTERNS):
        for m in pat.finditer(text):
            try:
                if i == 0:
                    d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
                elif i == 1:
                    d, mo, y = int(m.group(1)), _MONTH_OF[m.group(2).lower()], m.group(3)
                elif i == 2:
                    d, mo, y = int(m.group(2)), _MONTH_OF[m.group(1).lower()], m.group(3)
                else:
                    d, mo, y = int(m.group(4)), int(m.group(3)), m.group(1)
                year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) <= dt.date.today().year % 100 else 1900 + int(y))
                yield m.start(), m.end(), dt.date(year, mo, d)
            except (ValueError, KeyError):
                continue


def month_of_dates(text: str) -> str:
    """``text`` with every day-month-year date cut to its month ("12 Maret 2026" → "2026-03")."""
    spans = sorted(find_dates(text), key=lambda s: s[0])
    parts: list[str] = []
    at = 0
    for start, end, day in spans:
        if start < at:
            continue
        parts.append(text[at:start])
        parts.append(f"{day.year}-{day.month:02d}")
        at = end
    parts.append(text[at:])
    return "".join(parts)


__all__ = [
    "HONORIFICS", "REDACTED", "NameIndex", "Scrubber", "Span", "find_dates", "fold", "identifier_spans", "month_of_dates",
    "name_variants", "name_words", "unknown_name_spans",
]
