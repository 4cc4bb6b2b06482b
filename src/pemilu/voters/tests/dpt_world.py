"""A set DPT for tests that need one (DPTb, DPK, the ladder): voters imported into the cast's desa,
coklit'd (the under-age ones TMS), mapped to TPS, DPS announced, DPSHP Akhir compiled and the DPT
set in KPU Tebing Tinggi's plenary — each step through its action."""

from __future__ import annotations

import datetime

from django.test import override_settings

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters.actions import do_compile_list
from pemilu.voters.eligibility import latest_birth_date
from pemilu.voters.importer import import_dp4
from pemilu.voters.mapping import do_map_tps
from pemilu.voters.models import Coklit, Voter
from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt
from pemilu.voters.responses import do_announce_dps
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

ANNOUNCED = datetime.date(2023, 4, 20)


def make_dpt(cast: Cast, election: Election, *, count: int = 600, seed: int = 5, cap: int = 100,
             only: str = "") -> None:
    rows = dp4_rows(count, seed=seed, with_tps=False)
    if only:
        rows = [r for r in rows if r["kode_desa"] == only]
    import_dp4(dp4_csv(rows), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    voters = Voter.objects.filter(election=election)
    voters.filter(marital="B", birth_date__gt=latest_birth_date(election.voting_day)).update(
        coklit=Coklit.NOT_ELIGIBLE, not_eligible_reason="di_bawah_umur")
    voters.filter(coklit=Coklit.PENDING).update(coklit=Coklit.MATCHED)
    do_map_tps(election, "12.76", actor=cast.kpu_staff_a, cap=cap)
    for desa in sorted(set(voters.values_list("desa_code", flat=True))):
        do_compile_list(election, desa, "dphp", actor=cast.kpu_staff_a)
        do_compile_list(election, desa, "dps", actor=cast.kpu_staff_a)
        with override_settings(PEMILU_TODAY=ANNOUNCED.isoformat()):
            do_announce_dps(election, desa, place="Kantor Lurah", actor=cast.kpu_staff_a, ends_on=ANNOUNCED)
        with override_settings(PEMILU_TODAY=(ANNOUNCED + datetime.timedelta(days=1)).isoformat()):
            do_compile_list(election, desa, "dpshp", actor=cast.kpu_staff_a)
            do_compile_list(election, desa, "dpshp_akhir", actor=cast.kpu_staff_a)
    do_record_dpt_attendance(election, "12.76", [{"kind": "member", "name": f"Anggota {i}", "position": "Anggota",
                                                   "present": True} for i in range(1, 6)], actor=cast.kpu_admin_a)
    do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)


def spread_by_2024(rows: list[dict[str, str]], kab: str = "12.76") -> list[dict[str, str]]:
    """The generated families moved (whole) to the desa of ``kab`` in proportion to the regular TPS each
    used in 2024 — a synthetic DPT shaped like the real one (the generator spreads them evenly)."""
    from pemilu.voters.tps2024 import _table

    table, by_kab = _table()
    desa = sorted(by_kab[kab])
    weights = [table[code][2] for code in desa]
    total = sum(weights)
    families = list(dict.fromkeys(r["no_kk"] for r in rows))
    slots: list[str] = []
    for code, weight in zip(desa, weights, strict=True):
        slots += [code] * round(len(families) * weight / total)
    slots += [desa[-1]] * (len(families) - len(slots))
    where = dict(zip(families, slots, strict=False))
    for row in rows:
        row["kode_desa"] = where[row["no_kk"]]
    return rows
