"""Issue 5 point 1: the legal work-period window and its extension for re-votes (PSU/susulan/lanjutan)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pemilu.adhoc import actions, queries, terms
from pemilu.adhoc.models import Recruitment, RecruitmentStatus, WorkExtension
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError, PermissionDeniedError
from pemilu.testing.factories import PASSWORD, Cast

D = datetime.date
PERSIAKAN = "12.76.01.1006"


def test_legal_window_of_2024() -> None:
    # 14 Feb 2024: formed by 14 Aug 2023 at the latest, dissolved by 14 Apr 2024 at the latest.
    assert terms.legal_window(D(2024, 2, 14)) == (D(2023, 8, 14), D(2024, 4, 14))


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 24))
def test_revote_limit_is_months_after_the_planned_end(end: datetime.date, months: int) -> None:
    limit = terms.revote_end_limit(end, months)
    assert limit is not None and limit >= end
    assert (limit.year - end.year) * 12 + limit.month - end.month == months
    assert terms.revote_end_limit(end, None) is None


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)), st.integers(-40, 40))
def test_revote_extension_must_move_the_end_forward_within_the_limit(current: datetime.date, days: int) -> None:
    new = current + datetime.timedelta(days=days)
    limit = current + datetime.timedelta(days=20)
    problems = terms.revote_extension_problems(current, new, limit, "PSU di TPS 003")
    assert (problems == []) == (0 < days <= 20)
    assert terms.revote_extension_problems(current, current + datetime.timedelta(days=1), None, " ")


def _appointed(rec: Recruitment) -> Recruitment:
    # The work period as the builtin schedule has it (masa-kerja-pps / -kpps, KPT 476/2022, 1669/2023).
    start, end = (D(2024, 1, 25), D(2024, 2, 25)) if rec.body == "kpps" else (D(2023, 1, 17), D(2024, 4, 4))
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.APPOINTED, work_start=start, work_end=end)
    rec.refresh_from_db()
    return rec


def test_planned_work_period_and_flag_outside_the_law(cast: Cast, rec: Recruitment) -> None:
    assert queries.work_period(rec).problems == ["masa kerja belum dijadwalkan"]
    rec = _appointed(rec)
    work = queries.work_period(rec)
    assert (work.planned_start, work.planned_end) == (D(2023, 1, 17), D(2024, 4, 4))
    assert (work.latest_formation, work.latest_dissolution) == (D(2023, 8, 14), D(2024, 4, 14))
    assert work.problems == [] and work.limit is None  # PPS: no fixed cap on a re-vote extension
    Recruitment.objects.filter(pk=rec.pk).update(work_start=D(2023, 9, 1), work_end=D(2024, 5, 1))
    rec.refresh_from_db()
    problems = queries.work_period(rec).problems
    assert len(problems) == 2 and "kurang dari 6 bulan" in problems[0] and "lebih dari 2 bulan" in problems[1]
    client = Client()
    client.login(username=cast.kpu_staff_a.username, password=PASSWORD)
    body = client.get(f"/adhoc/{rec.pk}/").content.decode()
    assert "14-08-2023" in body and "14-04-2024" in body and "lebih dari 2 bulan" in body


def test_extend_an_area_for_psu_audited_and_recruitment_extension(cast: Cast, rec: Recruitment) -> None:
    staff = cast.kpu_staff_a
    area = rec.areas.get(code=PERSIAKAN)
    with pytest.raises(ConflictError):  # before appointment there is no work period to extend
        actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 5, 10), reason="PSU", area=area)
    rec = _appointed(rec)
    start = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="harus setelah"):
        actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 4, 4), reason="PSU", area=area)
    with pytest.raises(DomainError, match="alasan"):
        actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 5, 10), reason=" ", area=area)
    with pytest.raises(DomainError):
        actions.do_extend_work(rec, actor=staff, kind="ulang", new_end=D(2024, 5, 10), reason="x", area=area)
    assert AuditEvent.objects.count() == start and not WorkExtension.objects.exists()

    ext = actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 5, 10),
                                 reason="Rekomendasi Bawaslu: PSU TPS 003 Persiakan", area=area)
    area.refresh_from_db()
    assert (ext.previous_end, area.work_end, queries.area_work_end(area)) == (D(2024, 4, 4), D(2024, 5, 10),
                                                                              D(2024, 5, 10))
    ev = AuditEvent.objects.get(event_type="adhoc.work_extended")
    assert ev.after is not None and ev.region_code == PERSIAKAN
    assert ev.after["area"] == PERSIAKAN and ev.after["work_end"] == "2024-05-10"
    # The whole recruitment (a susulan everywhere) to a date after Persiakan's: Persiakan follows it.
    actions.do_extend_work(rec, actor=staff, kind="susulan", new_end=D(2024, 6, 1), reason="Pemilu susulan")
    rec.refresh_from_db()
    area.refresh_from_db()
    assert rec.work_end == D(2024, 6, 1) and area.work_end is None
    work = queries.work_period(rec)
    assert work.planned_end == D(2024, 4, 4) and work.current_end == D(2024, 6, 1) and work.problems == []
    assert AuditEvent.objects.filter(event_type="adhoc.work_extended").count() == 2
    last = AuditEvent.objects.filter(event_type="adhoc.work_extended").latest("id")
    assert last.after is not None and last.after["areas_following"] == 1 and last.region_code == "12.76"
    # Observers may not extend.
    with pytest.raises(PermissionDeniedError):
        actions.do_extend_work(rec, actor=cast.bawaslu_a, kind="psu", new_end=D(2024, 7, 1), reason="x")


def test_kpps_extension_at_most_one_month_pasal_27(cast: Cast, election, settings) -> None:
    staff = cast.kpu_staff_a
    rec = _appointed(actions.do_create_recruitment(election, "kpps", "12.76", actor=staff))
    assert rec.work_end == D(2024, 2, 25) and queries.work_period(rec).limit == D(2024, 3, 25)
    area = rec.areas.first()
    with pytest.raises(DomainError, match="paling lama sampai 25-03-2024"):
        actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 3, 26), reason="PSU", area=area)
    actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 3, 25), reason="PSU", area=area)
    # The cap is configuration.
    settings.PEMILU_ADHOC_REVOTE_EXTENSION_MONTHS = {"kpps": 2}
    actions.do_extend_work(rec, actor=staff, kind="lanjutan", new_end=D(2024, 4, 20), reason="lanjutan", area=area)


def test_extension_form_through_the_page(cast: Cast, rec: Recruitment) -> None:
    rec = _appointed(rec)
    area = rec.areas.get(code=PERSIAKAN)
    client = Client()
    client.login(username=cast.kpu_staff_a.username, password=PASSWORD)
    page = client.get(f"/adhoc/{rec.pk}/wilayah/{area.pk}/").content.decode()
    assert 'id="extend-work-form"' in page
    r = client.post(f"/adhoc/{rec.pk}/wilayah/{area.pk}/masa-kerja/",
                    {"kind": "psu", "new_end": "2024-05-10", "reason": "PSU TPS 003"})
    assert r.status_code == 302
    area.refresh_from_db()
    assert area.work_end == D(2024, 5, 10)
    page = client.get(f"/adhoc/{rec.pk}/wilayah/{area.pk}/").content.decode()
    assert "10-05-2024" in page and "PSU TPS 003" in page


def test_cli_extend_work(cast: Cast, rec: Recruitment) -> None:
    import io

    from django.core.management import call_command

    rec = _appointed(rec)
    out = io.StringIO()
    call_command("adhoc", "--as-user", cast.kpu_staff_a.username, "extend-work", str(rec.pk), "psu", "2024-05-02",
                 "PSU TPS 001", "--area", PERSIAKAN, stdout=out)
    assert "02-05-2024" in out.getvalue()
    assert rec.areas.get(code=PERSIAKAN).work_end == D(2024, 5, 2)
    assert AuditEvent.objects.filter(event_type="adhoc.work_extended", actor=cast.kpu_staff_a).count() == 1


def test_extension_through_the_api(cast: Cast, rec: Recruitment) -> None:
    import json

    rec = _appointed(rec)
    url = f"/api/v1/adhoc/recruitments/{rec.pk}/work-extensions"
    body = {"kind": "psu", "new_end": "2024-05-10", "reason": "PSU TPS 003", "area_code": PERSIAKAN}

    def post(who: str, data: Mapping[str, object]) -> Any:
        c = Client()
        assert c.login(username=getattr(cast, who).username, password=PASSWORD)
        return c.post(url, json.dumps(data), content_type="application/json")

    assert Client().post(url, json.dumps(body), content_type="application/json").status_code == 401
    assert post("bawaslu_a", body).status_code == 403          # in scope, may not act
    assert post("pps_a1", body).status_code == 403              # Persiakan's PPS: reads, does not act
    assert post("kpu_admin_b", body).status_code == 404         # another kab/kota
    bad = post("kpu_staff_a", {**body, "new_end": "2024-04-01"})
    assert bad.status_code == 400 and "harus setelah" in bad.json()["detail"]
    assert post("kpu_staff_a", {**body, "area_code": "12.06.01.2001"}).status_code == 404  # not this office's area
    assert not WorkExtension.objects.exists()
    r = post("kpu_staff_a", body)
    assert r.status_code == 201, r.content
    assert r.json()["area_code"] == PERSIAKAN and r.json()["previous_end"] == "2024-04-04"
    assert post("kpu_staff_a", {"kind": "susulan", "new_end": "2024-06-01", "reason": "susulan"}).status_code == 201
    c = Client()
    c.login(username=cast.pps_a1.username, password=PASSWORD)  # Persiakan's PPS reads both
    listed = c.get(url).json()["items"]
    assert [(e["kind"], e["area_code"], e["new_end"]) for e in listed] == [("psu", PERSIAKAN, "2024-05-10"),
                                                                          ("susulan", None, "2024-06-01")]
    assert AuditEvent.objects.filter(event_type="adhoc.work_extended").count() == 2
