"""Who may grant which role where. Pure functions; no database.

The ladder of roles, highest first: KPU administrator, KPU staff, PPK, PPS, KPPS; Bawaslu and
accredited observers (pemantau) sit outside it and are granted by KPU administrators. A role lives at the
levels of its body (UU 7/2017: PPK per kecamatan Pasal 51, PPS per desa/kelurahan Pasal 55,
KPPS per TPS Pasal 59; Pantarlih per TPS area, PKPU 8/2022; KPU at national, provinsi and kab/kota level).
"""

from __future__ import annotations

from pemilu.core.levels import covers, level_of

RANK: dict[str, int] = {"kpu_admin": 5, "kpu_staff": 4, "ppk": 3, "pps": 2, "kpps": 1, "pantarlih": 1,
                       "sekretariat": 1, "bawaslu": 0, "pemantau": 0, "penghubung": 0}

# The levels (0 national … 4 desa, 5 TPS) a role may be held at.
LEVELS: dict[str, frozenset[int]] = {
    "kpu_admin": frozenset({0, 1, 2}),
    "kpu_staff": frozenset({0, 1, 2}),
    "ppk": frozenset({3}),
    "pps": frozenset({4}),
    "kpps": frozenset({5}),
    "pantarlih": frozenset({5}),   # a TPS area of a desa
    "sekretariat": frozenset({3, 4}),   # the PPK's kecamatan or the PPS's kelurahan
    "bawaslu": frozenset({0, 1, 2, 3, 4}),   # Bawaslu RI/Provinsi/Kab/Kota, Panwascam, PKD
    "pemantau": frozenset({0, 1, 2, 3, 4, 5}),
    "penghubung": frozenset({0, 1, 2}),   # a party's liaison at KPU RI, a KPU Provinsi or a KPU Kab/Kota
}


def scope_fits(role: str, scope_code: str) -> bool:
    """A PPK role belongs to a kecamatan, a KPPS role to a TPS, and so on."""
    return role in LEVELS and level_of(scope_code) in LEVELS[role]


def may_grant(admin_scopes: list[str], role: str, scope_code: str) -> bool:
    """A KPU administrator grants, inside a scope they administer, any role below their own, and
    the administrator role itself only for a narrower region (KPU Provinsi appoints the
    administrators of its kab/kota; never their own peers)."""
    for admin_scope in admin_scopes:
        if not covers(admin_scope, scope_code):
            continue
        if RANK.get(role, 99) < RANK["kpu_admin"]:
            return True
        if role == "kpu_admin" and admin_scope != scope_code:
            return True
    return False
