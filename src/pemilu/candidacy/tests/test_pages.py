"""The pages, through the test client: the liaison officer's form, the KPU's desk, the public
DCS with its response form, and the C.Hasil of a TPS in the dapil listing the DCT."""

from __future__ import annotations

import datetime

from django.test import Client

from pemilu.accounts.models import User
from pemilu.candidacy.models import CandidateList, ListStatus, PublicResponse
from pemilu.candidacy.tests.world import World, slate
from pemilu.core import clock
from pemilu.testing.factories import PASSWORD, Cast


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_rows(pattern: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for c in slate(pattern):
        data.update({f"c{c.number}-name": c.name, f"c{c.number}-sex": c.sex, f"c{c.number}-nik": c.nik,
                     f"c{c.number}-birth_date": c.birth_date.isoformat(), f"c{c.number}-domicile": c.domicile})
    return data


def test_the_pages_take_a_list_from_submission_to_the_ballot(world: World, cast: Cast) -> None:
    party = login(world.liaison_golkar)
    page = party.get("/pencalonan/ajukan/")
    assert page.status_code == 200 and "Partai Golongan Karya" in page.content.decode()
    assert "Partai Demokrasi" not in page.content.decode()  # the officer's own party only
    bad = party.post("/pencalonan/ajukan/", {"party": world.golkar.pk, "dapil": world.dapil.pk,
                                            **form_rows("LPL"), "c2-nik": "12345"})
    assert bad.status_code == 400 and "baris 2, kolom nik" in bad.content.decode()
    ok = party.post("/pencalonan/ajukan/", {"party": world.golkar.pk, "dapil": world.dapil.pk, **form_rows("LPL")})
    lst = CandidateList.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/pencalonan/daftar/{lst.pk}/"
    assert login(world.liaison_pdip).get(f"/pencalonan/daftar/{lst.pk}/").status_code == 404

    own = party.get("/pencalonan/").content.decode()
    assert "Daftar yang menunggu verifikasi KPU" in own and "Meja verifikasi" not in own  # not the KPU's desk

    kpu = login(cast.kpu_admin_a)
    desk = kpu.get("/pencalonan/").content.decode()
    assert "Calon" in desk and f"/pencalonan/daftar/{lst.pk}/" in desk and "Meja verifikasi" in desk
    kpu.post(f"/pencalonan/daftar/{lst.pk}/aksi/verify/")
    kpu.post(f"/pencalonan/daftar/{lst.pk}/aksi/announce/")
    public = Client().get(f"/pencalonan/publik/dapil/{world.dapil.pk}/").content.decode()
    assert "Calon 2" in public and "Beri tanggapan" in public
    Client().post(f"/pencalonan/publik/daftar/{lst.pk}/tanggapan/", {
        "candidate": "2", "name": "Warga", "nik": "1276014101900001", "contact": "warga@example.org",
        "content": "Mohon diperiksa ijazahnya."})
    response = PublicResponse.objects.get()
    decree = {"decree_no": "12/2023", "decree_date": clock.today().isoformat()}
    blocked = kpu.post(f"/pencalonan/daftar/{lst.pk}/aksi/dct/", decree, follow=True)
    assert "tanggapan masyarakat belum diselesaikan" in blocked.content.decode()
    kpu.post(f"/pencalonan/tanggapan/{response.pk}/aksi/dismiss/", {"text": "Ijazah sah menurut dinas."})
    kpu.post(f"/pencalonan/daftar/{lst.pk}/aksi/dct/", {"decree_no": "12/2023",
                                                        "decree_date": (clock.today() - datetime.timedelta(days=1))
                                                        .isoformat()})
    lst.refresh_from_db()
    assert lst.status == ListStatus.DCT
    form = login(cast.kpps_a1).get("/hasil/tps/12.76.01.1006.001/dprd_kab-127602/isi/").content.decode()
    assert all(f"Calon {n}" in form for n in (1, 2, 3))  # the KPPS's C.Hasil lists the DCT
