"""The YAML parsers' problem messages in Bahasa Indonesia.

libyaml (through PyYAML) and ruamel.yaml describe a syntax error in English ("mapping values
are not allowed here", "found unexpected end of stream"). Their messages come from a short,
stable list; :func:`problem_words` gives each in English (as the parser wrote it) and in
Indonesian, with a hint at the usual cause. A message not in the list keeps the parser's
words, quoted, after the Indonesian "YAML tidak valid:". Import-light: only :mod:`re`.
"""

from __future__ import annotations

import re

#: (pattern over the parser's message, Indonesian text; ``{0}``, ``{1}`` are the groups).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), t)
    for p, t in (
        (r"^found unexpected end of stream$",
         "berkas berakhir sebelum waktunya (ada tanda kutip atau kurung yang belum ditutup?)"),
        (r"^mapping values are not allowed (?:here|in this context)$",
         "pasangan kunci: nilai tidak boleh di sini (periksa indentasi, atau beri tanda kutip pada teks yang memuat ': ')"),
        (r"^block sequence entries are not allowed (?:here|in this context)$",
         "butir daftar ('- ') tidak boleh di sini (periksa indentasi)"),
        (r"^found a tab character (?:that violates indentation|where an indentation space is expected)$",
         "ada karakter tab yang merusak indentasi (pakai spasi)"),
        (r"^found character(?: (.+))? that cannot start any token$", "karakter {0} tidak boleh mengawali nilai (beri tanda kutip pada nilainya)"),
        (r"^found unknown escape character(?: (.+))?$", "karakter escape {0} tidak dikenal (di dalam tanda kutip ganda)"),
        (r"^found undefined alias(?: (.+))?$", "alias {0} tidak dikenal"),
        (r"^found duplicate anchor(?: (.+))?(?:; first occurrence)?$", "anchor {0} dipakai dua kali"),
        (r"^found undefined tag handle(?: (.+))?$", "tag {0} tidak dikenal"),
        (r"^(?:did not|could not) find expected (.+)$", "{0} yang diharapkan tidak ditemukan"),
        (r"^found unexpected (.+)$", "ada {0} yang tidak diharapkan"),
        (r"^expected (.+), but found (.+)$", "diharapkan {0}, tetapi ditemukan {1}"),
        (r"^found incomplete explicit key$", "kunci eksplisit ('? ') tidak lengkap"),
        (r"^found an indentation indicator equal to 0$", "indikator indentasi blok tidak boleh 0"),
        (r"^found duplicate %YAML directive$", "direktif %YAML muncul dua kali"),
        (r"^found a document separator(?: .*)?$", "ada pemisah dokumen ('---' atau '...') di tempat yang salah"),
        (r"^while (?:scanning|parsing) (.+)$", "strukturnya rusak saat membaca {0}"),
    )
)


#: The parser's names of what it expected or found, in Indonesian.
THINGS = {
    "key": "kunci", "node content": "isi nilai", "comment or line break": "komentar atau akhir baris",
    "whitespace or line break": "spasi atau akhir baris", "'-' indicator": "tanda '-'",
    "document indicator": "penanda dokumen ('---' atau '...')", "<document start>": "awal dokumen ('---')",
    "block end": "akhir blok",
}


def _thing(text: str) -> str:
    text = text.strip()
    return THINGS.get(text) or re.sub(r" or ", " atau ", text)


def problem_id(problem: str) -> str:
    """The parser's ``problem`` in Indonesian (the parser's own words, quoted, when the
    message is not in :data:`PATTERNS`)."""
    text = problem.strip()
    for pattern, words in PATTERNS:
        m = pattern.match(text)
        if m:
            groups = [_thing(g) if g else "" for g in m.groups()]
            return re.sub(r"\s+", " ", words.format(*groups)).replace(" ()", "").strip()
    return f"'{text}'"


def problem_words(problem: str) -> dict[str, str]:
    """``{"problem": en, "problem_en": en, "problem_id": id}``: an error's ``params`` for a
    parser message (the command line shows the one of the user's language)."""
    return {"problem": problem, "problem_en": problem, "problem_id": problem_id(problem)}


__all__ = ["PATTERNS", "THINGS", "problem_id", "problem_words"]
