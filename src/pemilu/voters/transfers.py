"""DPTb and DPK (issue 22 item 2): ``do_register_transfer`` and ``do_record_dpk``, each audited.

* A DPTb transfer (form A-Surat Pindah Memilih) moves a voter on a set DPT to a TPS elsewhere, for
  one of the regulation's reasons, registered no later than that reason's last day (H-30 or H-7,
  ``data/dptb_reasons.json``); the voter receives the ballots of the contests whose district holds
  both places (``transfer_rules.ballots_for_move``). The PPS or KPU Kab/Kota of the origin or of
  the origin registers it (the row is filed under the origin; the destination TPS counts it).
* A DPK record is a voter not on the DPT voting with their KTP-el at the TPS of their RT/RW, in the
  last hour of voting (12:00–13:00 at the TPS), while ballots last (the KPPS says how many are left).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core import clock
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError
from pemilu.core.levels import Level
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.regions.timezones import local_datetime
from pemilu.results.dapil import area_map
from pemilu.results.models import Contest
from pemilu.voters import crypto
from pemilu.voters.eligibility import eligibility
from pemilu.voters.generator import known_kecamatan
from pemilu.voters.models import Coklit, DpkRecord, ListStage, NotEligibleReason, Transfer, Voter, VoterListEntry
from pemilu.voters.rules import nik_findings
from pemilu.voters.transfer_rules import BALLOT_ORDER, ballots_for_move, last_day, reasons

DPK_FROM, DPK_UNTIL = datetime.time(12, 0), datetime.time(13, 0)  # the last hour of voting, local time


def _kinds(election: Election) -> tuple[str, ...]:
    """The ballot kinds the election has (all five when it has no contests yet)."""
    present = set(Contest.objects.filter(election=election).values_list("kind__code", flat=True))
    return tuple(k for k in BALLOT_ORDER if k in present) or BALLOT_ORDER


def _destination(code: str) -> tuple[Region, Tps | None]:
    tps = Tps.objects.filter(code=code).select_related("village").first()
    if tps is not None:
        return tps.village, tps
    village = Region.objects.filter(code=code, level=Level.DESA).first()
    if village is None:
        raise NotFoundError(_("desa atau TPS tujuan tidak dikenal: {code}").format(code=code))
    return village, None


@transaction.atomic
def do_register_transfer(voter: Voter, *, actor: User, destination: str, reason: str, note: str = "") -> Transfer:
    """Register ``voter`` (on the DPT of their desa) as DPTb at ``destination`` (a TPS code, or a
    desa code when the destination's TPS is assigned later)."""
    ensure_can(actor, "voters.transfer", voter)  # the origin's PPS or KPU: 404 outside it, 403 without the role
    village, tps = _destination(destination.strip())
    voter = Voter.objects.select_for_update(of=("self",)).select_related("election", "placement__tps").get(pk=voter.pk)
    election = voter.election
    found = reasons().get(reason)
    if found is None:
        raise DomainError(_("alasan pindah memilih harus salah satu dari: {r}").format(r=", ".join(reasons())))
    today = clock.today()
    deadline = last_day(found, election.voting_day)
    if today > deadline:
        raise DomainError(_("pendaftaran pindah memilih karena \"{reason}\" ditutup pada {day} (H-{n})")
                          .format(reason=found.name, day=deadline.isoformat(), n=found.until_days_before))
    on_dpt = VoterListEntry.objects.filter(voter=voter, voter_list__stage=ListStage.DPT).first()
    if on_dpt is None:
        raise DomainError(_("pemilih belum terdaftar dalam DPT yang ditetapkan: pindah memilih hanya untuk "
                            "pemilih DPT"))
    if Transfer.objects.filter(election=election, voter=voter).exists():
        raise ConflictError(_("pemilih ini sudah terdaftar pindah memilih"))
    origin_code = voter.tps.code if voter.tps is not None else voter.village_id
    if tps is not None and voter.tps_id == tps.pk:
        raise DomainError(_("TPS tujuan sama dengan TPS asal"))
    ballots = ballots_for_move(origin_code, tps.code if tps is not None else village.code,
                               area_map(election.pk), _kinds(election))
    transfer = Transfer(election=election, voter=voter, origin_village_id=voter.village_id, origin_tps=voter.tps,
                        village=village, tps=tps, reason=reason, ballots=ballots, registered_on=today,
                        note=note.strip()[:500], actor=actor)
    transfer.set_scope_columns(voter.village_id)
    transfer.save()
    record_event("voters.transfer_registered", actor=actor, region_code=voter.village_id, target=transfer,
                 after={"election": election.code, "from": origin_code, "to": tps.code if tps else village.code,
                        "reason": reason, "ballots": ballots}, reason=transfer.note)
    return transfer


@dataclass(frozen=True)
class DpkIn:
    """What the KPPS reads from the KTP-el."""

    nik: str
    name: str
    sex: str
    birth_date: datetime.date
    marital: str
    village: str  # the KTP-el's desa code
    rt: str
    rw: str


@transaction.atomic
def do_record_dpk(tps: Tps, person: DpkIn, *, election: Election, actor: User, ballots_left: int,
                  at: datetime.datetime | None = None) -> DpkRecord:
    """Record a DPK voter at ``tps``: on voting day, 12:00–13:00 at the TPS, while ballots last, with
    a valid KTP-el NIK that is not on the election's list, living in an RT/RW this TPS serves."""
    ensure_can(actor, "voters.dpk", tps)
    moment = at or clock.now()
    local = local_datetime(moment, tps.code)
    if local.date() != election.voting_day or not DPK_FROM <= local.time() < DPK_UNTIL:
        raise DomainError(_("pemilih DPK memilih pada hari pemungutan suara pukul 12.00–13.00 waktu setempat"))
    if moment > clock.now() + datetime.timedelta(minutes=5):
        raise DomainError(_("waktu memilih tidak boleh di masa depan"))
    if ballots_left < 1:
        raise DomainError(_("surat suara di TPS ini sudah habis"))
    nik = person.nik.strip()
    if person.sex not in ("L", "P"):
        raise DomainError(_("jenis kelamin harus L atau P"))
    if nik_findings(0, nik, birth_date=person.birth_date, female=person.sex == "P", kecamatan=known_kecamatan()):
        raise DomainError(_("NIK KTP-el tidak sah atau tidak sesuai dengan tanggal lahir dan jenis kelamin"))
    decided = eligibility(person.birth_date, person.marital.upper(), election.voting_day)
    if not decided.eligible:
        raise DomainError(decided.reason)
    if person.village != tps.village_id:
        raise DomainError(_("pemilih DPK memilih di TPS desa/kelurahan sesuai alamat KTP-el"))
    serving = set(Voter.objects.filter(election=election, village__code=tps.village.code, rt=person.rt.strip(),
                                       rw=person.rw.strip(), placement__tps__isnull=False)
                  .values_list("placement__tps__code", flat=True).distinct())
    if serving and tps.code not in serving:
        raise DomainError(_("pemilih DPK memilih di TPS RT/RW-nya: {tps}").format(tps=", ".join(sorted(serving))))
    k = crypto.keys()
    nik_hash = crypto.number_hash(nik, k)
    if Voter.objects.filter(election=election, nik_hash=nik_hash).exclude(coklit=Coklit.NOT_ELIGIBLE).exists():
        raise ConflictError(_("NIK ini terdaftar dalam daftar pemilih: memilih sebagai pemilih DPT atau DPTb"))
    if DpkRecord.objects.filter(election=election, nik_hash=nik_hash).exists():
        raise ConflictError(_("NIK ini sudah tercatat memilih sebagai pemilih DPK"))
    record = DpkRecord(election=election, tps=tps, nik_hash=nik_hash, nik_sealed=crypto.seal(nik, k),
                       name=person.name.strip()[:200], sex=person.sex, birth_date=person.birth_date,
                       marital=person.marital.upper()[:1], rt=person.rt.strip()[:5], rw=person.rw.strip()[:5],
                       voted_at=moment, actor=actor)
    record.set_scope_columns(tps.village_id)
    record.save()
    record_event("voters.dpk_recorded", actor=actor, region_code=tps.code, target=record,
                 after={"election": election.code, "tps": tps.code, "nik": crypto.mask(nik), "sex": person.sex})
    return record


def not_eligible_label(code: str) -> str:
    return str(NotEligibleReason(code).label) if code in NotEligibleReason.values else code
