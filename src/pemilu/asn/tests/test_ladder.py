"""Every page and API endpoint of the ASN register climbs the permission ladder."""

import pytest

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, client_for, climb

ROWS = ("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
        "198001012005011001,Budi Persiakan,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n")

ENDPOINTS = [
    Endpoint("asn:list", "/asn/", allowed=["kpu_admin_a", "kpu_staff_a", "observer_a", "ppk_a1", "kpu_admin_b",
                                           "nobody"]),
    Endpoint("asn:import", "/asn/impor/", allowed=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"],
             forbidden=["observer_a", "ppk_a1", "pps_a1", "nobody"]),
    # A background import's progress page: its uploader only (climbed with a real job in test_import_job.py).
    Endpoint("asn:import_job", "/asn/impor/999999/", allowed=[], hidden=["kpu_admin_a", "kpu_staff_a", "nobody"]),
    Endpoint("api:list_employees", "/api/asn", allowed=["kpu_admin_a", "observer_a", "kpu_admin_b", "nobody"],
             api=True),
    # Per-row reads are climbed with a real row in test_it_shows_register_rows_only_inside_the_readers_scope.
    Endpoint("api:get_employee", "/api/asn/999999", allowed=[], hidden=["kpu_admin_a", "nobody"], api=True),
    Endpoint("api:import_file", "/api/asn/import", allowed=[], api=True, method="post"),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, endpoint: Endpoint) -> None:
    climb(endpoint, cast)


def test_it_shows_register_rows_only_inside_the_readers_scope(cast: Cast) -> None:
    import_employees(ROWS.encode(), actor=cast.kpu_admin_a)
    employee = AsnEmployee.objects.get()
    assert "Budi Persiakan" in client_for(cast, "kpu_staff_a").get("/asn/").content.decode()
    assert "Budi Persiakan" in client_for(cast, "observer_a").get("/asn/").content.decode()
    for who in ("kpu_admin_b", "ppk_a1", "nobody"):
        assert "Budi Persiakan" not in client_for(cast, who).get("/asn/").content.decode()
        assert client_for(cast, who).get(f"/api/asn/{employee.pk}").status_code == 404
    ok = client_for(cast, "observer_a").get(f"/api/asn/{employee.pk}")
    assert ok.status_code == 200 and ok.json()["nip"] == "198001012005011001"


def test_the_import_page_and_api_write_through_the_action(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast, "kpu_staff_a")
    r = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("a.csv", ROWS.encode())})
    assert r.status_code == 302 and AsnEmployee.objects.count() == 1
    other = client_for(cast, "kpu_admin_b").post("/api/asn/import",
                                                  {"file": SimpleUploadedFile("a.csv", ROWS.encode())})
    assert other.status_code == 400 and other.json()["errors"][0]["row"] == 2
    bad = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("a.csv", b"nip,nama\n1,x\n")})
    assert bad.status_code == 200 and "kolom wajib" in bad.content.decode()
