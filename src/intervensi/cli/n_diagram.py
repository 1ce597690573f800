"""Stage 2 nouns of the diagrams: genogram people, unions, children, relationships; ecomap systems.

The verbs call the commands of :mod:`intervensi.cli.diagram` (``add-person`` and the like,
kept as hidden aliases), which call :mod:`intervensi.diagram_ops`; ``list`` is the shared one.
``genogram CASE --render`` and ``ecomap CASE --render`` stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from ._common import H
from ._items import noun, standard_verbs


def _cmd(sub: typer.Typer, verb: str, fn: Callable[..., Any], en: str, id_: str) -> None:
    sub.command(verb, help=H(en, id_))(fn)


def register(app: typer.Typer) -> None:
    from . import diagram as d

    p = noun(app, "person", "assessment", "Genogram people: add, change, remove, list.\n\nExample: intervensi person add keluarga-h-2025 --name Budi --sex male --born 1968",
             "Orang di genogram: tambah, ubah, hapus, daftar.\n\nContoh: intervensi person add keluarga-h-2025 --name Budi --sex male --born 1968")
    _cmd(p, "add", d.add_person, "Add a person to the genogram.\n\nExample: intervensi person add keluarga-h-2025 --name Budi --sex male --born 1968 --household rumah",
         "Tambah orang ke genogram.\n\nContoh: intervensi person add keluarga-h-2025 --name Budi --sex male --born 1968 --household rumah")
    _cmd(p, "change", d.change_person, "Change a genogram person ('' clears a field).\n\nExample: intervensi person change keluarga-h-2025 budi --died 2024",
         "Ubah orang di genogram ('' mengosongkan).\n\nContoh: intervensi person change keluarga-h-2025 budi --died 2024")
    _cmd(p, "remove", d.remove_person, "Remove a genogram person (--cascade also removes the links to them).\n\nExample: intervensi person remove keluarga-h-2025 budi --cascade",
         "Hapus orang dari genogram (--cascade juga menghapus hubungannya).\n\nContoh: intervensi person remove keluarga-h-2025 budi --cascade")
    standard_verbs(p, "person", "keluarga-h-2025", remove_verb=False)

    u = noun(app, "union", "assessment", "Genogram unions (couples): add, change, remove, list.\n\nExample: intervensi union add keluarga-h-2025 budi sari --kind married --start 1993",
             "Pasangan di genogram: tambah, ubah, hapus, daftar.\n\nContoh: intervensi union add keluarga-h-2025 budi sari --kind married --start 1993")
    _cmd(u, "add", d.add_union, "Add a union between two people.\n\nExample: intervensi union add keluarga-h-2025 budi sari --kind divorced --start 1993 --end 2000",
         "Tambah hubungan pasangan antara dua orang.\n\nContoh: intervensi union add keluarga-h-2025 budi sari --kind divorced --start 1993 --end 2000")
    _cmd(u, "change", d.change_union, "Change a union (kind, years; '' clears a year).\n\nExample: intervensi union change keluarga-h-2025 u1 --kind divorced --end 2019",
         "Ubah hubungan pasangan (jenis, tahun; '' mengosongkan).\n\nContoh: intervensi union change keluarga-h-2025 u1 --kind divorced --end 2019")
    _cmd(u, "remove", d.remove_union, "Remove a union (--cascade also removes its child links).\n\nExample: intervensi union remove keluarga-h-2025 u1 --cascade",
         "Hapus hubungan pasangan (--cascade juga menghapus hubungan anaknya).\n\nContoh: intervensi union remove keluarga-h-2025 u1 --cascade")
    standard_verbs(u, "union", "keluarga-h-2025", remove_verb=False)

    c = noun(app, "child", "assessment", "Genogram child links: add, remove, list.\n\nExample: intervensi child add keluarga-h-2025 tini --union u1",
             "Hubungan anak di genogram: tambah, hapus, daftar.\n\nContoh: intervensi child add keluarga-h-2025 tini --union u1")
    _cmd(c, "add", d.add_child, "Hang a child from a union, or from one parent.\n\nExample: intervensi child add keluarga-h-2025 tini --union u1 --twin t1",
         "Gantungkan anak pada pasangan, atau pada satu orang tua.\n\nContoh: intervensi child add keluarga-h-2025 tini --union u1 --twin t1")
    _cmd(c, "remove", d.remove_child, "Remove a child's links (only from --union/--parent when given).\n\nExample: intervensi child remove keluarga-h-2025 tini --union u1",
         "Hapus hubungan anak (hanya dari --union/--parent bila diberikan).\n\nContoh: intervensi child remove keluarga-h-2025 tini --union u1")
    standard_verbs(c, "child", "keluarga-h-2025", remove_verb=False)

    r = noun(app, "relationship", "assessment", "Emotional relationships in the genogram: add, remove, list.\n\nExample: intervensi relationship add keluarga-h-2025 dewi nenek conflict",
             "Relasi emosional di genogram: tambah, hapus, daftar.\n\nContoh: intervensi relationship add keluarga-h-2025 dewi nenek conflict")
    _cmd(r, "add", d.add_relationship, "Add an emotional relationship (close, fused, distant, conflict, hostile, cut_off, abuse).\n\nExample: intervensi relationship add keluarga-h-2025 dewi nenek conflict",
         "Tambah relasi emosional.\n\nContoh: intervensi relationship add keluarga-h-2025 dewi nenek conflict")
    _cmd(r, "remove", d.remove_relationship, "Remove the relationships between two people.\n\nExample: intervensi relationship remove keluarga-h-2025 dewi nenek",
         "Hapus relasi emosional antara dua orang.\n\nContoh: intervensi relationship remove keluarga-h-2025 dewi nenek")
    standard_verbs(r, "relationship", "keluarga-h-2025", remove_verb=False)

    s = noun(app, "system", "assessment", "Ecomap systems and their ties: add, change, remove, list.\n\nExample: intervensi system add keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none",
             "Sistem ekomap dan hubungannya: tambah, ubah, hapus, daftar.\n\nContoh: intervensi system add keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none")
    _cmd(s, "add", d.add_system, "Add an ecomap system and its tie to the household.\n\nExample: intervensi system add keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none",
         "Tambah sistem ekomap dan hubungannya dengan rumah tangga.\n\nContoh: intervensi system add keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none")
    _cmd(s, "change", d.change_system, "Change an ecomap system ('' clears member or note).\n\nExample: intervensi system change keluarga-h-2025 lembaga-pelatihan --connection tenuous",
         "Ubah sistem ekomap ('' mengosongkan member atau note).\n\nContoh: intervensi system change keluarga-h-2025 lembaga-pelatihan --connection tenuous")
    _cmd(s, "remove", d.remove_system, "Remove an ecomap system.\n\nExample: intervensi system remove keluarga-h-2025 lembaga-pelatihan",
         "Hapus sistem ekomap.\n\nContoh: intervensi system remove keluarga-h-2025 lembaga-pelatihan")
    standard_verbs(s, "system", "keluarga-h-2025", remove_verb=False)
