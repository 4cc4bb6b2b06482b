"""What each audit event type is called on the pages (issue 20 item 8): one registry, so the
audit trail says "C.Hasil diisi", not ``results.entered``. ``audit/tests/test_event_types.py``
fails when an event type the code records has no label here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_LABELS: dict[str, Promise] = {
    # accounts
    "accounts.activated": _("Akun diaktifkan"),
    "accounts.activation_code_issued": _("Kode aktivasi diterbitkan"),
    "accounts.activation_code_emailed": _("Kode aktivasi dikirim lewat e-mel"),
    "accounts.nik_set": _("NIK pengguna dicatat"),
    "accounts.role_granted": _("Peran diberikan"),
    "accounts.role_revoked": _("Peran dicabut"),
    "accounts.token_created": _("Token API dibuat"),
    "accounts.token_revoked": _("Token API dicabut"),
    "accounts.user_created": _("Pengguna dibuat"),
    # adhoc
    "adhoc.announced": _("Hasil seleksi diumumkan"),
    "adhoc.announcement_rendered": _("Dokumen pengumuman disusun"),
    "adhoc.applicant_registered": _("Pelamar terdaftar"),
    "adhoc.applicant_verified": _("Berkas pelamar diteliti"),
    "adhoc.applicant_withdrawn": _("Pelamar mengundurkan diri"),
    "adhoc.applicants_imported": _("Pelamar diimpor"),
    "adhoc.applicants_verified": _("Berkas pelamar diteliti (sekaligus)"),
    "adhoc.appointed": _("Anggota ditetapkan"),
    "adhoc.comment_followed_up": _("Tanggapan masyarakat ditindaklanjuti"),
    "adhoc.comment_received": _("Tanggapan masyarakat diterima"),
    "adhoc.continue_below_minimum": _("Dilanjutkan walau pendaftar di bawah minimal"),
    "adhoc.document_uploaded": _("Dokumen pelamar diunggah"),
    "adhoc.eligibility_evaluated": _("Syarat pelamar diperiksa"),
    "adhoc.eligibility_rule_set": _("Aturan syarat diubah"),
    "adhoc.inaugurated": _("Anggota dilantik"),
    "adhoc.interview_score_set": _("Nilai wawancara dicatat"),
    "adhoc.interview_scores_imported": _("Nilai wawancara diimpor"),
    "adhoc.member_access_granted": _("Akun anggota diberi akses"),
    "adhoc.member_replaced": _("Anggota diganti (PAW)"),
    "adhoc.party_list_imported": _("Daftar anggota partai diimpor"),
    "adhoc.profile_updated": _("Profil pelamar diubah"),
    "adhoc.recruitment_created": _("Rekrutmen dibuat"),
    "adhoc.registration_closed": _("Pendaftaran ditutup"),
    "adhoc.registration_extended": _("Pendaftaran diperpanjang"),
    "adhoc.registration_opened": _("Pendaftaran dibuka"),
    "adhoc.registration_reopened": _("Pendaftaran dibuka kembali"),
    "adhoc.rules_set": _("Ketentuan rekrutmen diubah"),
    "adhoc.service_history_imported": _("Riwayat masa jabatan diimpor"),
    "adhoc.stage_advanced": _("Tahap rekrutmen berlanjut"),
    "adhoc.work_extended": _("Masa kerja diperpanjang"),
    "adhoc.written_score_set": _("Nilai tes tertulis dicatat"),
    "adhoc.written_scores_imported": _("Nilai tes tertulis diimpor"),
    # asn
    "asn.employee_created": _("Pegawai ASN ditambahkan"),
    "asn.imported": _("Register ASN diimpor"),
    # neutrality
    "neutrality.attendance_imported": _("Daftar hadir sosialisasi diimpor"),
    "neutrality.case_decided": _("Kasus diputus"),
    "neutrality.case_examined": _("Kasus diperiksa"),
    "neutrality.case_extended": _("Batas waktu kasus diperpanjang"),
    "neutrality.case_received": _("Kasus diterima"),
    "neutrality.case_referred": _("Kasus diteruskan"),
    "neutrality.case_registered": _("Kasus diregistrasi"),
    "neutrality.case_rejected": _("Kasus ditolak"),
    "neutrality.event_created": _("Sosialisasi dicatat"),
    "neutrality.finding_recorded": _("Temuan dicatat"),
    "neutrality.holidays_imported": _("Hari libur diimpor"),
    "neutrality.outcome_recorded": _("Tindak lanjut putusan dicatat"),
    "neutrality.pledge_recorded": _("Ikrar netralitas dicatat"),
    "neutrality.report_filed": _("Laporan masyarakat diterima"),
    "neutrality.report_linked": _("Laporan digabung ke kasus"),
    "neutrality.rules_set": _("Ketentuan netralitas diubah"),
    "neutrality.suspect_set": _("Terlapor dicatat"),
    # regions
    "regions.imported": _("Wilayah diimpor"),
    "regions.tps_imported": _("TPS diimpor"),
    # results
    "results.candidates_imported": _("Calon diimpor"),
    "results.contest_created": _("Jenis pemilihan dibuat"),
    "results.corrected": _("C.Hasil dikoreksi"),
    "results.entered": _("C.Hasil diisi"),
    "results.imported": _("C.Hasil diimpor"),
    "results.photo_attached": _("Foto C.Hasil dilampirkan"),
    "results.plenary_attendance": _("Daftar hadir pleno dicatat"),
    "results.plenary_locked": _("Pleno rekapitulasi dikunci"),
    "results.plenary_record": _("Catatan pleno dibuat"),
    "results.plenary_reopened": _("Pleno rekapitulasi dibuka kembali"),
    "results.recap_sheet_entered": _("Lembar rekapitulasi diisi"),
    "results.reference_imported": _("Data pembanding diimpor"),
    "results.resolved": _("Selisih dua entri C.Hasil diputuskan"),
    "results.second_entry": _("C.Hasil diisi kedua kali"),
    "results.sent_back": _("C.Hasil dikembalikan untuk diperbaiki"),
    "results.verified": _("C.Hasil diverifikasi"),
    # schedule
    "schedule.imported": _("Jadwal diimpor"),
    "schedule.loaded": _("Jadwal dimuat"),
    "schedule.local_window_deleted": _("Jadwal lokal dihapus"),
    "schedule.local_window_set": _("Jadwal lokal diatur"),
    "schedule.stage_updated": _("Tahapan diubah"),
    # seats
    "seats.allocated": _("Kursi dihitung"),
    "seats.decree_published": _("Keputusan penetapan kursi dan calon terpilih diumumkan"),
    "seats.member_replaced": _("Anggota terpilih diganti (PAW)"),
    # secretariats
    "secretariats.assigned": _("Sekretariat ditugaskan"),
    "secretariats.candidate_proposed": _("Calon sekretariat diusulkan"),
    "secretariats.candidate_withdrawn": _("Usulan calon ditarik"),
    "secretariats.composition_set": _("Susunan sekretariat diubah"),
    "secretariats.document_uploaded": _("Dokumen sekretariat diunggah"),
    "secretariats.formed": _("Sekretariat dibentuk"),
    "secretariats.imported": _("Penugasan sekretariat diimpor"),
    "secretariats.office_updated": _("Kantor sekretariat diubah"),
    "secretariats.pakta_recorded": _("Pakta integritas dicatat"),
    "secretariats.penetapan_set": _("Penetapan KPU dicatat"),
    "secretariats.picked": _("Keputusan penunjukan dicatat"),
    "secretariats.proposal_forwarded": _("Usulan diteruskan ke lurah/kepala desa"),
    "secretariats.removed": _("Sekretariat diberhentikan"),
    # voters
    "voters.coklit_recorded": _("Hasil coklit dicatat"),
    "voters.dp4_imported": _("DP4 diimpor"),
    "voters.duplicate_decided": _("Pasangan data ganda diputuskan"),
    "voters.duplicates_searched": _("Pencarian data ganda dijalankan"),
    "voters.dps_announced": _("DPS diumumkan"),
    "voters.dpt_attendance": _("Daftar hadir pleno penetapan DPT dicatat"),
    "voters.dpt_set": _("DPT ditetapkan dalam rapat pleno"),
    "voters.list_compiled": _("Daftar pemilih disusun"),
    "voters.nik_viewed": _("NIK pemilih dilihat"),
    "voters.response_recorded": _("Tanggapan masyarakat atas DPS diterima"),
    "voters.response_resolved": _("Tanggapan masyarakat atas DPS diselesaikan"),
    "voters.voter_added": _("Pemilih ditambahkan"),
}


def event_label(event_type: str) -> str:
    """The label of an event type; an unknown type (a row written by an older version) shows as
    itself rather than nothing."""
    label = EVENT_LABELS.get(event_type)
    return str(label) if label is not None else event_type
