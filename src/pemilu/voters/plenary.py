"""The rapat pleno of KPU Kabupaten/Kota that sets the DPT (issue 22 item 1). Its berita acara
follows the recap plenaries of the results app: the attendance list checked row by row and
replaced as a whole (``results.minutes.clean_attendance``), the quorum of the body (size and
fraction from the election's config, ``results.rules.Quorum``). The lock sets the DPT of every
desa of the kab/kota from its DPSHP Akhir, freezes the recap and the funnel, and is final."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core import clock
from pemilu.core.exceptions import Blocker, ConflictError, DomainError, ImportFailed, NotFoundError, TransitionBlocked
from pemilu.core.levels import Level
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.results.rules import Quorum
from pemilu.voters import queries
from pemilu.voters.models import Coklit, DptPlenary, DptPlenaryStatus, ListStage, Voter, VoterList

ATTENDEE_FIELDS = ("kind", "name", "position", "represents", "present")


def kabkota(region_code: str) -> Region:
    region = Region.objects.filter(code=region_code, level=Level.KABKOTA).first()
    if region is None:
        raise NotFoundError(_("kabupaten/kota tidak dikenal: {code}").format(code=region_code))
    return region


def quorum_of(election: Election, region_code: str, plenary: DptPlenary | None) -> Quorum:
    """The quorum of the KPU Kab/Kota plenary: the body's size and fraction as for its recap
    plenary (``results``' config), the members present on the attendance list."""
    from pemilu.results import rules
    from pemilu.results.models.contests import DEFAULT_PLENARY_MEMBERS
    from pemilu.results.reference import config_for

    config = config_for(election)
    members = rules.body_size(region_code, config.plenary_members or DEFAULT_PLENARY_MEMBERS,
                              config.plenary_members_by_region or {})
    present = 0 if plenary is None else sum(1 for a in plenary.attendees if a["kind"] == "member" and a["present"])
    return Quorum(members, present, config.quorum_numerator, config.quorum_denominator)


def plenary_for(election: Election, region: Region, *, lock: bool = False) -> DptPlenary:
    rows = DptPlenary.objects.select_for_update() if lock else DptPlenary.objects
    plenary = rows.filter(election=election, region=region).first()
    if plenary is None:
        plenary = DptPlenary(election=election, region=region)
        plenary.set_scope_columns(region.code)
        plenary.save()
    return plenary


@transaction.atomic
def do_record_dpt_attendance(election: Election, region_code: str, rows: Sequence[Mapping[str, Any]], *,
                             actor: User) -> DptPlenary:
    """The daftar hadir of the DPT plenary, replaced as a whole: every row checked before anything
    is written (a bad row named, nothing stored); refused once the DPT is set."""
    from pemilu.results.minutes import clean_attendance

    region = kabkota(region_code)
    ensure_can(actor, "voters.set_dpt", region)
    plenary = plenary_for(election, region, lock=True)
    if plenary.status == DptPlenaryStatus.LOCKED:
        raise ConflictError(_("DPT sudah ditetapkan; daftar hadir tidak dapat diubah."))
    members = quorum_of(election, region.code, plenary).members
    clean, errors = clean_attendance(rows, members)
    if errors:
        raise ImportFailed(errors)
    before = plenary.attendees
    plenary.attendees = clean
    plenary.save(update_fields=["attendees"])
    q = quorum_of(election, region.code, plenary)
    record_event("voters.dpt_attendance", actor=actor, region_code=region.code, target=plenary,
                 before={"attendees": before},
                 after={"attendees": clean, "members": q.members, "present": q.present, "needed": q.needed,
                        "quorum": q.reached})
    return plenary


def set_blockers(election: Election, region: Region, plenary: DptPlenary) -> list[Blocker]:
    """What holds the DPT back: the quorum, desa without their DPSHP Akhir, voters not mapped to a TPS."""
    from pemilu.results.minutes import quorum_message

    blockers: list[Blocker] = []
    q = quorum_of(election, region.code, plenary)
    if not q.reached:
        blockers.append(Blocker("quorum", quorum_message(q)))
    with_voters = set(Voter.objects.in_region(region.code).filter(election=election)
                      .values_list("desa_code", flat=True).distinct())
    ready = set(VoterList.objects.in_region(region.code).filter(election=election, stage=ListStage.DPSHP_FINAL)
                .values_list("desa_code", flat=True))
    missing = sorted(with_voters - ready)
    if missing:
        blockers.append(Blocker("lists_open", _("{n} desa belum menyusun DPSHP Akhir: {codes}").format(
            n=len(missing), codes=", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))))
    unmapped = (Voter.objects.in_region(region.code).filter(election=election, placement__tps__isnull=True)
                .exclude(coklit=Coklit.NOT_ELIGIBLE).count())
    if unmapped:
        blockers.append(Blocker("unmapped", _("{n} pemilih belum dipetakan ke TPS").format(n=unmapped)))
    return blockers


@transaction.atomic
def do_set_dpt(election: Election, region_code: str, *, actor: User) -> DptPlenary:
    """KPU Kab/Kota sets the DPT in its plenary: with the quorum present and every desa's DPSHP
    Akhir compiled, the DPT of each desa is compiled from it and the plenary is locked with the
    recap (by kecamatan, with sex and TPS counts) and the funnel it set. Final: a locked DPT
    changes only through the DPTb/DPK of voting day."""
    from pemilu.voters.actions import compile_stage

    region = kabkota(region_code)
    ensure_can(actor, "voters.set_dpt", region)
    plenary = plenary_for(election, region, lock=True)
    if plenary.status == DptPlenaryStatus.LOCKED:
        raise ConflictError(_("DPT kabupaten/kota ini sudah ditetapkan."))
    blockers = set_blockers(election, region, plenary)
    if blockers:
        raise TransitionBlocked(blockers)
    villages = Region.objects.filter(code__in=VoterList.objects.in_region(region.code).filter(
        election=election, stage=ListStage.DPSHP_FINAL).values_list("desa_code", flat=True)).order_by("code")
    if not villages:
        raise DomainError(_("belum ada daftar pemilih di kabupaten/kota ini"))
    for village in villages:
        compile_stage(election, village, ListStage.DPT, actor=actor)
    summary = queries.recap(election, region.code)
    plenary.frozen = {"recap": summary, "funnel": queries.funnel(election, region.code)}
    plenary.status, plenary.locked_at, plenary.locked_by = DptPlenaryStatus.LOCKED, clock.now(), actor
    plenary.save()
    q = quorum_of(election, region.code, plenary)
    record_event("voters.dpt_set", actor=actor, region_code=region.code, target=plenary,
                 after={"election": election.code, "dpt": summary["total"].get(ListStage.DPT),
                        "desa": len(villages), "quorum": {"members": q.members, "present": q.present,
                                                          "needed": q.needed}})
    return plenary
