"""Pure rules of neutrality case handling: deadlines, lateness, duplicates, sanctions, referrals.

No database. Every legal rule cites its source; the numbers are defaults of ``DeadlineRules``
and are configured per election (``CaseRules``), because the issue and the brief differ.
"""

from __future__ import annotations

import datetime
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pemilu.neutrality.sanctions import (
    ALL_TYPES,
    ASN,
    DISCIPLINE_LEVELS,
    REGIMES,
    ROUTE_ADHOC,
    ROUTE_ASN,
    ROUTE_BAWASLU,
    ROUTE_CRIME,
    ROUTE_NON_ASN,
    ROUTE_ORGANISER,
    Breach,
    BreachLevels,
    Destination,
    Employment,
    OrganiserRole,
    Regime,
    Route,
    SanctionGrade,
    SanctionType,
    Track,
)


class DayUnit(TextChoices):
    CALENDAR = "calendar", gettext_lazy("hari kalender")
    WORKING = "working", gettext_lazy("hari kerja")  # Monday–Friday minus the configured holidays


class HolidayKind(TextChoices):
    # hari libur nasional (SKB 3 Menteri; UU 7/2017 Pasal 167(3) for voting day)
    NATIONAL = "libur_nasional", gettext_lazy("Hari libur nasional")
    JOINT_LEAVE = "cuti_bersama", gettext_lazy("Cuti bersama")  # cuti bersama (SKB 3 Menteri)


class ExtensionFrom(TextChoices):
    # UU 7/2017 Pasal 454(8): ≤14 hari kerja after the report
    REGISTRATION = "registration", gettext_lazy("dihitung dari registrasi")
    # the reading: +N days after the first deadline
    DEADLINE = "deadline", gettext_lazy("ditambahkan setelah batas pertama")


@dataclass(frozen=True)
class DeadlineRules:
    # UU 7/2017 Pasal 454 ayat (6): a laporan is filed ≤7 *hari kerja* from when the violation was
    # known (Perbawaslu 7/2022 Pasal 8 ayat (3) says 7 days; the statute's working days prevail).
    report_days: int = 7
    report_unit: DayUnit = DayUnit.WORKING
    # A temuan (Bawaslu's own finding) is set ≤7 days from its discovery (UU 7/2017 Pasal 454
    # ayat (5), as the domain brief reads it). Whether these are working days is not confirmed:
    # calendar days by default, configurable.
    finding_days: int = 7
    finding_unit: DayUnit = DayUnit.CALENDAR
    # Perbawaslu 7/2022 Pasal 15(1): kajian awal within 2 days of receipt.
    review_days: int = 2
    review_unit: DayUnit = DayUnit.CALENDAR
    # UU 7/2017 Pasal 454(7): follow-up ≤7 days after registration.
    decision_days: int = 7
    decision_unit: DayUnit = DayUnit.CALENDAR
    # UU 7/2017 Pasal 454(8): ≤14 hari kerja when more information is needed (domain brief §8).
    # The "+7 days" is extended_days=7, extended_unit=CALENDAR, extended_from=DEADLINE.
    extended_days: int = 14
    extended_unit: DayUnit = DayUnit.WORKING
    extended_from: ExtensionFrom = ExtensionFrom.REGISTRATION
    # Duplicate detection: event dates at most this many days apart.
    duplicate_window_days: int = 7
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_days(start: datetime.date, n: int, unit: DayUnit,
             holidays: frozenset[datetime.date] = frozenset()) -> datetime.date:
    """The last day of a period of ``n`` days counted from the day after ``start``."""
    if unit == DayUnit.CALENDAR:
        return start + datetime.timedelta(days=n)
    day, left = start, n
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def report_deadline(known_on: datetime.date, rules: DeadlineRules) -> datetime.date:
    return add_days(known_on, rules.report_days, rules.report_unit, rules.holidays)


def is_late(known_on: datetime.date, received_on: datetime.date, rules: DeadlineRules) -> bool:
    """A report received after the filing deadline is not registered (UU 7/2017 Pasal 454 ayat (6);
    Perbawaslu 7/2022 Pasal 8)."""
    return received_on > report_deadline(known_on, rules)


def finding_deadline(found_on: datetime.date, rules: DeadlineRules) -> datetime.date:
    """The last day a temuan may be set (ditetapkan) after its discovery."""
    return add_days(found_on, rules.finding_days, rules.finding_unit, rules.holidays)


def off_days(calendar: Iterable[tuple[datetime.date, str]], *, joint_leave: bool) -> frozenset[datetime.date]:
    """The days a holiday calendar takes out of working-day counts: every national holiday, and
    the cuti bersama days unless configured to count them as working days."""
    return frozenset(day for day, kind in calendar if kind == HolidayKind.NATIONAL or
                     (joint_leave and kind == HolidayKind.JOINT_LEAVE))


def review_deadline(received_on: datetime.date, rules: DeadlineRules) -> datetime.date:
    return add_days(received_on, rules.review_days, rules.review_unit, rules.holidays)


def decision_deadline(registered_on: datetime.date, rules: DeadlineRules, *, extended: bool) -> datetime.date:
    base = add_days(registered_on, rules.decision_days, rules.decision_unit, rules.holidays)
    if not extended:
        return base
    start = registered_on if rules.extended_from == ExtensionFrom.REGISTRATION else base
    return add_days(start, rules.extended_days, rules.extended_unit, rules.holidays)


def parse_holidays(text: str) -> frozenset[datetime.date]:
    """One ISO date per line (or separated by commas/spaces); '#' starts a comment."""
    days: set[datetime.date] = set()
    for line in text.splitlines():
        for token in re.split(r"[,\s]+", line.split("#", 1)[0].strip()):
            if token:
                days.add(datetime.date.fromisoformat(token))
    return frozenset(days)


# Titles and honorifics dropped when comparing names (Drs., H., S.Pd., …).
_TITLES = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "sh", "se", "spd", "sag", "sos", "ssos", "sip", "mm", "msi",
           "mpd", "mh", "st", "skm", "skep", "amd", "bapak", "pak", "ibu", "bu", "sdr", "sdri"}


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation removed, titles dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w.replace(".", "") for w in re.split(r"[\s,]+", text)]
    kept = [re.sub(r"[^a-z0-9]", "", w) for w in words if w.replace(".", "") not in _TITLES]
    return " ".join(w for w in kept if w)


@dataclass(frozen=True)
class Suspect:
    nip: str
    name_norm: str
    kab_code: str
    event_date: datetime.date


def is_duplicate(new: Suspect, old: Suspect, window_days: int) -> bool:
    """Same person (NIP, or normalised name) in the same kab/kota, event dates within the window."""
    same_person = bool(new.nip and new.nip == old.nip) or bool(new.name_norm and new.name_norm == old.name_norm)
    return (same_person and new.kab_code == old.kab_code
            and abs((new.event_date - old.event_date).days) <= window_days)



def median_days(values: Iterable[int]) -> float | None:
    data = list(values)
    return float(statistics.median(data)) if data else None


# --- sanctions and referrals (the rule table is sanctions.py) --------------------------------

@dataclass(frozen=True)
class Refusal:
    """Why an outcome or a referral is refused, with the article that says so."""

    code: str
    message: str
    citation: str

    def __str__(self) -> str:
        return f"{self.message} ({self.citation})"


def regime_for(employment: str, track: str) -> Regime | None:
    """The sanction regime of a suspect on a track (None: no sanction of that track applies)."""
    for regime in REGIMES:
        if employment in regime.employment and regime.track == track:
            return regime
    return None


def sanction_types_for(employment: str, track: str = Track.DISCIPLINE) -> tuple[SanctionType, ...]:
    regime = regime_for(employment, track)
    return regime.types if regime else ()


def allowed_levels(employment: str, track: str, breach: str) -> BreachLevels | None:
    """The levels a proven breach carries for this suspect (None: no rule, or no sanction at all)."""
    if track == Track.DISCIPLINE and employment in ASN and breach in DISCIPLINE_LEVELS:
        return DISCIPLINE_LEVELS[Breach(breach)]
    if track == Track.ETHICS and regime_for(employment, track) and breach == Breach.ETHICS:
        return BreachLevels(frozenset({SanctionGrade.MORAL}), "PP 42/2004 Pasal 15–16")
    return None


def check_sanction(employment: str, track: str, breach: str, level: str, kind: str) -> Refusal | None:
    """None when the sanction fits the suspect's employment, the track and the proven breach."""
    if not employment:
        return Refusal("employment_unknown", str(_("Catat dulu jenis kepegawaian terlapor; sanksi bergantung "
                                                   "padanya")), "PP 94/2021; PP 49/2018")
    if employment not in ASN:
        return Refusal("not_asn", str(_("Terlapor bukan ASN: tidak dikenai hukuman disiplin atau kode etik ASN; "
                                        "teruskan ke instansi pemberi kerja dan catat hasilnya sebagai catatan")),
                       ROUTE_NON_ASN.citation)
    if track not in {t.value for t in Track}:
        return Refusal("track", str(_("jalur sanksi tidak dikenal: {v}").format(v=track)), "")
    regime = regime_for(employment, track)
    if regime is None:
        return Refusal("no_regime", str(_("PP 42/2004 mengatur kode etik PNS; untuk PPPK catat hasil etik sebagai "
                                          "catatan")), "PP 42/2004; PP 49/2018")
    kinds = {t.code: t for t in regime.types}
    if kind not in kinds:
        other = ALL_TYPES.get(kind)
        if other is not None:
            return Refusal("wrong_regime", str(_("Jenis sanksi “{label}” tidak berlaku bagi terlapor ini "
                                                 "({regime})").format(label=other.label, regime=regime.name)),
                           regime.citation)
        return Refusal("unknown_type", str(_("jenis sanksi tidak dikenal: {v}").format(v=kind)), regime.citation)
    if kinds[kind].level != level:
        return Refusal("level_mismatch", str(_("Jenis sanksi tidak sesuai tingkatnya: “{label}” adalah "
                                               "tingkat {level}").format(label=kinds[kind].label,
                                                                         level=kinds[kind].level.value)),
                       regime.citation)
    if not breach:
        return Refusal("breach_unknown", str(_("Catat dulu jenis pelanggaran yang terbukti")), regime.citation)
    rule = allowed_levels(employment, track, breach)
    if rule is None:
        return Refusal("breach_track", str(_("Pelanggaran ini tidak dikenai sanksi pada jalur {track}").format(
            track=track)), regime.citation)
    if level not in rule.levels:
        allowed = ", ".join(sorted(lv.value for lv in rule.levels))
        return Refusal("level_not_allowed", str(_(
            "Hukuman {level} tidak berlaku untuk pelanggaran ini; yang berlaku: {allowed}").format(
                level=level, allowed=allowed)), rule.citation)
    return None


def referral_routes(employment: str, role: str) -> tuple[Route, ...]:
    """Where a proven case may be sent: the employment decides the ASN/employer side, the role
    adds DKPP (election organisers) or KPU (ad hoc members); crimes and Bawaslu always."""
    routes: list[Route] = []
    if employment in ASN:
        routes.append(ROUTE_ASN)
    elif employment in (Employment.NON_ASN_APBN, Employment.NON_ASN_APBD):
        routes.append(ROUTE_NON_ASN)
    if role == OrganiserRole.ORGANISER:
        routes.append(ROUTE_ORGANISER)
    elif role == OrganiserRole.ADHOC:
        routes.append(ROUTE_ADHOC)
    return (*routes, ROUTE_CRIME, ROUTE_BAWASLU)


def check_referral(employment: str, role: str, destination: str) -> Refusal | None:
    if destination == Destination.KASN:
        return Refusal("kasn_dissolved", str(_("KASN telah dibubarkan; fungsi pengawasan netralitas ASN beralih ke "
                                               "BKN")), ROUTE_ASN.citation)
    routes = referral_routes(employment, role)
    if any(r.destination == destination for r in routes):
        return None
    if destination in (Destination.BKN, Destination.EMPLOYER) and not employment:
        return Refusal("employment_unknown", str(_("Catat dulu jenis kepegawaian terlapor sebelum meneruskan")),
                       ROUTE_NON_ASN.citation)
    if destination == Destination.BKN:
        return Refusal("not_asn", str(_("Terlapor bukan ASN: tidak diteruskan ke BKN, melainkan ke instansi "
                                        "pemberi kerja")), ROUTE_NON_ASN.citation)
    if destination == Destination.EMPLOYER:
        return Refusal("is_asn", str(_("Terlapor ASN atau bukan pegawai pemerintah: tujuan ini tidak berlaku")),
                       ROUTE_NON_ASN.citation)
    if destination == Destination.DKPP:
        return Refusal("not_organiser", str(_("DKPP hanya untuk penyelenggara pemilu (anggota KPU/Bawaslu)")),
                       ROUTE_ORGANISER.citation)
    if destination == Destination.KPU:
        return Refusal("not_adhoc", str(_("KPU menangani anggota badan adhoc (PPK/PPS/KPPS)")), ROUTE_ADHOC.citation)
    return Refusal("unknown", str(_("tujuan penerusan tidak dikenal: {v}").format(v=destination)), "")
