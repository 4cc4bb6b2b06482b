"""The election-night batch path gives exactly what one-by-one submission gives: the same
results, versions, running totals and audit rows; idempotent per item; scoped per item."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from pemilu.accounts.actions import do_create_token
from pemilu.audit.models import AuditEvent
from pemilu.audit.verify import verify_chains
from pemilu.results.models import Contest, EntryMode, IdempotencyKey, KecamatanTotal, Result, ResultVersion
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast

URL = "/api/v1/results/batch"


def _auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {do_create_token(user, 'device', actor=user)[1]}"}


def _item(tps: str, key: str, **form: Any) -> dict[str, Any]:
    return {"tps": tps, "contest": "ppwp", "idempotency_key": key, **good_form(**form)}


def _post(client: Client, auth: dict[str, str], items: list[dict[str, Any]]) -> Any:
    return client.post(URL, json.dumps({"submissions": items}), content_type="application/json", headers=auth)


def _state() -> dict[str, Any]:
    return {
        "results": sorted(Result.objects.values_list("tps_id", "status", "is_incomplete", "codes")),
        "versions": sorted(ResultVersion.objects.values_list("result__tps_id", "number", "kind", "suara_sah")),
        "totals": sorted((t.kec_code, choice, votes) for t in KecamatanTotal.objects.all()
                          for choice, votes in t.totals.items() if votes),
        # The whole row but its time, ids and chain position: the batch paths (SQLite's
        # record_events, PostgreSQL's one statement hashing in SQL) write what record_event writes.
        "audit": sorted((e.event_type, e.region_code, e.prov_code, e.kab_code, e.kec_code, e.desa_code,
                         e.hash_version, e.target_type, e.object_repr, json.dumps(e.before, sort_keys=True),
                         json.dumps(e.after, sort_keys=True))
                        for e in AuditEvent.objects.filter(event_type="results.entered")),
    }


@pytest.mark.parametrize("mode", [EntryMode.DIRECT, EntryMode.VERIFY, EntryMode.DOUBLE])
def test_it_matches_one_by_one_submission(cast: Cast, ppwp: Contest, mode: str) -> None:
    set_mode(ppwp, mode)
    client, auth = Client(), _auth(cast.kpu_admin_a)
    forms = [("12.76.01.1006.001", {}), ("12.76.01.1006.002", {"a": 50}), ("12.76.04.1002.901", {"a": 60})]
    for i, (tps, form) in enumerate(forms):
        r = client.post(f"/api/v1/results/{tps}/ppwp", json.dumps(good_form(**form)), content_type="application/json",
                        headers={"Idempotency-Key": f"single-{i}", **auth})
        assert r.status_code == 200, r.content
    single = _state()
    Result.objects.all().update(current=None)
    ResultVersion.objects.all().delete()
    Result.objects.all().delete()
    KecamatanTotal.objects.all().delete()
    AuditEvent.objects.filter(event_type="results.entered").delete()
    r = _post(client, auth, [_item(tps, f"batch-{i}", **form) for i, (tps, form) in enumerate(forms)])
    assert r.status_code == 200
    assert [x["status"] for x in r.json()["results"]] == [200, 200, 200]
    assert _state() == single
    from pemilu.results.rules import figures_digest

    for event in AuditEvent.objects.filter(event_type="results.entered"):
        version = ResultVersion.objects.get(result_id=int(event.target_id), number=1)
        assert event.after is not None and event.hash_version == 2
        assert event.after["digest"] == figures_digest(version.figures())


def test_it_answers_each_item_on_its_own(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    client, auth = Client(), _auth(cast.pps_a1)  # PPS Persiakan
    misread = _item("12.76.01.1006.002", "k-2")
    misread["votes"]["2"] = 885
    items = [_item("12.76.01.1006.001", "k-1"), misread, _item("12.76.01.1007.001", "k-3"),
             _item("12.76.01.1006.003", "k-1")]
    out = _post(client, auth, items).json()["results"]
    assert [x["status"] for x in out] == [200, 422, 404, 400]
    assert out[1]["body"]["codes"] == ["E4", "E10", "W1"]
    assert "Bandar Sono" not in json.dumps(out)
    assert list(Result.objects.values_list("tps__code", flat=True)) == ["12.76.01.1006.001"]
    # The same batch again: the stored answer for the stored form, nothing new written.
    again = _post(client, auth, items[:1]).json()["results"]
    assert again[0]["status"] == 200 and again[0]["body"] == out[0]["body"]
    assert ResultVersion.objects.count() == 1 and AuditEvent.objects.filter(event_type="results.entered").count() == 1
    # Another body under a used key is refused; the failed form's key was not kept.
    changed = _post(client, auth, [_item("12.76.01.1006.001", "k-1", a=60)]).json()["results"]
    assert changed[0]["status"] == 409
    assert not IdempotencyKey.objects.filter(key="k-2").exists()
    assert verify_chains().ok


def test_a_second_entry_goes_through_the_per_form_rules(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    client = Client()
    first = _post(client, _auth(cast.kpps_a1), [_item("12.76.01.1006.001", "a")]).json()["results"][0]
    assert first["body"]["status"] == "first_entry"
    second = _post(client, _auth(cast.pps_a1), [_item("12.76.01.1006.001", "b")]).json()["results"][0]
    assert second["status"] == 200 and second["body"]["status"] == "accepted" and second["body"]["version"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_batch_from_two_threads_stores_one_result(cast: Cast, ppwp: Contest) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    set_mode(ppwp, EntryMode.DIRECT)
    auth = _auth(cast.kpu_admin_a)
    items = [_item("12.76.01.1006.001", "t-1"), _item("12.76.01.1006.002", "t-2", a=60)]
    answers: list[Any] = []

    def send() -> None:
        answers.append(_post(Client(), auth, items).json())
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers[0] == answers[1]
    assert Result.objects.count() == 2 and ResultVersion.objects.count() == 2
    assert verify_chains().ok


@pytest.mark.django_db(transaction=True)
def test_a_batch_goes_through_on_a_connection_the_database_dropped(cast: Cast, ppwp: Contest) -> None:
    """Django's per-request "SELECT 1" health check is skipped on the batch path; its first read
    does that job. A persistent connection the database dropped (a restart; here its backend is
    terminated) fails that read before anything is written, and the batch goes through on a new one."""
    if connection.vendor == "sqlite":
        pytest.skip("PostgreSQL connections only")
    import psycopg

    set_mode(ppwp, EntryMode.DIRECT)
    client, auth = Client(), _auth(cast.kpu_admin_a)
    assert _post(client, auth, [_item("12.76.01.1006.001", "before")]).json()["results"][0]["status"] == 200
    old_pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    with psycopg.connect(dbname=s["NAME"], user=s["USER"], host=s["HOST"], port=s["PORT"] or 5432,
                         autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    out = _post(client, auth, [_item("12.76.01.1006.002", "after")]).json()["results"][0]
    assert out["status"] == 200, out
    assert connection.connection.info.backend_pid != old_pid
    assert Result.objects.filter(status="accepted").count() == 2
    assert verify_chains().ok


def test_a_batch_costs_a_fixed_number_of_statements(cast: Cast, ppwp: Contest) -> None:
    """The election-night path: on PostgreSQL the TPS look-up and two statements (keys, ids and
    chain heads; then every row of the batch) whatever the batch size."""
    from django.test.utils import CaptureQueriesContext

    set_mode(ppwp, EntryMode.DIRECT)
    client, auth = Client(), _auth(cast.kpu_admin_a)
    assert _post(client, auth, [_item("12.76.01.1006.001", "warm")]).status_code == 200  # token, reference, chain
    tps = ["12.76.01.1006.002", "12.76.01.1006.003", "12.76.01.1007.001", "12.76.04.1002.901"]
    with CaptureQueriesContext(connection) as ctx:
        out = _post(client, auth, [_item(code, f"n-{i}") for i, code in enumerate(tps)]).json()["results"]
    assert [x["status"] for x in out] == [200] * 4
    statements = [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))]
    limit = 3 if connection.vendor == "postgresql" else 16
    assert len(statements) <= limit, "\n".join(statements)
    assert Result.objects.filter(status="accepted").count() == 5
    assert all(r.current is not None and r.current.number == 1 for r in Result.objects.select_related("current"))
    assert verify_chains().ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_a_chain_written_by_concurrent_batches_verifies_and_names_tampering(cast: Cast, ppwp: Contest,
                                                                           tamper: str) -> None:
    """Three threads send batches (the one-statement path: the chain continued in SQL) and one
    sends single forms (record_event) into the same kab/kota chain at once; the chain verifies,
    and an edited, a deleted or a swapped row is named."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    from pemilu.regions.models import Tps

    set_mode(ppwp, EntryMode.DIRECT)
    auth = _auth(cast.kpu_admin_a)
    village = "12.76.01.1006"  # Persiakan: 60 more TPS for this test, all in the 12.76 chain
    Tps.objects.bulk_create([Tps(code=f"{village}.{n:03d}", village_id=village, number=n, prov_code="12",
                                 kab_code="12.76", kec_code="12.76.01", desa_code=village) for n in range(100, 160)])
    codes = list(Tps.objects.filter(kab_code="12.76").order_by("code").values_list("code", flat=True)[:64])
    assert len(codes) == 64
    errors: list[Any] = []

    def batches(part: list[str], tag: str) -> None:
        client = Client()
        try:
            for i in range(0, len(part), 4):
                out = _post(client, auth, [_item(c, f"{tag}-{c}") for c in part[i:i + 4]]).json()["results"]
                errors.extend(x for x in out if x["status"] != 200)
        finally:
            connection.close()

    def singles(part: list[str]) -> None:
        client = Client()
        try:
            for c in part:
                r = client.post(f"/api/v1/results/{c}/ppwp", json.dumps(good_form()), content_type="application/json",
                                headers={"Idempotency-Key": f"s-{c}", **auth})
                if r.status_code != 200:
                    errors.append(r.content)
        finally:
            connection.close()

    threads = [threading.Thread(target=batches, args=(codes[i * 16:(i + 1) * 16], f"b{i}")) for i in range(3)]
    threads.append(threading.Thread(target=singles, args=(codes[48:64],)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Result.objects.filter(status="accepted").count() == 64
    assert verify_chains().ok
    rows = list(AuditEvent.objects.filter(chain_key="12.76", event_type="results.entered").order_by("seq"))
    assert len(rows) == 64
    a, b = rows[20], rows[21]
    with connection.cursor() as cur:
        if tamper == "edit":
            cur.execute("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"status": "error"}', a.id])
        elif tamper == "delete":
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [a.id])
        else:
            cur.execute("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.id])
            move = "UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s"
            cur.execute(move, [a.seq, a.prev_hash, b.id])
            cur.execute(move, [b.seq, b.prev_hash, a.id])
    problems = verify_chains().problems
    assert len(problems) == 1 and problems[0].chain_key == "12.76" and problems[0].seq == a.seq
