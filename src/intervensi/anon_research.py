"""Researcher exports: quasi-identifiers generalised, and the smallest group size k.

In a village a handful of records can single a family out by exact age, village and sex
even with every name removed. A researcher export (``export --research``) therefore
generalises what could link a row to a family (Sweeney's k-anonymity, 2002):

- **age** → a ten-year band (``30-39``; ``80+``);
- **region** → the kabupaten or kota it names (``Kabupaten Humbang Hasundutan``), or
  nothing when it names only something finer (a desa, kelurahan, kecamatan or dusun)
  or nothing recognisable;
- **dates** → the month (``2026-03``), in columns and in free text; days counted from a
  date (``days_in_stage``) are left out, since with the export's date they give the date back.

:func:`smallest_group` gives k: the size of the smallest group of cases sharing one age
band, one region and one sex. A k of 1 means some case is alone in its group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

_KABUPATEN = re.compile(r"^(?:(?:kabupaten|kab\.?)\s+(?P<kab>.+)|(?P<kota>kota\b.*))$", re.I)


def age_band(age: int | None) -> str | None:
    """A ten-year band: ``0-9``, ``10-19``, ..., ``70-79``, ``80+`` (``None`` stays ``None``)."""
    if age is None:
        return None
    if age >= 80:
        return "80+"
    low = max(0, age) // 10 * 10
    return f"{low}-{low + 9}"


def kabupaten(region: str | None) -> str | None:
    """The kabupaten or kota a region names, written ``Kabupaten X`` or ``Kota X``; else ``None``.

    >>> kabupaten("Desa Sukamulya, Kecamatan Cibatu, Kab. Garut, Jawa Barat")
    'Kabupaten Garut'
    >>> kabupaten("Kelurahan Pasar, Kecamatan Doloksanggul") is None
    True
    """
    if not region:
        return None
    for part in region.split(","):
        m = _KABUPATEN.match(" ".join(part.split()))
        if m:
            return f"Kabupaten {m.group('kab').strip()}" if m.group("kab") else m.group("kota").strip()
    return None


def month(value: dt.date | dt.datetime) -> str:
    """A date or moment cut to its month: ``2026-03`` (a moment in UTC first)."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
    return f"{value.year:04d}-{value.month:02d}"


def generalise(row: dict[str, Any]) -> dict[str, Any]:
    """One export row with its quasi-identifiers generalised (age, region, dates; see the module)."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "age":
            v = age_band(v)
        elif k == "region":
            v = kabupaten(v)
        elif k == "days_in_stage":
            v = None
        elif isinstance(v, (dt.date, dt.datetime)):
            v = month(v)
        out[k] = v
    return out


def group_key(age: int | None, region: str | None, sex: str | None) -> tuple[str, str, str]:
    """The quasi-identifier of one case: (age band, kabupaten, sex), ``?`` where unknown."""
    return (age_band(age) or "?", kabupaten(region) or "?", sex or "?")


def smallest_group(keys: Iterable[tuple[str, str, str]], small: int = 5) -> tuple[int | None, int, int]:
    """``(k, groups smaller than small, cases in them)`` over the cases' group keys (k ``None`` when no case)."""
    sizes = Counter(keys)
    if not sizes:
        return None, 0, 0
    below = [n for n in sizes.values() if n < small]
    return min(sizes.values()), len(below), sum(below)


__all__ = ["age_band", "generalise", "group_key", "kabupaten", "month", "smallest_group"]
