""""Tugas saya" (issue 20 item 5): each role's items with their counts, one click from the page
that does the work, read in a fixed number of queries. The world: the test cast in Kota Tebing
Tinggi on 19 February 2024 (PEMILU_TODAY), inside the recapitulation."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result, locked_result, record_import
from pemilu.results.candidates import do_import_candidates
from pemilu.results.demo import DEMO_DPD_CSV, synthetic_form
from pemilu.results.reference import do_setup_ppwp
from pemilu.testing.factories import PASSWORD, Cast

TODAY = datetime.date(2024, 2, 19)
pytestmark = pytest.mark.usefixtures("fixed_day")


@pytest.fixture
def fixed_day() -> Any:
    with override_settings(PEMILU_TODAY=TODAY):
        yield


def form(code: str) -> dict[str, Any]:
    f = synthetic_form(code)
    f["disabilitas_j"] = f["disabilitas_l"]
    return f


@pytest.fixture
def world(cast: Cast) -> Election:
    from pemilu.schedule.actions import do_load_builtin_schedule

    actor = get_system_user()
    election = get_or_create_pemilu_2024()
    do_load_builtin_schedule("pemilu-2024", actor=actor, reason="test")
    ppwp = do_setup_ppwp(election, actor=actor)
    do_import_candidates(election, DEMO_DPD_CSV.encode(), actor=actor, filename="dpd.csv")
    # TPS 001 Persiakan typed by its KPPS, waiting for the PPK; TPS 001 Bandar Sono with an error.
    do_submit_result(ppwp, Tps.objects.get(code="12.76.01.1006.001"), form("a"), actor=cast.kpps_a1)
    bad = form("b")
    bad["votes"]["2"] += 100
    record_import(locked_result(ppwp, Tps.objects.get(code="12.76.01.1007.001")), bad, actor=actor, filename="t")
    return election


def page(user: Any) -> str:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get("/tugas/")
    assert response.status_code == 200
    return response.content.decode()


def count(html: str, key: str) -> int | None:
    """The count shown for item or summary ``key`` (None: not listed)."""
    for block in re.findall(r'<li data-item="([^"]+)"[^>]*>(.*?)</li>', html, re.S):
        if block[0] == key and (n := re.search(r'data-n="(\d+)"', block[1])):
            return int(n.group(1))
    summary = re.search(rf'data-count="{re.escape(key)}"[^>]*>[^<]*<strong>(\d+)</strong>', html)
    return int(summary.group(1)) if summary else None


def link(html: str, key: str) -> str:
    found = re.search(rf'data-item="{re.escape(key)}"[^>]*>\s*<a href="([^"]+)"', html)
    assert found, key
    return found.group(1).replace("&amp;", "&")


def test_login_lands_on_tugas_saya(world: Election, cast: Cast) -> None:
    client = Client()
    response = client.post("/akun/masuk/", {"username": cast.kpps_a1.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/tugas/"


def test_kpps_sees_its_tps_forms_per_contest_and_the_missing_photo(world: Election, cast: Cast) -> None:
    html = page(cast.kpps_a1)
    assert "KPPS TPS 001 Persiakan" in html
    # PPWP typed (waiting for the PPK), DPD Sumatera Utara not started; no photo sent with the PPWP.
    assert (count(html, "kpps.not_started"), count(html, "kpps.waiting"), count(html, "kpps.accepted"),
            count(html, "kpps.to_correct"), count(html, "kpps.photo_missing")) == (1, 1, 0, 0, 1)
    assert link(html, "kpps.not_started") == "/hasil/tps/12.76.01.1006.001/dpd-12/isi/"
    assert link(html, "kpps.waiting") == "/hasil/tps/12.76.01.1006.001/ppwp/"
    assert "Bandar Sono" not in html


def test_pps_sees_registrants_short_the_kpps_recruitment_and_forms_not_entered(world: Election,
                                                                               cast: Cast) -> None:
    from pemilu.adhoc import actions as adhoc
    from pemilu.adhoc.demo import register_synthetic

    pps_rec = adhoc.do_create_recruitment(world, "pps", "12.76", actor=cast.kpu_admin_a)
    adhoc.do_open_registration(pps_rec, actor=cast.kpu_admin_a, start=TODAY - datetime.timedelta(days=2),
                               end=TODAY + datetime.timedelta(days=5))
    register_synthetic(pps_rec, cast.kpu_admin_a, per_area=2, pelita=2)      # 2 of at least 6
    adhoc.do_create_recruitment(world, "kpps", "12.76", actor=cast.kpu_admin_a)
    html = page(cast.pps_a1)
    assert count(html, "pps.below_minimum") == 1                 # Persiakan itself
    assert count(html, "pps.kpps_step") == 3                     # its 3 TPS to form
    assert count(html, "pps.not_entered") == 2                   # 3 TPS, 1 typed
    assert link(html, "pps.not_entered") == "/hasil/?kontes=ppwp&status=empty&kelurahan=12.76.01.1006"
    assert "/adhoc/" in link(html, "pps.below_minimum")


def test_no_area_is_short_before_its_registration_opens(world: Election, cast: Cast) -> None:
    from pemilu.adhoc import actions as adhoc

    rec = adhoc.do_create_recruitment(world, "pps", "12.76", actor=cast.kpu_admin_a)
    adhoc.do_open_registration(rec, actor=cast.kpu_admin_a, start=TODAY + datetime.timedelta(days=1),
                               end=TODAY + datetime.timedelta(days=8))
    assert count(page(cast.pps_a1), "pps.below_minimum") is None


def test_ppk_sees_forms_to_verify_errors_and_its_recap_window(world: Election, cast: Cast) -> None:
    html = page(cast.ppk_a1)
    assert count(html, "ppk.verify") == 1 and count(html, "ppk.errors") == 1
    assert link(html, "ppk.verify") == "/hasil/?kontes=ppwp&status=submitted"
    assert link(html, "ppk.recap").startswith("/hasil/rekap/")
    # The kecamatan window: 15 February – 2 March 2024; 12 days left on the 19th, not late.
    assert "12 hari lagi" in html and "pleno belum dikunci" in html and "terlambat" not in html


def test_kpu_sees_stages_deadlines_overdue_cases_and_gaps(world: Election, cast: Cast) -> None:
    from pemilu.neutrality.actions import submit_report
    from pemilu.neutrality.tests.conftest import intake
    from pemilu.schedule.queries import stages_open_on
    from pemilu.secretariats.actions import do_form_secretariats

    # Cases about KPU's own people (ad hoc members): the ones a KPU office reads (issue 20 item 4).
    submit_report(intake(world, suspect_name="Terlapor A", suspect_role="adhoc"), [],
                  received_on=datetime.date(2024, 1, 12))
    submit_report(intake(world, suspect_name="Terlapor B", suspect_role="adhoc"), [], received_on=TODAY)
    do_form_secretariats(world, "12.76", actor=cast.kpu_staff_a)
    html = page(cast.kpu_admin_a)
    assert count(html, "kpu.stages_open") == len(stages_open_on(world, TODAY, region_code="12.76"))
    # Ending within 7 days of 19 February: the PPLN recap (22nd) and the KPPS term (25th).
    assert count(html, "kpu.deadlines") == 2
    assert count(html, "kpu.cases_open") == 2 and count(html, "kpu.cases_overdue") == 1
    assert count(html, "kpu.verify") == 1 and count(html, "kpu.errors") == 1
    assert (count(html, "kpu.staff_gaps") or 0) > 0
    assert count(html, "kpu.recap_overdue") is None             # no kecamatan late on the 19th
    with override_settings(PEMILU_TODAY=datetime.date(2024, 3, 4)):
        late = page(cast.kpu_admin_a)
    assert count(late, "kpu.recap_overdue") == 2                # Padang Hulu and Bajenis, unlocked


def test_bawaslu_sees_cases_by_deadline(world: Election, cast: Cast) -> None:
    from pemilu.neutrality.actions import submit_report
    from pemilu.neutrality.tests.conftest import intake

    submit_report(intake(world, suspect_name="Terlapor Lama"), [], received_on=datetime.date(2024, 1, 12))
    submit_report(intake(world, suspect_name="Terlapor Baru"), [], received_on=TODAY)
    html = page(cast.bawaslu_a)
    assert count(html, "bawaslu.cases_open") == 2 and count(html, "bawaslu.cases_overdue") == 1
    assert html.index("Terlapor Lama") < html.index("Terlapor Baru")     # nearest deadline first
    assert "/netralitas/kasus/" in link(html, "bawaslu.case")


def test_someone_without_a_role_gets_no_queue(world: Election, cast: Cast) -> None:
    assert "belum memiliki peran" in page(cast.nobody)


def test_the_queues_read_the_same_queries_whatever_the_rows(world: Election, cast: Cast) -> None:
    """Twice the cases, forms and recruitment areas: the same number of queries per role."""
    from pemilu.neutrality.actions import submit_report
    from pemilu.neutrality.tests.conftest import intake
    from pemilu.results.models import Contest

    ppwp = Contest.objects.get(code="ppwp")
    users = [cast.kpps_a1, cast.pps_a1, cast.ppk_a1, cast.kpu_admin_a, cast.bawaslu_a]

    def queries() -> list[int]:
        out = []
        for user in users:
            page(user)   # warm the per-process caches
            client = Client()
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/tugas/").status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    def grow(start: int) -> None:
        for i in range(start, start + 2):
            submit_report(intake(world, suspect_name=f"Terlapor {i}"), [], received_on=TODAY)
        for tps in Tps.objects.filter(kab_code="12.76").exclude(results__contest=ppwp).order_by("code")[:2]:
            do_submit_result(ppwp, tps, form(tps.code), actor=get_system_user())

    grow(0)
    before = queries()
    grow(10)
    assert queries() == before
