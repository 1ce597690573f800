"""Numbers in the reader's language, rounded by one rule (CLDR through Babel).

Every figure a person reads — the ``evaluate`` tables, ``status``, every report format,
the AB charts — is written by this module, so a figure has the same digits everywhere:

======================  =================  ===========================================
figure                  decimals shown     example (``en`` / ``id``)
======================  =================  ===========================================
GAS T-score             1                  62.0 / 62,0
NAP                     2                  0.92 / 0,92
percentages (progress,  0 (whole)          67% / 67%
attendance rates)
measurements, baseline  as recorded        1,500,000 / 1.500.000; 2.75 / 2,75
and target, weights,
counts
days (medians)          at most 1          12.5 / 12,5; 12 / 12
GAS scores              whole, signed      +1, 0, -2 (never "+0")
======================  =================  ===========================================

Rounding is **half up** (0.925 → 0.93, 62.05 → 62.1), on the decimal number as written
(``repr`` of the float), not on its binary approximation: the rule taught in school and
used by the calculators a supervisor checks a report with. Half-even ("banker's rounding")
only pays off when rounded figures are summed, which no report does. The rule and its
reasons are in ``docs/explanation/evaluation.md``. ``--json`` keeps raw numbers.

Separators come from CLDR: ``id`` writes 1.500.000 and 62,05, ``en`` 1,500,000 and 62.05.
A language Babel does not know falls back to English. Babel is imported inside the
functions (start-up stays fast). A missing figure (``None``) is :data:`EMPTY`.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any

#: What a missing figure prints as.
EMPTY = "—"

#: Decimals shown for each kind of figure (``None``: as recorded). The one rounding rule.
DIGITS: dict[str, int | None] = {
    "t_score": 1,
    "nap": 2,
    "percent": 0,
    "measure": None,
    "days": 1,
}

#: Most decimals a figure "as recorded" keeps (a float such as 0.1 + 0.2 is not a record).
MAX_RECORDED_DIGITS = 10

Number = int | float | Decimal

#: Decimal digits kept while rounding and formatting (the largest float has 309 before the point).
_PRECISION = 400


@lru_cache(maxsize=16)
def _locale(lang: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


def _decimal(value: Number) -> Decimal:
    """``value`` as the decimal number it was written as (``repr`` of a float)."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, bool):
        d = Decimal(int(value))
    elif isinstance(value, int):
        d = Decimal(value)
    else:
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"not a finite number: {value!r}")
        d = Decimal(repr(f))
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return d


def round_half_up(value: Number, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals, halves away from zero (the module's rule).

    >>> str(round_half_up(0.925, 2)), str(round_half_up(2.5, 0)), str(round_half_up(-0.04, 1))
    ('0.93', '3', '0.0')
    """
    with localcontext() as ctx:
        ctx.prec = _PRECISION  # a float reaches 1.8e308: every digit of it, and the decimals
        d = _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d == 0 else d  # never "-0.0"


_NUMERIC = re.compile(r"[#0,.]+")


def _with_digits(pattern: str, digits: int) -> str:
    """A CLDR ``pattern`` (its positive part) with exactly ``digits`` decimals, grouping kept."""
    positive = pattern.split(";")[0]
    m = _NUMERIC.search(positive)
    if m is None:  # pragma: no cover - every CLDR number pattern has digits
        return positive
    whole = m.group(0).split(".")[0]
    return positive[: m.start()] + whole + ("." + "0" * digits if digits > 0 else "") + positive[m.end() :]


@lru_cache(maxsize=64)
def _pattern(lang: str, digits: int, kind: str = "decimal") -> Any:
    """The locale's ``decimal``, ``percent`` or ``currency`` pattern with exactly ``digits``
    decimals, parsed once (Babel would parse a pattern string on every call)."""
    from babel.numbers import parse_pattern

    loc = _locale(lang)
    if kind == "currency":
        text = loc.currency_formats["standard"].pattern
    else:
        text = (loc.percent_formats if kind == "percent" else loc.decimal_formats)[None].pattern
    return parse_pattern(_with_digits(text, digits))


def number(value: Number | None, lang: str = "en", digits: int | None = None) -> str:
    """``value`` written for a reader of ``lang``: ``1.500.000`` / ``62,05`` (id), ``1,500,000`` / ``62.05`` (en).

    ``digits``: decimals shown, rounded half up; ``None`` keeps the decimals the value was
    recorded with (at most :data:`MAX_RECORDED_DIGITS`), and a whole number has none.
    ``None`` prints as :data:`EMPTY`. Raises ``ValueError`` for NaN or infinity.
    """
    if value is None:
        return EMPTY
    from babel.numbers import format_decimal

    if digits is None:
        d = round_half_up(value, MAX_RECORDED_DIGITS).normalize()
        shown = max(0, -int(d.as_tuple().exponent))
        d = round_half_up(d, shown)
    else:
        shown, d = digits, round_half_up(value, digits)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return str(format_decimal(d, format=_pattern(lang, shown), locale=_locale(lang)))


def percent(value: Number | None, lang: str = "en", digits: int = 0) -> str:
    """A share (``0.667``) as a percentage in ``lang``: ``67%``; ``None`` as :data:`EMPTY`."""
    if value is None:
        return EMPTY
    from babel.numbers import format_percent

    with localcontext() as ctx:
        ctx.prec = _PRECISION
        d = round_half_up(_decimal(value) * 100, digits) / 100
        return str(format_percent(d, format=_pattern(lang, digits, "percent"), locale=_locale(lang)))


def currency(value: Number | None, lang: str = "en", code: str = "IDR") -> str:
    """An amount of money in ``lang``: ``Rp1.500.000`` (id), ``IDR1,500,000`` (en).

    A whole amount is shown without decimals; otherwise with the currency's CLDR
    precision, rounded half up. ``None`` as :data:`EMPTY`.
    """
    if value is None:
        return EMPTY
    from babel.numbers import format_currency, get_currency_precision

    d = _decimal(value)
    digits = 0 if d == d.to_integral_value() else get_currency_precision(code)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return str(format_currency(round_half_up(d, digits), code, format=_pattern(lang, digits, "currency"),
                                   locale=_locale(lang), currency_digits=False))


def signed(value: Number | None, lang: str = "en") -> str:
    """A whole signed figure (a GAS score): ``+1``, ``0``, ``-2``; zero carries no sign."""
    if value is None:
        return EMPTY
    from babel.numbers import get_plus_sign_symbol

    d = round_half_up(value, 0)
    text = number(d, lang, 0)
    return (str(get_plus_sign_symbol(_locale(lang))) + text) if d > 0 else text


def days(value: Number | None, lang: str = "en") -> str:
    """A number of days (a median, an average) with at most :data:`DIGITS` ``["days"]`` decimal: ``12,5`` / ``12`` (id)."""
    if value is None:
        return EMPTY
    digits = DIGITS["days"] or 0
    return number(round_half_up(value, digits).normalize(), lang)


def t_score(value: Number | None, lang: str = "en") -> str:
    """A GAS T-score with :data:`DIGITS` ``["t_score"]`` decimals: ``62,0`` (id)."""
    return number(value, lang, DIGITS["t_score"])


def nap(value: Number | None, lang: str = "en") -> str:
    """A NAP effect size with :data:`DIGITS` ``["nap"]`` decimals: ``0,92`` (id)."""
    return number(value, lang, DIGITS["nap"])


def measure(value: Number | None, lang: str = "en") -> str:
    """A measurement, baseline, target or weight, as recorded: ``1.500.000`` (id)."""
    return number(value, lang, DIGITS["measure"])


__all__ = [
    "DIGITS",
    "EMPTY",
    "MAX_RECORDED_DIGITS",
    "currency",
    "days",
    "measure",
    "nap",
    "number",
    "percent",
    "round_half_up",
    "signed",
    "t_score",
]
