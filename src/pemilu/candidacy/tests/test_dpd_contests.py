"""Contesting one's listing as a DPD supporter (issue 23 item 6): the public form under cek dukungan
(rate-limited with the lookup, revealing nothing about others), the KPU Provinsi's queue, the
decision with its reason; upheld, the row is struck and the support checked again; both audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.candidacy import dpd_contests
from pemilu.candidacy.dpd_rules import Code
from pemilu.candidacy.models import DpdCandidate, SupportContest, SupportContestStatus, Supporter
from pemilu.candidacy.tests.test_ladder_dpd import CONTESTED_NIK, ids  # noqa: F401  (the fixture)
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for
from pemilu.voters import crypto

FORM = {"name": "Pendukung 102", "contact": "pendukung@example.id", "statement": "Saya tidak kenal calon ini."}


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()


def nik_of(line: int, candidate_id: int) -> str:
    return crypto.open_sealed(Supporter.objects.get(candidate_id=candidate_id, line=line).nik_sealed)


def test_the_page_takes_a_contest_and_says_only_that_it_was_received(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    nik = nik_of(3, ids["a"])
    r = Client().post("/cek-dukungan/sanggah/", {"nik": nik, "candidate": ids["a"], **FORM})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="contest-received"' in body
    assert nik not in body and "Pendukung 1" not in body  # no supporter's name, not even one's own row
    item = SupportContest.objects.get(supporter__line=3, candidate_id=ids["a"])
    assert item.status == SupportContestStatus.RECEIVED and item.nik_hash == crypto.number_hash(nik)
    assert nik not in item.nik_sealed and item.contact == "pendukung@example.id"
    event = AuditEvent.objects.get(event_type="candidacy.dpd_support_contested", target_id=str(item.pk))
    assert event.region_code == "12" and event.after == {"candidate": ids["a"]}
    # The same listing again: refused while the first is open.
    again = Client().post("/cek-dukungan/sanggah/", {"nik": nik, "candidate": ids["a"], **FORM})
    assert again.status_code == 409 and SupportContest.objects.filter(supporter__line=3).count() == 1


def test_a_contest_names_only_ones_own_listing(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    b = DpdCandidate.objects.exclude(pk=ids["a"]).get()
    nik = nik_of(3, ids["a"])
    # Not on B's list: refused, as for a NIK on no list at all (nothing is said about B's list).
    on_b = Client().post("/cek-dukungan/sanggah/", {"nik": nik, "candidate": b.pk, **FORM})
    nowhere = Client().post("/cek-dukungan/sanggah/", {"nik": "1276010101800999", "candidate": b.pk, **FORM})
    assert on_b.status_code == nowhere.status_code == 400
    assert all("tidak tercantum" in r.content.decode() for r in (on_b, nowhere))
    for bad in ({"nik": "1234"}, {"contact": "bukan kontak"}, {"statement": " "}, {"candidate": "x"}):
        data = {"nik": nik, "candidate": ids["a"], **FORM, **bad}
        assert Client().post("/cek-dukungan/sanggah/", data).status_code == 400
    assert not SupportContest.objects.filter(supporter__line=3).exists()


def test_the_api_takes_a_contest_and_shares_the_lookups_rate_limit(cast: Cast, ids: dict[str, int],  # noqa: F811
                                                                   settings: Any) -> None:
    settings.PEMILU_SUPPORT_LOOKUPS_PER_HOUR = 2
    nik = nik_of(4, ids["a"])
    assert Client().post("/cek-dukungan/", {"nik": nik}).status_code == 200
    r = Client().post("/api/v1/candidacy/dpd/support-contests", {"nik": nik, "candidate_id": ids["a"], **FORM},
                      content_type="application/json")
    assert r.status_code == 201 and r.json() == {"candidate": "Calon DPD 1", "status": "diterima"}
    r = Client().post("/api/v1/candidacy/dpd/support-contests", {"nik": nik, "candidate_id": ids["a"], **FORM},
                      content_type="application/json")
    assert r.status_code == 429 and r.json()["code"] == "throttled"
    assert Client().post("/cek-dukungan/sanggah/", {"nik": nik, "candidate": ids["a"], **FORM}).status_code == 429


def test_upheld_strikes_the_row_and_checks_the_support_again(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    from pemilu.accounts.models import User

    kpu_prov = User.objects.get(username="kpu_prov_12")
    a = DpdCandidate.objects.get(pk=ids["a"])
    before = dict(a.support)
    item = SupportContest.objects.get(pk=ids["contest"])
    for who, error in ((cast.kpu_staff_a, NotFoundError), (User.objects.get(username="bawaslu_12"),
                                                           PermissionDeniedError)):
        with pytest.raises(error):
            dpd_contests.do_resolve_support_contest(item, actor=who, upheld=True, reason="x")
    with pytest.raises(DomainError):
        dpd_contests.do_resolve_support_contest(item, actor=kpu_prov, upheld=True, reason="  ")
    dpd_contests.do_resolve_support_contest(item, actor=kpu_prov, upheld=True,
                                            reason="Pendukung hadir; tanda tangan di formulir bukan miliknya.")
    a.refresh_from_db()
    struck = Supporter.objects.get(pk=item.supporter_id)
    assert struck.code == Code.DENIED and struck.message.startswith(f"baris {struck.line}: ")  # its line, not its id
    # One fewer valid row and the penalty for data palsu (UU 7/2017 Pasal 260(3)): 50.
    assert (a.support["valid"], a.support["denied"], a.support["penalty"]) == (before["valid"] - 1, 1, 50)
    assert a.support["counted"] == max(0, before["valid"] - 1 - 50)
    event = AuditEvent.objects.get(event_type="candidacy.dpd_contest_resolved")
    assert event.actor == kpu_prov and event.reason.startswith("Pendukung hadir")
    assert (event.after or {})["status"] == "terbukti" and (event.after or {})["penalty"] == 50
    with pytest.raises(ConflictError):
        dpd_contests.do_resolve_support_contest(item, actor=kpu_prov, upheld=False, reason="lagi")
    # The cek dukungan now answers the row as struck.
    r = Client().post("/cek-dukungan/", {"nik": CONTESTED_NIK})
    assert "sanggahan terbukti" in r.content.decode()


def test_the_queue_page_and_the_api_resolve_dismissed(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    prov = client_for(cast, "kpu_prov_12")
    # An outcome that is neither of the two is named and decides nothing (it used to count as dismissed).
    junk = prov.post(f"/pencalonan/dpd/sanggahan/{ids['contest']}/putus/", {"outcome": "mungkin", "reason": "x"},
                     follow=True).content.decode()
    assert "Keputusan" in junk and SupportContest.objects.get(pk=ids["contest"]).status == "diterima"
    page = prov.get("/pencalonan/dpd/sanggahan/").content.decode()
    assert f'id="contest-{ids["contest"]}"' in page and "Pendukung 101" in page and CONTESTED_NIK not in page
    assert crypto.mask(CONTESTED_NIK) in page
    # A KPU Kab/Kota of the province reads none of it: the queue is the province's.
    mine = client_for(cast, "kpu_staff_a").get("/pencalonan/dpd/sanggahan/").content.decode()
    assert "Pendukung 101" not in mine
    listed = prov.get("/api/v1/candidacy/dpd/contests?status=diterima").json()
    assert [c["id"] for c in listed["items"]] == [ids["contest"]] and listed["items"][0]["nik"] == crypto.mask(
        CONTESTED_NIK)
    r = prov.post(f"/api/v1/candidacy/dpd/contests/{ids['contest']}/resolution",
                  {"upheld": False, "reason": "Tanda tangan cocok dengan KTP"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "ditolak"
    a = DpdCandidate.objects.get(pk=ids["a"])
    assert a.support["denied"] == 0 and not Supporter.objects.filter(code=Code.DENIED).exists()
    event = AuditEvent.objects.get(event_type="candidacy.dpd_contest_resolved")
    assert event.after == {"status": "ditolak"} and event.reason == "Tanda tangan cocok dengan KTP"
    # Dismissed: the person may contest again (a new statement).
    Client().post("/cek-dukungan/sanggah/", {"nik": CONTESTED_NIK, "candidate": ids["a"], **FORM})
    assert SupportContest.objects.filter(status=SupportContestStatus.RECEIVED).count() == 1
