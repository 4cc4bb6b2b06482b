"""Pure rules of the PPK/PPS secretariats (domain brief §1.8): composition, proposal limits,
where a person may come from, the formation plan and the staffing gap. No database.

Sources: PKPU 8/2022 Pasal 69-75 and KPU's technical guideline (Keputusan KPU 476/2022):
* Sekretariat PPK: 1 sekretaris + 2 staf (one teknis/parmas/hukum, one tata usaha/keuangan/
  logistik), ASN and/or non-ASN working in the kab/kota government; PPK via KPU Kab/Kota proposes
  3 candidate sekretaris + up to 4 staff to the bupati/walikota, who picks 1 + 2 by keputusan.
* Sekretariat PPS: 1 sekretaris + 2 staf working at the kantor kelurahan/desa; PPS via PPK proposes
  up to 3 sekretaris + 4 staff to KPU Kab/Kota, forwarded to the lurah/kepala desa, who picks 1 + 2.
The numbers are defaults of ``Composition`` and are configured per election (``CompositionRule``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class BodyKind(TextChoices):
    PPK = "ppk", _("Sekretariat PPK")  # kecamatan
    PPS = "pps", _("Sekretariat PPS")  # kelurahan/desa


class PositionKind(TextChoices):
    SEKRETARIS = "sekretaris", _("Sekretaris")
    STAF = "staf", _("Staf pelaksana")


class EndReason(TextChoices):
    # PKPU 8/2022 / juknis: removal on death, berhalangan tetap (e.g. moved out of the area),
    # or on the PPK's evaluation (oath or ethics breach, non-performance, obstruction).
    DEATH = "death", _("Meninggal dunia")
    PERMANENTLY_UNABLE = "berhalangan_tetap", _("Berhalangan tetap")
    PPK_EVALUATION = "ppk_evaluation", _("Hasil evaluasi PPK")


LEVEL_OF_BODY = {BodyKind.PPK: 3, BodyKind.PPS: 4}

PPK_STAFF_DUTIES = ("Teknis penyelenggaraan, partisipasi masyarakat dan hukum",
                    "Tata usaha, keuangan dan logistik")
PPS_STAFF_DUTIES = ("Teknis penyelenggaraan dan partisipasi masyarakat", "Tata usaha, keuangan dan logistik")


@dataclass(frozen=True)
class Composition:
    """Seats of one secretariat kind and how many candidates may be proposed for them."""

    secretary_seats: int = 1
    staff_duties: tuple[str, ...] = PPK_STAFF_DUTIES
    max_secretary_candidates: int = 3
    max_staff_candidates: int = 4
    # PPS staff must work at the kantor kelurahan/desa of the area; PPK staff in the kab/kota
    # government. An office may switch the check off where a regulation later allows it.
    enforce_workplace: bool = True
    # PPS secretariat formed from the PPS oath to 7 days after it (PKPU 8/2022 Pasal 71–75): a
    # keputusan/penetapan dated outside is "warn" (recorded and shown) or "refuse".
    window_policy: str = "warn"
    window_days: int = 7

    @property
    def required(self) -> int:
        return self.secretary_seats + len(self.staff_duties)

    def seats_of(self, kind: PositionKind) -> int:
        return self.secretary_seats if kind == PositionKind.SEKRETARIS else len(self.staff_duties)

    def max_candidates(self, kind: PositionKind) -> int:
        return self.max_secretary_candidates if kind == PositionKind.SEKRETARIS else self.max_staff_candidates

    def positions(self) -> list[tuple[PositionKind, str]]:
        """(kind, duty) of every seat, in display order."""
        seats: list[tuple[PositionKind, str]] = [(PositionKind.SEKRETARIS, "")] * self.secretary_seats
        return seats + [(PositionKind.STAF, duty) for duty in self.staff_duties]


DEFAULT_COMPOSITION = {
    BodyKind.PPK: Composition(staff_duties=PPK_STAFF_DUTIES),
    BodyKind.PPS: Composition(staff_duties=PPS_STAFF_DUTIES),
}


@dataclass(frozen=True)
class Check:
    """One rule evaluated for one person: met or not, with the reason a user can read."""

    code: str
    ok: bool
    message: str | Promise


def body_of_level(level: int) -> BodyKind | None:
    return {3: BodyKind.PPK, 4: BodyKind.PPS}.get(level)


def kab_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def workplace_check(body: BodyKind, area_code: str, work_region_code: str, *, active: bool = True) -> Check:
    """Where the person works (the register's work region) against where the body sits."""
    if not active:
        return Check("active", False, _("Tidak aktif lagi di register ASN."))
    if body == BodyKind.PPS:
        ok = work_region_code == area_code
        return Check("workplace", ok, _("Bekerja di kantor kelurahan/desa wilayah PPS ini (PKPU 8/2022 Pasal 71).")
                     if ok else _("Staf sekretariat PPS harus bekerja di kantor kelurahan/desa {area}; wilayah "
                                  "kerja di register: {work}.").format(area=area_code, work=work_region_code))
    kab = kab_of(area_code)
    ok = work_region_code == kab or work_region_code.startswith(kab + ".")
    return Check("workplace", ok, _("Bekerja di lingkungan pemerintah kabupaten/kota {kab}.").format(kab=kab)
                 if ok else _("Staf sekretariat PPK harus bekerja di lingkungan pemerintah kabupaten/kota {kab}; "
                              "wilayah kerja di register: {work}.").format(kab=kab, work=work_region_code))


def proposal_check(composition: Composition, kind: PositionKind, open_candidates: int) -> Check:
    """May one more candidate of ``kind`` be proposed while ``open_candidates`` await the pick?"""
    limit = composition.max_candidates(kind)
    ok = open_candidates < limit
    what = _("calon sekretaris") if kind == PositionKind.SEKRETARIS else _("calon staf")
    return Check("proposal_limit", ok, _("{n} dari paling banyak {limit} {what} diusulkan.").format(
        n=open_candidates + 1, limit=limit, what=what) if ok else _(
        "Sudah {n} {what} diusulkan; paling banyak {limit} (PKPU 8/2022, juknis KPU 476/2022).").format(
        n=open_candidates, what=what, limit=limit))


def pick_check(vacant: dict[PositionKind, int], picks: Iterable[PositionKind]) -> Check:
    """The keputusan may fill at most the vacant seats of each kind."""
    wanted: dict[PositionKind, int] = {}
    for kind in picks:
        wanted[kind] = wanted.get(kind, 0) + 1
    if not wanted:
        return Check("pick_count", False, _("Pilih paling sedikit satu calon."))
    for kind, n in wanted.items():
        if n > vacant.get(kind, 0):
            return Check("pick_count", False, _("{n} {kind} dipilih, tetapi hanya {v} kursi kosong.").format(
                n=n, kind=kind.value, v=vacant.get(kind, 0)))
    return Check("pick_count", True, _("Jumlah yang dipilih sesuai kursi kosong."))


@dataclass(frozen=True)
class PlannedSecretariat:
    body: BodyKind
    region_code: str
    office_name: str
    positions: int


@dataclass(frozen=True)
class AreaNode:
    code: str
    name: str
    level: int
    kind: str  # RegionKind value: kecamatan, kelurahan, desa


def office_name(body: BodyKind, area: AreaNode) -> str:
    """Kantor camat for a PPK; kantor lurah or kantor kepala desa for a PPS (domain brief §1.8, [A38])."""
    if body == BodyKind.PPK:
        return f"Kantor Camat {area.name}"
    return f"Kantor Lurah {area.name}" if area.kind == "kelurahan" else f"Kantor Kepala Desa {area.name}"


def formation_plan(areas: Sequence[AreaNode], compositions: dict[BodyKind, Composition],
                   existing: frozenset[tuple[BodyKind, str]] = frozenset()) -> list[PlannedSecretariat]:
    """One secretariat per kecamatan (PPK) and per desa/kelurahan (PPS) not yet formed."""
    plan: list[PlannedSecretariat] = []
    for area in sorted(areas, key=lambda a: a.code):
        body = body_of_level(area.level)
        if body is None or (body, area.code) in existing:
            continue
        plan.append(PlannedSecretariat(body, area.code, office_name(body, area), compositions[body].required))
    return plan


@dataclass(frozen=True)
class Gap:
    filled: int
    required: int
    missing: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "missing", max(0, self.required - self.filled))


def gap_order(rows: Iterable[tuple[str, Gap]]) -> list[tuple[str, Gap]]:
    """Largest gap first, then by region code (so a fully staffed area sinks to the bottom)."""
    return sorted(rows, key=lambda r: (-r[1].missing, r[0]))


def parse_duties(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


WINDOW_POLICIES = ("warn", "refuse")


def formation_window(oath: datetime.date | None, days: int = 7) -> tuple[datetime.date, datetime.date] | None:
    """The PPS secretariat's formation window: the PPS oath (pelantikan) to ``days`` after it."""
    return (oath, oath + datetime.timedelta(days=days)) if oath is not None else None


def formation_window_check(body: BodyKind, oath: datetime.date | None, on: datetime.date, days: int = 7) -> Check:
    """PKPU 8/2022 Pasal 71–75 (domain brief §1.1, §1.8): a PPS secretariat is formed between the PPS
    oath and 7 days after it. The PPK secretariat has no such window (its work period follows the PPK)."""
    if body != BodyKind.PPS:
        return Check("window", True, _("Sekretariat PPK: tidak ada batas waktu pembentukan; masa kerja mengikuti PPK."))
    window = formation_window(oath, days)
    if window is None:
        return Check("window", True, _("Tanggal pelantikan PPS belum tercatat; jendela pembentukan tidak diperiksa."))
    start, end = window
    if start <= on <= end:
        return Check("window", True, _("Dalam jendela pembentukan {start} s.d. {end}.").format(
            start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}"))
    return Check("window", False, _(
        "Tanggal {on} di luar jendela pembentukan sekretariat PPS: sejak pelantikan PPS {start} sampai {days} hari "
        "setelahnya ({end}) (PKPU 8/2022 Pasal 71–75).").format(
        on=f"{on:%d-%m-%Y}", start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}", days=days))
