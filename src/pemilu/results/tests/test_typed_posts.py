"""The results pages read their posts through forms (issue 18 item 9): a bad value is named by its
label, in Indonesian, and nothing is written. Before, a conflict's "keep" that was not a number
sent the form back for re-entry, and a row count that was not a number saved an empty attendance."""

from __future__ import annotations

from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.models import Contest, EntryMode, PlenaryAttendee, Result, ResultStatus
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.results.tests.test_entry_pages import URL, client_of
from pemilu.results.tests.test_minutes_pages import PAGE, _rows
from pemilu.testing.factories import Cast, make_user


def test_a_vote_in_other_digits_is_named_by_its_choice(cast: Cast, ppwp: Contest) -> None:
    typed = {k: str(v) for k, v in good_form().items() if k != "votes"}
    answer = client_of(cast.kpps_a1).post(URL, {**typed, "v:1": "٤٧", "v:2": "85", "v:3": "40"})
    assert answer.status_code == 422
    label = next(c["label"] for c in ppwp.choices if c["key"] == "1")
    assert f"{label}: harus bilangan bulat tidak negatif (angka 0-9 saja)." in answer.content.decode()
    missing = client_of(cast.kpps_a1).post(URL, {**typed, "v:1": "47", "v:2": "85"})
    assert missing.status_code == 422 and "Semua perolehan suara wajib diisi." in missing.content.decode()
    assert not Result.objects.exists()


def test_a_keep_that_is_not_a_version_is_named_and_the_conflict_stays(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    tps = Tps.objects.get(code="12.76.01.1006.001")
    do_submit_result(ppwp, tps, good_form(), actor=cast.kpps_a1)
    do_submit_result(ppwp, tps, good_form(a=48, c=39), actor=make_user("op2", "pps", "12.76.01.1006"))
    page = client_of(cast.ppk_a1).post("/hasil/tps/12.76.01.1006.001/ppwp/putuskan/", {"keep": "satu"}, follow=True)
    assert "Versi yang dipakai: harus bilangan bulat tidak negatif" in page.content.decode()
    assert Result.objects.get().status == ResultStatus.CONFLICT


def test_a_row_count_that_is_not_a_number_saves_nothing(cast: Cast, ppwp: Contest) -> None:
    answer = client_of(cast.ppk_a1).post(PAGE, {**_rows(("member", "Anggota PPK 1", "Ketua PPK", "", True)),
                                               "rows": "dua"})
    assert answer.status_code == 422
    assert "Jumlah baris: harus bilangan bulat tidak negatif" in answer.content.decode()
    assert not PlenaryAttendee.objects.exists()
