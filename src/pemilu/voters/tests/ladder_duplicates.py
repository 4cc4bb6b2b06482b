"""The duplicates queue's endpoints on the ladder (``test_ladder.py`` climbs them): ``{pair}`` is an
identical pair of two voters of Persiakan (12.76.01.1006), found by the real search."""

from __future__ import annotations

from typing import Any

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint
from pemilu.voters.duplicates import run_search, start_duplicate_search
from pemilu.voters.generator import generate
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import DuplicatePair
from pemilu.voters.tests.conftest import dp4_csv

READERS = ["kpu_admin_a", "kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a"]
HIDDEN = ["kpu_admin_b", "pps_b1", "pps_a2", "kpps_a1", "nobody"]  # outside Persiakan
SEARCH_HIDDEN = ["kpu_admin_b", "ppk_a1", "pps_a1", "nobody"]  # the search is KPU Kab/Kota's
DECIDE: dict[str, object] = {"decision": "bukan_ganda", "reason": "dua orang berbeda"}

ENDPOINTS = [
    Endpoint("voters:duplicates", "/pemilih/ganda/?pemilu=pemilu-2024&status=x",
             allowed=[*READERS, "kpu_admin_b", "pps_b1"], forbidden=["kpps_a1", "pemantau_a", "nobody"]),
    Endpoint("voters:duplicates_search", "/pemilih/ganda/cari/", method="post",
             data={"pemilu": "pemilu-2024", "wilayah": "12.76"}, ok_status=302,
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pemantau_a"], hidden=SEARCH_HIDDEN),
    Endpoint("voters:duplicates_decide", "/pemilih/ganda/{pair}/putuskan/", method="post",
             data={**DECIDE, "pemilu": "pemilu-2024"}, ok_status=302,
             allowed=["pps_a1"], forbidden=["ppk_a1", "bawaslu_a", "pemantau_a"], hidden=HIDDEN),
    Endpoint("api:list_duplicates", "/api/v1/voters/duplicates?election=pemilu-2024", api=True,
             allowed=[*READERS, "kpu_admin_b", "pps_b1"], forbidden=["kpps_a1", "pemantau_a", "nobody"]),
    Endpoint("api:decide_duplicate", "/api/v1/voters/duplicates/{pair}/decision", api=True, method="post",
             data=DECIDE, allowed=["kpu_staff_a"], forbidden=["ppk_a1", "bawaslu_a", "pemantau_a"], hidden=HIDDEN),
    Endpoint("api:start_search", "/api/v1/voters/duplicate-searches", api=True, method="post",
             data={"region": "12.76", "election": "pemilu-2024"}, ok_status=202,
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pemantau_a"], hidden=SEARCH_HIDDEN),
]


def duplicate_ids(cast: Cast) -> dict[str, Any]:
    election = Election.objects.filter(code="pemilu-2024").first()
    if election is None:
        import datetime

        election = Election.objects.create(code="pemilu-2024", name="Pemilu 2024",
                                           voting_day=datetime.date(2024, 2, 14))
    rows, _truth = generate(40, seed=3, junk_per_code=0, exact_duplicates=2)
    rows = [dict(r, kode_desa="12.76.01.1006") for r in rows]
    import_dp4(dp4_csv(rows), election=election, region_code="12.76.01.1006", actor=cast.kpu_staff_a)
    run_search(start_duplicate_search(election, "12.76", actor=cast.kpu_staff_a))
    pair = DuplicatePair.objects.filter(kind="identik").first()
    assert pair is not None
    return {"pair": pair.pk}
