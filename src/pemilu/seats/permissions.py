"""Seats actions. Allocating seats is a KPU matter: KPU RI for DPR (national scope ""),
KPU provinsi / kab/kota for their DPRD. Finished results are public (see views.py)."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import ALL_ROLES, register_actions

register_actions({
    "seats.allocate": {Role.KPU_ADMIN, Role.KPU_STAFF},
    "seats.view": ALL_ROLES,
    # The decision itself (penetapan) and a replacement (PAW) are the KPU body's, signed by its
    # chair: administrators only.
    "seats.decree": {Role.KPU_ADMIN},
    "seats.replace": {Role.KPU_ADMIN},
})
