"""Issue 22 item 5 on the database: ``do_map_tps`` writes Voter.tps per desa (cap, KK whole, special
TPS exempt, TPS rows reused or created), audited; the report sets each desa beside its 2024 TPS."""

from __future__ import annotations

import datetime
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import NotFoundError, PermissionDeniedError
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.testing.factories import Cast
from pemilu.voters import tps_writes
from pemilu.voters.importer import import_dp4
from pemilu.voters.mapping import do_map_tps, tps_cap
from pemilu.voters.models import Coklit, NotEligibleReason, Voter, VoterSettings, VoterTps
from pemilu.voters.queries import tps_recap, voter_counts_for_tps
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows
from pemilu.voters.tps_writes import write_moves

PERSIAKAN, BANDAR_SONO, PELITA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"


@pytest.fixture
def voters(cast: Cast, election: Election, voter_key: str) -> list[Voter]:
    import_dp4(dp4_csv(dp4_rows(1500, seed=11, with_tps=False)), election=election, region_code="12.76",
               actor=cast.kpu_staff_a)
    return list(Voter.objects.all())


def assert_mapping_holds(election: Election, cap: int) -> dict[str, int]:
    """No regular TPS over the cap, no KK in two TPS, every eligible voter on a TPS of their own desa,
    TPS numbered 1 … k in each desa; answers TPS per desa."""
    sizes: dict[int, int] = defaultdict(int)
    kk_tps: dict[str, set[int]] = defaultdict(set)
    for tps_id, kk, village, tps_village, special in Voter.objects.filter(election=election).exclude(
            coklit=Coklit.NOT_ELIGIBLE).values_list("placement__tps", "kk_hash", "village_id",
                                                    "placement__tps__village_id", "placement__tps__is_special"):
        assert tps_id is not None
        assert tps_village == village
        if not special:
            sizes[tps_id] += 1
        kk_tps[kk].add(tps_id)
    assert max(sizes.values()) <= cap
    assert all(len(t) == 1 for t in kk_tps.values())
    numbers: dict[str, list[int]] = defaultdict(list)
    for desa, number in Tps.objects.filter(pk__in=sizes).values_list("village__code", "number"):
        numbers[desa].append(number)
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    return {v: len(n) for v, n in numbers.items()}


def test_map_writes_every_eligible_voter_under_the_cap_families_whole(cast: Cast, election: Election,
                                                                        voters: list[Voter]) -> None:
    report = do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=100)
    per_desa = assert_mapping_holds(election, 100)
    assert per_desa == {d.code: d.tps for d in report.desa if d.voters}
    assert sum(d.voters for d in report.desa) == len(voters)
    # Persiakan had TPS 001–003 (reused), the others are created with the mapping's source.
    assert report.tps_created == Tps.objects.filter(source="pemetaan").count() > 0
    assert Tps.objects.filter(village__code=PERSIAKAN, number__lte=3, source="tps2024").count() == 3
    # The 2024 figures come from the KPU file: Persiakan 21, Bandar Sono 13, Pelita 7 regular TPS (+ 1 special).
    by_code = {d.code: d for d in report.desa}
    assert (by_code[PERSIAKAN].tps_2024, by_code[BANDAR_SONO].tps_2024) == (21, 13)
    assert by_code[PERSIAKAN].difference == by_code[PERSIAKAN].tps - 21
    event = AuditEvent.objects.get(event_type="voters.tps_mapped")
    assert event.actor_id == cast.kpu_staff_a.pk and event.after["cap"] == 100  # type: ignore[index]
    # A second run moves nobody.
    again = do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=100)
    assert again.changed == 0 and again.tps_created == 0


def test_dry_run_writes_nothing(cast: Cast, election: Election, voters: list[Voter]) -> None:
    report = do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=100, dry_run=True)
    assert report.changed == len(voters) and report.tps > 0
    assert not Voter.objects.filter(placement__tps__isnull=False).exists()
    assert not AuditEvent.objects.filter(event_type="voters.tps_mapped").exists()
    assert not Tps.objects.filter(source="pemetaan").exists()


def test_cap_per_election_and_special_tps_exempt(cast: Cast, election: Election, voters: list[Voter]) -> None:
    assert tps_cap(election) == 300
    pilkada = Election.objects.create(code="pilkada-2024", name="Pilkada 2024", voting_day=datetime.date(2024, 11, 27))
    VoterSettings.objects.create(election=pilkada, tps_cap=600)
    assert tps_cap(pilkada) == 600
    special = Tps.objects.get(village__code=PELITA, number=901)
    inmates = list(Voter.objects.filter(village__code=PELITA).order_by("id")[:5])
    VoterTps.objects.bulk_create([VoterTps(voter=v, tps=special) for v in inmates])
    report = do_map_tps(election, PELITA, actor=cast.kpu_staff_a)
    assert Voter.objects.filter(placement__tps=special).count() == 5  # kept there, not under the cap
    pelita = report.desa[0]
    assert pelita.special_voters == 5 and pelita.voters == Voter.objects.filter(village__code=PELITA).count() - 5
    assert pelita.tps == -(-pelita.voters // 300) or pelita.tps == -(-pelita.voters // 300) + 1


def test_not_eligible_voters_lose_their_tps(cast: Cast, election: Election, voters: list[Voter]) -> None:
    do_map_tps(election, PERSIAKAN, actor=cast.kpu_staff_a, cap=100)
    gone = Voter.objects.filter(village__code=PERSIAKAN).first()
    assert gone is not None and gone.tps_id is not None
    Voter.objects.filter(pk=gone.pk).update(coklit=Coklit.NOT_ELIGIBLE, not_eligible_reason=NotEligibleReason.TNI)
    report = do_map_tps(election, PERSIAKAN, actor=cast.kpu_staff_a, cap=100)
    assert Voter.objects.get(pk=gone.pk).tps_id is None and report.unmapped == 1


def test_scope_and_role(cast: Cast, election: Election, voters: list[Voter]) -> None:
    with pytest.raises(NotFoundError):
        do_map_tps(election, "12.76", actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        do_map_tps(election, PERSIAKAN, actor=cast.pps_a1)
    assert not AuditEvent.objects.filter(event_type="voters.tps_mapped").exists()


def test_counts_for_tps_and_recap(cast: Cast, election: Election, voters: list[Voter]) -> None:
    do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=100)
    tps = Tps.objects.get(village__code=PERSIAKAN, number=1)
    counts = voter_counts_for_tps(election, tps)
    on_it = Voter.objects.filter(placement__tps=tps)
    assert counts.dpt_j == on_it.count() and counts.dpt_p == on_it.filter(sex="P").count()
    assert not counts.dpt_set and counts.dptb_j == counts.dpk_j == 0
    assert counts.ballots == counts.dpt_j + -(-counts.dpt_j * 2 // 100)
    r = tps_recap(election, "12.76")
    assert r.eligible == len(voters) and r.unmapped == 0
    assert sum(t.total for t in r.tps) == len(voters)
    assert {t.code: t.total for t in r.tps}[tps.code] == counts.dpt_j


def test_cli_prints_each_desa_beside_2024(cast: Cast, election: Election, voters: list[Voter]) -> None:
    out = StringIO()
    call_command("voters", "map-tps", "12.76", "--cap", "100", "--dry-run", "--election", election.code,
                 stdout=out)
    text = out.getvalue()
    line = next(row for row in text.splitlines() if row.startswith(PERSIAKAN))
    assert line.split()[-3:-1] == ["21", f"{int(line.split()[-4]) - 21:+d}"]
    assert "SIMULASI" in text and not Voter.objects.filter(placement__tps__isnull=False).exists()
    call_command("voters", "map-tps", "12.76", "--cap", "100", "--election", election.code, stdout=StringIO())
    out = StringIO()
    call_command("voters", "recap", "12.76", "--election", election.code, stdout=out)
    assert f"{PERSIAKAN}.001" in out.getvalue() and "belum dipetakan ke TPS: 0" in out.getvalue()


def _placement_indexes() -> dict[str, object]:
    with connection.cursor() as cursor:
        return dict(connection.introspection.get_constraints(cursor, VoterTps._meta.db_table))


@pytest.mark.parametrize("bulk", [True, False])
def test_moves_written_with_or_without_dropping_the_keys(cast: Cast, election: Election, voters: list[Voter],
                                                         bulk: bool) -> None:
    """PostgreSQL's bulk path (the narrow table's index and keys dropped, the upsert, re-created)
    leaves the same rows and the same indexes and keys as the plain upsert; SQLite always upserts.
    A second write replaces the TPS of the voters it names and leaves the others'; the wide voter
    rows are not touched."""
    before = _placement_indexes()
    updated = dict(Voter.objects.values_list("pk", "updated_at"))
    first, second = Tps.objects.filter(village__code=PERSIAKAN, number__in=[1, 2]).order_by("number")
    ids = [v.pk for v in voters]
    how = write_moves({first.pk: ids[:700], second.pk: ids[700:]}, bulk=bulk)
    assert how == ("bulk" if bulk and connection.vendor == "postgresql" else "upsert")
    assert set(Voter.objects.filter(placement__tps=first).values_list("pk", flat=True)) == set(ids[:700])
    assert Voter.objects.filter(placement__tps=second).count() == len(ids) - 700
    write_moves({second.pk: ids[:10]}, bulk=bulk)
    assert set(Voter.objects.filter(placement__tps=second).values_list("pk", flat=True)) == {*ids[:10], *ids[700:]}
    assert VoterTps.objects.count() == len(ids)
    assert _placement_indexes() == before
    assert dict(Voter.objects.values_list("pk", "updated_at")) == updated


def test_the_bulk_path_maps_like_the_plain_one(cast: Cast, election: Election, voters: list[Voter],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tps_writes, "BULK_MIN", 1)
    report = do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=100)
    assert report.written == ("bulk" if connection.vendor == "postgresql" else "upsert")
    assert report.tps_created > 0  # TPS created in the same transaction (pending key checks on PostgreSQL)
    assert assert_mapping_holds(election, 100) == {d.code: d.tps for d in report.desa if d.voters}
