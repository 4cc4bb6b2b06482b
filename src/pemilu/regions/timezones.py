"""Which clock a region keeps: Indonesia's three time zones and the overseas points' countries.

Indonesia has three: WIB (UTC+7), WITA (UTC+8) and WIT (UTC+9) (Keppres 41/1987). Voting runs
07.00-13.00 *local* time, and deadlines stated "pukul 23.59" are local too, so every stage guard,
deadline and late flag is evaluated in the zone of the region concerned, and every timestamp a user
sees is shown there with its label.

``zone_for(code)`` is pure (no database): a domestic code's zone follows its province (Kemendagri
code, the first two digits); every kab/kota of a province keeps the province's zone in the 2025
region list (Kalimantan Barat and Tengah are WIB, the other Kalimantan provinces WITA). An overseas
code (pseudo-province 99: ``99.<country>.<PPLN>``, the KPU codes of tps2024_luar_negeri.csv) takes
its country's zone, or its PPLN city's where the country spans several (United States, Canada,
Australia). A deployment can add exceptions by code prefix (``PEMILU_REGION_TIME_ZONES``, the
most specific prefix wins). National ("") and unknown codes keep the default (KPU RI, Jakarta).
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo

from django.conf import settings

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
DEFAULT_ZONE = WIB
LABELS = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}

# Kemendagri province code → zone (Keppres 41/1987; the six Papua provinces of 2022 keep WIT).
PROVINCE_ZONES: dict[str, str] = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], WIB),   # Sumatra, Kepri
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], WIB),                           # Java
    **dict.fromkeys(["61", "62"], WIB),                                                   # Kalbar, Kalteng
    **dict.fromkeys(["51", "52", "53"], WITA),                                            # Bali, NTB, NTT
    **dict.fromkeys(["63", "64", "65"], WITA),                                            # Kalsel, Kaltim, Kaltara
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], WITA),                          # Sulawesi
    **dict.fromkeys(["81", "82"], WIT),                                                   # Maluku, Maluku Utara
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], WIT),                           # Papua provinces
}

OVERSEAS = "99"
# KPU country code (kode_negara 99CC in tps2024_luar_negeri.csv) → the country's IANA zone.
COUNTRY_ZONES: dict[str, str] = {
    "01": "Asia/Brunei", "02": "Asia/Manila", "03": "Asia/Phnom_Penh", "04": "Asia/Vientiane",
    "05": "Asia/Kuala_Lumpur", "06": "Asia/Yangon", "07": "Asia/Singapore", "08": "Asia/Bangkok",
    "09": "Asia/Ho_Chi_Minh", "10": "Asia/Tokyo", "11": "Asia/Seoul", "12": "Asia/Shanghai",
    "13": "Asia/Taipei", "14": "Asia/Hong_Kong", "15": "Australia/Sydney", "16": "Pacific/Auckland",
    "17": "Pacific/Fiji", "18": "Pacific/Noumea", "19": "Pacific/Port_Moresby", "20": "Asia/Dili",
    "21": "Asia/Dhaka", "22": "Asia/Kolkata", "23": "Asia/Tehran", "24": "Asia/Almaty",
    "25": "Asia/Karachi", "26": "Asia/Colombo", "27": "Asia/Tashkent", "28": "Asia/Riyadh",
    "29": "Asia/Dubai", "30": "Asia/Bahrain", "31": "Asia/Kuwait", "32": "Asia/Muscat", "33": "Asia/Qatar",
    "34": "Asia/Baku", "35": "Asia/Baghdad", "36": "Asia/Beirut", "37": "Asia/Damascus", "38": "Asia/Aden",
    "39": "Asia/Amman", "40": "Africa/Johannesburg", "41": "Africa/Algiers", "42": "Africa/Addis_Ababa",
    "43": "Africa/Nairobi", "44": "Africa/Tripoli", "45": "Indian/Antananarivo", "46": "Africa/Casablanca",
    "47": "Africa/Cairo", "48": "Africa/Maputo", "49": "Africa/Windhoek", "50": "Africa/Lagos",
    "51": "Africa/Dakar", "52": "Africa/Khartoum", "53": "Africa/Dar_es_Salaam", "54": "Africa/Tunis",
    "55": "Africa/Harare", "56": "America/New_York", "57": "America/Toronto", "58": "America/Havana",
    "59": "America/Mexico_City", "60": "America/Panama", "61": "America/Argentina/Buenos_Aires",
    "62": "America/Sao_Paulo", "63": "America/Santiago", "64": "America/Guayaquil", "65": "America/Bogota",
    "66": "America/Lima", "67": "America/Paramaribo", "68": "America/Caracas", "69": "Europe/Vienna",
    "70": "Europe/Amsterdam", "71": "Europe/Brussels", "72": "Europe/Berlin", "73": "Europe/Paris",
    "74": "Europe/Zurich", "75": "Europe/Sarajevo", "76": "Europe/London", "77": "Europe/Sofia",
    "78": "Europe/Prague", "79": "Europe/Copenhagen", "80": "Europe/Helsinki", "81": "Europe/Budapest",
    "82": "Europe/Rome", "83": "Europe/Zagreb", "84": "Europe/Oslo", "85": "Europe/Warsaw",
    "86": "Europe/Lisbon", "87": "Europe/Bucharest", "88": "Europe/Moscow", "89": "Europe/Belgrade",
    "90": "Europe/Bratislava", "91": "Europe/Madrid", "92": "Europe/Stockholm", "93": "Europe/Istanbul",
    "94": "Europe/Kyiv", "95": "Europe/Vatican", "96": "Europe/Athens",
}
# PPLN (kode_kota 99CCPP) in countries spanning several zones, where the city's differs.
PPLN_ZONES: dict[str, str] = {
    "5602": "America/Chicago",        # KJRI Chicago
    "5603": "America/Chicago",        # KJRI Houston
    "5604": "America/Los_Angeles",    # KJRI Los Angeles
    "5606": "America/Los_Angeles",    # KJRI San Francisco
    "5702": "America/Vancouver",      # KJRI Vancouver
    "1502": "Australia/Melbourne",    # KJRI Melbourne
    "1504": "Australia/Perth",        # KJRI Perth
    "1505": "Australia/Darwin",       # KRI Darwin
    "0504": "Asia/Kuching",           # KJRI Kuching (same offset as Kuala Lumpur)
    "0503": "Asia/Kuching",           # KJRI Kota Kinabalu
    "0506": "Asia/Kuching",           # KRI Tawau
}


def _exceptions() -> dict[str, str]:
    return dict(getattr(settings, "PEMILU_REGION_TIME_ZONES", {}))


def zone_name_for(code: str, default: str = DEFAULT_ZONE) -> str:
    """The IANA name of the zone region or TPS ``code`` keeps (``default`` for "" and unknown codes)."""
    exceptions = _exceptions()
    if exceptions:
        for prefix in sorted(exceptions, key=len, reverse=True):
            if code == prefix or code.startswith(prefix + "."):
                return exceptions[prefix]
    parts = code.split(".") if code else []
    if not parts:
        return default
    if parts[0] == OVERSEAS:
        if len(parts) >= 3 and (parts[1] + parts[2]) in PPLN_ZONES:
            return PPLN_ZONES[parts[1] + parts[2]]
        return COUNTRY_ZONES.get(parts[1], default) if len(parts) >= 2 else default
    return PROVINCE_ZONES.get(parts[0], default)


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def zone_for(code: str, default: str = DEFAULT_ZONE) -> zoneinfo.ZoneInfo:
    """The zone region or TPS ``code`` keeps, e.g. ``zone_for("91.71")`` → Asia/Jayapura (WIT)."""
    return _zone(zone_name_for(code, default))


def zone_label(zone: zoneinfo.ZoneInfo | str, when: datetime.datetime | None = None) -> str:
    """'WIB', 'WITA', 'WIT'; abroad the UTC offset at ``when`` (now by default), e.g. 'UTC+9'."""
    name = zone if isinstance(zone, str) else zone.key
    if name in LABELS:
        return LABELS[name]
    moment = when or datetime.datetime.now(datetime.UTC)
    offset = moment.astimezone(_zone(name)).utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_datetime(when: datetime.datetime, code: str, default: str = DEFAULT_ZONE) -> datetime.datetime:
    """``when`` (aware; a naive one is read as UTC) on the clock of region ``code``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.astimezone(zone_for(code, default))


def local_day(code: str, when: datetime.date | datetime.datetime | None = None,
              default: str = DEFAULT_ZONE) -> datetime.date:
    """The calendar day at region ``code`` at moment ``when`` (now if None; a date is returned as is)."""
    from pemilu.core import clock

    if isinstance(when, datetime.datetime):
        if when.tzinfo is None:   # a naive moment is read on the region's own clock
            return when.date()
        return when.astimezone(zone_for(code, default)).date()
    if when is not None:
        return when
    return clock.today(zone_for(code, default))   # PEMILU_TODAY, else the real clock


def day_bounds(day: datetime.date, code: str, default: str = DEFAULT_ZONE) -> tuple[datetime.datetime,
                                                                                     datetime.datetime]:
    """A calendar day at region ``code`` as aware moments: 00:00:00 to 23:59:59.999999 local."""
    zone = zone_for(code, default)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day, datetime.time.max, tzinfo=zone)
    return start, end
