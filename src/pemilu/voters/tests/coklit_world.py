"""A small coklit world for the tests of the coklit pages, API and ladder: the DP4 of Persiakan
(12.76.01.1006) imported with each voter in one of its three TPS areas, and a Pantarlih at TPS 001."""

from __future__ import annotations

import datetime
from typing import Any

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast, make_user
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import Voter
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

PERSIAKAN = "12.76.01.1006"
TPS1, TPS2 = f"{PERSIAKAN}.001", f"{PERSIAKAN}.002"
NEW_VOTER: dict[str, object] = {
    "nik": "1276016502010003", "no_kk": "1276010101200011", "nama": "Sari Lubis", "tempat_lahir": "Medan",
    "tanggal_lahir": "2001-02-25", "jenis_kelamin": "P", "status_kawin": "B", "alamat": "Jl. Melati 3",
             "rt": "001", "rw": "002", "disabilitas": "", "pekerjaan": "GURU"}


def election() -> Election:
    found, _ = Election.objects.get_or_create(code="pemilu-2024", defaults={
        "name": "Pemilu 2024", "voting_day": datetime.date(2024, 2, 14)})
    return found


def build(cast: Cast, count: int = 120) -> dict[str, Any]:
    """Import Persiakan's voters (through the real import), make ``pantarlih_a1`` at TPS 001."""
    e = election()
    rows = [r for r in dp4_rows(count, seed=4) if r["kode_desa"] == PERSIAKAN]
    import_dp4(dp4_csv(rows), election=e, region_code=PERSIAKAN, actor=cast.kpu_staff_a)
    pantarlih = make_user("pantarlih_a1", "pantarlih", TPS1)
    pantarlih.full_name = "Rina Siregar"
    pantarlih.save()
    adult = [v for v in Voter.objects.filter(placement__tps__code=TPS1).order_by("id")
             if v.birth_date <= datetime.date(2007, 2, 14)]
    other = Voter.objects.filter(placement__tps__code=TPS2).order_by("id").first()
    assert len(adult) >= 4 and other is not None
    return {"election": e, "pantarlih": pantarlih, "voters": adult, "other": other}
