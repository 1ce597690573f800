"""The building blocks of the case-file model: validated scalar types and :class:`Strict`.

ISO dates, slugs, case ids, names with words, birth years not in the future (each refusal a
:class:`~intervensi.validation_i18n.KeyedValueError`, so it reads in the user's language).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from .validation_i18n import KeyedValueError

SCHEMA_VERSION = 1

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: A case id names a file in the case directory and nothing else: no separators, no dots
#: at the start, no ``..``, at most 64 characters.
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def _iso_date(value: Any) -> Any:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; refuse numbers and other forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise KeyedValueError("no_such_date", "no such date in the calendar") from None
    raise KeyedValueError("iso_date", "expected an ISO date, YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise KeyedValueError("iso_datetime", "expected an ISO date and time, YYYY-MM-DDTHH:MM:SS")


def _year_or_date(value: Any) -> Any:
    """Genogram years: a year (``1993``), or a full ISO date when known."""
    if isinstance(value, bool):
        raise KeyedValueError("year_or_date", "expected a year or an ISO date")
    if isinstance(value, int):
        if 1000 <= value <= 2999:
            return value
        raise KeyedValueError("four_digit_year", "expected a four-digit year")
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        return int(value)
    return _iso_date(value)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise KeyedValueError(
            "slug", "an id is 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit"
        )
    return value


def _case_id(value: str) -> str:
    if not CASE_ID.match(value):
        raise KeyedValueError(
            "case_id", "a case id is 1–64 letters, digits, '-' or '_' (it names a file: no '/', '.' or spaces)"
        )
    return value


def _not_future(value: Any) -> Any:
    """A birth (year or date) cannot lie in the future."""
    today = dt.date.today()
    if (isinstance(value, int) and value > today.year) or (isinstance(value, dt.date) and value > today):
        raise KeyedValueError("birth_future", "a birth cannot lie in the future")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
YearOrDate = Annotated[int | dt.date, BeforeValidator(_year_or_date)]
Slug = Annotated[str, AfterValidator(_slug)]
CaseId = Annotated[str, AfterValidator(_case_id)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
#: A name that must have words (strings are stripped first: spaces alone are refused).
Name = Annotated[str, Field(min_length=1)]
Born = Annotated[int | dt.date, BeforeValidator(_year_or_date), AfterValidator(_not_future)]
IDENT: dict[str, Any] = {"x-identifying": True}


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)
