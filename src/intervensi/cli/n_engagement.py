"""Stage 1 nouns: the client and its members, the worker, the agency, the intake facts,
the contract's focus and roles (``intervensi client change``, ``member add`` ...)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import STATE, ByOpt, CaseArg, H, JsonOpt, emit_json, msg, resolve_case, say
from ._items import CorrectionReason, RefArg, change_facts, change_item, list_edit, noun, show_section, standard_verbs

S = str | None
L = list[str] | None


def _o(*names: str, en: str, id_: str, metavar: str | None = None) -> typer.models.OptionInfo:
    return typer.Option(*names, help=H(en, id_), metavar=metavar)


def register(app: typer.Typer) -> None:
    client = noun(app, "client", "engagement",
                  "The client: age, sex, region, description, programmes (PKH, BPNT...).\n\nExample: intervensi client change pkh-b-2026 --age 32 --programme PKH",
                  "Klien: usia, jenis kelamin, wilayah, deskripsi, program (PKH, BPNT...).\n\nContoh: intervensi client change pkh-b-2026 --age 32 --programme PKH")
    client.command("change", help=H(
        "Record or correct the client's facts; '' clears one. --programme (repeatable) sets the list; --add-programme and --remove-programme change one entry.\n\n"
        "Example: intervensi client change pkh-b-2026 --age 32 --sex female --region 'Humbang Hasundutan' --programme PKH",
        "Catat atau koreksi data klien; '' mengosongkan. --programme (bisa berulang) mengisi daftar; --add-programme dan --remove-programme mengubah satu isian.\n\n"
        "Contoh: intervensi client change pkh-b-2026 --age 32 --sex female --region 'Humbang Hasundutan' --programme PKH"))(client_change)
    client.command("show", help=H("Show the client's facts.\n\nExample: intervensi client show pkh-b-2026",
                                  "Tampilkan data klien.\n\nContoh: intervensi client show pkh-b-2026"))(client_show)

    worker = noun(app, "worker", "engagement", "The worker on the case and their supervisor.\n\nExample: intervensi worker change pkh-b-2026 --supervisor 'Ibu K'",
                  "Pekerja yang menangani kasus dan supervisornya.\n\nContoh: intervensi worker change pkh-b-2026 --supervisor 'Ibu K'")
    worker.command("change", help=H("Record or correct the worker: name, role, supervisor, contact ('' clears).\n\nExample: intervensi worker change pkh-b-2026 --supervisor 'Ibu K'",
                                    "Catat atau koreksi pekerja: nama, peran, supervisor, kontak ('' mengosongkan).\n\nContoh: intervensi worker change pkh-b-2026 --supervisor 'Ibu K'"))(worker_change)
    agency = noun(app, "agency", "engagement", "The agency serving the case.\n\nExample: intervensi agency change pkh-b-2026 --unit 'Bidang Rehabilitasi'",
                  "Lembaga yang melayani kasus.\n\nContoh: intervensi agency change pkh-b-2026 --unit 'Bidang Rehabilitasi'")
    agency.command("change", help=H("Record or correct the agency: name, unit, address ('' clears).\n\nExample: intervensi agency change pkh-b-2026 --address 'Doloksanggul'",
                                    "Catat atau koreksi lembaga: nama, unit, alamat ('' mengosongkan).\n\nContoh: intervensi agency change pkh-b-2026 --address 'Doloksanggul'"))(agency_change)

    eng = noun(app, "engagement", "engagement",
               "Intake facts: first contact, referral source, presenting problem, the client's own words, approach, observations.\n\n"
               "Example: intervensi engagement change pkh-b-2026 --first-contact 2026-03-02 --contact-kind home_visit",
               "Data intake: kontak pertama, sumber rujukan, masalah yang disampaikan, kata-kata klien sendiri, pendekatan, observasi.\n\n"
               "Contoh: intervensi engagement change pkh-b-2026 --first-contact 2026-03-02 --contact-kind home_visit")
    eng.command("change", help=H(
        "Record or correct the intake facts ('' clears one). --observation (repeatable) sets the list; --add-observation, --remove-observation change one.\n\n"
        "Example: intervensi engagement change pkh-b-2026 --referral-source 'Dinas Sosial' --problem 'No record of spending' --words 'I am afraid I cannot'",
        "Catat atau koreksi data intake ('' mengosongkan). --observation (bisa berulang) mengisi daftar; --add-observation, --remove-observation mengubah satu.\n\n"
        "Contoh: intervensi engagement change pkh-b-2026 --referral-source 'Dinas Sosial' --problem 'Pengeluaran tidak tercatat' --words 'Saya takut tidak bisa'"))(engagement_change)
    eng.command("show", help=H("Show the intake facts.\n\nExample: intervensi engagement show pkh-b-2026",
                               "Tampilkan data intake.\n\nContoh: intervensi engagement show pkh-b-2026"))(engagement_show)

    member = noun(app, "member", "engagement",
                  "Members of a group, family or community client: add, change (a leaving date), remove, list.\n\nExample: intervensi member add kube-2025 'Ibu A' --role ketua --joined 2025-07-07",
                  "Anggota klien kelompok, keluarga atau komunitas: tambah, ubah (tanggal keluar), hapus, daftar.\n\nContoh: intervensi member add kube-2025 'Ibu A' --role ketua --joined 2025-07-07")
    member.command("add", help=H("Add a member (its id, from the name unless --id, is what `add-session --attended` takes).\n\n"
                                 "Example: intervensi member add kube-2025 'Ibu A' --id m01 --role ketua --sex female --joined 2025-07-07",
                                 "Tambah anggota (id-nya, dari nama kecuali --id, dipakai `add-session --attended`).\n\n"
                                 "Contoh: intervensi member add kube-2025 'Ibu A' --id m01 --role ketua --sex female --joined 2025-07-07"))(member_add)
    member.command("change", help=H("Change a member; --left DATE records that they left ('' clears a field).\n\nExample: intervensi member change kube-2025 m04 --left 2025-09-15",
                                    "Ubah anggota; --left TANGGAL mencatat bahwa ia keluar ('' mengosongkan).\n\nContoh: intervensi member change kube-2025 m04 --left 2025-09-15"))(member_change)
    standard_verbs(member, "member", "kube-2025")

    focus = noun(app, "focus", "engagement", "The contract's agreed focus: add, change, remove, list.\n\nExample: intervensi focus add pkh-b-2026 'Household money management'",
                 "Fokus kontrak yang disepakati: tambah, ubah, hapus, daftar.\n\nContoh: intervensi focus add pkh-b-2026 'Pengelolaan keuangan rumah tangga'")
    focus.command("add", help=H("Add an agreed focus.\n\nExample: intervensi focus add pkh-b-2026 'Household money management'",
                                "Tambah fokus yang disepakati.\n\nContoh: intervensi focus add pkh-b-2026 'Pengelolaan keuangan rumah tangga'"))(focus_add)
    focus.command("change", help=H("Reword an agreed focus (by number).\n\nExample: intervensi focus change pkh-b-2026 1 'Household finances'",
                                   "Ubah kata-kata fokus (dengan nomor).\n\nContoh: intervensi focus change pkh-b-2026 1 'Keuangan rumah tangga'"))(focus_change)
    standard_verbs(focus, "focus", "pkh-b-2026")

    role = noun(app, "role", "engagement", "The contract's roles (who does what): add, change, remove, list.\n\nExample: intervensi role add pkh-b-2026 client 'Keeps the cash book'",
                "Peran dalam kontrak (siapa melakukan apa): tambah, ubah, hapus, daftar.\n\nContoh: intervensi role add pkh-b-2026 klien 'Mencatat buku kas'")
    role.command("add", help=H("Add a role: PARTY and what they do.\n\nExample: intervensi role add pkh-b-2026 client 'Keeps the cash book'",
                               "Tambah peran: PIHAK dan apa yang dilakukannya.\n\nContoh: intervensi role add pkh-b-2026 klien 'Mencatat buku kas'"))(role_add)
    role.command("change", help=H("Change a role (by number).\n\nExample: intervensi role change pkh-b-2026 2 --role 'Weekly visits'",
                                  "Ubah peran (dengan nomor).\n\nContoh: intervensi role change pkh-b-2026 2 --role 'Kunjungan mingguan'"))(role_change)
    standard_verbs(role, "role", "pkh-b-2026")


# --------------------------------------------------------------------------- client, worker, agency


def client_change(
    case: CaseArg,
    name: Annotated[S, _o("--name", en="Name or initials.", id_="Nama atau inisial.")] = None,
    initials: Annotated[S, _o("--initials", en="Initials shown in lists.", id_="Inisial yang ditampilkan.")] = None,
    sex: Annotated[S, _o("--sex", en="female, male, other, unknown.", id_="female, male, other, unknown.")] = None,
    age: Annotated[S, _o("--age", en="Age at intake (when the birth year is not known).", id_="Usia saat intake (bila tahun lahir tidak diketahui).")] = None,
    born: Annotated[S, _o("--born", metavar="YEAR|DATE", en="Birth year or date.", id_="Tahun atau tanggal lahir.")] = None,
    region: Annotated[S, _o("--region", en="District or village (not an address).", id_="Kabupaten atau desa (bukan alamat).")] = None,
    description: Annotated[S, _o("--description", en="Who the client is, in a few words.", id_="Siapa klien, dalam beberapa kata.")] = None,
    address: Annotated[S, _o("--address", en="Address.", id_="Alamat.")] = None,
    phone: Annotated[S, _o("--phone", en="Phone.", id_="Telepon.")] = None,
    id_number: Annotated[S, _o("--id-number", en="NIK, KK or programme number.", id_="NIK, KK atau nomor program.")] = None,
    programme: Annotated[L, _o("--programme", en="A programme (repeatable): sets the list.", id_="Program (bisa berulang): mengisi daftar.")] = None,
    add_programme: Annotated[L, _o("--add-programme", en="Add a programme.", id_="Tambah program.")] = None,
    remove_programme: Annotated[L, _o("--remove-programme", en="Remove a programme (name or number).", id_="Hapus program (nama atau nomor).")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    values = {"name": name, "initials": initials, "sex": sex, "age": age, "born": born, "region": region, "description": description,
              "address": address, "phone": phone, "id_number": id_number}
    change_facts("client change", case, {"client": values}, {"client": {"programmes": list_edit(programme, add_programme, remove_programme)}},
                 reason=reason, by=by, json=json)


def client_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("client show", case, "client", json)


def worker_change(
    case: CaseArg,
    name: Annotated[S, _o("--name", en="Worker's name.", id_="Nama pekerja.")] = None,
    role: Annotated[S, _o("--role", en="e.g. pekerja sosial, praktikan, pendamping PKH.", id_="mis. pekerja sosial, praktikan, pendamping PKH.")] = None,
    supervisor: Annotated[S, _o("--supervisor", en="Supervisor.", id_="Supervisor.")] = None,
    contact: Annotated[S, _o("--contact", en="Contact.", id_="Kontak.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_facts("worker change", case, {"worker": {"name": name, "role": role, "supervisor": supervisor, "contact": contact}}, None,
                 reason=reason, by=by, json=json)


def agency_change(
    case: CaseArg,
    name: Annotated[S, _o("--name", en="Agency name.", id_="Nama lembaga.")] = None,
    unit: Annotated[S, _o("--unit", en="Unit.", id_="Unit.")] = None,
    address: Annotated[S, _o("--address", en="Address.", id_="Alamat.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_facts("agency change", case, {"agency": {"name": name, "unit": unit, "address": address}}, None, reason=reason, by=by, json=json)


# --------------------------------------------------------------------------- engagement


def engagement_change(
    case: CaseArg,
    first_contact: Annotated[S, _o("--first-contact", metavar="DATE", en="Date of first contact.", id_="Tanggal kontak pertama.")] = None,
    contact_kind: Annotated[S, _o("--contact-kind", en="How: home_visit, office_visit, phone...", id_="Bagaimana: home_visit, office_visit, phone...")] = None,
    referral_source: Annotated[S, _o("--referral-source", en="Who referred the client.", id_="Siapa yang merujuk klien.")] = None,
    problem: Annotated[S, _o("--problem", en="The presenting problem.", id_="Masalah yang disampaikan.")] = None,
    words: Annotated[S, _o("--words", en="The client's own words.", id_="Kata-kata klien sendiri.")] = None,
    approach: Annotated[S, _o("--approach", en="The approach taken.", id_="Pendekatan yang dipakai.")] = None,
    observation: Annotated[L, _o("--observation", en="An observation (repeatable): sets the list.", id_="Observasi (bisa berulang): mengisi daftar.")] = None,
    add_observation: Annotated[L, _o("--add-observation", en="Add an observation.", id_="Tambah observasi.")] = None,
    remove_observation: Annotated[L, _o("--remove-observation", en="Remove an observation (text or number).", id_="Hapus observasi (teks atau nomor).")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    values = {"first_contact": first_contact, "contact_kind": contact_kind, "referral_source": referral_source,
              "presenting_problem": problem, "client_words": words, "approach": approach}
    change_facts("engagement change", case, {"engagement": values},
                 {"engagement": {"observations": list_edit(observation, add_observation, remove_observation)}}, reason=reason, by=by, json=json)


def engagement_show(case: CaseArg, json: JsonOpt = False) -> None:
    show_section("engagement show", case, "engagement", json)


# --------------------------------------------------------------------------- members


def member_add(
    case: CaseArg,
    name: Annotated[str, typer.Argument(help=H("The member's name.", "Nama anggota."))],
    id: Annotated[S, _o("--id", en="Id (default: from the name).", id_="Id (bawaan: dari nama).")] = None,
    role: Annotated[S, _o("--role", en="e.g. ketua, anggota, ibu.", id_="mis. ketua, anggota, ibu.")] = None,
    sex: Annotated[S, _o("--sex", en="female, male, other, unknown.", id_="female, male, other, unknown.")] = None,
    born: Annotated[S, _o("--born", metavar="YEAR|DATE", en="Birth year or date.", id_="Tahun atau tanggal lahir.")] = None,
    joined: Annotated[S, _o("--joined", metavar="DATE", en="Date joined.", id_="Tanggal bergabung.")] = None,
    left: Annotated[S, _o("--left", metavar="DATE", en="Date left.", id_="Tanggal keluar.")] = None,
    json: JsonOpt = False,
) -> None:
    from ..ops_items import add_member

    STATE.json = json
    path = resolve_case(case)
    ident = add_member(path, name, id=id, role=role, sex=sex, born=born, joined=joined, left=left)  # type: ignore[arg-type]
    _added("member add", path, "member", json, id=ident)


def member_change(
    case: CaseArg,
    ref: RefArg,
    name: Annotated[S, _o("--name", en="Name.", id_="Nama.")] = None,
    role: Annotated[S, _o("--role", en="Role.", id_="Peran.")] = None,
    sex: Annotated[S, _o("--sex", en="Sex.", id_="Jenis kelamin.")] = None,
    born: Annotated[S, _o("--born", metavar="YEAR|DATE", en="Birth year or date.", id_="Tahun atau tanggal lahir.")] = None,
    joined: Annotated[S, _o("--joined", metavar="DATE", en="Date joined.", id_="Tanggal bergabung.")] = None,
    left: Annotated[S, _o("--left", metavar="DATE", en="Date left.", id_="Tanggal keluar.")] = None,
    reason: CorrectionReason = None,
    by: ByOpt = None,
    json: JsonOpt = False,
) -> None:
    change_item(case, "member", ref, {"name": name, "role": role, "sex": sex, "born": born, "joined": joined, "left": left},
                reason=reason, by=by, json=json)


def _added(command: str, path: object, what: str, json: bool, **extra: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    if json:
        emit_json(command, {"path": str(path), **extra})
    else:
        detail = ", ".join(f"#{v}" if k == "number" else str(v) for k, v in extra.items() if v is not None)
        say(msg("msg.added", id=path.stem, what=msg(f"what.{what}") + (f" ({detail})" if detail else "")), "green")


# --------------------------------------------------------------------------- contract focus and roles


def focus_add(case: CaseArg, text: Annotated[str, typer.Argument(help=H("The agreed focus.", "Fokus yang disepakati."))], json: JsonOpt = False) -> None:
    from ..ops_items import add_text

    STATE.json = json
    path = resolve_case(case)
    _added("focus add", path, "focus", json, number=add_text(path, "focus", text))


def focus_change(case: CaseArg, ref: RefArg, text: Annotated[str, typer.Argument(help=H("The new wording.", "Kata-kata baru."))],
                 reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_item(case, "focus", ref, {"text": text}, reason=reason, by=by, json=json)


def role_add(case: CaseArg, party: Annotated[str, typer.Argument(help=H("Who (client, worker, ...).", "Siapa (klien, praktikan, ...)."))],
             role: Annotated[str, typer.Argument(help=H("What they do.", "Apa yang dilakukan."))], json: JsonOpt = False) -> None:
    from ..ops_items import add_role

    STATE.json = json
    path = resolve_case(case)
    _added("role add", path, "role", json, number=add_role(path, party, role))


def role_change(case: CaseArg, ref: RefArg, party: Annotated[S, _o("--party", en="Who.", id_="Siapa.")] = None,
                role: Annotated[S, _o("--role", en="What they do.", id_="Apa yang dilakukan.")] = None,
                reason: CorrectionReason = None, by: ByOpt = None, json: JsonOpt = False) -> None:
    change_item(case, "role", ref, {"party": party, "role": role}, reason=reason, by=by, json=json)
