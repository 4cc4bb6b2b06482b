"""The TPS mapping, DPTb and DPK endpoints on the permission ladder (listed in test_ladder.py)."""

from __future__ import annotations

import datetime
from typing import Any

from pemilu.core import clock
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint
from pemilu.voters import crypto
from pemilu.voters.models import Coklit, Voter
from pemilu.voters.rules import compose_nik
from pemilu.voters.tests.dpt_world import make_dpt

PERSIAKAN = "12.76.01.1006"
KPU_A = ["kpu_admin_a", "kpu_staff_a"]
NO_MAPPING_ROLE = ["bawaslu_a", "pemantau_a"]  # in scope of 12.76, may not map
DPK_NIK = compose_nik("127601", datetime.date(1990, 3, 4), True, 77)

TPS_ENDPOINTS = [
    Endpoint("voters:tps_mapping", "/pemilih/pemetaan-tps/?wilayah=12.76", allowed=KPU_A,
             forbidden=[*NO_MAPPING_ROLE, "ppk_a1", "pps_a1", "kpps_a1", "nobody"], hidden=["kpu_admin_b"]),
    Endpoint("voters:tps_mapping (run)", "/pemilih/pemetaan-tps/", method="post", data={"wilayah": "12.76"},
             ok_status=302, allowed=["kpu_staff_a"], forbidden=[*NO_MAPPING_ROLE, "pps_a1"], hidden=["kpu_admin_b"]),
    Endpoint("voters:transfers", "/pemilih/pindah-memilih/", allowed=[*KPU_A, "pps_a1", "kpu_admin_b"],
             forbidden=["ppk_a1", "bawaslu_a", "pemantau_a", "kpps_a1", "nobody"]),
    Endpoint("voters:transfers (register)", "/pemilih/pindah-memilih/", method="post", ok_status=302,
             data={"nik": "{nik}", "destination": "12.76.01.1007", "reason": "tugas"}, allowed=["pps_a1"],
             forbidden=["ppk_a1", "bawaslu_a", "pemantau_a"]),
    Endpoint("api:map_tps", "/api/v1/voters/tps-mapping/12.76", api=True, method="post", data={"dry_run": False},
             allowed=["kpu_staff_a"], forbidden=NO_MAPPING_ROLE, hidden=["kpu_admin_b", "ppk_a1", "pps_a1", "nobody"]),
    Endpoint("api:register_transfer", "/api/v1/voters/{voter}/transfers", api=True, method="post", ok_status=201,
             data={"destination": "12.76.04.1002.001", "reason": "rawat_inap"}, allowed=["pps_a1"],
             forbidden=["ppk_a1", "bawaslu_a"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("api:list_transfers", "/api/v1/voters/transfers", api=True,
             allowed=[*KPU_A, "pps_a1", "ppk_a1", "bawaslu_a", "kpu_admin_b"], forbidden=["pemantau_a", "kpps_a1",
                                                                                          "nobody"]),
    Endpoint("api:record_dpk", f"/api/v1/voters/dpk/{PERSIAKAN}.001", api=True, method="post", ok_status=201,
             data={"election": "pemilu-2024", "nik": DPK_NIK, "name": "Sari Lubis", "sex": "P",
                   "birth_date": "1990-03-04", "marital": "S", "village": PERSIAKAN, "rt": "099", "rw": "099",
                   "ballots_left": 5,
                   "voted_at": "2024-02-14T12:30:00+07:00"},
             allowed=["kpps_a1"], forbidden=["pps_a1", "ppk_a1", "bawaslu_a"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
]

# Every rung applies to these endpoints (a list's out-of-scope rung is kpu_admin_b's answer without 12.76).
TPS_NOT_APPLICABLE: dict[str, dict[str, str]] = {}


def tps_ids(cast: Cast) -> dict[str, Any]:
    """A set DPT in Persiakan (its voters mapped, cap 100) of an election 90 days ahead (the current
    one, whose DPTb registration is open today): a DPT voter's id and NIK. DPK is recorded for Pemilu
    2024 on its voting day."""
    get_or_create_pemilu_2024()
    election = Election.objects.create(code="pemilu-uji", name="Pemilu uji",
                                       voting_day=clock.today() + datetime.timedelta(days=90))
    make_dpt(cast, election, count=200, only=PERSIAKAN)
    voter = (Voter.objects.filter(election=election, desa_code=PERSIAKAN).exclude(coklit=Coklit.NOT_ELIGIBLE)
             .order_by("pk").first())
    assert voter is not None
    return {"voter": voter.pk, "nik": crypto.open_sealed(voter.nik_sealed)}
