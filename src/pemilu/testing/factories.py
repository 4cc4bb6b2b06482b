"""Test data builders (no JSON fixtures). Domain state is created through the real importers
and actions where they exist, so tests exercise what users exercise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pemilu.accounts.actions import do_grant_role, get_system_user
from pemilu.accounts.models import User
from pemilu.regions.importers import import_regions, import_tps

# Two kab/kota in one province, so "right role, other region" is always available.
REGION_CSV = """kode,nama,level,parent_kode,jenis
12,Sumatera Utara,provinsi,,
12.76,Kota Tebing Tinggi,kabkota,12,kota
12.76.01,Padang Hulu,kecamatan,12.76,
12.76.01.1006,Persiakan,desa_kelurahan,12.76.01,kelurahan
12.76.01.1007,Bandar Sono,desa_kelurahan,12.76.01,kelurahan
12.76.04,Bajenis,kecamatan,12.76,
12.76.04.1002,Pelita,desa_kelurahan,12.76.04,kelurahan
12.06,Kabupaten Karo,kabkota,12,kabupaten
12.06.01,Kabanjahe,kecamatan,12.06,
12.06.01.2001,Kacaribu,desa_kelurahan,12.06.01,desa
"""
TPS_CSV = """kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to
1276011006,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,PERSIAKAN,3,3,,
1276011007,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,BANDAR SONO,2,2,,
1276041002,SUMATERA UTARA,KOTA TEBING TINGGI,BAJENIS,PELITA,2,1,901,901
1206012001,SUMATERA UTARA,KARO,KABANJAHE,KACARIBU,2,2,,
"""

# Kota Jayapura (Papua, 91.71; WIT, UTC+9) from the 2025 region list and the 2024 TPS file, for
# comparing clocks with Kota Tebing Tinggi (WIB, UTC+7).
JAYAPURA_REGION_CSV = """kode,nama,level,parent_kode,jenis
91,Papua,provinsi,,
91.71,Kota Jayapura,kabkota,91,kota
91.71.01,Jayapura Utara,kecamatan,91.71,
91.71.01.1001,Gurabesi,desa_kelurahan,91.71.01,kelurahan
"""
JAYAPURA_TPS_CSV = """kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to
9171011001,PAPUA,KOTA JAYAPURA,JAYAPURA UTARA,GURABESI,2,2,,
"""

PASSWORD = "test-pass-123"


def make_regions() -> None:
    actor = get_system_user()
    import_regions(REGION_CSV.encode(), actor=actor, filename="regions.csv")
    import_tps(TPS_CSV.encode(), actor=actor, filename="tps.csv")


def make_jayapura() -> None:
    actor = get_system_user()
    import_regions(JAYAPURA_REGION_CSV.encode(), actor=actor, filename="jayapura.csv")
    import_tps(JAYAPURA_TPS_CSV.encode(), actor=actor, filename="jayapura-tps.csv")


def make_user(username: str, role: str | None = None, scope: str = "", **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username, **extra)
    if role:
        do_grant_role(user, role, scope, actor=get_system_user(), reason="test")
    return user


@dataclass
class Cast:
    """The named cast of every permission test.

    * ``kpu_admin_a`` / ``kpu_staff_a``: KPU Kota Tebing Tinggi (12.76)
    * ``ppk_a1``: PPK Padang Hulu (12.76.01); ``pps_a1``: PPS Persiakan (12.76.01.1006)
    * ``kpps_a1``: KPPS TPS 001 Persiakan; ``bawaslu_a``: Bawaslu Tebing Tinggi;
      ``pemantau_a``: an accredited observer in Tebing Tinggi (reads, writes nothing)
    * ``kpu_admin_b``: KPU Karo (12.06) — right role, other region: must see nothing of 12.76
    * ``nobody``: logged in, no role at all
    """

    kpu_admin_a: User
    kpu_staff_a: User
    ppk_a1: User
    pps_a1: User
    pps_a2: User
    kpps_a1: User
    bawaslu_a: User
    pemantau_a: User
    kpu_admin_b: User
    pps_b1: User
    nobody: User


def make_cast() -> Cast:
    make_regions()
    return Cast(
        kpu_admin_a=make_user("kpu_admin_a", "kpu_admin", "12.76"),
        kpu_staff_a=make_user("kpu_staff_a", "kpu_staff", "12.76"),
        ppk_a1=make_user("ppk_a1", "ppk", "12.76.01"),
        pps_a1=make_user("pps_a1", "pps", "12.76.01.1006"),
        pps_a2=make_user("pps_a2", "pps", "12.76.01.1007"),
        kpps_a1=make_user("kpps_a1", "kpps", "12.76.01.1006.001"),
        bawaslu_a=make_user("bawaslu_a", "bawaslu", "12.76"),
        pemantau_a=make_user("pemantau_a", "pemantau", "12.76"),
        kpu_admin_b=make_user("kpu_admin_b", "kpu_admin", "12.06"),
        pps_b1=make_user("pps_b1", "pps", "12.06.01.2001"),
        nobody=make_user("nobody"),
    )


def attend_plenary(contest: Any, region_code: str, actor: User, present: int | None = None,
                   witnesses: int = 0) -> None:
    """A plenary's attendance through the real action: every member of the body on the list,
    the first ``present`` of them present (default: all), and ``witnesses`` witnesses. A plenary
    locks only with its quorum (issue 21 item 4), so every test that locks one calls this first."""
    from pemilu.results.minutes import do_record_attendance, quorum_of

    members = quorum_of(contest, region_code, None).members
    present = members if present is None else present
    rows: list[dict[str, Any]] = [{"kind": "member", "name": f"Anggota {n}", "position": "Anggota",
                                   "present": n <= present} for n in range(1, members + 1)]
    rows += [{"kind": "witness", "name": f"Saksi {n}", "represents": f"Peserta {n}", "present": True}
             for n in range(1, witnesses + 1)]
    do_record_attendance(contest, region_code, rows, actor=actor)
