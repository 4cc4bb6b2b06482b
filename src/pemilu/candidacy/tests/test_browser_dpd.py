"""DPD support in real Chromium (issue 23 items 6 and 8): the KPU Provinsi registers a bakal calon on
the desk, uploads the supporter list, reads the support and the 50 % spread, draws the sample from
a seed; a person runs cek dukungan on a phone and contests their listing; the KPU Provinsi upholds
the contest from its queue and the support is counted again. Screenshots in test-artifacts/.

Every click that sends a form waits for the page it leads to (``expect_navigation``) before the
next step. The live server gives each request thread the test's own in-memory SQLite connection
(Django's ``ThreadedWSGIServer.connections_override``), so two requests in flight share one
connection and its transaction state. The first version of this test (removed in fb5fa1a) waited
for a button its page already had before the upload, so it sent the sample's POST while the
1,140-row upload was still writing: it hung on the machine that wrote it, and timed out after
Playwright's 30 s when run again here.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from pemilu.candidacy import dpd_actions
from pemilu.candidacy.dpd_rules import Code
from pemilu.candidacy.models import DpdCandidate, SupportContest, SupportContestStatus, Supporter
from pemilu.candidacy.tests.test_dpd_support import HEADER, person
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.testing.browser import chromium_page, login, screenshot
from pemilu.testing.factories import PASSWORD, make_regions, make_user
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BORN = datetime.date(1968, 8, 17)
NIK = compose_nik("127601", BORN, True, 9101)
PHONE = {"width": 390, "height": 844}


def _login(page: Any, base: str, username: str) -> None:
    login(page, base, username, PASSWORD)


def _submit(page: Any, selector: str) -> None:
    """Click a form's button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        page.click(selector)


def test_register_upload_sample_and_a_contest_upheld(live_server: Any, tmp_path: Path) -> None:
    make_regions()
    kpu_prov = make_user("kpu_prov_12", "kpu_admin", "12")
    province = dpd_actions.do_set_dpd_province(get_or_create_pemilu_2024(), Region.objects.get(code="12"),
                                               dpt=900_000, dpt_source="Keputusan KPU Provinsi (uji)", actor=kpu_prov)
    rival = dpd_actions.do_register_dpd_candidate(
        province, name="Rina Tarigan", nik=compose_nik("127601", datetime.date(1970, 1, 2), True, 9002), sex="P",
        birth_date=datetime.date(1970, 1, 2), actor=kpu_prov)
    # The rival's list carries person 11 too: on two lists, it counts for neither.
    dpd_actions.do_import_supporters(rival, (HEADER + "".join(person(n, "12.06") for n in range(3000, 3020))
                                             + person(11)).encode(), actor=kpu_prov)
    # 1,030 rows in Tebing Tinggi and Karo (the province's two kab/kota here), one of them too young.
    upload = tmp_path / "dukungan.csv"
    upload.write_text(HEADER + person(1, born=datetime.date(2009, 5, 5), marital="B")
                      + "".join(person(n) for n in range(2, 1021))
                      + "".join(person(n, "12.06") for n in range(1100, 1110)))
    contested = compose_nik("127601", datetime.date(1980, 1, 1), False, 42)  # person(42)
    base = live_server.url
    with chromium_page() as page:
        # 1. KPU Sumatera Utara registers the bakal calon on the desk.
        _login(page, base, "kpu_prov_12")
        page.goto(f"{base}/pencalonan/dpd/")
        page.fill("#register input[name=name]", "Siti Aisyah Lubis")
        page.fill("#register input[name=nik]", NIK)
        page.select_option("#register select[name=sex]", "P")
        page.fill("#register input[name=birth_date]", BORN.isoformat())
        screenshot(page, "candidacy-dpd-1-register")
        _submit(page, "#register-submit")
        cand = DpdCandidate.objects.get(name="Siti Aisyah Lubis")
        assert page.url.endswith(f"/pencalonan/dpd/{cand.pk}/")
        # 2. The supporter list: uploaded, checked (minimum and spread) on the same request.
        page.set_input_files("input[name=berkas]", str(upload))
        _submit(page, "button:has-text('Unggah')")
        assert "1030 baris diunggah" in page.inner_text(".messages")
        facts = page.inner_text("dl.facts")
        # 1,030 rows − one too young − person 11 (also on the rival's list) = 1,028, in both kab/kota.
        assert "Dukungan memenuhi syarat" in facts and "1028 / 1000 ✓" in facts
        assert "2 / 2 (perlu 1) ✓" in facts
        assert "baris 2: belum berumur 17 tahun" in page.inner_text("main")  # the file's line, as uploaded
        screenshot(page, "candidacy-dpd-2-uploaded")
        # 3. The factual verification sample from a recorded seed.
        page.fill("input[name=seed]", "20230204")
        _submit(page, "button:has-text('Tarik sampel verifikasi faktual')")
        assert "Sampel ditarik" in page.inner_text(".messages")
        assert "20230204" in page.inner_text("dl.facts") and page.is_visible("text=Sampel per kabupaten/kota")
        screenshot(page, "candidacy-dpd-3-sampled")
        # 4. A member of the public, on a phone: cek dukungan, then "I never gave my support".
        page.context.clear_cookies()
        page.set_viewport_size(PHONE)
        page.goto(f"{base}/cek-dukungan/")
        page.fill("#id_nik", contested)
        _submit(page, "button:has-text('Cek')")
        result = page.inner_text("#cek-result")
        assert "Siti Aisyah Lubis" in result and crypto.mask(contested) in result and contested not in result
        page.click("#contest summary")
        page.fill("#contest input[name=name]", "Pendukung 42")
        page.fill("#contest input[name=nik]", contested)
        page.fill("#contest input[name=contact]", "081298765432")
        page.fill("#contest textarea[name=statement]", "Saya tidak pernah menandatangani formulir dukungan.")
        screenshot(page, "candidacy-dpd-4-cek-dukungan")
        _submit(page, "#contest button.primary")
        assert page.is_visible("#contest-received")
        screenshot(page, "candidacy-dpd-5-contest-received")
        # 5. The KPU Provinsi upholds it from its queue: the row is struck, the support counted again.
        page.set_viewport_size({"width": 1280, "height": 900})
        _login(page, base, "kpu_prov_12")
        page.goto(f"{base}/pencalonan/dpd/sanggahan/")
        contest = SupportContest.objects.get()
        row = f"#contest-{contest.pk}"
        assert "Pendukung 42" in page.inner_text(row) and contested not in page.inner_text(row)
        page.fill(f"#decide-{contest.pk} textarea[name=reason]",
                  "Pendukung hadir di KPU; tanda tangan pada formulir bukan miliknya.")
        screenshot(page, "candidacy-dpd-6-queue")
        _submit(page, f"#decide-{contest.pk} button[value=terbukti]")
        assert "Sanggahan diputus" in page.inner_text(".messages")
        page.goto(f"{base}/pencalonan/dpd/{cand.pk}/")
        assert page.inner_text("#penalty") == "50"  # the struck row counts as data palsu: 1,027 − 50 < 1,000
        assert "977 / 1000 ✗" in page.inner_text("dl.facts") and "belum memenuhi" in page.inner_text("dl.facts")
        screenshot(page, "candidacy-dpd-7-struck")
    contest.refresh_from_db()
    cand.refresh_from_db()
    assert contest.status == SupportContestStatus.UPHELD and contest.resolved_by == kpu_prov
    assert Supporter.objects.get(candidate=cand, line=43).code == Code.DENIED  # person(42) is line 43
    assert cand.sample_seed == 20230204 and cand.support["denied"] == 1
    assert cand.support["counted"] == cand.support["valid"] - 50
