"""Reads of the voter list: the recap of the compiled lists PPS → PPK → KPU Kab/Kota (counts by sex,
by TPS), the funnel DP4 → DPT with the removal categories, and the DPT of a TPS (the C.Hasil's
data-pemilih section). Each answer is a fixed number of queries whatever the rows.

* ``voter_counts_for_tps(election, tps)`` (issue 22 items 2, 5): the C.Hasil's voter data of one TPS —
  DPT (from the set DPT, or the current mapping while it is not set), DPTb registered to vote there,
  DPK recorded there — by sex, with the ballots it needs; the C.Hasil prefill reads this.
* ``movers_for_tps(election, tps_codes)`` (issue 22 item 2): DPTb registered to vote at each TPS
  and DPK recorded there, by sex, in one query — the C.Hasil's pengguna DPTb/DPK prefill and checks.
* ``tps_recap(election, region_code)``: eligible voters by sex and by TPS with DPTb and ballots
  needed (``pemilu voters recap``, the mapping page).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum, Value

from pemilu.core.levels import Level, level_of
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.voters.mapping import eligible_q
from pemilu.voters.models import (
    STAGE_ORDER,
    Coklit,
    DpkRecord,
    DpsResponse,
    ListStage,
    NotEligibleReason,
    Origin,
    ResponseKind,
    ResponseStatus,
    Transfer,
    Voter,
    VoterList,
)
from pemilu.voters.tps_mapping import ballots_needed

CHILD_COLUMN = {Level.KABKOTA: "kec_code", Level.KECAMATAN: "desa_code"}


def _counts(male: int, female: int) -> dict[str, int]:
    return {"L": male, "P": female, "J": male + female}


def recap(election: Election, region_code: str) -> dict[str, Any]:
    """The compiled lists below a kab/kota, kecamatan or desa, one row per child (kecamatan, desa,
    or the desa's TPS) and stage: {"L", "P", "J"}; ``total`` per stage, and per row the latest
    stage compiled (``stage``)."""
    level = level_of(region_code)
    lists = VoterList.objects.in_region(region_code).filter(election=election)
    rows: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    if level == Level.DESA:
        for stage, by_tps in lists.values_list("stage", "by_tps"):
            for tps, counts in (by_tps or {}).items():
                rows[tps][stage] = _counts(counts.get("L", 0), counts.get("P", 0))
        names = {code: (f"TPS {code.rsplit('.', 1)[-1]}" if code else "—") for code in rows}
    else:
        column = CHILD_COLUMN.get(Level(level), "desa_code")
        for code, stage, male, female in (lists.values_list(column, "stage").annotate(m=Sum("male"), f=Sum("female"))
                                          .values_list(column, "stage", "m", "f")):
            rows[code][stage] = _counts(male or 0, female or 0)
        children = Region.objects.filter(parent__code=region_code)
        names = dict(children.values_list("code", "name"))
        for code in names:
            rows.setdefault(code, {})
    total: dict[str, dict[str, int]] = {}
    for stages in rows.values():
        for stage, counts in stages.items():
            t = total.setdefault(stage, {"L": 0, "P": 0, "J": 0})
            for key in t:
                t[key] += counts[key]
    out_rows = [{"code": code, "name": names.get(code, code),
                 "stage": next((s for s in reversed(STAGE_ORDER) if s in rows[code]), ""),
                 "stages": {s: rows[code][s] for s in STAGE_ORDER if s in rows[code]}}
                for code in sorted(rows)]
    return {"region": region_code, "stages": [s for s in STAGE_ORDER if s in total], "rows": out_rows,
            "total": {s: total[s] for s in STAGE_ORDER if s in total}}


def funnel(election: Election, region_code: str) -> dict[str, Any]:
    """DP4 → + new voters (coklit) → − not eligible by the regulation's category → DPHP/DPS →
    ± the public's responses → DPSHP → DPSHP Akhir → DPT, for a region (any level down to desa).
    Removal categories count the voters' current outcome, split into those found at the coklit and
    those removed on an accepted response."""
    voters = Voter.objects.in_region(region_code).filter(election=election)
    origin = Counter(dict(voters.values_list("origin").annotate(n=Count("id")).values_list("origin", "n")))
    pending = voters.filter(coklit=Coklit.PENDING).count()
    responses = DpsResponse.objects.in_region(region_code).filter(announcement__election=election)
    by_response = Counter({(k, s): n for k, s, n in responses.values_list("kind", "status").annotate(n=Count("id"))
                           .values_list("kind", "status", "n")})
    removed_on_response = Counter(dict(
        responses.filter(kind=ResponseKind.NOT_ELIGIBLE, status=ResponseStatus.ACCEPTED).values_list("reason")
        .annotate(n=Count("id")).values_list("reason", "n")))
    tms = Counter(dict(voters.filter(coklit=Coklit.NOT_ELIGIBLE).values_list("not_eligible_reason")
                       .annotate(n=Count("id")).values_list("not_eligible_reason", "n")))
    added_on_response = by_response[(ResponseKind.NOT_LISTED, ResponseStatus.ACCEPTED)]
    stages = {s: _counts(m or 0, f or 0) for s, m, f in
              VoterList.objects.in_region(region_code).filter(election=election).values_list("stage")
              .annotate(m=Sum("male"), f=Sum("female")).values_list("stage", "m", "f")}
    categories = [{"reason": r.value, "label": str(r.label),
                   "coklit": max(tms[r.value] - removed_on_response[r.value], 0),
                   "response": removed_on_response[r.value]} for r in NotEligibleReason]
    return {
        "region": region_code,
        "dp4": origin[Origin.DP4],
        "new_coklit": max(origin[Origin.NEW] - added_on_response, 0),
        "new_response": added_on_response,
        "pending": pending,
        "not_eligible": categories,
        "not_eligible_total": sum(tms.values()),
        "responses": [{"kind": k.value, "label": str(k.label),
                       **{s.value: by_response[(k.value, s.value)] for s in ResponseStatus}} for k in ResponseKind],
        "stages": [{"stage": s.value, "label": str(s.label), **stages[s.value]} for s in ListStage
                   if s.value in stages],
    }


def dpt_for_tps(election: Election, tps_codes: list[str]) -> dict[str, dict[str, int]]:
    """The set DPT of each TPS ({"L", "P", "J"}), for the TPS whose desa's DPT is set (the others
    are absent): one query whatever the number of TPS."""
    desa = {code.rsplit(".", 1)[0] for code in tps_codes}
    wanted = set(tps_codes)
    out: dict[str, dict[str, int]] = {}
    for village, by_tps in VoterList.objects.filter(election=election, stage=ListStage.DPT,
                                                    desa_code__in=desa).order_by().values_list("desa_code", "by_tps"):
        for code in wanted:
            if code.rsplit(".", 1)[0] == village:
                counts = (by_tps or {}).get(code, {})
                out[code] = _counts(counts.get("L", 0), counts.get("P", 0))
    return out


def movers_for_tps(election: Election, tps_codes: list[str]) -> dict[str, dict[str, dict[str, int]]]:
    """For each TPS: ``{"dptb": {"L", "P", "J"}, "dpk": {...}}`` — the DPTb voters registered to
    vote there (form A-Surat Pindah Memilih) and the DPK voters recorded there as they voted. Every
    asked TPS is in the answer (zeros when none); one query (a UNION) whatever the number of TPS."""
    out = {code: {"dptb": _counts(0, 0), "dpk": _counts(0, 0)} for code in tps_codes}
    if not tps_codes:
        return out
    dptb = (Transfer.objects.filter(election=election, tps__code__in=tps_codes).order_by()
            .values_list("tps__code", "voter__sex").annotate(n=Count("id"), kind=Value("dptb")))
    dpk = (DpkRecord.objects.filter(election=election, tps__code__in=tps_codes).order_by()
           .values_list("tps__code", "sex").annotate(n=Count("id"), kind=Value("dpk")))
    for code, sex, n, kind in dptb.union(dpk, all=True):
        row = out[code][kind]
        row[sex] += n
        row["J"] += n
    return out


@dataclass(frozen=True)
class VoterCounts:
    """One TPS's voter data as the C.Hasil asks for it (L, P; ``*_j`` the totals)."""

    dpt_l: int
    dpt_p: int
    dptb_l: int
    dptb_p: int
    dpk_l: int
    dpk_p: int
    dpt_set: bool  # False: the DPT of the desa is not set; dpt_* count the current mapping

    @property
    def dpt_j(self) -> int:
        return self.dpt_l + self.dpt_p

    @property
    def dptb_j(self) -> int:
        return self.dptb_l + self.dptb_p

    @property
    def dpk_j(self) -> int:
        return self.dpk_l + self.dpk_p

    @property
    def ballots(self) -> int:
        """Ballots per contest: DPT + DPTb + 2 % of the DPT rounded up."""
        return ballots_needed(self.dpt_j, self.dptb_j)

    def as_fields(self) -> dict[str, int]:
        """The C.Hasil field names (``results.models.ResultVersion``) of the DPT row. DPTb and DPK
        here are those registered / recorded at the TPS: the form's ``pengguna_dptb_*`` and
        ``pengguna_dpk_*`` are the ones who voted (DPK records are made as they vote)."""
        return {"dpt_l": self.dpt_l, "dpt_p": self.dpt_p, "dpt_j": self.dpt_j,
                "pengguna_dpk_l": self.dpk_l, "pengguna_dpk_p": self.dpk_p, "pengguna_dpk_j": self.dpk_j}


def _by_sex(pairs: list[tuple[str, int]]) -> Counter[str]:
    return Counter({sex: n for sex, n in pairs})


def voter_counts_for_tps(election: Election, tps: Tps) -> VoterCounts:
    """DPT (the set DPT's count, ``dpt_for_tps``; before it is set, the voters mapped there), DPTb
    registered to vote there and DPK recorded there, by sex (4 queries)."""
    listed = dpt_for_tps(election, [tps.code])
    dpt_set = tps.code in listed
    if dpt_set:
        dpt = Counter({"L": listed[tps.code]["L"], "P": listed[tps.code]["P"]})
    else:
        dpt = _by_sex(list(Voter.objects.filter(eligible_q(election), election=election, placement__tps=tps)
                           .values_list("sex").annotate(n=Count("id")).order_by()))
    dptb = _by_sex(list(Transfer.objects.filter(election=election, tps=tps).values_list("voter__sex")
                        .annotate(n=Count("id")).order_by()))
    dpk = _by_sex(list(DpkRecord.objects.filter(election=election, tps=tps).values_list("sex")
                       .annotate(n=Count("id")).order_by()))
    return VoterCounts(dpt["L"], dpt["P"], dptb["L"], dptb["P"], dpk["L"], dpk["P"], dpt_set)


@dataclass
class TpsRow:
    code: str
    male: int
    female: int
    dptb: int
    special: bool

    @property
    def total(self) -> int:
        return self.male + self.female

    @property
    def ballots(self) -> int:
        return ballots_needed(self.total, self.dptb)


@dataclass
class TpsRecap:
    region: str
    imported: int = 0
    coklit: dict[str, int] = field(default_factory=dict)  # outcome → voters
    not_eligible: dict[str, int] = field(default_factory=dict)  # TMS reason → voters
    male: int = 0  # eligible voters
    female: int = 0
    unmapped: int = 0  # eligible voters without a TPS
    tps: list[TpsRow] = field(default_factory=list)
    stages: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage → (desa compiled, voters)

    @property
    def eligible(self) -> int:
        return self.male + self.female

    @property
    def ballots(self) -> int:
        return sum(t.ballots for t in self.tps)


def tps_recap(election: Election, region_code: str) -> TpsRecap:
    """Eligible voters by sex and by TPS (with DPTb and ballots), the coklit outcomes and the stages
    compiled, of a region (a fixed number of queries, whatever its size)."""
    voters = Voter.objects.in_region(region_code).filter(election=election)
    out = TpsRecap(region_code)
    out.coklit = {c: n for c, n in voters.values_list("coklit").annotate(n=Count("id")).order_by()}
    out.imported = sum(out.coklit.values())
    out.not_eligible = dict(sorted(voters.filter(coklit=Coklit.NOT_ELIGIBLE).values_list("not_eligible_reason")
                                   .annotate(n=Count("id")).order_by()))
    eligible = voters.filter(eligible_q(election))
    by_tps: dict[str | None, dict[str, int]] = {}
    special: dict[str, bool] = {}
    for code, is_special, sex, n in eligible.values_list("placement__tps__code", "placement__tps__is_special", "sex") \
            .annotate(n=Count("id")).order_by():
        by_tps.setdefault(code, {"L": 0, "P": 0})[sex] += n
        if code is not None:
            special[code] = bool(is_special)
    transfers = dict(Transfer.objects.filter(election=election, tps__in=Tps.objects.in_region(region_code))
                     .values_list("tps__code").annotate(n=Count("id")).order_by())
    unmapped = by_tps.pop(None, {"L": 0, "P": 0})
    out.unmapped = unmapped["L"] + unmapped["P"]
    out.male = sum(c["L"] for c in by_tps.values()) + unmapped["L"]
    out.female = sum(c["P"] for c in by_tps.values()) + unmapped["P"]
    for code in sorted({str(c) for c in by_tps} | set(transfers)):
        counts = by_tps.get(code, {"L": 0, "P": 0})
        out.tps.append(TpsRow(str(code), counts["L"], counts["P"], transfers.get(code, 0),
                              special.get(str(code), False)))
    lists = VoterList.objects.in_region(region_code).filter(election=election)
    compiled = {stage: (n, total or 0) for stage, n, total in lists.values("stage").annotate(
        n=Count("id"), voters=Sum("total")).values_list("stage", "n", "voters").order_by()}
    out.stages = {stage: compiled.get(stage, (0, 0)) for stage in STAGE_ORDER}
    return out
