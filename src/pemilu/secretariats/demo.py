"""Demo: the 40 secretariats of Kota Tebing Tinggi (5 kecamatan, 35 kelurahan), mostly staffed
from demo register rows, with a few gaps left for the gap list.

Names and NIPs are invented (deterministic); agencies and places are real. Idempotent: the
register rows are upserted, formation skips what exists, staffing runs only once.

Left open on purpose: PPK Padang Hulu (0 of 3; the browser test staffs it), PPS Persiakan
(3 candidates proposed and forwarded, no keputusan yet), PPS Pelita (only the sekretaris), PPS
Lalang and PPS Mandailing (2 of 3), and PPS Bandar Sono (one staf removed — berhalangan tetap)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from pemilu.accounts.models import User

KAB = "12.76"
FIRST = ("Ahmad", "Siti", "Rizky", "Dewi", "Hendra", "Nur", "Fajar", "Rina", "Agus", "Yusnita", "Bambang", "Lestari",
         "Irwan", "Maya", "Syahrul", "Wulan", "Darmawan", "Indah", "Zulkifli", "Ratna")
LAST = ("Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Damanik", "Saragih", "Pohan", "Tanjung", "Batubara",
        "Hasibuan", "Purba", "Manurung", "Simatupang", "Rangkuti")
POSITIONS_KEC = ("Sekretaris Camat", "Kepala Seksi Pemerintahan", "Kepala Seksi Trantib", "Pengadministrasi Keuangan",
                 "Pengelola Data")
POSITIONS_KEL = ("Sekretaris Lurah", "Kepala Seksi Pemerintahan", "Pengadministrasi Umum", "Pengelola Layanan")

OPEN_PPK = {"12.76.01"}                   # Padang Hulu: nobody yet
PROPOSED_ONLY = {"12.76.01.1006"}         # Persiakan: candidates proposed and forwarded
SECRETARY_ONLY = {"12.76.04.1002"}        # Pelita
ONE_STAF_SHORT = {"12.76.02.1009", "12.76.05.1001"}  # Lalang, Mandailing
REMOVED = "12.76.01.1007"                 # Bandar Sono: a staf removed after penetapan


def _nip(i: int, pppk: bool) -> str:
    born = datetime.date(1972 + i % 24, 1 + i % 12, 1 + i % 28)
    tmt = f"{2000 + i % 22}{1 + (i * 5) % 12:02d}" if not pppk else f"2023{1 + i % 9:02d}"
    return f"{born:%Y%m%d}{tmt}{1 + i % 2}{500 + i:03d}" if not pppk else f"{born:%Y%m%d}{tmt}2{700 + i % 300:03d}"


def register_rows(areas: list[tuple[str, str, int]]) -> list[tuple[str, str, str, str, str, str]]:
    """(nip, name, agency, position, type, region) for 5 people per kantor camat, 4 per kantor lurah."""
    rows = []
    i = 0
    for code, name, level in areas:
        titles = POSITIONS_KEC if level == 3 else POSITIONS_KEL
        agency = f"Kecamatan {name}" if level == 3 else f"Kelurahan {name}"
        for title in titles:
            pppk = title.startswith("Pengelola")
            rows.append((_nip(i, pppk), f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}", agency, title,
                         "PPPK" if pppk else "PNS", code))
            i += 1
    return rows


def load(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.regions.models import Region
    from pemilu.secretariats import actions, importer
    from pemilu.secretariats.models import Assignment, Secretariat

    election = get_or_create_pemilu_2024()
    areas = [(r.code, r.name, r.level) for r in Region.objects.filter(kab_code=KAB, level__in=(3, 4)).order_by("code")]
    if not areas:
        out("Sekretariat: wilayah 12.76 belum dimuat; dilewati")
        return
    rows = register_rows(areas)
    csv = "nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n" + "".join(",".join(r) + "\n" for r in rows)
    r = import_employees(csv.encode(), actor=actor, filename="demo-asn-sekretariat.csv")
    out(f"Register ASN (sekretariat): {r.created} baru, {r.updated} diperbarui")
    formed = actions.do_form_secretariats(election, KAB, actor=actor)
    out(f"Sekretariat: {formed.created} dibentuk, {formed.existing} sudah ada")
    if Assignment.objects.filter(election=election, secretariat__kab_code=KAB).exists():
        return
    people: dict[str, list[str]] = {}
    for nip, _name, _agency, _title, _type, code in rows:
        people.setdefault(code, []).append(nip)
    D = datetime.date
    lines = ["kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh"]
    for code, _name, level in areas:
        if code in OPEN_PPK or code in PROPOSED_ONLY:
            continue
        nips = people[code]
        if level == 3:
            seats = [("sekretaris", nips[0]), ("staf", nips[1]), ("staf", nips[3])]
            number, day, issuer = f"100.3.3/{int(code[-2:]):02d}/2023", "2023-01-06", "Wali Kota Tebing Tinggi"
        else:
            seats = [("sekretaris", nips[0]), ("staf", nips[1]), ("staf", nips[2])]
            number, day, issuer = f"800/{code[-4:]}/KEL/2023", "2023-01-20", ""
        if code in SECRETARY_ONLY:
            seats = seats[:1]
        elif code in ONE_STAF_SHORT:
            seats = seats[:2]
        lines += [f"{code},{kind},{nip},{number},{day},{issuer}" for kind, nip in seats]
    result = importer.import_assignments(election, ("\n".join(lines) + "\n").encode(), actor=actor,
                                        filename="demo-penugasan-sekretariat.csv")
    secs = {s.region_id: s for s in
            Secretariat.objects.filter(election=election, kab_code=KAB).select_related("region")}
    for seq, (_code, sec) in enumerate(sorted(secs.items()), start=1):
        if sec.body_kind == "ppk":
            actions.do_update_office(sec, actor=actor, office_name=sec.office_name,
                                     address=f"Kecamatan {sec.region.name}, Kota Tebing Tinggi", phone="", email="")
        if Assignment.objects.active().filter(secretariat=sec).exists():
            pen = actions.do_set_penetapan(sec, actor=actor, number=f"{seq}/PP.04-Kpt/1276/2023",
                                           date=D(2023, 1, 10) if sec.body_kind == "ppk" else D(2023, 1, 24))
            for a in Assignment.objects.active().filter(secretariat=sec):
                actions.do_record_pakta(a, actor=actor, signed_on=pen.date)
    removed = Assignment.objects.active().filter(secretariat=secs[REMOVED], position__kind="staf").last()
    if removed is not None:
        actions.do_remove(removed, actor=actor, reason="berhalangan_tetap", on=D(2023, 6, 1),
                          note="Pindah tugas ke luar Kota Tebing Tinggi")
    persiakan = secs[next(iter(PROPOSED_ONLY))]
    for kind, nip in (("sekretaris", people[persiakan.region_id][0]), ("sekretaris", people[persiakan.region_id][1]),
                      ("staf", people[persiakan.region_id][2])):
        actions.do_propose(persiakan, kind, AsnEmployee.objects.get(nip=nip), actor=actor, proposed_on=D(2023, 1, 18),
                           letter_number="005/PPS-PSK/I/2023")
    actions.do_forward(persiakan, actor=actor, on=D(2023, 1, 19))
    out(f"Penugasan sekretariat: {result.assigned} (dari {result.decisions} keputusan); "
        f"kursi terisi {Assignment.objects.active().filter(election=election).count()} dari "
        f"{3 * len(secs)}")
