"""The kecamatan running totals: one JSON row per contest × kecamatan, added to key by key in
the database; and the migration that folded the per-key rows into that shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from pemilu.results import rollup
from pemilu.results.models import Contest, KecamatanTotal

KEYS = st.sampled_from(["1", "2", "3", "_sah", "#accepted", "10.3"])
ROW = st.sampled_from([(1, "12.76.01", "12.76", "12"), (1, "12.76.02", "12.76", "12"), (2, "12.76.01", "12.76", "12")])


@given(st.lists(st.tuples(ROW, KEYS, st.integers(-50, 50)), max_size=40))
def test_group_sums_per_row_in_lock_order_and_drops_zeros(deltas: list[Any]) -> None:
    rows = rollup.group(deltas)
    assert [k for k, _ in rows] == sorted(k for k, _ in rows)  # writers lock rows in one order
    expected: dict[Any, dict[str, int]] = {}
    for key, choice, value in deltas:
        expected.setdefault(key, {})
        expected[key][choice] = expected[key].get(choice, 0) + value
    expected = {k: {c: v for c, v in t.items() if v} for k, t in expected.items()}
    assert dict(rows) == {k: t for k, t in expected.items() if t}
    assert all(v for _, totals in rows for v in totals.values())


def test_bump_adds_key_by_key_in_the_database(ppwp: Contest) -> None:
    key = (ppwp.pk, "12.76.01", "12.76", "12")
    other = (ppwp.pk, "12.76.02", "12.76", "12")
    rollup.bump([(key, {"1": 10, "2": 5, "#accepted": 1})])
    rollup.bump([(key, {"2": 7, "3": 4, "#accepted": 1}), (other, {"1": 3})])
    rollup.bump([(key, {"1": -10, "3": 2})])  # a correction moves totals down
    row = KecamatanTotal.objects.get(contest=ppwp, kec_code="12.76.01")
    assert row.totals == {"1": 0, "2": 12, "3": 6, "#accepted": 2}
    assert KecamatanTotal.objects.get(contest=ppwp, kec_code="12.76.02").totals == {"1": 3}
    assert KecamatanTotal.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_per_key_rows_into_one_row_and_back() -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("results", "0003_kectotal_fillfactor_night")]
    after = [("results", "0004_kectotal_one_row_per_kecamatan")]
    executor.migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    contest_model, total = old.get_model("results", "Contest"), old.get_model("results", "KecamatanTotal")
    election = old.get_model("elections", "Election").objects.create(
        code="x-2024", name="x", voting_day="2024-02-14", time_zone="Asia/Jakarta")
    kind = old.get_model("results", "ContestKind").objects.create(
        code="ppwp-x", name="PPWP", form_name="C", colour="abu", district="national", choice_kind="paslon")
    contest = contest_model.objects.create(election=election, kind=kind, code="ppwp", name="PPWP")
    for kec, choice, votes in [("12.76.01", "1", 10), ("12.76.01", "2", 20), ("12.76.01", "#accepted", 2),
                               ("12.76.02", "1", 5), ("12.76.02", "2", 0)]:
        total.objects.create(contest=contest, kec_code=kec, kab_code="12.76", prov_code="12", choice=choice,
                             votes=votes)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("results", "KecamatanTotal")
    assert {r.kec_code: r.totals for r in new.objects.all()} == {
        "12.76.01": {"1": 10, "2": 20, "#accepted": 2}, "12.76.02": {"1": 5}}
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("results", "KecamatanTotal")
    assert sorted(back.objects.values_list("kec_code", "choice", "votes")) == [
        ("12.76.01", "#accepted", 2), ("12.76.01", "1", 10), ("12.76.01", "2", 20),
        ("12.76.02", "1", 5)]
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
