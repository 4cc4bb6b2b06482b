"""The demo as every demo test reads it (``shared_demo``: loaded once per test process,
``pemilu/testing/demo.py``), and the one check that loading it again changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from pemilu.accounts.models import RoleAssignment, User
from pemilu.audit.models import AuditEvent
from pemilu.audit.verify import verify_chains
from pemilu.regions.models import Region, Tps
from pemilu.testing import selection
from pemilu.testing.demo import DEMO_DAY, SharedDemo


def test_demo_loads_tebing_tinggi(shared_demo: SharedDemo, request: pytest.FixtureRequest) -> None:
    # Once per test process: the tests that use it run one after the other (``demo.order``), and
    # CI's PostgreSQL pass keeps them (``shared_demo`` asks for ``db``).
    assert shared_demo.loads == 1 and selection.uses_database(request.node)
    assert Region.objects.filter(parent__code="12.76").count() == 5
    assert Region.objects.filter(kab_code="12.76", level=4).count() == 35
    assert Tps.objects.filter(kab_code="12.76").count() == 517
    assert Region.objects.get(code="12.76").tps_count == 517
    counts = {r.name: r.tps_count for r in Region.objects.filter(parent__code="12.76")}
    assert counts == {"Padang Hulu": 91, "Rambutan": 113, "Padang Hilir": 114, "Bajenis": 115,
                      "Tebing Tinggi Kota": 84}
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {
        "kpu_admin", "kpu_staff", "ppk", "pps", "kpps", "bawaslu", "pemantau", "pantarlih",
        "sekretariat",  # the demo's secretariat penetapan gives its staff accounts (issue 20 item 2)
        "penghubung"}  # a party's liaison officer (candidacy; its post needs PEMILU_VOTER_KEY: candidacy/tests)
    assert User.objects.get(username="pps.persiakan").check_password("pemilu-demo-2024")
    out = shared_demo.output
    assert "pps.persiakan" in out and "pemilu-demo-2024" in out and "penghubung.gelora" in out
    assert verify_chains().ok
    # Every TPS of Tebing Tinggi has a (synthetic) address for Cek DPT, set through the audited action.
    assert not Tps.objects.filter(kab_code="12.76", address="").exists()
    assert AuditEvent.objects.filter(event_type="regions.tps_address_set").count() == 517


# What a second load writes again with the same meaning: a password hash has a new salt each time,
# an auto_now stamp moves, and each audit chain's head counts the audit rows below.
CHANGES_ON_EVERY_LOAD = {("accounts.User", "password")}
CHAIN_HEADS = "audit.AuditChain"
# The imports a second load runs again are audited again, each saying it created nothing (these
# counts 0); no other audit row is written.
REPEATED_AUDIT = {"regions.imported": ("created",), "regions.tps_imported": ("tps_created", "created_regions"),
                  "asn.imported": ("created",), "secretariats.formed": ("created", "positions")}


def _rows() -> dict[str, dict[Any, tuple[Any, ...]]]:
    """Every row of every table by primary key, each field but those of ``CHANGES_ON_EVERY_LOAD``."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        fields = [f.attname for f in model._meta.concrete_fields
                  if (label, f.name) not in CHANGES_ON_EVERY_LOAD and not getattr(f, "auto_now", False)]
        rows[label] = {row[0]: row for row in model._default_manager.values_list("pk", *fields)}
    return rows


def test_loading_the_demo_again_changes_nothing(shared_demo: SharedDemo) -> None:
    """The demo is deterministic and safe to re-run: loaded a second time on top of itself (this
    test's transaction is rolled back), every row of every table is the same; the only new rows
    are the audit rows of the imports it ran again, which created nothing."""
    before = _rows()
    assert sum(map(len, before.values())) > 5_000
    out = io.StringIO()
    with override_settings(PEMILU_TODAY=DEMO_DAY):
        call_command("demo", stdout=out)
    after = _rows()
    new_events = AuditEvent.objects.exclude(pk__in=before["audit.AuditEvent"]).order_by("pk")
    for event in new_events:
        keys = REPEATED_AUDIT.get(event.event_type, ())
        assert keys and {key: (event.after or {}).get(key) for key in keys} == dict.fromkeys(keys, 0), (
            event.event_type, event.after)
    assert sorted(e.event_type for e in new_events) == sorted([*REPEATED_AUDIT, "asn.imported"])  # two ASN files
    for event_id in new_events.values_list("pk", flat=True):
        del after["audit.AuditEvent"][event_id]
    changed = {label: (len(before[label]), len(after[label])) for label in before
               if before[label] != after[label] and label != CHAIN_HEADS}
    assert not changed, f"rows (before, after) of the tables a second load changed: {changed}"
    again = out.getvalue()
    assert "Hasil PPWP: sudah dimuat" in again and "DPRD Kota Tebing Tinggi: sudah dimuat" in again
    assert "pps.persiakan" in again and "pemilu-demo-2024" in again and "penghubung.gelora" in again
    assert User.objects.get(username="pps.persiakan").check_password("pemilu-demo-2024")
    assert verify_chains().ok   # the chain heads count the new audit rows
