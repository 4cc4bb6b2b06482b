"""Who may change the schedule. Reading it is public (the PKPU schedule is a public document)."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

register_actions({
    # National stages: only a national KPU administrator (scope "") or a superuser/system user.
    # Local sub-schedules: a KPU administrator of the region (or above).
    "schedule.edit": {Role.KPU_ADMIN},
    "schedule.load": {Role.KPU_ADMIN},
})
