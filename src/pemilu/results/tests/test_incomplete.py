"""Sums that add up (issue 21): an incomplete C.Hasil is flagged, never "semua lolos", not summed
when its ballot section is blank, and holds the plenary; more votes than voters is an error."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from pemilu.core.exceptions import TransitionBlocked
from pemilu.results import checks, queries, rules
from pemilu.results.actions import ChecksFailed, do_lock_plenary, do_record_objection, do_submit_result
from pemilu.results.exports import d_hasil_pdf, d_hasil_xlsx
from pemilu.results.models import Contest, Plenary, RecordKind, Result
from pemilu.results.tests.conftest import good_form
from pemilu.results.tests.test_import import SAMPLE, tebingtinggi  # noqa: F401 (a fixture)
from pemilu.testing.factories import PASSWORD, attend_plenary


def _sample(db: None) -> Contest:
    call_command("results", "import", str(SAMPLE), stdout=io.StringIO())
    return Contest.objects.get(code="ppwp")


def _assert_rows_add_up(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["counted"]:
            assert sum(row["votes"].values()) == row["suara_sah"], row["code"]


def test_it_sums_only_forms_with_their_ballot_section_and_every_row_adds_up(tebingtinggi: None) -> None:  # noqa: F811
    contest = _sample(None)
    for region in ("12.76.01", "12.76", "12", ""):
        rows = queries.recap_children(contest, region)
        _assert_rows_add_up(rows)
        _assert_rows_add_up([queries.totals(contest, region)])
    # The same by the group-by path (the public TPS rows of a village).
    for desa in ("12.76.01.1006", "12.76.01.1007"):
        tps_rows = queries.recap_children(contest, desa)
        assert sum(1 for r in tps_rows if not r["counted"]) == sum(
            1 for r in tps_rows if r["incomplete"] or not r["accepted"])
        _assert_rows_add_up(tps_rows)
    total = queries.totals(contest, "12.76.01")
    assert total["incomplete"] == 9 and total["counted"] == 25 and total["accepted"] == 34


def test_it_shows_a_missing_value_as_a_dash_in_csv_xlsx_and_pdf(tebingtinggi: None, cast: Any) -> None:  # noqa: F811
    contest = _sample(None)
    # A TPS row of Persiakan whose form is votes-only: empty in the CSV, "–" on the page.
    incomplete = Result.objects.filter(is_incomplete=True).order_by("tps_id").first()
    assert incomplete is not None
    desa = incomplete.desa_code
    client = Client()
    assert client.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    body = client.get(f"/hasil/rekap/ppwp/{desa}.csv").content.decode()
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows[incomplete.tps_id]["suara_sah"] == "" and rows[incomplete.tps_id]["1"] == ""
    assert rows[incomplete.tps_id]["incomplete"] == "1"
    for row in rows.values():
        if row["counted"] == "1":
            assert int(row["1"]) + int(row["2"]) + int(row["3"]) == int(row["suara_sah"])
    page = client.get(f"/hasil/rekap/ppwp/{desa}/").content.decode()
    assert "–" in page and "tidak lengkap" in page
    text = Client().get(f"/hasil/publik/tps/{incomplete.tps_id}/").content.decode()
    assert "tidak lengkap" in text and "semua lolos" not in text
    xlsx = d_hasil_xlsx(contest, "12.76.01")
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert ws is not None
    for values in ws.iter_rows(min_row=3, values_only=True):
        if values[2] is not None:
            assert values[2] + values[3] + values[4] == values[5]
    if shutil.which("pdftotext"):
        pdf = d_hasil_pdf(contest, "12.76")
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        assert "KOTA TEBING TINGGI" in text and "KOTA KOTA" not in text
        assert "tidak lengkap" in text


def test_a_plenary_cannot_lock_over_incomplete_forms_without_a_special_event(
        tebingtinggi: None, cast: Any) -> None:  # noqa: F811
    contest = _sample(None)
    # Fill the rest of Padang Hulu so that only the 9 incomplete forms stand in the way.
    from pemilu.regions.models import Tps
    from pemilu.results.actions import locked_result, record_import
    from pemilu.results.demo import synthetic_form

    for tps in Tps.objects.filter(kec_code="12.76.01").exclude(results__contest=contest):
        form = synthetic_form(tps.code)
        form["disabilitas_j"] = form["disabilitas_l"]
        record_import(locked_result(contest, tps), form, actor=cast.kpu_admin_a, filename="t")
    attend_plenary(contest, "12.76.01", cast.kpu_admin_a)
    with pytest.raises(TransitionBlocked) as info:
        do_lock_plenary(contest, "12.76.01", actor=cast.kpu_admin_a)
    assert [b.code for b in info.value.blockers] == ["incomplete_forms"]
    assert "9 C.Hasil tidak lengkap" in info.value.message
    assert not Plenary.objects.filter(contest=contest, region_code="12.76.01", status="locked").exists()
    incomplete = [r.tps_id for r in Result.objects.filter(contest=contest, is_incomplete=True)]
    # A special event without the TPS it covers, or without a reason, is not the way out.
    do_record_objection(contest, "12.76.01", actor=cast.kpu_admin_a, kind=RecordKind.SPECIAL,
                        text="9 plano C.Hasil tidak terbaca.")
    with pytest.raises(TransitionBlocked, match="9 C.Hasil tidak lengkap"):
        do_lock_plenary(contest, "12.76.01", actor=cast.kpu_admin_a)
    do_record_objection(contest, "12.76.01", actor=cast.kpu_admin_a, kind=RecordKind.SPECIAL,
                        text="Plano C.Hasil 8 TPS tidak terbaca.", reason="keputusan pleno",
                        tps_codes=incomplete[:8])
    with pytest.raises(TransitionBlocked, match=f"1 C.Hasil tidak lengkap.*{incomplete[8]}"):
        do_lock_plenary(contest, "12.76.01", actor=cast.kpu_admin_a)
    do_record_objection(contest, "12.76.01", actor=cast.kpu_admin_a, kind=RecordKind.SPECIAL,
                        text="Plano C.Hasil TPS terakhir basah.", reason="PPK melanjutkan pleno (keputusan pleno)",
                        tps_codes=incomplete[8:])
    plenary = do_lock_plenary(contest, "12.76.01", actor=cast.kpu_admin_a)
    assert plenary.status == "locked"
    assert plenary.records.filter(text__contains="9 C.Hasil tidak lengkap").exists()


def test_more_votes_than_voters_is_an_error_on_the_server(cast: Any, ppwp: Contest) -> None:
    from pemilu.regions.models import Tps

    form = good_form()
    # pengguna hak pilih 175, suara total 185: the ballot-usage section left blank (E5/E7 skip).
    form.update({"pengguna_total_j": 175, "pengguna_total_l": 85, "pengguna_total_p": 90,
                 "pengguna_dpt_j": 175, "pengguna_dpt_l": 85, "pengguna_dpt_p": 90,
                 "pengguna_dpk_l": 0, "pengguna_dpk_p": 0, "pengguna_dpk_j": 0})
    for f in ("ss_diterima", "ss_rusak", "ss_tidak_digunakan", "ss_digunakan"):
        form[f] = None
    form["votes"] = {"1": 60, "2": 80, "3": 39}
    form.update({"suara_sah": 179, "suara_tidak_sah": 6, "suara_total": 185})
    assert "E9" in checks.run_checks(form) and "E10" in checks.run_checks(form)
    tps = Tps.objects.get(code="12.76.01.1006.001")
    with pytest.raises(ChecksFailed) as info:
        do_submit_result(ppwp, tps, form, actor=cast.kpps_a1)
    assert "E9" in info.value.codes
    assert not Result.objects.filter(tps_id=tps.code, versions__isnull=False).exists()


def test_a_votes_only_form_with_more_votes_than_voters_is_an_error() -> None:
    blank = {f: None for f in good_form() if f != "votes"}
    form = blank | {"pengguna_total_j": 150, "votes": {"1": 100, "2": 60, "3": 0}}
    assert checks.run_checks(form) == ["E10"]
    assert rules.missing_sections(form) == ["suara_sah", "suara_tidak_sah"]
    assert rules.is_incomplete(form) and rules.vote_totals(form) is None
    assert rules.missing_sections(blank | {"votes": {"1": 1}}) == ["administrasi", "suara_sah", "suara_tidak_sah"]


def test_w2_counts_the_dptb_in_the_ballots_a_tps_may_receive() -> None:
    form = good_form()
    # DPT 233 → reserve 5; with 3 DPTb voters the TPS may receive 233 + 3 + 5 = 241.
    form.update({"pengguna_dptb_l": 3, "pengguna_dptb_j": 3, "pengguna_dpt_l": 82, "pengguna_dpt_j": 174})
    form.update({"ss_diterima": 241, "ss_tidak_digunakan": 241 - 1 - form["ss_digunakan"]})
    assert "W2" not in checks.run_checks(form)
    form.update({"ss_diterima": 242, "ss_tidak_digunakan": 242 - 1 - form["ss_digunakan"]})
    assert "W2" in checks.run_checks(form)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_more_votes_than_voters_is_blocked_in_the_browser_and_on_the_server(live_server: Any, cast: Any) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.results.tests.test_browser import TPS1, _fill, _login
    from pemilu.testing.browser import chromium_page, screenshot

    do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    form = good_form()
    form.update({"pengguna_total_l": 85, "pengguna_total_p": 90, "pengguna_total_j": 175,
                 "pengguna_dpt_l": 85, "pengguna_dpt_p": 90, "pengguna_dpt_j": 175,
                 "pengguna_dpk_l": 0, "pengguna_dpk_p": 0, "pengguna_dpk_j": 0,
                 "ss_diterima": None, "ss_rusak": None, "ss_tidak_digunakan": None, "ss_digunakan": None,
                 "votes": {"1": 60, "2": 80, "3": 39}, "suara_sah": 179, "suara_tidak_sah": 6, "suara_total": 185})
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        _login(page, live_server.url, cast.kpps_a1.username)
        page.goto(f"{live_server.url}/hasil/tps/{TPS1}/ppwp/isi/")
        _fill(page, form)
        page.wait_for_selector("li[data-code='E9']")
        screenshot(page, "results-more-votes-than-voters")
        page.click("button.primary[type=submit]")
        assert "E9" in page.locator("[data-server-error]").inner_text()
    assert not Result.objects.filter(tps_id=TPS1, versions__isnull=False).exists()
