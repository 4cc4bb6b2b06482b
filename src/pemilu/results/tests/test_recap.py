"""Recap windows and deadlines per level from the schedule (overdue flags on the page, the API
and ``pemilu results recap``), corrections following the PPK window, and the level's D.Hasil
typed from paper against the sum of its children (the plenary lock blocks or warns)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pemilu.accounts.actions import do_create_token, get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, ImportFailed, StageClosedError, TransitionBlocked
from pemilu.regions.importers import import_regions, import_tps
from pemilu.regions.models import Region, Tps
from pemilu.results import queries, rules
from pemilu.results.actions import (
    do_correct_result,
    do_enter_recap_sheet,
    do_lock_plenary,
    do_reopen_plenary,
    do_submit_result,
)
from pemilu.results.models import (
    Contest,
    DifferencePolicy,
    EntryMode,
    Plenary,
    PlenaryRecord,
    PlenaryStatus,
    RecapSheet,
)
from pemilu.results.reference import config_for
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.schedule.actions import do_load_builtin_schedule, do_set_local_window
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary

TPS1 = "12.76.01.1006.001"
D = datetime.date


def at(day: datetime.date, hour: int = 12) -> Any:
    """Noon WIB on ``day`` (the election's time zone is Asia/Jakarta, UTC+7)."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour - 7, tzinfo=datetime.UTC),
                               tick=False)


@pytest.fixture
def scheduled(ppwp: Contest) -> Iterator[Contest]:
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    set_mode(ppwp, EntryMode.DIRECT)
    yield ppwp


def _fill_padang_hulu(contest: Contest, actor: Any) -> None:
    for tps in Tps.objects.filter(kec_code="12.76.01").order_by("code"):
        do_submit_result(contest, tps, good_form(), actor=actor)
    attend_plenary(contest, "12.76.01", actor)  # the quorum (issue 21 item 4): every member present


# --- pure rules ----------------------------------------------------------------------------

@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31)),
       st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31)),
       st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31)))
def test_a_level_is_overdue_exactly_when_its_window_closed_unlocked(a: datetime.date, b: datetime.date,
                                                                    today: datetime.date) -> None:
    start, end = min(a, b), max(a, b)
    state = rules.deadline_state(start, end, today, None)
    assert (state == rules.OVERDUE) == (today > end)
    assert (state == rules.OPEN) == (start <= today <= end)
    assert rules.deadline_state(start, end, today, today) in (rules.LOCKED, rules.LOCKED_LATE)
    assert (rules.deadline_state(start, end, today, today) == rules.LOCKED_LATE) == (today > end)
    assert rules.deadline_state(None, None, today, None) == rules.UNSCHEDULED


def test_the_correction_holder_follows_the_ppk_window() -> None:
    assert rules.correction_holder(rules.OPEN) == "ppk"
    assert rules.correction_holder(rules.OVERDUE) == "kpu"
    assert rules.correction_holder(rules.NOT_OPEN) == "none"
    assert rules.correction_holder(rules.UNSCHEDULED) == "any"


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]),
                       st.dictionaries(st.sampled_from(["1", "2", "_sah"]), st.integers(0, 500), min_size=3),
                       min_size=1))
def test_a_typed_sheet_equal_to_the_computation_has_no_difference(computed: dict[str, dict[str, int]]) -> None:
    assert rules.recap_differences(computed, computed) == []
    code = sorted(computed)[0]
    typed = {k: dict(v) for k, v in computed.items()}
    typed[code]["1"] += 800
    assert rules.recap_differences(computed, typed) == [
        {"code": code, "field": "1", "computed": computed[code]["1"], "typed": computed[code]["1"] + 800,
         "difference": 800}]


# --- windows and overdue flags --------------------------------------------------------------

def test_each_recap_level_takes_its_window_from_the_schedule(cast: Cast, scheduled: Contest) -> None:
    contest = scheduled
    with at(D(2024, 3, 1)):
        own = queries.deadline_of(contest, "12.76.01")
        assert own is not None
        assert (own["stage"], own["start"], own["end"], own["state"]) == (
            "rekap-kecamatan", D(2024, 2, 15), D(2024, 3, 2), "open")
        assert queries.deadline_of(contest, "12.76")["end"] == D(2024, 3, 5)  # type: ignore[index]
        assert queries.deadline_of(contest, "12")["end"] == D(2024, 3, 10)  # type: ignore[index]
        assert queries.deadline_of(contest, "")["end"] == D(2024, 3, 20)  # type: ignore[index]
        assert queries.deadline_of(contest, "12.76.01.1006") is None  # no desa level in 2024
        assert not any(r["overdue"] for r in queries.recap_children(contest, "12.76"))
    with at(D(2024, 3, 3)):
        rows = {r["code"]: r for r in queries.recap_children(contest, "12.76")}
        assert rows["12.76.01"]["overdue"] and rows["12.76.01"]["deadline"] == "2024-03-02"
        assert rows["12.76.04"]["deadline_state"] == "overdue"
        assert queries.deadline_of(contest, "12.76")["state"] == "open"  # type: ignore[index]
        # Villages under a kecamatan are not a recap level: no deadline.
        assert all(r["deadline_state"] is None for r in queries.recap_children(contest, "12.76.01"))


def test_a_local_sub_schedule_sets_one_kecamatan_its_own_window(cast: Cast, scheduled: Contest) -> None:
    election = scheduled.election
    do_set_local_window(election, "rekap-kecamatan", "12.76.04", actor=get_system_user(),
                        start=D(2024, 2, 15), end=D(2024, 2, 25), reason="jadwal KPU Kota")
    with at(D(2024, 2, 26)):
        rows = {r["code"]: r for r in queries.recap_children(scheduled, "12.76")}
        assert rows["12.76.04"]["overdue"] and rows["12.76.04"]["deadline"] == "2024-02-25"
        assert rows["12.76.01"]["deadline_state"] == "open"


def test_a_late_lock_is_flagged_and_recorded(cast: Cast, scheduled: Contest) -> None:
    with at(D(2024, 2, 14), 20):
        _fill_padang_hulu(scheduled, cast.ppk_a1)
    with at(D(2024, 3, 4)):
        assert queries.deadline_of(scheduled, "12.76.01")["overdue"]  # type: ignore[index]
        do_lock_plenary(scheduled, "12.76.01", actor=cast.ppk_a1)
        own = queries.deadline_of(scheduled, "12.76.01")
        assert own is not None and own["state"] == "locked_late" and not own["overdue"]
    event = AuditEvent.objects.get(event_type="results.plenary_locked")
    assert event.after is not None
    assert event.after["late"] is True and event.after["deadline"] == "2024-03-02"


def test_overdue_levels_are_flagged_on_the_page_the_api_and_the_command(cast: Cast, scheduled: Contest) -> None:
    client = Client()
    assert client.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    token = do_create_token(cast.kpu_admin_a, "t", actor=cast.kpu_admin_a)[1]
    headers = {"Authorization": f"Bearer {token}"}
    with at(D(2024, 3, 3)):
        page = client.get("/hasil/rekap/ppwp/12.76.01/").content.decode()
        assert 'data-deadline="overdue"' in page and "terlambat" in page
        page = client.get("/hasil/rekap/ppwp/12.76/").content.decode()
        assert page.count('data-child-deadline="overdue"') == 2
        rows = client.get("/api/v1/recap/ppwp?region=12.76", headers=headers).json()
        assert {r["code"]: r["overdue"] for r in rows} == {"12.76.01": True, "12.76.04": True}
        level = client.get("/api/v1/recap/ppwp/level?region=12.76.01", headers=headers).json()
        assert level["overdue"] is True and level["deadline"] == "2024-03-02" and level["differences"] is None
        out = io.StringIO()
        call_command("results", "recap", "12.76", "--contest", "ppwp", "--format", "csv", stdout=out)
        table = {r["code"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
        assert table["12.76.01"]["deadline_state"] == "overdue" and table["12.76.01"]["deadline"] == "2024-03-02"
        out = io.StringIO()
        call_command("results", "recap", "12.76.01", "--contest", "ppwp", stdout=out)
        assert "12.76.01: pleno open, rekap-kecamatan 2024-02-15 – 2024-03-02, overdue  TERLAMBAT" in out.getvalue()
        out = io.StringIO()
        call_command("results", "recap", "12.76", "--contest", "ppwp", stdout=out)
        assert "TERLAMBAT (2): 12.76.01 12.76.04" in out.getvalue()
    with at(D(2024, 2, 20)):
        rows = client.get("/api/v1/recap/ppwp?region=12.76", headers=headers).json()
        assert not any(r["overdue"] for r in rows) and rows[0]["deadline_state"] == "open"


# --- corrections follow the PPK window --------------------------------------------------------

def test_the_ppk_corrects_during_its_window_and_kpu_kab_kota_after(cast: Cast, scheduled: Contest) -> None:
    tps = Tps.objects.get(code=TPS1)
    with at(D(2024, 2, 14), 21):
        result = do_submit_result(scheduled, tps, good_form(), actor=cast.kpps_a1)
        with pytest.raises(StageClosedError, match="Koreksi dibuka pada masa rekapitulasi kecamatan"):
            do_correct_result(result, good_form(b=84, c=41), actor=cast.ppk_a1, reason="salah tulis")
    with at(D(2024, 2, 20)):
        with pytest.raises(StageClosedError, match="koreksi dilakukan oleh PPK"):
            do_correct_result(result, good_form(b=84, c=41), actor=cast.kpu_admin_a, reason="salah tulis")
        result = do_correct_result(result, good_form(b=84, c=41), actor=cast.ppk_a1, reason="salah tulis")
    with at(D(2024, 3, 3)):
        client = Client()
        assert client.login(username=cast.ppk_a1.username, password=PASSWORD)
        page = client.get(f"/hasil/tps/{TPS1}/ppwp/").content.decode()
        assert "data-correction-note" in page and "koreksi dilakukan oleh KPU Kabupaten/Kota" in page
        with pytest.raises(StageClosedError, match="koreksi dilakukan oleh KPU Kabupaten/Kota"):
            do_correct_result(result, good_form(b=83, c=42), actor=cast.ppk_a1, reason="lagi")
        result = do_correct_result(result, good_form(b=83, c=42), actor=cast.kpu_admin_a, reason="keberatan")
    assert result.corrections == 2
    assert AuditEvent.objects.filter(event_type="results.corrected").count() == 2
    config = config_for(scheduled.election)
    config.corrections_follow_schedule = False
    config.save()
    with at(D(2024, 3, 3)):
        do_correct_result(result, good_form(b=82, c=43), actor=cast.ppk_a1, reason="aturan jadwal dimatikan")


def test_after_the_window_kpu_kab_kota_reopens_and_corrects(cast: Cast, scheduled: Contest) -> None:
    with at(D(2024, 2, 16)):
        _fill_padang_hulu(scheduled, cast.ppk_a1)
        plenary = do_lock_plenary(scheduled, "12.76.01", actor=cast.ppk_a1)
    result = scheduled.results.get(tps_id=TPS1)
    with at(D(2024, 3, 3)):
        with pytest.raises(StageClosedError, match="sudah dikunci"):
            do_correct_result(result, good_form(b=84, c=41), actor=cast.kpu_admin_a, reason="x")
        do_reopen_plenary(plenary, actor=cast.kpu_admin_a, reason="keberatan saksi")
        do_correct_result(result, good_form(b=84, c=41), actor=cast.kpu_admin_a, reason="keberatan diterima")
    assert queries.totals(scheduled, "12.76.01")["votes"]["2"] == 84 + 4 * 85


# --- the D.Hasil typed from paper vs the sum of the children ---------------------------------

def _sheet(contest: Contest, region: str = "12.76.01") -> dict[str, dict[str, Any]]:
    return queries.computed_rows(contest, region)


def test_a_typed_d_hasil_is_stored_audited_and_compared(cast: Cast, scheduled: Contest) -> None:
    _fill_padang_hulu(scheduled, cast.ppk_a1)
    rows = _sheet(scheduled)
    assert rows["12.76.01.1006"] == {"1": 141, "2": 255, "3": 120, "_sah": 516, "_tidak_sah": 18}
    sheet = do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    assert sheet.number == 1 and queries.sheet_comparison(scheduled, "12.76.01") == []
    misread = {k: dict(v) for k, v in rows.items()}
    misread["12.76.01.1007"]["2"] = 885 + 85  # 85 → 885 on one TPS of Bandar Sono
    sheet = do_enter_recap_sheet(scheduled, "12.76.01", misread, actor=cast.ppk_a1, reason="diketik ulang")
    assert sheet.number == 2
    assert queries.sheet_comparison(scheduled, "12.76.01") == [
        {"code": "12.76.01.1007", "field": "2", "computed": 170, "typed": 970, "difference": 800}]
    events = AuditEvent.objects.filter(event_type="results.recap_sheet_entered").order_by("seq")
    assert [(e.after or {})["differences"] for e in events] == [0, 1] and events[1].reason == "diketik ulang"


def test_a_bad_d_hasil_row_is_named_and_nothing_is_stored(cast: Cast, scheduled: Contest) -> None:
    rows = _sheet(scheduled)
    rows["12.76.01.1007"]["_sah"] = -1
    with pytest.raises(ImportFailed, match=r"baris 2, kolom _sah: 12.76.01.1007: isian _sah harus bilangan bulat"):
        do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    rows = _sheet(scheduled)
    del rows["12.76.01.1006"]
    with pytest.raises(ImportFailed, match="baris 1: baris 12.76.01.1006 belum diisi"):
        do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    rows = {**_sheet(scheduled), "12.76.04.1002": {}}
    with pytest.raises(ImportFailed, match="bukan bagian dari 12.76.01"):
        do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    with pytest.raises(ImportFailed):
        do_enter_recap_sheet(scheduled, "12.76.01", {}, actor=cast.ppk_a1)
    assert not RecapSheet.objects.exists()
    assert not AuditEvent.objects.filter(event_type="results.recap_sheet_entered").exists()


def test_differences_block_the_plenary_lock_by_default(cast: Cast, scheduled: Contest) -> None:
    _fill_padang_hulu(scheduled, cast.ppk_a1)
    rows = _sheet(scheduled)
    rows["12.76.01.1006"]["1"] += 800
    do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    assert config_for(scheduled.election).difference_policy == DifferencePolicy.BLOCK
    with pytest.raises(TransitionBlocked, match=r"1 selisih .*12.76.01.1006 1: 141 ≠ 941"):
        do_lock_plenary(scheduled, "12.76.01", actor=cast.ppk_a1)
    assert not Plenary.objects.filter(status=PlenaryStatus.LOCKED).exists()
    do_enter_recap_sheet(scheduled, "12.76.01", _sheet(scheduled), actor=cast.ppk_a1, reason="salah ketik")
    plenary = do_lock_plenary(scheduled, "12.76.01", actor=cast.ppk_a1)
    assert plenary.status == PlenaryStatus.LOCKED
    assert (AuditEvent.objects.get(event_type="results.plenary_locked").after or {})["differences"] == []
    with pytest.raises(ConflictError, match="sudah dikunci"):
        do_enter_recap_sheet(scheduled, "12.76.01", _sheet(scheduled), actor=cast.ppk_a1)


def test_with_the_warn_policy_the_lock_goes_ahead_and_records_the_differences(cast: Cast,
                                                                            scheduled: Contest) -> None:
    config = config_for(scheduled.election)
    config.difference_policy = DifferencePolicy.WARN
    config.save()
    _fill_padang_hulu(scheduled, cast.ppk_a1)
    rows = _sheet(scheduled)
    rows["12.76.01.1006"]["_tidak_sah"] = 0
    do_enter_recap_sheet(scheduled, "12.76.01", rows, actor=cast.ppk_a1)
    plenary = do_lock_plenary(scheduled, "12.76.01", actor=cast.ppk_a1)
    record = PlenaryRecord.objects.get(plenary=plenary)
    assert record.kind == "special" and "12.76.01.1006 _tidak_sah: 18 ≠ 0" in record.text
    assert (AuditEvent.objects.get(event_type="results.plenary_locked").after or {})["differences"][0]["typed"] == 0


def test_the_recap_page_shows_the_typed_sheet_beside_the_sum(cast: Cast, scheduled: Contest) -> None:
    _fill_padang_hulu(scheduled, cast.ppk_a1)
    client = Client()
    assert client.login(username=cast.ppk_a1.username, password=PASSWORD)
    page = client.get("/hasil/rekap/ppwp/12.76.01/").content.decode()
    assert "belum diketik dari kertas" in page and "/hasil/rekap/ppwp/12.76.01/d-hasil/" in page
    form = client.get("/hasil/rekap/ppwp/12.76.01/d-hasil/")
    assert form.status_code == 200 and 'name="r:12.76.01.1006:_sah"' in form.content.decode()
    post: dict[str, Any] = {}
    for code, row in _sheet(scheduled).items():
        for key, value in row.items():
            post[f"r:{code}:{key}"] = str(value)
    post["r:12.76.01.1007:2"] = "970"
    post["r:12.76.01.1006:3"] = "12O"  # a letter O for a zero: refused, the row named
    bad = client.post("/hasil/rekap/ppwp/12.76.01/d-hasil/", post)
    assert bad.status_code == 422 and "baris 1, kolom 3" in bad.content.decode()
    assert not RecapSheet.objects.exists()
    post["r:12.76.01.1006:3"] = "120"
    assert client.post("/hasil/rekap/ppwp/12.76.01/d-hasil/", post).status_code == 302
    page = client.get("/hasil/rekap/ppwp/12.76.01/").content.decode()
    assert 'data-differences="1"' in page and 'data-diff="12.76.01.1007:2"' in page
    assert "Penguncian tertahan" in page
    client.post("/hasil/rekap/ppwp/12.76.01/pleno/", {"action": "lock"})
    assert not Plenary.objects.filter(status=PlenaryStatus.LOCKED).exists()
    level = client.get("/api/v1/recap/ppwp/level?region=12.76.01").json()
    assert level["sheet_version"] == 1 and level["differences"][0]["difference"] == 800
    assert json.loads(json.dumps(level))["plenary"] == "open"


def test_the_recap_api_names_a_contest_that_does_not_exist(cast: Cast, scheduled: Contest) -> None:
    token = do_create_token(cast.kpu_admin_a, "t", actor=cast.kpu_admin_a)[1]
    headers = {"Authorization": f"Bearer {token}"}
    r = Client().get("/api/v1/recap/dpr-nope?region=12.76", headers=headers)
    assert r.status_code == 404 and r.json()["detail"] == "Pemilihan tidak ditemukan."
    r = Client().get("/api/v1/recap/ppwp?region=12.76&strategy=sum", headers=headers)
    assert r.status_code == 400 and "rollup" in r.json()["detail"]


def test_the_recap_frame_kept_per_process_follows_every_change(cast: Cast, scheduled: Contest,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The recap keeps its child regions, result configuration and windows a few seconds per
    process (core/cache.py): a change made in this process shows at once, including the
    bulk region imports; a change it was not told about shows once the few seconds are up."""
    actor = get_system_user()

    def rows() -> dict[str, dict[str, Any]]:
        return {r["code"]: r for r in queries.recap_children(scheduled, "12.76")}

    with at(D(2024, 2, 26)):
        assert rows()["12.76.04"]["deadline_state"] == "open"
        do_set_local_window(scheduled.election, "rekap-kecamatan", "12.76.04", actor=actor,
                            start=D(2024, 2, 15), end=D(2024, 2, 25), reason="jadwal KPU Kota")
        assert rows()["12.76.04"]["overdue"]

        assert "12.76.05" not in rows()
        import_regions(b"kode,nama,level,parent_kode,jenis\n12.76.05,Rambutan,kecamatan,12.76,\n"
                       b"12.76.05.1001,Sri Padang,desa_kelurahan,12.76.05,kelurahan\n", actor=actor)
        assert rows()["12.76.05"]["expected"] == 0
        import_tps(b"kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,"
                   b"ext_tps_to\n1276051001,SUMATERA UTARA,KOTA TEBING TINGGI,RAMBUTAN,SRI PADANG,4,4,,\n",
                   actor=actor)
        assert rows()["12.76.05"]["expected"] == 4

        config = config_for(scheduled.election)
        config.recap_levels = [2, 1, 0]  # no kecamatan plenaries
        config.save()
        assert all(r["deadline_state"] is None for r in rows().values())

        # A write that sends no signal (another process's, here a bare UPDATE) shows after SECONDS.
        Region.objects.filter(code="12.76.05").update(name="Rambutan Baru")
        assert rows()["12.76.05"]["name"] == "Rambutan"
        later = time.monotonic() + queries.RECAP_SECONDS + 1
        monkeypatch.setattr(time, "monotonic", lambda: later)
        assert rows()["12.76.05"]["name"] == "Rambutan Baru"


def test_the_correction_guard_reads_the_window_live_not_from_the_recap_cache(cast: Cast, scheduled: Contest) -> None:
    """A guard that refuses a write must see a window changed a moment ago in another process
    (here a bare UPDATE, which no signal reports), even while the recap still shows the cached one."""
    from pemilu.schedule.models import Stage

    tps = Tps.objects.get(code=TPS1)
    with at(D(2024, 2, 20)):
        result = do_submit_result(scheduled, tps, good_form(), actor=cast.kpps_a1)

        def padang_hulu() -> str:
            return str({r["code"]: r for r in queries.recap_children(scheduled, "12.76")}["12.76.01"]["deadline_state"])

        assert padang_hulu() == "open"
        Stage.objects.filter(election=scheduled.election, code="rekap-kecamatan").update(end=D(2024, 2, 19))
        assert padang_hulu() == "open"  # the recap may show the cached window for up to 5 s
        with pytest.raises(StageClosedError, match="koreksi dilakukan oleh KPU Kabupaten/Kota"):
            do_correct_result(result, good_form(b=84, c=41), actor=cast.ppk_a1, reason="salah tulis")
