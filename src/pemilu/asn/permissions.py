"""Who may read and change the ASN register (``asn.*`` actions)."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

register_actions({
    # The register names civil servants; KPU offices and Bawaslu read it (not pemantau).
    "asn.view": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.BAWASLU},
    "asn.manage": {Role.KPU_ADMIN, Role.KPU_STAFF},
})
