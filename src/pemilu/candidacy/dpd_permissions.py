"""Who may run DPD support, documents and the register checks (``candidacy.*`` actions of issue 23
items 3, 4 and 6). A DPD contest is a province's: its KPU Provinsi manages it; the KPU Kab/Kota
verifies the sampled supporters filed under its kab/kota."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

register_actions({
    "candidacy.dpd_view": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.BAWASLU},
    "candidacy.dpd_manage": {Role.KPU_ADMIN, Role.KPU_STAFF},
    "candidacy.dpd_verify": {Role.KPU_ADMIN, Role.KPU_STAFF},
    "candidacy.documents": {Role.KPU_ADMIN, Role.KPU_STAFF},
})
