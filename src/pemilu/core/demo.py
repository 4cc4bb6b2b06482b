"""``pemilu demo``: Kota Tebing Tinggi (12.76) with its real kecamatan, kelurahan and TPS, and
a demo user for every role. Deterministic and safe to re-run. Apps add their own loaders to
DEMO_LOADERS (in order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pemilu.accounts.models import User

DEMO_PASSWORD = "pemilu-demo-2024"  # noqa: S105 (printed on purpose: demo only)

# (username, full name, role, scope code, description)
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("kpu.tebingtinggi", "Admin KPU Kota Tebing Tinggi", "kpu_admin", "12.76", "Administrator KPU Kota"),
    ("staf.tebingtinggi", "Staf KPU Kota Tebing Tinggi", "kpu_staff", "12.76", "Staf KPU Kota"),
    ("ppk.padanghulu", "Anggota PPK Padang Hulu", "ppk", "12.76.01", "PPK Kec. Padang Hulu"),
    ("ppk.bajenis", "Anggota PPK Bajenis", "ppk", "12.76.04", "PPK Kec. Bajenis"),
    ("pps.persiakan", "Anggota PPS Persiakan", "pps", "12.76.01.1006", "PPS Kel. Persiakan"),
    ("pps.pelita", "Anggota PPS Pelita", "pps", "12.76.04.1002", "PPS Kel. Pelita"),
    ("kpps.persiakan001", "Ketua KPPS TPS 001 Persiakan", "kpps", "12.76.01.1006.001", "KPPS TPS 001 Persiakan"),
    ("pantarlih.persiakan001", "Pantarlih TPS 001 Persiakan", "pantarlih", "12.76.01.1006.001",
     "Pantarlih TPS 001 Persiakan (coklit Februari-Maret 2023)"),
    ("bawaslu.tebingtinggi", "Bawaslu Kota Tebing Tinggi", "bawaslu", "12.76",
     "Bawaslu Kota (memutus kasus, membaca semua)"),
    ("pemantau.tebingtinggi", "Pemantau Terakreditasi Tebing Tinggi", "pemantau", "12.76", "Pemantau (baca saja)"),
    ("penghubung.gelora", "Penghubung Partai Gelora (contoh)", "penghubung", "12.76",
     "Penghubung partai di KPU Kota: daftar calon Partai Gelora (pencalonan)"),
]


def load_regions(actor: User, out: Callable[[str], None]) -> None:
    from importlib.resources import files

    from pemilu.regions.importers import import_regions, import_tps

    data = files("pemilu.regions") / "data"
    r = import_regions(data.joinpath("tebingtinggi_wilayah.csv").read_bytes(), actor=actor,
                       filename="tebingtinggi_wilayah.csv")
    t = import_tps(data.joinpath("tebingtinggi_tps2024.csv").read_bytes(), actor=actor,
                   filename="tebingtinggi_tps2024.csv")
    out(f"Wilayah: {r.created} baru, {r.updated} diperbarui; TPS baru: {t.tps_created} (total {t.domestic_tps})")


def load_users(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.accounts.actions import do_grant_role
    from pemilu.accounts.models import User

    admin, _ = User.objects.get_or_create(username="admin", defaults={"full_name": "Superuser demo"})
    admin.is_superuser = admin.is_staff = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    for username, full_name, role, scope, _desc in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.full_name = full_name
        user.is_staff = role == "kpu_admin"  # KPU administrators use the Django admin
        user.set_password(DEMO_PASSWORD)
        user.save()
        do_grant_role(user, role, scope, actor=actor, reason="demo")
        if user.is_staff:
            from pemilu.audit.models import AuditEvent
            from pemilu.core.admin import grant_admin_view
            from pemilu.regions.models import Region, Tps

            grant_admin_view(user, [Region, Tps, AuditEvent])


def load_election(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.elections.demo import load

    load(actor, out)


def load_schedule(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.schedule.demo import load

    load(actor, out)


def load_seats(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.seats.demo import load

    load(actor, out)


def load_neutrality(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.neutrality.demo import load

    load(actor, out)


def load_secretariats(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.secretariats.demo import load

    load(actor, out)


def load_results(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.results.demo import load

    load(actor, out)


def load_dprd_reference(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.seats.demo_dprd import load_reference

    load_reference(actor, out)


def load_candidacy(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.candidacy.demo import load

    load(actor, out)


def load_seats_dprd(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.seats.demo_dprd import load

    load(actor, out)


# Apps append their loaders here, one per line, in dependency order.
def load_adhoc(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.adhoc.demo import load

    load(actor, out)


def load_voters(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.voters.demo import load

    load(actor, out)


DEMO_LOADERS: list[Callable[[Any, Callable[[str], None]], None]] = [
    load_regions,
    load_users,
    load_election,
    load_schedule,
    load_seats,
    load_neutrality,
    load_secretariats,
    load_results,
    load_dprd_reference,
    load_candidacy,  # its DCT writes the DPRD Kota ballots that load_seats_dprd counts on
    load_seats_dprd,
    load_adhoc,
    load_voters,
]
