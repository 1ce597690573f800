"""What the noun groups share: making a group, and its ``list`` and ``remove`` verbs.

Every noun of the practice (``need``, ``goal``, ``session``...) is a Typer sub-app with the
same verbs — ``add``, ``change``, ``remove``, ``list`` — joined to the top level with
``add_typer`` under the help panel of its stage. ``list`` and ``remove`` are the same for
every noun and are made here; ``add`` and ``change`` know their noun's fields and live in
the noun's own module. Import-light: typer only (this is loaded for ``--help``).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._common import STATE, ByOpt, CaseArg, H, JsonOpt, echo, emit_json, msg, print_table, resolve_case, say, worker_name

MESSAGES: dict[str, dict[str, str]] = {
    "msg.changed_item": {"en": "{id}: changed {what} {item}", "id": "{id}: diubah {what} {item}"},
    "msg.removed_item": {"en": "{id}: removed {what} {item}", "id": "{id}: dihapus {what} {item}"},
    "msg.removed_refs": {"en": "  also removed: {refs}", "id": "  ikut dihapus: {refs}"},
    "msg.no_items": {"en": "{id}: no {what} yet", "id": "{id}: belum ada {what}"},
    "items.yes": {"en": "yes", "id": "ya"},
    "items.no": {"en": "no", "id": "tidak"},
    "msg.facts_changed": {"en": "{id}: recorded {fields}", "id": "{id}: dicatat {fields}"},
    "err.nothing_given": {"en": "nothing to change: give at least one option (see --help)", "id": "tidak ada yang diubah: berikan minimal satu opsi (lihat --help)"},
    "what.end": {"en": "an early ending", "id": "terminasi dini"},
    "msg.circle_hint": {
        "en": "the case is at {stage}: work on it goes back round the circle — intervensi advance {id} --to {to} --reason '...'",
        "id": "kasus ada di tahap {stage}: pekerjaan untuk ini kembali memutar lingkaran — intervensi advance {id} --to {to} --reason '...'",
    },
    "err.bad_at": {"en": "--at: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, not '{at}'", "id": "--at: harus YYYY-MM-DD atau YYYY-MM-DDTHH:MM, bukan '{at}'"},
    "err.at_future": {"en": "--at: a move cannot be dated in the future ({at})", "id": "--at: perpindahan tidak boleh bertanggal di masa depan ({at})"},
    "err.at_before": {"en": "--at: {at} is before the case's last move ({last}); the history stays in order",
                      "id": "--at: {at} sebelum perpindahan terakhir kasus ({last}); riwayat harus tetap berurutan"},
    "what.programme": {"en": "programme", "id": "program"},
    "what.observation": {"en": "observation", "id": "observasi"},
    "what.focus": {"en": "contract focus", "id": "fokus kontrak"},
    "what.role": {"en": "contract role", "id": "peran kontrak"},
    "what.tool": {"en": "assessment tool", "id": "alat asesmen"},
    "what.score": {"en": "attainment score", "id": "skor pencapaian"},
    "what.changed": {"en": "change seen", "id": "perubahan yang terjadi"},
    "what.unchanged": {"en": "what did not change", "id": "yang belum berubah"},
    "what.sustainability": {"en": "sustainability step", "id": "langkah keberlanjutan"},
    "what.referral": {"en": "referral", "id": "rujukan"},
    "err.referenced": {
        "en": "'{id}' is still referred to by {refs}; remove those first or use --cascade",
        "id": "'{id}' masih dirujuk oleh {refs}; hapus dulu rujukan itu atau pakai --cascade",
    },
}

#: Column headers of ``NOUN list`` and the labels of ``SECTION show`` (the YAML field names
#: stay the keys of ``--json``).
HEADERS: dict[str, tuple[str, str]] = {
    "number": ("#", "#"), "a": ("person A", "orang A"), "b": ("person B", "orang B"), "activities": ("activities", "kegiatan"),
    "area": ("area", "bidang"), "attendance": ("attendance", "kehadiran"), "baseline": ("baseline", "baseline"),
    "born": ("born", "lahir"), "by": ("by", "oleh"), "child": ("child", "anak"), "connection": ("connection", "ikatan"),
    "date": ("date", "tanggal"), "deceased": ("deceased", "meninggal"), "died": ("died", "wafat"), "due": ("due", "tenggat"),
    "end": ("end", "selesai"), "flow": ("flow", "arah aliran"), "gas": ("GAS levels", "tingkat GAS"), "goal": ("goal", "tujuan"),
    "goals": ("goals", "tujuan"), "holding": ("holding", "bertahan"), "household": ("household", "rumah tangga"),
    "id": ("id", "id"), "identical": ("identical", "identik"), "index": ("index person", "orang indeks"),
    "indicator": ("indicator", "indikator"), "joined": ("joined", "bergabung"), "kind": ("kind", "jenis"),
    "left": ("left", "keluar"), "level": ("level", "tingkat"), "member": ("member", "anggota"), "minutes": ("minutes", "menit"),
    "name": ("name", "nama"), "needs": ("needs", "kebutuhan"), "note": ("note", "catatan"), "notes": ("notes", "catatan"),
    "objective": ("objective", "sasaran"), "objectives": ("objectives", "sasaran"), "occupation": ("occupation", "pekerjaan"),
    "parent": ("parent", "orang tua"), "partners": ("partners", "pasangan"), "party": ("party", "pihak"),
    "plan": ("plan", "rencana"), "reason": ("reason", "alasan"), "role": ("role", "peran"), "score": ("score", "skor"),
    "sex": ("sex", "jenis kelamin"), "start": ("start", "mulai"), "target": ("target", "target"), "text": ("text", "teks"),
    "title": ("title", "judul"), "to": ("to", "kepada"), "twin": ("twin", "kembar"), "union": ("union", "pasangan (union)"),
    "unit": ("unit", "satuan"), "value": ("value", "nilai"), "weight": ("weight", "bobot"), "when": ("when", "kapan"),
    "who": ("who", "siapa"),
    # the facts of a section (``client show``, ``engagement show``...)
    "address": ("address", "alamat"), "age": ("age", "usia"), "approach": ("approach", "pendekatan"),
    "changed": ("what changed", "yang berubah"), "client_words": ("client's words", "kata-kata klien"),
    "contact": ("contact", "kontak"), "contact_kind": ("kind of contact", "jenis kontak"),
    "description": ("description", "deskripsi"), "earlier_terminations": ("earlier terminations", "terminasi sebelumnya"),
    "enabled": ("enabled", "aktif"), "first_contact": ("first contact", "kontak pertama"),
    "follow_up": ("follow-up", "tindak lanjut"), "id_number": ("id number", "nomor identitas"),
    "initials": ("initials", "inisial"), "language": ("language", "bahasa"), "observations": ("observations", "observasi"),
    "phone": ("phone", "telepon"), "presenting_problem": ("presenting problem", "masalah yang disampaikan"),
    "programmes": ("programmes", "program"), "referral_source": ("referral source", "sumber rujukan"),
    "region": ("region", "wilayah"), "schedule": ("schedule", "jadwal"), "summary": ("summary", "ringkasan"),
    "supervisor": ("supervisor", "supervisor"), "sustainability": ("sustainability", "keberlanjutan"),
    "tags": ("tags", "label"), "tools": ("tools", "alat asesmen"), "unchanged": ("what did not change", "yang belum berubah"),
}


def header(field: str) -> str:
    """The column header of a YAML field in the user's language (the field name when unknown)."""
    pair = HEADERS.get(field)
    if pair is None:
        return field
    return pair[1] if STATE.lang == "id" else pair[0]


#: The help panels of the top-level help, in the order of the cycle.
PANELS = {
    "case": ("Cases", "Kasus"),
    "engagement": ("1. Engagement, intake, contract", "1. Engagement, intake, kontrak"),
    "assessment": ("2. Assessment", "2. Asesmen"),
    "planning": ("3. Planning", "3. Perencanaan"),
    "intervention": ("4. Intervention", "4. Intervensi"),
    "evaluation": ("5. Evaluation and monitoring", "5. Evaluasi dan monitoring"),
    "termination": ("6. Termination", "6. Terminasi"),
    "caseload": ("Caseload and reports", "Beban kasus dan laporan"),
}


def panel(stage: str) -> str:
    en, id_ = PANELS[stage]
    return H(en, id_)


def catalog() -> None:
    from ..i18n import CATALOG

    for k, v in MESSAGES.items():
        CATALOG.setdefault(k, v)


CorrectionReason = Annotated[
    str | None,
    typer.Option("--reason", "-r", help=H("Why it is corrected (kept with the correction).", "Alasan koreksi (disimpan bersama koreksinya).")),
]
CascadeOpt = Annotated[bool, typer.Option("--cascade", help=H("Also remove what refers to it.", "Hapus juga yang merujuk kepadanya."))]
RefArg = Annotated[str, typer.Argument(metavar="REF", help=H("Its id, or its number as `list` prints it.", "Id-nya, atau nomornya seperti dicetak `list`."))]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help=H("When it happened, for work recorded afterwards: YYYY-MM-DD[THH:MM] (default: now). "
                                "The history keeps this date and when it was written.",
                                "Kapan terjadi, untuk pekerjaan yang dicatat belakangan: YYYY-MM-DD[THH:MM] (bawaan: sekarang). "
                                "Riwayat menyimpan tanggal ini dan kapan dicatat.")),
]
GoalOpt = Annotated[str | None, typer.Option("--goal", "-g", help=H("The goal it belongs to.", "Tujuan tempatnya."))]


class Noun:
    """A noun group, built into a Click group only when it is used (see :class:`LazyCommands`).

    Typer turns every command into a Click command when the program starts, reading each
    function's signature; for some 100 verbs that doubled ``intervensi --help``. The
    top-level help needs only a noun's name, one line of help and its panel.
    """

    def __init__(self, name: str, app: typer.Typer, help: str, panel: str) -> None:
        self.name, self.app, self.help, self.rich_help_panel = name, app, help, panel
        self.hidden = False
        self._built: Any = None

    def build(self) -> Any:
        if self._built is None:
            from typer.main import get_group

            cmd = get_group(self.app)  # a group even with one verb (``worker change``)
            cmd.name = self.name
            import types

            from ._framework import format_commands_whole

            cmd.format_commands = types.MethodType(format_commands_whole, cmd)  # type: ignore[method-assign]
            cmd.rich_help_panel = self.rich_help_panel  # type: ignore[attr-defined]
            self._built = cmd
        return self._built

    def get_short_help_str(self, limit: int = 45) -> str:
        import typer._click as click

        return click.utils.make_default_short_help(self.help, limit)


class LazyCommand(Noun):
    """A top-level command of the Typer app, built into a Click command only when used."""

    def __init__(self, info: Any, app: typer.Typer) -> None:
        self.info = info
        super().__init__(info.name, app, info.help or "", info.rich_help_panel if isinstance(info.rich_help_panel, str) else "")
        self.hidden = bool(info.hidden)

    def build(self) -> Any:
        if self._built is None:
            from typer.main import get_command_from_info

            self._built = get_command_from_info(self.info, pretty_exceptions_short=self.app.pretty_exceptions_short, rich_markup_mode=None)
        return self._built


#: Every noun group, in the order registered.
NOUNS: dict[str, Noun] = {}
#: Every top-level command (taken out of the Typer app so that Typer does not build them all).
COMMANDS: dict[str, Noun] = {}


class LazyCommands(dict[str, Any]):
    """A group's ``commands`` where a :class:`Noun` becomes a Click group when it is looked up."""

    def _real(self, name: str, value: Any) -> Any:
        if hasattr(value, "resolve"):  # its module not imported yet (cli.Pending)
            value = value.resolve()
        if isinstance(value, Noun):
            value = value.build()
            dict.__setitem__(self, name, value)
        return value

    def __getitem__(self, name: str) -> Any:
        return self._real(name, dict.__getitem__(self, name))

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self else default  # noqa: SIM401 (builds the entry)

    def items(self) -> Any:  # type: ignore[override]
        return [(k, self[k]) for k in list(self.keys())]

    def values(self) -> Any:  # type: ignore[override]
        return [self[k] for k in list(self.keys())]

    def raw(self, name: str) -> Any:
        """The entry without building it (a :class:`Noun` stays one; its module is imported)."""
        value = dict.__getitem__(self, name)
        if hasattr(value, "resolve"):
            value = value.resolve()
            dict.__setitem__(self, name, value)
        return value


def noun(app: typer.Typer, name: str, stage: str, en: str, id_: str) -> typer.Typer:
    """A noun group (``intervensi NAME add|change|remove|list``) under ``stage``'s panel."""
    sub = typer.Typer(
        help=H(en, id_),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    NOUNS[name] = Noun(name, sub, H(en, id_), panel(stage))
    return sub


def what(kind: str) -> str:
    from ..i18n import has

    return msg(f"what.{kind}") if has(f"what.{kind}") else kind


def standard_verbs(sub: typer.Typer, kind: str, example: str, *, goal: bool = False, noun: str | None = None, remove_verb: bool = True) -> None:
    """Register ``list`` and ``remove`` for ``kind`` (``goal``: they take ``--goal``; ``noun``: its command name;
    ``remove_verb=False``: only ``list``, the noun's module has its own ``remove``)."""
    name = noun or kind

    def list_(case: CaseArg, goal_: GoalOpt = None, json: JsonOpt = False) -> None:
        from ..casefile import load_case
        from ..ops_items import list_items

        STATE.json = json
        path = resolve_case(case)
        items = list_items(load_case(path), kind, goal_)
        if json:
            emit_json(f"{name} list", {"path": str(path), "kind": kind, "items": items})
            return
        if not items:
            say(msg("msg.no_items", id=path.stem, what=what(kind)))
            return
        print_items(items, kind)

    def remove(
        case: CaseArg,
        ref: RefArg,
        goal_: GoalOpt = None,
        cascade: CascadeOpt = False,
        reason: CorrectionReason = None,
        by: ByOpt = None,
        json: JsonOpt = False,
    ) -> None:
        from ..ops_items import remove_item

        STATE.json = json
        path = resolve_case(case)
        out = remove_item(path, kind, ref, goal=goal_, cascade=cascade, by=worker_name(by), reason=reason)
        if json:
            emit_json(f"{name} remove", {"path": str(path), **out})
            return
        say(msg("msg.removed_item", id=path.stem, what=what(kind), item=out["item"]), "green")
        if out["references"]:
            say(msg("msg.removed_refs", refs=", ".join(f"{n} {k}" for k, n in out["references"].items())))

    if not goal:
        def list_plain(case: CaseArg, json: JsonOpt = False) -> None:
            list_(case, None, json)

        def remove_plain(case: CaseArg, ref: RefArg, cascade: CascadeOpt = False, reason: CorrectionReason = None,
                         by: ByOpt = None, json: JsonOpt = False) -> None:
            remove(case, ref, None, cascade, reason, by, json)

        sub.command("list", help=H(f"List the {kind} items with their numbers.\n\nExample: intervensi {name} list {example}",
                                   f"Daftar {what_id(kind)} beserta nomornya.\n\nContoh: intervensi {name} list {example}"))(list_plain)
        if not remove_verb:
            return
        sub.command("remove", help=H(f"Remove one {kind} (by id or number); the removal is recorded in the case's amendments.\n\n"
                                     f"Example: intervensi {name} remove {example} 2 --reason 'entered twice'",
                                     f"Hapus satu {what_id(kind)} (dengan id atau nomor); penghapusan dicatat di amendments kasus.\n\n"
                                     f"Contoh: intervensi {name} remove {example} 2 --reason 'tercatat dua kali'"))(remove_plain)
        return
    sub.command("list", help=H(f"List the {kind} items with their numbers (--goal: of one goal).\n\nExample: intervensi {name} list {example}",
                               f"Daftar {what_id(kind)} beserta nomornya (--goal: satu tujuan).\n\nContoh: intervensi {name} list {example}"))(list_)
    sub.command("remove", help=H(f"Remove one {kind} (by id or number); the removal is recorded in the case's amendments.\n\n"
                                 f"Example: intervensi {name} remove {example} 2 --goal g1",
                                 f"Hapus satu {what_id(kind)} (dengan id atau nomor); penghapusan dicatat di amendments kasus.\n\n"
                                 f"Contoh: intervensi {name} remove {example} 2 --goal g1"))(remove)


def what_id(kind: str) -> str:
    from ..i18n import CATALOG

    return CATALOG.get(f"what.{kind}", {}).get("id", kind)


#: Item fields whose values come from a closed list, and the list that names them in words
#: (``report.labels.value_label``); ``kind`` depends on the item.
VALUE_KINDS: dict[str, str] = {"sex": "sex", "level": "risk", "area": "area", "connection": "connection", "flow": "flow"}
KIND_OF_ITEM: dict[str, str] = {"session": "session", "system": "syskind", "person": "pkind", "strength": "strength"}


def _value_words(field: str, value: Any, item_kind: str | None) -> Any:
    """A closed-list value in the user's language (``female`` -> ``perempuan``); others as they are."""
    list_kind = KIND_OF_ITEM.get(item_kind or "") if field == "kind" else VALUE_KINDS.get(field)
    if list_kind is None or not isinstance(value, str) or not value:
        return value
    from ..report.labels import value_label

    return value_label(list_kind, value, STATE.lang)


def print_items(items: list[dict[str, Any]], kind: str | None = None) -> None:
    """The items as a table (``--json`` keeps the values as written in the file)."""
    from ._plain import Table, escape

    columns: list[str] = []
    for item in items:
        for k in item:
            if k not in columns:
                columns.append(k)
    table = Table()
    for c in columns:
        table.add_column(header(c))
    for item in items:
        table.add_row(*(escape(_cell(_value_words(c, item.get(c), kind))) for c in columns))
    print_table(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return msg("items.yes") if value else msg("items.no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def changed(kind: str, path: Any, label: str, json: bool) -> None:
    if json:
        emit_json(f"{kind} change", {"path": str(path), "item": label})
    else:
        say(msg("msg.changed_item", id=path.stem, what=what(kind), item=label), "green")


def change_item(case: str, kind: str, ref: str, values: dict[str, Any], *, goal: str | None = None, reason: str | None,
                by: str | None, json: bool) -> None:
    """The body of every ``change`` verb: refuse an empty change, call the library, report."""
    from ..errors import UsageError
    from ..ops_items import change_item as op

    STATE.json = json
    if all(v is None for v in values.values()):
        raise UsageError("nothing to change", key="nothing_given")
    path = resolve_case(case)
    label = op(path, kind, ref, values, goal=goal, by=worker_name(by), reason=reason)
    changed(kind, path, label, json)


# --------------------------------------------------------------------------- sections


def list_edit(values: list[str] | None, add: list[str] | None, remove: list[str] | None) -> Any:
    """A :class:`~intervensi.ops_facts.ListEdit` from ``--X`` (replace), ``--add-X``, ``--remove-X``."""
    if values is None and not add and not remove:
        return None
    from ..ops_facts import ListEdit

    return ListEdit(set=list(values) if values is not None else None, add=list(add or []), remove=list(remove or []))


def change_facts(command: str, case: str, changes: dict[str, dict[str, Any]], lists: dict[str, dict[str, Any]] | None,
                 *, reason: str | None, by: str | None, json: bool) -> None:
    """The body of every section's ``change`` verb."""
    from ..errors import UsageError
    from ..ops_facts import change_facts as op

    STATE.json = json
    lists = {s: {k: v for k, v in d.items() if v is not None} for s, d in (lists or {}).items()}
    if all(v is None for d in changes.values() for v in d.values()) and not any(lists.values()):
        raise UsageError("nothing to change", key="nothing_given")
    path = resolve_case(case)
    fields = op(path, changes, lists, by=worker_name(by), reason=reason)
    if json:
        emit_json(command, {"path": str(path), "fields": fields})
    else:
        say(msg("msg.facts_changed", id=path.stem, fields=", ".join(fields)), "green")


def show_section(command: str, case: str, section: str, json: bool) -> None:
    """The body of every section's ``show`` verb: its facts (not its lists of items)."""
    from ..casefile import load_case
    from ..ops_facts import NOT_HERE, SECTIONS

    STATE.json = json
    path = resolve_case(case)
    node: Any = load_case(path)
    for k in SECTIONS[section][0]:
        node = getattr(node, k, None) if node is not None else None
    skip = set(NOT_HERE.get(section, ())) - {"kind", "enabled"}
    data = {} if node is None else {k: v for k, v in node.model_dump(mode="json", by_alias=True, exclude_none=True).items() if k not in skip}
    if json:
        emit_json(command, {"path": str(path), "section": section, "facts": data})
        return
    from ._plain import escape

    if not data:
        say(msg("msg.no_items", id=path.stem, what=section))
    for k, v in data.items():
        echo(f"[bold]{escape(header(k))}[/]: {escape(_cell(v))}")
