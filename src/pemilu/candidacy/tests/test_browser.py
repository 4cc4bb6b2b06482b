"""Issue 23's browser acceptance point, in Chromium: a party's liaison officer submits a DPRD Kota
list for a dapil of Kota Tebing Tinggi → KPU verifies the documents → the DCS is announced → a
member of the public responds → KPU resolves it and sets the DCT → the KPPS's DPRD Kota C.Hasil
of a TPS in that dapil lists the DCT's candidates."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.candidacy.actions import do_appoint_liaison
from pemilu.candidacy.models import CandidateList, ListStatus, PublicResponse
from pemilu.candidacy.tests.world import slate
from pemilu.core import clock
from pemilu.core.demo import DEMO_PASSWORD, load_election, load_regions, load_users
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Dapil, Party
from pemilu.results.reference import do_import_reference
from pemilu.seats import demo_dprd
from pemilu.testing.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_a_dprd_kota_list_goes_from_the_party_to_the_c_hasil(live_server: Any, voter_key: str) -> None:
    actor = get_system_user()
    for loader in (load_regions, load_users, load_election):
        loader(actor, lambda _line: None)
    election = get_or_create_pemilu_2024()
    # Kota Tebing Tinggi's three DPRD Kota dapil and the 2024 parties, no candidates yet.
    do_import_reference(election, dapil_file=demo_dprd.dapil_csv().encode(),
                        parties_file=demo_dprd.parties_csv().encode(), actor=actor)
    officer = User.objects.create_user(username="penghubung.golkar", password=DEMO_PASSWORD,
                                       full_name="Penghubung Golkar Kota Tebing Tinggi")
    golkar = Party.objects.get(election=election, ballot_no=4)
    do_appoint_liaison(officer, golkar, "12.76", actor=User.objects.get(username="kpu.tebingtinggi"),
                       reason="Surat DPD Partai Golkar Kota Tebing Tinggi (demo)")
    dapil = Dapil.objects.get(election=election, code="127602")  # Padang Hulu + Bajenis, 10 seats
    base = live_server.url
    names = ["Budi Harahap", "Sri Wahyuni Nasution", "Ahmad Siregar", "Rina Marpaung"]
    with chromium_page() as page:
        # 1. The party's liaison officer submits the list.
        _login(page, base, "penghubung.golkar")
        page.goto(f"{base}/pencalonan/ajukan/")
        page.select_option("select[name=party]", str(golkar.pk))
        page.select_option("select[name=dapil]", str(dapil.pk))
        for row, name in zip(slate("LPLP"), names, strict=True):
            n = row.number
            page.fill(f"input[name=c{n}-name]", name)
            page.select_option(f"select[name=c{n}-sex]", row.sex)
            page.fill(f"input[name=c{n}-nik]", row.nik)
            page.fill(f"input[name=c{n}-birth_date]", row.birth_date.isoformat())
            page.fill(f"input[name=c{n}-domicile]", "Kelurahan Persiakan, Tebing Tinggi")
        screenshot(page, "candidacy-1-submit")
        page.click("#submit")
        page.wait_for_url("**/pencalonan/daftar/*/")
        lst = CandidateList.objects.get()
        assert lst.status == ListStatus.BCS and "Diajukan" in page.inner_text("#list-status")
        screenshot(page, "candidacy-2-submitted")
        # 2. KPU Kota verifies the documents and announces the DCS.
        _login(page, base, "kpu.tebingtinggi")
        page.goto(f"{base}/pencalonan/")
        assert "GOLKAR" in page.inner_text("#to-verify")
        screenshot(page, "candidacy-3-desk")
        page.click(f"#to-verify a[href='/pencalonan/daftar/{lst.pk}/']")
        page.click("#verify")
        page.wait_for_load_state()
        page.click("#announce")
        page.wait_for_load_state()
        assert "DCS" in page.inner_text("#list-status")
        # 3. The public reads the DCS and responds about candidate 3, with evidence.
        page.context.clear_cookies()
        page.goto(f"{base}/pencalonan/publik/")
        page.click(f"a[href='/pencalonan/publik/dapil/{dapil.pk}/']")
        assert all(name in page.inner_text(f"#list-{lst.pk}") for name in names)
        page.click(f"#list-{lst.pk} summary")
        page.select_option(f"#list-{lst.pk} select[name=candidate]", "3")
        page.fill(f"#list-{lst.pk} input[name=name]", "Warga Persiakan")
        page.fill(f"#list-{lst.pk} input[name=nik]", "1276014101900001")
        page.fill(f"#list-{lst.pk} input[name=contact]", "081234567890")
        page.fill(f"#list-{lst.pk} textarea[name=content]", "Calon nomor 3 masih tercatat sebagai kepala lingkungan.")
        page.set_input_files(f"#list-{lst.pk} input[name=evidence]", files=[
            {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% bukti\n%%EOF\n"}])
        screenshot(page, "candidacy-4-public-dcs")
        page.click(f"#list-{lst.pk} button.primary")
        page.wait_for_load_state()
        assert "Tanggapan diterima" in page.inner_text(".messages")
        response = PublicResponse.objects.get()
        assert response.evidence.count() == 1
        # 4. KPU Kota resolves the response and sets the DCT by decree.
        _login(page, base, "kpu.tebingtinggi")
        page.goto(f"{base}/pencalonan/daftar/{lst.pk}/")
        assert "tanggapan masyarakat belum diselesaikan" in page.inner_text("#rule-status")
        page.fill(f"#response-{response.pk} textarea[name=text]",
                  "Surat lurah: calon berhenti sebagai kepala lingkungan sebelum pendaftaran.")
        page.click(f"#dismiss-{response.pk}")
        page.wait_for_load_state()
        page.fill("input[name=decree_no]", "12/PL.01.4-Kpt/1276/2023")
        page.fill("input[name=decree_date]", clock.today().isoformat())
        page.click("#set-dct")
        page.wait_for_load_state()
        assert "DCT" in page.inner_text("#list-status")
        screenshot(page, "candidacy-5-dct")
        # 5. The KPPS of TPS 001 Persiakan (Padang Hulu, dapil 2) opens its DPRD Kota C.Hasil: the DCT.
        _login(page, base, "kpps.persiakan001")
        page.goto(f"{base}/hasil/tps/12.76.01.1006.001/dprd_kab-127602/isi/")
        text = page.inner_text("main")
        assert all(name in text for name in names)
        assert text.index(names[0]) < text.index(names[1]) < text.index(names[2]) < text.index(names[3])
        screenshot(page, "candidacy-6-c-hasil")
