"""Every page and API endpoint of the ASN register climbs the permission ladder."""

from dataclasses import replace

import pytest

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee, ImportJob
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, client_for, climb

ROWS = ("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
        "198001012005011001,Budi Persiakan,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n")

KARO = ("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
        "198202022006041002,Rina Ginting,Desa Kacaribu,Kepala Desa,PNS,12.06.01.2001\n")

ENDPOINTS = [
    Endpoint("asn:list", "/asn/", allowed=["kpu_admin_a", "kpu_staff_a", "bawaslu_a", "ppk_a1", "kpu_admin_b",
                                           "nobody"]),
    Endpoint("asn:import", "/asn/impor/", allowed=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"],
             forbidden=["bawaslu_a", "ppk_a1", "pps_a1", "nobody"]),
    # A background import's progress page: its uploader only (the whole job in test_import_job.py).
    Endpoint("asn:import_job", "/asn/impor/{job}/", allowed=["kpu_staff_a"],
             hidden=["kpu_admin_a", "bawaslu_a", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_employees", "/api/v1/asn", allowed=["kpu_admin_a", "bawaslu_a", "kpu_admin_b", "nobody"],
             api=True),
    Endpoint("api:get_employee", "/api/v1/asn/{employee}", allowed=["kpu_staff_a", "bawaslu_a"],
             hidden=["ppk_a1", "kpu_admin_b", "pps_b1", "nobody"], api=True),
    Endpoint("api:import_file", "/api/v1/asn/import", api=True, method="post", multipart=True,
             data={"file": ROWS.encode()},
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "ppk_a1", "pps_a1", "nobody"]),
    # A background import's status in the API: its uploader only, as the progress page.
    Endpoint("api:get_import_job", "/api/v1/asn/import-jobs/{job}", allowed=["kpu_staff_a"], api=True,
             hidden=["kpu_admin_a", "bawaslu_a", "kpu_admin_b", "nobody"]),
]

NOT_APPLICABLE = {
    "/asn/": {"forbidden": "a list: every user gets the register rows their roles may read (none without one)"},
    "GET /api/v1/asn": {"forbidden": "a list: every user gets the register rows their roles may read"},
    "GET /api/v1/asn/{employee_id}": {
        "forbidden": "reads go through queries.readable, the rows the user's roles may read: a role "
                     "without asn.view finds no row (404, ppk_a1 above), never 403"},
    "/asn/impor/{pk}/": {"forbidden": "a job is its uploader's: every other user gets 404"},
    "GET /api/v1/asn/import-jobs/{job_id}": {"forbidden": "a job is its uploader's: every other user gets 404"},
    "POST /api/v1/asn/import": {
        "out_of_scope": "the file names each row's region: a row outside the user's scope is a row error "
                        "(400) naming nothing of the record (test_the_import_page_and_api_write_through_the_action, "
                        "core/tests/test_cross_region.py)"},
}


@pytest.fixture
def rows(cast: Cast) -> dict[str, int]:
    import_employees(ROWS.encode(), actor=cast.kpu_admin_a)
    # Karo's register too: the leak check looks for its names and NIPs in Tebing Tinggi's answers.
    import_employees(KARO.encode(), actor=cast.kpu_admin_b)
    job = ImportJob.objects.create(actor=cast.kpu_staff_a, filename="register.csv", path="asn/none.csv", size=1)
    return {"employee": AsnEmployee.objects.get(nip="198001012005011001").pk, "job": job.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, int], endpoint: Endpoint) -> None:
    climb(replace(endpoint, url=endpoint.url.format(**rows)), cast)


def test_it_shows_register_rows_only_inside_the_readers_scope(cast: Cast) -> None:
    import_employees(ROWS.encode(), actor=cast.kpu_admin_a)
    employee = AsnEmployee.objects.get()
    assert "Budi Persiakan" in client_for(cast, "kpu_staff_a").get("/asn/").content.decode()
    assert "Budi Persiakan" in client_for(cast, "bawaslu_a").get("/asn/").content.decode()
    for who in ("kpu_admin_b", "ppk_a1", "nobody"):
        assert "Budi Persiakan" not in client_for(cast, who).get("/asn/").content.decode()
        assert client_for(cast, who).get(f"/api/v1/asn/{employee.pk}").status_code == 404
    ok = client_for(cast, "bawaslu_a").get(f"/api/v1/asn/{employee.pk}")
    assert ok.status_code == 200 and ok.json()["nip"] == "198001012005011001"


def test_the_import_page_and_api_write_through_the_action(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast, "kpu_staff_a")
    r = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("a.csv", ROWS.encode())})
    assert r.status_code == 302 and AsnEmployee.objects.count() == 1
    other = client_for(cast, "kpu_admin_b").post("/api/v1/asn/import",
                                                  {"file": SimpleUploadedFile("a.csv", ROWS.encode())})
    assert other.status_code == 400 and other.json()["errors"][0]["row"] == 2
    bad = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("a.csv", b"nip,nama\n1,x\n")})
    assert bad.status_code == 200 and "kolom wajib" in bad.content.decode()
