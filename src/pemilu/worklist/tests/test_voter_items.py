"""The voter list in "Tugas saya" (issue 22 item 1): the PPS's next list step once the coklit is
done (DPHP/DPS to compile, the DPS to announce, responses to resolve, the DPSHP after the window),
KPU's duplicate pairs to decide and its DPT plenary once every desa has its DPSHP Akhir."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client, override_settings

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters.tests.conftest import (  # noqa: F401 - the key fixture
    ANNOUNCED_ON,
    BANDAR_SONO,
    OTHER_DESA,
    PERSIAKAN,
    dp4_csv,
    dp4_rows,
    flow_world,
    voter_key,
)
from pemilu.worklist import queues


def items(section: queues.Section) -> dict[str, queues.Item]:
    return {item.key: item for item in section.items}


def test_the_pps_sees_the_next_step_of_its_desa_list(cast: Cast, voter_key: str) -> None:  # noqa: F811
    from pemilu.voters.models import DpsResponse
    from pemilu.voters.responses import do_resolve_response

    election = get_or_create_pemilu_2024()
    flow_world(cast, election)
    ctx = queues.Context(cast.pps_a1, election, ANNOUNCED_ON, {})
    with override_settings(PEMILU_TODAY=ANNOUNCED_ON.isoformat()):
        persiakan = items(queues.pps(ctx, PERSIAKAN))
        assert persiakan["pps.responses"].count == 2 and not persiakan["pps.responses"].urgent
        assert persiakan["pps.responses"].url == f"/pemilih/desa/{PERSIAKAN}/"
        assert "pps.compile_list" not in persiakan  # the DPSHP waits for the window
        assert str(items(queues.pps(ctx, BANDAR_SONO))["pps.compile_list"].label).startswith("Susun DPHP")
        assert items(queues.pps(ctx, OTHER_DESA))["pps.announce_dps"].urgent
        page = Client()
        assert page.login(username=cast.pps_a1.username, password=PASSWORD)
        html = page.get("/tugas/").content.decode()
        assert 'data-item="pps.responses"' in html and f"/pemilih/desa/{PERSIAKAN}/" in html
    after = ANNOUNCED_ON + datetime.timedelta(days=30)
    with override_settings(PEMILU_TODAY=after.isoformat()):
        assert items(queues.pps(ctx, PERSIAKAN))["pps.responses"].urgent  # the window closed with two open
        for response in DpsResponse.objects.filter(announcement__village__code=PERSIAKAN):
            do_resolve_response(response, actor=cast.pps_a1, accept=False, resolution="Dicek: masih tinggal di sini")
        step = items(queues.pps(ctx, PERSIAKAN))["pps.compile_list"]
        assert str(step.label).startswith("Susun DPSHP")


def _ready_lists(cast: Cast, election: Election) -> None:
    """Every cast desa through the coklit to its DPSHP Akhir (the DPT not set), with two exact
    duplicates (one NIK twice) among the voters and the duplicate search run."""
    from pemilu.voters.actions import do_compile_list, do_record_coklit
    from pemilu.voters.duplicates import run_search, start_duplicate_search
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter
    from pemilu.voters.responses import do_announce_dps

    import_dp4(dp4_csv(dp4_rows(45, seed=5, exact_duplicates=2)), election=election, region_code="12.76",
               actor=cast.kpu_staff_a)
    for voter in Voter.objects.filter(election=election):
        do_record_coklit(voter, outcome="sesuai", actor=cast.kpu_staff_a)
    run_search(start_duplicate_search(election, "12.76", actor=cast.kpu_staff_a))
    for desa in (PERSIAKAN, BANDAR_SONO, OTHER_DESA):
        with override_settings(PEMILU_TODAY=ANNOUNCED_ON.isoformat()):
            do_compile_list(election, desa, "dphp", actor=cast.kpu_staff_a)
            do_compile_list(election, desa, "dps", actor=cast.kpu_staff_a)
            do_announce_dps(election, desa, place="Kantor Lurah", actor=cast.kpu_staff_a, ends_on=ANNOUNCED_ON)
        if desa == OTHER_DESA:
            continue  # one desa short of its DPSHP Akhir first
        with override_settings(PEMILU_TODAY=(ANNOUNCED_ON + datetime.timedelta(days=1)).isoformat()):
            do_compile_list(election, desa, "dpshp", actor=cast.kpu_staff_a)
            do_compile_list(election, desa, "dpshp_akhir", actor=cast.kpu_staff_a)


def test_kpu_sees_duplicates_to_decide_and_the_plenary_when_ready(cast: Cast, voter_key: str) -> None:  # noqa: F811
    from pemilu.voters.actions import do_compile_list
    from pemilu.voters.models import DuplicatePair

    election = get_or_create_pemilu_2024()
    _ready_lists(cast, election)
    ctx = queues.Context(cast.kpu_admin_a, election, ANNOUNCED_ON, {})
    found: dict[str, Any] = items(queues.kpu(ctx, "12.76"))
    open_pairs = DuplicatePair.objects.filter(status="terbuka").count()
    assert open_pairs >= 1 and found["kpu.duplicates"].count == open_pairs
    assert "wilayah=12.76" in found["kpu.duplicates"].url and "status=terbuka" in found["kpu.duplicates"].url
    assert "kpu.dpt_plenary" not in found  # Pelita has no DPSHP Akhir yet
    with override_settings(PEMILU_TODAY=(ANNOUNCED_ON + datetime.timedelta(days=1)).isoformat()):
        do_compile_list(election, OTHER_DESA, "dpshp", actor=cast.kpu_staff_a)
        do_compile_list(election, OTHER_DESA, "dpshp_akhir", actor=cast.kpu_staff_a)
    plenary = items(queues.kpu(ctx, "12.76"))["kpu.dpt_plenary"]
    assert plenary.url == "/pemilih/pleno/12.76/" and "3 desa" in plenary.note
    assert "kpu.dpt_plenary" not in items(queues.kpu(ctx, "12.76.01"))  # a kecamatan holds no DPT plenary
