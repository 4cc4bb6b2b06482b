"""One plan, three writers (issue 18 item 3): the same forms submitted one by one through
``do_submit_result``, as a batch through the ORM writer, and — on PostgreSQL — as a batch through
the one-statement writer store the same rows, the same running totals and the same audit rows,
hash for hash. Each writer runs from the same database state at the same frozen instant, in a
savepoint rolled back afterwards (on PostgreSQL the id sequences are reset for each writer, since
a rollback does not rewind them; SQLite's AUTOINCREMENT counter rolls back with the savepoint)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.audit.verify import verify_chains
from pemilu.regions.models import Tps
from pemilu.results import checks
from pemilu.results.actions import do_submit_result
from pemilu.results.entry import FIRST_STATUS, plan_entry
from pemilu.results.ingest import submit_batch
from pemilu.results.models import ADMIN_FIELDS, Contest, EntryMode, KecamatanTotal, Result, ResultStatus, ResultVersion
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast

TPS = ["12.76.01.1006.001", "12.76.01.1006.002", "12.76.01.1006.003", "12.76.01.1007.001",
       "12.76.01.1007.002", "12.76.04.1002.001", "12.76.04.1002.901"]
NOW = datetime.datetime(2024, 2, 14, 19, 30, 12, 345678, tzinfo=datetime.UTC)


class _Rollback(Exception):
    pass


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    """A C.Hasil that passes the error checks: its figures vary within what keeps the form
    consistent (some warnings, acknowledged), sometimes without its administration section
    (a votes-only entry: stored, counted, flagged incomplete)."""
    total = draw(st.integers(177, 237))
    tidak_sah = draw(st.integers(0, 12))
    a = draw(st.integers(0, total - tidak_sah))
    b = draw(st.integers(0, total - tidak_sah - a))
    form = good_form(a, b, total - tidak_sah - a - b, tidak_sah)
    if draw(st.booleans()):
        form["votes"]["2"] += draw(st.integers(0, 3))  # W-level inconsistencies, acknowledged below
    if draw(st.integers(0, 4)) == 0:
        form.update(dict.fromkeys(ADMIN_FIELDS))
    codes = checks.run_checks(form)
    if checks.errors_of(codes):
        form["votes"]["2"] = b  # back to a consistent ballot
        codes = checks.run_checks(form)
    return {"figures": form, "acks": {w: "dibaca ulang dari plano" for w in checks.warnings_of(codes)}}


def _action(user: Any, contest: Contest, batch: list[tuple[str, dict[str, Any]]]) -> None:
    for tps, form in batch:
        do_submit_result(contest, Tps.objects.get(code=tps), form["figures"], actor=user,
                         acknowledgements=form["acks"])


def _batch(statement: bool) -> Callable[[Any, Contest, list[tuple[str, dict[str, Any]]]], None]:
    def write(user: Any, contest: Contest, batch: list[tuple[str, dict[str, Any]]]) -> None:
        out = submit_batch(user, [{"tps": tps, "contest": contest.code, "idempotency_key": f"k-{tps}",
                                   "acknowledgements": form["acks"], **form["figures"]} for tps, form in batch],
                           statement=statement)
        assert [x["status"] for x in out] == [200] * len(batch), out
    return write


def _writers() -> dict[str, Callable[[Any, Contest, list[tuple[str, dict[str, Any]]]], None]]:
    writers = {"do_submit_result": _action, "batch (ORM)": _batch(False)}
    if connection.vendor == "postgresql":
        writers["batch (one PostgreSQL statement)"] = _batch(True)
    return writers


def _state() -> dict[str, Any]:
    return {
        "results": list(Result.objects.order_by("id").values()),
        "versions": list(ResultVersion.objects.order_by("id").values()),
        "totals": sorted((t.contest_id, t.kec_code, t.kab_code, t.prov_code, sorted(t.totals.items()))
                         for t in KecamatanTotal.objects.all()),
        "audit": list(AuditEvent.objects.filter(event_type="results.entered").order_by("chain_key", "seq")
                      .values("chain_key", "seq", "prev_hash", "hash", "hash_version", "created_at", "actor_id",
                              "actor_name", "region_code", "prov_code", "kab_code", "kec_code", "desa_code",
                              "target_type", "target_id", "object_repr", "before", "after", "reason",
                              "request_id")),
        "chains": list(AuditChain.objects.order_by("key").values_list("key", "last_seq", "last_hash")),
    }


def _restart_sequences(start: int) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Result, ResultVersion):
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [model._meta.db_table, start])


@pytest.mark.slow
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mode=st.sampled_from([EntryMode.DIRECT, EntryMode.VERIFY, EntryMode.DOUBLE]),
       batch=st.lists(st.tuples(st.sampled_from(TPS), forms()), min_size=1, max_size=len(TPS),
                      unique_by=lambda x: x[0]))
def test_three_writers_store_the_same_rows_totals_and_audit_hashes(
        cast: Cast, ppwp: Contest, mode: EntryMode, batch: list[tuple[str, dict[str, Any]]]) -> None:
    user = cast.kpu_admin_a
    start = 1000 + max(Result.objects.order_by("-id").values_list("id", flat=True).first() or 0,
                       ResultVersion.objects.order_by("-id").values_list("id", flat=True).first() or 0)
    states: dict[str, dict[str, Any]] = {}
    try:
        with transaction.atomic():
            set_mode(ppwp, mode)
            for name, write in _writers().items():
                try:
                    with transaction.atomic(), time_machine.travel(NOW, tick=False):
                        _restart_sequences(start)
                        write(user, ppwp, batch)
                        states[name] = _state()
                        assert verify_chains().ok
                        raise _Rollback
                except _Rollback:
                    pass
            raise _Rollback
    except _Rollback:
        pass
    first, *others = states.values()
    assert len(first["results"]) == len(batch) and len(first["audit"]) == len(batch)
    assert {r["status"] for r in first["results"]} == {FIRST_STATUS[mode]}
    for name, state in states.items():
        for part in ("results", "versions", "totals", "audit", "chains"):
            assert state[part] == first[part], (name, part)
    assert len(states) == (3 if connection.vendor == "postgresql" else 2)


def test_the_postgresql_writer_runs_in_the_postgresql_leg(db: None) -> None:
    """The one-statement writer exists only on PostgreSQL: CI runs this suite on both vendors."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement batch writer needs PostgreSQL (CI runs the suite on PostgreSQL too)")
    assert "batch (one PostgreSQL statement)" in _writers()


def test_a_plan_counts_an_accepted_form_and_only_moves_the_counters_of_others() -> None:
    figures = {**good_form(), "votes": {"1": 47, "2": 85, "3": 40}}
    accepted = plan_entry(figures, [], EntryMode.DIRECT)
    assert accepted.status == ResultStatus.ACCEPTED and accepted.number == 1
    assert accepted.totals_delta == {"1": 47, "2": 85, "3": 40, "_sah": 172, "_tidak_sah": 6, "#counted": 1,
                                     "#accepted": 1}
    assert accepted.audit_before == {"status": "empty"}
    assert set(accepted.audit_after) == {"status", "version", "digest", "codes"}
    again = plan_entry(figures, ["W1"], EntryMode.VERIFY, previous=ResultStatus.ERROR, number=3)
    assert again.totals_delta == {"#error": -1, "#submitted": 1} and again.audit_after["version"] == 3
    votes_only = plan_entry({**figures, **dict.fromkeys(ADMIN_FIELDS)}, [], EntryMode.DIRECT)
    assert votes_only.is_incomplete and votes_only.totals_delta["#incomplete"] == 1
    with pytest.raises(ValueError, match="not a first entry"):
        plan_entry(figures, [], EntryMode.DIRECT, previous=ResultStatus.ACCEPTED)
