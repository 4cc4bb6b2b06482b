"""Pantarlih are formed like the other ad hoc bodies (issue 22 item 1): one per TPS area (Pemilu 2024,
configurable per election), by the PPS of the desa on behalf of KPU Kab/Kota, through registration,
administrative check, ranking, appointment and inauguration; the inauguration gives each member the
``pantarlih`` role at their TPS for the Pantarlih work period (issue 20's grant path), and a PAW moves it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from pemilu.accounts.models import RoleAssignment
from pemilu.accounts.permissions import can, user_scopes
from pemilu.adhoc import actions, queries, rules, terms
from pemilu.adhoc.models import Applicant, Recruitment, RecruitmentStatus
from pemilu.adhoc.tests.conftest import DOCS, PDF, data
from pemilu.testing.factories import PASSWORD, Cast

PERSIAKAN, BANDAR_SONO = "12.76.01.1006", "12.76.01.1007"


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_pantarlih_rules_one_per_tps_no_test_and_not_in_office_on_voting_day(election: Any, kpu_ri: Any) -> None:
    config = queries.body_rules(election, "pantarlih")
    assert (config.seats, config.written_pass_factor, config.interview, config.min_registrants_factor) == \
        (1, 0, False, 1)
    assert rules.AREA_LEVEL[rules.Body.PANTARLIH] == 5
    # The coklit (Feb-Mar 2023) is not voting day: no "does not cover voting day" problem for Pantarlih,
    # but the same term still is one for a KPPS.
    start, end = datetime.date(2023, 2, 3), datetime.date(2023, 3, 14)
    assert terms.work_period_problems(rules.Body.PANTARLIH, start, end, election.voting_day) == []
    assert terms.work_period_problems(rules.Body.KPPS, start, end, election.voting_day)
    # Pilkada 2024: two Pantarlih where a TPS has 400 voters or more — the seats are configurable.
    actions.do_set_body_rules(election, "pantarlih", actor=kpu_ri, seats=2)
    assert queries.body_rules(election, "pantarlih").seats == 2


def test_the_formation_plan_counts_one_pantarlih_per_tps(cast: Cast, election: Any) -> None:
    from pemilu.regions.models import Tps

    plan = {p.body: p for p in queries.formation_plan(election, "12.76")}
    tps = Tps.objects.filter(kab_code="12.76").count()
    assert plan["pantarlih"].label == "Pantarlih" and tps > 1
    assert plan["pantarlih"].bodies == plan["kpps"].bodies == plan["pantarlih"].seats == tps


def test_a_pps_forms_the_pantarlih_of_its_desa_and_each_member_gets_the_role_of_their_tps(
        cast: Cast, election: Any, settings: Any) -> None:
    settings.PEMILU_TODAY = "2023-02-15"  # inside the Pantarlih work period (the role ends with it)
    pps, other = _client(cast.pps_a1), _client(cast.pps_a2)
    home = pps.get("/adhoc/").content.decode()
    assert f'id="create-pantarlih-{PERSIAKAN}"' in home and f'id="create-pantarlih-{BANDAR_SONO}"' not in home
    assert pps.post("/adhoc/buat/", {"body": "pantarlih", "region": BANDAR_SONO}).status_code == 404
    r = pps.post("/adhoc/buat/", {"body": "pantarlih", "region": PERSIAKAN})
    assert r.status_code == 302, r.content
    rec = Recruitment.objects.get(body="pantarlih", region_id=PERSIAKAN)
    assert [(a.code, a.seats) for a in rec.areas.order_by("code")] == [(f"{PERSIAKAN}.00{i}", 1) for i in (1, 2, 3)]
    assert f'id="create-pantarlih-{PERSIAKAN}"' not in pps.get("/adhoc/").content.decode()
    assert other.get(f"/adhoc/{rec.pk}/").status_code == 404
    # Registration at the PPS secretariat, two people per TPS area.
    assert pps.post(f"/adhoc/{rec.pk}/tahap/", {"start": "2023-01-22", "end": "2023-01-28"}).status_code == 302
    people: dict[str, list[Applicant]] = {}
    for n in (1, 2, 3):
        tps = f"{PERSIAKAN}.00{n}"
        for i in range(2):
            a = actions.do_register(rec, data(area_code=tps, domicile_code=PERSIAKAN, gender="P" if i else "L"),
                                    actor=cast.pps_a1)
            for kind in DOCS:
                actions.do_upload_document(a, kind, f"{kind}.pdf", PDF, actor=cast.pps_a1)
            people.setdefault(tps, []).append(a)
    assert pps.post(f"/adhoc/{rec.pk}/tahap/", {"early_reason": ""}).status_code == 302  # registration closes
    assert pps.post(f"/adhoc/{rec.pk}/aksi/verifikasi-ms/").status_code == 302
    for _step in range(2):  # announce the administrative results, then the ranking (no test, no interview)
        assert pps.post(f"/adhoc/{rec.pk}/tahap/").status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.RANKED
    assert pps.post(f"/adhoc/{rec.pk}/tahap/", {"sk_number": "1/PP.04/1276011006/2023",
                                                 "sk_date": "2023-02-01"}).status_code == 302
    assert pps.post(f"/adhoc/{rec.pk}/tahap/", {"on": "2023-02-03", "place": "Kantor Lurah Persiakan"}).status_code \
        == 302
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.INAUGURATED
    member, reserve = people[f"{PERSIAKAN}.001"]
    grant = RoleAssignment.objects.get(origin=f"adhoc.applicant:{member.pk}")
    assert (grant.role, grant.scope_code, grant.is_active) == ("pantarlih", f"{PERSIAKAN}.001", True)
    assert grant.ends_on == rec.work_end or grant.ends_on == terms.legal_window(election.voting_day)[1]
    assert not RoleAssignment.objects.filter(origin=f"adhoc.applicant:{reserve.pk}").exists()
    # The Pantarlih may coklit voters of their TPS area only.
    user = grant.user
    assert can(user, "voters.coklit", f"{PERSIAKAN}.001")
    assert not can(user, "voters.coklit", f"{PERSIAKAN}.002") and not can(user, "voters.coklit", PERSIAKAN)
    assert not can(user, "adhoc.manage", rec)
    # PAW: the member leaves, the reserve takes the TPS area and its role at once.
    actions.do_replace(member, actor=cast.pps_a1, reason="resigned", detail="pindah kerja",
                      decided_on=datetime.date(2023, 2, 10))
    grant.refresh_from_db()
    assert not grant.is_active
    incoming = RoleAssignment.objects.get(origin=f"adhoc.applicant:{reserve.pk}")
    assert (incoming.role, incoming.scope_code) == ("pantarlih", f"{PERSIAKAN}.001")
    user.refresh_from_db()
    assert not [s for s in user_scopes(type(user).objects.get(pk=user.pk)) if s.role == "pantarlih"]


@pytest.mark.parametrize("body", ["pantarlih"])
def test_the_kpu_may_form_the_pantarlih_of_the_whole_kab_kota_but_not_both_ways(
        cast: Cast, election: Any, body: str) -> None:
    rec = actions.do_create_recruitment(election, body, "12.76", actor=cast.kpu_staff_a)
    from pemilu.regions.models import Tps

    assert rec.areas.count() == Tps.objects.filter(kab_code="12.76").count()
    assert set(rec.areas.values_list("seats", flat=True)) == {1}
    from pemilu.core.exceptions import ConflictError

    with pytest.raises(ConflictError, match="Pantarlih"):
        actions.do_create_recruitment(election, body, PERSIAKAN, actor=cast.pps_a1)
