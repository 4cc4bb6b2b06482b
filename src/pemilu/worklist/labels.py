"""The words of "Tugas saya", in one place (Indonesian; English in ``locale/en``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:  # the models import the apps; the words are needed before
    from pemilu.adhoc.models import Recruitment
    from pemilu.neutrality.models import Case
    from pemilu.regions.models import Region, Tps
    from pemilu.results.models import Contest

BUCKETS = {
    "not_started": gettext_lazy("Belum diisi"),
    "waiting": gettext_lazy("Menunggu verifikasi"),
    "accepted": gettext_lazy("Diterima"),
    "to_correct": gettext_lazy("Perlu diperbaiki"),
}
ROLE_TITLES = {
    "pps": gettext_lazy("PPS"),
    "ppk": gettext_lazy("PPK"),
    "kpu": gettext_lazy("KPU"),
    "bawaslu": gettext_lazy("Bawaslu"),
}
PHOTO_MISSING = gettext_lazy("Foto plano C.Hasil belum diunggah")
BELOW_MINIMUM = gettext_lazy("Wilayah dengan pendaftar di bawah minimal")
BELOW_MINIMUM_CLOSED = gettext_lazy("Pendaftaran ditutup di bawah minimal: perpanjang atau putuskan lanjut")
NOT_ENTERED = gettext_lazy("TPS yang C.Hasil-nya belum masuk")
STAGES_OPEN = gettext_lazy("Tahapan berlangsung hari ini")
DEADLINES_SOON = gettext_lazy("Tahapan yang berakhir dalam 7 hari")
CASES_OPEN = gettext_lazy("Kasus netralitas yang masih berjalan")
CASES_OVERDUE = gettext_lazy("Kasus netralitas melewati batas waktu")
CASES_SOON = gettext_lazy("Kasus dengan batas waktu dalam 3 hari")
STAFF_GAPS = gettext_lazy("Kursi staf sekretariat yang belum terisi")
COKLIT_PENDING = gettext_lazy("Pemilih yang belum dicoklit")
COKLIT_PROGRESS = gettext_lazy("Progres coklit per Pantarlih")
COKLIT_CLOSED = gettext_lazy("Coklit sudah ditutup (DPHP disusun)")
COKLIT_AREA = gettext_lazy("Halaman coklit wilayah TPS saya")
COKLIT = {
    "belum": gettext_lazy("Belum"),
    "sesuai": gettext_lazy("Sesuai"),
    "ubah": gettext_lazy("Ubah"),
    "tms": gettext_lazy("TMS"),
    "baru": gettext_lazy("Baru"),
}


def names(items: Iterable[str], limit: int = 3) -> str:
    """'A, B, C dan 2 lainnya'."""
    items = list(items)
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        return _("{names} dan {n} lainnya").format(names=shown, n=len(items) - limit)
    return shown


def tps_title(tps: Tps | None, code: str) -> str:
    if tps is None:
        return _("KPPS {code}").format(code=code)
    return _("KPPS TPS {number} {village}").format(number=f"{tps.number:03d}", village=tps.village.name)


def pantarlih_title(tps: Tps | None, code: str) -> str:
    if tps is None:
        return _("Pantarlih {code}").format(code=code)
    return _("Pantarlih TPS {number} {village}").format(number=f"{tps.number:03d}", village=tps.village.name)


def region_title(role: str, region: Region | None, code: str) -> str:
    where = region.titled_name if region is not None else (code or _("Nasional"))
    return f"{ROLE_TITLES[role]} {where}"


def form_label(contest: Contest) -> str:
    return _("C.Hasil {contest}").format(contest=contest.name)


def result_note(status: str) -> str:
    from pemilu.results.models import ResultStatus

    return str(dict(ResultStatus.choices).get(status, status))


def verify_label(contest: Contest) -> str:
    return _("C.Hasil {contest} menunggu verifikasi").format(contest=contest.name)


def errors_label(contest: Contest) -> str:
    return _("TPS dengan kesalahan pada C.Hasil {contest}").format(contest=contest.name)


def recap_label(contest: Contest) -> str:
    return _("Rekapitulasi {contest}").format(contest=contest.name)


def recap_overdue(contest: Contest) -> str:
    return _("Rekapitulasi kecamatan {contest} terlambat").format(contest=contest.name)


def recap_note(standing: dict[str, Any], today: datetime.date) -> str:
    """The window and the plenary in words: 'masa rekapitulasi 15 Februari 2024 s.d. 2 Maret 2024,
    12 hari lagi; pleno belum dikunci'."""
    from pemilu.schedule.labels import format_day

    start, end, state = standing["start"], standing["end"], standing["state"]
    if start is None or end is None:
        window = _("belum dijadwalkan")
    else:
        window = _("masa rekapitulasi {start} s.d. {end}").format(start=format_day(start), end=format_day(end))
    phase = {
        "not_open": _("belum dibuka"),
        "open": _("{n} hari lagi").format(n=(end - today).days) if end else "",
        "overdue": _("terlambat"),
        "locked": _("pleno dikunci"),
        "locked_late": _("pleno dikunci setelah batas waktu"),
    }.get(state, "")
    plenary = "" if state.startswith("locked") else _("pleno belum dikunci")
    return "; ".join(p for p in (window, phase, plenary) if p)


def kpps_step(title: str) -> str:
    from django.utils.translation import gettext

    if not title:
        return _("Rekrutmen KPPS")
    return _("Rekrutmen KPPS: {step}").format(step=gettext(title))


def window_note(rec: Recruitment, window: tuple[datetime.date | None, datetime.date | None],
                today: datetime.date) -> str:
    from pemilu.schedule.labels import format_day

    state = _("tahap sekarang: {status}").format(status=rec.get_status_display())
    start, end = window
    if end is None:
        return state
    if end < today:
        return _("{state}; masa pembentukan KPPS berakhir {end}").format(state=state, end=format_day(end))
    return _("{state}; pembentukan KPPS sampai {end}").format(state=state, end=format_day(end))


def case_label(case: Case) -> str:
    who = case.suspect_name or _("terlapor belum diketahui")
    return _("Kasus {number}: {who} ({status})").format(number=case.pk, who=who, status=case.get_status_display())


def due_note(day: str, overdue: bool) -> str:
    return (_("batas waktu {day} — terlambat") if overdue else _("batas waktu {day}")).format(day=day)


def filled_note(filled: int, required: int) -> str:
    return _("{filled} dari {required} terisi").format(filled=filled, required=required)


# The voter list (voter_items.py).
ANNOUNCE_DPS = gettext_lazy("Umumkan DPS untuk tanggapan masyarakat")
RESPONSES_OPEN = gettext_lazy("Tanggapan masyarakat atas DPS yang belum diselesaikan")
DPS_ANNOUNCED = gettext_lazy("DPS diumumkan: masa tanggapan masyarakat berjalan")
DUPLICATES_OPEN = gettext_lazy("Pasangan pemilih ganda yang belum diputuskan")
DPT_PLENARY = gettext_lazy("Rapat pleno penetapan DPT")


def compile_label(stage: object) -> str:
    return _("Susun {stage}").format(stage=stage)


def window_end(day: datetime.date, state: str) -> str:
    from pemilu.schedule.labels import format_day

    if state == "closed":
        return _("masa tanggapan berakhir {day}").format(day=format_day(day))
    return _("masa tanggapan sampai {day}").format(day=format_day(day))


def desa_ready(n: int) -> str:
    return _("DPSHP Akhir {n} desa/kelurahan sudah disusun").format(n=n)
