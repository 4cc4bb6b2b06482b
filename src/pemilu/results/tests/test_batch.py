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

URL = "/api/results/batch"


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
        "totals": sorted(KecamatanTotal.objects.exclude(votes=0).values_list("kec_code", "choice", "votes")),
        "audit": sorted(AuditEvent.objects.filter(event_type="results.entered").values_list(
            "event_type", "region_code")),
    }


@pytest.mark.parametrize("mode", [EntryMode.DIRECT, EntryMode.VERIFY, EntryMode.DOUBLE])
def test_it_matches_one_by_one_submission(cast: Cast, ppwp: Contest, mode: str) -> None:
    set_mode(ppwp, mode)
    client, auth = Client(), _auth(cast.kpu_admin_a)
    forms = [("12.76.01.1006.001", {}), ("12.76.01.1006.002", {"a": 50}), ("12.76.04.1002.901", {"a": 60})]
    for i, (tps, form) in enumerate(forms):
        r = client.post(f"/api/results/{tps}/ppwp", json.dumps(good_form(**form)), content_type="application/json",
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


def test_it_answers_each_item_on_its_own(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    client, auth = Client(), _auth(cast.pps_a1)  # PPS Persiakan
    misread = _item("12.76.01.1006.002", "k-2")
    misread["votes"]["2"] = 885
    items = [_item("12.76.01.1006.001", "k-1"), misread, _item("12.76.01.1007.001", "k-3"),
             _item("12.76.01.1006.003", "k-1")]
    out = _post(client, auth, items).json()["results"]
    assert [x["status"] for x in out] == [200, 422, 404, 400]
    assert out[1]["body"]["codes"] == ["E4", "W1"]
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
