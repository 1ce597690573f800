"""Every heading and label a report prints, in English and Bahasa Indonesia.

Templates reach these as ``L.<key>``; a copied template can use any of them. Stage,
level, practice and session names come from :mod:`intervensi.i18n` (``label()``).
"""

from __future__ import annotations

import datetime as dt

LABELS: dict[str, dict[str, str]] = {
    "report_title": {"en": "Case report", "id": "Laporan kasus"},
    "care_plan_title": {"en": "Care plan", "id": "Rencana layanan"},
    "anonymised": {"en": "Anonymised report", "id": "Laporan teranonimkan"},
    "removed": {"en": "Left out or replaced for anonymity", "id": "Dihilangkan atau diganti demi anonimitas"},
    "removed_note": {"en": "Names are stable pseudonyms (the same in text and diagrams); birth dates are shown as ages.",
                     "id": "Nama diganti nama samaran yang tetap (sama di teks dan diagram); tanggal lahir ditampilkan sebagai usia."},
    "generated": {"en": "Generated", "id": "Dibuat"},
    "identity": {"en": "Identity and level", "id": "Identitas dan tingkat"},
    "case_id": {"en": "Case", "id": "Kasus"},
    "title": {"en": "Title", "id": "Judul"},
    "client": {"en": "Client", "id": "Klien"},
    "client_kind": {"en": "Client system", "id": "Sistem klien"},
    "sex": {"en": "Sex", "id": "Jenis kelamin"},
    "age": {"en": "Age", "id": "Usia"},
    "born": {"en": "Born", "id": "Lahir"},
    "region": {"en": "Region", "id": "Wilayah"},
    "address": {"en": "Address", "id": "Alamat"},
    "programmes": {"en": "Programmes", "id": "Program"},
    "description": {"en": "Description", "id": "Keterangan"},
    "members": {"en": "Members", "id": "Anggota"},
    "level": {"en": "Level", "id": "Tingkat"},
    "practice": {"en": "Practice", "id": "Metode praktik"},
    "strategy": {"en": "Change strategy", "id": "Strategi perubahan"},
    "stage": {"en": "Current stage", "id": "Tahap saat ini"},
    "opened": {"en": "Opened", "id": "Dibuka"},
    "worker": {"en": "Worker", "id": "Pekerja sosial"},
    "supervisor": {"en": "Supervisor", "id": "Supervisor"},
    "agency": {"en": "Agency", "id": "Lembaga"},
    "engagement": {"en": "Engagement, intake and contract", "id": "Engagement, intake dan kontrak"},
    "first_contact": {"en": "First contact", "id": "Kontak pertama"},
    "referral_source": {"en": "Referral source", "id": "Sumber rujukan"},
    "presenting_problem": {"en": "Presenting problem", "id": "Masalah yang disampaikan"},
    "client_words": {"en": "In the client's words", "id": "Menurut kata-kata klien"},
    "approach": {"en": "Approach", "id": "Pendekatan"},
    "observations": {"en": "Observations", "id": "Pengamatan"},
    "contract": {"en": "Contract", "id": "Kontrak"},
    "focus": {"en": "Agreed focus", "id": "Fokus yang disepakati"},
    "roles": {"en": "Roles", "id": "Peran"},
    "party": {"en": "Party", "id": "Pihak"},
    "role": {"en": "Role", "id": "Peran"},
    "frequency": {"en": "Frequency", "id": "Frekuensi"},
    "length": {"en": "Length", "id": "Lama"},
    "agreed": {"en": "Agreed", "id": "Disepakati"},
    "period": {"en": "Period", "id": "Periode"},
    "assessment": {"en": "Assessment", "id": "Asesmen"},
    "genogram": {"en": "Genogram", "id": "Genogram"},
    "ecomap": {"en": "Ecomap", "id": "Ekomap"},
    "diagram_missing": {"en": "Diagram not available", "id": "Diagram tidak tersedia"},
    "summary": {"en": "Summary", "id": "Ringkasan"},
    "needs_strengths": {"en": "Needs and strengths", "id": "Kebutuhan dan kekuatan"},
    "needs": {"en": "Needs and problems", "id": "Kebutuhan dan masalah"},
    "strengths": {"en": "Strengths and resources", "id": "Kekuatan dan sumber daya"},
    "risks": {"en": "Risks", "id": "Risiko"},
    "area": {"en": "Area", "id": "Bidang"},
    "plan": {"en": "Plan", "id": "Rencana"},
    "goal": {"en": "Goal", "id": "Tujuan"},
    "goals": {"en": "Goals", "id": "Tujuan"},
    "answers_needs": {"en": "Answers needs", "id": "Menjawab kebutuhan"},
    "weight": {"en": "Weight", "id": "Bobot"},
    "objectives": {"en": "Objectives", "id": "Sasaran"},
    "indicator": {"en": "Indicator", "id": "Indikator"},
    "baseline": {"en": "Baseline", "id": "Baseline"},
    "target": {"en": "Target", "id": "Target"},
    "due": {"en": "Due", "id": "Tenggat"},
    "activities": {"en": "Activities", "id": "Kegiatan"},
    "who": {"en": "Who", "id": "Siapa"},
    "when": {"en": "When", "id": "Kapan"},
    "gas_levels": {"en": "Goal attainment levels", "id": "Tingkat pencapaian tujuan"},
    "schedule": {"en": "Schedule", "id": "Jadwal"},
    "sessions": {"en": "Sessions", "id": "Sesi"},
    "date": {"en": "Date", "id": "Tanggal"},
    "kind": {"en": "Kind", "id": "Jenis"},
    "notes": {"en": "Notes", "id": "Catatan"},
    "evaluation": {"en": "Evaluation", "id": "Evaluasi"},
    "latest": {"en": "Latest", "id": "Terakhir"},
    "progress": {"en": "Progress", "id": "Kemajuan"},
    "nap": {"en": "NAP (A→B)", "id": "NAP (A→B)"},
    "score": {"en": "Score", "id": "Skor"},
    "meaning": {"en": "Meaning", "id": "Makna"},
    "t_score": {"en": "GAS T-score", "id": "Skor-T GAS"},
    "t_none": {"en": "no goal scored yet", "id": "belum ada tujuan yang diberi skor"},
    "t_note": {"en": "50 = goals attained as expected; above 50 better, below 50 worse (ρ = {rho}).",
               "id": "50 = tujuan tercapai sesuai harapan; di atas 50 lebih baik, di bawah 50 kurang (ρ = {rho})."},
    "phase_note": {"en": "Phase A: measurements up to the first intervention session ({date}); phase B: after it.",
                   "id": "Fase A: pengukuran sampai sesi intervensi pertama ({date}); fase B: sesudahnya."},
    "charts": {"en": "Charts (single-system AB design)", "id": "Grafik (desain subjek tunggal AB)"},
    "changed": {"en": "What changed", "id": "Yang berubah"},
    "unchanged": {"en": "What did not change", "id": "Yang belum berubah"},
    "monitoring": {"en": "Monitoring", "id": "Monitoring"},
    "holding": {"en": "Change holds", "id": "Perubahan bertahan"},
    "yes": {"en": "yes", "id": "ya"},
    "no": {"en": "no", "id": "tidak"},
    "termination": {"en": "Termination and follow-up", "id": "Terminasi dan tindak lanjut"},
    "follow_up": {"en": "Follow-up", "id": "Tindak lanjut"},
    "sustainability": {"en": "Sustainability steps", "id": "Langkah keberlanjutan"},
    "referrals": {"en": "Referrals", "id": "Rujukan"},
    "to": {"en": "To", "id": "Kepada"},
    "reason": {"en": "Reason", "id": "Alasan"},
    "history": {"en": "Stage history", "id": "Riwayat tahap"},
    "by": {"en": "By", "id": "Oleh"},
    "forced": {"en": "forced past an unmet gate", "id": "dipaksa melewati syarat yang belum terpenuhi"},
    "recorded": {"en": "recorded on", "id": "dicatat pada"},
    "earlier_terminations": {"en": "Earlier terminations (set aside when the case was reopened)",
                             "id": "Terminasi sebelumnya (disisihkan ketika kasus dibuka kembali)"},
    "amendments": {"en": "Corrections", "id": "Koreksi"},
    "amended_fields": {"en": "fields", "id": "kolom"},
    "amend_removed": {"en": "removed", "id": "dihapus"},
    "amend_changed": {"en": "changed", "id": "diubah"},
    "none": {"en": "none recorded", "id": "belum dicatat"},
    "signatures": {"en": "Signatures", "id": "Tanda tangan"},
    "page": {"en": "Page", "id": "Halaman"},
}

#: Labels of the group-work, plan-against-practice and sign-off parts (kept apart from the
#: table above so that both can grow without touching each other).
LABELS.update({
    "joined": {"en": "Joined", "id": "Bergabung"},
    "left": {"en": "Left", "id": "Keluar"},
    "attendance": {"en": "Attendance", "id": "Kehadiran"},
    "meeting": {"en": "Session", "id": "Sesi"},
    "present": {"en": "Present / members", "id": "Hadir / anggota"},
    "rate": {"en": "Rate", "id": "Tingkat"},
    "attendance_none": {"en": "no attendance recorded yet", "id": "belum ada kehadiran yang dicatat"},
    "tools": {"en": "Assessment tools", "id": "Instrumen asesmen"},
    "planned_frequency": {"en": "Planned (contract)", "id": "Rencana (kontrak)"},
    "sessions_planned": {"en": "Sessions planned", "id": "Sesi yang direncanakan"},
    "sessions_held": {"en": "Sessions held", "id": "Sesi yang dilaksanakan"},
    "held_of_planned": {"en": "{held} of {planned} planned ({pct})", "id": "{held} dari {planned} yang direncanakan ({pct})"},
    "first_last": {"en": "First and last session", "id": "Sesi pertama dan terakhir"},
    "within_period": {"en": "Held within the contract period", "id": "Dilaksanakan dalam periode kontrak"},
    "of": {"en": "{n} of {total}", "id": "{n} dari {total}"},
    "time_in_sessions": {"en": "Time in sessions (where recorded)", "id": "Waktu sesi (yang dicatat)"},
    "hours_minutes": {"en": "{h} h {m} min", "id": "{h} jam {m} menit"},
    "picture_elsewhere": {"en": "picture not included here; write the report to a file (--output report.md) to get its pictures beside it",
                          "id": "gambar tidak disertakan di sini; tulis laporan ke berkas (--output laporan.md) agar gambarnya ditulis di sampingnya"},
    "signoff": {"en": "Sign-off", "id": "Pengesahan"},
    "signoff_note": {"en": "Read and agreed. Each signs and dates by hand.",
                     "id": "Telah dibaca dan disetujui. Masing-masing menandatangani dan menulis tanggal sendiri."},
    "prepared_by": {"en": "Prepared by (worker)", "id": "Disusun oleh (pekerja sosial)"},
    "reviewed_by": {"en": "Reviewed by (supervisor)", "id": "Diperiksa oleh (supervisor)"},
    "agreed_by": {"en": "Agreed by (client)", "id": "Disetujui oleh (klien)"},
    "name": {"en": "Name", "id": "Nama"},
    "signature": {"en": "Signature", "id": "Tanda tangan"},
})

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
}


def labels(lang: str) -> dict[str, str]:
    """All labels in ``lang`` (English where a translation is missing)."""
    return {k: v.get(lang) or v["en"] for k, v in LABELS.items()}


def format_date(d: dt.date | dt.datetime | int | None, lang: str = "en") -> str:
    """``3 March 2025`` / ``3 Maret 2025``; a bare year as it is; ``None`` as an empty string."""
    if d is None:
        return ""
    if isinstance(d, int):
        return str(d)
    months = MONTHS.get(lang, MONTHS["en"])
    text = f"{d.day} {months[d.month - 1]} {d.year}"
    if isinstance(d, dt.datetime):
        text += f", {d:%H.%M}" if lang == "id" else f", {d:%H:%M}"
    return text


VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "connection": {"strong": ("strong", "kuat"), "moderate": ("moderate", "sedang"), "tenuous": ("tenuous", "lemah"),
                   "stressful": ("stressful", "penuh tekanan"), "none": ("no tie", "tidak ada hubungan")},
    "flow": {"to_client": ("to the client", "ke klien"), "from_client": ("from the client", "dari klien"),
             "both": ("both ways", "dua arah"), "none": ("none", "tidak ada")},
    "session": {
        "home_visit": ("home visit", "kunjungan rumah"), "office_visit": ("office visit", "kunjungan kantor"),
        "counselling": ("counselling", "konseling"), "training": ("training", "pelatihan"),
        "group_meeting": ("group meeting", "pertemuan kelompok"), "community_meeting": ("community meeting", "pertemuan warga"),
        "referral": ("referral", "rujukan"), "advocacy": ("advocacy", "advokasi"), "phone": ("phone call", "telepon"),
        "case_conference": ("case conference", "konferensi kasus"), "other": ("other", "lainnya"),
    },
    "termination": {
        "planned": ("planned", "terencana"), "client_initiated": ("client-initiated", "atas inisiatif klien"),
        "referral": ("referral", "rujukan"), "transfer": ("transfer", "alih kelola"), "unplanned": ("unplanned", "tidak terencana"),
    },
    "transition": {"forward": ("forward", "maju"), "back": ("back", "kembali"), "close": ("closed", "ditutup"), "reopen": ("reopened", "dibuka kembali"),
                   "end": ("ended early", "diakhiri lebih awal")},
    "sex": {"male": ("male", "laki-laki"), "female": ("female", "perempuan"), "other": ("other", "lainnya"), "unknown": ("unknown", "tidak diketahui")},
    "risk": {"low": ("low", "rendah"), "medium": ("medium", "sedang"), "high": ("high", "tinggi")},
    "area": {"economic": ("economic", "ekonomi"), "psychosocial": ("psychosocial", "psikososial"), "education": ("education", "pendidikan"),
             "health": ("health", "kesehatan"), "housing": ("housing", "perumahan")},
    "strength": {"personal": ("personal", "pribadi"), "family": ("family", "keluarga"), "social": ("social", "sosial"),
                 "community": ("community", "komunitas"), "material": ("material", "material"), "other": ("other", "lainnya")},
}


def value_label(kind: str, value: object, lang: str = "en") -> str:
    """A closed-list value (stage, level, practice, session kind, ...) in ``lang``."""
    if value is None:
        return ""
    v = str(getattr(value, "value", value))
    if kind in VALUES and v in VALUES[kind]:
        en, id_ = VALUES[kind][v]
        return id_ if lang == "id" else en
    from ..i18n import label

    return label(kind, v, lang)
