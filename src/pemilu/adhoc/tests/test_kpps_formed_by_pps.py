"""KPPS are formed by the PPS (issue 20 item 3; PKPU 8/2022, domain brief §1.1, §1.5): the PPS of a
kelurahan runs the KPPS recruitment of its TPS — registration, administrative check, ranking,
announcement, appointment, inauguration — with the KPPS 2023-24 selection (KPT 1669/2023: no written
test, no interview); another PPS's recruitment answers 404; the KPU Kab/Kota sees it and may act."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from pemilu.accounts.models import RoleAssignment
from pemilu.adhoc import actions, queries, rules
from pemilu.adhoc.models import Applicant, Recruitment, RecruitmentStatus
from pemilu.adhoc.tests.conftest import DOCS, PDF, data
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from pemilu.testing.factories import PASSWORD, Cast

PERSIAKAN, BANDAR_SONO = "12.76.01.1006", "12.76.01.1007"


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def small_kpps(election: Any, kpu_ri: Any) -> Any:
    """Two seats per KPPS (four registrants per TPS reach the minimum); the KPPS defaults otherwise:
    no written test, no interview, registration order as the ranking (KPT 1669/2023)."""
    return actions.do_set_body_rules(election, "kpps", actor=kpu_ri, seats=2)


def _register(rec: Recruitment, actor: Any, per_tps: dict[str, int]) -> list[Applicant]:
    people = []
    for tps, n in per_tps.items():
        for i in range(n):
            a = actions.do_register(rec, data(area_code=tps, domicile_code=PERSIAKAN if tps.startswith(PERSIAKAN)
                                              else BANDAR_SONO, gender="P" if i % 2 else "L"), actor=actor)
            for kind in DOCS:
                actions.do_upload_document(a, kind, f"{kind}.pdf", PDF, actor=actor)
            people.append(a)
    return people


def test_the_kpps_configuration_has_no_written_test_and_no_interview(election: Any, kpu_ri: Any) -> None:
    config = queries.body_rules(election, "kpps")
    assert (config.written_pass_factor, config.interview, config.chain) == (0, False, ("registered_asc",))
    with pytest.raises(DomainError, match="tanpa wawancara"):
        actions.do_set_body_rules(election, "kpps", actor=kpu_ri, tie_breaks="interview_desc")
    assert queries.body_rules(election, "pps").interview  # PPK/PPS keep their CAT and interview
    with pytest.raises(ValueError, match="tanpa wawancara"):
        rules.parse_tie_breaks("registered_asc,interview_desc", interview=False)


def test_a_pps_runs_the_kpps_recruitment_of_its_kelurahan_through_the_pages(
        cast: Cast, election: Any, small_kpps: Any) -> None:
    pps, other = _client(cast.pps_a1), _client(cast.pps_a2)
    home = pps.get("/adhoc/").content.decode()
    assert f'id="create-kpps-{PERSIAKAN}"' in home and f'id="create-kpps-{BANDAR_SONO}"' not in home
    # Another kelurahan's KPPS cannot be started by this PPS (404: not theirs to know), nor a kab/kota-wide one.
    assert pps.post("/adhoc/buat/", {"body": "kpps", "region": BANDAR_SONO}).status_code == 404
    assert pps.post("/adhoc/buat/", {"body": "kpps", "region": "12.76"}).status_code == 404
    assert pps.post("/adhoc/buat/", {"body": "pps", "region": PERSIAKAN}).status_code == 403  # its own area: 403
    r = pps.post("/adhoc/buat/", {"body": "kpps", "region": PERSIAKAN})
    assert r.status_code == 302, r.content
    rec = Recruitment.objects.get(body="kpps", region_id=PERSIAKAN)
    assert sorted(rec.areas.values_list("code", flat=True)) == [f"{PERSIAKAN}.00{i}" for i in (1, 2, 3)]
    assert AuditEvent.objects.get(event_type="adhoc.recruitment_created", target_id=str(rec.pk)).actor_id == \
        cast.pps_a1.pk
    # Another PPS of the same kab/kota: every page and operation of this recruitment is 404.
    area = rec.areas.order_by("code")[0]
    for url in (f"/adhoc/{rec.pk}/", f"/adhoc/{rec.pk}/tahap/", f"/adhoc/{rec.pk}/wilayah/{area.pk}/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/adhoc/{rec.pk}/tahap/", {"start": "2023-12-11", "end": "2023-12-20"}).status_code == 404
    # Registration (paper forms at the PPS secretariat), then closing it.
    r = pps.post(f"/adhoc/{rec.pk}/tahap/", {"start": "2023-12-11", "end": "2023-12-20"})
    assert r.status_code == 302 and Recruitment.objects.get(pk=rec.pk).status == RecruitmentStatus.REGISTRATION
    people = _register(rec, cast.pps_a1, {f"{PERSIAKAN}.001": 5, f"{PERSIAKAN}.002": 4, f"{PERSIAKAN}.003": 4})
    assert pps.post(f"/adhoc/{rec.pk}/tahap/", {"early_reason": ""}).status_code == 302
    # The administrative check: the PPS reads the identity data it checks (it is the office here).
    page = pps.get(f"/adhoc/pelamar/{people[0].pk}/").content.decode()
    assert people[0].nik in page
    assert other.get(f"/adhoc/pelamar/{people[0].pk}/").status_code == 404
    r = pps.post(f"/adhoc/pelamar/{people[4].pk}/verifikasi/", {"result": "tms", "reason": "ijazah tidak terbaca"})
    assert r.status_code == 302
    assert pps.post(f"/adhoc/{rec.pk}/aksi/verifikasi-ms/").status_code == 302
    assert Applicant.objects.filter(recruitment=rec, admin_result="ms").count() == 12
    # Announcing the administrative results skips the written test and the interview.
    assert pps.post(f"/adhoc/{rec.pk}/tahap/").status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.SELECTION
    with pytest.raises(ConflictError):
        actions.do_set_score(people[0], actor=cast.pps_a1, which="interview", value="80")
    # Ranking and the announcement of the results: registration order, 2 members and 2 reserves per TPS.
    assert pps.post(f"/adhoc/{rec.pk}/tahap/").status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.RANKED
    first = list(Applicant.objects.filter(area__code=f"{PERSIAKAN}.001", outcome__final_rank__isnull=False)
                 .order_by("outcome__final_rank"))
    assert [a.pk for a in first] == [a.pk for a in people[:4]] and \
        [a.selection for a in first] == ["member", "member", "reserve", "reserve"]
    steps = list(rec.announcements.values_list("step", flat=True))
    assert steps == ["admin", "final"]
    # Appointment (SK PPS) and inauguration: the members get the KPPS role of their TPS.
    r = pps.post(f"/adhoc/{rec.pk}/tahap/", {"sk_number": "1/PP.05/1276011006/2024", "sk_date": "2024-01-24"})
    assert r.status_code == 302
    r = pps.post(f"/adhoc/{rec.pk}/tahap/", {"on": "2024-01-25", "place": "Kantor Lurah Persiakan"})
    assert r.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.INAUGURATED
    member = first[0]
    grant = RoleAssignment.objects.get(origin=f"adhoc.applicant:{member.pk}")
    assert (grant.role, grant.scope_code) == ("kpps", member.area.code)
    on_rec = AuditEvent.objects.filter(target_type="adhoc.recruitment", target_id=str(rec.pk))
    assert not {"adhoc.written_scores_imported", "adhoc.interview_scores_imported"} & set(
        on_rec.values_list("event_type", flat=True))
    assert set(on_rec.values_list("actor_id", flat=True)) == {cast.pps_a1.pk}  # the PPS did every step
    # The KPU Kab/Kota keeps the view and steps in (a PAW here); the PPS of another kelurahan cannot.
    kpu = _client(cast.kpu_staff_a)
    assert kpu.get(f"/adhoc/{rec.pk}/").status_code == 200
    with pytest.raises(NotFoundError):
        actions.do_replace(member, actor=cast.pps_a2, reason="resigned", detail="x",
                           decided_on=datetime.date(2024, 2, 1))
    rep = actions.do_replace(member, actor=cast.kpu_staff_a, reason="resigned", detail="surat pengunduran diri",
                             decided_on=datetime.date(2024, 2, 1))
    assert rep.incoming is not None and rep.incoming.pk == first[2].pk
    assert not RoleAssignment.objects.get(pk=grant.pk).is_active


def test_a_pps_runs_it_through_the_api_and_another_pps_gets_404(cast: Cast, election: Any, small_kpps: Any) -> None:
    mine, other = _client(cast.pps_a2), _client(cast.pps_a1)

    def post(client: Client, url: str, body: dict[str, Any]) -> Any:
        return client.post(url, json.dumps(body), content_type="application/json")

    body = {"election": election.code, "body": "kpps", "region_code": BANDAR_SONO}
    assert post(other, "/api/v1/adhoc/recruitments", body).status_code == 404
    r = post(mine, "/api/v1/adhoc/recruitments", body)
    assert r.status_code == 201 and r.json()["region_code"] == BANDAR_SONO, r.content
    rid = r.json()["id"]
    step = f"/api/v1/adhoc/recruitments/{rid}/step"
    assert other.get(f"/api/v1/adhoc/recruitments/{rid}").status_code == 404
    assert post(other, step, {"action": "open", "start": "2023-12-11", "end": "2023-12-20"}).status_code == 404
    assert post(mine, step, {"action": "open", "start": "2023-12-11", "end": "2023-12-20"}).status_code == 200
    rec = Recruitment.objects.get(pk=rid)
    _register(rec, cast.pps_a2, {f"{BANDAR_SONO}.001": 4, f"{BANDAR_SONO}.002": 4})
    assert post(mine, step, {"action": "close"}).status_code == 200
    assert post(other, f"/api/v1/adhoc/recruitments/{rid}/verify-eligible", {}).status_code == 404
    assert post(mine, f"/api/v1/adhoc/recruitments/{rid}/verify-eligible", {}).status_code == 200
    r = post(mine, step, {"action": "announce_admin"})
    assert r.status_code == 200 and r.json()["status"] == "selection"
    r = post(mine, step, {"action": "announce_final"})
    assert r.status_code == 200 and r.json()["status"] == "ranked"
    r = post(mine, step, {"action": "appoint", "sk_number": "2/PP.05/2024", "sk_date": "2024-01-24"})
    assert r.status_code == 200 and r.json()["status"] == "appointed"
    assert Applicant.objects.filter(recruitment=rec, outcome__selection="member").count() == 4
    # The KPU Kab/Kota above reads it over the API as well.
    assert _client(cast.kpu_admin_a).get(f"/api/v1/adhoc/recruitments/{rid}").status_code == 200


def test_a_pps_does_not_manage_the_kpu_s_recruitments(cast: Cast, election: Any) -> None:
    """The PPS role counts only in a kelurahan's KPPS recruitment: not in a PPS recruitment of its own
    kelurahan (its own body), nor in a KPPS recruitment the KPU runs for the whole kab/kota, which in
    turn excludes kelurahan recruitments there."""
    pps_rec = actions.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    pps_rec = actions.do_open_registration(pps_rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                           end=datetime.date(2022, 12, 27))
    own = actions.do_register(pps_rec, data(area_code=PERSIAKAN, domicile_code=PERSIAKAN), actor=cast.kpu_staff_a)
    with pytest.raises(PermissionDeniedError):
        actions.do_extend(pps_rec.areas.get(code=PERSIAKAN), actor=cast.pps_a1, new_end=datetime.date(2022, 12, 30),
                          reason="x")
    with pytest.raises(PermissionDeniedError):
        actions.do_verify(own, actor=cast.pps_a1, result="tms", reason="x")
    kab_wide = actions.do_create_recruitment(election, "kpps", "12.76", actor=cast.kpu_staff_a)
    area = kab_wide.areas.get(code=f"{PERSIAKAN}.001")
    with pytest.raises(PermissionDeniedError):
        actions.do_extend(area, actor=cast.pps_a1, new_end=datetime.date(2024, 1, 1), reason="x")
    with pytest.raises(ConflictError, match="sudah dibentuk"):
        actions.do_create_recruitment(election, "kpps", PERSIAKAN, actor=cast.pps_a1)
