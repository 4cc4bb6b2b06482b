"""Demo: the DPRD Kota Tebing Tinggi candidacy (issue 23), whose DCT is the ballot of the demo's
count (seats/demo_dprd.py enters its C.Hasil afterwards, from the contests the DCT wrote).

Real: the three dapil, the 2024 parties and their ballot numbers. **Synthetic, and labelled so**:
three candidates per list ("Calon … (sintetis)", nomor urut 2 a woman), their NIKs and birth dates,
the responses, documents and DPD supporters. Every step goes through the actions as the people
would take them: KPU Kota imports the lists as submitted (SILON's export), Partai Gelora's liaison
officer (``penghubung.gelora``) submits its own, KPU Kota's staff verify and its administrator
announces the DCS and sets the DCT by decree. Most lists reach the DCT; in dapil 3 a few of the
smallest parties' lists are kept at earlier stages to show the workflow — two submitted (BCS), one
returned for correction, two DCS with a public response — so dapil 3's ballot specimen is held
(those parties are on its ballot without candidates; none of them wins a seat there). The DPD of
Sumatera Utara has its DPT and two bakal calon with a few supporters each (one duplicate across
them, one a TNI member). NIKs are stored under ``PEMILU_VOTER_KEY`` (``python3 tasks.py demo`` sets
a demo key); without it the loader says so and stops, and the count gets the same names through
the results' import. Idempotent: a second run finds the lists and stops."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from pemilu.accounts.models import User
from pemilu.candidacy import actions, documents, dpd_actions, responses
from pemilu.candidacy.importer import do_import_lists
from pemilu.candidacy.models import CandidateList, ListStatus
from pemilu.core import clock
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.results.models import Dapil, DistrictKind, Party
from pemilu.seats.demo_dprd import CANDIDATES_PER_LIST, DAPIL, PARTIES, SEXES, candidate_name
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

LIAISON = "penghubung.gelora"  # core.demo.DEMO_USERS gives the login; the post is appointed here
LIAISON_PARTY = 7  # GELORA
# Dapil 3's lists kept before the DCT (party ballot number → stage); all of them parties that win
# no seat in the demo's votes.
HELD = {11: ListStatus.BCS, 24: ListStatus.BCS, 13: ListStatus.CORRECTION, 9: ListStatus.DCS, 7: ListStatus.DCS}
HELD_DAPIL = "127603"
DCT_DECREE = ("Keputusan KPU Kota Tebing Tinggi Nomor 120 Tahun 2023 (contoh)", datetime.date(2023, 11, 3))
# Kecamatan of each dapil (the candidates' domicile, in their NIK).
KEC = {code: [k for k, _name in areas] for code, (_n, _s, areas) in DAPIL.items()}
HEADER = "kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir,kode_domisili,domisili\n"


def _n(key: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % (hi - lo + 1)


def roster(dapil: str, party: int, abbr: str) -> list[actions.CandidateIn]:
    """A list's three synthetic candidates (serials unique across the demo's lists)."""
    out = []
    for k in range(1, CANDIDATES_PER_LIST + 1):
        woman = SEXES[k - 1] == "P"
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=_n(f"{dapil}:{party}:{k}", 0, 25 * 365))
        kec = KEC[dapil][(party + k) % len(KEC[dapil])]
        serial = int(dapil[-1]) * 1000 + party * 10 + k
        out.append(actions.CandidateIn(
            number=k, name=candidate_name(abbr, dapil, k), sex="P" if woman else "L",
            nik=compose_nik(kec, born, woman, serial), birth_date=born,
            domicile_code=f"{kec[:2]}.{kec[2:4]}.{kec[4:]}", domicile="Kota Tebing Tinggi (sintetis)"))
    return out


def _import_csv() -> bytes:
    rows = [HEADER]
    for code in DAPIL:
        for number, abbr, _name, _w in PARTIES:
            if number == LIAISON_PARTY:
                continue  # Gelora's liaison officer submits its own
            rows += [f"{code},{number},{c.number},{c.name},{c.sex},{c.nik},{c.birth_date},{c.domicile_code},"
                     f"{c.domicile}\n" for c in roster(code, number, abbr)]
    return "".join(rows).encode()


def load(actor: User, out: Callable[[str], None]) -> None:
    try:
        crypto.keys()
    except crypto.VoterKeyMissing:
        out("Pencalonan dilewati: PEMILU_VOTER_KEY belum diatur (python3 tasks.py demo mengaturnya); "
            "calon DPRD Kota dari impor hasil")
        return
    election = get_or_create_pemilu_2024()
    dapils = {d.code: d for d in Dapil.objects.filter(election=election, district=DistrictKind.DAPIL_KAB,
                                                      code__in=list(DAPIL))}
    if CandidateList.objects.filter(dapil__in=dapils.values()).exists():
        out("Pencalonan DPRD Kota Tebing Tinggi: sudah dimuat")
        return
    kpu, staff = User.objects.get(username="kpu.tebingtinggi"), User.objects.get(username="staf.tebingtinggi")
    parties = {p.ballot_no: p for p in Party.objects.filter(election=election)}
    liaison = User.objects.get(username=LIAISON)
    actions.do_appoint_liaison(liaison, parties[LIAISON_PARTY], "12.76", actor=kpu,
                               reason="Surat DPD Partai Gelora Kota Tebing Tinggi (contoh)")
    do_import_lists(election, _import_csv(), level="dprd-kabkota", actor=kpu, filename="silon-dprd-kota-sintetis.csv")
    for code, dapil in dapils.items():
        actions.do_submit_list(parties[LIAISON_PARTY], dapil, roster(code, LIAISON_PARTY, "GELORA"), actor=liaison)
    lists = list(CandidateList.objects.filter(dapil__in=dapils.values()).select_related("dapil", "party")
                 .order_by("dapil__code", "party__ballot_no"))
    held = {lst.pk: HELD[lst.party.ballot_no] for lst in lists
            if lst.dapil.code == HELD_DAPIL and lst.party.ballot_no in HELD}
    for lst in lists:
        stage = held.get(lst.pk, ListStatus.DCT)
        if stage == ListStatus.BCS:
            continue
        if stage == ListStatus.CORRECTION:
            actions.do_verify_documents(lst, actor=staff, verified=False,
                                        correction_due=clock.today() + datetime.timedelta(days=7),
                                        note="Surat keterangan sehat calon nomor urut 2 belum dilampirkan (contoh).")
            continue
        actions.do_verify_documents(lst, actor=staff, verified=True)
        actions.do_announce_dcs(lst, actor=kpu)
    for lst in lists:
        lst.refresh_from_db(fields=["status"])
    dcs = {lst.party.ballot_no: lst for lst in lists if held.get(lst.pk) == ListStatus.DCS}
    _responses(dcs, lists, kpu, liaison)
    _documents(lists, dcs[LIAISON_PARTY], staff)
    for lst in lists:
        if lst.pk not in held:
            actions.do_set_dct(lst, actor=kpu, decree_no=DCT_DECREE[0], decree_date=DCT_DECREE[1])
    _dpd(election, actor)
    n_dct = len(lists) - len(held)
    out(f"Pencalonan DPRD Kota Tebing Tinggi: {len(lists)} daftar calon sintetis, {n_dct} DCT (surat suara "
        f"penghitungan), dapil 3: 2 BCS, 1 perbaikan, 2 DCS dengan tanggapan; penghubung Partai Gelora "
        f"{LIAISON}; DPD Sumatera Utara: 2 bakal calon dengan pendukung (/pencalonan/, /pencalonan/surat-suara/)")


def _responses(dcs: dict[int, CandidateList], lists: list[CandidateList], kpu: User, liaison: User) -> None:
    """A response on each DCS of dapil 3 (Gelora's waits for its liaison officer's reply; PKN's is
    answered by the party); on a list now in the DCT, one dismissed by KPU Kota before its decree."""
    asked = responses.do_record_response(
        dcs[LIAISON_PARTY], candidate_number=1, respondent_name="Warga Rambutan (contoh)",
        respondent_nik=compose_nik("127602", datetime.date(1979, 5, 14), False, 41),
        respondent_contact="081200000041",
        content="Calon nomor urut 1 disebut masih menjabat perangkat kelurahan; mohon diperiksa SK pemberhentiannya.")
    assert asked.pk
    responses.do_record_response(
        dcs[9], candidate_number=2, respondent_name="Pemantau warga (contoh)",
        respondent_nik=compose_nik("127602", datetime.date(1985, 9, 2), True, 42), respondent_contact="warga@contoh.id",
        content="Alamat domisili calon nomor urut 2 berbeda dengan KTP.")
    golkar = next(lst for lst in lists if lst.party.ballot_no == 4 and lst.dapil.code == "127601")
    dismissed = responses.do_record_response(
        golkar, candidate_number=3, respondent_name="Warga Padang Hilir (contoh)",
        respondent_nik=compose_nik("127603", datetime.date(1990, 1, 20), False, 43), respondent_contact="081200000043",
        content="Calon nomor urut 3 diduga belum berusia 21 tahun.")
    responses.do_resolve_response(dismissed, actor=kpu, upheld=False,
                                  reason="Akta kelahiran dan KTP-el menunjukkan usia di atas 21 tahun (contoh).")


def _documents(lists: list[CandidateList], held: CandidateList, staff: User) -> None:
    """Gelora's: the documents checklist of its dapil 3 list (two checked, one awaiting a
    correction), and the CV consent of its dapil 1 candidates (one withheld)."""
    documents.do_open_checklist(held, due=datetime.date(2023, 8, 10), actor=staff)
    first = list(held.candidates.get(number=1).documents.order_by("kind"))
    for doc in first[:2]:
        documents.do_record_document(doc, outcome="ms", submitted_on=datetime.date(2023, 5, 12), actor=staff)
    if len(first) > 2:
        documents.do_record_document(first[2], outcome="bms", note="Legalisir ijazah belum ada (contoh).",
                                     due=clock.today() + datetime.timedelta(days=7), actor=staff)
    lst = next(lst for lst in lists if lst.party.ballot_no == LIAISON_PARTY and lst.dapil.code == "127601")
    for c, publish in zip(lst.candidates.order_by("number"), (True, False, True), strict=False):
        documents.do_record_cv_consent(c, publish=publish, stated_on=datetime.date(2023, 5, 12), actor=staff)


DPD_CANDIDATES = [("Bakal Calon DPD Contoh A (sintetis)", "L", datetime.date(1970, 3, 8), 61),
                  ("Bakal Calon DPD Contoh B (sintetis)", "P", datetime.date(1976, 11, 21), 62)]
SUPPORT_HEADER = "nik,nama,kode_wilayah,tanggal_lahir,jenis_kelamin,status_perkawinan,pekerjaan\n"


def _supporters(index: int, desa: list[str]) -> bytes:
    """Eight synthetic supporters of bakal calon ``index``; B's list repeats A's first (a duplicate
    across candidates) and A's last is a TNI member (not eligible)."""
    rows = [SUPPORT_HEADER]
    for k in range(1, 9):
        serial = 1 if index == 1 and k == 1 else index * 100 + k
        woman = k % 2 == 0 and serial != 1
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=_n(f"dpd:{serial}", 0, 30 * 365))
        region = desa[serial % len(desa)]
        nik = compose_nik(region.replace(".", "")[:6], born, woman, 500 + serial)
        job = "tni" if index == 0 and k == 8 else "lainnya"
        rows.append(f"{nik},Pendukung {serial} (sintetis),{region},{born},{'P' if woman else 'L'},S,{job}\n")
    return "".join(rows).encode()


def _dpd(election: Election, actor: User) -> None:
    """Sumatera Utara's DPD: its DPT (which sets the support needed) and two bakal calon."""
    province = Region.objects.filter(code="12").first()
    if province is None:
        return
    prov = dpd_actions.do_set_dpd_province(election, province, dpt=10_853_940,
                                           dpt_source="DPT Pemilu 2024 Provinsi Sumatera Utara (contoh)", actor=actor)
    desa = list(Region.objects.filter(kab_code="12.76", level=4).order_by("code").values_list("code", flat=True))
    for index, (name, sex, born, serial) in enumerate(DPD_CANDIDATES):
        cand = dpd_actions.do_register_dpd_candidate(
            prov, name=name, nik=compose_nik("127601", born, sex == "P", serial), sex=sex, birth_date=born, actor=actor)
        dpd_actions.do_import_supporters(cand, _supporters(index, desa), actor=actor,
                                         filename=f"dukungan-dpd-{index + 1}-sintetis.csv")
