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

# Bawaslu handles cases (UU 7/2017 Pasal 454-455); KPU offices read the outreach, the statistics and
# the cases concerning their own people ({kpu_case}: a KPPS member), and decide nothing (issue 20
# item 4); an accredited observer (pemantau) sees none of it.
KPU_A = ["kpu_admin_a", "kpu_staff_a"]
READERS_A = [*KPU_A, "bawaslu_a"]
NO_HANDLING_ROLE = ["ppk_a1", "pps_a1", "kpps_a1", "pemantau_a", "nobody"]
NOT_BAWASLU = ["ppk_a1", "pemantau_a", *KPU_A]

ENDPOINTS = [
    Endpoint("neutrality:dashboard", "/netralitas/", allowed=[*READERS_A, "kpu_admin_b"], forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:finding", "/netralitas/temuan/", allowed=["bawaslu_a"],
             forbidden=[*NO_HANDLING_ROLE, *KPU_A, "kpu_admin_b"]),
    Endpoint("neutrality:case", "/netralitas/kasus/{case}/", allowed=["bawaslu_a"], forbidden=NOT_BAWASLU,
             hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
    Endpoint("neutrality:case (KPU's own people)", "/netralitas/kasus/{kpu_case}/", allowed=READERS_A,
             forbidden=["ppk_a1", "pemantau_a"], hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
    Endpoint("neutrality:case_action", "/netralitas/kasus/{case}/aksi/examine/", allowed=["bawaslu_a"],
             forbidden=NOT_BAWASLU, hidden=["kpu_admin_b", "pps_a1", "nobody"], method="post", ok_status=302),
    Endpoint("neutrality:case_action (KPU's own people)", "/netralitas/kasus/{kpu_case}/aksi/examine/",
             allowed=["bawaslu_a"], forbidden=NOT_BAWASLU, hidden=["kpu_admin_b", "pps_a1", "nobody"], method="post",
             ok_status=302),
    Endpoint("neutrality:evidence", "/netralitas/kasus/{case}/bukti/{evidence}/", allowed=["bawaslu_a"],
             forbidden=NOT_BAWASLU, hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("neutrality:statistics", "/netralitas/statistik/", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:statistics_xlsx", "/netralitas/statistik.xlsx", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:pledges", "/netralitas/ikrar/", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:pledge_document", "/netralitas/ikrar/{pledge}/dokumen/", allowed=READERS_A,
             forbidden=["ppk_a1", "pps_a1", "pemantau_a"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("neutrality:events", "/netralitas/sosialisasi/", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE),
    Endpoint("neutrality:event", "/netralitas/sosialisasi/{event}/", allowed=READERS_A,
             forbidden=["ppk_a1", "pemantau_a"], hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("api:list_cases", "/api/v1/neutrality/cases",
             allowed=[*READERS_A, "kpu_admin_b", "ppk_a1", "pemantau_a", "nobody"], api=True),
    Endpoint("api:get_case", "/api/v1/neutrality/cases/{case}", allowed=["bawaslu_a"], forbidden=NOT_BAWASLU,
             hidden=["kpu_admin_b", "pps_a1", "nobody"], api=True),
    Endpoint("api:get_case (KPU's own people)", "/api/v1/neutrality/cases/{kpu_case}", allowed=READERS_A,
             forbidden=["ppk_a1", "pemantau_a"], hidden=["kpu_admin_b", "pps_a1", "nobody"], api=True),
    # The effects of the writes: test_pages.py and test_api_ops.py.
    Endpoint("api:transition", "/api/v1/neutrality/cases/{case}/transition", api=True, method="post",
             data={"action": "register"}, allowed=["bawaslu_a"], forbidden=NOT_BAWASLU,
             hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("api:transition (KPU's own people)", "/api/v1/neutrality/cases/{kpu_case}/transition", api=True,
             method="post", data={"action": "register"}, allowed=["bawaslu_a"], forbidden=NOT_BAWASLU,
             hidden=["kpu_admin_b", "pps_a1", "nobody"]),
    Endpoint("api:record_finding", "/api/v1/neutrality/findings", api=True, method="post",
             data={"election": "pemilu-2024", "region_code": "12.76.01", "category": "asn_neutrality",
                   "description": "Lurah hadir di kampanye.", "event_date": "{today}", "found_on": "{today}",
                   "place": "Lapangan Merdeka"},
             allowed=["bawaslu_a"], forbidden=NOT_BAWASLU, hidden=["kpu_admin_b"]),
    Endpoint("api:stats", "/api/v1/neutrality/stats", allowed=[*READERS_A, "kpu_admin_b", "nobody"], api=True),
    Endpoint("api:list_pledges", "/api/v1/neutrality/pledges", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE, api=True),
    Endpoint("api:list_events", "/api/v1/neutrality/events", allowed=[*READERS_A, "kpu_admin_b"],
             forbidden=NO_HANDLING_ROLE, api=True),
    Endpoint("api:create_event", "/api/v1/neutrality/events", api=True, method="post", ok_status=201,
             data={"region_code": "12.76.01", "held_on": "2023-11-30", "place": "Aula", "organiser": "KPU",
                   "audience": "ASN"},
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "ppk_a1", "pemantau_a", "nobody"],
             hidden=["kpu_admin_b"]),
    Endpoint("api:record_pledge", "/api/v1/neutrality/pledges", api=True, method="post", multipart=True,
             data={"election": "pemilu-2024", "nip": "198502022010012002", "signed_on": "2023-12-01"}, ok_status=201,
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "ppk_a1", "pemantau_a"], hidden=["kpu_admin_b"]),
    Endpoint("api:import_event_attendance", "/api/v1/neutrality/events/{event}/attendance", api=True, method="post",
             multipart=True, data={"file": b"nama\nWarga\n"}, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a", "ppk_a1", "pemantau_a"], hidden=["kpu_admin_b", "pps_a1", "nobody"]),
]

NOT_APPLICABLE = {
    "/netralitas/temuan/": {"out_of_scope": "a form naming no record: only Bawaslu may open it (KPU of another "
                                            "kab/kota is 403 above), and its region field offers the user's own "
                                            "regions only (a foreign one is a form error, test_pages.py)"},
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
    kpu_case = actions.submit_report(intake(election, suspect_name="Ketua KPPS TPS 001", suspect_agency="KPPS",
                                            suspect_role="adhoc", place="TPS 001 Persiakan"), [],
                                     received_on=datetime.date(2024, 1, 12)).report.case
    return {"case": report.case_id, "kpu_case": kpu_case.pk, "evidence": Evidence.objects.get().pk,
            "pledge": pledge.pk, "event": event.pk,
            "today": actions.today_for(election).isoformat()}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, object], endpoint: Endpoint) -> None:
    climb(fill(endpoint, rows), cast)
