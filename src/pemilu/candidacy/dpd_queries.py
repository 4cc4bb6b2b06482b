"""Reads of the DPD support desk and the public "cek dukungan" (issue 23 item 6)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import acting_codes
from pemilu.accounts.types import Viewer
from pemilu.candidacy.models import DpdCandidate, DpdProvince, SupportContest, Supporter
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.scope import ScopedQuerySet
from pemilu.voters import crypto
from pemilu.voters.rules import is_pattern, nik_birth_part

M = TypeVar("M", bound=Model)
VIEW = "candidacy.dpd_view"


def _within(qs: ScopedQuerySet[M], codes: list[str]) -> ScopedQuerySet[M]:
    if "" in codes:
        return qs
    out = qs.none()
    for code in codes:
        out = out | qs.in_region(code)
    return out


def readable_candidates(user: Viewer) -> ScopedQuerySet[DpdCandidate]:
    """The bakal calon of the provinces where a role of ``user`` may read DPD support."""
    return _within(DpdCandidate.objects.all(), acting_codes(user, VIEW)).select_related("province__region")


def readable_provinces(user: Viewer) -> ScopedQuerySet[DpdProvince]:
    """The DPD provinces where a role of ``user`` may read DPD support."""
    return _within(DpdProvince.objects.all(), acting_codes(user, VIEW)).select_related("region", "election")


def readable_supporters(user: Viewer) -> ScopedQuerySet[Supporter]:
    """Supporter rows filed where a role of ``user`` may read DPD support (a KPU Kab/Kota: its own)."""
    return _within(Supporter.objects.all(), acting_codes(user, VIEW)).select_related("candidate")


def readable_contests(user: Viewer) -> ScopedQuerySet[SupportContest]:
    """Contests filed under the provinces where a role of ``user`` may read DPD support (the KPU
    Provinsi's queue; a KPU Kab/Kota reads none: they are the province's)."""
    return (_within(SupportContest.objects.all(), acting_codes(user, VIEW))
            .select_related("candidate__province__region", "resolved_by"))


def valid_nik(nik: str) -> bool:
    """A NIK that could exist: 16 ASCII digits, not a pattern, digits 7–12 a birth date."""
    return is_ascii_digits(nik, 16) and not is_pattern(nik) and nik_birth_part(nik) is not None


def lookup(nik: str) -> list[dict[str, Any]]:
    """The public "cek dukungan": the candidates whose supporter lists carry this NIK, by its keyed
    hash; the answer names the candidate and province, the masked NIK and the row's check result,
    never the supporter's name or address."""
    rows = (Supporter.objects.filter(nik_hash=crypto.number_hash(nik))
            .select_related("candidate__province__region").order_by("candidate__name", "pk"))
    return [{"candidate_id": s.candidate_id, "candidate": s.candidate.name,
             "province": s.candidate.province.region.name,
             "counted": not s.code, "result": s.get_code_display() if s.code else _("Memenuhi syarat")}
            for s in rows]
