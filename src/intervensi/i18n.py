"""Everything a person reads, in English and Bahasa Indonesia.

Messages are data here, keyed by a stable id; identifiers in code and case files stay
English. ``t(key, lang, **params)`` formats one; a missing Indonesian entry falls back to
English (a test asserts there is none missing). Kept import-light: the CLI uses it for
``--help``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")

CATALOG: dict[str, dict[str, str]] = {
    # ---- stages
    "stage.engagement": {"en": "engagement, intake, contract", "id": "engagement, intake, kontrak"},
    "stage.assessment": {"en": "assessment", "id": "asesmen"},
    "stage.planning": {"en": "planning", "id": "perencanaan"},
    "stage.intervention": {"en": "intervention", "id": "intervensi"},
    "stage.evaluation": {"en": "evaluation", "id": "evaluasi"},
    "stage.monitoring": {"en": "monitoring", "id": "monitoring"},
    "stage.termination": {"en": "termination", "id": "terminasi"},
    "stage.closed": {"en": "closed", "id": "ditutup"},
    # ---- levels, practice forms, client systems
    "level.micro": {"en": "micro", "id": "mikro"},
    "level.mezzo": {"en": "mezzo", "id": "mezzo"},
    "level.macro": {"en": "macro", "id": "makro"},
    "practice.casework": {"en": "social casework", "id": "casework (pekerjaan sosial individu)"},
    "practice.case_management": {"en": "case management", "id": "manajemen kasus"},
    "practice.group_work": {"en": "group work", "id": "pekerjaan sosial kelompok"},
    "practice.group_therapy": {"en": "group therapy", "id": "terapi kelompok"},
    "practice.family_therapy": {"en": "family therapy", "id": "terapi keluarga"},
    "practice.community_organization": {"en": "community organization", "id": "pengorganisasian masyarakat"},
    "practice.administration": {"en": "administration", "id": "administrasi"},
    "client.individual": {"en": "individual", "id": "individu"},
    "client.family": {"en": "family", "id": "keluarga"},
    "client.group": {"en": "group", "id": "kelompok"},
    "client.institution": {"en": "institution", "id": "lembaga"},
    "client.community": {"en": "community", "id": "komunitas"},
    "client.organization": {"en": "organization", "id": "organisasi"},
    "client.population": {"en": "population", "id": "populasi"},
    "strategy.local_development": {"en": "local community development", "id": "pengembangan masyarakat lokal"},
    "strategy.social_planning": {"en": "social planning", "id": "perencanaan sosial"},
    "strategy.social_action": {"en": "social action", "id": "aksi sosial"},
    # ---- gates (what is still missing)
    "gate.contract": {"en": "no contract recorded yet", "id": "kontrak belum dicatat"},
    "gate.contract_focus": {"en": "the contract has no agreed focus", "id": "kontrak belum memiliki fokus yang disepakati"},
    "gate.contract_start": {"en": "the contract has no start date", "id": "kontrak belum memiliki tanggal mulai"},
    "gate.need": {"en": "no need or problem recorded", "id": "belum ada kebutuhan/masalah yang dicatat"},
    "gate.strength": {"en": "no strength or resource recorded", "id": "belum ada kekuatan/sumber daya yang dicatat"},
    "gate.genogram": {"en": "no genogram with the client (index person) in it", "id": "belum ada genogram yang memuat klien (orang indeks)"},
    "gate.ecomap": {"en": "no ecomap with at least one system", "id": "belum ada ekomap dengan minimal satu sistem"},
    "gate.goal": {"en": "no goal in the plan", "id": "belum ada tujuan dalam rencana"},
    "gate.goal_objective": {"en": "goal '{goal}' has no measurable objective (indicator, baseline, target, due date)", "id": "tujuan '{goal}' belum memiliki sasaran terukur (indikator, baseline, target, tenggat)"},
    "gate.goal_need": {"en": "goal '{goal}' is not tied to an assessed need", "id": "tujuan '{goal}' belum dikaitkan dengan kebutuhan hasil asesmen"},
    "gate.session": {"en": "no session recorded", "id": "belum ada sesi yang dicatat"},
    "gate.goal_measured": {"en": "goal '{goal}' has no measurement or attainment score", "id": "tujuan '{goal}' belum memiliki pengukuran atau skor pencapaian"},
    "gate.monitoring_check": {"en": "no monitoring check recorded", "id": "belum ada pemeriksaan monitoring yang dicatat"},
    "gate.termination_kind": {"en": "the kind of termination is not recorded", "id": "jenis terminasi belum dicatat"},
    "gate.termination_summary": {"en": "no termination summary", "id": "belum ada ringkasan terminasi"},
    # ---- errors
    "err.gate": {"en": "cannot leave {stage} yet: {count} condition(s) unmet", "id": "belum dapat meninggalkan tahap {stage}: {count} syarat belum terpenuhi"},
    "err.closed": {"en": "the case is closed; reopen it with `intervensi reopen CASE --reason ...`", "id": "kasus sudah ditutup; buka kembali dengan `intervensi reopen KASUS --reason ...`"},
    "err.not_closed": {"en": "the case is not closed", "id": "kasus belum ditutup"},
    "err.reason_required": {"en": "{what} needs a reason (--reason)", "id": "{what} memerlukan alasan (--reason)"},
    "err.back_not_earlier": {"en": "--to {to}: not an earlier stage than {stage}; forward moves go one stage at a time with `advance`", "id": "--to {to}: bukan tahap sebelum {stage}; maju dilakukan satu tahap sekali dengan `advance`"},
    "err.monitoring_disabled": {"en": "monitoring is not enabled for this case (set monitoring.enabled: true)", "id": "monitoring tidak diaktifkan untuk kasus ini (atur monitoring.enabled: true)"},
    "err.unknown_stage": {"en": "unknown stage '{name}'; stages are: {choices}", "id": "tahap '{name}' tidak dikenal; tahap yang ada: {choices}"},
    "err.no_such_file": {"en": "no such file", "id": "berkas tidak ditemukan"},
    "err.where_field": {"en": "--where: '{path}' is not a field of a case file{hint}", "id": "--where: '{path}' bukan kolom berkas kasus{hint}"},
    "err.no_case": {"en": "no case '{name}' (looked for {where})", "id": "tidak ada kasus '{name}' (dicari di {where})"},
    "err.no_case_no_workspace": {
        "en": "no case '{name}' (looked for {where}); this folder is not a workspace: run `intervensi init` here, or give the file's path",
        "id": "tidak ada kasus '{name}' (dicari di {where}); folder ini bukan workspace: jalankan `intervensi init` di sini, atau sebutkan lokasi berkasnya",
    },
    "err.is_directory": {"en": "is a directory, not a case file", "id": "ini direktori, bukan berkas kasus"},
    "err.permission": {"en": "permission denied", "id": "akses ditolak"},
    "err.too_large": {"en": "file larger than {mb} MB: not a case file", "id": "berkas lebih besar dari {mb} MB: bukan berkas kasus"},
    "err.binary": {"en": "binary data (a NUL byte): not a YAML text file", "id": "data biner (byte NUL): bukan berkas teks YAML"},
    "err.not_utf8": {"en": "not UTF-8 text (save the file as UTF-8)", "id": "bukan teks UTF-8 (simpan berkas sebagai UTF-8)"},
    "err.config_broken": {"en": "intervensi.toml is not valid TOML: {problem}", "id": "intervensi.toml bukan TOML yang valid: {problem}"},
    "err.config_not_utf8": {"en": "intervensi.toml is not UTF-8 text (save it as UTF-8)", "id": "intervensi.toml bukan teks UTF-8 (simpan sebagai UTF-8)"},
    "err.config_unreadable": {"en": "intervensi.toml cannot be read ({reason})", "id": "intervensi.toml tidak dapat dibaca ({reason})"},
    "err.config_language": {"en": "language must be en or id", "id": "language harus en atau id"},
    "err.wide_encoding": {"en": "{encoding} text, not UTF-8 (save the file as UTF-8)", "id": "teks {encoding}, bukan UTF-8 (simpan berkas sebagai UTF-8)"},
    "err.anchor": {"en": "anchors (&) are not allowed in a case file", "id": "anchor (&) tidak diizinkan dalam berkas kasus"},
    "err.alias": {"en": "aliases (*) are not allowed in a case file", "id": "alias (*) tidak diizinkan dalam berkas kasus"},
    "err.tag": {"en": "the tag '{tag}' is not allowed in a case file", "id": "tag '{tag}' tidak diizinkan dalam berkas kasus"},
    "err.depth": {"en": "nested deeper than {depth} levels", "id": "bersarang lebih dari {depth} tingkat"},
    "err.multi_doc": {"en": "more than one YAML document in the file", "id": "lebih dari satu dokumen YAML dalam berkas"},
    "err.complex_key": {"en": "a key must be a plain value, not a list or mapping", "id": "kunci harus berupa nilai biasa, bukan daftar atau mapping"},
    "err.duplicate_key": {"en": "duplicate key '{name}'", "id": "kunci '{name}' ganda"},
    "err.yaml_syntax": {"en": "not valid YAML: {problem}", "id": "YAML tidak valid: {problem}"},
    "err.bad_value": {"en": "{problem}", "id": "nilai tidak valid: {problem}"},
    "err.empty": {"en": "the file is empty", "id": "berkas kosong"},
    "err.not_mapping": {"en": "not a case file: the top level must be a mapping of fields", "id": "bukan berkas kasus: tingkat teratas harus berupa mapping"},
    "err.no_schema_version": {"en": "no schema_version: not an intervensi case file", "id": "tidak ada schema_version: bukan berkas kasus intervensi"},
    "err.schema_version": {"en": "schema_version {found} is not supported (this intervensi reads {supported})", "id": "schema_version {found} tidak didukung (intervensi ini membaca {supported})"},
    "err.unknown_key": {"en": "unknown field '{name}'{hint}", "id": "kolom '{name}' tidak dikenal{hint}"},
    "err.hint": {"en": " (did you mean '{name}'?)", "id": " (maksud Anda '{name}'?)"},
    "err.missing": {"en": "required field is missing", "id": "kolom wajib belum diisi"},
    "err.invalid_value": {"en": "{problem}", "id": "{problem}"},
    "err.consistency": {"en": "{problem}", "id": "{problem}"},
    "err.id_mismatch": {"en": "the file name does not match the case id '{id}'", "id": "nama berkas tidak sesuai dengan id kasus '{id}'"},
    "err.locked": {"en": "the case is being changed by another process{holder}; try again in a moment", "id": "kasus sedang diubah oleh proses lain{holder}; coba lagi sebentar lagi"},
    "err.conflict": {"en": "the file changed on disk while this command worked on it (edited elsewhere?); nothing was written — run the command again", "id": "berkas berubah di disk selagi perintah ini berjalan (disunting di tempat lain?); tidak ada yang ditulis — jalankan perintah lagi"},
    "err.exists": {"en": "already exists; refusing to overwrite", "id": "sudah ada; tidak akan ditimpa"},
    "err.id_taken": {"en": "the id '{id}' is already used in {where}", "id": "id '{id}' sudah dipakai di {where}"},
    "err.no_item": {"en": "no {what} '{id}' in this case", "id": "tidak ada {what} '{id}' dalam kasus ini"},
    "err.outside": {"en": "refusing a path outside the case directory", "id": "menolak path di luar direktori kasus"},
    "err.symlink": {"en": "refusing a symbolic link that points outside the case directory", "id": "menolak tautan simbolik yang menunjuk ke luar direktori kasus"},
    "err.bad_case_id": {"en": "'{id}' is not a valid case id: 1–64 letters, digits, '-' or '_'", "id": "'{id}' bukan id kasus yang valid: 1–64 huruf, angka, '-' atau '_'"},
    "err.usage": {"en": "{problem}", "id": "{problem}"},
    "err.unexpected": {"en": "unexpected error ({kind}); run again with --traceback and report it", "id": "galat tak terduga ({kind}); jalankan lagi dengan --traceback dan laporkan"},
    "err.traceback_note": {"en": "note: the traceback below may show client data from the case file", "id": "catatan: traceback di bawah dapat menampilkan data klien dari berkas kasus"},
    "err.interrupted": {"en": "interrupted; the case file was left as it was", "id": "dihentikan; berkas kasus dibiarkan seperti semula"},
    "err.no_config": {"en": "no workspace here; run `intervensi init` first or pass --dir", "id": "belum ada workspace di sini; jalankan `intervensi init` dulu atau gunakan --dir"},
    "err.missing_option": {"en": "{name} is required (or run on a terminal to be asked)", "id": "{name} wajib diisi (atau jalankan di terminal untuk ditanya)"},
    "err.bad_choice": {"en": "'{value}' is not one of: {choices}", "id": "'{value}' bukan salah satu dari: {choices}"},
    "err.problems_more": {"en": "… and {count} more problem(s); `intervensi check` lists them all", "id": "… dan {count} masalah lain; `intervensi check` menampilkan semuanya"},
    # ---- messages
    "msg.advanced": {"en": "{id}: {from_} → {to}", "id": "{id}: {from_} → {to}"},
    "msg.forced": {"en": "forced past {count} unmet condition(s); recorded in the history", "id": "dipaksa melewati {count} syarat yang belum terpenuhi; dicatat dalam riwayat"},
    "msg.closed": {"en": "{id}: case closed", "id": "{id}: kasus ditutup"},
    "msg.reopened": {"en": "{id}: reopened at {to}", "id": "{id}: dibuka kembali pada tahap {to}"},
    "msg.created": {"en": "created {path}", "id": "dibuat {path}"},
    "msg.init": {"en": "workspace ready: {path}", "id": "workspace siap: {path}"},
    "msg.added": {"en": "{id}: added {what}", "id": "{id}: {what} ditambahkan"},
    "msg.updated": {"en": "{id}: updated {what}", "id": "{id}: diperbarui {what}"},
    "msg.valid": {"en": "valid", "id": "valid"},
    "msg.check_summary": {"en": "{ok} of {total} file(s) valid, {bad} with problems", "id": "{ok} dari {total} berkas valid, {bad} bermasalah"},
    "msg.gate_ready": {"en": "ready to move on", "id": "siap lanjut"},
    "msg.gate_lacks": {"en": "still needed before moving on", "id": "masih diperlukan sebelum lanjut"},
    "msg.next_due": {"en": "next due", "id": "tenggat berikutnya"},
    "msg.none": {"en": "none", "id": "tidak ada"},
    "msg.no_history": {"en": "no transitions yet", "id": "belum ada perpindahan tahap"},
    "msg.terminated_hint": {"en": "termination recorded; `intervensi advance {id}` closes the case", "id": "terminasi dicatat; `intervensi advance {id}` menutup kasus"},
    "due.contract review": {"en": "contract review", "id": "peninjauan kontrak"},
    "due.contract end": {"en": "contract ends", "id": "kontrak berakhir"},
    "due.objective": {"en": "objective {id}", "id": "sasaran {id}"},
    "label.forced_pass": {"en": "passed by force", "id": "dilewati dengan paksa"},
    "what.need": {"en": "need", "id": "kebutuhan"},
    "what.strength": {"en": "strength", "id": "kekuatan"},
    "what.risk": {"en": "risk", "id": "risiko"},
    "what.goal": {"en": "goal", "id": "tujuan"},
    "what.objective": {"en": "objective", "id": "sasaran"},
    "what.session": {"en": "session", "id": "sesi"},
    "what.measurement": {"en": "measurement", "id": "pengukuran"},
    "what.attainment": {"en": "attainment score", "id": "skor pencapaian"},
    "what.termination": {"en": "termination", "id": "terminasi"},
    "what.contract": {"en": "contract", "id": "kontrak"},
    "what.member": {"en": "member", "id": "anggota"},
    "what.check": {"en": "monitoring check", "id": "pemeriksaan monitoring"},
    "what.activity": {"en": "activity", "id": "kegiatan"},
    "what.monitoring": {"en": "monitoring", "id": "monitoring"},
    "what.field": {"en": "field", "id": "kolom"},
    "what.back": {"en": "going back", "id": "kembali ke tahap sebelumnya"},
    "what.force": {"en": "--force", "id": "--force"},
    "what.reopen": {"en": "reopening", "id": "membuka kembali"},
    # ---- ecomap system kinds and genogram person kinds, as shown in summaries
    "syskind.work": {"en": "work", "id": "pekerjaan"},
    "syskind.school": {"en": "school", "id": "sekolah"},
    "syskind.health": {"en": "health", "id": "kesehatan"},
    "syskind.welfare": {"en": "welfare", "id": "kesejahteraan sosial"},
    "syskind.religion": {"en": "religion", "id": "keagamaan"},
    "syskind.extended_family": {"en": "extended family", "id": "keluarga besar"},
    "syskind.friends": {"en": "friends", "id": "teman"},
    "syskind.neighbours": {"en": "neighbours", "id": "tetangga"},
    "syskind.recreation": {"en": "recreation", "id": "rekreasi"},
    "syskind.training": {"en": "training", "id": "pelatihan"},
    "syskind.credit": {"en": "credit", "id": "kredit"},
    "syskind.government": {"en": "government", "id": "pemerintahan"},
    "syskind.other": {"en": "other", "id": "lainnya"},
    "pkind.pregnancy": {"en": "pregnancy", "id": "kehamilan"},
    "pkind.miscarriage": {"en": "miscarriage", "id": "keguguran"},
    "pkind.stillbirth": {"en": "stillbirth", "id": "lahir mati"},
    # ---- nouns named in "no {what} '{id}'" messages
    "what.person": {"en": "person", "id": "orang"},
    "what.union": {"en": "union", "id": "hubungan pasangan"},
    "what.system": {"en": "system", "id": "sistem"},
    "what.child link": {"en": "child link", "id": "tautan anak"},
    "what.relationship": {"en": "relationship", "id": "relasi"},
    # ---- table headings and labels
    "col.case": {"en": "case", "id": "kasus"},
    "col.client": {"en": "client", "id": "klien"},
    "col.level": {"en": "level", "id": "tingkat"},
    "col.practice": {"en": "practice", "id": "praktik"},
    "col.stage": {"en": "stage", "id": "tahap"},
    "col.days": {"en": "days in stage", "id": "hari di tahap"},
    "col.due": {"en": "next due", "id": "tenggat"},
    "col.gate": {"en": "gate", "id": "syarat"},
    "col.worker": {"en": "worker", "id": "pekerja"},
    "col.when": {"en": "when", "id": "kapan"},
    "col.from": {"en": "from", "id": "dari"},
    "col.to": {"en": "to", "id": "ke"},
    "col.by": {"en": "by", "id": "oleh"},
    "col.reason": {"en": "reason", "id": "alasan"},
    "col.forced": {"en": "forced", "id": "dipaksa"},
    "col.file": {"en": "file", "id": "berkas"},
    "col.problems": {"en": "problems", "id": "masalah"},
    "col.status": {"en": "status", "id": "status"},
    "label.ready": {"en": "ready", "id": "siap"},
    "label.not_ready": {"en": "not ready", "id": "belum"},
    "label.yes": {"en": "yes", "id": "ya"},
    "label.no": {"en": "no", "id": "tidak"},
    "label.opened": {"en": "opened", "id": "dibuka"},
    "label.case_title": {"en": "title", "id": "judul"},
    "label.agency": {"en": "agency", "id": "lembaga"},
    "label.current": {"en": "current", "id": "saat ini"},
    "label.summary": {"en": "summary", "id": "ringkasan"},
    "label.per_stage": {"en": "cases per stage", "id": "kasus per tahap"},
    "label.total": {"en": "total", "id": "jumlah"},
    "label.overdue": {"en": "overdue", "id": "lewat tenggat"},
    "label.history": {"en": "history", "id": "riwayat"},
    "prompt.level": {"en": "Level (micro, mezzo, macro)", "id": "Tingkat (micro, mezzo, macro)"},
    "prompt.practice": {"en": "Practice form", "id": "Bentuk praktik"},
    "prompt.client_kind": {"en": "Client system", "id": "Sistem klien"},
    "prompt.client_name": {"en": "Client name or initials", "id": "Nama atau inisial klien"},
    "prompt.case_id": {"en": "Case id", "id": "Id kasus"},
    "prompt.worker": {"en": "Worker", "id": "Pekerja sosial"},
}


#: Called (once, then forgotten) when a key is not in the catalogue: the command line imports
#: only the module of the command it runs, and registers this to bring in the words of the
#: others (an error, or a kind of item, may be worded in another module of commands).
ON_MISSING_ERROR: list[Callable[[], None]] = []


def _complete(key: str) -> bool:
    """Run :data:`ON_MISSING_ERROR` for a missing key; whether the key is now known."""
    if not ON_MISSING_ERROR:
        return False
    hooks = list(ON_MISSING_ERROR)
    ON_MISSING_ERROR.clear()
    for hook in hooks:
        hook()
    return key in CATALOG


def t(key: str, lang: str = "en", /, **params: object) -> str:
    """The message ``key`` in ``lang`` (falling back to English, then to the key)."""
    entry = CATALOG.get(key)
    if entry is None and _complete(key):
        entry = CATALOG.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def due_label(what: str, lang: str = "en") -> str:
    """A next-due reason from :func:`intervensi.cycle.next_due` (``objective g1-o1``) in ``lang``."""
    if what.startswith("objective "):
        return t("due.objective", lang, id=what.split(" ", 1)[1])
    return t(f"due.{what}", lang) if f"due.{what}" in CATALOG else what


def has(key: str) -> bool:
    return key in CATALOG or _complete(key)


def stage_label(stage: str, lang: str = "en") -> str:
    return t(f"stage.{stage}", lang)


def label(kind: str, value: str, lang: str = "en") -> str:
    key = f"{kind}.{value}"
    return t(key, lang) if key in CATALOG else value.replace("_", " ")


def env_lang(*, locale: bool = True) -> Lang | None:
    """The language asked for by the environment: ``INTERVENSI_LANG``; with ``locale``,
    also the system locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it says Indonesian."""
    explicit = os.environ.get("INTERVENSI_LANG", "").split("_")[0].split(".")[0].lower()
    if explicit in ("id", "in"):
        return "id"
    if explicit == "en":
        return "en"
    if locale:
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            code = os.environ.get(var, "").split("_")[0].split(".")[0].lower()
            if code in ("id", "in"):
                return "id"
            if code and code not in ("c", "posix"):
                return "en"
    return None


def resolve_lang(given: str | None, config_lang: str | None) -> Lang:
    """``--lang``, then ``INTERVENSI_LANG``, then the workspace config, then the locale."""
    if given in LANGS:
        return given  # type: ignore[return-value]
    explicit = env_lang(locale=False)
    if explicit:
        return explicit
    if config_lang in LANGS:
        return config_lang  # type: ignore[return-value]
    return env_lang() or "en"
