"""The staff list of TPS (issue 20 item 5): every TPS the user sees — not the first 30 — paged,
searched by TPS code or kelurahan name, filtered by the status of one contest's C.Hasil and by
kelurahan. One page is read in a fixed number of queries whatever its size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from pemilu.accounts.types import Viewer
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.levels import SCOPE_COLUMNS, is_valid_code, level_of
from pemilu.regions.models import Region, Tps
from pemilu.results.dapil import KIND_OF_DISTRICT, area_map
from pemilu.results.models import Contest, Result, ResultStatus

PAGE_SIZE = 50
# A kelurahan filter is a list of names up to this many kelurahan; above it (a province or the
# country) the filter takes a kelurahan code typed in.
VILLAGE_CHOICES_MAX = 400
SEARCH_MAX = 60


@dataclass(frozen=True)
class TpsFilter:
    q: str = ""
    status: str = ""
    village: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> TpsFilter:
        """The filter of a GET query; what is not a valid value is ignored (a list, not a form)."""
        status = data.get("status", "")
        village = data.get("kelurahan", "").strip()
        page = data.get("page", "1")
        return cls(q=data.get("q", "").strip()[:SEARCH_MAX],
                   status=status if status in ResultStatus.values else "",
                   village=village if is_valid_code(village, 4) else "",
                   page=int(page) if is_ascii_digits(page) and 0 < len(page) < 7 else 1)

    def query(self) -> str:
        """The search and filters as a query string, without the page (for the pager)."""
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in (("q", self.q), ("status", self.status), ("kelurahan", self.village))
                          if v})


@dataclass
class TpsList:
    page: Page[Tps]
    statuses: list[tuple[str, str, int]]          # (status, label, count) over the whole filter but status
    villages: list[tuple[str, str]] = field(default_factory=list)  # (code, name); empty = type a code
    total: int = 0


def contest_tps(user: Viewer, contest: Contest) -> QuerySet[Tps]:
    """The TPS the user sees that vote in ``contest``."""
    qs = Tps.objects.visible_to(user)
    kind = contest.code.split("-", 1)[0]
    if kind == "dpd":
        return qs.filter(prov_code=contest.prov_code)
    if kind == "ppwp":
        return qs
    district = {v: k for k, v in KIND_OF_DISTRICT.items()}.get(kind)
    dapil = contest.code.split("-", 1)[1] if "-" in contest.code else ""
    areas = [code for code, d in area_map(contest.election_id).get(str(district), {}).items() if d == dapil]
    q = Q()
    for code in areas:
        column = SCOPE_COLUMNS.get(level_of(code))
        if column:
            q |= Q(**{column: code})
    return qs.filter(q) if areas else qs.none()


def tps_list(user: Viewer, contest: Contest, f: TpsFilter) -> TpsList:
    """One page of the TPS list, each TPS annotated with ``result_status`` ("empty": not started)."""
    base = contest_tps(user, contest)
    if f.village:
        base = base.filter(desa_code=f.village)
    if f.q:
        search = Q(code__startswith=f.q) | Q(village__name__icontains=f.q)
        if is_ascii_digits(f.q) and len(f.q) <= 3:
            search |= Q(number=int(f.q))
        base = base.filter(search)
    status = Coalesce(Subquery(Result.objects.filter(contest=contest, tps_id=OuterRef("code")).values("status")[:1]),
                      Value(ResultStatus.EMPTY))
    listed = base.annotate(result_status=status)
    counts = dict(listed.order_by().values("result_status").annotate(n=Count("code"))
                  .values_list("result_status", "n"))
    if f.status:
        listed = listed.filter(result_status=f.status)
    paginator = Paginator(listed.select_related("village").order_by("code"), PAGE_SIZE)
    page = paginator.get_page(f.page)
    statuses = [(value, str(label), counts.get(value, 0)) for value, label in ResultStatus.choices]
    # The rows carry their result_status (annotated): each is still a Tps to the page.
    return TpsList(page=cast("Page[Tps]", page), statuses=statuses, villages=village_choices(user),
                   total=sum(counts.values()))


def village_choices(user: Viewer) -> list[tuple[str, str]]:
    """The kelurahan the user sees, when few enough to list (else [] and the filter takes a code)."""
    villages = Region.objects.visible_to(user).filter(level=4).order_by("code")
    rows = list(villages.values_list("code", "name")[:VILLAGE_CHOICES_MAX + 1])
    return rows if len(rows) <= VILLAGE_CHOICES_MAX else []
