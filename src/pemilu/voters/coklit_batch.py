"""A batch of coklit outcomes for one TPS area (issue 22 item 1): what a Pantarlih's phone sends when
it comes back online after a day of visits with a weak signal — the same rules as one outcome
(``actions.do_record_coklit``), checked for every item first; one bad item names itself and nothing
is written. Each outcome keeps its own coklit record (who, when, why, evidence); the batch writes
one audit row naming every record, like the appointment of thousands of members (issue 17 item 6)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import DomainError, ImportFailed, RowError
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.voters.models import Coklit, CoklitRecord, NotEligibleReason, Voter, VoterList
from pemilu.voters.rules import old_enough

MAX_ITEMS = 1000  # a TPS area holds at most a few hundred voters (300 in 2024)


@dataclass(frozen=True)
class Item:
    voter_id: int
    outcome: str
    reason: str = ""
    evidence: str = ""
    changes: dict[str, str] = field(default_factory=dict)


def _check(voter: Voter, item: Item, election: Election) -> None:
    """The rules of one outcome (as ``do_record_coklit``), a DomainError naming what is wrong."""
    evidence = item.evidence.strip()
    if len(evidence) > 2000:
        raise DomainError(_("bukti/keterangan paling panjang 2000 karakter"))
    if item.outcome == Coklit.MATCHED:
        if item.changes or item.reason:
            raise DomainError(_("hasil 'sesuai' tidak membawa perubahan atau alasan"))
        if not old_enough(voter.birth_date, voter.marital, election.voting_day):
            raise DomainError(_("pemilih belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin: "
                                "catat sebagai tidak memenuhi syarat (di bawah umur)"))
    elif item.outcome == Coklit.NOT_ELIGIBLE:
        if item.reason not in NotEligibleReason.values:
            raise DomainError(_("alasan tidak memenuhi syarat harus salah satu dari: {r}")
                              .format(r=", ".join(NotEligibleReason.values)))
        if not evidence:
            raise DomainError(_("bukti/keterangan wajib diisi untuk pemilih yang tidak memenuhi syarat"))
        if item.changes:
            raise DomainError(_("hasil 'tms' tidak mengubah data pemilih"))
    elif item.outcome != Coklit.CHANGED:
        raise DomainError(_("hasil coklit harus sesuai, ubah atau tms (pemilih baru: tambah pemilih)"))


@transaction.atomic
def do_record_coklit_batch(election: Election, tps_code: str, items: Sequence[Item], *,
                           actor: User) -> list[CoklitRecord]:
    """Every item's outcome for the voters of TPS area ``tps_code``, or nothing (ImportFailed naming
    each bad item by its position, 1-based). A voter may appear once per batch."""
    from pemilu.voters.actions import _apply_changes

    tps = Tps.objects.filter(code=tps_code).first()
    if tps is None:
        from pemilu.core.exceptions import NotFoundError

        raise NotFoundError(_("Tidak ditemukan."))
    ensure_can(actor, "voters.coklit", tps.code)
    if not items:
        raise DomainError(_("kiriman hasil coklit kosong"))
    if len(items) > MAX_ITEMS:
        raise DomainError(_("paling banyak {n} hasil coklit sekali kirim").format(n=MAX_ITEMS))
    if VoterList.objects.filter(election=election, desa_code=tps.desa_code).exists():
        raise DomainError(_("DPHP desa ini sudah disusun: perubahan data pemilih melalui tanggapan masyarakat"))
    voters = {v.pk: v for v in Voter.objects.select_for_update().select_related("election")
              .filter(election=election, placement__tps=tps, pk__in={i.voter_id for i in items})}
    errors: list[RowError] = []
    seen: set[int] = set()
    diffs: dict[int, dict[str, list[str]]] = {}
    for n, item in enumerate(items, start=1):
        voter = voters.get(item.voter_id)
        if voter is None:
            errors.append(RowError(n, _("pemilih {id} tidak ada di wilayah TPS ini").format(id=item.voter_id),
                                   "voter_id"))
            continue
        if item.voter_id in seen:
            errors.append(RowError(n, _("pemilih {id} dua kali dalam kiriman ini").format(id=item.voter_id),
                                   "voter_id"))
            continue
        seen.add(item.voter_id)
        try:
            _check(voter, item, election)
            if item.outcome == Coklit.CHANGED:
                diffs[voter.pk] = _apply_changes(voter, {c: v.strip() for c, v in item.changes.items()})
        except DomainError as exc:
            errors.append(RowError(n, exc.message, "outcome"))
    if errors:
        raise ImportFailed(errors, _("Hasil coklit ditolak: {n} kesalahan; tidak ada yang disimpan")
                           .format(n=len(errors)))
    from django.utils import timezone

    now = timezone.now()
    records = []
    plain: dict[tuple[str, str], list[int]] = {}   # (outcome, reason) → voters whose data stay as they are
    edited: list[Voter] = []
    for item in items:
        voter = voters[item.voter_id]
        voter.coklit = item.outcome
        voter.not_eligible_reason = item.reason if item.outcome == Coklit.NOT_ELIGIBLE else ""
        voter.updated_at = now
        if voter.pk in diffs:
            edited.append(voter)
        else:
            plain.setdefault((voter.coklit, voter.not_eligible_reason), []).append(voter.pk)
        records.append(CoklitRecord(voter=voter, outcome=item.outcome, reason=voter.not_eligible_reason,
                                    changes=diffs.get(voter.pk, {}), evidence=item.evidence.strip(), actor=actor))
    for (outcome, reason), ids in plain.items():
        Voter.objects.filter(pk__in=ids).update(coklit=outcome, not_eligible_reason=reason, updated_at=now)
    if edited:
        Voter.objects.bulk_update(edited, ["coklit", "not_eligible_reason", "updated_at", "name", "birth_place",
                                           "birth_date", "sex", "marital", "address", "rt", "rw", "disability",
                                           "occupation", "nik_hash", "nik_sealed", "kk_hash", "kk_sealed",
                                           "findings"], batch_size=200)
    CoklitRecord.objects.bulk_create(records, batch_size=1000)
    ids = sorted(r.pk for r in records if r.pk is not None) or sorted(
        CoklitRecord.objects.filter(voter_id__in=[i.voter_id for i in items], actor=actor)
        .order_by("-pk").values_list("pk", flat=True)[:len(records)])
    record_event("voters.coklit_batch_recorded", actor=actor, region_code=tps.code, target=tps,
                 after={"election": election.code, "items": len(records),
                        "outcomes": dict(sorted(Counter(i.outcome for i in items).items())),
                        "not_eligible": dict(sorted(Counter(i.reason for i in items if i.reason).items())),
                        "voters": sorted(voters), "records": ids})
    return records
