"""Pydantic's validation messages in the user's language.

Pydantic writes its messages in English only ("Input should be 'strong', 'moderate' or
'weak'"). Each error also carries a stable ``type`` and a ``ctx`` of values; this module
renders those in English and Bahasa Indonesia from our catalogue, so a case-file error and
a command-line option error read the same in both languages. A type without an entry here
falls back to pydantic's own English message (a test lists the types our schema can raise
and checks each has an entry).

Our own validators raise :class:`KeyedValueError` with a catalogue key, which pydantic
keeps in ``ctx["error"]``; its text is then taken from the catalogue too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from .errors import UsageError
from .i18n import CATALOG, t


class KeyedValueError(ValueError):
    """A validator's error with a catalogue key (``val.<key>``) and its parameters."""

    def __init__(self, key: str, message: str, words: Mapping[str, str] | None = None, **params: Any) -> None:
        super().__init__(message)
        self.key = key
        self.params = params
        #: the message already in each language (``{"en": ..., "id": ...}``), for a rule that
        #: joins several catalogue texts; used instead of ``val.<key>`` when given
        self.words = dict(words) if words else None


#: pydantic error type -> catalogue key (several types share one text).
TYPES: dict[str, str] = {
    "missing": "missing",
    "literal_error": "one_of",
    "enum": "one_of",
    "string_type": "text",
    "string_sub_type": "text",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "finite",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "datetime_type": "datetime",
    "datetime_parsing": "datetime",
    "datetime_from_date_parsing": "datetime",
    "list_type": "list",
    "tuple_type": "list",
    "set_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "string_too_short": "text_min",
    "string_too_long": "text_max",
    "too_short": "items_min",
    "too_long": "items_max",
    "greater_than": "gt",
    "greater_than_equal": "ge",
    "less_than": "lt",
    "less_than_equal": "le",
    "string_pattern_mismatch": "pattern",
    "none_required": "none",
    "union_tag_invalid": "one_of_tag",
    "union_tag_not_found": "missing",
}

MESSAGES: dict[str, dict[str, str]] = {
    "val.missing": {"en": "required field is missing", "id": "wajib diisi tetapi tidak ada"},
    "val.one_of": {"en": "must be one of {expected}", "id": "harus salah satu dari {expected}"},
    "val.one_of_tag": {"en": "must be one of {expected}", "id": "harus salah satu dari {expected}"},
    "val.text": {"en": "must be text", "id": "harus berupa teks"},
    "val.integer": {"en": "must be a whole number", "id": "harus berupa bilangan bulat"},
    "val.number": {"en": "must be a number", "id": "harus berupa angka"},
    "val.finite": {"en": "must be a finite number", "id": "harus berupa bilangan terhingga"},
    "val.boolean": {"en": "must be true or false", "id": "harus true atau false (ya atau tidak)"},
    "val.date": {"en": "must be a date written YYYY-MM-DD", "id": "harus berupa tanggal dengan bentuk YYYY-MM-DD"},
    "val.datetime": {"en": "must be a date and time (YYYY-MM-DDTHH:MM)", "id": "harus berupa tanggal dan jam (YYYY-MM-DDTHH:MM)"},
    "val.list": {"en": "must be a list", "id": "harus berupa daftar"},
    "val.mapping": {"en": "must be a mapping of fields (key: value)", "id": "harus berupa pemetaan isian (kunci: nilai)"},
    "val.text_min": {"en": "must have at least {min_length} character(s)", "id": "harus berisi paling sedikit {min_length} karakter"},
    "val.text_max": {"en": "must have at most {max_length} characters", "id": "paling banyak {max_length} karakter"},
    "val.items_min": {"en": "must have at least {min_length} item(s)", "id": "harus berisi paling sedikit {min_length} butir"},
    "val.items_max": {"en": "must have at most {max_length} item(s)", "id": "paling banyak {max_length} butir"},
    "val.gt": {"en": "must be greater than {gt}", "id": "harus lebih besar dari {gt}"},
    "val.ge": {"en": "must be {ge} or more", "id": "harus {ge} atau lebih"},
    "val.lt": {"en": "must be less than {lt}", "id": "harus lebih kecil dari {lt}"},
    "val.le": {"en": "must be {le} or less", "id": "harus {le} atau kurang"},
    "val.pattern": {"en": "is not in the expected form", "id": "tidak dalam bentuk yang diharapkan"},
    "val.none": {"en": "must be empty", "id": "harus kosong"},
    "val.did_you_mean": {"en": "did you mean '{name}'?", "id": "maksudnya '{name}'?"},
    # our own validators (model.py): field values
    "val.iso_date": {"en": "expected an ISO date, YYYY-MM-DD", "id": "harus berupa tanggal ISO, YYYY-MM-DD"},
    "val.no_such_date": {"en": "no such date in the calendar", "id": "tanggal itu tidak ada di kalender"},
    "val.iso_datetime": {"en": "expected an ISO date and time, YYYY-MM-DDTHH:MM:SS", "id": "harus berupa tanggal dan jam ISO, YYYY-MM-DDTHH:MM:SS"},
    "val.year_or_date": {"en": "expected a year or an ISO date", "id": "harus berupa tahun atau tanggal ISO (YYYY-MM-DD)"},
    "val.four_digit_year": {"en": "expected a four-digit year", "id": "harus berupa tahun empat angka"},
    "val.slug": {"en": "an id is 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit",
                 "id": "id terdiri atas 1–64 huruf kecil, angka, '-' atau '_', diawali huruf atau angka"},
    "val.case_id": {"en": "a case id is 1–64 letters, digits, '-' or '_' (it names a file: no '/', '.' or spaces)",
                    "id": "id kasus terdiri atas 1–64 huruf, angka, '-' atau '_' (menjadi nama berkas: tanpa '/', '.' atau spasi)"},
    "val.birth_future": {"en": "a birth cannot lie in the future", "id": "kelahiran tidak mungkin di masa depan"},
    "val.child_origin": {"en": "a child link names either a union or a single parent",
                         "id": "tautan anak menyebut salah satu saja: `union` (pasangan orang tua) atau `parent` (satu orang tua)"},
    # our own validators: rules that span fields (Case.consistency_issues)
    "val.practice_level": {"en": "'{practice}' is '{expected}'-level practice, but the case level is '{level}'",
                           "id": "'{practice}' adalah praktik tingkat '{expected}', tetapi tingkat kasus ini '{level}'"},
    "val.level_client": {"en": "a '{level}' case serves {allowed}, not '{kind}'",
                         "id": "kasus tingkat '{level}' melayani {allowed}, bukan '{kind}'"},
    "val.strategy_macro": {"en": "a change strategy belongs to macro-level cases", "id": "strategi perubahan hanya untuk kasus tingkat makro"},
    "val.monitoring_off": {"en": "the case is in monitoring but monitoring.enabled is not true",
                           "id": "kasus ada di tahap monitoring, tetapi monitoring.enabled tidak bernilai true"},
    "val.duplicate_id": {"en": "the id '{id}' is used twice", "id": "id '{id}' dipakai dua kali"},
    "val.no_person_genogram": {"en": "no person '{id}' in the genogram", "id": "tidak ada orang '{id}' di genogram"},
    "val.no_need": {"en": "no need '{id}' in the assessment", "id": "tidak ada kebutuhan '{id}' di asesmen"},
    "val.no_goal": {"en": "no goal '{id}' in the plan", "id": "tidak ada tujuan '{id}' di rencana"},
    "val.no_member": {"en": "no member '{id}' in client.members", "id": "tidak ada anggota '{id}' di client.members"},
    "val.no_objective": {"en": "no objective '{id}' in the plan", "id": "tidak ada sasaran '{id}' di rencana"},
    "val.index_many": {"en": "more than one index person ({ids})", "id": "ada lebih dari satu orang indeks ({ids})"},
    "val.died_before_born": {"en": "before the person was born", "id": "sebelum orang itu lahir"},
    "val.no_person": {"en": "no person '{id}'", "id": "tidak ada orang '{id}'"},
    "val.own_partner": {"en": "a person cannot be their own partner", "id": "seseorang tidak bisa menjadi pasangan bagi dirinya sendiri"},
    "val.union_end": {"en": "before the union began", "id": "sebelum hubungan pasangan itu dimulai"},
    "val.no_union": {"en": "no union '{id}'", "id": "tidak ada pasangan (union) '{id}'"},
    "val.two_birth_families": {"en": "'{id}' has two birth families", "id": "'{id}' tercatat punya dua keluarga kandung"},
    "val.own_union_child": {"en": "'{id}' is a child of their own union", "id": "'{id}' tercatat sebagai anak dari pasangannya sendiri"},
    "val.relationship_two": {"en": "a relationship needs two people", "id": "hubungan memerlukan dua orang yang berbeda"},
}
CATALOG.update(MESSAGES)

_OR = {"en": " or ", "id": " atau "}


def _ctx_params(ctx: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in (ctx or {}).items():
        if k == "error":
            continue
        s = str(v)
        if k in ("expected", "expected_tags"):
            s = s.replace(" or ", _OR.get(lang, " or "))
        if k in ("gt", "ge", "lt", "le") and lang == "id":
            s = s.replace(".", ",")  # Indonesian writes a decimal comma
        out[k] = s
    return out


def describe(error: Mapping[str, Any], lang: str = "en") -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as words in ``lang``.

    ``error`` needs ``type`` and ``msg``; ``ctx`` is used when present. Raises nothing:
    an unknown type gives pydantic's own (English) message.
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        key = getattr(cause, "key", None)
        words = getattr(cause, "words", None)
        if words and lang in words:
            return str(words[lang])
        if key and f"val.{key}" in CATALOG:
            return t(f"val.{key}", lang, **getattr(cause, "params", {}))
        msg = str(error.get("msg", ""))
        return msg.split(", ", 1)[1] if msg.startswith(("Value error, ", "Assertion failed, ")) else msg
    key = TYPES.get(kind)
    if key is None:
        return str(error.get("msg", kind))
    return t(f"val.{key}", lang, **_ctx_params(ctx, lang))


def describe_both(error: Mapping[str, Any]) -> dict[str, str]:
    """``{"en": ..., "id": ...}`` for one pydantic error. An error's ``params`` carry both as
    ``problem_en`` / ``problem_id``; the command line shows the one of the user's language."""
    return {lang: describe(error, lang) for lang in ("en", "id")}


_QUOTED = re.compile(r"'([^']*)'")


def value_problem(error: Mapping[str, Any], field: str) -> UsageError:
    """A value typed on the command line that the schema refuses, as a usage error (exit 2)
    naming the field and, for a choice, the nearest allowed value. The value itself is not
    repeated: an error line never carries what could be client data."""
    words = describe_both(error)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if isinstance(value, str) and "expected" in ctx:
        choices = _QUOTED.findall(str(ctx["expected"]))
        near = difflib.get_close_matches(value.replace("-", "_").lower(), choices, n=1, cutoff=0.75)
        if near:
            for lang in words:
                words[lang] += " (" + t("val.did_you_mean", lang, name=near[0]) + ")"
    return UsageError(words["en"], field=field, key="invalid_value", params={"problem": words["en"], "problem_en": words["en"], "problem_id": words["id"]})
