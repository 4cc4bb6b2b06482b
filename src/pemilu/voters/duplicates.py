"""The duplicates review queue's state changes (issue 22 item 4), each audited in its transaction.

* ``start_duplicate_search`` queues a search of a kab/kota (``tasks.run_duplicate_search``);
  ``run_search`` fills the queue with the candidate pairs ``dupsearch.find_duplicates`` finds
  (a pair already in the queue keeps its decision).
* ``do_match_across`` runs the match across kab/kota on keyed hashes (``dupsearch.cross_match``)
  and files one row per side: the own voter and the other kab/kota's code, nothing more.
* ``do_decide_duplicate``: the PPS or KPU decides a pair, with a reason. ``ganda`` names the record
  that is the duplicate; while its desa's coklit is open it is recorded not eligible with the
  reason ``ganda`` through ``actions.do_record_coklit`` (nothing is removed or merged), afterwards
  the pair keeps the flag for the public-response stage. ``bukan_ganda`` closes the pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can, ensure_holds
from pemilu.audit.events import record_event
from pemilu.core.exceptions import DomainError, NotFoundError
from pemilu.core.jobs import enqueue_on_commit
from pemilu.core.levels import Level, ancestor_codes
from pemilu.elections.models import Election
from pemilu.regions.queries import region_to_act_in
from pemilu.voters import crypto, dupsearch
from pemilu.voters.matching import HashedMatch
from pemilu.voters.models import (
    Coklit,
    DuplicateKind,
    DuplicatePair,
    DuplicateSearch,
    DuplicateStatus,
    NotEligibleReason,
    SearchState,
    Voter,
    VoterList,
)

BATCH = 2000


def common_region(a: str, b: str) -> str:
    """The nearest region holding both desa codes (the desa itself, its kecamatan, kab/kota, …)."""
    ca, cb = ancestor_codes(a), ancestor_codes(b)
    common = ""
    for level in sorted(ca):
        if ca[level] == cb.get(level):
            common = ca[level]
    return common


def start_duplicate_search(election: Election, region_code: str, *, actor: User) -> DuplicateSearch:
    """Queue the search of a kab/kota (or narrower region) for ``tasks.run_duplicate_search``."""
    from pemilu.voters.tasks import run_duplicate_search

    region = region_to_act_in(region_code, actor=actor, action="voters.search_duplicates", unknown=NotFoundError)
    if region.level < Level.KABKOTA:
        raise DomainError(_("pencarian data ganda dijalankan per kabupaten/kota"))
    with transaction.atomic():
        search = DuplicateSearch(election=election, region=region, actor=actor)
        search.set_scope_columns(region.code)
        search.save()
        enqueue_on_commit(run_duplicate_search, search.pk)
    return search


def _batches(items: Iterable[DuplicatePair]) -> Iterator[list[DuplicatePair]]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch


def run_search(search: DuplicateSearch) -> DuplicateSearch:
    """Run a queued search: every candidate pair of its region into the queue (new pairs only),
    counted on the search, one audit event."""
    DuplicateSearch.objects.filter(pk=search.pk).update(state=SearchState.RUNNING)
    villages: dict[int, str] = {pk: str(code) for pk, code in
                                Voter.objects.filter(election=search.election_id).in_region(search.region_id)
                                .values_list("id", "village_id").iterator(chunk_size=dupsearch.CHUNK)}
    counts = {DuplicateKind.IDENTICAL.value: 0, DuplicateKind.POTENTIAL.value: 0}

    def pairs() -> Iterator[DuplicatePair]:
        for m in dupsearch.find_duplicates(search.election, search.region_id):
            pair = DuplicatePair(election_id=search.election_id, search=search, kind=m.kind, score=m.score,
                                 voter_a_id=m.a, voter_b_id=m.b)
            pair.set_scope_columns(common_region(villages[m.a], villages[m.b]))
            yield pair

    with transaction.atomic():
        for batch in _batches(pairs()):
            existing = set(DuplicatePair.objects.filter(voter_a_id__in={p.voter_a_id for p in batch})
                           .values_list("voter_a_id", "voter_b_id"))
            new = [p for p in batch if (p.voter_a_id, p.voter_b_id) not in existing]
            DuplicatePair.objects.bulk_create(new)
            for p in new:
                counts[p.kind] += 1
        DuplicateSearch.objects.filter(pk=search.pk).update(
            state=SearchState.DONE, voters=len(villages), identical=counts["identik"], potential=counts["potensi"],
            finished_at=timezone.now())
        search.refresh_from_db()
        record_event("voters.duplicates_searched", actor=search.actor, region_code=search.region_id, target=search,
                     after={"election": search.election.code, "voters": len(villages), **counts})
    return search


@transaction.atomic
def do_match_across(election: Election, region_codes: list[str], *, actor: User) -> int:
    """The match across the kab/kota ``region_codes`` on keyed hashes: each region exports its hash
    tuples, ``cross_match`` joins them; each side gets a pair row for its own voter naming only the
    other kab/kota. Answers the number of new rows."""
    for code in region_codes:
        region = region_to_act_in(code, actor=actor, action="voters.search_duplicates", unknown=NotFoundError)
        if region.level != Level.KABKOTA:
            raise DomainError(_("pencocokan antarwilayah dijalankan per kabupaten/kota: {code}").format(code=code))
    matches = dupsearch.cross_match(dupsearch.export_hashed(election, code) for code in region_codes)
    created = 0
    for batch in _batches(_sides(election, matches)):
        mine = DuplicatePair.objects.filter(voter_a_id__in={p.voter_a_id for p in batch}, other_region__isnull=False)
        existing = {(a, str(region), kind) for a, region, kind in
                    mine.values_list("voter_a_id", "other_region_id", "kind")}
        new = [p for p in batch if (p.voter_a_id, str(p.other_region_id), p.kind) not in existing]
        DuplicatePair.objects.bulk_create(new)
        created += len(new)
    record_event("voters.duplicates_searched", actor=actor, region_code="",
                 after={"election": election.code, "across": region_codes, "pairs": created})
    return created


def _sides(election: Election, matches: Iterable[HashedMatch]) -> Iterator[DuplicatePair]:
    """Two rows per match, one per office: its own voter (resolved from its own reference) and the
    other side's kab/kota code."""
    batch = list(matches)
    villages = {pk: str(code) for pk, code in
                Voter.objects.filter(id__in={m.a.ref for m in batch} | {m.b.ref for m in batch})
                .values_list("id", "village_id")}
    for m in batch:
        for own, other in ((m.a, m.b), (m.b, m.a)):
            pair = DuplicatePair(election=election, kind=m.kind, score=m.score, voter_a_id=own.ref,
                                 other_region_id=other.region)
            pair.set_scope_columns(villages[own.ref])
            yield pair


@transaction.atomic
def do_decide_duplicate(pair: DuplicatePair, *, actor: User, decision: str, reason: str,
                        duplicate: Voter | None = None) -> DuplicatePair:
    """Decide a candidate pair: ``ganda`` (``duplicate``: which record is the duplicate; by default
    the later one, ``voter_b``, or the own voter of a match across kab/kota) or ``bukan_ganda``.
    Nothing is removed or merged; a ``ganda`` record is recorded TMS (ganda) while its coklit is open."""
    ensure_can(actor, "voters.decide_duplicate", pair)
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("alasan keputusan wajib diisi"))
    if len(reason) > 2000:
        raise DomainError(_("alasan paling panjang 2000 karakter"))
    if pair.status != DuplicateStatus.OPEN:
        raise DomainError(_("pasangan ini sudah diputuskan ({status})").format(status=pair.get_status_display()))
    before = {"status": pair.status}
    coklit_record = None
    if decision == DuplicateStatus.DUPLICATE:
        chosen = duplicate.pk if duplicate is not None else (pair.voter_b_id or pair.voter_a_id)
        if chosen not in (pair.voter_a_id, pair.voter_b_id):
            raise DomainError(_("data yang ganda harus salah satu dari pasangan ini"))
        pair.duplicate_id = chosen
        coklit_record = _record_not_eligible(Voter.objects.get(pk=chosen), pair=pair, actor=actor, reason=reason)
    elif decision != DuplicateStatus.DISTINCT:
        raise DomainError(_("keputusan harus 'ganda' atau 'bukan_ganda'"))
    pair.status, pair.reason, pair.decided_by, pair.decided_at = decision, reason, actor, timezone.now()
    pair.save()
    record_event("voters.duplicate_decided", actor=actor, region_code=pair.scope_code, target=pair, before=before,
                 after={"status": decision, "kind": pair.kind, "score": pair.score, "duplicate": pair.duplicate_id,
                        "coklit_record": coklit_record}, reason=reason)
    return pair


def _record_not_eligible(voter: Voter, *, pair: DuplicatePair, actor: User, reason: str) -> int | None:
    """TMS (ganda) through the coklit while the voter's desa has no compiled list; the id of the
    coklit record, or None when the list is compiled or the voter is already TMS."""
    from pemilu.voters.actions import do_record_coklit

    if voter.coklit == Coklit.NOT_ELIGIBLE:
        return None
    if VoterList.objects.filter(election_id=voter.election_id, village=voter.village).exists():
        return None
    record = do_record_coklit(voter, outcome=Coklit.NOT_ELIGIBLE, actor=actor, reason=NotEligibleReason.DUPLICATE,
                              evidence=_("Ganda (pasangan #{pk}): {reason}").format(pk=pair.pk, reason=reason))
    return record.pk


# --- reading the queue ----------------------------------------------------------------------------

def pairs_for(viewer: User, election: Election, region_code: str = "", *, status: str = "",
              kind: str = "") -> QuerySet[DuplicatePair]:
    """The queue as ``viewer`` may read it (the regions where a role gives ``voters.view``: 403
    without one anywhere; 404/403 for a ``region_code`` outside them), in ``region_code``'s subtree."""
    codes = ensure_holds(viewer, "voters.view")
    if region_code:
        ensure_can(viewer, "voters.view", region_code)
    readable = DuplicatePair.objects.none()
    for code in codes:
        readable = readable | DuplicatePair.objects.in_region(code)
    pairs = (readable.in_region(region_code).filter(election=election)
             .select_related("voter_a", "voter_b").order_by("status", "-score", "id"))
    if status:
        pairs = pairs.filter(status=status)
    if kind:
        pairs = pairs.filter(kind=kind)
    return pairs


def pair_row(pair: DuplicatePair, *, full_nik: bool = False) -> dict[str, str]:
    """One line of the list: ``nik_a, nik_b, nama_a, nama_b, kind, score`` (NIK masked unless
    ``full_nik``, which only ``do_show_duplicate_niks`` may allow). A match across kab/kota shows the
    other kab/kota's code in place of the other voter."""
    k = crypto.keys()

    def nik(voter: Voter) -> str:
        number = crypto.open_sealed(voter.nik_sealed, k)
        return number if full_nik else crypto.mask(number)

    b = pair.voter_b
    return {"id": str(pair.pk), "nik_a": nik(pair.voter_a), "nik_b": nik(b) if b is not None else "",
            "nama_a": pair.voter_a.name, "nama_b": b.name if b is not None else f"({pair.other_region_id})",
            "kind": pair.kind, "score": f"{pair.score:.3f}", "status": pair.status}


@transaction.atomic
def do_show_duplicate_niks(region_code: str, *, actor: User, shown: int) -> None:
    """Allow the full NIKs of ``region_code``'s duplicates list: KPU staff in scope only
    (``voters.view_nik``), each listing an audit row (who, where, how many — never the numbers)."""
    region = region_to_act_in(region_code, actor=actor, action="voters.view_nik", unknown=NotFoundError)
    record_event("voters.duplicate_nik_shown", actor=actor, region_code=region.code, target=region,
                 after={"pairs": shown})
