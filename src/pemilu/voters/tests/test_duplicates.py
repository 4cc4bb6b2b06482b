"""Issue 22 item 4: the duplicate search fills a review queue; the PPS/KPU decides each pair with a
reason (audited, nothing removed); across kab/kota the match runs on keyed hashes only."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from itertools import combinations
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.core.jobs import run_queued_jobs
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters import crypto, dupsearch, matching
from pemilu.voters.duplicates import do_decide_duplicate, do_match_across, start_duplicate_search
from pemilu.voters.generator import generate
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import CoklitRecord, DuplicatePair, DuplicateSearch, Voter
from pemilu.voters.tests.conftest import CAST_DESA, dp4_csv

KARO_DESA = "12.06.01.2001"


def _seeded(count: int = 400, seed: int = 5) -> tuple[list[dict[str, str]], set[tuple[int, int]], set[tuple[int, int]]]:
    """Generated voters in the cast's desa of Tebing Tinggi (families together), with 6 exact and
    12 new-NIK duplicates; the seeded pairs as (line, line)."""
    rows, truth = generate(count, seed=seed, junk_per_code=0, exact_duplicates=6, new_nik_duplicates=12)
    desa = list(CAST_DESA)
    families: dict[str, str] = {}
    for row in rows:
        row["kode_desa"] = families.setdefault(row["no_kk"], desa[len(families) % len(desa)])
    exact = {(min(a, b) + 2, max(a, b) + 2) for a, b in truth.exact_duplicates}
    potential = {(min(a, b) + 2, max(a, b) + 2) for a, b in truth.new_nik_duplicates}
    return rows, exact, potential


@pytest.fixture
def searched(cast: Cast, election: Election, voter_key: str, django_capture_on_commit_callbacks: Any
             ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    rows, exact, potential = _seeded()
    import_dp4(dp4_csv(rows), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    _search(election, cast, django_capture_on_commit_callbacks)
    return exact, potential


def _search(election: Election, cast: Cast, capture: Any) -> None:
    with capture(execute=True):
        start_duplicate_search(election, "12.76", actor=cast.kpu_staff_a)
    run_queued_jobs()


def _lines(pair: DuplicatePair) -> tuple[int, int]:
    a, b = pair.voter_a, pair.voter_b
    assert b is not None
    return (a.source_line or 0, b.source_line or 0)


def test_the_search_finds_the_seeded_pairs(searched: tuple[set[tuple[int, int]], set[tuple[int, int]]]) -> None:
    exact, potential = searched
    search = DuplicateSearch.objects.get()
    assert search.state == "done" and search.identical == len(exact) == 6
    found = {kind: {_lines(p) for p in DuplicatePair.objects.filter(kind=kind)} for kind in ("identik", "potensi")}
    assert found["identik"] == exact
    assert found["potensi"] == potential  # all 12 found, nothing else in 400 voters
    assert AuditEvent.objects.filter(event_type="voters.duplicates_searched").get().after["potensi"] == 12  # type: ignore[index]


def test_the_search_finds_what_comparing_every_pair_sharing_a_key_finds(cast: Cast, election: Election,
                                                                         voter_key: str) -> None:
    """``potential_matches`` takes shortcuts (blocks streamed by birth date and by KK, the names
    compared only when the other fields leave the pair a chance); they change nothing: it answers
    exactly the pairs, with their scores, of scoring every two voters sharing one of
    ``matching.blocking_keys`` with ``matching.compare``."""
    rows, _exact, potential = _seeded(900, seed=11)
    seeded_lines = {line for pair in potential for line in pair}
    for line in range(3, len(rows) + 2, 7):  # one crowded birth date: many same-day strangers
        if line not in seeded_lines:
            rows[line - 2]["tanggal_lahir"] = rows[0]["tanggal_lahir"]
    # At the shortcut's edge: the same name, birth date and KK, another birth place and occupation
    # (the other fields 5.5, the names 7: weight 12.5, a candidate).
    edge = dict(rows[10], nik=rows[10]["nik"][:12] + "9999",
                tempat_lahir="Jakarta" if rows[10]["tempat_lahir"] != "Jakarta" else "Medan",
                pekerjaan="NELAYAN/PERIKANAN" if rows[10]["pekerjaan"] != "NELAYAN/PERIKANAN" else "GURU")
    rows.append(edge)
    import_dp4(dp4_csv(rows), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    people = list(dupsearch._people(election, "12.76", ("id",)))
    by_key: dict[str, list[matching.Person]] = defaultdict(list)
    for p in people:
        for key in matching.blocking_keys(p):
            by_key[key].append(p)
    expected: dict[tuple[int, int], float] = {}
    for members in by_key.values():
        for a, b in combinations(members, 2):
            if a.nik_hash != b.nik_hash and (score := matching.compare(a, b).score) >= matching.THRESHOLD:
                expected[(min(a.id, b.id), max(a.id, b.id))] = round(score, 4)
    found = {(m.a, m.b): m.score for m in dupsearch.potential_matches(election, "12.76")}
    assert found == expected
    lines = dict(Voter.objects.values_list("id", "source_line"))
    assert potential | {(12, len(rows) + 1)} <= {(lines[a], lines[b]) for a, b in found}  # the seeded, the edge
    pruned = sum(1 for members in by_key.values() for a, b in combinations(members, 2)
                 if matching.other_weight(a, b) < matching.THRESHOLD_WEIGHT - matching.NAME_WEIGHT_MAX)
    assert pruned > 100  # the shortcut is taken


def test_a_rerun_keeps_the_queue_and_its_decisions(cast: Cast, election: Election,
                                                  searched: tuple[set[tuple[int, int]], set[tuple[int, int]]],
                                                  django_capture_on_commit_callbacks: Any) -> None:
    pair = DuplicatePair.objects.filter(kind="identik").first()
    assert pair is not None
    do_decide_duplicate(pair, actor=cast.kpu_staff_a, decision="bukan_ganda", reason="kembar, dua orang")
    _search(election, cast, django_capture_on_commit_callbacks)
    assert DuplicatePair.objects.count() == 18 and DuplicateSearch.objects.order_by("id").last().identical == 0  # type: ignore[union-attr]
    pair.refresh_from_db()
    assert pair.status == "bukan_ganda"


def test_a_decision_is_audited_and_feeds_the_coklit(cast: Cast,
                                                   searched: tuple[set[tuple[int, int]], set[tuple[int, int]]]) -> None:
    pair = DuplicatePair.objects.visible_to(cast.pps_a1).filter(kind="potensi").first()
    assert pair is not None
    with pytest.raises(DomainError, match="alasan"):
        do_decide_duplicate(pair, actor=cast.pps_a1, decision="ganda", reason="  ")
    with pytest.raises(DomainError, match="ganda"):
        do_decide_duplicate(pair, actor=cast.pps_a1, decision="hapus", reason="x")
    do_decide_duplicate(pair, actor=cast.pps_a1, decision="ganda", reason="KTP-el sama orangnya")
    pair.refresh_from_db()
    assert (pair.status, pair.duplicate_id, pair.decided_by) == ("ganda", pair.voter_b_id, cast.pps_a1)
    loser = pair.voter_b
    assert loser is not None
    loser.refresh_from_db()
    assert (loser.coklit, loser.not_eligible_reason) == ("tms", "ganda")  # recorded, not removed
    assert CoklitRecord.objects.get(voter=loser).reason == "ganda"
    event = AuditEvent.objects.get(event_type="voters.duplicate_decided")
    assert (event.actor_id, event.target_id, event.reason) == (cast.pps_a1.pk, str(pair.pk), "KTP-el sama orangnya")
    assert event.after["status"] == "ganda" and event.after["duplicate"] == loser.pk  # type: ignore[index]
    with pytest.raises(DomainError, match="sudah diputuskan"):
        do_decide_duplicate(pair, actor=cast.kpu_staff_a, decision="bukan_ganda", reason="x")


def test_out_of_scope_deciders_are_refused(cast: Cast,
                                           searched: tuple[set[tuple[int, int]], set[tuple[int, int]]]) -> None:
    pair = DuplicatePair.objects.visible_to(cast.pps_a1).first()
    assert pair is not None
    with pytest.raises(NotFoundError):
        do_decide_duplicate(pair, actor=cast.kpu_admin_b, decision="ganda", reason="x")
    with pytest.raises(NotFoundError):
        do_decide_duplicate(pair, actor=cast.pps_b1, decision="ganda", reason="x")
    with pytest.raises(PermissionDeniedError):
        do_decide_duplicate(pair, actor=cast.ppk_a1, decision="ganda", reason="x")  # PPK reads the queue only
    assert not DuplicatePair.objects.visible_to(cast.kpu_admin_b).exists()
    assert DuplicatePair.objects.filter(status="terbuka").count() == 18


def test_only_kpu_kabkota_starts_a_search(cast: Cast, election: Election, voter_key: str) -> None:
    with pytest.raises(NotFoundError):
        start_duplicate_search(election, "12.76", actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        start_duplicate_search(election, "12.76.01.1006", actor=cast.pps_a1)


def test_across_kabkota_the_match_runs_on_hashes(cast: Cast, election: Election, voter_key: str) -> None:
    """A voter registered in Tebing Tinggi and again, under a new NIK, in Karo: each office gets a
    row for its own voter naming only the other kab/kota; the exports hold no NIK, name or date."""
    rows, _truth = generate(60, seed=9, junk_per_code=0)
    tebing = [dict(r, kode_desa="12.76.01.1006") for r in rows[:30]]
    karo = [dict(r, kode_desa=KARO_DESA) for r in rows[30:]]
    moved = dict(tebing[3], kode_desa=KARO_DESA, nama=tebing[3]["nama"].upper(), alamat="Jl. Veteran No. 9",
                 nik="120601" + tebing[3]["nik"][6:], no_kk="1206011010200001")
    karo.append(moved)
    import_dp4(dp4_csv(tebing), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    import_dp4(dp4_csv(karo), election=election, region_code="12.06", actor=cast.kpu_admin_b)
    exported = list(dupsearch.export_hashed(election, "12.06"))
    text = repr(exported)
    for row in karo:
        assert row["nik"] not in text and row["nama"] not in text and row["tanggal_lahir"] not in text
    with pytest.raises(NotFoundError):  # Karo's office cannot run a match over Tebing Tinggi's voters
        do_match_across(election, ["12.76", "12.06"], actor=cast.kpu_admin_b)
    assert do_match_across(election, ["12.76", "12.06"], actor=get_system_user()) == 2
    own = DuplicatePair.objects.visible_to(cast.kpu_staff_a).get()
    theirs = DuplicatePair.objects.visible_to(cast.kpu_admin_b).get()
    assert own.voter_a.source_line == 5 and own.voter_b_id is None and own.other_region_id == "12.06"
    assert theirs.voter_a.name == moved["nama"] and theirs.other_region_id == "12.76"
    assert own.kind == theirs.kind == "potensi" and own.score >= 0.9


def test_the_cli_lists_pairs_masked_and_full_nik_only_for_kpu_staff(
        cast: Cast, searched: tuple[set[tuple[int, int]], set[tuple[int, int]]]) -> None:
    out = io.StringIO()
    call_command("voters", "duplicates", "12.76.01", "--format", "csv", "--as-user", cast.ppk_a1.username,
                 stdout=out)
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert lines[0] == ["nik_a", "nik_b", "nama_a", "nama_b", "kind", "score"]
    visible = DuplicatePair.objects.visible_to(cast.ppk_a1).count()
    assert len(lines) == 1 + visible and 0 < visible < 18  # PPK Padang Hulu: its kecamatan's pairs
    assert all(re.fullmatch(r"[0-9]{6}\*{8}[0-9]{2}", line[0]) for line in lines[1:])
    assert {line[4] for line in lines[1:]} <= {"identik", "potensi"}
    with pytest.raises(CommandError):  # PPK may not see full NIKs
        call_command("voters", "duplicates", "12.76.01", "--show-nik", "--as-user", cast.ppk_a1.username,
                     stdout=io.StringIO())
    assert not AuditEvent.objects.filter(event_type="voters.duplicate_nik_shown").exists()
    out = io.StringIO()
    call_command("voters", "duplicates", "12.76", "--show-nik", "--as-user", cast.kpu_staff_a.username, stdout=out)
    identical = DuplicatePair.objects.filter(kind="identik").select_related("voter_a").first()
    assert identical is not None
    assert crypto.open_sealed(identical.voter_a.nik_sealed) in out.getvalue() and "18 pasangan" in out.getvalue()
    event = AuditEvent.objects.get(event_type="voters.duplicate_nik_shown")
    assert event.actor_id == cast.kpu_staff_a.pk and event.after == {"pairs": 18}
