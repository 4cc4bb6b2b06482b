"""A candidacy test world: Kota Tebing Tinggi's three DPRD Kota dapil (seats.demo_dprd: dapil 2 =
Padang Hulu + Bajenis, 10 seats), a DPRD Sumatera Utara dapil covering the city, the 2024
parties, and two liaison officers of KPU Kota Tebing Tinggi (Golkar, PDIP)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.candidacy.actions import CandidateIn, do_appoint_liaison
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.results.models import Dapil, DistrictKind, Party
from pemilu.results.reference import do_import_reference
from pemilu.seats import demo_dprd
from pemilu.testing.factories import Cast, make_user
from pemilu.voters.rules import compose_nik

KEY = "candidacy-test-key-0123456789abcdefghijkl"
PROV_DAPIL = "DPRD PROVINSI,120009,SUMATERA UTARA 9,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,10\n"


@dataclass
class World:
    election: Election
    dapil: Dapil          # DPRD Kota Tebing Tinggi 2 (Padang Hulu + Bajenis), 10 seats
    other_dapil: Dapil    # DPRD Kota Tebing Tinggi 1
    prov_dapil: Dapil     # DPRD Provinsi Sumatera Utara 9
    golkar: Party
    pdip: Party
    liaison_golkar: User
    liaison_pdip: User


def make_world(cast: Cast) -> World:
    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=(demo_dprd.dapil_csv() + PROV_DAPIL).encode(),
                        parties_file=demo_dprd.parties_csv().encode(), actor=get_system_user())
    golkar, pdip = Party.objects.get(election=election, ballot_no=4), Party.objects.get(election=election, ballot_no=3)
    liaison_golkar, liaison_pdip = make_user("lo_golkar"), make_user("lo_pdip")
    do_appoint_liaison(liaison_golkar, golkar, "12.76", actor=cast.kpu_admin_a, reason="surat DPD Golkar")
    do_appoint_liaison(liaison_pdip, pdip, "12.76", actor=cast.kpu_admin_a, reason="surat DPC PDIP")
    dapils = Dapil.objects.filter(election=election)
    return World(election, dapils.get(district=DistrictKind.DAPIL_KAB, code="127602"),
                 dapils.get(district=DistrictKind.DAPIL_KAB, code="127601"),
                 dapils.get(district=DistrictKind.DAPIL_PROV, code="120009"), golkar, pdip, liaison_golkar,
                 liaison_pdip)


def candidate(number: int, *, woman: bool, serial: int, name: str = "", sex: str = "") -> CandidateIn:
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=37 * serial)
    return CandidateIn(number=number, name=name or f"Calon {serial}", sex=sex or ("P" if woman else "L"),
                       nik=compose_nik("127601", born, woman, serial), birth_date=born,
                       domicile_code="12.76.01", domicile="Jl. Sudirman, Tebing Tinggi")


def slate(women: str, *, start: int = 1) -> list[CandidateIn]:
    """A list from a pattern such as ``"LPLLPL"`` (nomor urut 1, 2, …); NIK serials from ``start``."""
    return [candidate(i + 1, woman=s == "P", serial=start + i) for i, s in enumerate(women)]
