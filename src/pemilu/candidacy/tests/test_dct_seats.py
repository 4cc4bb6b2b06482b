"""The DCT's nomor urut is the seat module's list order for ties (issue 23 item 7): setting the
DCT writes the count's ballot (``write_ballots``), the seats read each candidate's number and sex
from that ballot, and two candidates equal on votes, spread and sex go by the DCT's number."""

from __future__ import annotations

import dataclasses
import datetime

from pemilu.accounts.actions import get_system_user
from pemilu.candidacy import actions
from pemilu.candidacy.tests.world import candidate
from pemilu.core import clock
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Contest, Dapil, EntryMode, Party
from pemilu.results.reference import config_for, do_import_reference
from pemilu.seats import from_recap
from pemilu.seats.tests import recap_world
from pemilu.testing.factories import Cast, make_user

# PKB's DCT in dapil 1, submitted in reverse row order: the number, not the row or the name, counts.
PKB_DCT = [(3, "Andi Lubis", "L"), (2, "Sri Rahayu", "P"), (1, "Zulkifli Nasution", "L")]
# 3 seats: PKB 300 + 80 personal → 1 seat (GERINDRA 300 → 1, PDIP 250 → 1). Its nos. 1 and 3 tie on
# 40 votes over the same TPS (equal spread), both men: the DCT's no. 1 takes the seat.
DAPIL1 = {"1": 300, "1.1": 40, "1.3": 40, "2": 300, "3": 250}
DAPIL2 = {"2": 250, "3": 200, "1": 45}


def test_a_tie_on_votes_spread_and_sex_goes_to_the_dct_nomor_urut(cast: Cast) -> None:
    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=recap_world.DAPIL_CSV.format(seats1=3, seats2=3).encode(),
                        parties_file=recap_world.PARTIES_CSV.encode(), actor=get_system_user())
    config = config_for(election)
    config.entry_mode = EntryMode.DIRECT
    config.save()
    pkb = Party.objects.get(election=election, ballot_no=1)
    liaison = make_user("lo_pkb")
    actions.do_appoint_liaison(liaison, pkb, "12.76", actor=cast.kpu_admin_a, reason="surat DPC PKB")
    dapil = Dapil.objects.get(election=election, code="127601")
    rows = [dataclasses.replace(candidate(n, woman=sex == "P", serial=800 + n), name=name)
            for n, name, sex in PKB_DCT]
    lst = actions.do_submit_list(pkb, dapil, rows, actor=liaison)
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    actions.do_announce_dcs(lst, actor=cast.kpu_admin_a)
    actions.do_set_dct(lst, actor=cast.kpu_admin_a, decree_no="5/PL.01.4-Kpt/1276/2023",
                       decree_date=clock.today() - datetime.timedelta(days=1))
    contest = Contest.objects.get(election=election, code="dprd_kab-127601")
    assert [(c["key"], c["label"]) for c in contest.choices if str(c["key"]).startswith("1.")] == [
        ("1.1", "Zulkifli Nasution"), ("1.2", "Sri Rahayu"), ("1.3", "Andi Lubis")]

    for code, votes in (("127601", DAPIL1), ("127602", DAPIL2)):
        recap_world.lock(recap_world.enter(election, code, votes, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    source = from_recap.read_recap(election, "dprd-kabkota", "12.76")
    pkb_rows = sorted((c.ballot_no, c.name, c.sex, c.votes) for c in source.candidates if c.party == "PKB")
    assert pkb_rows == [(1, "Zulkifli Nasution", "L", 40), (2, "Sri Rahayu", "P", 0), (3, "Andi Lubis", "L", 40)]
    run, _ = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    d1 = run.dapils.get(code="127601")
    assert d1.seats_won["PKB"] == 1
    assert [c[:3] for c in d1.elected["PKB"]] == [["Zulkifli Nasution", 1, 40]]
