from django.core.files.uploadedfile import SimpleUploadedFile

from pemilu.audit.models import AuditEvent
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.seats.models import AllocationRun
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

LONG = b"dapil,seats,party,votes\nTT-1,3,A,1000\nTT-1,3,B,600\nTT-1,3,C,250\n"


def _post(client, content: bytes, region: str = "12.76"):
    election = get_or_create_pemilu_2024()
    return client.post(f"/kursi/baru/?wilayah={region}", {
        "election": election.pk, "contest_kind": "DPRD_KABKOTA", "contest_label": "DPRD Kota Tebing Tinggi",
        "region_code": region, "threshold": "0", "tie_rules": "votes,lots", "reason": "pleno",
        "votes_file": SimpleUploadedFile("votes.csv", content, content_type="text/csv")})


def test_it_stores_a_run_from_the_form_and_shows_it(cast: Cast) -> None:
    client = client_for(cast, "kpu_admin_a")
    response = _post(client, LONG)
    run = AllocationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kursi/{run.pk}/"
    assert run.contest_label == "DPRD Kota Tebing Tinggi" and run.national["seats"] == {"A": 2, "B": 1}
    assert AuditEvent.objects.filter(event_type="seats.allocated", actor=cast.kpu_admin_a).count() == 1
    page = client.get(f"/kursi/{run.pk}/dapil/TT-1/").content.decode()
    assert "Tabel bilangan pembagi" in page and "333,33" in page  # 1000/3, shown rounded


def test_a_bad_file_is_rejected_naming_the_row_and_nothing_is_stored(cast: Cast) -> None:
    response = _post(client_for(cast, "kpu_admin_a"), b"dapil,seats,party,votes\nTT-1,3,A,1000\nTT-1,3,B,x\n")
    assert response.status_code == 400
    assert "baris 3, kolom votes" in response.content.decode()
    assert not AllocationRun.objects.exists()


def test_the_form_refuses_roles_without_seats_allocate(cast: Cast) -> None:
    assert _post(client_for(cast, "bawaslu_a"), LONG).status_code == 403
    assert _post(client_for(cast, "kpu_admin_b"), LONG).status_code == 404
    assert not AllocationRun.objects.exists()
