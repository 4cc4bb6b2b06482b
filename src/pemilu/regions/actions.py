"""Changes to a TPS made by KPU Kabupaten/Kota staff (the imports are in ``importers.py``).

* ``do_set_tps_address``: the TPS's address and location note (issue 22 item 7: "Cek DPT" answers
  with the TPS and its address; the Model A list and the C.Hasil carry it in their headers).
  Permission, lock, bounds, change, audit row — in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.bounds import check_text
from pemilu.core.exceptions import DomainError
from pemilu.regions.models import Tps

ADDRESS_MAX = 300


@transaction.atomic
def do_set_tps_address(tps: Tps, *, actor: User, address: str, location_note: str = "") -> Tps:
    """Set (or clear) where the TPS stands. An unchanged address writes nothing and no audit row."""
    ensure_can(actor, "regions.edit_tps", tps)
    address, location_note = " ".join(address.split()), " ".join(location_note.split())
    check_text(address, field=_("alamat TPS"), max_length=ADDRESS_MAX)
    check_text(location_note, field=_("keterangan lokasi"), max_length=ADDRESS_MAX)
    if location_note and not address:
        raise DomainError(_("keterangan lokasi hanya bersama alamat TPS"))
    locked = Tps.objects.select_for_update().get(pk=tps.pk)
    before = {"address": locked.address, "location_note": locked.location_note}
    after = {"address": address, "location_note": location_note}
    if before == after:
        return locked
    locked.address, locked.location_note = address, location_note
    locked.save(update_fields=["address", "location_note"])
    record_event("regions.tps_address_set", actor=actor, region_code=locked.code, target=locked,
                 before=before, after=after)
    return locked
