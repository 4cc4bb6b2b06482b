"""Rows of the voter lists for the query-count test (test_list_queries.py): each adds the i-th row."""

from __future__ import annotations

import datetime
from typing import Any

D = datetime.date
PERSIAKAN = "12.76.01.1006"


def _dps_response(w: Any, i: int) -> None:
    from django.test import override_settings

    from pemilu.voters.models import DpsAnnouncement
    from pemilu.voters.responses import do_record_response
    from pemilu.voters.tests.conftest import ANNOUNCED_ON

    with override_settings(PEMILU_TODAY=ANNOUNCED_ON.isoformat()):  # inside the response window
        do_record_response(DpsAnnouncement.objects.get(pk=w.voters["announcement"]), actor=w.cast.pps_a1,
                           kind="belum_terdaftar", person_name=f"Orang {i}", details="Belum terdaftar di DPS.",
                           sender_name="Warga")



def _transfer(w: Any, i: int) -> None:
    """A DPTb transfer of a voter of Persiakan (rows written directly: registering one through
    ``do_register_transfer`` needs a set DPT and an open deadline, test_transfers.py)."""
    from pemilu.regions.models import Tps
    from pemilu.voters.models import Transfer, Voter, VoterTps

    voter = Voter(election=w.election, village_id="12.76.01.1006", nik_hash=f"{i:064d}", nik_sealed="-",
                  kk_hash=f"{i:064d}", kk_sealed="-", name=f"Pemilih {i}", birth_place="Medan",
                  birth_date=D(1990, 1, 1 + i), sex="L", marital="S", address="Jl. Uji", rt="001", rw="001")
    voter.set_scope_columns(voter.village_id)
    voter.save()
    VoterTps.objects.create(voter=voter, tps=Tps.objects.get(code="12.76.01.1006.001"))
    transfer = Transfer(election=w.election, voter=voter, origin_village_id=voter.village_id, origin_tps=voter.tps,
                        village_id="12.76.04.1002", tps=Tps.objects.get(code="12.76.04.1002.001"), reason="tugas",
                        ballots=["ppwp"], registered_on=D(2024, 1, 20), actor=w.cast.pps_a1)
    transfer.set_scope_columns(voter.village_id)
    transfer.save()


def _coklit_voter(w: Any, i: int) -> None:
    """A new voter in TPS area 001 of Persiakan (through ``insert_new_voter``: the world has compiled
    Persiakan's lists already, which closes the coklit to ``do_add_new_voter``)."""
    from pemilu.regions.models import Region, Tps
    from pemilu.voters.actions import insert_new_voter

    insert_new_voter(w.election, Region.objects.get(code=PERSIAKAN), {
        "nik": f"12760165020100{i:02d}", "no_kk": "1276010101200011", "nama": f"Baru {i}", "tempat_lahir": "Medan",
        "tanggal_lahir": "2001-02-25", "jenis_kelamin": "P", "status_kawin": "B", "alamat": "Jl. Melati 3",
        "rt": "001", "rw": "002", "kode_desa": PERSIAKAN}, actor=w.cast.pps_a1, evidence="uji",
        tps=Tps.objects.get(code=f"{PERSIAKAN}.001"))


def _duplicate(w: Any, i: int) -> None:
    """A pair in the duplicates queue: two voters of Persiakan under one NIK (rows written directly, as a
    search would: the search itself is test_duplicates.py's)."""
    from pemilu.voters import crypto
    from pemilu.voters.models import DuplicatePair, Voter

    nik, pair = f"12760141029000{i:02d}", []
    for side in range(2):
        kk = f"127601010120{side:02d}{i:02d}"
        voter = Voter(election=w.election, village_id=PERSIAKAN, nik_hash=crypto.number_hash(nik),
                      nik_sealed=crypto.seal(nik), kk_hash=crypto.number_hash(kk), kk_sealed=crypto.seal(kk),
                      name=f"Ganda {i}", birth_place="Medan",
                      birth_date=D(1990, 2, 1 + i), sex="P", marital="S", address="Jl. Uji", rt="001", rw="001")
        voter.set_scope_columns(PERSIAKAN)
        voter.save()
        pair.append(voter)
    dup = DuplicatePair(election=w.election, kind="identik", score=1.0, voter_a=pair[0], voter_b=pair[1])
    dup.set_scope_columns(PERSIAKAN)
    dup.save()
