from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest

from pemilu.elections.models import Election
from pemilu.voters.generator import COLUMNS, generate

KEY = "voters-test-key-0123456789abcdefghijklmnop"
# The cast's desa (testing/factories.py) and their TPS numbers.
CAST_DESA = {"12.76.01.1006": ("1", "2", "3"), "12.76.01.1007": ("1", "2"), "12.76.04.1002": ("1",)}


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every voters test runs with the key set, as a deployment does (the ladder's pages open sealed
    numbers to mask them); a test without it deletes it (``test_without_the_key_nothing_is_imported``)."""
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


@pytest.fixture
def election(db: None) -> Election:
    return Election.objects.create(code="pemilu-2024", name="Pemilu 2024", voting_day=datetime.date(2024, 2, 14))


def dp4_rows(count: int, *, seed: int = 7, junk_per_code: int = 0, exact_duplicates: int = 0,
             with_tps: bool = True) -> list[dict[str, str]]:
    """Generated voters moved into the cast's three desa (whole families together), with a TPS number."""
    rows, _truth = generate(count, seed=seed, junk_per_code=junk_per_code, exact_duplicates=exact_duplicates)
    desa = list(CAST_DESA)
    families: dict[str, str] = {}
    for row in rows:
        code = families.setdefault(row["no_kk"], desa[len(families) % len(desa)])
        row["kode_desa"] = code
        if with_tps:
            numbers = CAST_DESA[code]
            row["tps"] = numbers[int(row["rw"]) % len(numbers)]
    return rows


def dp4_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    columns = [*COLUMNS, *(["tps"] if "tps" in rows[0] else [])]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue().encode("utf-8")


def write_dp4(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_bytes(dp4_csv(rows))
    return path


ANNOUNCED_ON = datetime.date(2023, 4, 20)  # inside Pemilu 2024's voter-list stage


def build_dpt(cast: Any, election: Election, desa: str, rows: list[dict[str, str]]) -> None:
    """A desa's DPT through every real step: DP4 imported, every voter coklit'd (sesuai), DPHP,
    DPS announced for one day, DPSHP and DPSHP Akhir the day after, KPU Tebing Tinggi's plenary
    with its quorum sets the DPT."""
    from django.test import override_settings

    from pemilu.voters.actions import do_compile_list, do_record_coklit
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter
    from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt
    from pemilu.voters.responses import do_announce_dps

    import_dp4(dp4_csv(rows), election=election, region_code=desa, actor=cast.kpu_staff_a)
    for voter in Voter.objects.filter(election=election, desa_code=desa):
        do_record_coklit(voter, outcome="sesuai", actor=cast.pps_a1)
    with override_settings(PEMILU_TODAY=ANNOUNCED_ON.isoformat()):
        do_compile_list(election, desa, "dphp", actor=cast.pps_a1)
        do_compile_list(election, desa, "dps", actor=cast.pps_a1)
        do_announce_dps(election, desa, place="Kantor Lurah", actor=cast.pps_a1, ends_on=ANNOUNCED_ON)
    with override_settings(PEMILU_TODAY=(ANNOUNCED_ON + datetime.timedelta(days=1)).isoformat()):
        do_compile_list(election, desa, "dpshp", actor=cast.pps_a1)
        do_compile_list(election, desa, "dpshp_akhir", actor=cast.pps_a1)
    do_record_dpt_attendance(election, desa[:5], [{"kind": "member", "name": f"Anggota {n}", "present": True}
                                                  for n in range(1, 6)], actor=cast.kpu_admin_a)
    do_set_dpt(election, desa[:5], actor=cast.kpu_admin_a)


PERSIAKAN, BANDAR_SONO, OTHER_DESA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"


def flow_world(cast: Any, election: Election, *, announce_all: bool = False) -> dict[str, Any]:
    """Tebing Tinggi's three cast desa on their way to the DPT, through the real actions, on
    ``ANNOUNCED_ON``: Persiakan's DPS announced with two open responses, Bandar Sono coklit'd with
    nothing compiled, 12.76.04.1002's DPS compiled (announced too with ``announce_all``)."""
    from django.test import override_settings

    from pemilu.voters.actions import do_compile_list, do_record_coklit
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter, VoterListEntry
    from pemilu.voters.responses import do_announce_dps, do_record_response

    import_dp4(dp4_csv(dp4_rows(45, seed=5)), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    for voter in Voter.objects.filter(election=election):
        do_record_coklit(voter, outcome="sesuai", actor=cast.kpu_staff_a)
    ids: dict[str, Any] = {"persiakan": PERSIAKAN, "bandar_sono": BANDAR_SONO, "other_desa": OTHER_DESA}
    with override_settings(PEMILU_TODAY=ANNOUNCED_ON.isoformat()):
        for desa in (PERSIAKAN, OTHER_DESA):
            do_compile_list(election, desa, "dphp", actor=cast.kpu_staff_a)
            do_compile_list(election, desa, "dps", actor=cast.kpu_staff_a)
        ann = do_announce_dps(election, PERSIAKAN, place="Kantor Lurah Persiakan", actor=cast.pps_a1)
        if announce_all:
            ids["announcement_2"] = do_announce_dps(election, OTHER_DESA, place="Kantor Lurah",
                                                    actor=cast.kpu_staff_a).pk
        listed = list(VoterListEntry.objects.filter(voter_list_id=ann.voter_list_id).values_list("voter_id", flat=True))
        responses = [do_record_response(ann, actor=None, kind="tms", reason="meninggal", voter_id=voter_id,
                                        details="Sudah meninggal dunia.", sender_name="Warga")
                     for voter_id in listed[:2]]
    ids.update(announcement=ann.pk, response=responses[0].pk, response_2=responses[1].pk, voter=listed[2])
    return ids
