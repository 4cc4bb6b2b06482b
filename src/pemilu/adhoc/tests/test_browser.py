"""A PPS recruitment end to end in real Chromium, in the demo (Kota Tebing Tinggi), by the KPU
staff user ``staf.tebingtinggi``: open registration, registrations (portal, officer, import),
Kelurahan Pelita flagged 2/6 and extended, verification, CAT and interview scores, ranking,
announcements (PDF), appointment, inauguration and a replacement (PAW)."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pemilu.adhoc import queries
from pemilu.adhoc.demo import PELITA, demo_pdf, register_synthetic
from pemilu.adhoc.models import Announcement, Applicant, Recruitment, Replacement
from pemilu.audit.models import AuditEvent
from pemilu.core.demo import DEMO_LOADERS, DEMO_PASSWORD, load_adhoc
from pemilu.core.jobs import run_queued_jobs
from pemilu.testing.browser import ARTIFACTS, chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PERSIAKAN = "12.76.01.1006"


def login(page: Any, base: str, username: str, password: str, next_url: str) -> None:
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}{next_url}")


def confirm_step(page: Any, base: str, rec: Recruitment, fill: dict[str, str] | None = None) -> None:
    page.goto(f"{base}/adhoc/{rec.pk}/tahap/")
    for sel, value in (fill or {}).items():
        page.fill(sel, value)
    page.click("#confirm")
    page.wait_for_url(f"{base}/adhoc/{rec.pk}/")


def upload(page: Any, form: str, path: Path) -> None:
    page.set_input_files(f"{form} input[type=file]", str(path))
    page.click(f"{form} button")
    page.wait_for_load_state()


def test_pps_recruitment_end_to_end_in_the_browser(live_server: Any, tmp_path: Path) -> None:
    from pemilu.accounts.actions import get_system_user

    system = get_system_user()
    for loader in DEMO_LOADERS:
        if loader is not load_adhoc:  # the recruitment itself is started in the browser
            loader(system, lambda _s: None)
    base = live_server.url
    pdf = tmp_path / "dokumen.pdf"
    pdf.write_bytes(demo_pdf("browser"))
    today = queries.today(Recruitment._meta.apps.get_model("elections", "Election").objects.get())
    iso = today.isoformat
    start_audit = AuditEvent.objects.count()

    with chromium_page() as staff:
        login(staff, base, "staf.tebingtinggi", DEMO_PASSWORD, "/adhoc/")
        assert "105" in staff.inner_text("#plan-pps")  # 35 kelurahan × 3 seats
        staff.click("#create-pps")  # the confirm step says how many areas it creates (issue 20 item 9)
        assert "35 wilayah pembentukan" in staff.inner_text("#confirm-what")
        assert not Recruitment.objects.filter(body="pps").exists()
        staff.click("#confirm")
        staff.wait_for_selector("#rec-status")
        rec = Recruitment.objects.get(body="pps", region_id="12.76")
        assert rec.areas.count() == 35

        # Open registration: the confirm page offers the schedule's window (2022); today's is set.
        staff.goto(f"{base}/adhoc/{rec.pk}/tahap/")
        assert staff.input_value("#id_start") == "2022-12-18"
        end = (today + datetime.timedelta(days=5)).isoformat()
        confirm_step(staff, base, rec, {"#id_start": iso(), "#id_end": end})
        assert "Pendaftaran dibuka" in staff.inner_text("#rec-status")

        # The public registers (demo generator: 8 per kelurahan, Pelita 2), plus one applicant on the portal.
        register_synthetic(Recruitment.objects.get(pk=rec.pk), system)
        staff.reload()
        first = staff.locator("#areas tbody tr").first
        assert "Pelita" in first.inner_text() and "2" in first.inner_text()
        assert "1 wilayah di bawah minimal pendaftar" in staff.inner_text("#flagged")
        screenshot(staff, "adhoc-dashboard-pelita-flagged")

        # Pelita: extend the registration (an audited action with a reason).
        staff.click(f"[id='area-{PELITA}'] a")
        staff.fill("#id_new_end", (today + datetime.timedelta(days=8)).isoformat())
        staff.fill("#id_reason", "Pendaftar Kelurahan Pelita 2 orang, kurang dari 2 × 3 (KPT 534/2022)")
        staff.click("#extend")
        staff.wait_for_selector(".messages")
        assert "diperpanjang" in staff.inner_text(".messages")

        # An applicant signs up on the portal and applies to Pelita with her documents.
        public = staff.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
        public.goto(f"{base}/adhoc/daftar/akun/")
        public.fill("#id_username", "rina.siregar")
        public.fill("#id_full_name", "Rina Siregar")
        public.fill("#id_email", "rina@example.org")
        public.fill("#id_password", "rahasia-rina-1")
        public.click("#signup")
        public.wait_for_url(f"{base}/adhoc/daftar/")
        public.click(f"a[href='?rekrutmen={rec.pk}']")
        public.select_option("#id_area", PELITA)
        for sel, value in {"#id_nik": "1276044107950001", "#id_name": "Rina Siregar",
                           "#id_birth_date": "1995-07-01", "#id_domicile_code": PELITA,
                           "#id_sentence_years": "0", "#id_phone": "081361112222"}.items():
            public.fill(sel, value)
        public.select_option("#id_gender", "P")
        public.select_option("#id_education", "5")
        for field in ("ktp", "ijazah", "pernyataan", "sehat"):
            public.set_input_files(f"#id_doc_{field}", str(pdf))
        public.click("#apply")
        public.wait_for_selector("#my-application")
        assert "perlu bukti" in public.inner_text("#my-outcome")  # health certificate not yet checked
        screenshot(public, "adhoc-portal-applicant")
        rina = Applicant.objects.get(nik="1276044107950001")
        assert rina.user is not None and rina.user.username == "rina.siregar"

        # An officer enters a paper registration (with scans) and imports two more from a sheet.
        staff.goto(f"{base}/adhoc/{rec.pk}/daftar/")
        staff.select_option("#id_area", PELITA)
        for sel, value in {"#id_nik": "1276040203880002", "#id_name": "Bambang Purba",
                           "#id_birth_date": "1988-03-02", "#id_domicile_code": PELITA,
                           "#id_sentence_years": "0"}.items():
            staff.fill(sel, value)
        staff.select_option("#id_gender", "L")
        staff.select_option("#id_education", "3")
        staff.select_option("#id_health", "fit")
        for field in ("ktp", "ijazah", "pernyataan", "sehat"):
            staff.set_input_files(f"#id_doc_{field}", str(pdf))
        staff.click("#save")
        staff.wait_for_selector("#eligibility")
        assert staff.get_attribute("#elig-outcome", "data-outcome") == "met"
        sheet = tmp_path / "pendaftaran-kertas.csv"
        head = "kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
        sheet.write_text(head + "1276041002,1276040505900003,Joko Saragih,L,1990-05-05,1276041002,SMA\n"
                         "1276041002,12760405059000,Wati Rangkuti,P,1990-05-05,1276041002,SMA\n")
        staff.goto(f"{base}/adhoc/{rec.pk}/")
        upload(staff, "#import-applicants", sheet)
        assert "baris 3, kolom nik: NIK harus 16 angka" in staff.inner_text("#import-errors")
        assert not Applicant.objects.filter(name="Joko Saragih").exists()  # rejected whole
        sheet.write_text(sheet.read_text().replace("12760405059000,", "1276044505900004,"))
        staff.goto(f"{base}/adhoc/{rec.pk}/")
        upload(staff, "#import-applicants", sheet)
        assert "2 baris diimpor" in staff.inner_text(".messages")
        row = staff.inner_text(f"[id='area-{PELITA}']")
        assert "6" in row and "cukup" in row

        # The portal applicant's health certificate is checked by the office.
        staff.goto(f"{base}/adhoc/pelamar/{rina.pk}/")
        assert "1276044107950001" in staff.inner_text("#nik")  # the handling office sees the NIK
        staff.select_option("select[name=health]", "fit")
        staff.click("text=Catat keterangan sehat")
        staff.wait_for_selector(".messages")
        assert staff.inner_text("#elig-outcome") == "memenuhi semua syarat"
        screenshot(staff, "adhoc-applicant-eligibility")

        # Close registration (before its deadline: the reason is required since issue 17), mark
        # everyone who meets every rule MS; two imported lack evidence.
        confirm_step(staff, base, rec, {"#id_early_reason": "Kuota pendaftar terpenuhi (uji)"})
        staff.click("#verify-eligible")
        assert "pelamar yang belum diteliti" in staff.inner_text("#confirm-what")
        staff.click("#confirm")
        staff.wait_for_selector(".messages")
        staff.goto(f"{base}/adhoc/{rec.pk}/tahap/")
        assert "2 pelamar belum diverifikasi" in staff.inner_text("#blockers")
        assert staff.is_disabled("#confirm")
        screenshot(staff, "adhoc-confirm-blockers")
        for a in Applicant.objects.filter(source="import"):
            staff.goto(f"{base}/adhoc/pelamar/{a.pk}/")
            assert "perlu bukti" in staff.inner_text("#eligibility")
            staff.select_option("#id_result", "tms")
            staff.fill("#id_reason", "fotokopi KTP-el, ijazah dan surat pernyataan tidak dilampirkan")
            staff.click("#verify")
            staff.wait_for_selector(".messages")
        confirm_step(staff, base, rec)   # announce the administrative results (PDF)

        # Written test (CAT result file) and interview scores, each imported from a file.
        ms = list(Applicant.objects.filter(recruitment=rec, admin_result="ms").order_by("id"))
        cat = tmp_path / "hasil-cat.csv"
        cat.write_text("nik,nilai\n" + "".join(f"{a.nik},{55 + (a.pk * 7) % 40}\n" for a in ms))
        staff.goto(f"{base}/adhoc/{rec.pk}/")
        upload(staff, "#import-written", cat)
        assert f"{len(ms)} baris diimpor" in staff.inner_text(".messages")
        confirm_step(staff, base, rec)
        passed = list(Applicant.objects.filter(recruitment=rec, outcome__passed_written=True).order_by("id"))
        interview = tmp_path / "wawancara.csv"
        interview.write_text("nik,nilai\n" + "".join(f"{a.nik},{60 + (a.pk * 11) % 35}\n" for a in passed))
        staff.goto(f"{base}/adhoc/{rec.pk}/")
        upload(staff, "#import-interview", interview)
        confirm_step(staff, base, rec)   # the final ranking
        assert "nilai wawancara tertinggi" in staff.inner_text("#chain")

        # Appoint (SK) and inaugurate.
        confirm_step(staff, base, rec, {"#id_sk_number": "16/PP.04.2-Kpt/1276/2023", "#id_sk_date": iso()})
        assert "Ditetapkan" in staff.inner_text("#rec-status")
        assert "%" in staff.inner_text("#women-share")
        confirm_step(staff, base, rec, {"#id_on": iso(), "#id_place": "Aula Kantor KPU Kota Tebing Tinggi"})
        assert "Dilantik" in staff.inner_text("#rec-status")
        screenshot(staff, "adhoc-recruitment-inaugurated")
        assert {a.step for a in Announcement.objects.filter(recruitment=rec)} == {"admin", "written", "final",
                                                                                  "appointment"}

        # Replacement: a Persiakan member resigns; the next ranked reserve is proposed and takes the seat.
        members = Applicant.objects.filter(area__code=PERSIAKAN, outcome__selection="member").order_by(
            "outcome__final_rank")
        leaving = members[1]
        reserve = Applicant.objects.filter(area__code=PERSIAKAN, outcome__selection="reserve").order_by(
            "outcome__final_rank")[0]
        staff.goto(f"{base}/adhoc/pelamar/{leaving.pk}/")
        assert reserve.name in staff.inner_text("#proposed")
        staff.select_option("#id_reason", "resigned")
        staff.fill("#id_detail", "Mengundurkan diri karena diterima bekerja di luar kota")
        staff.fill("#id_decided_on", iso())
        staff.fill("#id_sk_number", "21/PP.04.2-Kpt/1276/2023")
        staff.click("#replace")
        staff.wait_for_selector("#replacements")
        assert reserve.name in staff.inner_text("#replacements")
        screenshot(staff, "adhoc-area-replacement")
        rep = Replacement.objects.get()
        assert (rep.outgoing_id, rep.incoming_id) == (leaving.pk, reserve.pk)

        # The final announcement, public and with masked NIK, rendered to PNG for a look.
        ann = Announcement.objects.get(recruitment=rec, step="final")
        anon = staff.context.browser.new_context().new_page()
        assert anon.request.get(f"{base}/adhoc/pengumuman/{ann.pk}.pdf").status == 202  # sedang disiapkan
        staff.goto(f"{base}/adhoc/{rec.pk}/")
        assert "sedang disiapkan" in staff.inner_text("#announcements")
        run_queued_jobs()  # `pemilu worker` renders the PDFs after the commits
        staff.wait_for_selector("#announcements a.doc-ready")  # htmx swaps the link in
        screenshot(staff, "adhoc-announcements-ready")
        resp = anon.request.get(f"{base}/adhoc/pengumuman/{ann.pk}.pdf")
        assert resp.status == 200 and resp.body()[:5] == b"%PDF-"
        text = subprocess.run(["pdftotext", "-", "-"], input=resp.body(), capture_output=True, check=True).stdout
        assert "Rina Siregar" in text.decode() or "Pelita" in text.decode()
        assert "1276044107950001" not in text.decode() and "127604********01" in text.decode()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "adhoc-announcement-final.pdf").write_bytes(resp.body())
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
                        str(ARTIFACTS / "adhoc-announcement-final.pdf"), str(ARTIFACTS / "adhoc-announcement-final")],
                       check=True)

        # Every state change of the flow is in the audit trail, by the staff user.
        trail = list(AuditEvent.objects.filter(id__gt=0).order_by("id").values_list("event_type", flat=True))
        flow = [t for t in trail[start_audit:] if t not in ("adhoc.applicant_registered", "adhoc.document_uploaded",
                                                            "adhoc.applicant_verified", "adhoc.announced",
                                                            "adhoc.announcement_rendered")]
        assert flow == ["adhoc.recruitment_created", "adhoc.registration_opened", "adhoc.registration_extended",
                        "adhoc.applicants_imported", "adhoc.profile_updated", "adhoc.registration_closed",
                        "adhoc.applicants_verified",  # "Tandai MS semua": one act naming every applicant
                        "adhoc.stage_advanced", "adhoc.written_scores_imported", "adhoc.stage_advanced",
                        "adhoc.interview_scores_imported", "adhoc.stage_advanced", "adhoc.appointed",
                        "adhoc.inaugurated", "adhoc.member_access_granted",  # every member's account and role
                        # the PAW: the leaving member's role ends, the incoming one gets an account and the role
                        "accounts.role_revoked", "accounts.user_created", "accounts.role_granted",
                        "adhoc.member_replaced"]
