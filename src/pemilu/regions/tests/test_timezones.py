"""Each region keeps its own clock: WIB, WITA or WIT by province; abroad the PPLN's country."""

import csv
import datetime
import os
from pathlib import Path

import pytest
from django.template import Context, Template

from pemilu.regions import timezones
from pemilu.regions.timezones import WIB, WIT, WITA, zone_for, zone_label

REPO = Path(__file__).resolve().parents[4]
# The real data lives beside the clone (as for the seats tests); PEMILU_SHARED_DATA overrides.
DATA = Path(os.environ.get("PEMILU_SHARED_DATA", REPO.parent / "shared" / "data"))
UTC = datetime.UTC


@pytest.mark.parametrize(("code", "zone"), [
    ("12.76", WIB), ("12.76.01.1006.001", WIB), ("31.71", WIB), ("61.71", WIB), ("62.71", WIB),
    ("51.71", WITA), ("52.71", WITA), ("53.71", WITA), ("63.71", WITA), ("64.72", WITA), ("65.71", WITA),
    ("73.71", WITA), ("81.71", WIT), ("82.71", WIT), ("91.71", WIT), ("91.71.01.1001.001", WIT), ("94.71", WIT),
    ("96.71", WIT), ("", WIB),
])
def test_a_domestic_region_keeps_its_provinces_zone(code, zone) -> None:
    assert zone_for(code).key == zone


@pytest.fixture
def data() -> Path:
    if not (DATA / "wilayah_kemendagri_2025.csv").exists():
        pytest.skip(f"shared data not found at {DATA} (set PEMILU_SHARED_DATA)")
    return DATA


def test_every_province_of_the_2025_region_list_has_a_zone(data) -> None:
    with (data / "wilayah_kemendagri_2025.csv").open(encoding="utf-8") as f:
        provinces = {row["kode"] for row in csv.DictReader(f) if row["level"] == "provinsi"}
    assert len(provinces) == 38
    assert provinces == set(timezones.PROVINCE_ZONES)


def test_every_overseas_ppln_has_its_countrys_zone(data) -> None:
    with (data / "tps2024_luar_negeri.csv").open(encoding="utf-8") as f:
        pplns = {(row["kode_negara"], row["negara"], row["kode_kota"], row["kota"]) for row in csv.DictReader(f)}
    assert len(pplns) == 128
    for country, _name, ppln, _city in pplns:
        code = f"99.{country[2:]}.{ppln[4:]}"
        assert country[2:] in timezones.COUNTRY_ZONES
        assert zone_for(code).key != WIB or country == "9907"  # Singapore is UTC+8, never WIB
    assert zone_for("99.10.01.0001").key == "Asia/Tokyo"           # KBRI Tokyo
    assert zone_for("99.56.04").key == "America/Los_Angeles"      # KJRI Los Angeles
    assert zone_for("99.56.05").key == "America/New_York"         # KJRI New York
    assert zone_for("99.15.04").key == "Australia/Perth"          # KJRI Perth
    assert zone_for("99").key == WIB                              # the pseudo-province: KPU RI


def test_labels_are_wib_wita_wit_and_an_offset_abroad() -> None:
    assert [zone_label(z) for z in (WIB, WITA, WIT)] == ["WIB", "WITA", "WIT"]
    feb = datetime.datetime(2024, 2, 14, tzinfo=UTC)
    assert zone_label("Asia/Tokyo", feb) == "UTC+9"
    assert zone_label("America/New_York", feb) == "UTC-5"
    assert zone_label("Asia/Kolkata", feb) == "UTC+5:30"


def test_a_deployment_can_add_an_exception_by_code_prefix(settings) -> None:
    settings.PEMILU_REGION_TIME_ZONES = {"62.71": WITA}
    assert zone_for("62.71.01").key == WITA
    assert zone_for("62.72").key == WIB


def test_voting_hours_are_local_seven_to_one() -> None:
    # 07:00 at a TPS in Jayapura is 05:00 in Tebing Tinggi: the same UTC moment, two hours apart.
    opens = timezones.day_bounds(datetime.date(2024, 2, 14), "91.71.01.1001.001")[0].replace(hour=7)
    assert opens.astimezone(UTC) == datetime.datetime(2024, 2, 13, 22, tzinfo=UTC)
    assert timezones.local_datetime(opens, "12.76.01.1006.001").hour == 5


def test_the_template_shows_local_time_with_its_zone() -> None:
    moment = datetime.datetime(2024, 2, 14, 6, 30, tzinfo=UTC)   # 13:30 WIB, 15:30 WIT
    out = Template('{% load zones %}{{ m|local_time:"12.76" }} | {{ m|local_time:"91.71.01.1001.001" }} | '
                   '{% local_time m "73.71" "H:i" %} | {{ "99.10.01"|zone_label }}').render(Context({"m": moment}))
    assert out == "14-02-2024 13:30 WIB | 14-02-2024 15:30 WIT | 14:30 WITA | UTC+9"


@pytest.mark.django_db
def test_the_audit_page_shows_each_regions_local_time_with_its_zone(client) -> None:
    import time_machine

    from pemilu.testing.factories import PASSWORD, make_jayapura, make_regions, make_user

    with time_machine.travel(datetime.datetime(2024, 2, 14, 0, 30, tzinfo=UTC), tick=False):
        make_regions()
        make_jayapura()
        make_user("staf_tebing", "kpu_staff", "12.76")   # an audited role assignment in 12.76
    user = make_user("kpu_ri", "kpu_admin", "")
    client.login(username=user.username, password=PASSWORD)
    jayapura = client.get("/audit/91.71/").content.decode()
    tebing = client.get("/audit/12.76/").content.decode()
    assert "2024-02-14 09:30:00 WIT" in jayapura and "WIB" not in jayapura
    assert "2024-02-14 07:30:00 WIB" in tebing and "WIT" not in tebing


def test_the_d_hasil_pdf_states_its_print_time_on_the_regions_clock() -> None:
    from django.template.loader import render_to_string

    moment = datetime.datetime(2024, 2, 20, 5, 0, tzinfo=UTC)
    html = render_to_string("results/pdf/d_hasil.html", {"printed_at": moment, "region_code": "91.71",
                                                          "total": {"accepted": 0, "expected": 0}})
    assert "Dicetak 20-02-2024 14:00 WIT" in html
