"""Who may do what with results. KPPS enter at their TPS; PPK verify, correct and hold the
kecamatan plenary; KPU Kab/Kota and above hold their plenaries and reopen the level below
(PKPU 5/2024 Pasal 5: recap kecamatan → kab/kota → provinsi → nasional)."""

from __future__ import annotations

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import ALL_ROLES, register_actions

KPU = {Role.KPU_ADMIN, Role.KPU_STAFF}

register_actions({
    "results.view": ALL_ROLES,
    "results.enter": {Role.KPPS, Role.PPS, Role.PPK, *KPU},
    "results.verify": {Role.PPK, *KPU},
    "results.resolve": {Role.PPK, *KPU},
    "results.correct": {Role.PPK, *KPU},
    "results.plenary": {Role.PPK, *KPU},
    "results.reopen": {*KPU},
    "results.import": {Role.KPU_ADMIN},
    "results.configure": {Role.KPU_ADMIN},
})
