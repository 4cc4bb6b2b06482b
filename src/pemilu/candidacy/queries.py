"""Reads of candidacy: the lists a user may see (a liaison officer: its own party's only), the
public DCS/DCT per dapil, and a list's rule status for the pages and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import ACTIONS, user_scopes
from pemilu.accounts.types import Viewer
from pemilu.candidacy import actions
from pemilu.candidacy.models import CandidateList, DcsResponseStatus, LiaisonOfficer, ListStatus, PublicResponse
from pemilu.core import clock
from pemilu.core.exceptions import Blocker
from pemilu.core.levels import covers
from pemilu.core.scope import scope_lookup

PUBLIC_STATUSES = (ListStatus.DCS, ListStatus.DCT)


def lists_visible_to(user: Viewer | None) -> QuerySet[CandidateList]:
    """KPU, Bawaslu, pemantau: every list of their regions; a party's liaison officer: its party's
    lists in the region of its post. Nothing for anyone else (404 like a missing list)."""
    base = CandidateList.objects.select_related("dapil", "party", "election")
    if user is None or not user.is_authenticated:
        return base.none()
    if getattr(user, "is_superuser", False):
        return base
    q = Q(pk__in=[])
    posts = list(LiaisonOfficer.objects.filter(user_id=user.pk, revoked_at__isnull=True))
    for scope in user_scopes(user):
        if scope.role not in ACTIONS["candidacy.view"]:
            continue
        lookup = scope_lookup(CandidateList, scope.code) if scope.code else {}
        if lookup is None:
            continue
        if scope.role == Role.PENGHUBUNG:
            parties = [p.party_id for p in posts if covers(scope.code, p.scope_code) or covers(p.scope_code,
                                                                                               scope.code)]
            q |= Q(**lookup) & Q(party_id__in=parties)
        else:
            q |= Q(**lookup)
    return base.filter(q)


def public_lists() -> QuerySet[CandidateList]:
    """The announced lists (DCS) and the final ones (DCT): public."""
    return CandidateList.objects.filter(status__in=PUBLIC_STATUSES).select_related("dapil", "party", "election")


def with_counts(qs: QuerySet[CandidateList]) -> QuerySet[CandidateList]:
    return qs.annotate(n_candidates=Count("candidates", distinct=True),
                       n_women=Count("candidates", filter=Q(candidates__sex="P"), distinct=True),
                       n_open=Count("responses", filter=~Q(responses__status=DcsResponseStatus.RESOLVED),
                                    distinct=True))


@dataclass
class RuleStatus:
    """What the pages and the API show of a list: the DCT blockers and the shared-name warnings."""

    women_needed: int
    blockers: list[Blocker]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.blockers


def rule_status(lst: CandidateList, on: datetime.date | None = None) -> RuleStatus:
    from pemilu.candidacy import checks

    on = on or clock.today()
    blockers, warnings = actions.dct_preview(lst, on)
    return RuleStatus(checks.rule_check(lst, on).women_needed, blockers, warnings)


def responses_of(lst: CandidateList) -> QuerySet[PublicResponse]:
    return PublicResponse.objects.filter(candidate_list=lst).prefetch_related("evidence").order_by("received_at", "id")
