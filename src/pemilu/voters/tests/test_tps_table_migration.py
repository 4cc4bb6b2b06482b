"""The migration that moved each voter's TPS from the voter row into ``VoterTps`` (0008) keeps every
assignment, both ways."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("voters", "0007_voter_settings_response_days")]
AFTER = [("voters", "0008_voter_tps_table")]
DESA = "12.76.01.1006"


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_assignment_over_and_back() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    region, tps_model = old.get_model("regions", "Region"), old.get_model("regions", "Tps")
    for code, level in (("12", 1), ("12.76", 2), ("12.76.01", 3), (DESA, 4)):
        region.objects.create(code=code, name=code, level=level, kind="desa", prov_code="12",
                              parent_id=code.rsplit(".", 1)[0] if "." in code else None)
    first, second = (tps_model.objects.create(code=f"{DESA}.00{n}", village_id=DESA, number=n, prov_code="12",
                                              kab_code="12.76", kec_code="12.76.01", desa_code=DESA)
                     for n in (1, 2))
    election = old.get_model("elections", "Election").objects.create(
        code="x-2024", name="x", voting_day=datetime.date(2024, 2, 14), time_zone="Asia/Jakarta")
    voter = old.get_model("voters", "Voter")
    placed = {}
    for i, tps in enumerate([first, second, None, first]):
        row = voter.objects.create(election=election, village_id=DESA, tps=tps, nik_hash=f"{i}", nik_sealed="-",
                                   kk_hash=f"{i}", kk_sealed="-", name=f"P {i}", birth_place="Medan",
                                   birth_date=datetime.date(1990, 1, 1), sex="L", marital="S", address="Jl.",
                                   prov_code="12", kab_code="12.76", kec_code="12.76.01", desa_code=DESA)
        placed[row.pk] = tps.pk if tps else None
    MigrationExecutor(connection).migrate(AFTER)
    new = MigrationExecutor(connection).loader.project_state(AFTER).apps
    rows = dict(new.get_model("voters", "VoterTps").objects.values_list("voter_id", "tps_id"))
    assert rows == {pk: tps for pk, tps in placed.items() if tps is not None}
    MigrationExecutor(connection).migrate(BEFORE)
    back = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("voters", "Voter")
    assert dict(back.objects.values_list("pk", "tps_id")) == placed
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
