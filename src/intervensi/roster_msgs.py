"""The words of the roster import, in English and Bahasa Indonesia (registered into the catalogue).

Error keys (``err.roster_*``) are the ``key`` of :class:`~intervensi.roster_read.RosterError`
and of each :class:`~intervensi.roster.Problem`; their parameters never hold a cell's value.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- the roster as a whole (exit code 3 unless said otherwise)
    "err.roster_unreadable": {"en": "not a roster intervensi can read (xlsx, xls, ods or csv)",
                              "id": "bukan daftar yang dapat dibaca intervensi (xlsx, xls, ods, atau csv)"},
    "err.roster_no_sheet": {"en": "no sheet named '{sheet}' (the sheets: {sheets})", "id": "tidak ada lembar bernama '{sheet}' (lembar yang ada: {sheets})"},
    "err.roster_no_header": {
        "en": "no header row found in the first 20 rows: the roster needs at least the columns {required} (headers such as 'Nama' and 'No KK'); for other headers give a mapping file (--mapping)",
        "id": "baris judul kolom tidak ditemukan di 20 baris pertama: daftar minimal perlu kolom {required} (judul seperti 'Nama' dan 'No KK'); untuk judul lain berikan berkas pemetaan (--mapping)"},
    "err.roster_missing_column": {
        "en": "the header row (row {row}) has no column for {fields}; name it in a mapping file (--mapping)",
        "id": "baris judul (baris {row}) tidak memiliki kolom untuk {fields}; sebutkan dalam berkas pemetaan (--mapping)"},
    "err.roster_mapping_missing": {"en": "the mapping names the column '{header}', which is not in the header row (row {row})",
                                   "id": "pemetaan menyebut kolom '{header}', yang tidak ada di baris judul (baris {row})"},
    "err.roster_mapping": {"en": "the mapping file is not valid ({problem}): see docs/how-to/import-roster.md",
                           "id": "berkas pemetaan tidak valid ({problem}): lihat docs/how-to/import-roster.md"},
    "err.roster_mapping_key": {"en": "unknown setting '{name}' (a mapping file holds: {known}; fields go under [columns])",
                               "id": "pengaturan '{name}' tidak dikenal (berkas pemetaan berisi: {known}; kolom data ditulis di bawah [columns])"},
    "err.roster_dir_not_folder": {"en": "--dir names a file, not the cases folder; nothing was written",
                                  "id": "--dir menyebut sebuah berkas, bukan folder kasus; tidak ada yang ditulis"},
    "err.roster_mapping_field": {"en": "the mapping names an unknown field '{name}' (known: {known})",
                                 "id": "pemetaan menyebut kolom data yang tidak dikenal '{name}' (yang dikenal: {known})"},
    "err.roster_merged_id": {
        "en": "merged cells {range} in an identifier column: each family needs its own number; unmerge the cells and fill in each row",
        "id": "sel gabungan {range} di kolom nomor identitas: setiap keluarga memerlukan nomornya sendiri; pisahkan sel lalu isi setiap baris"},
    "err.roster_mixed_encoding": {
        "en": "this cell is not UTF-8 while the rest of the file is (mixed encodings): save the file again as 'CSV UTF-8' and import it again",
        "id": "sel ini bukan UTF-8 padahal bagian lain berkas UTF-8 (pengodean campuran): simpan ulang berkas sebagai 'CSV UTF-8' lalu impor lagi"},
    "err.roster_encoding": {"en": "row {row}: the text is neither UTF-8 nor Windows-1252: save the file as 'CSV UTF-8'",
                            "id": "baris {row}: teks bukan UTF-8 maupun Windows-1252: simpan berkas sebagai 'CSV UTF-8'"},
    "err.roster_prefix": {"en": "'{prefix}' cannot begin a case id: letters, digits, '-' or '_'", "id": "'{prefix}' tidak dapat menjadi awal id kasus: huruf, angka, '-' atau '_'"},
    "err.roster_has_problems": {
        "en": "{rows} row(s) cannot become a case (listed above): nothing was written. Correct the roster, or import the other rows with --skip-bad-rows",
        "id": "{rows} baris tidak dapat dijadikan kasus (tercantum di atas): tidak ada yang ditulis. Perbaiki daftar, atau impor baris lainnya dengan --skip-bad-rows"},
    "err.roster_cases_unreadable": {
        "en": "{count} case file(s) in the folder cannot be read (listed above): one may be a family's case, which would then be created twice, so nothing was written. Fix them (intervensi check), or import anyway with --skip-bad-rows",
        "id": "{count} berkas kasus di folder tidak dapat dibaca (tercantum di atas): salah satunya mungkin kasus sebuah keluarga, yang akan terbuat dua kali, jadi tidak ada yang ditulis. Perbaiki dulu (intervensi check), atau tetap impor dengan --skip-bad-rows"},
    # ---- one row's problems (each shown after "row N, column C (Header):")
    "err.roster_required": {"en": "empty: every family needs this", "id": "kosong: setiap keluarga memerlukan ini"},
    "err.roster_id_number": {
        "en": "written as a number: a spreadsheet keeps only 15 digits and drops leading zeros, so the number may have changed; format the column as Text and type the 16 digits again",
        "id": "ditulis sebagai angka: lembar kerja hanya menyimpan 15 digit dan membuang nol di depan, jadi nomornya mungkin sudah berubah; format kolom sebagai Teks lalu ketik ulang 16 digitnya"},
    "err.roster_id_scientific": {
        "en": "in scientific notation (like 3.2E+15): the last digits are lost; format the column as Text and type the 16 digits again",
        "id": "dalam notasi ilmiah (seperti 3,2E+15): digit terakhir sudah hilang; format kolom sebagai Teks lalu ketik ulang 16 digitnya"},
    "err.roster_id_chars": {"en": "not a number of 16 digits (letters or other signs in it)", "id": "bukan nomor 16 digit (ada huruf atau tanda lain)"},
    "err.roster_id_length": {"en": "{digits} digits, where a NIK or KK number has 16 (a leading zero lost?)",
                             "id": "{digits} digit, padahal NIK atau nomor KK terdiri atas 16 digit (nol di depan hilang?)"},
    "err.roster_phone_number": {"en": "written as a number: the leading 0 is lost; format the column as Text",
                                "id": "ditulis sebagai angka: angka 0 di depan hilang; format kolom sebagai Teks"},
    "err.roster_sex": {"en": "not a sex intervensi knows ({known})", "id": "jenis kelamin tidak dikenal ({known})"},
    "err.roster_date": {"en": "not a date: write YYYY-MM-DD, dd/mm/yyyy or '12 Maret 1985'",
                        "id": "bukan tanggal: tulis YYYY-MM-DD, dd/mm/yyyy atau '12 Maret 1985'"},
    "err.roster_date_month_first": {
        "en": "the month comes first (mm/dd/yyyy): write the date day first (dd/mm/yyyy) or as YYYY-MM-DD",
        "id": "bulan ditulis lebih dulu (mm/dd/yyyy): tulis tanggal dengan hari lebih dulu (dd/mm/yyyy) atau YYYY-MM-DD"},
    "err.roster_date_short_year": {"en": "a two-digit year: write all four digits", "id": "tahun dua digit: tulis keempat digitnya"},
    "err.roster_future": {"en": "a date in the future", "id": "tanggal di masa depan"},
    "err.roster_case_id": {"en": "not a valid case id: 1–64 letters, digits, '-' or '_'", "id": "bukan id kasus yang valid: 1–64 huruf, angka, '-' atau '_'"},
    "err.roster_case_id_twice": {"en": "the same case id as row {rows}: each family needs its own", "id": "id kasus sama dengan baris {rows}: setiap keluarga memerlukan id sendiri"},
    "err.roster_case_id_taken": {"en": "the case id {id} is already used by another case file in the folder", "id": "id kasus {id} sudah dipakai berkas kasus lain di folder ini"},
    "err.roster_member": {
        "en": "household member {n} cannot be read: write 'Name (relation, L/P, year or date, NIK)', members separated by ';'",
        "id": "anggota keluarga ke-{n} tidak dapat dibaca: tulis 'Nama (hubungan, L/P, tahun atau tanggal lahir, NIK)', antaranggota dipisah ';'"},
    "err.roster_member_future": {"en": "household member {n} is born in the future", "id": "anggota keluarga ke-{n} lahir di masa depan"},
    "err.roster_dup_kk": {"en": "the same KK number as row(s) {rows}: none of these rows is imported (never merged); correct the roster",
                          "id": "nomor KK sama dengan baris {rows}: tidak satu pun baris ini diimpor (tidak pernah digabung); perbaiki daftar"},
    "err.roster_dup_nik": {"en": "the same NIK as row(s) {rows}: none of these rows is imported (never merged); correct the roster",
                           "id": "NIK sama dengan baris {rows}: tidak satu pun baris ini diimpor (tidak pernah digabung); perbaiki daftar"},
    "err.roster_kk_cases": {"en": "this KK number is in several cases ({cases}): settle which one is the family's, then import again",
                            "id": "nomor KK ini ada di beberapa kasus ({cases}): tentukan mana kasus keluarga ini, lalu impor lagi"},
    "err.roster_nik_case": {"en": "this NIK is already in the case of another family ({cases}): never merged; check both",
                            "id": "NIK ini sudah ada di kasus keluarga lain ({cases}): tidak pernah digabung; periksa keduanya"},
    # ---- places and the preview
    "roster.at_row": {"en": "row {row}", "id": "baris {row}"},
    "roster.at_cell": {"en": "row {row}, column {col} ({header})", "id": "baris {row}, kolom {col} ({header})"},
    "roster.read": {"en": "{path}: {rows} row(s) read from row {header}; {empty} empty row(s) skipped",
                    "id": "{path}: {rows} baris dibaca mulai baris {header}; {empty} baris kosong dilewati"},
    "roster.columns": {"en": "columns: {columns}", "id": "kolom: {columns}"},
    "roster.ignored": {"en": "columns not imported: {columns}", "id": "kolom yang tidak diimpor: {columns}"},
    "roster.merged": {"en": "merged cells read as the same value in each row: {ranges}", "id": "sel gabungan dibaca sebagai nilai yang sama di setiap baris: {ranges}"},
    "roster.headings": {"en": "section heading rows skipped: {rows}", "id": "baris judul bagian dilewati: {rows}"},
    "roster.encoding": {"en": "text encoding: {encoding}", "id": "pengodean teks: {encoding}"},
    "roster.new": {"en": "new case {id} ({people} person(s) in the household)", "id": "kasus baru {id} ({people} orang dalam rumah tangga)"},
    "roster.changed": {"en": "{id}: would change {fields}", "id": "{id}: akan mengubah {fields}"},
    "roster.changed_done": {"en": "{id}: changed {fields}", "id": "{id}: diubah {fields}"},
    "roster.closed": {"en": "{id}: the roster differs ({fields}) but the case is closed: left alone (reopen it first)",
                      "id": "{id}: daftar berbeda ({fields}) tetapi kasus sudah ditutup: dibiarkan (buka kembali dulu)"},
    "roster.unreadable_case": {"en": "{path}: could not be read, so not matched against the roster ({problem}); run `intervensi check`",
                               "id": "{path}: tidak dapat dibaca, jadi tidak dicocokkan dengan daftar ({problem}); jalankan `intervensi check`"},
    "roster.summary_preview": {"en": "Preview: {new} new case(s), {changed} case(s) to change, {same} unchanged, {bad} row(s) with problems. Nothing written: add --yes to apply.",
                               "id": "Pratinjau: {new} kasus baru, {changed} kasus akan diubah, {same} tidak berubah, {bad} baris bermasalah. Belum ada yang ditulis: tambahkan --yes untuk menerapkan."},
    "roster.summary_done": {"en": "Imported: {new} case(s) created, {changed} changed, {same} unchanged, {bad} row(s) left out, {failed} failed.",
                            "id": "Diimpor: {new} kasus dibuat, {changed} diubah, {same} tidak berubah, {bad} baris tidak diimpor, {failed} gagal."},
    "roster.nothing": {"en": "Nothing to do: every family in the roster already has its case, as the roster says.",
                       "id": "Tidak ada yang perlu dilakukan: setiap keluarga dalam daftar sudah memiliki kasus yang sesuai dengan daftar."},
    "roster.confirm": {"en": "Apply these changes?", "id": "Terapkan perubahan ini?"},
    "roster.declined": {"en": "Nothing written.", "id": "Tidak ada yang ditulis."},
    "roster.no_tty": {"en": "Not asking: the input is not a terminal. Run again with --yes to apply.",
                      "id": "Tidak bertanya: masukan bukan terminal. Jalankan lagi dengan --yes untuk menerapkan."},
    "roster.failed": {"en": "{path}: not written: {reason}", "id": "{path}: tidak ditulis: {reason}"},
    "roster.progress_read": {"en": "reading cases and the roster", "id": "membaca kasus dan daftar"},
    "roster.progress_write": {"en": "writing cases", "id": "menulis kasus"},
}


def register() -> None:
    from .i18n import CATALOG

    CATALOG.update(MESSAGES)


__all__ = ["MESSAGES", "register"]
