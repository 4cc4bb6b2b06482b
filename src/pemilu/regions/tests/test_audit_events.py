"""The audit row of the TPS import (issue 18 item 8): the real importer, its row checked."""

from __future__ import annotations

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.regions.importers import import_regions, import_tps
from pemilu.regions.models import Tps
from pemilu.testing.factories import REGION_CSV, TPS_CSV


def test_importing_tps_is_audited_with_its_counts(db: None) -> None:
    actor = get_system_user()
    import_regions(REGION_CSV.encode(), actor=actor, filename="regions.csv")
    result = import_tps(TPS_CSV.encode(), actor=actor, filename="tps.csv")
    e = AuditEvent.objects.get(event_type="regions.tps_imported")
    # Tebing Tinggi's and Karo's villages: the row is filed under their common province.
    assert (e.actor_id, e.region_code, e.object_repr) == (actor.pk, "12", "tps.csv")
    assert e.after is not None and e.after["tps_created"] == result.tps_created == Tps.objects.count() > 0
    assert e.after["villages"] == 4
    import_tps(TPS_CSV.encode(), actor=actor, filename="tps.csv")  # again: nothing new, one more row
    again = AuditEvent.objects.filter(event_type="regions.tps_imported").latest("id")
    assert again.after is not None
    assert (again.after["tps_created"], again.after["tps_existing"]) == (0, Tps.objects.count())
