"""Reads of secretariats, always through the user's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from pemilu.accounts.permissions import acting_codes
from pemilu.accounts.types import Viewer
from pemilu.asn.models import AsnEmployee
from pemilu.core.scope import ScopedQuerySet
from pemilu.elections.models import Election
from pemilu.neutrality.models import Pledge
from pemilu.secretariats import rules
from pemilu.secretariats.models import Assignment, Position, Secretariat


def visible(user: Viewer, election: Election) -> ScopedQuerySet[Secretariat]:
    """Secretariats the user may read: in a scope whose role may view (KPPS and no-role see none)."""
    codes = acting_codes(user, "secretariats.view")
    qs: ScopedQuerySet[Secretariat] = Secretariat.objects.filter(election=election)
    if "" in codes:
        return qs
    q = Q()
    for code in codes:
        col = {1: "prov_code", 2: "kab_code", 3: "kec_code", 4: "desa_code"}.get(code.count(".") + 1)
        if col:
            q |= Q(**{col: code})
    return qs.filter(q) if q else qs.none()


@dataclass
class GapRow:
    secretariat: Secretariat
    gap: rules.Gap


def gap_rows(qs: ScopedQuerySet[Secretariat]) -> list[GapRow]:
    """Every secretariat with seats filled / required, largest gap first."""
    secs = {s.pk: s for s in qs.select_related("region")}
    required = dict(Position.objects.filter(secretariat_id__in=secs).values("secretariat_id")
                    .annotate(n=Count("pk")).values_list("secretariat_id", "n"))
    filled = dict(Assignment.objects.active().filter(secretariat_id__in=secs).values("secretariat_id")
                  .annotate(n=Count("pk")).values_list("secretariat_id", "n"))
    rows = [(s.region_id + " " + s.body_kind, GapRow(s, rules.Gap(filled.get(pk, 0), required.get(pk, 0))))
            for pk, s in secs.items()]
    # "12.76.01 ppk" sorts before "12.76.01.1001 pps": a PPK comes before its kelurahan at equal gaps.
    order = rules.gap_order((key, row.gap) for key, row in rows)
    by_key = dict(rows)
    return [by_key[key] for key, _gap in order]


def totals(rows: list[GapRow]) -> rules.Gap:
    return rules.Gap(sum(r.gap.filled for r in rows), sum(r.gap.required for r in rows))


def pledges_of(election: Election, employees: list[AsnEmployee]) -> dict[int, Pledge]:
    """The ASN neutrality pledge (pemilu.neutrality) of each person, if signed — linked, not copied."""
    return {p.employee_id: p for p in Pledge.objects.filter(election=election, employee__in=employees)}


def register_search(user: Viewer, secretariat: Secretariat, text: str, limit: int = 20) -> list[AsnEmployee]:
    """Register rows for the proposal picker: people working where this secretariat may draw from."""
    from pemilu.asn.queries import readable

    area = secretariat.region_id if secretariat.body_kind == rules.BodyKind.PPS else rules.kab_of(
        secretariat.region_id)
    qs = readable(user).filter(is_active=True).in_region(area).select_related("region")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(nip__startswith=text) | Q(agency__icontains=text))
    return list(qs.order_by("name")[:limit])


def pps_oath_date(sec: Secretariat) -> datetime.date | None:
    """The PPS inauguration (oath) date of the kab/kota's PPS recruitment in ``pemilu.adhoc``, when
    that app is installed and the recruitment exists: the start of the PPS secretariat's window."""
    from django.apps import apps

    if sec.body_kind != "pps" or not apps.is_installed("pemilu.adhoc"):
        return None
    from pemilu.adhoc.models import Recruitment

    return (Recruitment.objects.filter(election=sec.election, body="pps", region_id=rules.kab_of(sec.region_id))
            .values_list("inaugurated_on", flat=True).first())
