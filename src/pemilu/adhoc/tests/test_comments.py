"""Issue 5 point 5/6 and domain brief §1.3 step 7: the PAW announcement (PDF, masked NIK) and the
public comments (tanggapan masyarakat) on announced candidates — no login, rate-limited, stored,
read and followed up only by the KPU office handling the area, audited."""

from __future__ import annotations

import datetime
import subprocess
from typing import Any

import pytest
from django.test import Client

from pemilu.adhoc import actions
from pemilu.adhoc.actions.base import announce
from pemilu.adhoc.models import (
    AdminResult,
    Announcement,
    Applicant,
    CommentStatus,
    Outcome,
    PublicComment,
    Recruitment,
    RecruitmentStatus,
    Step,
)
from pemilu.adhoc.tests.conftest import register
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.core.jobs import run_queued_jobs
from pemilu.testing.factories import PASSWORD, Cast

PERSIAKAN = "12.76.01.1006"
TEXT = "Calon ini tercatat sebagai pengurus partai pada 2021 (foto terlampir di media sosial)."


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    assert c.login(username=getattr(cast, who).username, password=PASSWORD)
    return c


@pytest.fixture
def announced(cast: Cast, rec: Recruitment) -> tuple[Announcement, list[Applicant]]:
    """Five Persiakan applicants verified MS and the administrative results announced."""
    people = [register(rec, cast.kpu_staff_a, docs=False) for _i in range(5)]
    Applicant.objects.filter(pk__in=[a.pk for a in people]).update(admin_result=AdminResult.MS)
    ann = announce(rec, Step.ADMIN, cast.kpu_staff_a)
    return ann, people


def test_paw_is_announced_as_pdf_with_masked_nik(cast: Cast, rec: Recruitment,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    people = [register(rec, cast.kpu_staff_a, docs=False, gender="P" if i % 2 else "L") for i in range(5)]
    for rank, a in enumerate(people, start=1):
        Outcome.objects.filter(applicant=a).update(final_rank=rank, selection="member" if rank <= 3 else "reserve")
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.INAUGURATED)
    leaving = Applicant.objects.get(pk=people[1].pk)
    start = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        rep = actions.do_replace(leaving, actor=cast.kpu_staff_a, reason="resigned",
                                 detail="surat pengunduran diri", decided_on=datetime.date(2023, 3, 1),
                                 sk_number="PAW-7/2023")
    ann = rep.announcement
    assert ann is not None and ann.step == Step.REPLACEMENT and ann.state == "pending"
    run_queued_jobs()  # the worker renders the PDF after the commit
    ann.refresh_from_db()
    # The incoming member of a body in office gets an account and the role (issue 20 item 2); the
    # leaving one had none here (the recruitment was set to inaugurated directly), so none is revoked.
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)[start:]) == [
        "accounts.user_created", "accounts.role_granted",
        "adhoc.member_replaced", "adhoc.announced", "adhoc.announcement_rendered"]
    text = subprocess.run(["pdftotext", "-layout", ann.file.path, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "PENGGANTIAN ANTARWAKTU" in text and "PAW-7/2023" in text
    assert leaving.name in text and people[3].name in text and "Mengundurkan diri" in text
    assert leaving.masked_nik in text and people[3].masked_nik in text
    assert leaving.nik not in text and people[3].nik not in text
    # Public: listed, and the comment form offers the incoming member only.
    page = Client().get(f"/adhoc/pengumuman/{ann.pk}/tanggapan/").content.decode()
    assert people[3].masked_nik in page and leaving.masked_nik not in page and people[3].nik not in page


def test_public_comment_stored_audited_and_only_for_the_kpu_office(
        cast: Cast, announced: tuple[Announcement, list[Applicant]]) -> None:
    ann, people = announced
    public = Client(REMOTE_ADDR="10.1.1.1")
    page = public.get(f"/adhoc/pengumuman/{ann.pk}/tanggapan/").content.decode()
    assert people[0].masked_nik in page and people[0].nik not in page
    r = public.post(f"/adhoc/pengumuman/{ann.pk}/tanggapan/", {"candidate": str(people[0].pk), "text": TEXT,
                                                                "sender_name": "Warga", "sender_contact": "0812"})
    assert r.status_code == 200 and 'id="comment-done"' in r.content.decode()
    c = PublicComment.objects.get()
    assert (c.applicant_id, c.text, c.desa_code, c.status) == (people[0].pk, TEXT, PERSIAKAN, CommentStatus.NEW)
    ev = AuditEvent.objects.get(event_type="adhoc.comment_received")
    assert ev.actor is not None and ev.actor.username == actions.PUBLIC_COMMENTS
    assert ev.region_code == PERSIAKAN and ev.after is not None
    assert TEXT not in str(ev.after) and people[0].nik not in str(ev.after)
    # A candidate not in the announcement / too short: refused, nothing stored.
    other = register(ann.recruitment, cast.kpu_staff_a, docs=False)
    with pytest.raises(DomainError):
        actions.submit_comment(ann, other.pk, TEXT)
    with pytest.raises(DomainError):
        actions.submit_comment(ann, people[0].pk, "pendek")
    assert PublicComment.objects.count() == 1
    # The office reads and follows up; PPS/Bawaslu are 403; another kab/kota 404.
    body = _client(cast, "kpu_staff_a").get(f"/adhoc/{ann.recruitment_id}/tanggapan/").content.decode()
    assert TEXT in body and people[0].nik in body
    assert TEXT in _client(cast, "kpu_staff_a").get(f"/adhoc/pelamar/{people[0].pk}/").content.decode()
    assert TEXT not in _client(cast, "pps_a1").get(f"/adhoc/pelamar/{people[0].pk}/").content.decode()
    with pytest.raises(PermissionDeniedError):
        actions.do_follow_up_comment(c, actor=cast.pps_a1, follow_up="x")
    with pytest.raises(NotFoundError):
        actions.do_follow_up_comment(c, actor=cast.kpu_admin_b, follow_up="x")
    with pytest.raises(DomainError):
        actions.do_follow_up_comment(c, actor=cast.kpu_staff_a, follow_up=" ")
    r = _client(cast, "kpu_staff_a").post(f"/adhoc/tanggapan/{c.pk}/tindak-lanjut/",
                                          {"follow_up": "Klarifikasi ke partai: bukan anggota (surat 12/2023)."})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == CommentStatus.FOLLOWED_UP and c.followed_up_by == cast.kpu_staff_a
    ev = AuditEvent.objects.get(event_type="adhoc.comment_followed_up")
    assert ev.actor_id == cast.kpu_staff_a.pk and ev.before == {"status": "new", "follow_up": ""}


def test_public_comments_are_rate_limited_per_ip(cast: Cast, announced: tuple[Announcement, list[Applicant]],
                                                 settings: Any) -> None:
    ann, people = announced
    settings.PEMILU_ADHOC_COMMENTS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="10.2.2.2")
    post = {"candidate": str(people[1].pk), "text": TEXT}
    codes = [client.post(f"/adhoc/pengumuman/{ann.pk}/tanggapan/", post).status_code for _i in range(3)]
    assert codes == [200, 200, 429]
    assert Client(REMOTE_ADDR="10.2.2.3").post(f"/adhoc/pengumuman/{ann.pk}/tanggapan/", post).status_code == 200
    assert PublicComment.objects.count() == 3


@pytest.fixture
def comment_rows(cast: Cast, announced: tuple[Announcement, list[Applicant]]) -> dict[str, int]:
    ann, people = announced
    actions.submit_comment(ann, people[0].pk, TEXT)
    return {"ann": ann.pk}


def test_public_comment_page_is_public(cast: Cast, comment_rows: dict[str, int]) -> None:
    # Unscoped by design (no login): every rung gets the form, none sees the stored comments.
    for who in (None, "nobody", "kpu_admin_b", "pps_a1", "kpu_staff_a"):
        c = Client() if who is None else _client(cast, who)
        r = c.get(f"/adhoc/pengumuman/{comment_rows['ann']}/tanggapan/")
        assert r.status_code == 200 and TEXT not in r.content.decode()
    assert Client().get("/adhoc/pengumuman/999999/tanggapan/").status_code == 404


def test_comments_and_follow_up_through_the_api(cast: Cast, announced: tuple[Announcement, list[Applicant]]) -> None:
    import json

    ann, people = announced
    c = actions.submit_comment(ann, people[0].pk, TEXT, sender_name="Warga")
    url = f"/api/v1/adhoc/recruitments/{ann.recruitment_id}/comments"
    listed = _client(cast, "kpu_staff_a").get(url).json()["items"]
    assert [(x["id"], x["text"], x["area_code"], x["status"]) for x in listed] == [(c.pk, TEXT, PERSIAKAN, "new")]
    assert _client(cast, "pps_a1").get(url).status_code == 403
    assert _client(cast, "kpu_admin_b").get(url).status_code == 404
    follow = f"/api/v1/adhoc/comments/{c.pk}/follow-up"

    def post(who: str, text: str) -> Any:
        return _client(cast, who).post(follow, json.dumps({"follow_up": text}), content_type="application/json")

    assert post("pps_a1", "x").status_code == 403
    assert post("kpu_admin_b", "x").status_code == 404
    assert post("kpu_staff_a", " ").status_code == 400
    r = post("kpu_staff_a", "Klarifikasi ke partai: bukan anggota.")
    assert r.status_code == 200 and r.json()["status"] == CommentStatus.FOLLOWED_UP
    c.refresh_from_db()
    assert c.follow_up == "Klarifikasi ke partai: bukan anggota." and c.followed_up_by == cast.kpu_staff_a
    assert AuditEvent.objects.filter(event_type="adhoc.comment_followed_up").count() == 1
