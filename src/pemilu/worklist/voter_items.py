"""The voter list's part of "Tugas saya" (issue 22 item 1): what the PPS still has to do with its
desa's lists after the coklit — compile the DPHP and DPS, announce the DPS, resolve the public's
responses, compile the DPSHP and the DPSHP Akhir once the response window is over — and what KPU
Kab/Kota decides: the duplicate pairs waiting for a decision, and the DPT plenary once every desa
has its DPSHP Akhir. The coklit itself (the Pantarlih's TPS area, the PPS's progress) is in
``queues.py``. Each function reads a fixed number of queries whatever the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q

from pemilu.core.levels import Level, level_of
from pemilu.worklist import labels

if TYPE_CHECKING:
    from pemilu.worklist.queues import Context, Item


def pps_items(ctx: Context, desa_code: str) -> list[Item]:
    """The desa's next list step, once its coklit is done (3 queries; 1 without voters)."""
    from pemilu.voters.models import STAGE_ORDER, DpsAnnouncement, ListStage, ResponseStatus, Voter, VoterList
    from pemilu.voters.responses import window_state
    from pemilu.worklist.queues import Item

    voters = Voter.objects.filter(election=ctx.election, desa_code=desa_code).aggregate(
        total=Count("id"), pending=Count("id", filter=Q(coklit="belum")))
    if not voters["total"] or voters["pending"]:
        return []  # nothing imported, or the coklit still running (``queues._coklit_items``)
    compiled = set(VoterList.objects.filter(election=ctx.election, desa_code=desa_code)
                   .values_list("stage", flat=True))
    following = next((s for s in STAGE_ORDER if s not in compiled), None)
    announcement = (DpsAnnouncement.objects.filter(election=ctx.election, village__code=desa_code)
                    .annotate(open=Count("responses", filter=Q(responses__status=ResponseStatus.OPEN))).first())
    url = ctx.url("voters:village", desa_code)
    items: list[Item] = []
    if following in (ListStage.DPHP, ListStage.DPS):
        items.append(Item("pps.compile_list", labels.compile_label(ListStage(following).label), None, url))
    elif following == ListStage.DPSHP and announcement is None:
        items.append(Item("pps.announce_dps", labels.ANNOUNCE_DPS, None, url, urgent=True))
    if announcement is None or following not in (ListStage.DPSHP, ListStage.DPSHP_FINAL):
        return items
    state = window_state(announcement)
    open_responses = int(getattr(announcement, "open", 0))
    if open_responses:
        items.append(Item("pps.responses", labels.RESPONSES_OPEN, open_responses, url,
                          note=labels.window_end(announcement.ends_on, state), urgent=state == "closed"))
    elif state == "closed":
        items.append(Item("pps.compile_list", labels.compile_label(ListStage(following).label), None, url))
    else:
        items.append(Item("pps.dps_window", labels.DPS_ANNOUNCED, None, url,
                          note=labels.window_end(announcement.ends_on, state)))
    return items


def kpu_items(ctx: Context, code: str) -> list[Item]:
    """Duplicate pairs to decide under ``code``; for a kab/kota, the DPT plenary once every desa with
    voters has its DPSHP Akhir and the DPT is not set yet (3 queries)."""
    from pemilu.regions.models import Region
    from pemilu.voters.models import (
        DptPlenary,
        DptPlenaryStatus,
        DuplicatePair,
        DuplicateStatus,
        ListStage,
        Voter,
        VoterList,
    )
    from pemilu.worklist.queues import Item

    items: list[Item] = []
    pairs = DuplicatePair.objects.in_region(code).filter(election=ctx.election, status=DuplicateStatus.OPEN).count()
    if pairs:
        items.append(Item("kpu.duplicates", labels.DUPLICATES_OPEN, pairs,
                          ctx.url("voters:duplicates", pemilu=ctx.election.code, wilayah=code,
                                  status=DuplicateStatus.OPEN)))
    if not code or level_of(code) != Level.KABKOTA:
        return items
    desa = list(Region.objects.filter(level=Level.DESA, kab_code=code).annotate(
        voters=Exists(Voter.objects.filter(election=ctx.election, desa_code=OuterRef("code"))),
        final=Exists(VoterList.objects.filter(election=ctx.election, desa_code=OuterRef("code"),
                                              stage=ListStage.DPSHP_FINAL))).values_list("voters", "final"))
    with_voters = [final for voters, final in desa if voters]
    if not with_voters or not all(with_voters):
        return items
    locked = DptPlenary.objects.filter(election=ctx.election, region_id=code,
                                       status=DptPlenaryStatus.LOCKED).exists()
    if not locked:
        items.append(Item("kpu.dpt_plenary", labels.DPT_PLENARY, None, ctx.url("voters:plenary", code),
                          note=labels.desa_ready(len(with_voters)), urgent=True))
    return items
