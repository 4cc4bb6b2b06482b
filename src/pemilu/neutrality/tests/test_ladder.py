"""Every page, export and API endpoint of neutrality climbs the permission ladder.

URLs naming a row hold ``{case}``, ``{evidence}``, ``{pledge}``, ``{event}``, filled with rows
created in Kota Tebing Tinggi for each run (ids differ between databases)."""

import datetime

import pytest

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.elections.models import Election
from pemilu.neutrality import actions, outreach
from pemilu.neutrality.models import Evidence
from pemilu.neutrality.tests.conftest import intake, jpeg_with_exif
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill

# Public pages: the intake form and the tracking page (anonymous by design; rate-limited).
UNSCOPED = {"/netralitas/lapor/": "the public report form", "/netralitas/lacak/": "the public tracking page",
            "POST /api/v1/neutrality/reports": "the public report intake (as /netralitas/lapor/)"}

HANDLERS_A = ["kpu_admin_a", "kpu_staff_a", "observer_a"]
NO_HANDLING_ROLE = ["ppk_a1", "pps_a1", "kpps_a1", "nobody"]

ENDPOINTS = [
    Endpoint("neutrality:dashboard", "/netralitas/", allowed=[*HANDLERS_A, "kpu_admin_b"], forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:finding", "/netralitas/temuan/", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:case", "/netralitas/kasus/{case}/", allowed=HANDLERS_A, forbidden=["ppk_a1"],
             hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
    Endpoint("neutrality:case_action", "/netralitas/kasus/{case}/aksi/examine/", allowed=["kpu_staff_a", "observer_a"],
             forbidden=["ppk_a1"], hidden=["kpu_admin_b", "pps_a1", "nobody"], method="post", ok_status=302),
    Endpoint("neutrality:evidence", "/netralitas/kasus/{case}/bukti/{evidence}/", allowed=HANDLERS_A,
             forbidden=["ppk_a1"], hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("neutrality:statistics", "/netralitas/statistik/", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:statistics_xlsx", "/netralitas/statistik.xlsx", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:pledges", "/netralitas/ikrar/", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:pledge_document", "/netralitas/ikrar/{pledge}/dokumen/", allowed=HANDLERS_A,
             forbidden=["ppk_a1", "pps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("neutrality:events", "/netralitas/sosialisasi/", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:event", "/netralitas/sosialisasi/{event}/", allowed=HANDLERS_A, forbidden=["ppk_a1"],
             hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("api:list_cases", "/api/v1/neutrality/cases", allowed=[*HANDLERS_A, "kpu_admin_b", "ppk_a1", "nobody"],
             api=True),
    Endpoint("api:get_case", "/api/v1/neutrality/cases/{case}", allowed=HANDLERS_A, forbidden=["ppk_a1"],
             hidden=["kpu_admin_b", "pps_a1", "nobody"], api=True),
    # The effects of the writes: test_pages.py and test_api_ops.py.
    Endpoint("api:transition", "/api/v1/neutrality/cases/{case}/transition", api=True, method="post",
             data={"action": "register"}, allowed=["kpu_staff_a"], forbidden=["ppk_a1"],
             hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("api:record_finding", "/api/v1/neutrality/findings", api=True, method="post",
             data={"election": "pemilu-2024", "region_code": "12.76.01", "category": "asn_neutrality",
                   "description": "Lurah hadir di kampanye.", "event_date": "{today}", "found_on": "{today}",
                   "place": "Lapangan Merdeka"},
             allowed=["observer_a"], forbidden=["ppk_a1"], hidden=["kpu_admin_b"]),
    Endpoint("api:stats", "/api/v1/neutrality/stats", allowed=[*HANDLERS_A, "kpu_admin_b", "nobody"], api=True),
    Endpoint("api:list_pledges", "/api/v1/neutrality/pledges", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE, api=True),
    Endpoint("api:list_events", "/api/v1/neutrality/events", allowed=[*HANDLERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE, api=True),
    Endpoint("api:create_event", "/api/v1/neutrality/events", api=True, method="post", ok_status=201,
             data={"region_code": "12.76.01", "held_on": "2023-11-30", "place": "Aula", "organiser": "KPU",
                   "audience": "ASN"},
             allowed=["kpu_staff_a"], forbidden=["observer_a", "ppk_a1", "nobody"], hidden=["kpu_admin_b"]),
    Endpoint("api:record_pledge", "/api/v1/neutrality/pledges", api=True, method="post", multipart=True,
             data={"election": "pemilu-2024", "nip": "198502022010012002", "signed_on": "2023-12-01"}, ok_status=201,
             allowed=["kpu_staff_a"], forbidden=["observer_a", "ppk_a1"], hidden=["kpu_admin_b"]),
    Endpoint("api:import_event_attendance", "/api/v1/neutrality/events/{event}/attendance", api=True, method="post",
             multipart=True, data={"file": b"nama\nWarga\n"}, allowed=["kpu_staff_a"],
             forbidden=["observer_a", "ppk_a1"], hidden=["kpu_admin_b", "pps_a1", "nobody"]),
]

NOT_APPLICABLE = {
    "GET /api/v1/neutrality/cases": {"forbidden": "a list: every user gets the cases they handle (none without the "
                                               "role: ppk_a1 and nobody above), never 403"},
    "GET /api/v1/neutrality/stats": {
        "forbidden": "aggregate counts of the user's scope (none without a role), never 403"},
}


@pytest.fixture
def rows(cast: Cast, election: Election) -> dict[str, object]:
    import_employees(b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
                     b"198001012005011001,Budi Santoso,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n"
                     b"198502022010012002,Ani Lubis,Kelurahan Persiakan,Kasi,PNS,12.76.01.1006\n",
                     actor=cast.kpu_admin_a)
    employee = AsnEmployee.objects.get(nip="198001012005011001")
    pledge = outreach.do_record_pledge(election, employee, datetime.date(2023, 11, 30), actor=cast.kpu_staff_a,
                                      document=("ikrar.pdf", b"%PDF-1.4\n%%EOF\n"))
    event = outreach.do_create_event(outreach.EventData(election, "12.76.01", datetime.date(2023, 11, 30),
                                                      "Aula Kantor Camat Padang Hulu", "KPU Kota Tebing Tinggi",
                                                      "ASN Kelurahan Persiakan"), actor=cast.kpu_staff_a)
    report = actions.submit_report(intake(election), [("foto.jpg", jpeg_with_exif())],
                                   received_on=datetime.date(2024, 1, 12)).report
    return {"case": report.case_id, "evidence": Evidence.objects.get().pk, "pledge": pledge.pk, "event": event.pk,
            "today": actions.today_for(election).isoformat()}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, object], endpoint: Endpoint) -> None:
    climb(fill(endpoint, rows), cast)
