"""Issue 19 item 7: an applicant with an open public response (tanggapan masyarakat, KPT 476/2022
step 7) cannot be appointed until it is resolved with a reason (the office's follow-up)."""

from __future__ import annotations

import datetime

import pytest

from pemilu.adhoc import actions, queries
from pemilu.adhoc.actions.base import announce
from pemilu.adhoc.models import Applicant, Outcome, Recruitment, RecruitmentStatus, Step
from pemilu.adhoc.tests.conftest import register
from pemilu.core.exceptions import ConflictError, DomainError, TransitionBlocked
from pemilu.testing.factories import Cast

AREAS = ("12.76.01.1006", "12.76.01.1007", "12.76.02.1001")
TEXT = "Calon ini tercatat sebagai pengurus partai pada 2021 (foto terlampir di media sosial)."


def _ranked(cast: Cast, rec: Recruitment) -> dict[str, list[Applicant]]:
    """Every area with 3 members and 2 reserves ranked, the final results announced."""
    out: dict[str, list[Applicant]] = {}
    for code in rec.areas.values_list("code", flat=True):
        people = [register(rec, cast.kpu_staff_a, docs=False, area_code=code, domicile_code=code) for _i in range(5)]
        for rank, a in enumerate(people, start=1):
            Outcome.objects.filter(applicant=a).update(final_rank=rank, selection="member" if rank <= 3 else "reserve")
        out[code] = [Applicant.objects.get(pk=a.pk) for a in people]
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.RANKED)
    rec.refresh_from_db()
    return out


def test_an_applicant_with_an_open_public_response_cannot_be_appointed(cast: Cast, rec: Recruitment) -> None:
    staff = cast.kpu_staff_a
    people = _ranked(cast, rec)
    ann = announce(rec, Step.FINAL, staff)
    member = people[rec.areas.order_by("code").first().code][0]  # type: ignore[union-attr]
    comment = actions.submit_comment(ann, member.pk, TEXT)
    with pytest.raises(TransitionBlocked) as blocked:
        actions.do_appoint(rec, actor=staff, sk_number="12/PP.04.2-Kpt/1276/2023", sk_date=datetime.date(2023, 1, 16))
    found = [b for b in blocked.value.blockers if b.code == "open_comments"]
    assert found and member.masked_nik in found[0].message and member.name in found[0].message
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.RANKED
    # Resolved only with a reason: an empty follow-up is refused.
    with pytest.raises(DomainError):
        actions.do_follow_up_comment(comment, actor=staff, follow_up=" ")
    actions.do_follow_up_comment(comment, actor=staff, follow_up="Klarifikasi: bukan pengurus partai (surat 3/2023).")
    assert queries.blockers(rec, RecruitmentStatus.APPOINTED) == []
    actions.do_appoint(rec, actor=staff, sk_number="12/PP.04.2-Kpt/1276/2023", sk_date=datetime.date(2023, 1, 16))
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.APPOINTED


def test_a_comment_on_a_reserve_holds_neither_the_decree_nor_others_but_holds_its_paw(
        cast: Cast, rec: Recruitment) -> None:
    staff = cast.kpu_staff_a
    people = _ranked(cast, rec)
    ann = announce(rec, Step.FINAL, staff)
    persiakan = people[AREAS[0]]
    reserve = persiakan[3]
    comment = actions.submit_comment(ann, reserve.pk, TEXT)
    # Only members are appointed by the decree: a reserve's open comment does not hold it.
    actions.do_appoint(rec, actor=staff, sk_number="12/PP.04.2-Kpt/1276/2023", sk_date=datetime.date(2023, 1, 16))
    # ... but the reserve is not made a member (PAW) while the comment is open.
    with pytest.raises(ConflictError, match="tanggapan masyarakat"):
        actions.do_replace(persiakan[0], actor=staff, reason="resigned", detail="surat pengunduran diri",
                           decided_on=datetime.date(2023, 3, 1))
    assert Applicant.objects.get(pk=persiakan[0].pk).status == "active"
    actions.do_follow_up_comment(comment, actor=staff, follow_up="Diverifikasi: tuduhan tidak terbukti.")
    rep = actions.do_replace(persiakan[0], actor=staff, reason="resigned", detail="surat pengunduran diri",
                             decided_on=datetime.date(2023, 3, 1))
    assert rep.incoming is not None and rep.incoming.pk == reserve.pk
