"""Options and messages the anonymising commands (``report``, ``export``) share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._common import STATE, H, msg, say

if TYPE_CHECKING:
    from ..anonymize import Anonymizer

MESSAGES: dict[str, dict[str, str]] = {
    "anon.k": {
        "en": "smallest group (age band × region × sex): k = {k}; {groups} group(s) of fewer than 5 cases",
        "id": "kelompok terkecil (kelompok umur × wilayah × jenis kelamin): k = {k}; {groups} kelompok berisi kurang dari 5 kasus",
    },
}

AlsoRemoveOpt = Annotated[
    Path | None,
    typer.Option(
        "--also-remove",
        metavar="FILE",
        help=H(
            "Also remove these names (one per line: neighbours, the RT head, other third parties); implies --anonymize.",
            "Hapus juga nama-nama ini (satu per baris: tetangga, ketua RT, pihak ketiga lain); termasuk --anonymize.",
        ),
    ),
]


def make_anonymizer(also_remove: Path | None, *, research: bool = False) -> Anonymizer:
    from ..anonymize import Anonymizer, read_name_list

    names = read_name_list(also_remove) if also_remove is not None else []
    return Anonymizer(also_remove=names, lang=STATE.lang, research=research)


def say_anonymised(counts: dict[str, int] | None, k: Any = None, small: int = 0) -> None:
    """The summary line on stderr: what was removed, by kind (and k for a researcher export)."""
    if counts is None:
        return
    from ..anonymize import summary
    from ..i18n import CATALOG

    CATALOG.update(MESSAGES)
    say(summary(counts, STATE.lang))
    if k is not None:
        say(msg("anon.k", k=k, groups=small))
