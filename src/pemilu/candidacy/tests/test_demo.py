"""The candidacy demo (candidacy/demo.py) with its voter key, as ``python3 tasks.py demo`` runs it:
the DPRD Kota lists at their stages, and the DCT as the ballot the demo's count is typed on and
its seats are allocated from (the whole demo without the key is core/tests/test_demo.py)."""

from __future__ import annotations

from collections import Counter

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.candidacy import ballot, queries
from pemilu.candidacy.demo import HELD, LIAISON
from pemilu.candidacy.models import Candidate, CandidateList, CvConsent, DpdCandidate, ListStatus, PublicResponse
from pemilu.core import demo
from pemilu.core.exceptions import TransitionBlocked
from pemilu.results.actions import do_lock_plenary
from pemilu.results.models import BallotCandidate, Contest, Dapil, Result
from pemilu.seats import from_recap


def test_the_demo_dct_is_the_ballot_of_the_count_and_the_seats(db: None) -> None:
    said: list[str] = []
    actor = get_system_user()
    for loader in (demo.load_regions, demo.load_users, demo.load_election, demo.load_dprd_reference,
                   demo.load_candidacy, demo.load_seats_dprd, demo.load_candidacy):  # the second: idempotent
        loader(actor, said.append)
    assert "Pencalonan DPRD Kota Tebing Tinggi: sudah dimuat" in said
    lists = CandidateList.objects.filter(dapil__code__startswith="1276")
    assert Counter(lists.values_list("status", flat=True)) == {
        ListStatus.DCT: 54 - len(HELD), ListStatus.BCS: 2, ListStatus.CORRECTION: 1, ListStatus.DCS: 2}
    # One source of truth: each contest's candidates are exactly its DCT, in nomor urut.
    for dapil in Dapil.objects.filter(code__startswith="1276"):
        dct = [(f"{c.candidate_list.party.ballot_no}.{c.number}", c.name) for c in Candidate.objects.filter(
            candidate_list__dapil=dapil, candidate_list__status=ListStatus.DCT).order_by(
            "candidate_list__party__ballot_no", "number").select_related("candidate_list__party")]
        contest = Contest.objects.get(dapil=dapil)
        assert [(c["key"], c["label"]) for c in contest.choices if "." in str(c["key"])] == dct
        keys = {str(c["key"]) for c in contest.choices}
        typed = Result.objects.filter(contest=contest).select_related("current").first()
        assert typed is not None and typed.current is not None and set(typed.current.votes) <= keys
    assert BallotCandidate.objects.filter(dapil__code__startswith="1276").count() == 3 * (54 - len(HELD))
    # The liaison officer sees its party's three lists; a response waits for its reply.
    liaison = User.objects.get(username=LIAISON)
    assert liaison.check_password(demo.DEMO_PASSWORD)
    mine = queries.lists_visible_to(liaison)
    assert sorted(mine.values_list("party__abbr", "status")) == [("GELORA", "dcs"), ("GELORA", "dct"),
                                                                  ("GELORA", "dct")]
    assert PublicResponse.objects.filter(candidate_list__in=mine, status="diteruskan").count() == 1
    assert CvConsent.objects.filter(publish=False).count() == 1
    assert DpdCandidate.objects.filter(province__region_id="12").count() == 2
    # Dapil 1's specimen prints; dapil 3's waits for its lists.
    assert ballot.specimen(Dapil.objects.get(code="127601")).columns
    try:
        ballot.specimen(Dapil.objects.get(code="127603"))
    except TransitionBlocked as exc:
        assert [b.code for b in exc.blockers] == ["not_dct", "not_dct", "not_announced"]
    else:
        raise AssertionError("dapil 3's specimen is held")
    # KPU Kota locks its plenaries and allocates: every elected member is on the DCT.
    kpu = User.objects.get(username="kpu.tebingtinggi")
    for contest in Contest.objects.filter(code__startswith="dprd_kab-1276"):
        do_lock_plenary(contest, "12.76", actor=kpu)
    election = lists.first().election  # type: ignore[union-attr]
    run, _ = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=kpu)
    elected = from_recap.elected(run)
    assert len(elected) == 25
    dct_names = set(Candidate.objects.filter(candidate_list__status=ListStatus.DCT).values_list("name", flat=True))
    assert {e.name for e in elected} <= dct_names
