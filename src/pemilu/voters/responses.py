"""The DPS announced per desa and the public's responses to it (issue 22 item 1), each action one
transaction: permission, rules, change, audit row.

* ``do_announce_dps``: the PPS announces its desa's compiled DPS for a window (``ends_on``, or
  ``response_days(election)`` days from ``starts_on``, 21 by default); inside the schedule's voter-list stage when the
  election's schedule has it.
* ``do_record_response``: a response inside the window — recorded by the PPS (``actor``), or sent
  through the public page (``actor=None``: the audit actor is ``system:public-responses``).
* ``do_resolve_response``: accepted (the voter is changed through the coklit's own rules, with a
  coklit record naming the response) or rejected, always with the reason.
* ``ensure_responses_settled``: the DPSHP waits for the end of the window and for every response
  to be resolved (called by ``actions.compile_stage``).
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, check_text
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, StageClosedError
from pemilu.core.levels import Level
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.regions.timezones import local_day
from pemilu.voters.models import (
    DEFAULT_RESPONSE_DAYS,
    Coklit,
    CoklitRecord,
    DpsAnnouncement,
    DpsResponse,
    ListStage,
    NotEligibleReason,
    ResponseKind,
    ResponseStatus,
    Voter,
    VoterList,
    VoterListEntry,
    VoterSettings,
)

SCHEDULE_STAGE = "pemutakhiran-data-pemilih"
PUBLIC_RESPONSES = "system:public-responses"  # the audit actor of responses sent without an account
PUBLIC_PER_HOUR = 10  # public responses per client and hour (the page and the API share the count)


def response_days(election: Election) -> int:
    """How long the DPS stays announced for responses (``VoterSettings.response_days``; 21 days
    without a setting, PKPU 7/2022 — see ``models.settings.DEFAULT_RESPONSE_DAYS``). The PPS may
    still give an earlier or later end when it announces."""
    found = VoterSettings.objects.filter(election=election).values_list("response_days", flat=True).first()
    return int(found) if found else DEFAULT_RESPONSE_DAYS


def _village(code: str) -> Region:
    village = Region.objects.filter(code=code, level=Level.DESA).first()
    if village is None:
        raise NotFoundError(_("desa tidak dikenal: {code}").format(code=code))
    return village


@transaction.atomic
def do_announce_dps(election: Election, village_code: str, *, actor: User, place: str,
                    starts_on: datetime.date | None = None, ends_on: datetime.date | None = None) -> DpsAnnouncement:
    """Announce the desa's DPS (compiled, not yet announced) from ``starts_on`` (today by default)
    to ``ends_on`` inclusive: the window of the public's responses."""
    from pemilu.schedule.queries import get_stage

    village = _village(village_code)
    ensure_can(actor, "voters.compile", village)
    dps = VoterList.objects.select_for_update().filter(election=election, village=village,
                                                      stage=ListStage.DPS).first()
    if dps is None:
        raise DomainError(_("DPS desa ini belum disusun"))
    if DpsAnnouncement.objects.filter(election=election, village=village).exists():
        raise ConflictError(_("DPS desa ini sudah diumumkan"))
    check_text(place, field=_("tempat pengumuman"), max_length=NAME_MAX)
    if not place.strip():
        raise DomainError(_("tempat pengumuman wajib diisi"))
    today = local_day(village.code)
    starts_on = starts_on or today
    ends_on = ends_on or starts_on + datetime.timedelta(days=response_days(election) - 1)
    if starts_on < today:
        raise DomainError(_("pengumuman tidak dapat dimulai sebelum hari ini ({day})").format(day=today))
    if ends_on < starts_on:
        raise DomainError(_("akhir masa tanggapan harus sesudah awal pengumuman"))
    stage = get_stage(election, SCHEDULE_STAGE, region_code=village.code)
    if stage is not None and stage.start and stage.end and not (stage.start <= starts_on and ends_on <= stage.end):
        raise StageClosedError(_("masa pengumuman harus di dalam tahapan {name} ({start} – {end})")
                               .format(name=stage.name_id, start=stage.start, end=stage.end))
    announcement = DpsAnnouncement(election=election, village=village, voter_list=dps, starts_on=starts_on,
                                   ends_on=ends_on, place=place.strip(), announced_by=actor)
    announcement.set_scope_columns(village.code)
    announcement.save()
    record_event("voters.dps_announced", actor=actor, region_code=village.code, target=announcement,
                 after={"election": election.code, "dps": dps.total, "L": dps.male, "P": dps.female,
                        "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                        "place": announcement.place})
    return announcement


def window_state(announcement: DpsAnnouncement) -> str:
    """"before", "open" or "closed" on the desa's clock today."""
    today = local_day(announcement.village_id)
    if today < announcement.starts_on:
        return "before"
    return "open" if today <= announcement.ends_on else "closed"


def _listed_voter(announcement: DpsAnnouncement, voter_id: int | None) -> Voter:
    """A voter on the announced DPS (the same answer for one not on it and one that does not exist)."""
    entry = (VoterListEntry.objects.select_related("voter").filter(voter_list_id=announcement.voter_list_id,
                                                                   voter_id=voter_id).first()
             if voter_id is not None else None)
    if entry is None:
        raise DomainError(_("pilih pemilih yang tercantum dalam DPS yang diumumkan"))
    return entry.voter


@transaction.atomic
def do_record_response(announcement: DpsAnnouncement, *, actor: User | None, kind: str, details: str,
                       sender_name: str, sender_contact: str = "", evidence: str = "", voter_id: int | None = None,
                       reason: str = "", person_name: str = "", person_birth_date: datetime.date | None = None,
                       person_sex: str = "", person_address: str = "") -> DpsResponse:
    """A response to the announced DPS inside its window: about a listed voter (``tms`` with the
    regulation's reason, ``perbaikan``) or a person not listed (``belum_terdaftar``), with who
    responded and the evidence. ``actor`` None: sent through the public page."""
    if actor is not None:
        ensure_can(actor, "voters.respond", announcement)
    announcement = DpsAnnouncement.objects.select_for_update().get(pk=announcement.pk)
    if window_state(announcement) != "open":
        raise StageClosedError(_("masa tanggapan DPS desa ini {start} – {end}").format(
            start=announcement.starts_on, end=announcement.ends_on))
    if kind not in ResponseKind.values:
        raise DomainError(_("jenis tanggapan harus salah satu dari: {k}").format(k=", ".join(ResponseKind.values)))
    for value, field, limit, multiline in ((details, _("uraian tanggapan"), LONG_TEXT_MAX, True),
                                           (evidence, _("bukti"), LONG_TEXT_MAX, True),
                                           (sender_name, _("nama pemberi tanggapan"), NAME_MAX, False),
                                           (sender_contact, _("kontak"), NAME_MAX, False),
                                           (person_name, _("nama"), NAME_MAX, False),
                                           (person_address, _("alamat"), 300, False)):
        check_text(value, field=str(field), max_length=limit, multiline=multiline)
    if len(details.strip()) < 10:
        raise DomainError(_("uraian tanggapan terlalu pendek (paling sedikit 10 huruf)"))
    if not sender_name.strip():
        raise DomainError(_("nama pemberi tanggapan wajib diisi"))
    voter: Voter | None = None
    if kind == ResponseKind.NOT_LISTED:
        if not person_name.strip():
            raise DomainError(_("nama orang yang belum terdaftar wajib diisi"))
        if person_sex and person_sex not in ("L", "P"):
            raise DomainError(_("jenis kelamin harus L atau P"))
    else:
        voter = _listed_voter(announcement, voter_id)
    if kind == ResponseKind.NOT_ELIGIBLE and reason not in NotEligibleReason.values:
        raise DomainError(_("alasan tidak memenuhi syarat harus salah satu dari: {r}")
                          .format(r=", ".join(NotEligibleReason.values)))
    response = DpsResponse(announcement=announcement, kind=kind, voter=voter,
                           reason=reason if kind == ResponseKind.NOT_ELIGIBLE else "", details=details.strip(),
                           sender_name=sender_name.strip(), sender_contact=sender_contact.strip(),
                           evidence=evidence.strip(), received_by=actor)
    if kind == ResponseKind.NOT_LISTED:
        response.person_name, response.person_birth_date = person_name.strip(), person_birth_date
        response.person_sex, response.person_address = person_sex, person_address.strip()
    response.set_scope_columns(announcement.village_id)
    response.save()
    # The audit row keeps what the response is about, never the sender's identity or the text.
    record_event("voters.response_recorded", actor=actor or get_system_user(PUBLIC_RESPONSES),
                 region_code=announcement.village_id, target=response,
                 after={"kind": kind, "voter": voter.pk if voter else None, "reason": response.reason,
                        "public": actor is None, "sha256": hashlib.sha256(details.strip().encode()).hexdigest()})
    return response


@transaction.atomic
def do_resolve_response(response: DpsResponse, *, actor: User, accept: bool, resolution: str,
                        changes: dict[str, str] | None = None, fields: dict[str, str] | None = None) -> DpsResponse:
    """Decide a response, with the reason (``resolution``). Accepting a TMS report marks the voter
    not eligible with the response's reason; a correction applies ``changes`` (column → value, as
    in the coklit); a person not listed is added with ``fields`` (a file row's columns). Each
    change is a coklit record pointing at the response. Refused once the DPSHP Akhir exists."""
    from pemilu.voters.actions import _apply_changes, insert_new_voter

    ensure_can(actor, "voters.respond", response)
    response = DpsResponse.objects.select_for_update().select_related("announcement").get(pk=response.pk)
    if response.status != ResponseStatus.OPEN:
        raise ConflictError(_("tanggapan ini sudah diselesaikan"))
    announcement = response.announcement
    if VoterList.objects.filter(election_id=announcement.election_id, desa_code=announcement.desa_code,
                                stage__in=[ListStage.DPSHP_FINAL, ListStage.DPT]).exists():
        raise StageClosedError(_("DPSHP Akhir desa ini sudah disusun"))
    resolution = resolution.strip()
    check_text(resolution, field=_("alasan keputusan"), max_length=LONG_TEXT_MAX, multiline=True)
    if not resolution:
        raise DomainError(_("alasan keputusan wajib diisi"))
    note = _("tanggapan #{n}: {text}").format(n=response.pk, text=resolution)
    effect: dict[str, Any] = {}
    if accept and response.kind == ResponseKind.NOT_LISTED:
        if not fields:
            raise DomainError(_("data pemilih yang ditambahkan wajib diisi"))
        election = Election.objects.get(pk=announcement.election_id)
        fields = {**fields, "kode_desa": announcement.village_id}
        response.added_voter = insert_new_voter(election, announcement.village, fields, actor=actor, evidence=note,
                                                response=response.pk)
        effect = {"added_voter": response.added_voter.pk}
    elif accept:
        assert response.voter_id is not None  # a TMS report or correction names its voter (a constraint)
        voter = Voter.objects.select_for_update().select_related("election").get(pk=response.voter_id)
        diff: dict[str, list[str]] = {}
        if response.kind == ResponseKind.NOT_ELIGIBLE:
            voter.coklit, voter.not_eligible_reason = Coklit.NOT_ELIGIBLE, response.reason
        else:
            diff = _apply_changes(voter, changes or {})
            voter.coklit, voter.not_eligible_reason = Coklit.CHANGED, ""
        voter.save()
        CoklitRecord.objects.create(voter=voter, outcome=voter.coklit, reason=voter.not_eligible_reason,
                                    changes=diff, evidence=note, actor=actor)
        effect = {"voter": voter.pk, "coklit": voter.coklit, "reason": voter.not_eligible_reason, "changes": diff}
    response.status = ResponseStatus.ACCEPTED if accept else ResponseStatus.REJECTED
    response.resolution, response.resolved_by, response.resolved_at = resolution, actor, timezone.now()
    response.save()
    record_event("voters.response_resolved", actor=actor, region_code=announcement.village_id, target=response,
                 before={"status": ResponseStatus.OPEN}, after={"status": response.status, "kind": response.kind,
                                                                **effect}, reason=resolution)
    return response


def ensure_responses_settled(election: Election, village: Region, stage: str) -> None:
    """Before the DPSHP: the DPS announced, its window over, every response resolved."""
    if stage not in (ListStage.DPSHP, ListStage.DPSHP_FINAL):
        return
    announcement = DpsAnnouncement.objects.filter(election=election, village=village).first()
    if announcement is None:
        raise DomainError(_("DPS desa {code} belum diumumkan").format(code=village.code))
    if window_state(announcement) != "closed":
        raise StageClosedError(_("masa tanggapan DPS desa {code} berakhir {end}").format(
            code=village.code, end=announcement.ends_on))
    open_count = announcement.responses.filter(status=ResponseStatus.OPEN).count()
    if open_count:
        raise DomainError(_("{n} tanggapan masyarakat desa {code} belum diselesaikan").format(
            n=open_count, code=village.code))
