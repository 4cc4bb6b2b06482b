"""The privacy area's endpoints for ``test_ladder.py`` (issue 22 items 6, 7): a voter's record and the
full-NIK view, Model A-Daftar Pemilih, the parties' copy, their API operations; "Cek DPT" is public."""

from __future__ import annotations

import datetime
from typing import Any

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint
from pemilu.voters.models import Voter

UNSCOPED = {
    "/pemilih/cek-dpt/": "Cek DPT, the public lookup (an exact NIK; rate-limited per address)",
    "POST /api/v1/voters/cek-dpt": "Cek DPT in the API (as /pemilih/cek-dpt/)",
}

EXPORT: dict[str, object] = {"organisation": "Partai Contoh", "fmt": "xlsx"}
EXPORT_API: dict[str, object] = {"recipient": "Partai Contoh", "format": "xlsx"}

ENDPOINTS = [
    Endpoint("voter record", "/pemilih/data/{voter_id}/", allowed=["kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a"],
             forbidden=["pemantau_a"], hidden=["kpu_admin_b", "pps_a2"]),
    Endpoint("voter record: tampilkan NIK", "/pemilih/data/{voter_id}/", method="post",
             data={"reason": "pemeriksaan"}, allowed=["kpu_staff_a", "kpu_admin_a"],
             forbidden=["pps_a1", "ppk_a1", "bawaslu_a", "pemantau_a"], hidden=["kpu_admin_b", "pps_a2"]),
    Endpoint("model A form", "/pemilih/tps/{tps_code}/model-a/", allowed=["kpu_staff_a", "pps_a1", "bawaslu_a"],
             forbidden=["pemantau_a"], hidden=["kpu_admin_b", "pps_a2"]),
    Endpoint("model A file", "/pemilih/tps/{tps_code}/model-a/", method="post", data=EXPORT,
             allowed=["pps_a1", "kpu_staff_a"], forbidden=["pemantau_a"], hidden=["kpu_admin_b", "pps_a2"]),
    Endpoint("party copy form", "/pemilih/wilayah/12.76/salinan-partai/", allowed=["kpu_admin_a", "kpu_staff_a"],
             forbidden=["bawaslu_a", "pemantau_a"], hidden=["kpu_admin_b", "pps_a1"]),
    Endpoint("party copy file", "/pemilih/wilayah/12.76/salinan-partai/", method="post", data=EXPORT,
             allowed=["kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["kpu_admin_b", "pps_a1"]),
    Endpoint("api reveal NIK", "/api/v1/voters/{voter_id}/reveal-nik", api=True, method="post",
             data={"reason": "pemeriksaan"}, allowed=["kpu_staff_a"], forbidden=["pps_a1", "bawaslu_a"],
             hidden=["kpu_admin_b"]),
    Endpoint("api model A", "/api/v1/voters/tps/{tps_code}/model-a", api=True, method="post", data=EXPORT_API,
             allowed=["pps_a1"], forbidden=["pemantau_a"], hidden=["kpu_admin_b"]),
    Endpoint("api party copy", "/api/v1/voters/regions/12.76/party-copy", api=True, method="post",
             data=EXPORT_API, allowed=["kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["kpu_admin_b"]),
]


def ids(cast: Cast) -> dict[str, Any]:
    """A desa's voters on its DPS (imported, coklit'd and compiled through the actions)."""
    from pemilu.voters.tests.seed import listed_voters

    election, _ = Election.objects.get_or_create(
        code="pemilu-2024", defaults={"name": "Pemilu 2024", "voting_day": datetime.date(2024, 2, 14)})
    if not Voter.objects.filter(election=election).exists():
        listed_voters(cast, election, count=12)
    voter = Voter.objects.filter(election=election, desa_code="12.76.01.1006").order_by("pk").first()
    assert voter is not None
    return {"voter_id": voter.pk, "tps_code": "12.76.01.1006.001"}
