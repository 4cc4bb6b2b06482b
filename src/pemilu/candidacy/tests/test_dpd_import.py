"""``pemilu candidates import FILE --contest dpd`` and its API (issue 23 item 8): bakal calon DPD per
province through the registration action; atomic, every bad row named; permission-checked; audited."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.accounts.models import User
from pemilu.audit.models import AuditEvent
from pemilu.candidacy.models import DpdCandidate, DpdProvince
from pemilu.candidacy.tests.test_dpd_support import candidate
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

HEAD = "kode_provinsi,nama,nik,jenis_kelamin,tanggal_lahir,jabatan\n"


def row(n: int, *, prov: str = "12", sex: str = "L", office: str = "", nik: str = "") -> str:
    born = datetime.date(1975, 3, n)
    nik = nik or compose_nik("127601", born, sex == "P", 6000 + n)
    return f"{prov},Calon Impor {n},{nik},{sex},{born.isoformat()},{office}\n"


def test_the_import_registers_each_candidate_through_the_action(province: DpdProvince, kpu_prov: User,
                                                                 tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "calon_dpd.csv"
    path.write_text(HEAD + row(1) + row(2, sex="P", office="asn"))
    call_command("candidates", "import", str(path), "--contest", "dpd", as_user="kpu_prov_12")
    assert "2 bakal calon DPD diimpor di 1 provinsi" in capsys.readouterr().out
    made = list(DpdCandidate.objects.order_by("name"))
    assert [(c.name, c.sex, c.office, c.prov_code) for c in made] == [
        ("Calon Impor 1", "L", "", "12"), ("Calon Impor 2", "P", "asn", "12")]
    assert made[0].nik_hash == crypto.number_hash(crypto.open_sealed(made[0].nik_sealed))
    # One registration event per candidate (the same action as the API and the page) and the import's own.
    assert AuditEvent.objects.filter(event_type="candidacy.dpd_candidate_registered", actor=kpu_prov).count() == 2
    event = AuditEvent.objects.get(event_type="candidacy.dpd_candidates_imported")
    assert event.actor == kpu_prov and event.region_code == "12"
    assert event.after == {"file": str(path), "candidates": 2, "provinces": ["12"]}


def test_one_bad_row_names_itself_and_nothing_is_written(province: DpdProvince, kpu_prov: User,
                                                         tmp_path: Path) -> None:
    registered = candidate(province, kpu_prov, 9)
    nik = crypto.open_sealed(registered.nik_sealed)
    path = tmp_path / "calon_dpd.csv"
    path.write_text(HEAD + row(1)
                    + row(2, prov="31")               # line 3: a province without its DPT recorded
                    + row(3, nik=row(1).split(",")[2])  # line 4: the NIK of line 2
                    + row(4, sex="X")                 # line 5: sex
                    + row(5, office="bupati")         # line 6: unknown post
                    + row(6, nik=nik)                 # line 7: already registered in the province
                    + "12,Calon,1276010101750001,L,1975-13-01,\n")  # line 8: date
    with pytest.raises(CommandError) as exc:
        call_command("candidates", "import", str(path), "--contest", "dpd", as_user="kpu_prov_12")
    text = str(exc.value)
    for where in ("baris 3, kolom kode_provinsi", "baris 4, kolom nik", "baris 5, kolom jenis_kelamin",
                  "baris 6, kolom jabatan", "baris 7, kolom nik", "baris 8, kolom tanggal_lahir"):
        assert where in text, where
    assert list(DpdCandidate.objects.all()) == [registered]
    assert not AuditEvent.objects.filter(event_type="candidacy.dpd_candidates_imported").exists()


def test_a_province_outside_the_actors_scope_is_a_row_error(province: DpdProvince, cast: Cast, tmp_path: Path,
                                                            kpu_prov: User) -> None:
    path = tmp_path / "calon_dpd.csv"
    path.write_text(HEAD + row(1))
    # A KPU Kab/Kota holds the DPD role but not over the province: the row says so, and no more.
    with pytest.raises(CommandError, match="baris 2, kolom kode_provinsi: provinsi di luar wilayah Anda"):
        call_command("candidates", "import", str(path), "--contest", "dpd", as_user="kpu_admin_a")
    # A role without DPD support at all is refused before the file is read.
    r = client_for(cast, "ppk_a1").post("/api/v1/candidacy/dpd/imports", {"file": path.open("rb")})
    assert r.status_code == 403
    assert not DpdCandidate.objects.exists()


def test_the_api_imports_the_same_file(province: DpdProvince, cast: Cast, kpu_prov: User, tmp_path: Path) -> None:
    path = tmp_path / "calon_dpd.csv"
    path.write_text(HEAD + row(1) + row(2))
    from django.test import Client

    client = Client()
    client.force_login(kpu_prov)
    r = client.post("/api/v1/candidacy/dpd/imports", {"file": path.open("rb")})
    assert r.status_code == 201 and r.json() == {"candidates": 2, "provinces": 1}
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + row(3, sex="Q"))
    r = client.post("/api/v1/candidacy/dpd/imports", {"file": bad.open("rb")})
    assert r.status_code == 400 and "baris 2, kolom jenis_kelamin" in r.json()["detail"]
    assert DpdCandidate.objects.count() == 2
