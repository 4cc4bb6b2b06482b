"""Demo: ASN register rows, pledges, a socialisation event and a few cases in Kota Tebing Tinggi
(12.76). Names are invented; agencies and places are real. Idempotent: skipped when present."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from pemilu.accounts.models import User

REGISTER = """nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah
197305121998031004,Drs. Hasan Basri Lubis,Pemerintah Kota Tebing Tinggi,Sekretaris Daerah,PNS,12.76
198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01
198809102015031002,Rudi Hartono Nasution,Kecamatan Padang Hulu,Kepala Seksi Pemerintahan,PNS,12.76.01
197912012005011006,Ahmad Syahputra,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006
199502142022032009,Sri Wahyuni,Kelurahan Persiakan,Pengadministrasi Umum,PPPK,12.76.01.1006
198606062010012014,Budi Santoso Harahap,Kelurahan Bandar Sono,Lurah,PNS,12.76.01.1007
198212122009022003,Fitri Handayani,Kecamatan Bajenis,Sekretaris Camat,PNS,12.76.04
199001052019031005,Dedi Kurniawan,Kelurahan Pelita,Lurah,PNS,12.76.04.1002
199707072023212001,Rahmawati,Kelurahan Pelita,Penata Layanan Operasional,PPPK,12.76.04.1002
,Sutrisno,Kelurahan Pelita,Petugas Kebersihan,non_asn_apbd,12.76.04.1002
"""


def load(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality import actions, outreach
    from pemilu.neutrality.intake import ReportIn
    from pemilu.neutrality.models import Case, Category, Pledge, SocialisationEvent

    election = get_or_create_pemilu_2024()
    r = import_employees(REGISTER.encode(), actor=actor, filename="demo-asn.csv")
    out(f"Register ASN: {r.created} baru, {r.updated} diperbarui")
    D = datetime.date
    signed = ["197305121998031004", "198104232006042011", "197912012005011006", "199502142022032009",
              "198212122009022003", "199001052019031005"]
    for nip in signed:
        employee = AsnEmployee.objects.get(nip=nip)
        if not Pledge.objects.filter(election=election, employee=employee).exists():
            outreach.do_record_pledge(election, employee, D(2023, 11, 30), actor=actor)
    if not SocialisationEvent.objects.filter(election=election, kab_code="12.76").exists():
        event = outreach.do_create_event(outreach.EventData(
            election, "12.76", D(2023, 11, 30), "Aula Balai Kota Tebing Tinggi", "KPU Kota Tebing Tinggi",
            "ASN kecamatan dan kelurahan",
            "UU 5/2014; PP 94/2021 Pasal 5 huruf n; SKB 5 lembaga 22 September 2022"), actor=actor)
        outreach.import_attendance(event, ("nama,nip,instansi\n" + "\n".join(
            f"{e.name},{e.nip}," for e in AsnEmployee.objects.filter(kab_code="12.76").exclude(nip=""))).encode(),
            actor=actor, filename="hadir.csv")
    out(f"Ikrar: {Pledge.objects.filter(election=election).count()}; sosialisasi: "
        f"{SocialisationEvent.objects.filter(election=election).count()}")
    if Case.objects.filter(election=election, kab_code="12.76").exists():
        return
    code = election.code

    def base(region_code: str, category: str, description: str, event_date: datetime.date,
             known_on: datetime.date, place: str, suspect_name: str, suspect_nip: str, suspect_agency: str,
             links: list[str], is_anonymous: bool, reporter_name: str = "", reporter_contact: str = "") -> ReportIn:
        return ReportIn(election=code, region_code=region_code, category=Category(category), description=description,
                        event_date=event_date, known_on=known_on, place=place, suspect_name=suspect_name,
                        suspect_nip=suspect_nip, suspect_agency=suspect_agency, links=links,
                        is_anonymous=is_anonymous, reporter_name=reporter_name, reporter_contact=reporter_contact)

    # 1. Proven, referred, sanctioned: a lurah at a campaign rally (PP 94/2021 Pasal 5 huruf n angka 1).
    a = actions.submit_report(base("12.76.01", "asn_neutrality",
                                   "Lurah Persiakan hadir dan berorasi di kampanye terbuka calon DPRD.",
                                   D(2024, 1, 20), D(2024, 1, 20), "Lapangan Sri Mersing", "Ahmad Syahputra",
                                   "197912012005011006", "Kelurahan Persiakan",
                                   ["https://example.org/video/kampanye-persiakan"], False, "Warga Persiakan",
                                   "0812-0000-0001"), [], received_on=D(2024, 1, 22)).report.case
    a = actions.do_register_case(a, actor=actor, on=D(2024, 1, 23))
    a = actions.do_examine_case(a, actor=actor, on=D(2024, 1, 25), note="Klarifikasi terlapor dan dua saksi")
    a = actions.do_decide_case(a, "proven", actor=actor, on=D(2024, 1, 29), breach="n1_kampanye")
    # The suspect is a PNS in the register: BKN and the Pejabat Pembina Kepegawaian (KASN's task moved to BKN).
    a = actions.do_refer_case(a, "bkn", actor=actor, on=D(2024, 1, 30), note="Rekomendasi ke BKN dan PPK")
    actions.do_record_outcome(a, actor=actor, sanction_level="sedang", sanction_type="tukin_25_6",
                              on=D(2024, 3, 4), note="Keputusan Wali Kota")
    # 2. The same event reported again (duplicate → linked).
    actions.submit_report(base("12.76.01", "asn_neutrality", "Lurah ikut kampanye di lapangan.",
                               D(2024, 1, 20), D(2024, 1, 21), "Lapangan Sri Mersing", "Ahmad Syahputra, S.Sos",
                               "", "", [], True), [], received_on=D(2024, 1, 23))
    # 3. Social-media support, registered and under examination (extended).
    b = actions.submit_report(base("12.76.04", "asn_neutrality",
                                   "Mengunggah dan menyukai foto calon presiden di Facebook dengan seragam dinas.",
                                   D(2024, 2, 1), D(2024, 2, 2), "Media sosial (Facebook)", "Dedi Kurniawan",
                                   "199001052019031005", "Kelurahan Pelita",
                                   ["https://example.org/facebook/post/123"], True), [],
                              received_on=D(2024, 2, 5)).report.case
    b = actions.do_register_case(b, actor=actor, on=D(2024, 2, 6))
    b = actions.do_examine_case(b, actor=actor, on=D(2024, 2, 8))
    actions.do_extend_case(b, actor=actor, reason="Menunggu keterangan BKPSDM Kota Tebing Tinggi")
    # 4. Late: known Thu 1 Feb, reported Mon 19 Feb → rejected with the reason. The 7 working days
    #    (UU 7/2017 Pasal 454(6)) skip 8 Feb (Isra Mikraj), 9 Feb (cuti bersama Imlek) and 14 Feb
    #    (voting day): the last day was Thu 15 Feb.
    c = actions.submit_report(base("12.76.05", "campaign",
                                   "Spanduk calon dipasang di pagar kantor kelurahan.", D(2024, 1, 31),
                                   D(2024, 2, 1), "Kantor Kelurahan Pasar Baru", "", "", "", [], True), [],
                              received_on=D(2024, 2, 19)).report.case
    actions.do_reject_case(c, "late", actor=actor, note="Melewati 7 hari kerja sejak diketahui")
    # 5. Just received, not yet reviewed.
    actions.submit_report(base("12.76.02", "other",
                               "Pembagian sembako dengan stiker calon di depan kantor camat.",
                               D(2024, 2, 9), D(2024, 2, 9), "Kantor Camat Rambutan", "", "", "", [], False,
                               "Pemantau", "pemantau@example.org"), [], received_on=D(2024, 2, 10))
    out(f"Kasus netralitas: {Case.objects.filter(election=election).count()}")
