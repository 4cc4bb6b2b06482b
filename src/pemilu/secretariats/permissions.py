"""Who may read and change secretariats (``secretariats.*`` actions)."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

register_actions({
    # PPK members read their kecamatan's secretariat and its PPS secretariats, PPS members their own
    # (scope does the narrowing); Bawaslu and accredited observers (pemantau) read.
    "secretariats.view": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPK, Role.PPS, Role.SEKRETARIAT, Role.BAWASLU,
                          Role.PEMANTAU},
    # The KPU Kab/Kota office enters proposals (received from PPK/PPS on paper), the pemda's
    # keputusan, its own penetapan, pakta integritas and removals (PKPU 8/2022 Pasal 69-75).
    "secretariats.manage": {Role.KPU_ADMIN, Role.KPU_STAFF},
    "secretariats.configure": {Role.KPU_ADMIN},
})
