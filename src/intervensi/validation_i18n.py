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

    def __init__(self, key: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


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
    "val.future_birth": {"en": "a birth cannot lie in the future", "id": "kelahiran tidak mungkin di masa depan"},
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
